// The 128-bit session id (protocols/common/session_id.hpp, issue 12 item 3): its text form, the
// all-zero "none", and that nothing but exactly 32 hex digits or 16 bytes makes one.
#include "protocols/common/session_id.hpp"

#include <boost/test/unit_test.hpp>

#include <unordered_set>

using namespace ngn;

BOOST_AUTO_TEST_SUITE(common_session_id)

BOOST_AUTO_TEST_CASE(text_form_round_trips_in_both_cases) {
  const auto id = session_id::parse("0123456789ABCDEFfedcba9876543210");
  BOOST_REQUIRE(id);
  BOOST_TEST(bool(*id));
  BOOST_TEST(id->hex() == "0123456789abcdeffedcba9876543210");
  BOOST_TEST(id->hex(true) == "0123456789ABCDEFFEDCBA9876543210");
  BOOST_TEST(id->high32() == 0x01234567u);
  BOOST_TEST((session_id::parse(id->hex()) == id));
}

BOOST_AUTO_TEST_CASE(zero_is_none_and_writes_nothing) {
  const session_id none;
  BOOST_TEST(none.none());
  BOOST_TEST(!none);
  BOOST_TEST(none.hex().empty());
  const auto parsed = session_id::parse(std::string(32, '0'));
  BOOST_REQUIRE(parsed);
  BOOST_TEST(parsed->none());
}

BOOST_AUTO_TEST_CASE(anything_else_is_refused) {
  for (const char* bad : {"", "0", "0123456789abcdef0123456789abcde",   // 31 digits
                          "0123456789abcdef0123456789abcdef0",             // 33 digits
                          "0123456789abcdef0123456789abcdeg", " 123456789abcdef0123456789abcdef",
                          "0000002a"})
    BOOST_TEST(!session_id::parse(bad), bad);
  const std::uint8_t b[17] = {1};
  BOOST_TEST(!session_id::from_bytes(b, 15));
  BOOST_TEST(!session_id::from_bytes(b, 17));
  BOOST_TEST(!session_id::from_bytes(nullptr, 16));
  const auto ok = session_id::from_bytes(b, 16);
  BOOST_REQUIRE(ok);
  BOOST_TEST(ok->hex() == "01000000000000000000000000000000");
}

BOOST_AUTO_TEST_CASE(ids_differing_in_one_bit_differ_and_hash_apart) {
  session_id a = session_id::of_number(7);
  session_id b = a;
  b.bytes[0] ^= 0x80; // a bit the 32-bit number never reached
  BOOST_TEST((a != b));
  BOOST_TEST(a.hex() == "00000000000000000000000000000007");
  std::unordered_set<session_id> set{a, b};
  BOOST_TEST(set.size() == 2u);
  BOOST_TEST(set.count(session_id::of_number(7)) == 1u);
}

BOOST_AUTO_TEST_SUITE_END()
