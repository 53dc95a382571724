// frame_length(): stream framing by Content-Length (RFC 3261 §18.3), fed one byte at a time.
#include "protocols/sip/message.hpp"

#include "tests/protocols/sip/golden.hpp"

#include <boost/test/unit_test.hpp>

using namespace ngn;
using namespace ngn::sip;
using ngn::sip::test::crlf;

BOOST_AUTO_TEST_SUITE(sip_framing)

BOOST_AUTO_TEST_CASE(byte_at_a_time_over_a_stream_of_golden_messages) {
  std::string stream;
  std::vector<std::string> expected;
  for (const auto& [name, text] : test::all_golden()) {
    expected.push_back(crlf(text));
    stream += "\r\n"; // keep-alive CRLF between messages (RFC 5626 §4.4.1 style)
    stream += expected.back();
  }
  std::string buffer;
  std::size_t found = 0;
  for (char c : stream) {
    buffer += c;
    auto r = frame_length(buffer);
    if (!r.ok()) {
      BOOST_TEST_REQUIRE((r.error().kind == errc::incomplete), r.error().describe());
      continue;
    }
    BOOST_TEST_REQUIRE(*r == buffer.size());
    auto m = parse(buffer);
    BOOST_TEST_REQUIRE(m.ok(), (m.ok() ? "" : m.error().describe()));
    BOOST_TEST(buffer.substr(2) == expected[found]);
    BOOST_TEST((*m == *parse(expected[found])));
    buffer.clear();
    ++found;
  }
  BOOST_TEST(found == expected.size());
  BOOST_TEST(buffer.empty());
}

BOOST_AUTO_TEST_CASE(returns_the_first_message_only) {
  std::string a = crlf(test::invite_sdp);
  std::string b = crlf(test::register_1);
  auto r = frame_length(a + b);
  BOOST_TEST_REQUIRE(r.ok());
  BOOST_TEST(*r == a.size());
}

BOOST_AUTO_TEST_CASE(missing_content_length_counts_as_zero) {
  std::string text = "OPTIONS sip:x SIP/2.0\r\nVia: SIP/2.0/TCP h;branch=z9hG4bK1\r\n\r\nrest";
  auto r = frame_length(text);
  BOOST_TEST_REQUIRE(r.ok());
  BOOST_TEST(*r == text.size() - 4);
}

BOOST_AUTO_TEST_CASE(errors) {
  auto bad = frame_length("OPTIONS sip:x SIP/2.0\r\nl: x\r\n\r\n");
  BOOST_TEST_REQUIRE(!bad.ok());
  BOOST_TEST((bad.error().kind == errc::malformed));
  auto ctl = frame_length("OPTIONS sip:x SIP/2.0\r\nX: \x01\r\n\r\n");
  BOOST_TEST_REQUIRE(!ctl.ok());
  BOOST_TEST((ctl.error().kind == errc::malformed));
  std::string endless = "OPTIONS sip:x SIP/2.0\r\n";
  while (endless.size() < max_message_size + 10) endless += "X-Pad: 0123456789012345678901234567890123456789\r\n";
  auto big = frame_length(endless);
  BOOST_TEST_REQUIRE(!big.ok());
  BOOST_TEST((big.error().kind == errc::limit_exceeded));
  auto large_body = frame_length("OPTIONS sip:x SIP/2.0\r\nContent-Length: 65536\r\n\r\n");
  BOOST_TEST_REQUIRE(!large_body.ok());
  BOOST_TEST((large_body.error().kind == errc::limit_exceeded));
}

BOOST_AUTO_TEST_SUITE_END()
