#include "protocols/dialogue/mechanism.hpp"

#include "protocols/sip/sec_agree.hpp"

#include <algorithm>

namespace ngn::dialogue {

namespace {

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size()
         && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
              auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c; };
              return lower(x) == lower(y);
            });
}

} // namespace

result<mechanism_list> parse_mechanisms(std::string_view text) {
  // The RFC 3329 §2.2 sec-mechanism grammar is the SIP codec's; here the list's meaning.
  auto parsed = sip::parse_mechanism_list(text);
  if (!parsed) return parsed.error();
  mechanism_list out;
  for (const auto& m : *parsed) {
    mechanism x{m.name, m.q_milli().value_or(0)};
    for (const auto& prev : out) {
      if (iequals(prev.name, x.name))
        return make_error(errc::malformed, 0, "duplicate mechanism " + x.name);
      if (prev.q == x.q)
        return make_error(errc::malformed, 0, "two mechanisms with q=" + sip::format_q(x.q)
                                                 + " (RFC 3329 §2.2: q values must differ)");
    }
    out.push_back(std::move(x));
  }
  return out;
}

std::string format_mechanisms(const mechanism_list& list) {
  std::string out;
  for (const auto& m : list) {
    if (!out.empty()) out += ',';
    out += m.name;
    out += ";q=";
    out += sip::format_q(m.q);
  }
  return out;
}

bool contains(const mechanism_list& list, std::string_view name) {
  return std::any_of(list.begin(), list.end(),
                     [&](const mechanism& m) { return iequals(m.name, name); });
}

std::optional<mechanism> choose(const mechanism_list& offered, const mechanism_list& supported) {
  const mechanism* best = nullptr;
  for (const auto& m : offered)
    if (contains(supported, m.name) && (best == nullptr || m.q > best->q)) best = &m;
  if (best == nullptr) return std::nullopt;
  return *best;
}

} // namespace ngn::dialogue
