// Internal to crypto/: streaming HMAC-SHA256 over a per-thread reusable EVP_MAC_CTX, and HKDF
// (RFC 5869) built on it with `info` given in pieces. Used by hash.cpp, hkdf.cpp and
// key_distribution.cpp; not part of the public API.
#pragma once

#include "protocols/common/bytes.hpp"

#include <cstddef>
#include <cstdint>
#include <initializer_list>

struct evp_md_ctx_st; // OpenSSL's EVP_MD_CTX

namespace ngn::crypto::detail {

constexpr std::size_t sha256_size = 32;

/// HMAC-SHA256 (RFC 2104) fed in pieces, as two SHA-256 digests. Each thread keeps one
/// EVP_MD_CTX and re-initialises it per use (no allocation, no fetch per MAC). If that context is
/// already in use on this thread (a nested stream), a private context is created. The outer pad
/// is wiped in the destructor; the per-thread context keeps the last digest's internal state until
/// its next use on that thread or until the thread ends (EVP_MD_CTX_free wipes it).
class hmac_sha256_stream {
public:
  explicit hmac_sha256_stream(byte_view key) noexcept;
  ~hmac_sha256_stream();
  hmac_sha256_stream(const hmac_sha256_stream&) = delete;
  hmac_sha256_stream& operator=(const hmac_sha256_stream&) = delete;

  void update(byte_view data) noexcept;
  /// Writes the 32-byte MAC; call once.
  void final(std::uint8_t* out) noexcept;

private:
  static constexpr std::size_t block_size = 64; ///< SHA-256's B (RFC 2104 §2)
  evp_md_ctx_st* ctx_;
  std::uint8_t opad_[block_size]; ///< K0 ^ opad
  bool shared_; ///< true: the thread's context, released in the destructor
};

/// RFC 5869 §2.2 HKDF-Extract: PRK (32 octets) = HMAC-SHA256(salt, ikm).
void hkdf_extract(byte_view ikm, byte_view salt, std::uint8_t* prk) noexcept;

/// RFC 5869 §2.3 HKDF-Expand of a 32-octet `prk` with info = concatenation of `info_parts`;
/// false if out_len > 255 * 32.
bool hkdf_expand(const std::uint8_t* prk, std::initializer_list<byte_view> info_parts,
                 std::uint8_t* out, std::size_t out_len) noexcept;

/// RFC 5869 §2.2-2.3 HKDF-SHA256 with info = concatenation of `info_parts`. Same contract as
/// ngn::crypto::hkdf_sha256.
bool hkdf_sha256(byte_view ikm, byte_view salt, std::initializer_list<byte_view> info_parts,
                 std::uint8_t* out, std::size_t out_len) noexcept;

} // namespace ngn::crypto::detail
