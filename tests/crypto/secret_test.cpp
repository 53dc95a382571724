// Key types: zeroization (OPENSSL_cleanse) and constant-time comparison (DESIGN.md §2).
#include "crypto/secret.hpp"

#include "tests/crypto/test_hex.hpp"

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <new>

using namespace ngn;
using namespace ngn::crypto;
using namespace ngn::crypto::test;

BOOST_AUTO_TEST_SUITE(secret_types)

BOOST_AUTO_TEST_CASE(secure_zero_wipes_buffer) {
  std::uint8_t buf[37];
  std::fill(std::begin(buf), std::end(buf), 0xa5);
  secure_zero(buf, sizeof buf);
  BOOST_TEST(std::all_of(std::begin(buf), std::end(buf), [](std::uint8_t b) { return b == 0; }));
}

BOOST_AUTO_TEST_CASE(secure_zero_partial_and_empty) {
  std::uint8_t buf[8] = {1, 2, 3, 4, 5, 6, 7, 8};
  secure_zero(buf + 2, 3);
  const std::uint8_t want[8] = {1, 2, 0, 0, 0, 6, 7, 8};
  BOOST_TEST(std::equal(std::begin(buf), std::end(buf), std::begin(want)));
  secure_zero(nullptr, 0); // must not crash
  secure_zero(buf, 0);
  BOOST_TEST(buf[0] == 1);
}

BOOST_AUTO_TEST_CASE(destructor_wipes_the_key) {
  // Destroy a key in storage we own and look at the bytes it occupied.
  alignas(key128) unsigned char storage[sizeof(key128)];
  auto* k = new (storage) key128{blk<16>("ffffffffffffffffffffffffffffffff")};
  BOOST_TEST(k->data()[0] == 0xff);
  k->~key128();
  BOOST_TEST(std::all_of(std::begin(storage), std::end(storage),
                         [](unsigned char b) { return b == 0; }));
}

BOOST_AUTO_TEST_CASE(equal_ct_semantics) {
  const block<4> a{1, 2, 3, 4};
  const block<4> b{1, 2, 3, 4};
  const block<4> c{1, 2, 3, 5};
  const block<3> d{1, 2, 3};
  BOOST_TEST(equal_ct(a, b));
  BOOST_TEST(!equal_ct(a, c));
  BOOST_TEST(!equal_ct(a, d));
  BOOST_TEST(!equal_ct(d, a));
  BOOST_TEST(equal_ct(byte_view{}, byte_view{}));
  BOOST_TEST(!equal_ct(byte_view{}, a));
  for (std::size_t i = 0; i < a.size(); ++i) {
    for (int bit = 0; bit < 8; ++bit) {
      block<4> x = a;
      x[i] ^= static_cast<std::uint8_t>(1u << bit);
      BOOST_TEST(!equal_ct(a, x));
    }
  }
}

BOOST_AUTO_TEST_CASE(secret_compare_copy_and_from) {
  const key128 k1{blk<16>("000102030405060708090a0b0c0d0e0f")};
  key128 k2 = k1;
  BOOST_TEST((k1 == k2));
  k2.data()[15] ^= 1;
  BOOST_TEST((k1 != k2));
  k2 = k1;
  BOOST_TEST((k1 == k2));

  key128 k3;
  BOOST_TEST(key128::from(k1.view(), k3));
  BOOST_TEST((k3 == k1));

  key128 k4;
  const block<15> short_b{};
  BOOST_TEST(!key128::from(short_b, k4));
  BOOST_TEST((k4 == key128{}));
  BOOST_TEST(key128::size() == 16u);
}

BOOST_AUTO_TEST_SUITE_END()
