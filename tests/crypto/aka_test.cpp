// 3GPP AKA (TS 33.102 §6.3): AUTN generation and verification, AUTS resynchronisation.
#include "crypto/aka.hpp"

#include "tests/crypto/test_hex.hpp"
#include "tests/crypto/ts35208.hpp"

#include <boost/test/data/monomorphic.hpp>
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <vector>

using namespace ngn;
using namespace ngn::crypto;
using namespace ngn::crypto::test;

namespace {

/// A TS 35.208 test set with the AUTN = (SQN ⊕ AK) ‖ AMF ‖ MAC-A derived from it; the vector's
/// XRES, CK and IK are the set's f2, f3 and f4.
struct autn_case : ts35208_set {
  const char* autn;
};

// AUTN derived from TS 35.208 sets 1, 2, 3, 5 (reference/aka-and-vectors.md §2.3).
const std::vector<autn_case> derived = {
  {ts35208_sets[0], "55f328b43577b9b94a9ffac354dfafb3"},
  {ts35208_sets[1], "39f96cd9800faf175df5b31807e258b0"},
  {ts35208_sets[2], "ae4a3a9b4c97725c9cabc3e99baf7281"},
  {ts35208_sets[4], "d961bbd511ae9f0749e785dd12626ef2"},
};

milenage make(const autn_case& c) { return milenage(key(c.k), blk<16>(c.opc)); }

} // namespace

BOOST_AUTO_TEST_SUITE(aka)

BOOST_AUTO_TEST_CASE(sqn_bytes) {
  BOOST_TEST(hex(sqn_to_bytes(0xff9bb4d0b607)) == "ff9bb4d0b607");
  BOOST_TEST(sqn_from_bytes(blk<6>("ff9bb4d0b607")) == 0xff9bb4d0b607u);
  BOOST_TEST(sqn_from_bytes(sqn_to_bytes(sqn_max)) == sqn_max);
  BOOST_TEST(sqn_from_bytes(sqn_to_bytes(0)) == 0u);
  // Only the low 48 bits are encoded.
  BOOST_TEST(hex(sqn_to_bytes(0xabcd000000000001)) == "000000000001");
}

BOOST_DATA_TEST_CASE(auth_vector_matches_derived_autn, boost::unit_test::data::make(derived), c) {
  const auth_vector av =
    make_auth_vector(make(c), blk<16>(c.rand), sqn_from_bytes(blk<6>(c.sqn)), blk<2>(c.amf));
  BOOST_TEST(hex(av.rand) == c.rand);
  BOOST_TEST(hex(av.autn) == c.autn);
  BOOST_TEST(hex(av.xres) == c.f2);
  BOOST_TEST(hex(av.ck) == c.f3);
  BOOST_TEST(hex(av.ik) == c.f4);
}

BOOST_AUTO_TEST_CASE(test_set_19_from_op) {
  // TS 35.208 test set 19 (K, OP, SQN, RAND, AMF) with its outputs and AUTN.
  const key128 k = key("5122250214c33e723a5dd523fc145fc0");
  const milenage m(k, milenage_opc(k, blk<16>("c9e8763286b5b9ffbdf56e1297d0887b")));
  const block<16> rand = blk<16>("81e92b6c0ee0e12ebceba8d92a99dfa5");
  const auth_vector av = make_auth_vector(m, rand, 0x16f3b3f70fc2, blk<2>("c3ab"));
  BOOST_TEST(hex(av.autn) == "bb52e91c747ac3ab2a5c23d15ee351d5");
  BOOST_TEST(hex(av.xres) == "28d7b0f2a2ec3de5");
  BOOST_TEST(hex(av.ck) == "5349fbe098649f948f5d2e973a81c00f");
  BOOST_TEST(hex(av.ik) == "9744871ad32bf9bbd1dd5ce54e3e2e5a");
  BOOST_TEST(hex(m.f2345(rand).ak) == "ada15aeb7bb8");

  const autn_result r = check_autn(m, rand, av.autn);
  BOOST_TEST(r.mac_ok);
  BOOST_TEST(r.sqn == 0x16f3b3f70fc2u);
  BOOST_TEST(hex(r.res) == "28d7b0f2a2ec3de5");
}

