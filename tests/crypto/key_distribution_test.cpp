// DESIGN.md §2 key-distribution profile: KEK derivation, E_K(SK), MVW, SK fingerprint. Golden
// values were computed independently with Python's hmac/hashlib from the formulas in DESIGN.md.
#include "crypto/key_distribution.hpp"

#include "crypto/hash.hpp"
#include "crypto/hkdf.hpp"
#include "crypto/key_wrap.hpp"
#include "tests/crypto/test_hex.hpp"

#include <boost/test/unit_test.hpp>

#include <atomic>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

using namespace ngn;
using namespace ngn::crypto;
using namespace ngn::crypto::test;

namespace {

const key128 shared = key("000102030405060708090a0b0c0d0e0f");
const block<16> rand1 = blk<16>("f0e1d2c3b4a5968778695a4b3c2d1e0f");
const key128 sk = key("00112233445566778899aabbccddeeff");
constexpr std::string_view alice = "alice@test.net";

} // namespace

BOOST_AUTO_TEST_SUITE(key_distribution)

BOOST_AUTO_TEST_CASE(role_names) {
  BOOST_TEST(to_string(kek_role::terminal) == "terminal");
  BOOST_TEST(to_string(kek_role::proxy) == "proxy");
  BOOST_TEST(to_string(kek_role::softswitch) == "softswitch");
}

BOOST_AUTO_TEST_CASE(kek_golden_values) {
  BOOST_TEST(hex(derive_kek(shared, rand1, kek_role::terminal, alice)) ==
             "6528bab65d23faf0576c06761b047dbc");
  BOOST_TEST(hex(derive_kek(shared, rand1, kek_role::proxy, alice)) ==
             "7faa94caeac4ba82457d7fc43fef3934");
  BOOST_TEST(hex(derive_kek(shared, rand1, kek_role::softswitch, alice)) ==
             "6bbb2876c29d7fd16dba42c0d71b9342");
}

BOOST_AUTO_TEST_CASE(kek_is_hkdf_with_the_documented_info) {
  for (kek_role role : {kek_role::terminal, kek_role::proxy, kek_role::softswitch}) {
    const std::string info = "ngnemu kek " + std::string(to_string(role)) + std::string(alice);
    block<16> want;
    BOOST_TEST_REQUIRE(hkdf_sha256(shared, rand1, std::string_view(info), want.data(), want.size()));
    BOOST_TEST(hex(derive_kek(shared, rand1, role, alice)) == hex(want));
  }
}

BOOST_AUTO_TEST_CASE(wrap_unwrap_round_trip) {
  for (kek_role role : {kek_role::terminal, kek_role::proxy, kek_role::softswitch}) {
    const block<wrapped_key_size> w = wrap_session_key(shared, rand1, role, alice, sk);
    // It is RFC 3394 under the derived KEK.
    BOOST_TEST(hex(w) == hex(aes_key_wrap(derive_kek(shared, rand1, role, alice), sk)));
    const std::optional<key128> back = unwrap_session_key(shared, rand1, role, alice, w);
    BOOST_TEST_REQUIRE(back.has_value());
    BOOST_TEST((*back == sk));
  }
  // Empty identity is allowed and still bound.
  const block<wrapped_key_size> w = wrap_session_key(shared, rand1, kek_role::proxy, "", sk);
  BOOST_TEST(unwrap_session_key(shared, rand1, kek_role::proxy, "", w).has_value());
  BOOST_TEST(!unwrap_session_key(shared, rand1, kek_role::proxy, "x", w).has_value());
}

