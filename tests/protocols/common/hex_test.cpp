// The one hex codec (RFC 4648 §8) and base64 (RFC 4648 §4, §10 test vectors).
#include "protocols/common/hex.hpp"

#include <boost/test/unit_test.hpp>

using namespace ngn;

BOOST_AUTO_TEST_SUITE(common_hex)

BOOST_AUTO_TEST_CASE(hex_both_cases_and_round_trip) {
  const bytes b{0x00, 0xff, 0xa5, 0x3c};
  BOOST_TEST(to_hex(b) == "00ffa53c");
  BOOST_TEST(to_hex(b, hex_case::upper) == "00FFA53C");
  BOOST_TEST((from_hex("00FFa53C") == b));
  std::string out = "k=";
  append_hex(out, b, hex_case::upper);
  BOOST_TEST(out == "k=00FFA53C");
  for (const char* bad : {"0", "0g", "00 ff", "0x00"}) BOOST_TEST(!from_hex(bad), bad);
  std::uint8_t two[2];
  BOOST_TEST(from_hex("abCD", two, 2));
  BOOST_TEST(two[0] == 0xab);
  BOOST_TEST(!from_hex("abcd00", two, 2));
}

BOOST_AUTO_TEST_CASE(hex_numbers) {
  BOOST_TEST(to_hex_number(0x2a, 8) == "0000002a");
  BOOST_TEST(to_hex_number(0xdeadbeef, 8, hex_case::upper) == "DEADBEEF");
  BOOST_TEST(to_hex_number(0x123456789, 8) == "23456789"); // the low 32 bits
  BOOST_TEST(*parse_hex_number("DEADbeef") == 0xdeadbeefu);
  BOOST_TEST(*parse_hex_number("0") == 0u);
  BOOST_TEST(!parse_hex_number(""));
  BOOST_TEST(!parse_hex_number("12345678901234567"));
  BOOST_TEST(!parse_hex_number("12g"));
}

BOOST_AUTO_TEST_CASE(base64_rfc4648_vectors) {
  const std::pair<const char*, const char*> v[] = {{"", ""},         {"f", "Zg=="},
                                                   {"fo", "Zm8="},   {"foo", "Zm9v"},
                                                   {"foob", "Zm9vYg=="}, {"fooba", "Zm9vYmE="},
                                                   {"foobar", "Zm9vYmFy"}};
  for (const auto& [plain, encoded] : v) {
    const bytes b(plain, plain + std::char_traits<char>::length(plain));
    BOOST_TEST(to_base64(b) == encoded);
    BOOST_TEST((from_base64(encoded) == b));
  }
  for (const char* bad : {"Zg=", "Z===", "Zg==Zg==", "Zm9*"}) BOOST_TEST(!from_base64(bad), bad);
}

BOOST_AUTO_TEST_CASE(every_octet_is_classified) {
  // Each of the 256 octets, as both digits of a hex pair and as the first character of a base64
  // quantum: accepted exactly when it is in the alphabet, with its value.
  const std::string b64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  for (int c = 0; c < 256; ++c) {
    const char ch = static_cast<char>(c);
    const std::string lower = "0123456789abcdef", upper = "0123456789ABCDEF";
    const auto l = lower.find(ch), u = upper.find(ch);
    const int want = l != std::string::npos ? int(l) : u != std::string::npos ? int(u) : -1;
    std::uint8_t b = 0;
    const bool ok = from_hex(std::string{ch, ch}, &b, 1);
    BOOST_TEST(ok == (want >= 0), "hex octet " << c);
    if (ok) BOOST_TEST(b == want * 17, "hex octet " << c);
    const auto v = b64.find(ch);
    const auto d = from_base64(std::string{ch} + "A==");
    BOOST_TEST(d.has_value() == (v != std::string::npos), "base64 octet " << c);
    if (d) BOOST_TEST(int((*d)[0] >> 2) == int(v), "base64 octet " << c);
  }
}

BOOST_AUTO_TEST_SUITE_END()
