#include "topology/mechanism.hpp"

#include <algorithm>

namespace ngn::topology {

namespace {

std::string_view trim(std::string_view s) noexcept {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
    s.remove_suffix(1);
  return s;
}

/// RFC 3261 §25.1 token character.
bool is_token_char(char c) noexcept {
  if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
    return true;
  constexpr std::string_view extra = "-.!%*_+`'~";
  return extra.find(c) != std::string_view::npos;
}

bool iequal(std::string_view a, std::string_view b) noexcept {
  auto low = [](char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; };
  return a.size() == b.size()
         && std::equal(a.begin(), a.end(), b.begin(), [&](char x, char y) { return low(x) == low(y); });
}

/// RFC 3261 §20.10 qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] ), in thousandths.
std::optional<std::uint16_t> parse_qvalue(std::string_view s) noexcept {
  if (s.empty() || (s[0] != '0' && s[0] != '1'))
    return std::nullopt;
  std::uint16_t whole = static_cast<std::uint16_t>(s[0] - '0');
  if (s.size() == 1)
    return static_cast<std::uint16_t>(whole * 1000);
  if (s[1] != '.' || s.size() > 5)
    return std::nullopt;
  std::uint16_t frac = 0;
  std::uint16_t scale = 100;
  for (char c : s.substr(2)) {
    if (c < '0' || c > '9')
      return std::nullopt;
    frac = static_cast<std::uint16_t>(frac + (c - '0') * scale);
    scale = static_cast<std::uint16_t>(scale / 10);
  }
  if (whole == 1 && frac != 0)
    return std::nullopt;
  return static_cast<std::uint16_t>(whole * 1000 + frac);
}

} // namespace

value_or_error<mechanism_list> parse_mechanisms(std::string_view s) {
  using r = value_or_error<mechanism_list>;
  if (trim(s).empty())
    return r::fail("empty mechanism list");
  mechanism_list out;
  while (true) {
    auto comma = s.find(',');
    auto entry = trim(s.substr(0, comma));
    if (out.size() == max_mechanisms)
      return r::fail("more than " + std::to_string(max_mechanisms) + " mechanisms");
    if (entry.empty())
      return r::fail("empty entry in mechanism list");
    auto semi = entry.find(';');
    mechanism m;
    auto name = trim(entry.substr(0, semi));
    if (name.empty() || name.size() > 32
        || !std::all_of(name.begin(), name.end(), is_token_char))
      return r::fail("'" + std::string(name) + "' is not a mechanism name (RFC 3261 token, 1..32)");
    m.name = std::string(name);
    bool has_q = false;
    while (semi != std::string_view::npos) {
      entry.remove_prefix(semi + 1);
      semi = entry.find(';');
      auto param = trim(entry.substr(0, semi));
      auto eq = param.find('=');
      auto key = trim(param.substr(0, eq));
      if (key != "q")
        return r::fail("unknown parameter '" + std::string(key) + "' of mechanism '" + m.name
                       + "' (only q)");
      if (has_q)
        return r::fail("two q parameters for mechanism '" + m.name + "'");
      auto value = eq == std::string_view::npos ? std::string_view{} : trim(param.substr(eq + 1));
      auto q = parse_qvalue(value);
      if (!q)
        return r::fail("q='" + std::string(value) + "' of mechanism '" + m.name
                       + "' is not a value 0..1 with at most 3 decimals");
      m.q = *q;
      has_q = true;
    }
    if (!has_q)
      return r::fail("mechanism '" + m.name + "' has no priority (write " + m.name + ";q=0.5)");
    for (const auto& prev : out) {
      if (iequal(prev.name, m.name))
        return r::fail("mechanism '" + m.name + "' listed twice");
      if (prev.q == m.q)
        return r::fail("mechanisms '" + prev.name + "' and '" + m.name + "' have the same q="
                       + format_qvalue(m.q) + "; priorities must be distinct");
    }
    out.push_back(std::move(m));
    if (comma == std::string_view::npos)
      break;
    s.remove_prefix(comma + 1);
  }
  return r::ok(std::move(out));
}

std::string format_qvalue(std::uint16_t q) {
  if (q >= 1000)
    return "1";
  if (q == 0)
    return "0";
  std::string out = "0.";
  out += static_cast<char>('0' + q / 100);
  out += static_cast<char>('0' + (q / 10) % 10);
  out += static_cast<char>('0' + q % 10);
  while (out.back() == '0')
    out.pop_back();
  return out;
}

std::string to_string(const mechanism_list& list) {
  std::string out;
  for (const auto& m : list) {
    if (!out.empty())
      out += ',';
    out += m.name;
    out += ";q=";
    out += format_qvalue(m.q);
  }
  return out;
}

} // namespace ngn::topology
