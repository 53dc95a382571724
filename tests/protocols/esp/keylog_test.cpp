// The Wireshark esp_sa key log line (reference/esp-and-lifecycle.md §2, verified with tshark
// 4.0.17): golden lines for both transforms, addresses and keying material checked.
#include "protocols/common/hex.hpp"
#include "protocols/esp/keylog.hpp"

#include "tests/protocols/esp/why.hpp"

#include <boost/test/unit_test.hpp>

using namespace ngn;
using ngn::esp_test::why;
using namespace ngn::esp;

namespace {

const bytes gcm_material = *from_hex("000102030405060708090a0b0c0d0e0f" "a0b1c2d3");
const bytes hmac_material =
  *from_hex("00112233445566778899aabbccddeeff" "0123456789abcdef0123456789abcdef");

std::string line(const sa_description& sa) {
  auto l = esp_sa_line(sa);
  BOOST_TEST_REQUIRE(l.ok(), why(l));
  return *l;
}

} // namespace

BOOST_AUTO_TEST_SUITE(esp_keylog)

BOOST_AUTO_TEST_CASE(aes_gcm_line_is_the_documented_one) {
  BOOST_TEST(line({"10.128.0.1", "10.0.0.3", 0x1001, transform::aes_gcm_16, gcm_material})
             == "\"IPv4\",\"10.128.0.1\",\"10.0.0.3\",\"0x00001001\","
                "\"AES-GCM with 16 octet ICV [RFC4106]\","
                "\"0x000102030405060708090a0b0c0d0e0fa0b1c2d3\",\"NULL\",\"\"\n");
}

BOOST_AUTO_TEST_CASE(hmac_sha256_line_is_the_documented_one) {
  BOOST_TEST(line({"10.0.0.3", "10.128.0.1", 0x2002, transform::null_hmac_sha256_128,
                   hmac_material})
             == "\"IPv4\",\"10.0.0.3\",\"10.128.0.1\",\"0x00002002\",\"NULL\",\"\","
                "\"HMAC-SHA-256-128 [RFC4868]\","
                "\"0x00112233445566778899aabbccddeeff0123456789abcdef0123456789abcdef\"\n");
}

BOOST_AUTO_TEST_CASE(spi_is_eight_hex_digits_and_wildcards_are_allowed) {
  const std::string l = line({"*", "*", 0xfedcba98, transform::aes_gcm_16, gcm_material});
  BOOST_TEST(l.rfind("\"IPv4\",\"*\",\"*\",\"0xfedcba98\",", 0) == 0u);
  const std::string m = line({"0.0.0.0", "255.255.255.255", 256, transform::aes_gcm_16,
                              gcm_material});
  BOOST_TEST(m.find("\"0x00000100\"") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(addresses_other_than_dotted_quads_or_star_are_refused) {
  for (std::string_view bad : {"", "10.0.0", "10.0.0.1.2", "256.0.0.1", "10.0.0.01", "1.2.3.",
                               ".1.2.3", "a.b.c.d", "10.0.0.1 ", " 10.0.0.1", "10.0.0.1\"",
                               "::1", "**", "1..2.3", "1234.1.1.1"}) {
    auto l = esp_sa_line({bad, "10.0.0.3", 0x1001, transform::aes_gcm_16, gcm_material});
    BOOST_TEST_REQUIRE(!l.ok(), "'" << bad << "' accepted");
    BOOST_TEST((l.error().kind == errc::invalid_model));
    auto m = esp_sa_line({"10.0.0.3", bad, 0x1001, transform::aes_gcm_16, gcm_material});
    BOOST_TEST(!m.ok(), "'" << bad << "' accepted");
  }
}

BOOST_AUTO_TEST_CASE(keying_material_must_fit_the_transform) {
  auto a = esp_sa_line({"*", "*", 0x1001, transform::aes_gcm_16, hmac_material});
  BOOST_TEST_REQUIRE(!a.ok());
  BOOST_TEST((a.error().kind == errc::invalid_model));
  BOOST_TEST(a.error().detail == "aes-gcm takes 20 octets of keying material, not 32");
  auto h = esp_sa_line({"*", "*", 0x1001, transform::null_hmac_sha256_128, gcm_material});
  BOOST_TEST_REQUIRE(!h.ok());
  BOOST_TEST(h.error().detail == "hmac-sha256 takes 32 octets of keying material, not 20");
  auto e = esp_sa_line({"*", "*", 0x1001, transform::aes_gcm_16, byte_view{}});
  BOOST_TEST(!e.ok());
}

BOOST_AUTO_TEST_SUITE_END()
