// parse(): the strict side — mandatory headers (RFC 3261 §8.1.1), CSeq, Content-Length, versions,
// grammar errors with their offsets, and the size/count limits.
#include "protocols/sip/message.hpp"

#include "tests/protocols/sip/golden.hpp"

#include <boost/test/unit_test.hpp>

#include <string>

using namespace ngn;
using namespace ngn::sip;
using ngn::sip::test::crlf;

namespace {

const std::string minimal_head = "OPTIONS sip:x SIP/2.0\r\n";

// A minimal valid request with one header line replaced (or dropped when `with` is empty).
std::string request_with(std::string_view name, std::string_view with) {
  std::string out = minimal_head;
  const std::pair<std::string_view, std::string_view> lines[] = {
    {"Via", "Via: SIP/2.0/UDP h;branch=z9hG4bK1"}, {"Max-Forwards", "Max-Forwards: 70"},
    {"From", "From: <sip:a@x>;tag=1"},              {"To", "To: <sip:b@x>"},
    {"Call-ID", "Call-ID: c1"},                    {"CSeq", "CSeq: 1 OPTIONS"},
    {"Content-Length", "Content-Length: 0"},
  };
  for (const auto& [n, line] : lines) {
    std::string_view use = (n == name) ? with : line;
    if (use.empty()) continue;
    out += use;
    out += "\r\n";
  }
  return out + "\r\n";
}

codec_error parse_err(std::string_view text) {
  auto r = parse(text);
  BOOST_TEST_REQUIRE(!r.ok(), "expected an error for: " << text.substr(0, 300));
  return r.error();
}

} // namespace

BOOST_AUTO_TEST_SUITE(sip_strict)

BOOST_AUTO_TEST_CASE(minimal_request_is_valid) {
  BOOST_TEST(parse(request_with("", "")).ok());
}

BOOST_AUTO_TEST_CASE(missing_mandatory_headers_are_malformed) {
  for (std::string_view name : {"Via", "From", "To", "Call-ID", "CSeq"}) {
    auto e = parse_err(request_with(name, ""));
    BOOST_TEST((e.kind == errc::malformed), name);
    BOOST_TEST(e.detail.find(std::string(name)) != std::string::npos, e.detail);
  }
  auto r = parse(request_with("Max-Forwards", ""));
  BOOST_TEST_REQUIRE(r.ok());
  BOOST_TEST(!r->max_forwards.has_value());
}

BOOST_AUTO_TEST_CASE(responses_need_via_from_to_call_id_cseq) {
  std::string text = crlf(test::server_error_500);
  auto at = text.find("Call-ID:");
  text.erase(at, text.find("\r\n", at) + 2 - at);
  BOOST_TEST((parse_err(text).kind == errc::malformed));
}

