// HKDF-SHA256 against RFC 5869 appendix A.1-A.3 and against OpenSSL's EVP_KDF "HKDF".
#include "crypto/hkdf.hpp"

#include "crypto/hash.hpp"
#include "crypto/random.hpp"
#include "tests/crypto/test_hex.hpp"

#include <boost/test/unit_test.hpp>

#include <openssl/core_names.h>
#include <openssl/kdf.h>
#include <openssl/params.h>

#include <string_view>

using namespace ngn;
using namespace ngn::crypto;
using namespace ngn::crypto::test;

namespace {

std::string okm_hex(byte_view ikm, byte_view salt, byte_view info, std::size_t len) {
  bytes out(len);
  if (!hkdf_sha256(ikm, salt, info, out.data(), out.size())) return "false";
  return hex(out);
}

// The same derivation through OpenSSL's own HKDF implementation.
std::string evp_kdf_hex(byte_view ikm, byte_view salt, byte_view info, std::size_t len) {
  EVP_KDF* kdf = EVP_KDF_fetch(nullptr, "HKDF", nullptr);
  EVP_KDF_CTX* ctx = EVP_KDF_CTX_new(kdf);
  char digest[] = "SHA256";
  static unsigned char empty = 0;
  auto ptr = [](byte_view v) {
    return const_cast<unsigned char*>(v.empty() ? &empty : v.data());
  };
  const OSSL_PARAM params[] = {
    OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, digest, 0),
    OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_KEY, ptr(ikm), ikm.size()),
    OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SALT, ptr(salt), salt.size()),
    OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_INFO, ptr(info), info.size()),
    OSSL_PARAM_construct_end()};
  bytes out(len);
  const int ok = EVP_KDF_derive(ctx, out.data(), out.size(), params);
  EVP_KDF_CTX_free(ctx);
  EVP_KDF_free(kdf);
  return ok == 1 ? hex(out) : "error";
}

} // namespace

BOOST_AUTO_TEST_SUITE(hkdf)

BOOST_AUTO_TEST_CASE(rfc5869_a1_basic) {
  BOOST_TEST(okm_hex(repeat(0x0b, 22), unhex("000102030405060708090a0b0c"),
                     unhex("f0f1f2f3f4f5f6f7f8f9"), 42) ==
             "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf"
             "34007208d5b887185865");
}

BOOST_AUTO_TEST_CASE(rfc5869_a2_long_inputs) {
  bytes ikm, salt, info;
  for (int i = 0x00; i <= 0x4f; ++i) ikm.push_back(static_cast<std::uint8_t>(i));
  for (int i = 0x60; i <= 0xaf; ++i) salt.push_back(static_cast<std::uint8_t>(i));
  for (int i = 0xb0; i <= 0xff; ++i) info.push_back(static_cast<std::uint8_t>(i));
  BOOST_TEST(okm_hex(ikm, salt, info, 82) ==
             "b11e398dc80327a1c8e7f78c596a49344f012eda2d4efad8a050cc4c19afa97c"
             "59045a99cac7827271cb41c65e590e09da3275600c2f09b8367793a9aca3db71"
             "cc30c58179ec3e87c14c01d5c1f3434f1d87");
}

BOOST_AUTO_TEST_CASE(rfc5869_a3_empty_salt_and_info) {
  // Run a derivation with a salt first: the empty salt must not reuse the previous HMAC key.
  (void)okm_hex(repeat(1, 16), repeat(2, 16), repeat(3, 3), 16);
  BOOST_TEST(okm_hex(repeat(0x0b, 22), byte_view{}, byte_view{}, 42) ==
             "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d"
             "9d201395faa4b61a96c8");
  // RFC 5869 §2.2: an absent salt is HashLen zeros.
  BOOST_TEST(okm_hex(repeat(0x0b, 22), repeat(0, 32), byte_view{}, 42) ==
             "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d"
             "9d201395faa4b61a96c8");
}

BOOST_AUTO_TEST_CASE(output_is_a_prefix_of_longer_output) {
  const std::string full = okm_hex(repeat(0x0b, 22), unhex("000102030405060708090a0b0c"),
                                   unhex("f0f1f2f3f4f5f6f7f8f9"), 42);
  for (std::size_t len : {1u, 16u, 31u, 32u, 33u}) {
    BOOST_TEST(okm_hex(repeat(0x0b, 22), unhex("000102030405060708090a0b0c"),
                       unhex("f0f1f2f3f4f5f6f7f8f9"), len) == full.substr(0, 2 * len));
  }
}

BOOST_AUTO_TEST_CASE(length_limits) {
  std::vector<std::uint8_t> out(255 * 32 + 1);
  BOOST_TEST(!hkdf_sha256(repeat(1, 16), repeat(2, 16), repeat(3, 16), out.data(), out.size()));
  BOOST_TEST(hkdf_sha256(repeat(1, 16), repeat(2, 16), repeat(3, 16), out.data(), 255 * 32));
  BOOST_TEST(hex(byte_view{out.data(), 255 * 32}) ==
             evp_kdf_hex(repeat(1, 16), repeat(2, 16), repeat(3, 16), 255 * 32));
  BOOST_TEST(hkdf_sha256(repeat(1, 16), repeat(2, 16), repeat(3, 16), nullptr, 0));
  BOOST_TEST(!hkdf_sha256(repeat(1, 16), repeat(2, 16), repeat(3, 16), nullptr, 16));
}

BOOST_AUTO_TEST_CASE(matches_evp_kdf) {
  for (std::size_t len : {1u, 15u, 16u, 17u, 32u, 64u, 100u, 1000u}) {
    for (std::size_t in_len : {0u, 16u, 70u}) {
      bytes ikm(in_len + 1), salt(in_len), info(in_len / 2);
      random_bytes(ikm.data(), ikm.size());
      random_bytes(salt.data(), salt.size());
      random_bytes(info.data(), info.size());
      BOOST_TEST(okm_hex(ikm, salt, info, len) == evp_kdf_hex(ikm, salt, info, len),
                 "len " << len << " in_len " << in_len);
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()
