// Character classes of RFC 3435 Appendix A (ABNF core rules of RFC 2234), locale-free.
// Internal to protocols/mgcp.
#pragma once

#include <cstdint>
#include <string_view>

namespace ngn::mgcp::detail {

constexpr bool is_alpha(char c) noexcept {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}
constexpr bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }
constexpr bool is_alnum(char c) noexcept { return is_alpha(c) || is_digit(c); }
constexpr bool is_hex(char c) noexcept {
  return is_digit(c) || (c >= 'A' && c <= 'F') || (c >= 'a' && c <= 'f');
}
/// WSP = SP / HTAB
constexpr bool is_wsp(char c) noexcept { return c == ' ' || c == '\t'; }
/// VCHAR = %x21-7E
constexpr bool is_vchar(char c) noexcept { return c >= 0x21 && c <= 0x7E; }
/// A character allowed inside a line of the header part: VCHAR / WSP.
constexpr bool is_text(char c) noexcept { return is_vchar(c) || is_wsp(c); }
constexpr char to_upper(char c) noexcept { return (c >= 'a' && c <= 'z') ? char(c - 32) : c; }

/// True if `code` starts like a vendor extension parameter ("X-" / "X+", RFC 3435 App. A).
constexpr bool has_extension_prefix(std::string_view code) noexcept {
  return code.size() >= 2 && to_upper(code[0]) == 'X' && (code[1] == '-' || code[1] == '+');
}

/// True if every character of `s` is text (VCHAR / WSP).
constexpr bool all_text(std::string_view s) noexcept {
  for (char c : s)
    if (!is_text(c)) return false;
  return true;
}

/// RFC 3435 App. A responseCode = 3DIGIT (also used for X-RSLT values).
constexpr bool parse_3digit(std::string_view s, std::uint16_t& out) noexcept {
  if (s.size() != 3 || !is_digit(s[0]) || !is_digit(s[1]) || !is_digit(s[2])) return false;
  out = std::uint16_t((s[0] - '0') * 100 + (s[1] - '0') * 10 + (s[2] - '0'));
  return true;
}

/// True if `body` holds a line that is a single "." ended by EOL: the piggy-back separator of
/// RFC 3435 §3.5.5, which must never appear inside a message.
constexpr bool has_dot_line(std::string_view body) noexcept {
  std::size_t pos = 0;
  while (pos < body.size()) {
    std::size_t nl = body.find('\n', pos);
    if (nl == std::string_view::npos) return false;
    std::string_view l = body.substr(pos, nl - pos);
    if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
    if (l == ".") return true;
    pos = nl + 1;
  }
  return false;
}

/// Decimal digits of `v` written into `buf` (at least 10 bytes), right-aligned; returns the
/// start. `min_digits` pads with zeros (response codes are 3DIGIT).
inline char* format_uint(char* end, std::uint32_t v, int min_digits = 1) noexcept {
  char* p = end;
  int n = 0;
  do {
    *--p = char('0' + v % 10);
    v /= 10;
    ++n;
  } while (v != 0);
  while (n < min_digits) {
    *--p = '0';
    ++n;
  }
  return p;
}

} // namespace ngn::mgcp::detail
