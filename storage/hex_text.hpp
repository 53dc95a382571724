// Hex text for keys in CSV / SIPp files. storage may depend on crypto only (DESIGN.md §3), so it
// cannot use protocols/common/hex.hpp; this is the small subset it needs.
#pragma once

#include "crypto/bytes.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace ngn::storage {

/// Hex of `v`, lower case unless `upper`.
std::string hex_encode(byte_view v, bool upper = false);

/// Appends the hex of `v` to `out`.
void hex_append(std::string& out, byte_view v, bool upper = false);

/// Exactly 2*n hex digits (either case) into `out`; false otherwise (out is then unspecified).
bool hex_decode(std::string_view text, std::uint8_t* out, std::size_t n) noexcept;

} // namespace ngn::storage
