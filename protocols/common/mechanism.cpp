#include "protocols/common/mechanism.hpp"

#include <algorithm>

namespace ngn {

namespace {

std::string_view trim(std::string_view s) noexcept {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool is_token_char(char c) noexcept {
  if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return true;
  constexpr std::string_view extra = "-.!%*_+`'~"; // RFC 3261 §25.1 token
  return extra.find(c) != std::string_view::npos;
}

char lower(char c) noexcept { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool iequal(std::string_view a, std::string_view b) noexcept {
  return a.size() == b.size()
         && std::equal(a.begin(), a.end(), b.begin(),
                       [](char x, char y) { return lower(x) == lower(y); });
}

codec_error bad(std::string detail) { return make_error(errc::malformed, 0, std::move(detail)); }

} // namespace

std::optional<std::uint16_t> parse_qvalue(std::string_view s) noexcept {
  if (s.empty() || (s[0] != '0' && s[0] != '1')) return std::nullopt;
  const auto whole = static_cast<std::uint16_t>(s[0] - '0');
  if (s.size() == 1) return static_cast<std::uint16_t>(whole * 1000);
  if (s[1] != '.' || s.size() > 5) return std::nullopt;
  std::uint16_t frac = 0, scale = 100;
  for (char c : s.substr(2)) {
    if (c < '0' || c > '9') return std::nullopt;
    frac = static_cast<std::uint16_t>(frac + (c - '0') * scale);
    scale = static_cast<std::uint16_t>(scale / 10);
  }
  if (whole == 1 && frac != 0) return std::nullopt;
  return static_cast<std::uint16_t>(whole * 1000 + frac);
}

std::string format_qvalue(std::uint16_t q) {
  if (q >= 1000) return "1";
  if (q == 0) return "0";
  std::string out = "0.";
  out += static_cast<char>('0' + q / 100);
  out += static_cast<char>('0' + (q / 10) % 10);
  out += static_cast<char>('0' + q % 10);
  while (out.back() == '0') out.pop_back();
  return out;
}

bool is_mechanism_name(std::string_view name) noexcept {
  return !name.empty() && name.size() <= max_mechanism_name
         && std::all_of(name.begin(), name.end(), is_token_char);
}

result<void> check_mechanisms(const mechanism_list& list) {
  if (list.empty()) return bad("empty mechanism list");
  if (list.size() > max_mechanisms)
    return bad("more than " + std::to_string(max_mechanisms) + " mechanisms");
  for (std::size_t i = 0; i < list.size(); ++i) {
    const auto& m = list[i];
    if (!is_mechanism_name(m.name))
      return bad("'" + m.name + "' is not a mechanism name (RFC 3261 token, 1..32)");
    if (m.q > 1000) return bad("q of mechanism '" + m.name + "' is above 1");
    for (std::size_t j = 0; j < i; ++j) {
      if (iequal(list[j].name, m.name)) return bad("mechanism '" + m.name + "' listed twice");
      if (list[j].q == m.q)
        return bad("mechanisms '" + list[j].name + "' and '" + m.name + "' have the same q="
                   + format_qvalue(m.q) + " (RFC 3329 §2.2: priorities must be distinct)");
    }
  }
  return {};
}

result<mechanism_list> parse_mechanisms(std::string_view s) {
  if (trim(s).empty()) return bad("empty mechanism list");
  mechanism_list out;
  for (;;) {
    const auto comma = s.find(',');
    auto entry = trim(s.substr(0, comma));
    if (out.size() == max_mechanisms)
      return bad("more than " + std::to_string(max_mechanisms) + " mechanisms");
    if (entry.empty()) return bad("empty entry in mechanism list");
    auto semi = entry.find(';');
    mechanism m;
    const auto name = trim(entry.substr(0, semi));
    if (!is_mechanism_name(name))
      return bad("'" + std::string(name) + "' is not a mechanism name (RFC 3261 token, 1..32)");
    m.name = std::string(name);
    bool has_q = false;
    while (semi != std::string_view::npos) {
      entry.remove_prefix(semi + 1);
      semi = entry.find(';');
      const auto param = trim(entry.substr(0, semi));
      const auto eq = param.find('=');
      const auto key = trim(param.substr(0, eq));
      if (key != "q")
        return bad("unknown parameter '" + std::string(key) + "' of mechanism '" + m.name
                   + "' (only q)");
      if (has_q) return bad("two q parameters for mechanism '" + m.name + "'");
      const auto value = eq == std::string_view::npos ? std::string_view{} : trim(param.substr(eq + 1));
      const auto q = parse_qvalue(value);
      if (!q)
        return bad("q='" + std::string(value) + "' of mechanism '" + m.name
                   + "' is not a value 0..1 with at most 3 decimals");
      m.q = *q;
      has_q = true;
    }
    out.push_back(std::move(m));
    if (comma == std::string_view::npos) break;
    s.remove_prefix(comma + 1);
  }
  if (auto ok = check_mechanisms(out); !ok) return ok.error();
  return out;
}

std::string format_mechanisms(const mechanism_list& list) {
  std::string out;
  for (const auto& m : list) {
    if (!out.empty()) out += ',';
    out += m.name;
    out += ";q=";
    out += format_qvalue(m.q);
  }
  return out;
}

const mechanism* find(const mechanism_list& list, std::string_view name) {
  for (const auto& m : list)
    if (iequal(m.name, name)) return &m;
  return nullptr;
}

bool contains(const mechanism_list& list, std::string_view name) {
  return find(list, name) != nullptr;
}

std::optional<mechanism> choose(const mechanism_list& offered, const mechanism_list& supported) {
  const mechanism* best = nullptr;
  for (const auto& m : offered)
    if (contains(supported, m.name) && (best == nullptr || m.q > best->q)) best = &m;
  if (best == nullptr) return std::nullopt;
  return *best;
}

} // namespace ngn
