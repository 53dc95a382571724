// encode(): byte-exact round trip of the canonical golden messages, parse(encode(m)) == m for
// constructed models, the building helpers and validate().
#include "protocols/sip/message.hpp"
#include "protocols/sip/sec_agree.hpp"

#include "tests/protocols/sip/golden.hpp"

#include <boost/test/unit_test.hpp>

using namespace ngn;
using namespace ngn::sip;
using ngn::sip::test::crlf;

namespace {

// A REGISTER built field by field, as the terminal actor would.
message built_register() {
  message m;
  m.method = "REGISTER";
  m.request_uri = "sip:ngn.example";
  via v;
  v.host = "192.0.2.10";
  v.port = 5060;
  set_param(v.params, "branch", "z9hG4bK-reg-0001");
  set_param(v.params, "rport", "");
  m.vias.push_back(v);
  m.max_forwards = 70;
  m.from.uri = "sip:1001@ngn.example";
  set_tag(m.from, "a73kszlfl");
  m.to.uri = "sip:1001@ngn.example";
  m.call_id = "1j9FpLxk3uxtm8tn@192.0.2.10";
  m.cseq = {1, "REGISTER"};
  name_addr contact;
  contact.uri = "sip:1001@192.0.2.10:5060";
  m.contacts.push_back(contact);
  m.expires = 3600;
  m.require = {"sec-agree"};
  m.proxy_require = {"sec-agree"};
  m.supported = {"sec-agree"};
  m.security_client = {make_mechanism("digest", 300), make_mechanism("tls", 200),
                        make_mechanism("ipsec-ike", 100), make_mechanism("x-sm4gcm", 50)};
  set_param(m.security_client[0].params, "d-alg", "md5");
  std::swap(m.security_client[0].params[0], m.security_client[0].params[1]); // d-alg before q
  set_param(m.security_client[3].params, "alg", "sm3");
  return m;
}

void check_round_trip(const message& m) {
  BOOST_TEST_REQUIRE(validate(m).ok(), (validate(m).ok() ? "" : validate(m).error().describe()));
  auto text = encode(m);
  auto back = parse(text);
  BOOST_TEST_REQUIRE(back.ok(), (back.ok() ? "" : back.error().describe()) << "\n" << text);
  BOOST_TEST((*back == m), text);
}

} // namespace

BOOST_AUTO_TEST_SUITE(sip_encode)

BOOST_AUTO_TEST_CASE(canonical_golden_messages_round_trip_byte_exact) {
  for (const auto& [name, text] : test::canonical()) {
    std::string wire = crlf(text);
    auto m = parse(wire);
    BOOST_TEST_REQUIRE(m.ok(), name << ": " << (m.ok() ? "" : m.error().describe()));
    BOOST_TEST(encode(*m) == wire, name);
    BOOST_TEST(validate(*m).ok(), name);
    std::string appended = "prefix";
    encode_to(*m, appended);
    BOOST_TEST(appended == "prefix" + wire, name);
  }
}

BOOST_AUTO_TEST_CASE(built_register_equals_golden_message_1) {
  message m = built_register();
  BOOST_TEST(encode(m) == crlf(test::register_1));
  check_round_trip(m);
}

BOOST_AUTO_TEST_CASE(response_built_from_request) {
  auto req = parse(crlf(test::register_3));
  BOOST_TEST_REQUIRE(req.ok());
  message r = make_response(*req, 200, default_reason(200));
  set_tag(r.to, "ss-1f2e3d");
  set_param(r.vias[0].params, "rport", "5060");
  set_param(r.vias[0].params, "received", "192.0.2.10");
  r.contacts = req->contacts;
  set_param(r.contacts[0].params, "expires", "3600");
  r.authentication_info.emplace();
  r.authentication_info->set("qop", "auth", false);
  r.authentication_info->set("rspauth", "90d3a1af64d99cfb9a58fec1afe8e96d", true);
  r.authentication_info->set("cnonce", "0a4f113b", true);
  r.authentication_info->set("nc", "00000001", false);
  r.authentication_info->set("skey", "3a91c2d4e5f60718293a4b5c6d7e8f90", true);
  r.authentication_info->set("mac", "2b7e151628aed2a6abf7158809cf4f3c", true);
  r.security_server = {req->security_verify.at(0)};
  BOOST_TEST(encode(r) == crlf(test::ok_4));
  check_round_trip(r);
  // The request's own To had no tag; make_response copied it unchanged.
  BOOST_TEST(req->to.tag().empty());
  BOOST_TEST(make_response(*req, 401, "Unauthorized").to.tag().empty());
  BOOST_TEST(((make_response(*req, 401, "Unauthorized").vias == req->vias)));
}

