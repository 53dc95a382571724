#include "protocols/sip/sec_agree.hpp"

#include "protocols/sip/headers.hpp"
#include "protocols/sip/lexer.hpp"
#include "protocols/sip/writer.hpp"

namespace ngn::sip {

using detail::iequals;

std::optional<std::uint16_t> parse_qvalue(std::string_view t) noexcept {
  // qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] )
  if (t.empty() || (t[0] != '0' && t[0] != '1')) return std::nullopt;
  std::uint16_t whole = static_cast<std::uint16_t>(t[0] - '0');
  if (t.size() == 1) return static_cast<std::uint16_t>(whole * 1000);
  if (t[1] != '.' || t.size() > 5) return std::nullopt;
  std::uint16_t frac = 0;
  std::uint16_t scale = 100;
  for (std::size_t i = 2; i < t.size(); ++i) {
    if (!detail::is_digit(t[i])) return std::nullopt;
    if (whole == 1 && t[i] != '0') return std::nullopt;
    frac = static_cast<std::uint16_t>(frac + (t[i] - '0') * scale);
    scale = static_cast<std::uint16_t>(scale / 10);
  }
  return static_cast<std::uint16_t>(whole * 1000 + frac);
}

std::string format_q(std::uint16_t milli) {
  if (milli >= 1000) return "1";
  if (milli == 0) return "0";
  std::string out = "0.";
  out += static_cast<char>('0' + milli / 100);
  out += static_cast<char>('0' + milli / 10 % 10);
  out += static_cast<char>('0' + milli % 10);
  while (out.back() == '0') out.pop_back();
  return out;
}

result<std::vector<sec_mechanism>> parse_mechanism_list(std::string_view text) {
  for (std::size_t i = 0; i < text.size(); ++i)
    if (detail::is_ctl(text[i])) return make_error(errc::malformed, i, "control character");
  auto trimmed = detail::trim_wsp(text);
  if (trimmed.empty()) return make_error(errc::malformed, 0, "empty mechanism list");
  std::vector<sec_mechanism> out;
  codec_error err;
  detail::cursor c{trimmed, static_cast<std::size_t>(trimmed.data() - text.data())};
  if (!detail::parse_mechanisms(c, out, err)) return err;
  return out;
}

std::string format_mechanism_list(const std::vector<sec_mechanism>& list) {
  std::string out;
  detail::append_mechanisms(out, list);
  return out;
}

sec_mechanism make_mechanism(std::string_view name, std::optional<std::uint16_t> q_milli) {
  sec_mechanism m;
  m.name.assign(name.data(), name.size());
  if (q_milli) set_param(m.params, "q", format_q(*q_milli));
  return m;
}

const sec_mechanism* find_mechanism(const std::vector<sec_mechanism>& list,
                                    std::string_view name) noexcept {
  for (const auto& m : list)
    if (iequals(m.name, name)) return &m;
  return nullptr;
}

const sec_mechanism* select_mechanism(const std::vector<sec_mechanism>& offered,
                                      const std::vector<std::string>& supported) noexcept {
  const sec_mechanism* best = nullptr;
  int best_q = -1;
  for (const auto& m : offered) {
    bool ok = false;
    for (const auto& s : supported)
      if (iequals(m.name, s)) ok = true;
    if (!ok) continue;
    int q = m.q_milli().value_or(0);
    if (q > best_q) {
      best = &m;
      best_q = q;
    }
  }
  return best;
}

bool has_duplicate_q(const std::vector<sec_mechanism>& list) noexcept {
  for (std::size_t i = 0; i < list.size(); ++i) {
    auto qi = list[i].q_milli();
    if (!qi) continue;
    for (std::size_t j = i + 1; j < list.size(); ++j)
      if (list[j].q_milli() == qi) return true;
  }
  return false;
}

} // namespace ngn::sip
