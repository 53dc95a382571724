// The two ESP transforms of the security mechanisms (DESIGN.md §1.2, §2), shared by the pure
// packet codec (protocols/esp) and the cryptography (crypto/esp): their mechanism names and
// sizes. Header-only vocabulary, below both libraries.
//   aes-gcm      RFC 4106 AES-128-GCM, 16-octet ICV; keying material key (16) ‖ salt (4);
//                8-octet explicit IV in every packet
//   hmac-sha256  RFC 2410 NULL encryption + RFC 4868 HMAC-SHA-256-128; keying material 32
//                octets; no IV
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace ngn::esp {

enum class transform : std::uint8_t {
  aes_gcm_16,           ///< mechanism "aes-gcm"
  null_hmac_sha256_128, ///< mechanism "hmac-sha256"
};

/// The ICV of both transforms: the 16-octet GCM tag (RFC 4106 §6) or the first 128 bits of
/// HMAC-SHA-256 (RFC 4868 §2.3).
inline constexpr std::size_t icv_size = 16;

/// The mechanism name (RFC 3329 list entries, key derivation, logs).
constexpr std::string_view mechanism_name(transform t) noexcept {
  return t == transform::aes_gcm_16 ? "aes-gcm" : "hmac-sha256";
}

/// The transform of mechanism `name` (exactly "aes-gcm" or "hmac-sha256"); nullopt for any
/// other name, `null` included (no ESP).
constexpr std::optional<transform> transform_for(std::string_view name) noexcept {
  if (name == "aes-gcm") return transform::aes_gcm_16;
  if (name == "hmac-sha256") return transform::null_hmac_sha256_128;
  return std::nullopt;
}

/// Octets of the explicit IV in each packet: 8 for aes-gcm (RFC 4106 §3.1), 0 for NULL.
constexpr std::size_t iv_size(transform t) noexcept {
  return t == transform::aes_gcm_16 ? 8 : 0;
}

/// Octets of keying material: 20 = key 16 ‖ salt 4 (RFC 4106 §8.1), or the 32-octet HMAC key
/// (RFC 4868 §2.1.1).
constexpr std::size_t key_material_size(transform t) noexcept {
  return t == transform::aes_gcm_16 ? 20 : 32;
}

} // namespace ngn::esp
