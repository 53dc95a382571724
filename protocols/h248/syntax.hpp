// Lexical rules of the H.248.1 Annex B text encoding (RFC 3525 Annex B.2), shared by the parser,
// the encoder's model checks and the builders. Pure predicates, no allocation.
#pragma once

#include "protocols/h248/char_class.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace ngn::h248 {

/// ALPHA = %x41-5A / %x61-7A
constexpr bool is_alpha(char c) noexcept { return detail::in_class(c, detail::cc_alpha); }
/// DIGIT = %x30-39
constexpr bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }
constexpr bool is_hexdig(char c) noexcept { return detail::in_class(c, detail::cc_hex); }
/// WSP = SP / HTAB
constexpr bool is_wsp(char c) noexcept { return c == ' ' || c == '\t'; }
/// EOL characters (EOL = CR [LF] / LF)
constexpr bool is_eol(char c) noexcept { return c == '\r' || c == '\n'; }

/// SafeChar = DIGIT / ALPHA / "+" / "-" / "&" / "!" / "_" / "/" / "'" / "?" / "@" / "^" / "`" /
///            "~" / "*" / "$" / "\" / "(" / ")" / "%" / "|" / "."
constexpr bool is_safe_char(char c) noexcept { return detail::in_class(c, detail::cc_safe); }

/// A character of VALUE's unquoted form: SafeChar / %x80-FF.
constexpr bool is_value_char(char c) noexcept { return detail::in_class(c, detail::cc_value); }

/// A character allowed between the quotes of a quotedString (v3 grammar):
/// SafeChar / EOL / %x80-FF / RestChar / WSP — every octet except DQUOTE and the other controls.
constexpr bool is_quoted_char(char c) noexcept { return detail::in_class(c, detail::cc_quoted); }

/// NAME = ALPHA *63(ALPHA / DIGIT / "_")
bool is_name(std::string_view s) noexcept;

/// pkgdName = (PackageName "/" ItemID) / (PackageName "/" "*") / ("*" "/" "*")
bool is_pkgd_name(std::string_view s) noexcept;

/// VALUE's unquoted form: 1*(SafeChar / %x80-FF).
bool is_safe_value(std::string_view s) noexcept;

/// Content of a quotedString (may be empty): *(SafeChar / EOL / %x80-FF / RestChar / WSP).
bool is_quotable(std::string_view s) noexcept;

/// TerminationID = pathNAME / "$" / "*" (ROOT is a pathNAME); pathNAME at most 64 characters:
/// pathNAME = ["*"] NAME *("/" / "*" / ALPHA / DIGIT / "_" / "$") ["@" pathDomainName]
bool is_termination_id(std::string_view s) noexcept;

/// mId = ((domainAddress / domainName) [":" portNumber]) / mtpAddress / deviceName, with
/// domainAddress "[IPv4]" or "[IPv6]", domainName "<name>", mtpAddress "MTP{4*8HEXDIG}".
bool is_mid(std::string_view s) noexcept;

/// portNumber = UINT16 (1*5 DIGIT, at most 65535).
bool is_port_number(std::string_view s) noexcept;

/// extensionParameter = "X" ("-" / "+") 1*6(ALPHA / DIGIT)
bool is_extension_name(std::string_view s) noexcept;

/// Case-insensitive ASCII equality (Annex B tokens are case-insensitive, RFC 2234 §2.3).
constexpr bool iequals(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (a[i] != b[i] && detail::lower(a[i]) != detail::lower(b[i])) return false;
  return true;
}

/// 1*max_digits DIGIT with value <= max; nullopt otherwise.
std::optional<std::uint32_t> parse_uint(std::string_view s, std::size_t max_digits,
                                        std::uint32_t max) noexcept;

} // namespace ngn::h248
