#include "protocols/common/protocol.hpp"

#include <ostream>

namespace ngn {

namespace {

// Ports: RFC 3261 §18.1.1 (SIP 5060), RFC 3435 §3.5 (MGCP gateway 2427, call agent 2727),
// H.248.1 Annex B (2944 text), H.225.0 §7.6 (RAS 1719).
constexpr std::array<protocol_info, protocol_count> table{{
  {protocol::sip, "sip", "SIP", 5060, 5060},
  {protocol::mgcp, "mgcp", "MGCP", 2427, 2727},
  {protocol::h248, "h248", "H.248", 2944, 2944},
  {protocol::h323, "h323", "H.323 RAS", 1719, 1719},
}};

} // namespace

const protocol_info& info(protocol p) noexcept {
  const auto i = static_cast<std::size_t>(p);
  return table[i < table.size() ? i : 0];
}

std::optional<protocol> parse_protocol(std::string_view name) noexcept {
  for (const auto& row : table)
    if (row.name == name) return row.id;
  return std::nullopt;
}

std::ostream& operator<<(std::ostream& os, protocol p) { return os << to_string(p); }

std::string protocol_names(std::string_view separator) {
  std::string out;
  for (const auto& row : table) {
    if (!out.empty()) out += separator;
    out += row.name;
  }
  return out;
}

} // namespace ngn
