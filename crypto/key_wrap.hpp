// AES-128 key wrap (RFC 3394 §2.2, default IV A6A6A6A6A6A6A6A6) through EVP_aes_128_wrap.
#pragma once

#include "protocols/common/bytes.hpp"
#include "crypto/secret.hpp"

#include <optional>

namespace ngn::crypto {

/// Wraps `plaintext` (a multiple of 8 bytes, at least 16) under `kek`; output is 8 bytes longer.
/// Returns an empty vector if the plaintext length is invalid.
bytes aes_key_wrap(const key128& kek, byte_view plaintext);

/// Unwraps; nullopt if the length is invalid or the integrity check (RFC 3394 §2.2.3) fails,
/// i.e. the wrapped key was tampered with or wrapped under another KEK.
std::optional<bytes> aes_key_unwrap(const key128& kek, byte_view wrapped);

} // namespace ngn::crypto