BOOST_AUTO_TEST_CASE(non_canonical_input_encodes_canonically) {
  auto m = parse(crlf(test::sipp_register));
  BOOST_TEST_REQUIRE(m.ok());
  const std::string expected = crlf(
    "REGISTER sip:127.0.0.1:5070 SIP/2.0\n"
    "Via: SIP/2.0/UDP 127.0.0.1:5071;rport;branch=z9hG4bK-1-1-0\n"
    "Max-Forwards: 70\n"
    "From: \"ts2\" <sip:ts2@test.net>;tag=1\n"
    "To: <sip:ts2@test.net>\n"
    "Call-ID: 1-12345@127.0.0.1\n"
    "CSeq: 2 REGISTER\n"
    "Contact: <sip:ts2@127.0.0.1:5071>;expires=3600, sip:ts2@127.0.0.1:5072;q=0.5\n"
    "Expires: 3600\n"
    "Authorization: Digest username=\"ts2\", realm=\"test.net\", cnonce=\"6b8b4567\", nc=00000001, "
    "qop=auth, uri=\"sip:127.0.0.1:5070\", nonce=\"wA1gMQPc7lLER4EZSUIC6Dn5bNmAD68XXfWzGAfiWLA=\", "
    "response=\"286fade8d25f081284a181d5bfa4a00e\", algorithm=AKAv1-MD5\n"
    "Require: sec-agree, foo\n"
    "Supported: sec-agree, path\n"
    "Security-Client: aes-gcm;q=0.9, hmac-sha256;q=0.5;alg=hmac-sha-256-128\n"
    "Subject: a \"quoted, comma\" value\n"
    "Content-Length: 0\n\n");
  BOOST_TEST(encode(*m) == expected);
  check_round_trip(*m);
}

BOOST_AUTO_TEST_CASE(constructed_models_round_trip) {
  message m = built_register();
  m.method = m.cseq.method = "MESSAGE";
  m.from.display = "Quote \" and \\ backslash";
  m.to.angle = false;
  m.to.uri = "sip:peer@example.com";
  set_param(m.to.params, "x", "quoted value, with; separators", true);
  m.contacts.clear();
  m.contact_star = true;
  m.authorization.emplace();
  m.authorization->scheme = "Digest";
  m.authorization->set("username", "u", true);
  m.authorization->set("response", "", true);
  m.other = {{"User-Agent", "ngnemu/0.1"}, {"X-Empty", ""}, {"Content-Type", "text/plain"}};
  m.body = std::string("binary\0body\r\n", 13);
  check_round_trip(m);
  BOOST_TEST(encode(m).find("Content-Length: 13\r\n\r\n") != std::string::npos);

  message r = make_response(m, 494, default_reason(494));
  r.security_server = {make_mechanism("aes-gcm", 900), make_mechanism("null", std::nullopt)};
  r.www_authenticate.emplace();
  r.www_authenticate->set("realm", "r", true);
  r.expires = 0;
  r.max_forwards = 0;
  check_round_trip(r);
}

BOOST_AUTO_TEST_CASE(default_reasons) {
  BOOST_TEST(default_reason(401) == "Unauthorized");
  BOOST_TEST(default_reason(403) == "Forbidden");
  BOOST_TEST(default_reason(494) == "Security Agreement Required");
  BOOST_TEST(default_reason(503) == "Service Unavailable");
  BOOST_TEST(default_reason(299).empty());
}

BOOST_AUTO_TEST_CASE(param_helpers) {
  std::vector<param> ps;
  set_param(ps, "tag", "a");
  set_param(ps, "TAG", "b");
  BOOST_TEST(ps.size() == 1u);
  BOOST_TEST(ps[0].value == "b");
  set_param(ps, "lr", "");
  BOOST_TEST(!find_param(ps, "lr")->has_value);
  erase_param(ps, "Tag");
  BOOST_TEST(ps.size() == 1u);
  BOOST_TEST(find_param(ps, "tag") == nullptr);
}