BOOST_AUTO_TEST_CASE(unwrap_rejects_any_other_binding) {
  const block<wrapped_key_size> w = wrap_session_key(shared, rand1, kek_role::terminal, alice, sk);
  BOOST_TEST(!unwrap_session_key(shared, rand1, kek_role::proxy, alice, w).has_value());
  BOOST_TEST(!unwrap_session_key(shared, rand1, kek_role::softswitch, alice, w).has_value());
  BOOST_TEST(!unwrap_session_key(shared, rand1, kek_role::terminal, "alice@test.neT", w)
                .has_value());
  BOOST_TEST(!unwrap_session_key(shared, rand1, kek_role::terminal, "alice@test.net ", w)
                .has_value());
  block<16> rand2 = rand1;
  rand2[15] ^= 1;
  BOOST_TEST(!unwrap_session_key(shared, rand2, kek_role::terminal, alice, w).has_value());
  key128 shared2 = shared;
  shared2.data()[0] ^= 0x80;
  BOOST_TEST(!unwrap_session_key(shared2, rand1, kek_role::terminal, alice, w).has_value());
  // "proxy" ‖ "alice" vs "prox" ‖ "yalice" cannot occur (fixed role names), but the identity is
  // still bound byte for byte: a shifted identity differs.
  BOOST_TEST(!unwrap_session_key(shared, rand1, kek_role::terminal, "lice@test.net", w)
                .has_value());
}

BOOST_AUTO_TEST_CASE(unwrap_rejects_every_flipped_byte_and_bad_sizes) {
  const block<wrapped_key_size> w = wrap_session_key(shared, rand1, kek_role::softswitch, alice, sk);
  for (std::size_t i = 0; i < w.size(); ++i) {
    for (std::uint8_t flip : {0x01, 0x80}) {
      block<wrapped_key_size> bad = w;
      bad[i] ^= flip;
      BOOST_TEST(!unwrap_session_key(shared, rand1, kek_role::softswitch, alice, bad).has_value(),
                 "byte " << i);
    }
  }
  for (std::size_t n : {0u, 8u, 16u, 23u}) {
    BOOST_TEST(!unwrap_session_key(shared, rand1, kek_role::softswitch, alice,
                                   byte_view{w.data(), n})
                  .has_value());
  }
  bytes longer(w.begin(), w.end());
  longer.push_back(0);
  longer.resize(32, 0);
  BOOST_TEST(!unwrap_session_key(shared, rand1, kek_role::softswitch, alice, longer).has_value());
}

BOOST_AUTO_TEST_CASE(wraps_differ_per_rand_role_identity) {
  const std::string a = hex(wrap_session_key(shared, rand1, kek_role::terminal, alice, sk));
  block<16> rand2 = rand1;
  rand2[0] ^= 1;
  BOOST_TEST(a != hex(wrap_session_key(shared, rand2, kek_role::terminal, alice, sk)));
  BOOST_TEST(a != hex(wrap_session_key(shared, rand1, kek_role::proxy, alice, sk)));
  BOOST_TEST(a != hex(wrap_session_key(shared, rand1, kek_role::terminal, "bob@test.net", sk)));
}

BOOST_AUTO_TEST_CASE(mvw_golden_value) {
  const block<24> e = blk<24>("000102030405060708090a0b0c0d0e0f1011121314151617");
  BOOST_TEST(hex(message_verification_word(
               sk, {alice, std::string_view("sess-1"),
                    std::string_view("aes-gcm;q=0.5,hmac-sha256;q=0.1"),
                    std::string_view("aes-gcm;q=0.5"), std::string_view("aes-gcm"), e})) ==
             "c3080790e8c078ecf6f708c340d7878f");
}

BOOST_AUTO_TEST_CASE(mvw_is_truncated_hmac_of_canonical_encoding) {
  const bytes enc = {0, 0, 0, 2, 'a', 'b', 0, 0, 0, 0, 0, 0, 0, 1, 'c'};
  const block<32> full = hmac_sha256(sk, enc);
  const block<mvw_size> mvw = message_verification_word(
    sk, {std::string_view("ab"), std::string_view(""), std::string_view("c")});
  BOOST_TEST(hex(mvw) == hex(byte_view{full.data(), mvw_size}));
}

