// Piggy-backed messages (RFC 3435 §3.5.5): several messages in one datagram, separated by a line
// holding a single ".".
#include "protocols/mgcp/codec.hpp"
#include "protocols/mgcp/registration.hpp"
#include "tests/protocols/mgcp/golden.hpp"

#include <boost/test/unit_test.hpp>

#include <string>

using namespace ngn;
using namespace ngn::mgcp;

BOOST_AUTO_TEST_SUITE(mgcp_piggyback)

BOOST_AUTO_TEST_CASE(three_messages_in_one_datagram) {
  std::string dgram = std::string(golden::rsip_ok) + ".\r\n" + std::string(golden::rqnt_challenge) +
                      ".\r\n" + std::string(golden::ntfy_ok);
  auto ms = parse(dgram);
  BOOST_TEST_REQUIRE(ms.ok(), (ms.ok() ? "" : ms.error().describe()));
  BOOST_TEST_REQUIRE(ms->size() == 3u);
  BOOST_TEST(std::get<response>((*ms)[0]).transaction_id == 1000u);
  BOOST_TEST(std::get<command>((*ms)[1]).verb == "RQNT");
  BOOST_TEST(std::get<response>((*ms)[2]).transaction_id == 1001u);
  auto e = encode(*ms);
  BOOST_TEST_REQUIRE(e.ok());
  BOOST_TEST(*e == dgram);

  auto parts = split_datagram(dgram);
  BOOST_TEST_REQUIRE(parts.ok());
  BOOST_TEST_REQUIRE(parts->size() == 3u);
  BOOST_TEST((*parts)[0].offset == 0u);
  BOOST_TEST((*parts)[0].text == golden::rsip_ok);
  BOOST_TEST((*parts)[1].offset == golden::rsip_ok.size() + 3);
  BOOST_TEST((*parts)[1].text == golden::rqnt_challenge);
  BOOST_TEST((*parts)[2].text == golden::ntfy_ok);
}

BOOST_AUTO_TEST_CASE(rfc_example_with_sdp_then_command_lf_only) {
  // The shape of the RFC 3435 §3.5.5 example: a response with SDP, then a DLCX.
  std::string dgram =
      "200 1203 OK\nI: FDE234C8\n\nv=0\no=- 25678 753849 IN IP4 128.96.41.1\ns=-\n"
      "c=IN IP4 128.96.41.1\nt=0 0\nm=audio 3456 RTP/AVP 0\n.\n"
      "DLCX 1210 ds/ds1-1/17@tgw.example.net MGCP 1.0\nC: A3C47F21456789F0\nI: FDE234C8\n";
  auto ms = parse(dgram);
  BOOST_TEST_REQUIRE(ms.ok(), (ms.ok() ? "" : ms.error().describe()));
  BOOST_TEST_REQUIRE(ms->size() == 2u);
  const auto& r = std::get<response>((*ms)[0]);
  BOOST_TEST(r.sdp.find("m=audio 3456 RTP/AVP 0\n") != std::string::npos);
  BOOST_TEST(r.sdp.back() == '\n');
  const auto& c = std::get<command>((*ms)[1]);
  BOOST_TEST(c.verb == "DLCX");
  BOOST_TEST(c.transaction_id == 1210u);
  BOOST_TEST(c.endpoint == "ds/ds1-1/17@tgw.example.net");
  // re-encoded canonically (CRLF in the header part, the SDP verbatim) and read back equal
  auto e = encode(*ms);
  BOOST_TEST_REQUIRE(e.ok());
  auto again = parse(*e);
  BOOST_TEST_REQUIRE(again.ok());
  BOOST_TEST((*again == *ms));
}

