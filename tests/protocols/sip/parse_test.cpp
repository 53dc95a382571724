// parse(): the golden messages field by field, and the liberal side (RFC 3261 §7.3.1 compact forms,
// folding, case, LWS, repeated headers, any method).
#include "protocols/sip/message.hpp"
#include "protocols/sip/sec_agree.hpp"

#include "tests/protocols/sip/golden.hpp"

#include <boost/test/unit_test.hpp>

using namespace ngn;
using namespace ngn::sip;
using ngn::sip::test::crlf;

namespace {

message parse_ok(std::string_view text) {
  auto r = parse(crlf(text));
  BOOST_TEST_REQUIRE(r.ok(), (r.ok() ? std::string{} : r.error().describe()));
  return std::move(r).value();
}

} // namespace

BOOST_AUTO_TEST_SUITE(sip_parse)

BOOST_AUTO_TEST_CASE(golden_sizes_match_wire_bindings) {
  BOOST_TEST(crlf(test::register_1).size() == 479u);
  BOOST_TEST(crlf(test::unauthorized_2).size() == 488u);
  BOOST_TEST(crlf(test::register_3).size() == 685u);
  BOOST_TEST(crlf(test::ok_4).size() == 547u);
}

BOOST_AUTO_TEST_CASE(register_with_mechanism_list) {
  auto m = parse_ok(test::register_1);
  BOOST_TEST(m.is_request);
  BOOST_TEST(m.method == "REGISTER");
  BOOST_TEST(m.request_uri == "sip:ngn.example");
  BOOST_TEST_REQUIRE(m.vias.size() == 1u);
  BOOST_TEST(m.vias[0].transport == "UDP");
  BOOST_TEST(m.vias[0].host == "192.0.2.10");
  BOOST_TEST((m.vias[0].port == std::optional<std::uint16_t>{5060}));
  BOOST_TEST(m.vias[0].branch() == "z9hG4bK-reg-0001");
  const param* rport = find_param(m.vias[0].params, "RPORT");
  BOOST_TEST_REQUIRE(rport != nullptr);
  BOOST_TEST(!rport->has_value);
  BOOST_TEST((m.max_forwards == std::optional<std::uint32_t>{70}));
  BOOST_TEST(m.from.uri == "sip:1001@ngn.example");
  BOOST_TEST(m.from.tag() == "a73kszlfl");
  BOOST_TEST(m.to.tag().empty());
  BOOST_TEST(m.call_id == "1j9FpLxk3uxtm8tn@192.0.2.10");
  BOOST_TEST(m.cseq.number == 1u);
  BOOST_TEST(m.cseq.method == "REGISTER");
  BOOST_TEST_REQUIRE(m.contacts.size() == 1u);
  BOOST_TEST(m.contacts[0].uri == "sip:1001@192.0.2.10:5060");
  BOOST_TEST((m.expires == std::optional<std::uint32_t>{3600}));
  BOOST_TEST(m.require == std::vector<std::string>{"sec-agree"});
  BOOST_TEST(m.proxy_require == std::vector<std::string>{"sec-agree"});
  BOOST_TEST(m.supported == std::vector<std::string>{"sec-agree"});
  BOOST_TEST_REQUIRE(m.security_client.size() == 4u);
  BOOST_TEST(m.security_client[0].name == "digest");
  BOOST_TEST(find_param(m.security_client[0].params, "d-alg")->value == "md5");
  BOOST_TEST((m.security_client[0].q_milli() == std::optional<std::uint16_t>{300}));
  BOOST_TEST((m.security_client[1].q_milli() == std::optional<std::uint16_t>{200}));
  BOOST_TEST((m.security_client[2].q_milli() == std::optional<std::uint16_t>{100}));
  BOOST_TEST(m.security_client[3].name == "x-sm4gcm");
  BOOST_TEST((m.security_client[3].q_milli() == std::optional<std::uint16_t>{50}));
  BOOST_TEST(find_param(m.security_client[3].params, "alg")->value == "sm3");
  BOOST_TEST(!m.www_authenticate.has_value());
  BOOST_TEST(m.other.empty());
  BOOST_TEST(m.body.empty());
}

