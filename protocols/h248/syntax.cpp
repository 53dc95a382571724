#include "protocols/h248/syntax.hpp"

namespace ngn::h248 {

namespace {

using detail::in_class;
using detail::lower;

/// True if every character of `s` is in a class of `mask`.
bool all_in(std::string_view s, std::uint16_t mask) noexcept {
  for (char c : s)
    if (!in_class(c, mask)) return false;
  return true;
}

// IPv4address = V4hex DOT V4hex DOT V4hex DOT V4hex, V4hex = 1*3(DIGIT) "0".."255"
bool is_ipv4(std::string_view s) noexcept {
  int groups = 0;
  std::size_t i = 0;
  while (true) {
    std::size_t start = i;
    unsigned v = 0;
    while (i < s.size() && is_digit(s[i]) && i - start < 3) v = v * 10 + unsigned(s[i++] - '0');
    if (i == start || v > 255) return false;
    ++groups;
    if (i == s.size()) return groups == 4;
    if (s[i] != '.' || groups == 4) return false;
    ++i;
  }
}

// IPv6address (RFC 2373 text form, possibly with an embedded IPv4 tail): hex groups and colons,
// at most one "::". Checked structurally, not semantically.
bool is_ipv6(std::string_view s) noexcept {
  if (s.size() < 2 || s.size() > 45) return false;
  bool has_colon = false;
  int double_colons = 0;
  std::size_t group = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == ':') {
      has_colon = true;
      if (i + 1 < s.size() && s[i + 1] == ':') {
        if (++double_colons > 1) return false;
        ++i;
        if (i + 1 < s.size() && s[i + 1] == ':') return false;
      }
      group = 0;
    } else if (c == '.') {
      // The rest must be an IPv4 address starting at the current group.
      std::size_t start = i - group;
      return has_colon && group > 0 && is_ipv4(s.substr(start));
    } else if (is_hexdig(c)) {
      if (++group > 4) return false;
    } else {
      return false;
    }
  }
  return has_colon;
}

// pathDomainName = (ALPHA / DIGIT / "*") *63(ALPHA / DIGIT / "-" / "*" / ".")
bool is_path_domain_name(std::string_view s) noexcept {
  if (s.empty() || s.size() > 64) return false;
  if (!(is_alpha(s[0]) || is_digit(s[0]) || s[0] == '*')) return false;
  return all_in(s.substr(1), detail::cc_domain);
}

// pathNAME = ["*"] NAME *("/" / "*" / ALPHA / DIGIT / "_" / "$") ["@" pathDomainName]
bool is_path_name(std::string_view s) noexcept {
  if (s.empty() || s.size() > 64) return false;
  std::size_t i = 0;
  if (s[i] == '*') ++i;
  if (i == s.size() || !is_alpha(s[i])) return false;
  ++i;
  while (i < s.size() && in_class(s[i], detail::cc_path)) ++i;
  if (i == s.size()) return true;
  if (s[i] != '@') return false;
  return is_path_domain_name(s.substr(i + 1));
}

// (domainAddress / domainName) [":" portNumber], `close` being ']' or '>'.
bool is_bracketed_mid(std::string_view s, char close) noexcept {
  std::size_t end = s.find(close);
  if (end == std::string_view::npos) return false;
  std::string_view inner = s.substr(1, end - 1);
  std::string_view rest = s.substr(end + 1);
  if (!rest.empty() && (rest[0] != ':' || !is_port_number(rest.substr(1)))) return false;
  if (close == ']') return is_ipv4(inner) || is_ipv6(inner);
  // domainName = "<" (ALPHA / DIGIT) *63(ALPHA / DIGIT / "-" / ".") ">"
  if (inner.empty() || inner.size() > 64 || !(is_alpha(inner[0]) || is_digit(inner[0])))
    return false;
  for (char c : inner)
    if (!(is_alpha(c) || is_digit(c) || c == '-' || c == '.')) return false;
  return true;
}

} // namespace

bool is_name(std::string_view s) noexcept {
  return !s.empty() && s.size() <= 64 && is_alpha(s[0]) && all_in(s, detail::cc_name);
}

bool is_pkgd_name(std::string_view s) noexcept {
  std::size_t slash = s.find('/');
  if (slash == std::string_view::npos) return false;
  std::string_view package = s.substr(0, slash);
  std::string_view item = s.substr(slash + 1);
  if (package == "*") return item == "*";
  return is_name(package) && (item == "*" || is_name(item));
}

bool is_safe_value(std::string_view s) noexcept {
  return !s.empty() && all_in(s, detail::cc_value);
}

bool is_quotable(std::string_view s) noexcept { return all_in(s, detail::cc_quoted); }

bool is_termination_id(std::string_view s) noexcept {
  return s == "$" || s == "*" || is_path_name(s);
}

bool is_port_number(std::string_view s) noexcept { return parse_uint(s, 5, 65535).has_value(); }

bool is_mid(std::string_view s) noexcept {
  if (s.empty()) return false;
  if (s[0] == '[') return is_bracketed_mid(s, ']');
  if (s[0] == '<') return is_bracketed_mid(s, '>');
  // mtpAddress = MTPToken "{" 4*8(HEXDIG) "}" (stored without LWSP)
  if (s.size() >= 4 && iequals(s.substr(0, 4), "MTP{")) {
    if (s.back() != '}') return false;
    std::string_view hex = s.substr(4, s.size() - 5);
    if (hex.size() < 4 || hex.size() > 8) return false;
    for (char c : hex)
      if (!is_hexdig(c)) return false;
    return true;
  }
  return is_path_name(s);
}

bool is_extension_name(std::string_view s) noexcept {
  if (s.size() < 3 || s.size() > 8 || lower(s[0]) != 'x' || (s[1] != '-' && s[1] != '+'))
    return false;
  for (char c : s.substr(2))
    if (!(is_alpha(c) || is_digit(c))) return false;
  return true;
}

std::optional<std::uint32_t> parse_uint(std::string_view s, std::size_t max_digits,
                                        std::uint32_t max) noexcept {
  if (s.empty() || s.size() > max_digits) return std::nullopt;
  std::uint64_t v = 0;
  for (char c : s) {
    if (!is_digit(c)) return std::nullopt;
    v = v * 10 + std::uint64_t(c - '0');
  }
  if (v > max) return std::nullopt;
  return static_cast<std::uint32_t>(v);
}

} // namespace ngn::h248
