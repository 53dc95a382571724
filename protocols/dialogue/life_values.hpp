// The values of the registration's life (DESIGN.md §1.2) as the text bindings carry them: a
// lifetime in seconds and an ESP SPI, both as decimal numbers (SIP spi-c / spi-s like TS 33.203,
// MGCP X-LT / X-SPIC / X-SPIS). Internal to protocols/dialogue; header-only.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace ngn::dialogue::life {

/// RFC 4303 §2.1: SPI 0 is reserved for local use and never sent; 1..255 are reserved by IANA.
/// A carried SPI is therefore 256..2^32-1 (a content value of 0 means "not carried").
inline constexpr std::uint32_t min_spi = 256;

/// 1*10DIGIT whose value fits in 32 bits; nullopt for anything else (sign, space, empty, more).
inline std::optional<std::uint32_t> parse_u32(std::string_view text) noexcept {
  if (text.empty() || text.size() > 10) return std::nullopt;
  std::uint64_t v = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + static_cast<std::uint64_t>(c - '0');
  }
  if (v > 0xFFFFFFFFull) return std::nullopt;
  return static_cast<std::uint32_t>(v);
}

/// A carried SPI (decimal, RFC 4303 §2.1 range); nullopt when it is not one.
inline std::optional<std::uint32_t> parse_spi(std::string_view text) noexcept {
  auto v = parse_u32(text);
  if (!v || *v < min_spi) return std::nullopt;
  return v;
}

} // namespace ngn::dialogue::life
