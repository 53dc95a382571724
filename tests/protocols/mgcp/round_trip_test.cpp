// Round trips both ways (DESIGN.md §6): parse(encode(m)) == m for constructed models, and the
// canonical form survives encode(parse(text)).
#include "protocols/mgcp/codec.hpp"
#include "protocols/mgcp/registration.hpp"
#include "tests/protocols/mgcp/fields.hpp"

#include <boost/test/unit_test.hpp>

using namespace ngn;
using namespace ngn::mgcp;
using ngn::mgcp::test::headed;

namespace {

void check_round_trip(const message& m) {
  auto e = encode(m);
  BOOST_TEST_REQUIRE(e.ok(), (e.ok() ? "" : e.error().describe()));
  auto p = parse(*e);
  BOOST_TEST_REQUIRE(p.ok(), (p.ok() ? "" : p.error().describe()) << "\n" << *e);
  BOOST_TEST_REQUIRE(p->size() == 1u);
  BOOST_TEST(((*p)[0] == m), *e);
  // and the encoding is stable
  auto e2 = encode((*p)[0]);
  BOOST_TEST_REQUIRE(e2.ok());
  BOOST_TEST(*e2 == *e);
}

command base(std::string_view verb) {
  command c;
  c.verb.assign(verb);
  c.transaction_id = 42;
  c.endpoint = "aaln/1@gw.example.net";
  return c;
}

} // namespace

BOOST_AUTO_TEST_SUITE(mgcp_round_trip)

BOOST_AUTO_TEST_CASE(registration_builders) {
  rsip_fields r;
  r.transaction_id = 1;
  r.endpoint = "1001@ngn.example";
  r.mechanisms = "aes-gcm;q=0.9,hmac-sha256;q=0.5";
  r.extra = {{"X-SESS", "77"}};
  check_round_trip(make_rsip(r));

  auto ch = headed<challenge_fields>({999999999, "1001@ngn.example", "", "1"});
  ch.challenge = std::string(64, 'a');
  ch.mechanisms = "aes-gcm;q=0.9";
  ch.requested_events.clear();
  check_round_trip(make_challenge(ch));

  auto n = headed<notify_fields>({7, "1001@ngn.example", "", "1"});
  n.auts = std::string(28, 'b');
  check_round_trip(make_notify(n));

  auto s = headed<success_fields>({8, "1001@ngn.example", "ss@[192.0.2.1]:2727", "2"});
  s.wrapped_key = std::string(48, 'c');
  s.edge_key = std::string(48, 'd');
  s.mac = std::string(32, 'e');
  s.mechanism = "aes-gcm";
  check_round_trip(make_success(s));

  auto j = headed<rejection_fields>({9, "1001@ngn.example", "", "3"});
  j.reason = "verification word mismatch";
  check_round_trip(make_rejection(j));

  check_round_trip(make_response(9));
  check_round_trip(make_response(9, 510, "protocol error"));
}

BOOST_AUTO_TEST_CASE(generic_verbs) {
  command crcx = base("CRCX");
  crcx.add("C", "A3C47F21456789F0").add("L", "p:10, a:PCMU").add("M", "recvonly");
  check_round_trip(crcx);
  command mdcx = base("MDCX");
  mdcx.add("C", "A3C47F21456789F0").add("I", "FDE234C8").add("M", "sendrecv");
  mdcx.sdp = "v=0\r\no=- 25678 753849 IN IP4 128.96.41.1\r\ns=-\r\nc=IN IP4 128.96.41.1\r\n"
             "t=0 0\r\nm=audio 3456 RTP/AVP 0\r\n";
  check_round_trip(mdcx);
  command dlcx = base("DLCX");
  check_round_trip(dlcx);
  command auep = base("AUEP");
  auep.endpoint = "aaln/*@gw.example.net";
  auep.add("F", "A, R, D, S, X, N, I, T, O, ES");
  check_round_trip(auep);
  command aucx = base("AUCX");
  aucx.add("I", "32F345E2").add("F", "C,N,L,M,LC,P");
  check_round_trip(aucx);
  command epcf = base("EPCF");
  epcf.endpoint = "ds/ds1-1/*@tgw.example.net";
  epcf.add("B", "e:mu");
  check_round_trip(epcf);
  command xver = base("XABC"); // extension verb: kept generically
  xver.add("X-FOO", "bar");
  check_round_trip(xver);
}

