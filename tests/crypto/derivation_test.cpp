// Deterministic emulation keys (crypto/derivation.hpp) against the public HKDF.
#include "crypto/derivation.hpp"
#include "crypto/hkdf.hpp"

#include <boost/test/unit_test.hpp>

#include <string>

using namespace ngn;

BOOST_AUTO_TEST_SUITE(derivation)

BOOST_AUTO_TEST_CASE(subscriber_key_is_hkdf_of_the_secret_and_identity) {
  const std::string secret = "ngnemu demo key!";
  auto k = crypto::derive_subscriber_key(byte_view{secret}, "t000001@ngn.example");
  const std::string info = "subscriber k t000001@ngn.example";
  block<16> expected{};
  BOOST_REQUIRE(crypto::hkdf_sha256(byte_view{secret}, byte_view{std::string_view{"ngnemu"}},
                                    byte_view{info}, expected.data(), expected.size()));
  BOOST_TEST((k.raw() == expected));
  // Stable, identity-specific, variant-specific, secret-specific.
  BOOST_TEST((k == crypto::derive_subscriber_key(byte_view{secret}, "t000001@ngn.example")));
  BOOST_TEST(!(k == crypto::derive_subscriber_key(byte_view{secret}, "t000002@ngn.example")));
  BOOST_TEST(!(k == crypto::derive_subscriber_key(byte_view{secret}, "t000001@ngn.example", 1)));
  BOOST_TEST(!(k == crypto::derive_subscriber_key(byte_view{std::string_view{"another secret!!"}},
                                                  "t000001@ngn.example")));
}

BOOST_AUTO_TEST_CASE(element_keys_differ_from_subscriber_keys_and_each_other) {
  const std::string secret = "ngnemu demo key!";
  auto a = crypto::derive_element_key(byte_view{secret}, "sp1");
  auto b = crypto::derive_element_key(byte_view{secret}, "ss1");
  BOOST_TEST(!(a == b));
  BOOST_TEST(!(a == crypto::derive_subscriber_key(byte_view{secret}, "sp1")));
}

BOOST_AUTO_TEST_SUITE_END()
