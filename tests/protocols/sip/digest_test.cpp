// RFC 2617 Digest and RFC 3310 Digest-AKA: the golden responses of aka-and-vectors.md §1.3 (SIPp
// 3.6.1, TS 35.208 test sets 2, 3, 5 and the MD5 user) and wire-bindings.md §2.1, with crypto::md5.
#include "protocols/sip/digest.hpp"

#include "crypto/hash.hpp"
#include "protocols/common/hex.hpp"

#include "tests/protocols/sip/golden.hpp"

#include <boost/test/unit_test.hpp>

#include <string>

using namespace ngn;
using namespace ngn::sip;

namespace {

std::array<std::uint8_t, 16> md5_adapter(std::string_view data) { return crypto::md5(data); }

std::string raw(std::string_view hex) {
  auto b = from_hex(hex);
  BOOST_TEST_REQUIRE(b.has_value());
  return std::string(b->begin(), b->end());
}

std::string md5_hex(std::string_view data) { return to_hex(crypto::md5(data)); }

template <std::size_t N>
std::array<std::uint8_t, N> arr(std::string_view hex) {
  std::array<std::uint8_t, N> a{};
  BOOST_TEST_REQUIRE(from_hex(hex, a.data(), N));
  return a;
}

struct aka_vector {
  const char* user;
  const char* nonce;
  const char* cnonce;
  const char* res; // hex RES (TS 35.208 f2); for MD5 the password itself
  bool res_is_hex;
  const char* response;
};

// aka-and-vectors.md §1.3: realm test.net, method REGISTER, uri sip:127.0.0.1:5070, nc 00000001.
const aka_vector sipp_vectors[] = {
  {"ts2", "wA1gMQPc7lLER4EZSUIC6Dn5bNmAD68XXfWzGAfiWLA=", "6b8b4567", "d3a628ed988620f0", true,
   "286fade8d25f081284a181d5bfa4a00e"},
  {"ts3", "n3yNAhrM9NshPM/wx/caaq5KOptMl3JcnKvD6ZuvcoE=", "327b23c6", "8011c48c0c214ed2", true,
   "2795f30b7ffe51e6968756784183b565"},
  {"ts5", "dLDNYDGhyDObK2ziuMShhtlhu9URrp8HSeeF3RJibvI=", "6b8b4567", "5860fc1bce351e7e", true,
   "890ebb946ec45989392fa0e4d5136187"},
  {"md5user", "abcdef0123456789", "6b8b4567", "secret-md5user", false, "b18cc40b7c04fbe9ccab3686dc604279"},
};

} // namespace

BOOST_AUTO_TEST_SUITE(sip_digest)

BOOST_AUTO_TEST_CASE(sipp_golden_responses) {
  for (const auto& v : sipp_vectors) {
    std::string password = v.res_is_hex ? raw(v.res) : std::string(v.res);
    digest_input in{v.user, "test.net", "REGISTER", "sip:127.0.0.1:5070", v.nonce, "00000001", v.cnonce,
                    "auth", password};
    BOOST_TEST(digest_response(in, md5_adapter) == v.response, v.user);
    BOOST_TEST(digest_check(in, v.response, md5_adapter), v.user);
  }
}

BOOST_AUTO_TEST_CASE(wire_bindings_response_and_rspauth) {
  digest_input in{"1001", "ngn.example", "REGISTER", "sip:ngn.example", "8f3c1a9d2b7e4f60a1c5d9e8b7a6f5e4",
                  "00000001", "0a4f113b", "auth", "secret"};
  BOOST_TEST(digest_response(in, md5_adapter) == "13f913040dca2c9afafa2c7437b68a77");
  // RFC 2617 §3.2.3: A2 = ":" digest-uri.
  BOOST_TEST(digest_rspauth(in, md5_adapter) == "90d3a1af64d99cfb9a58fec1afe8e96d");
}