BOOST_AUTO_TEST_CASE(validate_rejects_models_that_would_not_round_trip) {
  const message good = built_register();
  BOOST_TEST(validate(good).ok());
  auto expect_invalid = [](const message& m, const char* what) {
    auto r = validate(m);
    BOOST_TEST(!r.ok(), what);
    if (!r.ok()) BOOST_TEST((r.error().kind == errc::invalid_model), what);
  };
  message m = good;
  m.vias.clear();
  expect_invalid(m, "no Via");
  m = good;
  m.cseq.method = "INVITE";
  expect_invalid(m, "CSeq method");
  m = good;
  m.other.push_back({"X-Inject", "a\r\nVia: evil"});
  expect_invalid(m, "CRLF in a header value");
  m = good;
  m.other.push_back({"Via", "SIP/2.0/UDP h"});
  expect_invalid(m, "typed header in other");
  m = good;
  m.other.push_back({"content-length", "0"});
  expect_invalid(m, "Content-Length in other");
  m = good;
  m.from.params.push_back({"tag", "", false, true});
  expect_invalid(m, "quoted param without value");
  m = good;
  m.from.params.push_back({"p", "a b", true, false});
  expect_invalid(m, "unquoted value with space");
  m = good;
  m.to.angle = false;
  m.to.display = "x";
  expect_invalid(m, "display without angle");
  m = good;
  m.is_request = false;
  m.status = 99;
  expect_invalid(m, "status");
  m = good;
  m.authentication_info.emplace();
  expect_invalid(m, "empty Authentication-Info");
  m = good;
  m.security_client[0].params.push_back({"q", "0.55555", true, false});
  expect_invalid(m, "bad q");
  m = good;
  m.call_id = "a b";
  expect_invalid(m, "Call-ID with space");
  m = good;
  m.vias[0].host = "bad host";
  expect_invalid(m, "Via host");
}

// message_patch (a proxy's relay without a copy): the patched encoding is byte for byte the
// encoding of a copy edited the same way, for every golden message and every member.
BOOST_AUTO_TEST_CASE(patched_encode_equals_encode_of_edited_copy) {
  via proxy_via;
  proxy_via.host = "10.0.0.2";
  proxy_via.port = 5060;
  set_param(proxy_via.params, "branch", "z9hG4bK-sp1-7");
  auth_params creds;
  creds.set("username", "alice", true);
  creds.set("sec-mech", "aes-gcm", true);
  auth_params info;
  info.set("qop", "auth", false);
  info.set("mac", "00ff", true);
  const std::vector<sec_mechanism> server{make_mechanism("aes-gcm", 900), make_mechanism("null", 100)};
  for (const auto& [name, text] : test::canonical()) {
    const std::string wire = crlf(text);
    const auto parsed = parse(wire);
    BOOST_TEST_REQUIRE(parsed.ok(), name);
    const message& m = *parsed;
    BOOST_TEST(encode(m, message_patch{}) == wire, name);

    message edited = m;
    message_patch patch;
    edited.vias.insert(edited.vias.begin(), proxy_via);
    patch.top_via = &proxy_via;
    edited.max_forwards = 9;
    patch.max_forwards = 9;
    edited.authorization = creds;
    patch.authorization = &creds;
    edited.authentication_info = info;
    patch.authentication_info = &info;
    edited.security_server = server;
    patch.security_server = &server;
    edited.status = 494;
    edited.reason = "Security Agreement Required";
    patch.status = 494;
    patch.reason = edited.reason;
    BOOST_TEST(encode(m, patch) == encode(edited), name << ": every member set");
    std::string appended = "prefix";
    encode_to(m, patch, appended);
    BOOST_TEST(appended == "prefix" + encode(edited), name << ": appended");

    message popped = m;
    popped.vias.erase(popped.vias.begin());
    message_patch pop;
    pop.drop_top_via = true;
    BOOST_TEST(encode(m, pop) == encode(popped), name << ": top Via dropped");
  }
}

// The writer grows the string it appends to: a message much larger than what encode() reserves,
// appended to a string without capacity, is the same bytes.
BOOST_AUTO_TEST_CASE(encode_grows_past_the_reserved_size) {
  message m = built_register();
  m.body.assign(5000, 'x');
  for (int i = 0; i < 20; ++i) m.other.push_back(header{"X-Filler-" + std::to_string(i), std::string(100, 'y')});
  const std::string whole = encode(m);
  BOOST_TEST(whole.size() > 7000u);
  BOOST_TEST(whole.substr(whole.size() - 5004) == "\r\n\r\n" + std::string(5000, 'x'));
  std::string appended;
  encode_to(m, appended);
  BOOST_TEST(appended == whole);
  auto back = parse(whole);
  BOOST_TEST_REQUIRE(back.ok());
  BOOST_TEST((*back == m));
}

BOOST_AUTO_TEST_SUITE_END()
