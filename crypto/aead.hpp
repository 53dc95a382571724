// AES-128-GCM (NIST SP 800-38D) through EVP: the `aes-gcm` security mechanism.
#pragma once

#include "protocols/common/bytes.hpp"
#include "crypto/secret.hpp"

#include <optional>

namespace ngn::crypto {

constexpr std::size_t gcm_tag_size = 16;

/// Encrypts `plaintext` under `key` with the 12-byte `iv`; returns ciphertext ‖ 16-byte tag.
bytes aes128_gcm_seal(const key128& key, const block<12>& iv, byte_view aad, byte_view plaintext);

/// Decrypts ciphertext ‖ tag; nullopt if the tag does not verify.
std::optional<bytes> aes128_gcm_open(const key128& key, const block<12>& iv, byte_view aad,
                                     byte_view sealed);

} // namespace ngn::crypto
