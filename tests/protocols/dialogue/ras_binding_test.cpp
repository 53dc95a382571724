// The RAS binding's messages (ras_binding.hpp): golden encodings of every step (time stamps
// normalised), decode of what the binding encodes, and verify().
#include "tests/protocols/dialogue/ras_binding_support.hpp"

#include "protocols/dialogue/ras_util.hpp"
#include "protocols/ras/codec.hpp"

#include "protocols/common/hex.hpp"
#include "tests/common/test_bindings.hpp"

#include <boost/test/unit_test.hpp>

using namespace ngn;
using namespace ngn::dialogue;
using namespace ngn::dialogue::ras_test;
namespace ru = ngn::dialogue::ras_util;

namespace {

// Golden encodings (serial 17, session 00..0001020304 (128 bits), RAND 00..0f, AUTN 10..1f, RES deadbeef01020304;
// cryptoEPPwdHash time stamps normalised to 1700000000). Dissected by tshark 4.0.17 with no
// expert info.
const std::string_view golden_grq =
  "02a00088060008914a0007000a01000106b7020280006e0067006e002e006500780061006d0070006c006501"
  "400d007400310040006e0067006e002e006500780061006d0070006c00651630c00201201402096086480165"
  "03040106082a864886f70d0209520348048837010a000140000108076165732d67636d400002280384480488"
  "37010a0001400001080b686d61632d7368613235364000022801f448048837010a00014000010806782d7465"
  "73744000022800000100";

const std::string_view golden_grj =
  "0a800088060008914a000714006e0067006e002e006500780061006d0070006c00658001000a887802890004"
  "8837010130000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f1a007400310040"
  "006e0067006e002e006500780061006d0070006c006506801714006e0067006e002e006500780061006d0070"
  "006c0065080004883701061000000000000000000000000001020304530348048837010b0001400001080b68"
  "6d61632d7368613235364000022802bc48048837010b000140000108076165732d67636d4000022802584804"
  "8837010d000140000108076165732d67636d400002280258";

const std::string_view golden_rrq =
  "0ec00089060008914a00070001000a01000106b801000a01000106b7020001400d007400310040006e006700"
  "6e002e006500780061006d0070006c006514006e0067006e002e006500780061006d0070006c006560ff0000"
  "00056e676e656d75003134eb00120003400e0f68028900048837010110000102030405060708090a0b0c0d0e"
  "0f14006e0067006e002e006500780061006d0070006c006506801d1a007400310040006e0067006e002e0065"
  "00780061006d0070006c00650800048837010610000000000000000000000000010203043301040d00740031"
  "0040006e0067006e002e006500780061006d0070006c0065c06553f0ff04883701040040deadbeef01020304"
  "010001000100808a0548048837010a000140000108076165732d67636d40000228038448048837010a000140"
  "0001080b686d61632d7368613235364000022801f448048837010a00014000010806782d7465737440000228"
  "000048048837010c0001400001080b686d61632d7368613235364000022802bc48048837010c000140000108"
  "076165732d67636d4000022802580100";

const std::string_view golden_rcf =
  "12c00089060008914a000701000a00000106b801400d007400310040006e0067006e002e006500780061006d"
  "0070006c006514006e0067006e002e006500780061006d0070006c00653e0030003000300030003000300030"
  "0030003000300030003000300030003000300030003000300030003000300030003000300031003000320030"
  "00330030003426ea010003400e0f80c403810004883701011a007400310040006e0067006e002e0065007800"
  "61006d0070006c006506c01714006e0067006e002e006500780061006d0070006c0065252009608648016503"
  "0401050018a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5080004883701061000000000000000"
  "0000000000010203048000048837010206c01714006e0067006e002e006500780061006d0070006c00652520"
  "0960864801650304010500185a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5801740488370105"
  "0900048837010510000000000000000000000000010203041a007400310040006e0067006e002e0065007800"
  "61006d0070006c0065082a864886f70d02090080803c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c010001001b0148"
  "048837010d000140000108076165732d67636d400002280258";

const std::string_view golden_resync =
  "0ec00089060008914a00070001000a01000106b801000a01000106b7020001400d007400310040006e006700"
  "6e002e006500780061006d0070006c006514006e0067006e002e006500780061006d0070006c006560ff0000"
  "00056e676e656d75003134cb00120003400e0f7e038900048837010110000102030405060708090a0b0c0d0e"
  "0f14006e0067006e002e006500780061006d0070006c006506801d1a007400310040006e0067006e002e0065"
  "00780061006d0070006c0065080004883701061000000000000000000000000001020304080004883701030c"
  "a0a1a2a3a4a5a6a7a8a9aaabacad010001000100808a0548048837010a000140000108076165732d67636d40"
  "000228038448048837010a0001400001080b686d61632d7368613235364000022801f448048837010a000140"
  "00010806782d7465737440000228000048048837010c0001400001080b686d61632d73686132353640000228"
  "02bc48048837010c000140000108076165732d67636d4000022802580100";

const std::string_view golden_urq =
  "1b40008a01000a01000106b801400d007400310040006e0067006e002e006500780061006d0070006c00653e"
  "0030003000300030003000300030003000300030003000300030003000300030003000300030003000300030"
  "003000300030003100300032003000330030003414e8801714006e0067006e002e006500780061006d007000"
  "6c006568028900048837010110000102030405060708090a0b0c0d0e0f14006e0067006e002e006500780061"
  "006d0070006c006506801d1a007400310040006e0067006e002e006500780061006d0070006c006508000488"
  "37010610000000000000000000000000010203043301040d007400310040006e0067006e002e006500780061"
  "006d0070006c0065c06553f0ff04883701040040deadbeef0102030401402d0148048837010e000140000128"
  "01934000020819455f4b6328534b292072656a65637465643a2022626164223f";

} // namespace