BOOST_AUTO_TEST_CASE(one_bad_message_does_not_hide_the_others) {
  // RFC 3435 §3.5.5: each piggy-backed message is processed on its own.
  std::string dgram = std::string(golden::rsip_ok) + ".\r\nRQNT 5 a@b MGCP 1.0\r\n.\r\n" +
                      std::string(golden::ntfy_ok);
  auto all = parse(dgram);
  BOOST_TEST_REQUIRE(!all.ok());
  BOOST_TEST((all.error().kind == errc::malformed)); // RQNT without X
  BOOST_TEST(all.error().offset > golden::rsip_ok.size());
  auto parts = split_datagram(dgram);
  BOOST_TEST_REQUIRE(parts.ok());
  BOOST_TEST_REQUIRE(parts->size() == 3u);
  BOOST_TEST(parse_one((*parts)[0].text).ok());
  auto bad = parse_one((*parts)[1].text);
  BOOST_TEST(!bad.ok());
  auto first = peek((*parts)[1].text);
  BOOST_TEST_REQUIRE(first.has_value());
  BOOST_TEST(first->is_command);
  BOOST_TEST(first->transaction_id == 5u);
  BOOST_TEST(parse_one((*parts)[2].text).ok());
}

BOOST_AUTO_TEST_CASE(separator_edge_cases) {
  // leading, doubled and trailing separators
  BOOST_TEST((split_datagram(".\r\n200 1 OK\r\n").error().kind == errc::malformed));
  BOOST_TEST(
      (split_datagram("200 1 OK\r\n.\r\n.\r\n200 2 OK\r\n").error().kind == errc::malformed));
  BOOST_TEST((split_datagram("200 1 OK\r\n.\r\n").error().kind == errc::incomplete));
  BOOST_TEST((split_datagram("").error().kind == errc::incomplete));
  // a "." that is not alone on its line does not separate
  auto p = split_datagram("200 1 OK\r\n. \r\n");
  BOOST_TEST_REQUIRE(p.ok());
  BOOST_TEST(p->size() == 1u);
  BOOST_TEST(!parse("200 1 OK\r\n. \r\n").ok());
  // a dot line without EOL at the very end is an incomplete line, not a separator
  BOOST_TEST((parse("200 1 OK\r\n.").error().kind == errc::incomplete));
  // a "." line handed to parse_one is rejected, not kept in an SDP body
  BOOST_TEST(!parse_one("200 1 OK\r\n\r\nv=0\r\n.\r\n200 2 OK\r\n").ok());
}

BOOST_AUTO_TEST_CASE(message_count_limit) {
  std::string dgram;
  for (std::size_t i = 0; i < max_messages; ++i) {
    if (i) dgram += ".\r\n";
    dgram += "200 " + std::to_string(i + 1) + " OK\r\n";
  }
  BOOST_TEST(parse(dgram).ok());
  dgram += ".\r\n200 99 OK\r\n";
  BOOST_TEST((parse(dgram).error().kind == errc::limit_exceeded));
  std::vector<message> many(max_messages + 1, message{make_response(1)});
  BOOST_TEST((encode(many).error().kind == errc::limit_exceeded));
}

BOOST_AUTO_TEST_CASE(encode_rejects_what_would_not_split_back) {
  response with_sdp = make_response(1);
  with_sdp.sdp = "v=0"; // no EOL at the end
  // fine alone, or as the last message
  BOOST_TEST(encode(message{with_sdp}).ok());
  BOOST_TEST(encode(std::vector<message>{make_response(2), with_sdp}).ok());
  // but not before another message
  auto e = encode(std::vector<message>{make_response(2), with_sdp, make_response(3)});
  BOOST_TEST_REQUIRE(!e.ok());
  BOOST_TEST((e.error().kind == errc::invalid_model));
  BOOST_TEST(e.error().offset == 1u);
  // an SDP body holding a "." line
  with_sdp.sdp = "v=0\r\n.\r\n";
  BOOST_TEST((encode(message{with_sdp}).error().kind == errc::invalid_model));
  BOOST_TEST((encode(std::vector<message>{}).error().kind == errc::invalid_model));
}

BOOST_AUTO_TEST_SUITE_END()
