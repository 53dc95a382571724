// Test-only: Marsaglia's xorshift generators (G. Marsaglia, "Xorshift RNGs", Journal of
// Statistical Software 8(14), 2003), the deterministic pseudo-random source of the codec
// robustness sweeps.
#pragma once

#include <cstdint>

namespace ngn::testing {

/// x ^= x << A; x ^= x >> B; x ^= x << C; each call returns the new x.
template <class T, int A, int B, int C>
class xorshift {
public:
  explicit constexpr xorshift(T seed) noexcept : x_(seed) {}

  T operator()() noexcept {
    x_ ^= x_ << A;
    x_ ^= x_ >> B;
    x_ ^= x_ << C;
    return x_;
  }

private:
  T x_;
};

using xorshift32 = xorshift<std::uint32_t, 13, 17, 5>;  ///< Marsaglia's "xor32"
using xorshift64 = xorshift<std::uint64_t, 13, 7, 17>;  ///< Marsaglia's "xor64"

} // namespace ngn::testing