BOOST_DATA_TEST_CASE(check_autn_accepts_and_recovers, boost::unit_test::data::make(derived), c) {
  const autn_result r = check_autn(make(c), blk<16>(c.rand), blk<16>(c.autn));
  BOOST_TEST(r.mac_ok);
  BOOST_TEST(r.sqn == sqn_from_bytes(blk<6>(c.sqn)));
  BOOST_TEST(hex(r.amf) == c.amf);
  BOOST_TEST(hex(r.res) == c.f2);
  BOOST_TEST(hex(r.ck) == c.f3);
  BOOST_TEST(hex(r.ik) == c.f4);
}

BOOST_DATA_TEST_CASE(check_autn_rejects_every_bit_flip, boost::unit_test::data::make(derived),
                     c) {
  // MAC-A covers SQN and AMF, so flipping any of the 128 AUTN bits must fail verification, and
  // no RES/CK/IK may be released.
  const milenage m = make(c);
  const block<16> good = blk<16>(c.autn);
  int accepted = 0;
  for (std::size_t i = 0; i < 16; ++i) {
    for (int bit = 0; bit < 8; ++bit) {
      block<16> bad = good;
      bad[i] ^= static_cast<std::uint8_t>(1u << bit);
      const autn_result r = check_autn(m, blk<16>(c.rand), bad);
      if (r.mac_ok) ++accepted;
      BOOST_TEST(hex(r.res) == "0000000000000000");
      BOOST_TEST((r.ck == key128{}));
      BOOST_TEST((r.ik == key128{}));
    }
  }
  BOOST_TEST(accepted == 0);
}

BOOST_AUTO_TEST_CASE(check_autn_rejects_wrong_key_or_rand) {
  const autn_case& c = derived[0];
  const milenage other(key("465b5ce8b199b49faa5f0a2ee238a6bd"), blk<16>(c.opc));
  BOOST_TEST(!check_autn(other, blk<16>(c.rand), blk<16>(c.autn)).mac_ok);
  BOOST_TEST(!check_autn(make(c), blk<16>("23553cbe9637a89d218ae64dae47bf36"), blk<16>(c.autn))
                .mac_ok);
}

BOOST_AUTO_TEST_CASE(generated_vector_round_trip) {
  const autn_case& c = derived[1];
  const milenage m = make(c);
  for (std::uint64_t sqn : {std::uint64_t{0}, std::uint64_t{32}, std::uint64_t{0x123456789a},
                            sqn_max}) {
    const auth_vector av = make_auth_vector(m, blk<16>(c.rand), sqn, blk<2>("8000"));
    const autn_result r = check_autn(m, av.rand, av.autn);
    BOOST_TEST(r.mac_ok);
    BOOST_TEST(r.sqn == sqn);
    BOOST_TEST(hex(r.amf) == "8000");
    BOOST_TEST(hex(r.res) == hex(av.xres));
    BOOST_TEST((r.ck == av.ck));
    BOOST_TEST((r.ik == av.ik));
  }
}

