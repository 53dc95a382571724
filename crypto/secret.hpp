// Key types that zeroize on destruction (DESIGN.md §2: OPENSSL_cleanse) and compare in constant
// time (CRYPTO_memcmp).
#pragma once

#include "protocols/common/bytes.hpp"

#include <cstddef>
#include <cstdint>

namespace ngn::crypto {

/// OPENSSL_cleanse: zeroes memory in a way the optimizer may not remove.
void secure_zero(void* p, std::size_t n) noexcept;

/// CRYPTO_memcmp: true iff the sizes and contents are equal; time depends only on the sizes.
bool equal_ct(byte_view a, byte_view b) noexcept;

/// A fixed-size secret that is wiped when destroyed or overwritten.
template <std::size_t N>
class secret {
public:
  static constexpr std::size_t size_bytes = N;

  secret() noexcept : b_{} {}
  explicit secret(const block<N>& b) noexcept : b_(b) {}
  secret(const secret& other) noexcept : b_(other.b_) {}
  secret& operator=(const secret& other) noexcept {
    b_ = other.b_;
    return *this;
  }
  ~secret() { secure_zero(b_.data(), N); }

  /// Copies `n` == N bytes; returns false (and leaves the secret zero) on a size mismatch.
  static bool from(byte_view v, secret& out) noexcept {
    if (v.size() != N) return false;
    for (std::size_t i = 0; i < N; ++i) out.b_[i] = v[i];
    return true;
  }

  const std::uint8_t* data() const noexcept { return b_.data(); }
  std::uint8_t* data() noexcept { return b_.data(); }
  static constexpr std::size_t size() noexcept { return N; }
  byte_view view() const noexcept { return byte_view{b_.data(), N}; }
  operator byte_view() const noexcept { return view(); } // NOLINT
  const block<N>& raw() const noexcept { return b_; }

  /// Constant-time equality.
  friend bool operator==(const secret& a, const secret& b) noexcept {
    return equal_ct(a.view(), b.view());
  }
  friend bool operator!=(const secret& a, const secret& b) noexcept { return !(a == b); }

private:
  block<N> b_;
};

using key128 = secret<16>; ///< K (= Kc), Ksp, Kss, OPc, SK, CK, IK, KEK

} // namespace ngn::crypto
