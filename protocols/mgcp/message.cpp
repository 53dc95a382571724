// MGCP model helpers, name predicates (RFC 3435 Appendix A) and per-verb mandatory parameters
// (RFC 3435 §2.3).
#include "protocols/mgcp/message.hpp"

#include "protocols/mgcp/syntax.hpp"

#include <array>
#include <cstdint>

namespace ngn::mgcp {

using namespace detail;

const parameter* find(const std::vector<parameter>& params, std::string_view code) noexcept {
  for (const auto& p : params)
    if (iequals(p.code, code)) return &p;
  return nullptr;
}

command& command::add(std::string_view c, std::string_view v) {
  params.emplace_back(c, v);
  return *this;
}

response& response::add(std::string_view c, std::string_view v) {
  params.emplace_back(c, v);
  return *this;
}

std::uint32_t transaction_id(const message& m) noexcept {
  if (const auto* c = std::get_if<command>(&m)) return c->transaction_id;
  return std::get<response>(m).transaction_id;
}

// -- names --------------------------------------------------------------------------------------

bool valid_extension_name(std::string_view name) noexcept {
  // RFC 3435 App. A: extensionParameter = "X" ("-" / "+") 1*6(ALPHA / DIGIT)
  if (name.size() < 3 || name.size() > 8) return false;
  if (to_upper(name[0]) != 'X' || (name[1] != '-' && name[1] != '+')) return false;
  for (std::size_t i = 2; i < name.size(); ++i)
    if (!is_alnum(name[i])) return false;
  return true;
}

bool is_critical_extension(std::string_view name) noexcept {
  return valid_extension_name(name) && name[1] == '+';
}

bool is_known_code(std::string_view code) noexcept {
  // RFC 3435 §3.2.2 (and the ParameterValue rule of App. A).
  static constexpr std::array<std::string_view, 26> known = {
      "K", "B", "C", "I", "N", "X", "L", "M", "R", "S", "D", "O", "P",
      "E", "Z", "Z2", "I2", "F", "Q", "T", "RM", "RD", "A", "ES", "PL", "MD"};
  for (auto k : known)
    if (iequals(k, code)) return true;
  return false;
}

namespace {

/// 1*32(ALPHA / DIGIT / "-"): the name part of a package parameter or event.
bool valid_name32(std::string_view s) noexcept {
  if (s.empty() || s.size() > 32) return false;
  for (char c : s)
    if (!is_alnum(c) && c != '-') return false;
  return true;
}

} // namespace

bool valid_package_name(std::string_view name) noexcept {
  // RFC 3435 §2.1.7: letters, digits and hyphens, no leading/trailing hyphen, at most 32
  // characters; "X-"/"X+" prefix for experimental packages.
  if (name.empty() || name.size() > 32) return false;
  std::size_t start = 0;
  if (name.size() > 2 && to_upper(name[0]) == 'X' && (name[1] == '-' || name[1] == '+'))
    start = 2;
  for (std::size_t i = start; i < name.size(); ++i)
    if (!is_alnum(name[i]) && name[i] != '-') return false;
  return name[start] != '-' && name.back() != '-';
}

bool valid_parameter_code(std::string_view code) noexcept {
  if (auto slash = code.find('/'); slash != std::string_view::npos)
    return valid_package_name(code.substr(0, slash)) && valid_name32(code.substr(slash + 1));
  if (has_extension_prefix(code)) return valid_extension_name(code);
  if (code.empty() || code.size() > 8) return false;
  for (char c : code)
    if (!is_alnum(c)) return false;
  return true;
}

bool valid_verb(std::string_view v) noexcept {
  // RFC 3435 App. A: extensionVerb = ALPHA 3(ALPHA / DIGIT)
  return v.size() == 4 && is_alpha(v[0]) && is_alnum(v[1]) && is_alnum(v[2]) && is_alnum(v[3]);
}

bool is_known_verb(std::string_view v) noexcept {
  for (auto k : {verb::epcf, verb::crcx, verb::mdcx, verb::dlcx, verb::rqnt, verb::ntfy,
                 verb::auep, verb::aucx, verb::rsip})
    if (iequals(k, v)) return true;
  return false;
}

namespace {

/// RFC 3435 App. A range-of-allowed-characters: VCHAR except "$", "*", "/", "@".
constexpr bool is_name_char(char c) noexcept {
  return is_vchar(c) && c != '$' && c != '*' && c != '/' && c != '@';
}

bool valid_local_name(std::string_view s) noexcept {
  // LocalEndpointName = LocalNamePart 0*("/" LocalNamePart);
  // LocalNamePart = "$" / "*" / 1*(range-of-allowed-characters)
  if (s.empty() || s.size() > max_local_name) return false;
  std::size_t i = 0;
  while (true) {
    std::size_t j = s.find('/', i);
    std::string_view part = s.substr(i, j == std::string_view::npos ? j : j - i);
    if (part.empty()) return false;
    if (part != "$" && part != "*")
      for (char c : part)
        if (!is_name_char(c)) return false;
    if (j == std::string_view::npos) return true;
    i = j + 1;
  }
}

bool valid_domain_name(std::string_view s) noexcept {
  // DomainName = 1*255(ALPHA / DIGIT / "." / "-") / "#" number / "[" IPv4 / IPv6 "]"
  if (s.empty()) return false;
  if (s[0] == '[') {
    if (s.size() < 3 || s.back() != ']') return false;
    for (char c : s.substr(1, s.size() - 2))
      if (!is_hex(c) && c != '.' && c != ':') return false;
    return true;
  }
  if (s[0] == '#') {
    if (s.size() < 2) return false;
    for (char c : s.substr(1))
      if (!is_digit(c)) return false;
    return true;
  }
  if (s.size() > 255) return false;
  for (char c : s)
    if (!is_alnum(c) && c != '.' && c != '-') return false;
  return true;
}

} // namespace

bool valid_endpoint_name(std::string_view e) noexcept {
  auto at = e.find('@');
  if (at == std::string_view::npos) return false;
  return valid_local_name(e.substr(0, at)) && valid_domain_name(e.substr(at + 1));
}

// -- semantic checks ----------------------------------------------------------------------------

namespace {

/// A 6-bit digest of a code that case-insensitively equal codes share (a hash of its octets,
/// case-folded; distinct for the codes of each of the registration's messages).
unsigned code_digest(std::string_view code) noexcept {
  std::uint32_t h = 0;
  for (char c : code) h = h * 9 + static_cast<std::uint8_t>(to_upper(c));
  return (h ^ (h >> 6)) & 63u;
}

result<void> no_duplicates(const std::vector<parameter>& params) {
  // Codes with distinct digests cannot be equal: the pairwise comparison is needed only when two
  // digests collide (then it runs as before, naming the same repeated parameter).
  std::uint64_t seen = 0;
  bool collision = false;
  for (const auto& p : params) {
    const std::uint64_t bit = std::uint64_t{1} << code_digest(p.code);
    collision = collision || (seen & bit) != 0;
    seen |= bit;
  }
  if (!collision) return {};
  for (std::size_t i = 1; i < params.size(); ++i)
    for (std::size_t j = 0; j < i; ++j)
      if (iequals(params[i].code, params[j].code))
        return make_error(errc::malformed, 0, "parameter " + params[i].code + " repeated");
  return {};
}

struct mandatory {
  std::string_view verb;
  std::string_view codes[2];
  std::string_view clause;
};

// RFC 3435 §2.3: the parameters the command's signature does not bracket as optional.
constexpr mandatory mandatory_params[] = {
    {verb::rsip, {"RM", {}}, "RFC 3435 §2.3.12"},
    {verb::rqnt, {"X", {}}, "RFC 3435 §2.3.3"},
    {verb::ntfy, {"X", "O"}, "RFC 3435 §2.3.4"},
    {verb::crcx, {"C", "M"}, "RFC 3435 §2.3.5"},
    {verb::mdcx, {"C", "I"}, "RFC 3435 §2.3.6"},
    {verb::aucx, {"I", {}}, "RFC 3435 §2.3.11"},
};

} // namespace

result<void> validate(const command& c) {
  for (const auto& m : mandatory_params) {
    if (!iequals(m.verb, c.verb)) continue;
    for (auto code : m.codes)
      if (!code.empty() && !c.find(code))
        return make_error(errc::malformed, 0,
                          std::string(m.verb) + " without " + std::string(code) + " (" +
                              std::string(m.clause) + ")");
  }
  return no_duplicates(c.params);
}

result<void> validate(const response& r) { return no_duplicates(r.params); }

} // namespace ngn::mgcp