BOOST_DATA_TEST_CASE(auts_round_trip_and_structure, boost::unit_test::data::make(derived), c) {
  const milenage m = make(c);
  const block<16> rand = blk<16>(c.rand);
  const std::uint64_t sqn_ms = sqn_from_bytes(blk<6>(c.sqn)) + 1;
  const block<14> auts = make_auts(m, rand, sqn_ms);

  // AUTS = (SQN_MS ⊕ f5*) ‖ f1*(SQN_MS, RAND, AMF* = 0000), recomputed from the Milenage
  // functions that the TS 35.208 tests pin down.
  const block<6> sqn_b = sqn_to_bytes(sqn_ms);
  const block<6> ak_star = m.f5star(rand);
  const block<8> mac_s = m.f1(rand, sqn_b, blk<2>("0000")).mac_s;
  block<14> want;
  for (std::size_t i = 0; i < 6; ++i) want[i] = sqn_b[i] ^ ak_star[i];
  for (std::size_t i = 0; i < 8; ++i) want[6 + i] = mac_s[i];
  BOOST_TEST(hex(auts) == hex(want));
  // MAC-S uses AMF*, not the vector's AMF.
  BOOST_TEST(hex(mac_s) != hex(m.f1(rand, sqn_b, blk<2>(c.amf)).mac_s));

  const std::optional<std::uint64_t> got = verify_auts(m, rand, auts);
  BOOST_TEST_REQUIRE(got.has_value());
  BOOST_TEST(*got == sqn_ms);
}

BOOST_AUTO_TEST_CASE(auts_with_test_set_1_f1star) {
  // With SQN_MS = the set's SQN, MAC-S is TS 35.208 set 1's f1* only if the AMF were b9b9;
  // with AMF* = 0000 it differs, while Conc(SQN_MS) uses set 1's f5* = 451e8beca43b.
  const autn_case& c = derived[0];
  const block<14> auts = make_auts(make(c), blk<16>(c.rand), 0xff9bb4d0b607);
  block<6> conc;
  const block<6> sqn = blk<6>("ff9bb4d0b607");
  const block<6> ak_star = blk<6>("451e8beca43b");
  for (std::size_t i = 0; i < 6; ++i) conc[i] = sqn[i] ^ ak_star[i];
  BOOST_TEST(hex(byte_view{auts.data(), 6}) == hex(conc));
  BOOST_TEST(hex(byte_view{auts.data() + 6, 8}) != "01cfaf9ec4e871e9");
}

BOOST_DATA_TEST_CASE(tampered_auts_is_rejected, boost::unit_test::data::make(derived), c) {
  const milenage m = make(c);
  const block<16> rand = blk<16>(c.rand);
  const block<14> auts = make_auts(m, rand, 0x000000001234);
  int accepted = 0;
  for (std::size_t i = 0; i < auts.size(); ++i) {
    for (int bit = 0; bit < 8; ++bit) {
      block<14> bad = auts;
      bad[i] ^= static_cast<std::uint8_t>(1u << bit);
      if (verify_auts(m, rand, bad).has_value()) ++accepted;
    }
  }
  BOOST_TEST(accepted == 0);
  BOOST_TEST(!verify_auts(m, blk<16>("00000000000000000000000000000000"), auts).has_value());
}

