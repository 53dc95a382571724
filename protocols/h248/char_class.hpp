// The character classes of the H.248.1 Annex B text encoding (RFC 3525 Annex B.2) as one
// 256-entry table of class bits, built at compile time: every character test of the parser and
// of the encoder's model checks is a load and a mask instead of a chain of comparisons.
// Internal to protocols/h248 (syntax.hpp gives the named predicates).
#pragma once

#include <cstdint>
#include <initializer_list>

namespace ngn::h248::detail {

enum char_class : std::uint16_t {
  cc_alpha = 1u << 0,   ///< ALPHA = %x41-5A / %x61-7A
  cc_digit = 1u << 1,   ///< DIGIT = %x30-39
  cc_hex = 1u << 2,     ///< HEXDIG
  cc_safe = 1u << 3,    ///< SafeChar
  cc_value = 1u << 4,   ///< VALUE's unquoted form: SafeChar / %x80-FF
  cc_quoted = 1u << 5,  ///< inside a quotedString: every octet but DQUOTE and the other controls
  cc_word = 1u << 6,    ///< a token word of the parser: ALPHA / DIGIT / "_" / "-" / "+"
  cc_name = 1u << 7,    ///< NAME after its first character: ALPHA / DIGIT / "_"
  cc_path = 1u << 8,    ///< pathNAME after its first character: NAME's / "/" / "*" / "$"
  cc_tid = 1u << 9,     ///< what a TerminationID may hold: pathNAME's / "@" / "-" / "."
  cc_mid = 1u << 10,    ///< what an mId may hold: TerminationID's / ":" / "[" / "]" / "<" / ">"
  cc_pkgd = 1u << 11,   ///< pkgdName: NAME's / "/" / "*"
  cc_lwsp = 1u << 12,   ///< WSP / EOL characters: SP, HTAB, CR, LF
  cc_domain = 1u << 13, ///< pathDomainName after its first character: ALPHA / DIGIT / "-" /
                        ///< "*" / "."
};

/// The classes of one octet, from the Annex B rules.
constexpr std::uint16_t classes_of(unsigned char u) noexcept {
  const char c = static_cast<char>(u);
  const bool alpha = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
  const bool digit = c >= '0' && c <= '9';
  const bool hex = digit || (c >= 'A' && c <= 'F') || (c >= 'a' && c <= 'f');
  // SafeChar = DIGIT / ALPHA / "+" / "-" / "&" / "!" / "_" / "/" / "'" / "?" / "@" / "^" /
  //            "`" / "~" / "*" / "$" / "\" / "(" / ")" / "%" / "|" / "."
  bool safe = alpha || digit;
  for (char s : {'+', '-', '&', '!', '_', '/', '\'', '?', '@', '^', '`', '~', '*', '$', '\\', '(',
                 ')', '%', '|', '.'})
    safe = safe || c == s;
  const bool lwsp = c == ' ' || c == '\t' || c == '\r' || c == '\n';
  // quotedString content: SafeChar / EOL / %x80-FF / RestChar / WSP, i.e. every octet except
  // DQUOTE, DEL and the controls other than HTAB, CR, LF.
  const bool quoted = u >= 0x80 || (c != '"' && u != 0x7f && (u >= 0x20 || lwsp));
  const bool name = alpha || digit || c == '_';
  const bool path = name || c == '/' || c == '*' || c == '$';
  const bool tid = path || c == '@' || c == '-' || c == '.';
  std::uint16_t m = 0;
  if (alpha) m |= cc_alpha;
  if (digit) m |= cc_digit;
  if (hex) m |= cc_hex;
  if (safe) m |= cc_safe;
  if (safe || u >= 0x80) m |= cc_value;
  if (quoted) m |= cc_quoted;
  if (name || c == '-' || c == '+') m |= cc_word;
  if (name) m |= cc_name;
  if (path) m |= cc_path;
  if (tid) m |= cc_tid;
  if (tid || c == ':' || c == '[' || c == ']' || c == '<' || c == '>') m |= cc_mid;
  if (name || c == '/' || c == '*') m |= cc_pkgd;
  if (lwsp) m |= cc_lwsp;
  if (alpha || digit || c == '-' || c == '*' || c == '.') m |= cc_domain;
  return m;
}

struct char_table {
  std::uint16_t bits[256];
  constexpr char_table() noexcept : bits{} {
    for (unsigned i = 0; i < 256; ++i) bits[i] = classes_of(static_cast<unsigned char>(i));
  }
};
inline constexpr char_table char_classes{};

/// True if `c` is in any of the classes of `mask`.
constexpr bool in_class(char c, std::uint16_t mask) noexcept {
  return (char_classes.bits[static_cast<unsigned char>(c)] & mask) != 0;
}

/// ASCII lower case (locale-free).
constexpr char lower(char c) noexcept { return (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c; }

} // namespace ngn::h248::detail
