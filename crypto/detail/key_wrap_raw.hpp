// Internal to crypto/: RFC 3394 AES-128 key wrap on caller-provided buffers (no allocation),
// shared by key_wrap.cpp and key_distribution.cpp.
#pragma once

#include "crypto/secret.hpp"

#include <cstddef>
#include <cstdint>

namespace ngn::crypto::detail {

/// RFC 3394 §2.2.1 length rule as OpenSSL's AES-128-WRAP applies it: n a multiple of 8, >= 16.
constexpr bool valid_wrap_input(std::size_t n) noexcept {
  return n >= 16 && n % 8 == 0 && n <= (std::size_t{1} << 30);
}

/// Wraps n bytes (valid_wrap_input(n)) into `out`, which has room for n + 8 bytes.
void aes128_wrap_raw(const key128& kek, const std::uint8_t* in, std::size_t n,
                     std::uint8_t* out) noexcept;

/// Unwraps n bytes (valid_wrap_input(n - 8)) into `out`, which has room for n bytes; n - 8 are
/// the key. false (and `out` wiped) if the integrity check (RFC 3394 §2.2.3) fails.
bool aes128_unwrap_raw(const key128& kek, const std::uint8_t* in, std::size_t n,
                       std::uint8_t* out) noexcept;

} // namespace ngn::crypto::detail
