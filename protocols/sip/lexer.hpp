// Internal to protocols/sip: character classes (RFC 3261 §25.1) and a cursor over one header value.
#pragma once

#include "protocols/common/result.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace ngn::sip::detail {

/// Character classes, one bit each, looked up in a 256-entry table.
enum char_class : std::uint8_t {
  cc_token = 1,   ///< token (RFC 3261 §25.1): alphanum / "-" / "." / "!" / "%" / "*" / "_" / "+" / "`" / "'" / "~"
  cc_ctl = 2,     ///< control characters that may not appear in a header line (all but HTAB)
  cc_wsp = 4,     ///< SP / HTAB
  cc_digit = 8,   ///< DIGIT
  cc_pvalue = 16, ///< unquoted parameter value or addr-spec: visible or non-ASCII, not ; , " < >
  cc_host = 32,   ///< hostname / IPv4 characters (alphanum, "-", ".", "_")
};

extern const std::array<std::uint8_t, 256> char_table;

inline bool has_class(char c, std::uint8_t cls) noexcept {
  return (char_table[static_cast<unsigned char>(c)] & cls) != 0;
}
inline bool is_token(char c) noexcept { return has_class(c, cc_token); }
inline bool is_ctl(char c) noexcept { return has_class(c, cc_ctl); }
inline bool is_wsp(char c) noexcept { return c == ' ' || c == '\t'; }
inline bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }
/// Visible ASCII or any byte >= 0x80 (no SP, HTAB, CTL).
inline bool is_visible(char c) noexcept {
  auto u = static_cast<unsigned char>(c);
  return u > 0x20 && u != 0x7f;
}

inline char ascii_lower(char c) noexcept {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

/// Case-insensitive ASCII equality.
inline bool iequals(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
  return true;
}

/// `s` without leading and trailing SP / HTAB.
inline std::string_view trim_wsp(std::string_view s) noexcept {
  std::size_t b = 0;
  std::size_t e = s.size();
  while (b < e && is_wsp(s[b])) ++b;
  while (e > b && is_wsp(s[e - 1])) --e;
  return s.substr(b, e - b);
}

/// True if every character of `s` has class `cls` (and `s` is not empty).
inline bool all_of_class(std::string_view s, std::uint8_t cls) noexcept {
  if (s.empty()) return false;
  for (char c : s)
    if (!has_class(c, cls)) return false;
  return true;
}

/// A read position in one (unfolded, trimmed) header value; `base` maps positions back to byte
/// offsets of the original input for error reports.
class cursor {
public:
  cursor(std::string_view text, std::size_t base) noexcept : s_(text), base_(base) {}

  bool eof() const noexcept { return i_ >= s_.size(); }
  char peek() const noexcept { return i_ < s_.size() ? s_[i_] : '\0'; }
  std::size_t pos() const noexcept { return i_; }
  std::size_t offset() const noexcept { return base_ + i_; }
  std::string_view rest() const noexcept { return s_.substr(i_); }
  void advance(std::size_t n = 1) noexcept { i_ = (i_ + n > s_.size()) ? s_.size() : i_ + n; }

  /// Skips SP / HTAB (folding was already replaced by a single SP).
  void skip_wsp() noexcept {
    while (i_ < s_.size() && is_wsp(s_[i_])) ++i_;
  }
  /// Consumes `c` if it is next.
  bool consume(char c) noexcept {
    if (i_ < s_.size() && s_[i_] == c) {
      ++i_;
      return true;
    }
    return false;
  }
  /// SWS c SWS (RFC 3261 §25.1 SEMI, COMMA, EQUAL, SLASH, COLON).
  bool separator(char c) noexcept {
    std::size_t save = i_;
    skip_wsp();
    if (consume(c)) {
      skip_wsp();
      return true;
    }
    i_ = save;
    return false;
  }
  /// The longest run of characters of class `cls` (possibly empty).
  std::string_view run(std::uint8_t cls) noexcept {
    std::size_t b = i_;
    while (i_ < s_.size() && has_class(s_[i_], cls)) ++i_;
    return s_.substr(b, i_ - b);
  }
  std::string_view token() noexcept { return run(cc_token); }

private:
  std::string_view s_;
  std::size_t base_;
  std::size_t i_ = 0;
};

/// Sets `err` and returns false (the sub-parsers' failure path).
inline bool fail(codec_error& err, errc kind, std::size_t offset, const char* detail) {
  err.kind = kind;
  err.offset = offset;
  err.detail = detail;
  return false;
}

} // namespace ngn::sip::detail
