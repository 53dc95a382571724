// 3GPP AKA on top of Milenage (TS 33.102 §6.3): authentication vectors and AUTN at the home
// environment (AuC), AUTN verification and AUTS at the USIM (terminal), AUTS at the AuC.
#pragma once

#include "protocols/common/bytes.hpp"
#include "crypto/milenage.hpp"
#include "crypto/secret.hpp"

#include <array>
#include <cstdint>
#include <optional>

namespace ngn::crypto {

constexpr std::uint64_t sqn_max = (std::uint64_t{1} << 48) - 1;

// TS 33.102 Annex C.1.1: SQN = SEQ ‖ IND. Annex C.3.2 (the profile for sequence numbers that are
// not time-based) gives IND 5 bits, so the USIM keeps a = 2^5 = 32 array entries SEQ_MS(i), and
// SEQ the remaining 43 bits.
constexpr unsigned ind_bits = 5;
constexpr std::size_t ind_entries = std::size_t{1} << ind_bits; ///< a
constexpr std::uint64_t seq_max = sqn_max >> ind_bits;          ///< 2^43 − 1

constexpr std::uint64_t seq_of(std::uint64_t sqn) noexcept { return (sqn & sqn_max) >> ind_bits; }
constexpr unsigned ind_of(std::uint64_t sqn) noexcept {
  return static_cast<unsigned>(sqn & (ind_entries - 1));
}
/// SEQ ‖ IND; `seq` above seq_max or `ind` above a − 1 are cut to their bits.
constexpr std::uint64_t make_sqn(std::uint64_t seq, unsigned ind) noexcept {
  return ((seq & seq_max) << ind_bits) | (ind & (ind_entries - 1));
}

/// The USIM's sequence number state and freshness check (TS 33.102 Annex C.2): the array
/// SEQ_MS(0) … SEQ_MS(a−1), all zero at first.
class usim_sqn {
public:
  enum class verdict : std::uint8_t {
    fresh,        ///< accepted: SEQ > SEQ_MS(IND) within Δ and L
    beyond_delta, ///< C.2.1: SEQ − SEQ_MS > Δ (SEQ_MS the highest anywhere in the array)
    beyond_limit, ///< C.2.2: SEQ_MS − SEQ ≥ L (the optional age limit)
    not_fresh,    ///< C.2.2: SEQ ≤ SEQ_MS(IND), already used or older
  };
  /// `delta` and `limit` are in SEQ units; limit 0 applies no L.
  verdict check(std::uint64_t sqn, std::uint64_t delta, std::uint64_t limit) const noexcept;
  /// C.2.2: SEQ_MS(IND) = SEQ (after check() said fresh).
  void accept(std::uint64_t sqn) noexcept;
  /// SQN_MS: the highest previously accepted sequence number anywhere in the array, the one a
  /// synchronisation failure (AUTS) carries. 0 before any was accepted.
  std::uint64_t sqn_ms() const noexcept;
  std::uint64_t seq_ms(unsigned ind) const noexcept { return get(ind % ind_entries); }
  /// Every SEQ_MS(i) = SEQ of `sqn`: a USIM that has seen `sqn` under every index (tests force a
  /// resynchronisation with it).
  void set_all(std::uint64_t sqn) noexcept;

private:
  // A SEQ has 43 bits: each entry is kept in 6 octets (little-endian), 192 octets for the array
  // instead of 256. A terminal holds one array; with it a terminal actor fits jemalloc's
  // 1,536-octet size class instead of 1,792 (issue 13: memory per registered terminal).
  static constexpr std::size_t entry_size = 6;
  std::uint64_t get(unsigned ind) const noexcept {
    std::uint64_t v = 0;
    for (std::size_t b = 0; b < entry_size; ++b)
      v |= std::uint64_t{seq_ms_[ind * entry_size + b]} << (8 * b);
    return v;
  }
  void put(unsigned ind, std::uint64_t seq) noexcept {
    for (std::size_t b = 0; b < entry_size; ++b)
      seq_ms_[ind * entry_size + b] = static_cast<std::uint8_t>(seq >> (8 * b));
  }
  std::array<std::uint8_t, ind_entries * entry_size> seq_ms_{};
};
static_assert(seq_max < (std::uint64_t{1} << 48), "a SEQ fits 6 octets");

/// 48-bit SQN <-> 6 big-endian bytes.
block<6> sqn_to_bytes(std::uint64_t sqn) noexcept;
std::uint64_t sqn_from_bytes(const block<6>& b) noexcept;

/// TS 33.102 §6.3.2: one authentication vector.
struct auth_vector {
  block<16> rand;
  block<8> xres;
  key128 ck;
  key128 ik;
  block<16> autn; ///< (SQN ⊕ AK) ‖ AMF ‖ MAC-A
};

/// AuC side: the vector for `rand`, `sqn` (48 bit) and `amf`.
auth_vector make_auth_vector(const milenage& m, const block<16>& rand, std::uint64_t sqn,
                             const block<2>& amf);

/// USIM side (TS 33.102 §6.3.3): verifies MAC-A in AUTN and recovers SQN. The caller applies its
/// own SQN freshness policy (TS 33.102 Annex C) to `sqn`.
struct autn_result {
  bool mac_ok = false;
  std::uint64_t sqn = 0;
  block<2> amf{};
  block<8> res{};
  key128 ck;
  key128 ik;
};
autn_result check_autn(const milenage& m, const block<16>& rand, const block<16>& autn);

/// USIM side (TS 33.102 §6.3.3, §6.3.5): AUTS = (SQN_MS ⊕ AK*) ‖ MAC-S, with AMF* = 0x0000.
block<14> make_auts(const milenage& m, const block<16>& rand, std::uint64_t sqn_ms);

/// AuC side (TS 33.102 §6.3.5): verifies MAC-S of AUTS and returns SQN_MS; nullopt if MAC-S fails.
std::optional<std::uint64_t> verify_auts(const milenage& m, const block<16>& rand,
                                         const block<14>& auts);

} // namespace ngn::crypto
