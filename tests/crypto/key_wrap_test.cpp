// AES-128 key wrap against RFC 3394 §4.1, integrity failures and length rules.
#include "crypto/key_wrap.hpp"

#include "crypto/random.hpp"
#include "tests/crypto/test_hex.hpp"

#include <openssl/evp.h>

#include <boost/test/unit_test.hpp>

using namespace ngn;
using namespace ngn::crypto;
using namespace ngn::crypto::test;

namespace {

const char* const kek_hex = "000102030405060708090A0B0C0D0E0F";
const char* const key_data_hex = "00112233445566778899AABBCCDDEEFF";
const char* const wrapped_hex = "1fa68b0a8112b447aef34bd8fb5a7b829d3e862371d2cfe5";

// OpenSSL's own RFC 3394 cipher ("AES-128-WRAP", default IV), the reference for the ECB-based
// implementation.
bytes openssl_wrap(const key128& kek, const bytes& in, bool encrypt) {
  EVP_CIPHER_CTX* ctx = EVP_CIPHER_CTX_new();
  EVP_CIPHER_CTX_set_flags(ctx, EVP_CIPHER_CTX_FLAG_WRAP_ALLOW);
  EVP_CIPHER* c = EVP_CIPHER_fetch(nullptr, "AES-128-WRAP", nullptr);
  bytes out(in.size() + 8);
  int len = 0;
  const bool ok = EVP_CipherInit_ex2(ctx, c, kek.data(), nullptr, encrypt ? 1 : 0, nullptr) == 1 &&
                  EVP_CipherUpdate(ctx, out.data(), &len, in.data(), static_cast<int>(in.size())) == 1;
  EVP_CIPHER_free(c);
  EVP_CIPHER_CTX_free(ctx);
  out.resize(ok ? static_cast<std::size_t>(len) : 0);
  return out;
}

} // namespace

BOOST_AUTO_TEST_SUITE(key_wrap)

BOOST_AUTO_TEST_CASE(matches_openssl_aes_128_wrap) {
  for (int round = 0; round < 50; ++round) {
    key128 kek;
    random_bytes(kek.data(), kek.size());
    for (std::size_t n : {16u, 24u, 32u, 40u, 64u, 128u}) {
      bytes plain(n);
      random_bytes(plain.data(), plain.size());
      const bytes w = aes_key_wrap(kek, plain);
      BOOST_TEST(hex(w) == hex(openssl_wrap(kek, plain, true)), "length " << n);
      BOOST_TEST(hex(openssl_wrap(kek, w, false)) == hex(plain), "length " << n);
    }
  }
}

BOOST_AUTO_TEST_CASE(a_failed_unwrap_leaves_the_next_one_intact) {
  // The per-thread ECB context is re-keyed per call: a failure under one KEK must not affect a
  // wrap or unwrap under another.
  const key128 kek = key(kek_hex);
  bytes bad = unhex(wrapped_hex);
  bad[3] ^= 1;
  BOOST_TEST(!aes_key_unwrap(key("0f0e0d0c0b0a09080706050403020100"), bad).has_value());
  const auto plain = aes_key_unwrap(kek, unhex(wrapped_hex));
  BOOST_TEST_REQUIRE(plain.has_value());
  BOOST_TEST(hex(*plain) == "00112233445566778899aabbccddeeff");
  BOOST_TEST(hex(aes_key_wrap(kek, unhex(key_data_hex))) == wrapped_hex);
}

BOOST_AUTO_TEST_CASE(rfc3394_4_1_wrap) {
  BOOST_TEST(hex(aes_key_wrap(key(kek_hex), unhex(key_data_hex))) == wrapped_hex);
}

BOOST_AUTO_TEST_CASE(rfc3394_4_1_unwrap) {
  const auto plain = aes_key_unwrap(key(kek_hex), unhex(wrapped_hex));
  BOOST_TEST_REQUIRE(plain.has_value());
  BOOST_TEST(hex(*plain) == "00112233445566778899aabbccddeeff");
}

BOOST_AUTO_TEST_CASE(every_tampered_byte_is_rejected) {
  const bytes wrapped = unhex(wrapped_hex);
  for (std::size_t i = 0; i < wrapped.size(); ++i) {
    for (std::uint8_t flip : {0x01, 0x80}) {
      bytes t = wrapped;
      t[i] ^= flip;
      BOOST_TEST(!aes_key_unwrap(key(kek_hex), t).has_value(), "byte " << i);
    }
  }
}

BOOST_AUTO_TEST_CASE(wrong_kek_is_rejected) {
  BOOST_TEST(!aes_key_unwrap(key("000102030405060708090A0B0C0D0E0E"), unhex(wrapped_hex))
                .has_value());
}

BOOST_AUTO_TEST_CASE(longer_keys_round_trip) {
  const key128 kek = key(kek_hex);
  for (std::size_t n : {16u, 24u, 32u, 64u}) {
    bytes plain(n);
    for (std::size_t i = 0; i < n; ++i) plain[i] = static_cast<std::uint8_t>(i * 7 + 1);
    const bytes w = aes_key_wrap(kek, plain);
    BOOST_TEST(w.size() == n + 8);
    const auto back = aes_key_unwrap(kek, w);
    BOOST_TEST_REQUIRE(back.has_value());
    BOOST_TEST(hex(*back) == hex(plain));
  }
}

BOOST_AUTO_TEST_CASE(invalid_lengths) {
  const key128 kek = key(kek_hex);
  // Wrap: multiple of 8 and at least 16 (RFC 3394 §2: n >= 2 64-bit blocks).
  for (std::size_t n : {0u, 1u, 8u, 15u, 17u, 23u}) {
    BOOST_TEST(aes_key_wrap(kek, bytes(n, 0x11)).empty(), "wrap length " << n);
  }
  // Unwrap: multiple of 8 and at least 24.
  const bytes wrapped = unhex(wrapped_hex);
  for (std::size_t n : {0u, 7u, 8u, 16u, 23u}) {
    BOOST_TEST(!aes_key_unwrap(kek, byte_view{wrapped.data(), n}).has_value(),
               "unwrap length " << n);
  }
  bytes longer = wrapped;
  longer.push_back(0);
  BOOST_TEST(!aes_key_unwrap(kek, longer).has_value());
}

BOOST_AUTO_TEST_SUITE_END()
