// Hex (RFC 4648 §8) and base64 (RFC 4648 §4) text encodings of byte strings: the one hex codec
// of the tree (keys in files, values on the wire, fingerprints in the database).
#pragma once

#include "protocols/common/bytes.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ngn {

enum class hex_case : std::uint8_t { lower, upper };

/// Hex of `n` bytes (lower case unless asked).
std::string to_hex(const std::uint8_t* data, std::size_t n, hex_case c = hex_case::lower);
inline std::string to_hex(byte_view b, hex_case c = hex_case::lower) {
  return to_hex(b.data(), b.size(), c);
}
template <class Array, class = decltype(std::declval<const Array&>().data())>
std::string to_hex(const Array& a, hex_case c = hex_case::lower) {
  return to_hex(reinterpret_cast<const std::uint8_t*>(a.data()), a.size(), c);
}
/// Appends the hex of `b` to `out`.
void append_hex(std::string& out, byte_view b, hex_case c = hex_case::lower);

/// Exactly `digits` hex digits of `v` (the low 4·digits bits), e.g. to_hex_number(0x2a, 8) =
/// "0000002a".
std::string to_hex_number(std::uint64_t v, std::size_t digits, hex_case c = hex_case::lower);
/// 1..16 hex digits (either case) as a number; nullopt for anything else.
std::optional<std::uint64_t> parse_hex_number(std::string_view text) noexcept;

/// Hex (either case, even length, no separators) to bytes; nullopt on any other input.
std::optional<bytes> from_hex(std::string_view text);

/// Like from_hex, into a fixed-size buffer; false unless `text` is exactly 2*n hex digits.
bool from_hex(std::string_view text, std::uint8_t* out, std::size_t n);

/// RFC 4648 §4 base64 with padding.
std::string to_base64(const std::uint8_t* data, std::size_t n);
inline std::string to_base64(const bytes& b) { return to_base64(b.data(), b.size()); }

/// RFC 4648 §4 base64; padding required when the length is not a multiple of 4 characters'
/// worth of bytes; nullopt on any character outside the alphabet.
std::optional<bytes> from_base64(std::string_view text);

} // namespace ngn
