// HMAC-SHA256 (RFC 2104) against RFC 4231 §4.2-4.5, §4.7, and against OpenSSL's EVP_Q_mac.
#include "crypto/hash.hpp"

#include "crypto/detail/hmac.hpp"
#include "crypto/random.hpp"
#include "tests/crypto/test_hex.hpp"

#include <boost/test/unit_test.hpp>

#include <openssl/evp.h>

#include <string_view>

using namespace ngn;
using namespace ngn::crypto;
using namespace ngn::crypto::test;

namespace {

std::string openssl_hmac(byte_view key, byte_view data) {
  unsigned char out[32];
  std::size_t len = 0;
  static const unsigned char empty = 0;
  if (EVP_Q_mac(nullptr, "HMAC", nullptr, "SHA256", nullptr, key.empty() ? &empty : key.data(),
                key.size(), data.data(), data.size(), out, sizeof out, &len) == nullptr)
    return "error";
  return hex(byte_view{out, len});
}

} // namespace

BOOST_AUTO_TEST_SUITE(hmac)

BOOST_AUTO_TEST_CASE(rfc4231_case1) {
  BOOST_TEST(hex(hmac_sha256(repeat(0x0b, 20), std::string_view("Hi There"))) ==
             "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
}

BOOST_AUTO_TEST_CASE(rfc4231_case2) {
  BOOST_TEST(hex(hmac_sha256(std::string_view("Jefe"),
                             std::string_view("what do ya want for nothing?"))) ==
             "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

BOOST_AUTO_TEST_CASE(rfc4231_case3) {
  BOOST_TEST(hex(hmac_sha256(repeat(0xaa, 20), repeat(0xdd, 50))) ==
             "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe");
}

BOOST_AUTO_TEST_CASE(rfc4231_case4) {
  BOOST_TEST(hex(hmac_sha256(unhex("0102030405060708090a0b0c0d0e0f10111213141516171819"),
                             repeat(0xcd, 50))) ==
             "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b");
}

BOOST_AUTO_TEST_CASE(rfc4231_case6_key_longer_than_block) {
  BOOST_TEST(hex(hmac_sha256(repeat(0xaa, 131), std::string_view("Test Using Larger Than "
                                                                 "Block-Size Key - Hash Key "
                                                                 "First"))) ==
             "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
}

BOOST_AUTO_TEST_CASE(parts_are_concatenated) {
  const bytes key = repeat(0x0b, 20);
  BOOST_TEST(hex(hmac_sha256(key, {std::string_view("Hi"), std::string_view(""),
                                   std::string_view(" There")})) ==
             "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
  BOOST_TEST(hex(hmac_sha256(key, {})) == openssl_hmac(key, byte_view{}));
}

BOOST_AUTO_TEST_CASE(empty_key_after_other_key) {
  // A null-data empty key must not fall back to the per-thread context's previous key.
  (void)hmac_sha256(repeat(0x42, 16), std::string_view("x"));
  BOOST_TEST(hex(hmac_sha256(byte_view{}, byte_view{})) ==
             "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad");
  BOOST_TEST(hex(hmac_sha256(byte_view{}, std::string_view("abc"))) ==
             hex(hmac_sha256(repeat(0, 32), std::string_view("abc"))));
}

BOOST_AUTO_TEST_CASE(nested_streams_use_separate_contexts) {
  detail::hmac_sha256_stream outer(repeat(0x0b, 20));
  outer.update(std::string_view("Hi "));
  // A MAC computed while `outer` holds the thread's context.
  BOOST_TEST(hex(hmac_sha256(std::string_view("Jefe"),
                             std::string_view("what do ya want for nothing?"))) ==
             "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  outer.update(std::string_view("There"));
  block<32> out;
  outer.final(out.data());
  BOOST_TEST(hex(out) == "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
}

BOOST_AUTO_TEST_CASE(matches_openssl_one_shot) {
  for (std::size_t key_len : {1u, 16u, 32u, 63u, 64u, 65u, 200u}) {
    for (std::size_t data_len : {0u, 1u, 55u, 56u, 64u, 1000u}) {
      bytes key(key_len), data(data_len);
      random_bytes(key.data(), key.size());
      random_bytes(data.data(), data.size());
      BOOST_TEST(hex(hmac_sha256(key, data)) == openssl_hmac(key, data),
                 "key " << key_len << " data " << data_len);
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()
