// Hex helpers for the crypto tests (test vectors are written in hex).
#pragma once

#include "protocols/common/bytes.hpp"
#include "crypto/secret.hpp"

#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>

namespace ngn::crypto::test {

inline int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  throw std::invalid_argument("bad hex digit");
}

/// Hex (spaces ignored) to bytes; throws on malformed test data.
inline bytes unhex(std::string_view s) {
  bytes out;
  int hi = -1;
  for (char c : s) {
    if (c == ' ') continue;
    const int d = hex_digit(c);
    if (hi < 0) {
      hi = d;
    } else {
      out.push_back(static_cast<std::uint8_t>(hi * 16 + d));
      hi = -1;
    }
  }
  if (hi >= 0) throw std::invalid_argument("odd hex length");
  return out;
}

template <std::size_t N>
block<N> blk(std::string_view s) {
  const bytes b = unhex(s);
  if (b.size() != N) throw std::invalid_argument("hex has the wrong length");
  block<N> out;
  for (std::size_t i = 0; i < N; ++i) out[i] = b[i];
  return out;
}

inline key128 key(std::string_view s) { return key128{blk<16>(s)}; }

inline std::string hex(byte_view v) {
  static const char digits[] = "0123456789abcdef";
  std::string s;
  s.reserve(v.size() * 2);
  for (std::uint8_t b : v) {
    s.push_back(digits[b >> 4]);
    s.push_back(digits[b & 15]);
  }
  return s;
}

inline bytes repeat(std::uint8_t b, std::size_t n) { return bytes(n, b); }

} // namespace ngn::crypto::test
