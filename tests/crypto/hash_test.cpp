// SHA-256 (FIPS 180-4 examples) and MD5 (RFC 1321 §A.5 test suite).
#include "crypto/hash.hpp"

#include "tests/crypto/test_hex.hpp"

#include <boost/test/unit_test.hpp>

#include <string_view>

using namespace ngn;
using namespace ngn::crypto;
using namespace ngn::crypto::test;

BOOST_AUTO_TEST_SUITE(hash_functions)

BOOST_AUTO_TEST_CASE(sha256_fips180_examples) {
  BOOST_TEST(hex(sha256(std::string_view("abc"))) ==
             "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  BOOST_TEST(hex(sha256(std::string_view(
               "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"))) ==
             "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  BOOST_TEST(hex(sha256(byte_view{})) ==
             "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

BOOST_AUTO_TEST_CASE(md5_rfc1321_suite) {
  BOOST_TEST(hex(md5(std::string_view(""))) == "d41d8cd98f00b204e9800998ecf8427e");
  BOOST_TEST(hex(md5(std::string_view("a"))) == "0cc175b9c0f1b6a831c399e269772661");
  BOOST_TEST(hex(md5(std::string_view("abc"))) == "900150983cd24fb0d6963f7d28e17f72");
  BOOST_TEST(hex(md5(std::string_view("message digest"))) == "f96b697d7cb7938d525a2f31aaf161d0");
  BOOST_TEST(hex(md5(std::string_view("abcdefghijklmnopqrstuvwxyz"))) ==
             "c3fcd3d76192e4007dfb496cca67e13b");
}

BOOST_AUTO_TEST_CASE(md5_digest_aka_ha1) {
  // RFC 3310 §3.3 / RFC 2617: HA1 = MD5(username ":" realm ":" RES) with binary RES; TS 35.208
  // set 2 RES, value from reference/aka-and-vectors.md §1.3 (SIPp-verified).
  bytes a1;
  const std::string_view prefix = "ts2:test.net:";
  a1.insert(a1.end(), prefix.begin(), prefix.end());
  const bytes res = unhex("d3a628ed988620f0");
  a1.insert(a1.end(), res.begin(), res.end());
  BOOST_TEST(hex(md5(a1)) == "bf02b4148224f53710780da51d51b692");
}

BOOST_AUTO_TEST_CASE(interleaved_digests_are_independent) {
  // The per-thread digest context is re-initialised for each call.
  const block<32> s1 = sha256(std::string_view("abc"));
  const block<16> m1 = md5(std::string_view("abc"));
  const block<32> s2 = sha256(std::string_view("abc"));
  BOOST_TEST(hex(s1) == hex(s2));
  BOOST_TEST(hex(m1) == "900150983cd24fb0d6963f7d28e17f72");
}

BOOST_AUTO_TEST_SUITE_END()
