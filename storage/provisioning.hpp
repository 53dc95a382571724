// Pure helpers for provisioning subscribers: identity patterns, identity validation, SIPp-safe
// key material (aka-and-vectors.md §3).
#pragma once

#include "protocols/common/bytes.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ngn::storage {

/// What `subscriber_store::provision` creates.
struct provision_options {
  std::size_t count = 0;
  /// Identity pattern: literal text with exactly one `{n}` (the decimal index) or `{n:0W}` (the
  /// index zero-padded to W digits, 1 <= W <= 20). Example: "t{n:06}@ngn.example" gives
  /// t000001@ngn.example, t000002@ngn.example, ... No other braces are allowed.
  std::string pattern = "t{n:06}@ngn.example";
  std::uint64_t first = 1; ///< index of the first subscriber
  std::string protocol = "any";
  block<2> amf{0x80, 0x00};
  std::uint32_t flags = 0;
  /// Generate K and OP that SIPp 3.6 can use (no 0x00, 0x0a, 0x0d, 0x5b, no 0x5c 0x78 pair) and
  /// set subscriber_flags::sipp_compat.
  bool sipp_safe = false;
  /// One OP for all new subscribers (an operator-wide OP, TS 35.206 §4.1); when absent each
  /// subscriber gets a random OP. OPc is computed from OP and K and stored along with OP.
  std::optional<block<16>> op;
};

/// A parsed identity pattern (see provision_options::pattern).
class identity_pattern {
public:
  /// Throws std::invalid_argument describing what is wrong with `pattern`.
  explicit identity_pattern(std::string_view pattern);
  std::string format(std::uint64_t n) const;

private:
  std::string prefix_, suffix_;
  unsigned width_ = 0; // 0: no padding
};

/// An identity usable everywhere it goes (SIP user@domain, CSV, SIPp injection file): 1..255
/// printable ASCII characters, none of space , ; " [ ] < > or backslash.
bool valid_identity(std::string_view id) noexcept;

/// A protocol name for the `protocol` column: "any" or a protocol name (protocol.hpp).
bool valid_protocol(std::string_view p) noexcept;

/// True iff SIPp 3.6's template parser leaves the binary value intact (aka-and-vectors.md
/// §3.1/3.2): no 0x00 (strdup truncates), 0x0a / 0x0d (line-end rewriting), 0x5b ('[' starts a
/// keyword), and no 0x5c 0x78 ("\x" escape).
bool sipp_safe(byte_view v) noexcept;

/// AMF passes through the same parser, but a final 0x00 is supplied by the C string terminator
/// SIPp copies with it, so the default AMF 0x8000 works; otherwise as sipp_safe.
bool sipp_safe_amf(const block<2>& amf) noexcept;

/// Random bytes drawn in large chunks from RAND_bytes (crypto::random_bytes); the buffer is
/// wiped on destruction since it holds key material. Not thread-safe.
class random_pool {
public:
  random_pool() = default;
  ~random_pool();
  random_pool(const random_pool&) = delete;
  random_pool& operator=(const random_pool&) = delete;

  void fill(std::uint8_t* out, std::size_t n);
  /// Like fill, then redraws single bytes until sipp_safe(out) holds.
  void fill_sipp_safe(std::uint8_t* out, std::size_t n);

private:
  std::uint8_t next();
  static constexpr std::size_t chunk = 4096;
  std::uint8_t buf_[chunk] = {};
  std::size_t pos_ = chunk;
};

} // namespace ngn::storage
