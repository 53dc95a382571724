// 3GPP AKA on Milenage (TS 33.102 §6.3): AV and AUTN at the AuC, AUTN check and AUTS at the USIM,
// AUTS check at the AuC.
#include "crypto/aka.hpp"

namespace ngn::crypto {
namespace {

constexpr block<2> amf_star{0x00, 0x00}; // TS 33.102 §6.3.3: AMF* = 0x0000 for f1*

} // namespace

block<6> sqn_to_bytes(std::uint64_t sqn) noexcept {
  block<6> b;
  for (std::size_t i = 0; i < 6; ++i) b[i] = static_cast<std::uint8_t>(sqn >> (8 * (5 - i)));
  return b;
}

std::uint64_t sqn_from_bytes(const block<6>& b) noexcept {
  std::uint64_t v = 0;
  for (std::uint8_t x : b) v = (v << 8) | x;
  return v;
}

usim_sqn::verdict usim_sqn::check(std::uint64_t sqn, std::uint64_t delta,
                                  std::uint64_t limit) const noexcept {
  const std::uint64_t seq = seq_of(sqn);
  const std::uint64_t highest = seq_of(sqn_ms());
  // C.2.1: no jump of more than Δ above the highest accepted SEQ (keeps SEQ_MS far from SEQmax).
  if (seq > highest && seq - highest > delta) return verdict::beyond_delta;
  // C.2.2: the optional limit L on how far below the highest accepted SEQ a SEQ may be.
  if (limit != 0 && seq < highest && highest - seq >= limit) return verdict::beyond_limit;
  // C.2.2: fresh only if above the entry of its own index.
  return seq > get(ind_of(sqn)) ? verdict::fresh : verdict::not_fresh;
}

void usim_sqn::accept(std::uint64_t sqn) noexcept { put(ind_of(sqn), seq_of(sqn)); }

std::uint64_t usim_sqn::sqn_ms() const noexcept {
  unsigned best = 0;
  std::uint64_t best_seq = get(0);
  for (unsigned i = 1; i < ind_entries; ++i)
    if (const std::uint64_t s = get(i); s > best_seq) {
      best = i;
      best_seq = s;
    }
  return best_seq == 0 ? 0 : make_sqn(best_seq, best);
}

void usim_sqn::set_all(std::uint64_t sqn) noexcept {
  for (unsigned i = 0; i < ind_entries; ++i) put(i, seq_of(sqn));
}

auth_vector make_auth_vector(const milenage& m, const block<16>& rand, std::uint64_t sqn,
                             const block<2>& amf) {
  // TS 33.102 §6.3.2: MAC = f1(SQN ‖ RAND ‖ AMF), XRES = f2, CK = f3, IK = f4, AK = f5;
  // AUTN = SQN ⊕ AK ‖ AMF ‖ MAC.
  const block<6> sqn_b = sqn_to_bytes(sqn & sqn_max);
  const milenage::f1_out mac = m.f1(rand, sqn_b, amf);
  const milenage::f2345_out f = m.f2345(rand);
  auth_vector av;
  av.rand = rand;
  av.xres = f.res;
  av.ck = f.ck;
  av.ik = f.ik;
  for (std::size_t i = 0; i < 6; ++i) av.autn[i] = sqn_b[i] ^ f.ak[i];
  av.autn[6] = amf[0];
  av.autn[7] = amf[1];
  for (std::size_t i = 0; i < 8; ++i) av.autn[8 + i] = mac.mac_a[i];
  return av;
}

autn_result check_autn(const milenage& m, const block<16>& rand, const block<16>& autn) {
  // TS 33.102 §6.3.3: AK = f5(RAND), SQN = (SQN ⊕ AK) ⊕ AK, XMAC = f1(SQN ‖ RAND ‖ AMF),
  // compared with MAC in constant time. RES, CK and IK are only released if MAC matches.
  const milenage::f2345_out f = m.f2345(rand);
  autn_result r;
  block<6> sqn_b;
  for (std::size_t i = 0; i < 6; ++i) sqn_b[i] = autn[i] ^ f.ak[i];
  r.sqn = sqn_from_bytes(sqn_b);
  r.amf = {autn[6], autn[7]};
  const milenage::f1_out xmac = m.f1(rand, sqn_b, r.amf);
  r.mac_ok = equal_ct(xmac.mac_a, byte_view{autn.data() + 8, 8});
  if (r.mac_ok) {
    r.res = f.res;
    r.ck = f.ck;
    r.ik = f.ik;
  }
  return r;
}

block<14> make_auts(const milenage& m, const block<16>& rand, std::uint64_t sqn_ms) {
  // TS 33.102 §6.3.3: AUTS = Conc(SQN_MS) ‖ MAC-S, Conc(SQN_MS) = SQN_MS ⊕ f5*_K(RAND),
  // MAC-S = f1*_K(SQN_MS ‖ RAND ‖ AMF*).
  const block<6> sqn_b = sqn_to_bytes(sqn_ms & sqn_max);
  const block<6> ak_star = m.f5star(rand);
  const milenage::f1_out mac = m.f1(rand, sqn_b, amf_star);
  block<14> auts;
  for (std::size_t i = 0; i < 6; ++i) auts[i] = sqn_b[i] ^ ak_star[i];
  for (std::size_t i = 0; i < 8; ++i) auts[6 + i] = mac.mac_s[i];
  return auts;
}

std::optional<std::uint64_t> verify_auts(const milenage& m, const block<16>& rand,
                                         const block<14>& auts) {
  // TS 33.102 §6.3.5: the AuC recovers SQN_MS with f5* and checks MAC-S with f1* (AMF*).
  const block<6> ak_star = m.f5star(rand);
  block<6> sqn_b;
  for (std::size_t i = 0; i < 6; ++i) sqn_b[i] = auts[i] ^ ak_star[i];
  const milenage::f1_out xmac = m.f1(rand, sqn_b, amf_star);
  if (!equal_ct(xmac.mac_s, byte_view{auts.data() + 6, 8})) return std::nullopt;
  return sqn_from_bytes(sqn_b);
}

} // namespace ngn::crypto