BOOST_AUTO_TEST_CASE(check_from_parsed_authorization) {
  auto m = parse(test::crlf(test::aka_register));
  BOOST_TEST_REQUIRE(m.ok());
  BOOST_TEST_REQUIRE(m->authorization.has_value());
  digest_input in;
  BOOST_TEST_REQUIRE(digest_fields(*m->authorization, in));
  in.method = m->method;
  const std::string xres = raw("d3a628ed988620f0");
  in.password = xres;
  BOOST_TEST(digest_check(in, m->authorization->value("response"), md5_adapter));
  // RFC 3310 §3.5: rspauth with XRES as the password, as carried in aka_200.
  auto ok = parse(test::crlf(test::aka_200));
  BOOST_TEST_REQUIRE(ok.ok());
  BOOST_TEST(digest_rspauth(in, md5_adapter) == ok->authentication_info->value("rspauth"));
}

BOOST_AUTO_TEST_CASE(check_fails_for_wrong_res) {
  std::string res = raw("d3a628ed988620f0");
  digest_input in{"ts2", "test.net", "REGISTER", "sip:127.0.0.1:5070",
                  "wA1gMQPc7lLER4EZSUIC6Dn5bNmAD68XXfWzGAfiWLA=", "00000001", "6b8b4567", "auth", res};
  const std::string good = "286fade8d25f081284a181d5bfa4a00e";
  BOOST_TEST(digest_check(in, good, md5_adapter));
  std::string upper = "286FADE8D25F081284A181D5BFA4A00E";
  BOOST_TEST(digest_check(in, upper, md5_adapter)); // hex case is not significant
  for (std::size_t i = 0; i < res.size(); ++i) {
    std::string wrong = res;
    wrong[i] = static_cast<char>(wrong[i] ^ 0x01);
    in.password = wrong;
    BOOST_TEST(!digest_check(in, good, md5_adapter), "RES byte " << i);
  }
  in.password = res;
  BOOST_TEST(!digest_check(in, good.substr(0, 31), md5_adapter));
  BOOST_TEST(!digest_check(in, good + "0", md5_adapter));
  BOOST_TEST(!digest_check(in, "", md5_adapter));
  in.nc = "00000002";
  BOOST_TEST(!digest_check(in, good, md5_adapter));
}

BOOST_AUTO_TEST_CASE(res_with_nul_bytes_is_used_whole) {
  // TS 35.208 RES values can contain 0x00; SIPp 3.6.1 truncated them (aka-and-vectors.md §3.1).
  const std::string res = raw("00a6280098862000");
  BOOST_TEST_REQUIRE(res.size() == 8u);
  digest_input in{"nul", "test.net", "REGISTER", "sip:x", "nonce", "00000001", "c", "auth", res};
  std::string a1 = "nul:test.net:" + res;
  std::string expected =
    md5_hex(md5_hex(a1) + ":nonce:00000001:c:auth:" + md5_hex("REGISTER:sip:x"));
  BOOST_TEST(digest_response(in, md5_adapter) == expected);
  digest_input truncated = in;
  truncated.password = std::string_view{};
  BOOST_TEST(digest_response(truncated, md5_adapter) != expected);
  BOOST_TEST(digest_check(in, expected, md5_adapter));
}

BOOST_AUTO_TEST_CASE(without_qop_rfc2069_form) {
  digest_input in{"u", "r", "REGISTER", "sip:x", "n", "", "", "", "pw"};
  std::string expected = md5_hex(md5_hex("u:r:pw") + ":n:" + md5_hex("REGISTER:sip:x"));
  BOOST_TEST(digest_response(in, md5_adapter) == expected);
}

BOOST_AUTO_TEST_CASE(digest_fields_requires_the_credentials) {
  auth_params a;
  a.set("username", "u", true);
  a.set("realm", "r", true);
  a.set("nonce", "n", true);
  a.set("uri", "sip:x", true);
  digest_input in;
  BOOST_TEST(!digest_fields(a, in)); // no response
  a.set("response", "00", true);
  BOOST_TEST(digest_fields(a, in));
  BOOST_TEST(in.qop.empty());
  a.set("qop", "auth", false);
  BOOST_TEST(!digest_fields(a, in)); // qop without nc/cnonce
  a.set("nc", "00000001", false);
  a.set("cnonce", "c", true);
  BOOST_TEST(digest_fields(a, in));
  BOOST_TEST(in.username == "u");
  BOOST_TEST(in.cnonce == "c");
}