BOOST_AUTO_TEST_SUITE(ras_binding_messages)

BOOST_AUTO_TEST_CASE(grq_golden_and_decode) {
  const auto wire = ras_b().reg_request(view());
  BOOST_TEST(hex_of(wire) == golden_grq);
  auto in = decoded(wire);
  BOOST_TEST((in.c.kind == step::reg_request));
  BOOST_TEST(!in.c.is_response);
  BOOST_TEST(in.c.identity == "t1@ngn.example");
  BOOST_TEST((in.c.offered == offered));  // names and priorities survive
  BOOST_TEST(in.c.tid == std::to_string(ru::first_seq(17)));
  const auto& grq = std::get<ras::grq>(ras_binding::message_of(in));
  BOOST_TEST((grq.algorithm_oids
              == std::vector<ras::object_identifier>{ru::ids().aes128_gcm, ru::ids().hmac_sha256}));
  BOOST_TEST((std::get<ras::ip_address>(grq.ras_address).port == 1719));
}

BOOST_AUTO_TEST_CASE(grj_challenge_golden_and_decode) {
  auto f = make_flow();
  BOOST_TEST(hex_of(ru::to_wire(ras_binding::message_of(f.grj))) == golden_grj);
  const auto& c = f.grj.c;
  BOOST_TEST((c.kind == step::challenge));
  BOOST_TEST(c.is_response);
  BOOST_TEST(c.tid == f.grq.c.tid);
  BOOST_TEST(c.identity == "t1@ngn.example");
  BOOST_TEST(c.session_id == ngn::session_id::of_number(0x01020304));
  BOOST_TEST((c.rand == fixed_rand()));
  BOOST_TEST((c.autn == fixed_autn()));
  BOOST_TEST((c.edge == edge_list));
  BOOST_TEST(c.chosen == "aes-gcm");
}

BOOST_AUTO_TEST_CASE(rrq_golden_and_decode) {
  auto f = make_flow();
  BOOST_TEST(hex_of(normalised(ru::to_wire(ras_binding::message_of(f.rrq)))) == golden_rrq);
  const auto& c = f.rrq.c;
  BOOST_TEST((c.kind == step::reg_message));
  BOOST_TEST(!c.is_response);
  BOOST_TEST(std::stoi(c.tid) == std::stoi(f.grq.c.tid) + 1);
  BOOST_TEST(c.identity == "t1@ngn.example");
  BOOST_TEST(c.session_id == ngn::session_id::of_number(0x01020304));
  BOOST_TEST((c.rand == fixed_rand()));
  BOOST_TEST((c.proof && ngn::to_hex(*c.proof) == "deadbeef01020304"));
  BOOST_TEST(!c.auts);
  BOOST_TEST((c.offered == offered));
  BOOST_TEST((c.edge == edge_list));  // the mirror of the challenge's list
  BOOST_TEST(!c.sec_agree_failed);
}

