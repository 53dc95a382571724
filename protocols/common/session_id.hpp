// The soft switch's session id as every binding carries it on the wire (issue 12 item 3): 128
// bits drawn from the element's CSPRNG, so that no one can guess the id of another terminal's
// challenge. All zero means "no session". Its text form is 32 lower-case hex digits (SIP opaque,
// the database's wire_session); each binding may write its own case (MGCP: upper).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>

namespace ngn {

struct session_id {
  static constexpr std::size_t size = 16;
  std::array<std::uint8_t, size> bytes{};

  /// True for the all-zero id: no session.
  bool none() const noexcept;
  explicit operator bool() const noexcept { return !none(); }
  /// 32 hex digits (empty for none, so that "no session" writes nothing).
  std::string hex(bool upper = false) const;
  /// Exactly 32 hex digits of either case; nullopt for anything else (the all-zero id parses as
  /// none, which matches no session).
  static std::optional<session_id> parse(std::string_view hex) noexcept;
  /// From exactly 16 bytes; nullopt for any other length.
  static std::optional<session_id> from_bytes(const std::uint8_t* data, std::size_t n) noexcept;
  /// The first 4 bytes as a big-endian number: to derive protocol numbers (transaction ids, To
  /// tags) that need not identify the session on their own.
  std::uint32_t high32() const noexcept;
  /// A test/tool helper: the id whose last 4 bytes are `v` (big-endian), the rest zero.
  static session_id of_number(std::uint32_t v) noexcept;

  friend bool operator==(const session_id& a, const session_id& b) noexcept {
    return a.bytes == b.bytes;
  }
  friend bool operator!=(const session_id& a, const session_id& b) noexcept { return !(a == b); }
  friend bool operator<(const session_id& a, const session_id& b) noexcept {
    return a.bytes < b.bytes;
  }
};

/// Its hex form ("none" for the all-zero id), for messages and test output.
std::ostream& operator<<(std::ostream& os, const session_id& s);

} // namespace ngn

template <>
struct std::hash<ngn::session_id> {
  std::size_t operator()(const ngn::session_id& s) const noexcept {
    // The ids are random: any 8 of their bytes are a good hash.
    std::uint64_t v = 0;
    for (std::size_t i = 8; i < 16; ++i) v = (v << 8) | s.bytes[i];
    return static_cast<std::size_t>(v);
  }
};
