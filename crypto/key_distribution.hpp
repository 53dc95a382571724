// The key-distribution profile of DESIGN.md §2: per-challenge key-encryption keys, the wrapped
// session key E_K(SK), the message verification word (MAC) and the SK fingerprint.
#pragma once

#include "protocols/common/bytes.hpp"
#include "crypto/secret.hpp"

#include <initializer_list>
#include <optional>
#include <string_view>

namespace ngn::crypto {

/// Who the wrapped copy of SK is for. The name is part of the KEK derivation.
enum class kek_role : std::uint8_t { terminal, proxy, softswitch };
std::string_view to_string(kek_role r) noexcept; ///< "terminal", "proxy", "softswitch"

constexpr std::size_t wrapped_key_size = 24; ///< RFC 3394 wrap of a 128-bit key

/// DESIGN.md §2: KEK = HKDF-SHA256(ikm = shared key, salt = RAND,
///                                 info = "ngnemu kek " ‖ role ‖ identity), 128 bits.
key128 derive_kek(const key128& shared, const block<16>& rand, kek_role role,
                  std::string_view identity);

/// E_shared(SK) = AES key wrap (RFC 3394) of SK under derive_kek(shared, rand, role, identity).
block<wrapped_key_size> wrap_session_key(const key128& shared, const block<16>& rand,
                                         kek_role role, std::string_view identity,
                                         const key128& sk);

/// Inverse of wrap_session_key; nullopt if `wrapped` has the wrong size, was tampered with, or
/// was wrapped under another key, RAND, role or identity.
std::optional<key128> unwrap_session_key(const key128& shared, const block<16>& rand,
                                         kek_role role, std::string_view identity,
                                         byte_view wrapped);

constexpr std::size_t mvw_size = 16; ///< HMAC-SHA256 truncated to 128 bits

/// DESIGN.md §2 message verification word: HMAC-SHA256 keyed with SK, truncated to 128 bits,
/// over the canonical encoding of `fields`: each field as a 4-byte big-endian length followed by
/// its bytes, in the given order.
block<mvw_size> message_verification_word(const key128& sk,
                                          std::initializer_list<byte_view> fields);

/// SHA-256 of SK: what storage records instead of SK (DESIGN.md §4).
block<32> key_fingerprint(const key128& sk);

} // namespace ngn::crypto
