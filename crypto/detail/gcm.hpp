// Internal to crypto/: AES-128-GCM (NIST SP 800-38D, 96-bit IV, 128-bit tag) on caller-provided
// buffers over a per-thread reusable EVP_CIPHER_CTX (no context allocation and no algorithm
// fetch per call). Shared by aead.cpp and esp.cpp. The thread's context keeps the last key
// schedule until its next use on that thread or until the thread ends (EVP_CIPHER_CTX_free
// wipes it).
#pragma once

#include "protocols/common/bytes.hpp"

#include <cstddef>
#include <cstdint>

namespace ngn::crypto::detail {

constexpr std::size_t gcm_iv_size = 12;
constexpr std::size_t gcm_tag_size = 16;

/// Encrypts `plaintext` into `out` (room for plaintext.size() octets; may not overlap) and
/// writes the 16-octet tag at `tag`. `key` is 16 octets, `iv` 12.
void gcm_seal(const std::uint8_t* key, const std::uint8_t* iv, byte_view aad,
              byte_view plaintext, std::uint8_t* out, std::uint8_t* tag) noexcept;

/// Decrypts `ciphertext` into `out` (room for ciphertext.size() octets) and checks the 16-octet
/// `tag`; false (and `out` wiped: SP 800-38D §7.2, no plaintext on a mismatch) if it does not
/// verify.
bool gcm_open(const std::uint8_t* key, const std::uint8_t* iv, byte_view aad,
              byte_view ciphertext, const std::uint8_t* tag, std::uint8_t* out) noexcept;

} // namespace ngn::crypto::detail
