// Hex and base64 (RFC 4648 §4) text encodings of byte strings; pure, no allocation surprises.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ngn {

using bytes = std::vector<std::uint8_t>;

/// Lower-case hex of `n` bytes.
std::string to_hex(const std::uint8_t* data, std::size_t n);
inline std::string to_hex(const bytes& b) { return to_hex(b.data(), b.size()); }
template <class Array>
std::string to_hex(const Array& a) { return to_hex(a.data(), a.size()); }

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
