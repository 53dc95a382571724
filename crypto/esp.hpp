// ESP (RFC 4303) cryptography for the registration's SAs (DESIGN.md §1.2, §2): the per-direction
// keys derived from SK, and sealing / opening whole packets with the two transforms
//   aes-gcm      RFC 4106: AES-128-GCM, explicit IV 00 00 00 00 ‖ sequence number, nonce =
//                salt ‖ IV, AAD = SPI ‖ sequence number, ICV = the 16-octet tag
//   hmac-sha256  RFC 2410 NULL encryption + RFC 4868 HMAC-SHA-256-128: ICV = the first 16
//                octets of HMAC-SHA-256(key, SPI ‖ sequence number ‖ block)
// The packet layout, the plaintext block and the replay window are the pure codec's
// (protocols/esp/packet.hpp, which also gives the order of the receive checks).
#pragma once

#include "protocols/common/bytes.hpp"
#include "protocols/common/esp_transform.hpp"
#include "protocols/common/result.hpp"
#include "protocols/common/session_id.hpp"
#include "crypto/secret.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace ngn::crypto {

/// The direction an SA protects: each registration has one SA each way.
enum class esp_direction : std::uint8_t { terminal_to_edge, edge_to_terminal };

/// "terminal-to-edge" or "edge-to-terminal" (the key derivation's label).
std::string_view to_string(esp_direction d) noexcept;

/// The keying material of one SA and its transform; wiped when destroyed or overwritten.
class esp_keys {
public:
  /// Keys from raw keying material: key 16 ‖ salt 4 (aes-gcm) or the 32-octet HMAC key;
  /// nullopt on a size mismatch.
  static std::optional<esp_keys> from_material(esp::transform t, byte_view material) noexcept;

  esp::transform transform() const noexcept { return t_; }
  /// key ‖ salt or the HMAC key: what the Wireshark key log shows.
  byte_view material() const noexcept { return {m_.data(), esp::key_material_size(t_)}; }
  /// The AES key (16 octets) or the HMAC key (32).
  byte_view key() const noexcept {
    return {m_.data(), t_ == esp::transform::aes_gcm_16 ? std::size_t{16} : std::size_t{32}};
  }
  /// The RFC 4106 salt (4 octets); empty for hmac-sha256.
  byte_view salt() const noexcept {
    return t_ == esp::transform::aes_gcm_16 ? byte_view{m_.data() + 16, 4} : byte_view{};
  }

  /// Same transform and material (constant time in the material).
  friend bool operator==(const esp_keys& a, const esp_keys& b) noexcept {
    return a.t_ == b.t_ && a.m_ == b.m_;
  }
  friend bool operator!=(const esp_keys& a, const esp_keys& b) noexcept { return !(a == b); }

private:
  explicit esp_keys(esp::transform t) noexcept : t_(t) {}
  friend esp_keys derive_esp_keys(const key128&, const ngn::session_id&, esp::transform, esp_direction);
  friend struct esp_key_pair derive_esp_key_pair(const key128&, const ngn::session_id&, esp::transform);

  esp::transform t_;
  secret<32> m_; ///< the first key_material_size(t_) octets are used, the rest stay zero
};

/// HKDF-SHA256 (RFC 5869) with ikm = SK, salt = the 128-bit session id (16 octets), info =
/// "ngnemu esp " ‖ mechanism ‖ " " ‖ direction, e.g. "ngnemu esp aes-gcm terminal-to-edge";
/// 20 octets (aes-gcm: key ‖ salt) or 32 (hmac-sha256).
esp_keys derive_esp_keys(const key128& sk, const ngn::session_id& session_id, esp::transform t,
                         esp_direction d);

/// Both directions' keys of one registration: the same as derive_esp_keys for each direction,
/// with the HKDF extract step done once.
struct esp_key_pair {
  esp_keys terminal_to_edge;
  esp_keys edge_to_terminal;
};
esp_key_pair derive_esp_key_pair(const key128& sk, const ngn::session_id& session_id,
                                 esp::transform t);

/// The whole ESP packet carrying `plaintext_block` (esp::build_plaintext_block) as packet
/// number `seq` of the SA `spi`: SPI ‖ seq ‖ [IV] ‖ block (encrypted by aes-gcm) ‖ ICV. The
/// caller takes `seq` from the SA's esp::sequence_counter: under one key a sequence number, and
/// so an aes-gcm IV, is never used twice.
bytes esp_seal(const esp_keys& keys, std::uint32_t spi, std::uint32_t seq,
               byte_view plaintext_block);

/// The plaintext block of `packet` once its ICV verified (compared in constant time; for
/// aes-gcm the IV is read from the packet). Errors: incomplete (shorter than
/// esp::min_packet_size), malformed at the ICV's offset (the ICV does not verify: wrong key,
/// tampering). The SPI and sequence number are authenticated, not checked: that is
/// esp::read_header's and the replay window's job.
result<bytes> esp_open(const esp_keys& keys, byte_view packet);

} // namespace ngn::crypto
