// Helpers shared by per_reader.cpp and per_writer.cpp (not a public API).
#pragma once

#include <cstddef>
#include <cstdint>

namespace ngn::ras::per_detail {

/// Number of bits needed to write x (0 for 0).
inline unsigned bit_width(std::uint64_t x) noexcept {
  unsigned n = 0;
  while (x != 0) {
    ++n;
    x >>= 1;
  }
  return n;
}

/// Minimal number of octets for a non-negative binary integer (at least 1).
inline unsigned octets_for(std::uint64_t x) noexcept {
  unsigned n = (bit_width(x) + 7) / 8;
  return n == 0 ? 1 : n;
}

/// X.691 §30.5.2: bits per character of a known-multiplier string with an alphabet of n
/// characters in the aligned variant (rounded up to a power of two).
inline unsigned bits_per_char(std::size_t alphabet_size) noexcept {
  unsigned b = bit_width(alphabet_size - 1);
  if (b <= 1) return 1;
  if (b <= 2) return 2;
  if (b <= 4) return 4;
  return 8;
}

/// 64K, the bound above which X.691 lengths are unconstrained.
inline constexpr std::size_t k64 = 65536;

} // namespace ngn::ras::per_detail