// TS 33.102 Annex C.1.1 / C.3.2: SQN = SEQ ‖ IND with a 5-bit IND.
BOOST_AUTO_TEST_CASE(sqn_is_seq_and_ind) {
  BOOST_TEST(ind_entries == 32u);
  BOOST_TEST(seq_max == (std::uint64_t{1} << 43) - 1);
  BOOST_TEST(make_sqn(1, 0) == 32u);
  BOOST_TEST(make_sqn(3, 31) == 127u);
  BOOST_TEST(make_sqn(seq_max, 31) == sqn_max);
  BOOST_TEST(seq_of(sqn_max) == seq_max);
  BOOST_TEST(ind_of(sqn_max) == 31u);
  BOOST_TEST(seq_of(1'000'000) == 31'250u);
  BOOST_TEST(ind_of(1'000'019) == 19u);
}

// TS 33.102 Annex C.2.2: fresh iff SEQ > SEQ_MS(IND); SQN_MS is the highest anywhere.
BOOST_AUTO_TEST_CASE(usim_array_accepts_per_index) {
  usim_sqn u;
  constexpr std::uint64_t delta = std::uint64_t{1} << 28, limit = 32;
  using v = usim_sqn::verdict;
  BOOST_TEST(u.sqn_ms() == 0u);
  BOOST_TEST((u.check(make_sqn(0, 4), delta, limit) == v::not_fresh)); // SEQ 0 is never fresh
  BOOST_TEST((u.check(make_sqn(10, 4), delta, limit) == v::fresh));
  u.accept(make_sqn(10, 4));
  BOOST_TEST(u.sqn_ms() == make_sqn(10, 4));
  BOOST_TEST((u.check(make_sqn(10, 4), delta, limit) == v::not_fresh)); // the same SQN again
  BOOST_TEST((u.check(make_sqn(9, 4), delta, limit) == v::not_fresh));  // older, same entry
  BOOST_TEST((u.check(make_sqn(9, 5), delta, limit) == v::fresh));      // older, another entry
  u.accept(make_sqn(9, 5));
  BOOST_TEST(u.seq_ms(5) == 9u);
  BOOST_TEST(u.seq_ms(4) == 10u);
  BOOST_TEST(u.sqn_ms() == make_sqn(10, 4));
  BOOST_TEST((u.check(make_sqn(9, 5), delta, limit) == v::not_fresh));
  BOOST_TEST((u.check(make_sqn(11, 4), delta, limit) == v::fresh));
}

// The array keeps whole 43-bit SEQs in each entry (each in 6 octets), independently.
BOOST_AUTO_TEST_CASE(usim_entries_hold_every_seq_bit) {
  usim_sqn u;
  for (unsigned i = 0; i < ind_entries; ++i)
    u.accept(make_sqn(seq_max - 1000 * i - (std::uint64_t{0x5a5a5a5a} << i % 11), i));
  for (unsigned i = 0; i < ind_entries; ++i)
    BOOST_TEST(u.seq_ms(i) == seq_max - 1000 * i - (std::uint64_t{0x5a5a5a5a} << i % 11), "entry " << i);
  BOOST_TEST(u.sqn_ms() == make_sqn(seq_max - 0x5a5a5a5a, 0)); // entry 0 is the highest
  u.accept(make_sqn(seq_max, 31));
  BOOST_TEST(u.sqn_ms() == make_sqn(seq_max, 31));
  BOOST_TEST(u.seq_ms(31) == seq_max);
  BOOST_TEST(u.seq_ms(30) == seq_max - 30000 - (std::uint64_t{0x5a5a5a5a} << 8));
  BOOST_TEST((u.check(make_sqn(seq_max, 31), 1u << 28, 0) == usim_sqn::verdict::not_fresh));
}

// TS 33.102 Annex C.2.1 (Δ above the highest SEQ accepted) and C.2.2 (L below it), in SEQ units.
BOOST_AUTO_TEST_CASE(usim_delta_and_limit) {
  usim_sqn u;
  using v = usim_sqn::verdict;
  u.accept(make_sqn(100, 0));
  BOOST_TEST((u.check(make_sqn(1100, 1), 1000, 32) == v::fresh));        // exactly Δ
  BOOST_TEST((u.check(make_sqn(1101, 1), 1000, 32) == v::beyond_delta));
  BOOST_TEST((u.check(make_sqn(69, 1), 1000, 32) == v::fresh));          // 100 − 69 < L
  BOOST_TEST((u.check(make_sqn(68, 1), 1000, 32) == v::beyond_limit));   // 100 − 68 = L
  BOOST_TEST((u.check(make_sqn(68, 1), 1000, 0) == v::fresh));           // no L
  u.set_all(make_sqn(500, 7));
  for (unsigned i = 0; i < ind_entries; ++i) BOOST_TEST(u.seq_ms(i) == 500u);
  BOOST_TEST(u.sqn_ms() == make_sqn(500, 0));
  BOOST_TEST((u.check(make_sqn(500, 3), 1000, 32) == v::not_fresh));
  BOOST_TEST((u.check(make_sqn(501, 3), 1000, 32) == v::fresh));
}

BOOST_AUTO_TEST_SUITE_END()