BOOST_AUTO_TEST_CASE(unauthorized_with_challenge) {
  auto m = parse_ok(test::unauthorized_2);
  BOOST_TEST(!m.is_request);
  BOOST_TEST(m.status == 401);
  BOOST_TEST(m.reason == "Unauthorized");
  BOOST_TEST(find_param(m.vias[0].params, "rport")->value == "5060");
  BOOST_TEST(find_param(m.vias[0].params, "received")->value == "192.0.2.10");
  BOOST_TEST(m.to.tag() == "ss-1f2e3d");
  BOOST_TEST(!m.max_forwards.has_value());
  BOOST_TEST_REQUIRE(m.www_authenticate.has_value());
  const auto& c = *m.www_authenticate;
  BOOST_TEST(c.scheme == "Digest");
  BOOST_TEST(c.params.size() == 5u);
  BOOST_TEST(c.value("realm") == "ngn.example");
  BOOST_TEST(c.get("realm")->quoted);
  BOOST_TEST(c.value("NONCE") == "8f3c1a9d2b7e4f60a1c5d9e8b7a6f5e4");
  BOOST_TEST(c.value("algorithm") == "MD5");
  BOOST_TEST(!c.get("algorithm")->quoted);
  BOOST_TEST(c.value("qop") == "auth");
  BOOST_TEST(c.get("qop")->quoted);
  BOOST_TEST(c.get("stale") == nullptr);
  BOOST_TEST(m.security_server.size() == 2u);
}

BOOST_AUTO_TEST_CASE(register_with_authorization) {
  auto m = parse_ok(test::register_3);
  BOOST_TEST_REQUIRE(m.authorization.has_value());
  const auto& a = *m.authorization;
  BOOST_TEST(a.params.size() == 10u);
  BOOST_TEST(a.value("username") == "1001");
  BOOST_TEST(a.value("uri") == "sip:ngn.example");
  BOOST_TEST(a.value("response") == "13f913040dca2c9afafa2c7437b68a77");
  BOOST_TEST(a.value("qop") == "auth");
  BOOST_TEST(!a.get("qop")->quoted);
  BOOST_TEST(a.value("nc") == "00000001");
  BOOST_TEST(m.security_verify.size() == 2u);
  BOOST_TEST(m.security_client.empty());
  BOOST_TEST(m.supported.empty());
}

BOOST_AUTO_TEST_CASE(ok_with_authentication_info) {
  auto m = parse_ok(test::ok_4);
  BOOST_TEST(m.status == 200);
  BOOST_TEST(m.reason == "OK");
  BOOST_TEST(find_param(m.contacts.at(0).params, "expires")->value == "3600");
  BOOST_TEST_REQUIRE(m.authentication_info.has_value());
  const auto& i = *m.authentication_info;
  BOOST_TEST(i.params.size() == 6u);
  BOOST_TEST(i.params[0].name == "qop");
  BOOST_TEST(i.value("rspauth") == "90d3a1af64d99cfb9a58fec1afe8e96d");
  BOOST_TEST(i.value("skey") == "3a91c2d4e5f60718293a4b5c6d7e8f90");
  BOOST_TEST(i.value("mac") == "2b7e151628aed2a6abf7158809cf4f3c");
  BOOST_TEST(i.get("mac")->quoted);
}

BOOST_AUTO_TEST_CASE(error_responses) {
  auto m403 = parse_ok(test::forbidden_403);
  BOOST_TEST(m403.status == 403);
  BOOST_TEST_REQUIRE(m403.other.size() == 1u);
  BOOST_TEST(m403.other[0].name == "Warning");
  BOOST_TEST(m403.other[0].value == R"(399 ss.test.net "authentication failed")");
  auto m494 = parse_ok(test::sec_agree_494);
  BOOST_TEST(m494.status == 494);
  BOOST_TEST(m494.reason == "Security Agreement Required");
  BOOST_TEST(m494.security_server.size() == 3u);
  BOOST_TEST(parse_ok(test::bad_request_400).status == 400);
  BOOST_TEST(parse_ok(test::server_error_500).reason == "Server Internal Error");
  auto m503 = parse_ok(test::unavailable_503);
  BOOST_TEST(m503.status == 503);
  BOOST_TEST(m503.find_other("retry-after")->value == "5");
}

