// Randomness from RAND_bytes (DESIGN.md §2).
#pragma once

#include "protocols/common/bytes.hpp"
#include "crypto/secret.hpp"

#include <cstddef>
#include <cstdint>

namespace ngn::crypto {

/// Fills `out` with `n` bytes from RAND_bytes. Aborts the process if the CSPRNG fails (there is
/// no safe way to continue without randomness).
void random_bytes(std::uint8_t* out, std::size_t n);

template <std::size_t N>
block<N> random_block() {
  block<N> b;
  random_bytes(b.data(), N);
  return b;
}

inline key128 random_key128() {
  key128 k;
  random_bytes(k.data(), k.size());
  return k;
}

} // namespace ngn::crypto
