// AES-128-GCM against "The Galois/Counter Mode of Operation" (McGrew, Viega) test cases 1-4,
// and tag verification failures (NIST SP 800-38D §7.2).
#include "crypto/aead.hpp"

#include "tests/crypto/test_hex.hpp"

#include <boost/test/unit_test.hpp>

using namespace ngn;
using namespace ngn::crypto;
using namespace ngn::crypto::test;

namespace {

const char* const k4 = "feffe9928665731c6d6a8f9467308308";
const char* const iv4 = "cafebabefacedbaddecaf888";
const char* const p3 =
  "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
  "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b391aafd255";
const char* const c3 =
  "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e"
  "21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091473f5985";
const char* const t3 = "4d5c2af327cd64a62cf35abd2ba6fab4";
const char* const p4 =
  "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
  "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39";
const char* const a4 = "feedfacedeadbeeffeedfacedeadbeefabaddad2";
const char* const c4 =
  "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e"
  "21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091";
const char* const t4 = "5bc94fbc3221a5db94fae95ae7121a47";

std::string cat(const char* a, const char* b) { return std::string(a) + b; }

} // namespace

BOOST_AUTO_TEST_SUITE(aead)

BOOST_AUTO_TEST_CASE(gcm_test_case_1_empty) {
  const bytes sealed = aes128_gcm_seal(key("00000000000000000000000000000000"),
                                       blk<12>("000000000000000000000000"), {}, {});
  BOOST_TEST(hex(sealed) == "58e2fccefa7e3061367f1d57a4e7455a");
  const auto open = aes128_gcm_open(key("00000000000000000000000000000000"),
                                    blk<12>("000000000000000000000000"), {}, sealed);
  BOOST_TEST_REQUIRE(open.has_value());
  BOOST_TEST(open->empty());
}

BOOST_AUTO_TEST_CASE(gcm_test_case_2_one_block) {
  const bytes sealed = aes128_gcm_seal(key("00000000000000000000000000000000"),
                                       blk<12>("000000000000000000000000"), {},
                                       unhex("00000000000000000000000000000000"));
  BOOST_TEST(hex(sealed) == "0388dace60b6a392f328c2b971b2fe78ab6e47d42cec13bdf53a67b21257bddf");
}

BOOST_AUTO_TEST_CASE(gcm_test_case_3_no_aad) {
  BOOST_TEST(hex(aes128_gcm_seal(key(k4), blk<12>(iv4), {}, unhex(p3))) == cat(c3, t3));
  const auto open = aes128_gcm_open(key(k4), blk<12>(iv4), {}, unhex(cat(c3, t3)));
  BOOST_TEST_REQUIRE(open.has_value());
  BOOST_TEST(hex(*open) == p3);
}

BOOST_AUTO_TEST_CASE(gcm_test_case_4_with_aad) {
  BOOST_TEST(hex(aes128_gcm_seal(key(k4), blk<12>(iv4), unhex(a4), unhex(p4))) == cat(c4, t4));
  const auto open = aes128_gcm_open(key(k4), blk<12>(iv4), unhex(a4), unhex(cat(c4, t4)));
  BOOST_TEST_REQUIRE(open.has_value());
  BOOST_TEST(hex(*open) == p4);
}

BOOST_AUTO_TEST_CASE(tampering_is_detected) {
  const bytes sealed = unhex(cat(c4, t4));
  const bytes aad = unhex(a4);
  // Any flipped bit of ciphertext or tag (first and last bit of each byte).
  for (std::size_t i = 0; i < sealed.size(); ++i) {
    for (std::uint8_t flip : {0x01, 0x80}) {
      bytes t = sealed;
      t[i] ^= flip;
      BOOST_TEST(!aes128_gcm_open(key(k4), blk<12>(iv4), aad, t).has_value(), "byte " << i);
    }
  }
  // Any flipped AAD byte, a shorter or longer AAD.
  for (std::size_t i = 0; i < aad.size(); ++i) {
    bytes t = aad;
    t[i] ^= 0x01;
    BOOST_TEST(!aes128_gcm_open(key(k4), blk<12>(iv4), t, sealed).has_value(), "aad " << i);
  }
  BOOST_TEST(!aes128_gcm_open(key(k4), blk<12>(iv4), byte_view{aad.data(), aad.size() - 1},
                              sealed)
                .has_value());
  bytes longer_aad = aad;
  longer_aad.push_back(0);
  BOOST_TEST(!aes128_gcm_open(key(k4), blk<12>(iv4), longer_aad, sealed).has_value());
  BOOST_TEST(!aes128_gcm_open(key(k4), blk<12>(iv4), {}, sealed).has_value());
  // Wrong IV, wrong key.
  BOOST_TEST(!aes128_gcm_open(key(k4), blk<12>("cafebabefacedbaddecaf889"), aad, sealed)
                .has_value());
  BOOST_TEST(!aes128_gcm_open(key("feffe9928665731c6d6a8f9467308309"), blk<12>(iv4), aad, sealed)
                .has_value());
  // Truncated: ciphertext shortened, or shorter than a tag.
  BOOST_TEST(!aes128_gcm_open(key(k4), blk<12>(iv4), aad, byte_view{sealed.data() + 1,
                                                                     sealed.size() - 1})
                .has_value());
  for (std::size_t n : {0u, 1u, 15u}) {
    BOOST_TEST(!aes128_gcm_open(key(k4), blk<12>(iv4), aad, byte_view{sealed.data(), n})
                  .has_value());
  }
}

BOOST_AUTO_TEST_CASE(round_trip_sizes) {
  const key128 k = key("0102030405060708090a0b0c0d0e0f10");
  const block<12> iv = blk<12>("0a0b0c0d0e0f101112131415");
  for (std::size_t n : {0u, 1u, 15u, 16u, 17u, 1000u}) {
    bytes p(n);
    for (std::size_t i = 0; i < n; ++i) p[i] = static_cast<std::uint8_t>(i);
    const bytes s = aes128_gcm_seal(k, iv, std::string_view("hdr"), p);
    BOOST_TEST(s.size() == n + gcm_tag_size);
    const auto o = aes128_gcm_open(k, iv, std::string_view("hdr"), s);
    BOOST_TEST_REQUIRE(o.has_value());
    BOOST_TEST(hex(*o) == hex(p));
  }
}

BOOST_AUTO_TEST_SUITE_END()