BOOST_AUTO_TEST_CASE(invite_with_proxies_display_names_and_body) {
  auto m = parse_ok(test::invite_sdp);
  BOOST_TEST(m.method == "INVITE");
  BOOST_TEST_REQUIRE(m.vias.size() == 2u);
  BOOST_TEST(m.vias[0].transport == "TCP");
  BOOST_TEST(m.vias[1].host == "[2001:db8::9]");
  BOOST_TEST((m.vias[1].port == std::optional<std::uint16_t>{5070}));
  BOOST_TEST(m.from.display == R"(Alice "Al" Liddell)");
  BOOST_TEST(m.to.display == "Bob");
  BOOST_TEST_REQUIRE(m.contacts.size() == 1u);
  BOOST_TEST(m.contacts[0].uri == "sip:alice@client.atlanta.example.com;transport=tcp");
  const param* inst = find_param(m.contacts[0].params, "+sip.instance");
  BOOST_TEST_REQUIRE(inst != nullptr);
  BOOST_TEST(inst->quoted);
  BOOST_TEST(inst->value == "<urn:uuid:00000000-0000-1000-8000-000A95A0E128>");
  BOOST_TEST((m.supported == std::vector<std::string>{"100rel", "timer"}));
  BOOST_TEST_REQUIRE(m.other.size() == 3u);
  BOOST_TEST(m.other[0].name == "Route");
  BOOST_TEST(m.other[1].value == "ngnemu test");
  BOOST_TEST(m.other[2].name == "Content-Type");
  BOOST_TEST(m.body.size() == 151u);
  BOOST_TEST(m.body.substr(0, 5) == "v=0\r\n");
}

BOOST_AUTO_TEST_CASE(sipp_style_register_compact_folded_and_odd) {
  auto m = parse_ok(test::sipp_register);
  BOOST_TEST(m.method == "REGISTER");
  BOOST_TEST(m.request_uri == "sip:127.0.0.1:5070");
  BOOST_TEST_REQUIRE(m.vias.size() == 1u);
  BOOST_TEST(m.vias[0].params[0].name == "rport");
  BOOST_TEST(m.vias[0].branch() == "z9hG4bK-1-1-0");
  BOOST_TEST(m.from.display == "ts2");
  BOOST_TEST(m.from.tag() == "1");
  BOOST_TEST(m.to.uri == "sip:ts2@test.net");
  BOOST_TEST(m.call_id == "1-12345@127.0.0.1");
  BOOST_TEST(m.cseq.number == 2u);
  BOOST_TEST_REQUIRE(m.contacts.size() == 2u);
  BOOST_TEST(m.contacts[0].angle);
  BOOST_TEST(!m.contacts[1].angle);
  BOOST_TEST(m.contacts[1].uri == "sip:ts2@127.0.0.1:5072");
  BOOST_TEST(find_param(m.contacts[1].params, "q")->value == "0.5");
  BOOST_TEST((m.expires == std::optional<std::uint32_t>{3600}));
  BOOST_TEST_REQUIRE(m.authorization.has_value());
  BOOST_TEST(m.authorization->params.size() == 9u); // one of them on a folded line
  BOOST_TEST(m.authorization->value("nonce") == "wA1gMQPc7lLER4EZSUIC6Dn5bNmAD68XXfWzGAfiWLA=");
  BOOST_TEST(m.authorization->value("algorithm") == "AKAv1-MD5");
  BOOST_TEST((m.require == std::vector<std::string>{"sec-agree", "foo"}));
  BOOST_TEST((m.supported == std::vector<std::string>{"sec-agree", "path"}));
  BOOST_TEST_REQUIRE(m.security_client.size() == 2u);
  BOOST_TEST((m.security_client[1].q_milli() == std::optional<std::uint16_t>{500}));
  BOOST_TEST(find_param(m.security_client[1].params, "alg")->value == "hmac-sha-256-128");
  BOOST_TEST_REQUIRE(m.other.size() == 1u);
  BOOST_TEST(m.other[0].value == R"(a "quoted, comma" value)");
  BOOST_TEST((m.max_forwards == std::optional<std::uint32_t>{70}));
}

BOOST_AUTO_TEST_CASE(bare_lf_leading_crlf_and_missing_content_length) {
  std::string text = "\r\n\r\nOPTIONS sip:x SIP/2.0\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\nFrom: <sip:a@x>;tag=1\n"
                     "To: <sip:b@x>\nCall-ID: c\nCSeq: 5 OPTIONS\n\nhello";
  auto r = parse(text);
  BOOST_TEST_REQUIRE(r.ok(), (r.ok() ? "" : r.error().describe()));
  BOOST_TEST(r->method == "OPTIONS");
  BOOST_TEST(!r->max_forwards.has_value()); // tolerated, recorded as absent
  BOOST_TEST(r->body == "hello");           // RFC 3261 §18.3: rest of the datagram
  BOOST_TEST(!r->vias[0].port.has_value());
}

