// Decimal text of unsigned numbers, zero-padded to a width: the `{n:0W}` placeholder of the
// identity patterns (storage/provisioning.hpp, topology/identity.hpp).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace ngn {

/// Appends the decimal digits of `n` to `out`, with leading zeros up to `width` digits.
inline void append_decimal(std::string& out, std::uint64_t n, std::size_t width = 0) {
  char digits[20];  // 2^64 - 1 has 20 digits
  std::size_t len = 0;
  do {
    digits[len++] = static_cast<char>('0' + n % 10);
    n /= 10;
  } while (n != 0);
  if (width > len) out.append(width - len, '0');
  while (len > 0) out += digits[--len];
}

} // namespace ngn
