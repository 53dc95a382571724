#include "protocols/sip/sec_agree.hpp"

#include "protocols/common/mechanism.hpp"
#include "protocols/sip/headers.hpp"
#include "protocols/sip/lexer.hpp"
#include "protocols/sip/writer.hpp"

namespace ngn::sip {

using detail::iequals;

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
  if (q_milli) set_param(m.params, "q", format_qvalue(*q_milli));
  return m;
}

const sec_mechanism* find_mechanism(const std::vector<sec_mechanism>& list,
                                    std::string_view name) noexcept {
  for (const auto& m : list)
    if (iequals(m.name, name)) return &m;
  return nullptr;
}

} // namespace ngn::sip
