// Hashes and MACs through OpenSSL 3 EVP: SHA-256 (SK fingerprints), MD5 (RFC 2617/3310 Digest),
// HMAC-SHA256 (RFC 2104, tested with RFC 4231).
#pragma once

#include "protocols/common/bytes.hpp"

#include <initializer_list>

namespace ngn::crypto {

block<32> sha256(byte_view data);

/// MD5, only for HTTP Digest (RFC 2617 / RFC 3310 AKAv1-MD5) where the protocol mandates it.
block<16> md5(byte_view data);

/// HMAC-SHA256 (RFC 2104) of the concatenation of `parts` under `key` (any key length).
block<32> hmac_sha256(byte_view key, std::initializer_list<byte_view> parts);
inline block<32> hmac_sha256(byte_view key, byte_view data) { return hmac_sha256(key, {data}); }

} // namespace ngn::crypto
