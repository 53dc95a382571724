// HKDF-SHA256 (RFC 5869) through EVP_KDF.
#pragma once

#include "protocols/common/bytes.hpp"

#include <cstddef>
#include <cstdint>

namespace ngn::crypto {

/// RFC 5869 extract-then-expand. Writes `out_len` bytes (at most 255*32). Returns false only if
/// `out_len` is out of range.
bool hkdf_sha256(byte_view ikm, byte_view salt, byte_view info, std::uint8_t* out,
                 std::size_t out_len);

} // namespace ngn::crypto
