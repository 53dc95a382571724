#include "tests/elements/protocol_kit.hpp"

#include "protocols/common/hex.hpp"
#include "protocols/dialogue/h248_util.hpp"
#include "protocols/dialogue/ras_util.hpp"
#include "protocols/mgcp/codec.hpp"
#include "protocols/mgcp/registration.hpp"
#include "protocols/ras/codec.hpp"

#include <array>

namespace ngn::test {

namespace {

unsigned same(dialogue::code c) { return static_cast<unsigned>(c); }

std::optional<unsigned> sip_refusal(std::string_view d) {
  // The status line only: a 400 echoes the request's (possibly unparsable) header lines.
  constexpr std::string_view head = "SIP/2.0 ";
  if (d.substr(0, head.size()) != head || d.size() < head.size() + 3) return std::nullopt;
  unsigned v = 0;
  for (std::size_t i = head.size(); i < head.size() + 3; ++i) {
    if (d[i] < '0' || d[i] > '9') return std::nullopt;
    v = v * 10 + static_cast<unsigned>(d[i] - '0');
  }
  return v >= 300 ? std::optional<unsigned>{v} : std::nullopt;
}

std::optional<unsigned> mgcp_refusal(std::string_view d) {
  auto m = mgcp::parse_one(d);
  if (!m) return std::nullopt;
  if (const auto* r = std::get_if<mgcp::response>(&*m))
    return r->code >= 400 ? std::optional<unsigned>{r->code} : std::nullopt;
  if (auto c = mgcp::result_code(std::get<mgcp::command>(*m)); c && *c >= 300) return *c;
  return std::nullopt;
}

unsigned h248_code(dialogue::code c) { return dialogue::h248_util::error_of(c); }

std::optional<unsigned> h248_refusal(std::string_view d) {
  // The first Error descriptor's code.
  const auto at = d.find("Error = ");
  if (at == std::string_view::npos) return std::nullopt;
  unsigned v = 0;
  for (std::size_t i = at + 8; i < d.size() && d[i] >= '0' && d[i] <= '9'; ++i)
    v = v * 10 + static_cast<unsigned>(d[i] - '0');
  return v;
}

std::optional<unsigned> ras_refusal(std::string_view d) {
  auto m = ras::decode(reinterpret_cast<const std::uint8_t*>(d.data()), d.size());
  if (!m) return std::nullopt;
  const std::optional<std::vector<ras::generic_data>>* data = nullptr;
  if (const auto* g = std::get_if<ras::grj>(&*m)) {
    if (g->tokens && !g->tokens->empty() && g->tokens->front().challenge) return std::nullopt;
    data = &g->generic_data;
  } else if (const auto* r = std::get_if<ras::rrj>(&*m)) {
    if (r->tokens && !r->tokens->empty() && r->tokens->front().challenge) return std::nullopt;
    data = &r->generic_data;
  } else if (const auto* u = std::get_if<ras::urj>(&*m)) {
    data = &u->generic_data;
  }
  if (data == nullptr) return std::nullopt;
  auto r = dialogue::ras_util::result_of(*data);
  if (!r) return std::nullopt;
  return static_cast<unsigned>(r->first);
}

/// A RAS RRQ whose resynchronisation token is not 14 octets of AUTS.
std::string ras_malformed() {
  ras::rrq m;
  m.request_seq_num = 77;
  m.protocol_identifier = dialogue::ras_util::ids().protocol;
  m.terminal_alias = dialogue::ras_util::alias_of("t1@ngn.example");
  ras::clear_token auts;
  auts.token_oid = dialogue::ras_util::ids().resync_token;
  auts.challenge = std::vector<std::uint8_t>(9, 0xAA);
  m.tokens = std::vector<ras::clear_token>{auts};
  return dialogue::ras_util::to_wire(m);
}

std::array<protocol_kit, protocol_count> make_kits() {
  return {{
    {protocol::sip,
     // RFC 3261 §8.2.6.2: a CSeq that is not a number → 400.
     "REGISTER sip:ngn.example SIP/2.0\r\n"
     "Via: SIP/2.0/UDP 10.1.0.9:5060;branch=z9hG4bKbad\r\n"
     "From: <sip:t1@ngn.example>;tag=1\r\nTo: <sip:t1@ngn.example>\r\n"
     "Call-ID: bad@10.1.0.9\r\nCSeq: one REGISTER\r\nContent-Length: 0\r\n\r\n",
     same, sip_refusal},
    {protocol::mgcp,
     // RFC 3435 §2.3.12: RM is mandatory in RSIP → 510.
     "RSIP 4001 t1@ngn.example MGCP 1.0\r\nX-SECM: aes-gcm;q=0.9\r\n", same, mgcp_refusal},
    {protocol::h248,
     // H.248.1 Annex B: ServiceChange without the REQUIRED Reason → 400.
     "MEGACO/1 t9@ngn.example\r\nTransaction = 7 {\r\n  Context = - {\r\n"
     "    ServiceChange = ROOT {\r\n      Services {\r\n        Method = Restart\r\n"
     "      }\r\n    }\r\n  }\r\n}\r\n",
     h248_code, h248_refusal},
    {protocol::h323, ras_malformed(), same, ras_refusal},
  }};
}

std::size_t replace_all(std::string& s, std::string_view from, std::string_view to) {
  if (from.empty()) return 0;
  std::size_t n = 0;
  for (auto at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size())) {
    s.replace(at, from.size(), to);
    ++n;
  }
  return n;
}

std::string_view as_text(byte_view b) {
  return {reinterpret_cast<const char*>(b.data()), b.size()};
}

} // namespace

const protocol_kit& kit(protocol p) {
  static const auto kits = make_kits();
  return kits[static_cast<std::size_t>(p)];
}

std::size_t replace_value(std::string& wire, byte_view from, byte_view to) {
  return replace_all(wire, as_text(from), as_text(to))
         + replace_all(wire, to_hex(from), to_hex(to))
         + replace_all(wire, to_hex(from, hex_case::upper), to_hex(to, hex_case::upper));
}

std::size_t rename_mechanism(std::string& wire, std::string_view from, std::string_view to) {
  return replace_all(wire, from, to);
}

bytes flipped(byte_view b) {
  bytes out(b.begin(), b.end());
  if (!out.empty()) out[0] ^= 0x01;
  return out;
}

} // namespace ngn::test
