// 3GPP AKA on top of Milenage (TS 33.102 §6.3): authentication vectors and AUTN at the home
// environment (AuC), AUTN verification and AUTS at the USIM (terminal), AUTS at the AuC.
#pragma once

#include "protocols/common/bytes.hpp"
#include "crypto/milenage.hpp"
#include "crypto/secret.hpp"

#include <cstdint>
#include <optional>

namespace ngn::crypto {

constexpr std::uint64_t sqn_max = (std::uint64_t{1} << 48) - 1;

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