BOOST_AUTO_TEST_CASE(cseq_method_must_match_request_method) {
  auto e = parse_err(request_with("CSeq", "CSeq: 1 REGISTER"));
  BOOST_TEST((e.kind == errc::malformed));
  BOOST_TEST(e.detail.find("CSeq method") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(bad_cseq_values) {
  for (std::string_view v : {"CSeq: OPTIONS", "CSeq: 1", "CSeq: x1 OPTIONS", "CSeq: 2147483648 OPTIONS",
                             "CSeq: 1OPTIONS", "CSeq: 1 OPTIONS extra", "CSeq: -1 OPTIONS"})
    BOOST_TEST((parse_err(request_with("CSeq", v)).kind == errc::malformed), v);
  auto r = parse(request_with("CSeq", "CSeq: 2147483647 OPTIONS"));
  BOOST_TEST_REQUIRE(r.ok());
  BOOST_TEST(r->cseq.number == 2147483647u);
}

BOOST_AUTO_TEST_CASE(content_length_rules) {
  BOOST_TEST((parse_err(request_with("Content-Length", "Content-Length: abc")).kind == errc::malformed));
  BOOST_TEST((parse_err(request_with("Content-Length", "Content-Length: 1 2")).kind == errc::malformed));
  BOOST_TEST((parse_err(request_with("Content-Length", "Content-Length:")).kind == errc::malformed));
  // Content-Length larger than the body: more bytes could complete it.
  auto e = parse_err(request_with("Content-Length", "Content-Length: 5") + "abc");
  BOOST_TEST((e.kind == errc::incomplete));
  // Bytes after the body.
  std::string text = request_with("Content-Length", "Content-Length: 2") + "abc";
  e = parse_err(text);
  BOOST_TEST((e.kind == errc::malformed));
  BOOST_TEST(e.offset == text.size() - 1);
  BOOST_TEST((parse_err(request_with("Content-Length", "Content-Length: 0") + "\r\n").kind == errc::malformed));
  BOOST_TEST((parse_err(request_with("Content-Length", "Content-Length: 70000")).kind == errc::limit_exceeded));
  auto ok = parse(request_with("Content-Length", "l: 3") + "abc");
  BOOST_TEST_REQUIRE(ok.ok());
  BOOST_TEST(ok->body == "abc");
}

BOOST_AUTO_TEST_CASE(repeated_single_headers_are_malformed) {
  for (std::string_view extra : {"From: <sip:c@x>", "t: <sip:c@x>", "i: other", "CSeq: 1 OPTIONS",
                                 "Max-Forwards: 1", "Expires: 1\r\nExpires: 2", "l: 0"}) {
    std::string text = request_with("Call-ID", std::string("Call-ID: c1\r\n") + std::string(extra));
    BOOST_TEST((parse_err(text).kind == errc::malformed), extra);
  }
}

BOOST_AUTO_TEST_CASE(start_line_errors) {
  auto body = request_with("", "").substr(minimal_head.size());
  BOOST_TEST((parse_err("OPTIONS sip:x SIP/3.0\r\n" + body).kind == errc::unsupported));
  BOOST_TEST((parse_err("SIP/3.0 200 OK\r\n" + body).kind == errc::unsupported));
  BOOST_TEST((parse_err("OPTIONS sip:x HTTP/1.1\r\n" + body).kind == errc::malformed));
  BOOST_TEST((parse_err("OPTIONS sip:x\r\n" + body).kind == errc::malformed));
  BOOST_TEST((parse_err("OPT<IONS sip:x SIP/2.0\r\n" + body).kind == errc::malformed));
  BOOST_TEST((parse_err(" OPTIONS sip:x SIP/2.0\r\n" + body).kind == errc::malformed));
  BOOST_TEST((parse_err("SIP/2.0 20 OK\r\n" + body).kind == errc::malformed));
  BOOST_TEST((parse_err("SIP/2.0 700 Bad\r\n" + body).kind == errc::malformed));
  BOOST_TEST((parse_err("SIP/2.0 2000 OK\r\n" + body).kind == errc::malformed));
}

BOOST_AUTO_TEST_CASE(grammar_errors_carry_offsets) {
  std::string text = request_with("To", "To: <sip:b@x");
  auto e = parse_err(text);
  BOOST_TEST((e.kind == errc::malformed));
  BOOST_TEST(e.offset == text.find("To: <sip:b@x") + 12);
  text = request_with("From", "From: <sip:a@x>;tag=1\x01");
  e = parse_err(text);
  BOOST_TEST(e.offset == text.find('\x01'));
  text = request_with("Via", "Via: SIP/2.0/UDP h;branch=\"z9hG4bK1");
  e = parse_err(text);
  BOOST_TEST((e.kind == errc::malformed));
  BOOST_TEST(e.offset == text.find('"'));
  BOOST_TEST(!e.describe().empty());
}

BOOST_AUTO_TEST_CASE(header_value_errors) {
  for (std::string_view v : {"Via: SIP/2.0/UDP", "Via: SIP/2.0/UDP h:99999", "Via: SIP/2.0/UDP h:",
                             "Via: SIP/2.0 h", "Via: SIP/2.0/UDP h;", "Via: SIP/2.0/UDP h;=x",
                             "Via: SIP/2.0/UDP h,", "Via: SIP/2.0/UDP [::1", "Via: SIP/2.0/UDP h;a=",
                             "Via: SIP/2.0/UDP h j"})
    BOOST_TEST((parse_err(request_with("Via", v)).kind == errc::malformed), v);
  BOOST_TEST((parse_err(request_with("Via", "Via: SIP/3.0/UDP h")).kind == errc::unsupported));
  for (std::string_view v : {"From: <>", "From: \"x\" sip:a@x", "From: <sip:a@x> junk", "From:",
                             "From: <sip:a@x>;tag=\"1", "From: a b", "From: <sip:a@x>,<sip:b@x>"})
    BOOST_TEST((parse_err(request_with("From", v)).kind == errc::malformed), v);
  for (std::string_view v : {"Call-ID: a b", "Call-ID:"})
    BOOST_TEST((parse_err(request_with("Call-ID", v)).kind == errc::malformed), v);
  std::string extra = "Call-ID: c1\r\n";
  for (std::string_view v : {"Contact: *, <sip:a@x>", "Contact: <sip:a@x>;q=2", "Contact: <sip:a@x>;q=0.5000",
                             "Security-Client: a;q=1.1", "Security-Client:", "Security-Client: a,,b",
                             "Require: a b", "Supported: a,", "Expires: soon", "Max-Forwards: 4294967296",
                             "Authorization: Digest realm", "Authorization: Digest, realm=x",
                             "Authorization: Digest realm=\"x\" nonce=\"y\"", "WWW-Authenticate:",
                             "Authentication-Info: qop=auth,", "X-Bad Name: v", ": v", "No-Colon"})
    BOOST_TEST((parse_err(request_with("Call-ID", extra + std::string(v))).kind != errc::incomplete), v);
}

BOOST_AUTO_TEST_CASE(contact_star_and_addresses_do_not_mix) {
  std::string text = request_with("Call-ID", "Call-ID: c1\r\nContact: *\r\nContact: <sip:a@x>");
  BOOST_TEST((parse_err(text).kind == errc::malformed));
}

BOOST_AUTO_TEST_CASE(folding_before_first_header_is_malformed) {
  auto e = parse_err("OPTIONS sip:x SIP/2.0\r\n folded: x\r\n\r\n");
  BOOST_TEST((e.kind == errc::malformed));
}

BOOST_AUTO_TEST_CASE(limits) {
  // Header field count.
  std::string many = "Call-ID: c1";
  for (int i = 0; i < 64; ++i) many += "\r\nX-H" + std::to_string(i) + ": v";
  auto e = parse_err(request_with("Call-ID", many));
  BOOST_TEST((e.kind == errc::limit_exceeded));
  // Datagram size.
  std::string big = request_with("Content-Length", "Content-Length: 65500") + std::string(65500, 'x');
  BOOST_TEST((parse_err(big).kind == errc::limit_exceeded));
  // List items (Via, over several lines).
  std::string vias = "Via: SIP/2.0/UDP h;branch=z9hG4bK1";
  for (int i = 0; i < 40; ++i) vias += ", SIP/2.0/UDP h" + std::to_string(i);
  BOOST_TEST((parse_err(request_with("Via", vias)).kind == errc::limit_exceeded));
  // Parameters per element.
  std::string params = "From: <sip:a@x>;tag=1";
  for (int i = 0; i < 40; ++i) params += ";p" + std::to_string(i);
  BOOST_TEST((parse_err(request_with("From", params)).kind == errc::limit_exceeded));
}

BOOST_AUTO_TEST_CASE(limits_hold_for_the_canonical_form_too) {
  // 64 lines as received, but three Vias on one line become three lines once encoded.
  std::string fields = "Call-ID: c1";
  for (int i = 0; i < 57; ++i) fields += "\r\nX-H" + std::to_string(i) + ": v";
  auto three_vias = request_with("Via", "Via: SIP/2.0/UDP a, SIP/2.0/UDP b, SIP/2.0/UDP c");
  auto r = parse(three_vias.replace(three_vias.find("Call-ID: c1"), 11, fields));
  BOOST_TEST_REQUIRE(!r.ok());
  BOOST_TEST((r.error().kind == errc::limit_exceeded));
  // Exactly 64 KiB with compact header names: the canonical form would be larger.
  std::string compact = "OPTIONS sip:x SIP/2.0\r\nv:SIP/2.0/UDP h\r\nf:<sip:a@x>\r\nt:<sip:b@x>\r\ni:c\r\n"
                        "CSeq:1 OPTIONS\r\nl:";
  std::size_t body = max_message_size - compact.size() - 9;
  compact += std::to_string(body) + "\r\n\r\n";
  compact += std::string(max_message_size - compact.size(), 'b');
  BOOST_TEST_REQUIRE(compact.size() == max_message_size);
  r = parse(compact);
  BOOST_TEST_REQUIRE(!r.ok());
  BOOST_TEST((r.error().kind == errc::limit_exceeded));
  // The same size in canonical form parses and round-trips.
  std::string canonical = "OPTIONS sip:x SIP/2.0\r\nVia: SIP/2.0/UDP h\r\nFrom: <sip:a@x>\r\nTo: <sip:b@x>\r\n"
                          "Call-ID: c\r\nCSeq: 1 OPTIONS\r\nContent-Length: ";
  body = max_message_size - canonical.size() - 9;
  canonical += std::to_string(body) + "\r\n\r\n";
  canonical += std::string(max_message_size - canonical.size(), 'b');
  BOOST_TEST_REQUIRE(canonical.size() == max_message_size);
  r = parse(canonical);
  BOOST_TEST_REQUIRE(r.ok(), (r.ok() ? "" : r.error().describe()));
  BOOST_TEST(encode(*r) == canonical);
}

BOOST_AUTO_TEST_CASE(empty_and_header_only_inputs_are_incomplete) {
  for (std::string_view t : {"", "\r\n", "\r\n\r\n", "OPTIONS sip:x SIP/2.0", "OPTIONS sip:x SIP/2.0\r\n"})
    BOOST_TEST((parse_err(t).kind == errc::incomplete), t);
}

BOOST_AUTO_TEST_SUITE_END()