BOOST_AUTO_TEST_CASE(parameter_forms) {
  command c = base("RQNT");
  c.add("X", "0123456789AB");
  c.add("R", "");                        // empty value: "R:"
  c.add("x+crit", "must understand");    // critical extension, code spelling kept
  c.add("X-SEC/chal", "package parameter");
  c.add("D", "(0T|00T|[1-7]xxx|8xxxxxxx|#xxxxxxx|*xx|91xxxxxxxxxx|9011x.T)");
  c.add("X-A1", "trailing spaces kept  ");
  c.add("ZZ", "unknown codes are kept");
  c.version = "MGCP 1.0 NCS 1.0";
  check_round_trip(c);
  auto e = encode(c);
  BOOST_TEST_REQUIRE(e.ok());
  BOOST_TEST(e->find("\r\nR:\r\n") != std::string::npos);
  BOOST_TEST(e->find("RQNT 42 aaln/1@gw.example.net MGCP 1.0 NCS 1.0\r\n") == 0u);
}

BOOST_AUTO_TEST_CASE(responses) {
  response r = make_response(123456789, 801, "package specific");
  r.package = "X-SEC";
  check_round_trip(r);
  BOOST_TEST(*encode(r) == "801 123456789 /X-SEC package specific\r\n");
  response ack = make_response(5, 0, "");
  check_round_trip(ack);
  BOOST_TEST(*encode(ack) == "000 5\r\n");
  response with_sdp = make_response(6, 200, "OK", {{"I", "FDE234C8"}});
  with_sdp.sdp = "v=0\r\nm=audio 3456 RTP/AVP 0\r\n";
  check_round_trip(with_sdp);
  BOOST_TEST(*encode(with_sdp) ==
             "200 6 OK\r\nI: FDE234C8\r\n\r\nv=0\r\nm=audio 3456 RTP/AVP 0\r\n");
  response commentary_with_slash = make_response(7, 200, "OK / fine");
  check_round_trip(commentary_with_slash);
  response package_then_slash = make_response(8, 800, "/odd but legal");
  package_then_slash.package = "L";
  check_round_trip(package_then_slash);
}

BOOST_AUTO_TEST_CASE(lenient_input_canonical_output) {
  // Extra whitespace, lower-case verb and protocol, LF only: accepted, encoded canonically.
  auto m = parse_one("rqnt\t 12  aaln/1@gw  mgcp   1.0\nX:   abc\nR:L/hd(N)\n");
  BOOST_TEST_REQUIRE(m.ok(), (m.ok() ? "" : m.error().describe()));
  BOOST_TEST(*encode(*m) == "RQNT 12 aaln/1@gw MGCP 1.0\r\nX: abc\r\nR: L/hd(N)\r\n");
  auto r = parse_one("200   12   OK, done  \n");
  BOOST_TEST_REQUIRE(r.ok());
  BOOST_TEST(std::get<response>(*r).commentary == "OK, done  ");
  // leading zeros of a transaction id are read as its value
  auto z = parse_one("200 000000012 OK\r\n");
  BOOST_TEST_REQUIRE(z.ok());
  BOOST_TEST(std::get<response>(*z).transaction_id == 12u);
  // an empty line without SDP after it
  auto e = parse_one("DLCX 3 a@b MGCP 1.0\r\nC: 1\r\n\r\n");
  BOOST_TEST_REQUIRE(e.ok());
  BOOST_TEST(std::get<command>(*e).sdp.empty());
}

BOOST_AUTO_TEST_CASE(sdp_kept_verbatim) {
  std::string_view text =
      "200 1203 OK\r\nI: FDE234C8\r\n\r\nv=0\no=- 25678 753849 IN IP4 128.96.41.1\ns=-\n";
  auto m = parse_one(text);
  BOOST_TEST_REQUIRE(m.ok());
  BOOST_TEST(std::get<response>(*m).sdp == "v=0\no=- 25678 753849 IN IP4 128.96.41.1\ns=-\n");
  BOOST_TEST(*encode(*m) == text);
}

BOOST_AUTO_TEST_CASE(encode_to_appends_and_rolls_back) {
  std::string buf = "prefix|";
  BOOST_TEST_REQUIRE(encode_to(make_response(1), buf).ok());
  BOOST_TEST(buf == "prefix|200 1 OK\r\n");
  command bad = base("RSIP"); // no RM
  BOOST_TEST(!encode_to(bad, buf).ok());
  BOOST_TEST(buf == "prefix|200 1 OK\r\n");
}

BOOST_AUTO_TEST_SUITE_END()