BOOST_AUTO_TEST_CASE(aka_nonce_of_the_test_sets) {
  struct {
    const char* rand;
    const char* autn;
    const char* nonce;
  } sets[] = {
    {"23553cbe9637a89d218ae64dae47bf35", "55f328b43577b9b94a9ffac354dfafb3",
     "I1U8vpY3qJ0hiuZNrke/NVXzKLQ1d7m5Sp/6w1Tfr7M="},
    {"c00d603103dcee52c4478119494202e8", "39f96cd9800faf175df5b31807e258b0",
     "wA1gMQPc7lLER4EZSUIC6Dn5bNmAD68XXfWzGAfiWLA="},
    {"9f7c8d021accf4db213ccff0c7f71a6a", "ae4a3a9b4c97725c9cabc3e99baf7281",
     "n3yNAhrM9NshPM/wx/caaq5KOptMl3JcnKvD6ZuvcoE="},
    {"74b0cd6031a1c8339b2b6ce2b8c4a186", "d961bbd511ae9f0749e785dd12626ef2",
     "dLDNYDGhyDObK2ziuMShhtlhu9URrp8HSeeF3RJibvI="},
  };
  for (const auto& s : sets) {
    auto rand = arr<16>(s.rand);
    auto autn = arr<16>(s.autn);
    BOOST_TEST(aka_nonce(rand, autn) == s.nonce);
    std::array<std::uint8_t, 16> r{};
    std::array<std::uint8_t, 16> a{};
    BOOST_TEST_REQUIRE(parse_aka_nonce(s.nonce, r, a));
    BOOST_TEST((r == rand));
    BOOST_TEST((a == autn));
  }
}

BOOST_AUTO_TEST_CASE(parse_aka_nonce_edge_cases) {
  std::array<std::uint8_t, 16> r{};
  std::array<std::uint8_t, 16> a{};
  // RFC 3310 §4 example: 44 characters plus "==", RAND ‖ AUTN ‖ one byte of server data.
  BOOST_TEST(parse_aka_nonce("CjPk9mRqNuT25eRkajM09uTl9nM09uTl9nMz5OX25PZz==", r, a));
  BOOST_TEST(!parse_aka_nonce("abcdef0123456789", r, a));                       // MD5 nonce: 12 bytes
  BOOST_TEST(parse_aka_nonce("wA1gMQPc7lLER4EZSUIC6Dn5bNmAD68XXfWzGAfiWLA", r, a)); // padding optional
  BOOST_TEST(!parse_aka_nonce("wA1gMQPc7lLER4EZSUIC6Dn5bNmAD68XXfWzGAfiWL!=", r, a));
  BOOST_TEST(!parse_aka_nonce("", r, a));
  BOOST_TEST(!parse_aka_nonce("wA1g=MQPc7lLER4EZSUIC6Dn5bNmAD68XXfWzGAfiWLA=", r, a));
}

BOOST_AUTO_TEST_CASE(auts_round_trip) {
  auto auts = arr<14>("deadbeef0102030405060708090a");
  std::string b64 = format_auts(auts);
  BOOST_TEST(b64.size() == 20u);
  auto back = parse_auts(b64);
  BOOST_TEST_REQUIRE(back.has_value());
  BOOST_TEST((*back == auts));
  BOOST_TEST(!parse_auts(b64.substr(0, 16)).has_value()); // 12 bytes
  BOOST_TEST(!parse_auts("").has_value());
  BOOST_TEST(!parse_auts("####################").has_value());
}

BOOST_AUTO_TEST_SUITE_END()