BOOST_AUTO_TEST_CASE(mvw_changes_with_any_field) {
  using sv = std::string_view;
  const std::string base =
    hex(message_verification_word(sk, {sv("alice"), sv("s1"), sv("aes-gcm"), sv("aes-gcm")}));
  // Field contents.
  BOOST_TEST(base !=
             hex(message_verification_word(sk, {sv("alicf"), sv("s1"), sv("aes-gcm"), sv("aes-gcm")})));
  BOOST_TEST(base !=
             hex(message_verification_word(sk, {sv("alice"), sv("s2"), sv("aes-gcm"), sv("aes-gcm")})));
  BOOST_TEST(base != hex(message_verification_word(
                       sk, {sv("alice"), sv("s1"), sv("aes-gcm"), sv("hmac-sha256")})));
  // Order of fields, number of fields, an extra empty field.
  BOOST_TEST(base !=
             hex(message_verification_word(sk, {sv("s1"), sv("alice"), sv("aes-gcm"), sv("aes-gcm")})));
  BOOST_TEST(base != hex(message_verification_word(sk, {sv("alice"), sv("s1"), sv("aes-gcm")})));
  BOOST_TEST(base != hex(message_verification_word(
                       sk, {sv("alice"), sv("s1"), sv("aes-gcm"), sv("aes-gcm"), sv("")})));
  // Field boundaries: the length prefixes make these encodings differ.
  BOOST_TEST(hex(message_verification_word(sk, {sv("ab"), sv("c")})) !=
             hex(message_verification_word(sk, {sv("a"), sv("bc")})));
  BOOST_TEST(hex(message_verification_word(sk, {sv("abc")})) !=
             hex(message_verification_word(sk, {sv("ab"), sv("c")})));
  BOOST_TEST(hex(message_verification_word(sk, {sv(""), sv("abc")})) !=
             hex(message_verification_word(sk, {sv("abc"), sv("")})));
  BOOST_TEST(hex(message_verification_word(sk, {})) !=
             hex(message_verification_word(sk, {sv("")})));
  // Another SK.
  key128 sk2 = sk;
  sk2.data()[7] ^= 4;
  BOOST_TEST(base != hex(message_verification_word(
                       sk2, {sv("alice"), sv("s1"), sv("aes-gcm"), sv("aes-gcm")})));
  // Deterministic.
  BOOST_TEST(base ==
             hex(message_verification_word(sk, {sv("alice"), sv("s1"), sv("aes-gcm"), sv("aes-gcm")})));
}

BOOST_AUTO_TEST_CASE(mvw_compares_in_constant_time_helper) {
  const block<mvw_size> a = message_verification_word(sk, {std::string_view("x")});
  block<mvw_size> b = a;
  BOOST_TEST(equal_ct(a, b));
  b[mvw_size - 1] ^= 1;
  BOOST_TEST(!equal_ct(a, b));
}

BOOST_AUTO_TEST_CASE(fingerprint_is_sha256_of_sk) {
  BOOST_TEST(hex(key_fingerprint(sk)) ==
             "a8faed6abbf35c12a4b26e40f6feb19d736d90045c83b9f9a31f638d323e6811");
  BOOST_TEST(hex(key_fingerprint(sk)) == hex(sha256(sk)));
}

BOOST_AUTO_TEST_CASE(concurrent_use_from_threads) {
  // Fetched algorithms are shared and HMAC/digest contexts are per thread: results from four
  // threads at once must equal the single-threaded ones.
  const std::string want_wrap = hex(wrap_session_key(shared, rand1, kek_role::proxy, alice, sk));
  const std::string want_mvw = hex(message_verification_word(sk, {alice, rand1}));
  const std::string want_fp = hex(key_fingerprint(sk));
  std::atomic<int> mismatches{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 300; ++i) {
        const block<wrapped_key_size> w =
          wrap_session_key(shared, rand1, kek_role::proxy, alice, sk);
        const std::optional<key128> back =
          unwrap_session_key(shared, rand1, kek_role::proxy, alice, w);
        if (hex(w) != want_wrap || !back || !(*back == sk) ||
            hex(message_verification_word(sk, {alice, rand1})) != want_mvw ||
            hex(key_fingerprint(sk)) != want_fp)
          ++mismatches;
      }
    });
  }
  for (std::thread& th : threads) th.join();
  BOOST_TEST(mismatches.load() == 0);
}

BOOST_AUTO_TEST_SUITE_END()
