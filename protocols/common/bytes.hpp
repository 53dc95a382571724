// Byte containers of the shared vocabulary (every layer, DESIGN.md §3): owned `bytes`, fixed
// `block<N>` and a borrowed `byte_view` (C++17 has no std::span).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace ngn {

using bytes = std::vector<std::uint8_t>;

template <std::size_t N>
using block = std::array<std::uint8_t, N>;

/// A borrowed, read-only run of bytes.
class byte_view {
public:
  constexpr byte_view() noexcept = default;
  constexpr byte_view(const std::uint8_t* p, std::size_t n) noexcept : p_(p), n_(n) {}
  byte_view(const bytes& b) noexcept : p_(b.data()), n_(b.size()) {} // NOLINT
  template <std::size_t N>
  constexpr byte_view(const block<N>& b) noexcept : p_(b.data()), n_(N) {} // NOLINT
  byte_view(std::string_view s) noexcept // NOLINT
    : p_(reinterpret_cast<const std::uint8_t*>(s.data())), n_(s.size()) {}

  constexpr const std::uint8_t* data() const noexcept { return p_; }
  constexpr std::size_t size() const noexcept { return n_; }
  constexpr bool empty() const noexcept { return n_ == 0; }
  constexpr const std::uint8_t* begin() const noexcept { return p_; }
  constexpr const std::uint8_t* end() const noexcept { return p_ + n_; }
  constexpr std::uint8_t operator[](std::size_t i) const noexcept { return p_[i]; }

private:
  const std::uint8_t* p_ = nullptr;
  std::size_t n_ = 0;
};

} // namespace ngn