BOOST_AUTO_TEST_CASE(any_token_method_parses) {
  for (std::string_view method : {"OPTIONS", "INVITE", "MESSAGE", "SUBSCRIBE", "X.CUSTOM-1!"}) {
    std::string text = std::string(method) + " sip:x SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\n"
                       "From: <sip:a@x>;tag=1\r\nTo: <sip:b@x>\r\nCall-ID: c\r\nCSeq: 1 " + std::string(method)
                       + "\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n";
    auto r = parse(text);
    BOOST_TEST_REQUIRE(r.ok(), method);
    BOOST_TEST(r->method == method);
  }
}

BOOST_AUTO_TEST_CASE(lws_case_quoting_and_repetition) {
  auto m = parse_ok("register sip:x SIP/2.0\n"
                    "VIA : SIP / 2.0 / udp host.example : 5062 ; branch = z9hG4bKa ; received=[::1],"
                    " SIP/2.0/TCP h2\n"
                    "Via: SIP/2.0/UDP h3;branch=z9hG4bKc\n"
                    "From: \"a \\\\ b\" <sip:a@x> ; tag = t1\n"
                    "To: sip:b@x\n"
                    "call-id: xyz\n"
                    "CSEQ: 7 register\n"
                    "Contact: *\n"
                    "Expires: 99999999999\n"
                    "Content-Length:   0   \n\n");
  BOOST_TEST(m.method == "register");
  BOOST_TEST_REQUIRE(m.vias.size() == 3u);
  BOOST_TEST(m.vias[0].transport == "udp");
  BOOST_TEST((m.vias[0].port == std::optional<std::uint16_t>{5062}));
  BOOST_TEST(m.vias[0].branch() == "z9hG4bKa");
  BOOST_TEST(find_param(m.vias[0].params, "received")->value == "[::1]");
  BOOST_TEST(m.vias[1].host == "h2");
  BOOST_TEST(m.vias[2].branch() == "z9hG4bKc");
  BOOST_TEST(m.from.display == "a \\ b");
  BOOST_TEST(m.from.tag() == "t1");
  BOOST_TEST(!m.to.angle);
  BOOST_TEST(m.contact_star);
  BOOST_TEST((m.expires == std::optional<std::uint32_t>{0xffffffffu})); // RFC 3261 §20.19 clamp
}

BOOST_AUTO_TEST_CASE(via_without_branch_is_accepted_with_empty_branch) {
  auto m = parse_ok("OPTIONS sip:x SIP/2.0\nVia: SIP/2.0/UDP h\nFrom: <sip:a@x>;tag=1\nTo: <sip:b@x>\n"
                    "Call-ID: c\nCSeq: 1 OPTIONS\nContent-Length: 0\n\n");
  BOOST_TEST(m.vias.at(0).branch().empty());
}

BOOST_AUTO_TEST_CASE(second_challenge_kept_verbatim) {
  auto m = parse_ok("SIP/2.0 401 Unauthorized\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\nFrom: <sip:a@x>;tag=1\n"
                    "To: <sip:a@x>;tag=2\nCall-ID: c\nCSeq: 1 REGISTER\n"
                    "WWW-Authenticate: Digest realm=\"a\", nonce=\"n1\"\n"
                    "WWW-Authenticate: Digest realm=\"b\", nonce=\"n2\"\nContent-Length: 0\n\n");
  BOOST_TEST(m.www_authenticate->value("realm") == "a");
  BOOST_TEST_REQUIRE(m.other.size() == 1u);
  BOOST_TEST(m.other[0].name == "WWW-Authenticate");
  BOOST_TEST(m.other[0].value == "Digest realm=\"b\", nonce=\"n2\"");
}

// parse_into(): the same model as parse() for every golden message, the same error otherwise.
BOOST_AUTO_TEST_CASE(parse_into_equals_parse) {
  for (const auto& [name, text] : test::canonical()) {
    const std::string wire = crlf(text);
    message in_place;
    const auto ok = parse_into(wire, in_place);
    BOOST_TEST_REQUIRE(ok.ok(), name);
    BOOST_TEST((in_place == *parse(wire)), name);
    const std::string cut = wire.substr(0, wire.size() / 2);
    message partial;
    const auto bad = parse_into(cut, partial);
    const auto expected = parse(cut);
    BOOST_TEST_REQUIRE(!bad.ok(), name);
    BOOST_TEST_REQUIRE(!expected.ok(), name);
    BOOST_TEST((bad.error().kind == expected.error().kind), name);
    BOOST_TEST(bad.error().offset == expected.error().offset, name);
    BOOST_TEST(bad.error().detail == expected.error().detail, name);
  }
}

BOOST_AUTO_TEST_SUITE_END()