BOOST_AUTO_TEST_CASE(rcf_golden_and_decode) {
  auto f = make_flow();
  BOOST_TEST(hex_of(ru::to_wire(ras_binding::message_of(f.rcf))) == golden_rcf);
  const auto& c = f.rcf.c;
  BOOST_TEST((c.kind == step::success));
  BOOST_TEST(c.tid == f.rrq.c.tid);
  BOOST_TEST(c.identity == "t1@ngn.example");
  BOOST_TEST(c.session_id == ngn::session_id::of_number(0x01020304));
  BOOST_TEST((c.wrapped_t == std::vector<std::uint8_t>(24, 0xA5)));
  BOOST_TEST((c.wrapped_edge == std::vector<std::uint8_t>(24, 0x5A)));
  BOOST_TEST((c.mac == std::vector<std::uint8_t>(16, 0x3C)));
  BOOST_TEST(c.chosen == "aes-gcm");
  const auto& rcf = std::get<ras::rcf>(ras_binding::message_of(f.rcf));
  BOOST_TEST((rcf.endpoint_identifier == u"00000000000000000000000001020304"));
  BOOST_TEST((*ru::mechanisms_of(rcf.generic_data, ru::ids().chosen)
              == mechanism_list{{"aes-gcm", 600}}));  // q from the edge's list
}

BOOST_AUTO_TEST_CASE(resync_auth_failure_and_refusal) {
  const auto& b = ras_b();
  auto f = make_flow();
  auts_t auts{};
  for (std::size_t i = 0; i < auts.size(); ++i) auts[i] = static_cast<std::uint8_t>(0xA0 + i);
  auto resync = decoded(b.resync_message(view(), f.grj, auts));
  BOOST_TEST(hex_of(normalised(ru::to_wire(ras_binding::message_of(resync)))) == golden_resync);
  BOOST_TEST((resync.c.kind == step::reg_message));
  BOOST_REQUIRE(resync.c.auts);
  BOOST_TEST((*resync.c.auts == auts));
  BOOST_TEST(!resync.c.proof);
  BOOST_TEST(resync.c.session_id == ngn::session_id::of_number(0x01020304));

  auto failure = decoded(b.auth_failure(view(), f.grj));
  BOOST_TEST((failure.c.kind == step::reg_message));
  BOOST_TEST(!failure.c.proof);
  BOOST_TEST(!failure.c.auts);
  BOOST_TEST(!ngn::test::proves(b, failure, res, fixed_rand()));

  auto refusal = decoded(b.refusal(view(), f.grj, f.rcf, res, "E_Kc(SK) rejected: \"bad\"\n"));
  BOOST_TEST(hex_of(normalised(ru::to_wire(ras_binding::message_of(refusal)))) == golden_urq);
  BOOST_TEST((refusal.c.kind == step::refusal));
  BOOST_TEST(!refusal.c.is_response);
  BOOST_TEST(std::stoi(refusal.c.tid) == std::stoi(f.rcf.c.tid) + 1);
  BOOST_TEST(refusal.c.identity == "t1@ngn.example");
  BOOST_TEST(refusal.c.session_id == ngn::session_id::of_number(0x01020304));
  BOOST_TEST(refusal.c.reason == "E_Kc(SK) rejected: \"bad\"?");
  BOOST_TEST((refusal.c.result == code::forbidden));
  BOOST_TEST(ngn::test::proves(b, refusal, res, fixed_rand()));
  const auto& urq = std::get<ras::urq>(ras_binding::message_of(refusal));
  BOOST_TEST((*urq.endpoint_identifier == u"00000000000000000000000001020304"));
  BOOST_TEST((*urq.gatekeeper_identifier == u"ngn.example"));
}

BOOST_AUTO_TEST_CASE(verify_checks_res_and_the_echoed_rand) {
  const auto& b = ras_b();
  auto f = make_flow();
  BOOST_TEST(ngn::test::proves(b, f.rrq, res, fixed_rand()));
  res_t wrong = res;
  wrong[7] ^= 1;
  BOOST_TEST(!ngn::test::proves(b, f.rrq, wrong, fixed_rand()));
  rand_t other = fixed_rand();
  other[0] ^= 1;
  BOOST_TEST(!ngn::test::proves(b, f.rrq, res, other));  // an answer to another challenge
  BOOST_TEST(!ngn::test::proves(b, f.grq, res, fixed_rand()));
  BOOST_TEST(!ngn::test::proves(b, f.rcf, res, fixed_rand()));
  // Without the session token or with a truncated word: false.
  auto m = std::get<ras::rrq>(ras_binding::message_of(f.rrq));
  m.tokens.reset();
  BOOST_TEST(!ngn::test::proves(b, decoded(ru::to_wire(m)), res, fixed_rand()));
  m = std::get<ras::rrq>(ras_binding::message_of(f.rrq));
  std::get<ras::crypto_ep_pwd_hash>(m.crypto_tokens->at(0)).token.hash =
    ras::make_bit_string({0xde, 0xad, 0xbe, 0xef});
  BOOST_TEST(!ngn::test::proves(b, decoded(ru::to_wire(m)), res, fixed_rand()));
}

BOOST_AUTO_TEST_SUITE_END()
