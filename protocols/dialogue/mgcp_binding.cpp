// Decoding and checking of the MGCP binding (RFC 3435; the layout is in mgcp_binding.hpp).
#include "protocols/dialogue/mgcp_binding.hpp"

#include "protocols/common/hex.hpp"
#include "protocols/dialogue/mgcp_util.hpp"
#include "protocols/mgcp/codec.hpp"
#include "protocols/mgcp/registration.hpp"

#include <algorithm>
#include <array>
#include <memory>
#include <optional>
#include <variant>

namespace ngn::dialogue {

using namespace mgcp_util;
namespace ext = mgcp::ext;

namespace {

codec_error bad(std::string detail) { return make_error(errc::malformed, 0, std::move(detail)); }

/// A value carried twice — as an X-SEC event parameter (S: or O:) for generic MGCP stacks and
/// as an extension line for Wireshark (wire-bindings.md §3.3): the extension line is
/// authoritative, the event parameter is used only without it. Tampering with either is caught
/// by the cryptographic checks (AUTN's MAC-A, the key wrap, the MAC, verify()). A view into
/// the message, not a copy.
std::optional<std::string_view> carried(const mgcp::command& c, std::string_view event_code,
                                        std::string_view event, std::string_view param) {
  if (const auto* p = c.find(param)) return std::string_view(p->value);
  return mgcp::sec_event_parameters(c, event_code, event);
}

/// Hex of exactly `n` bytes into `out`.
template <std::size_t N>
bool hex_into(std::string_view text, std::array<std::uint8_t, N>& out) {
  return from_hex(text, out.data(), N);
}

/// Hex into a byte vector, left empty when it is not hex: the key RQNT's values are checked
/// cryptographically by their receiver (key unwrap, MAC), which then refuses the key and the
/// refusal is recorded — a tampered value must not make the message vanish as undecodable.
void hex_or_empty(std::string_view text, std::vector<std::uint8_t>& out) {
  auto v = from_hex(text);
  if (v) out = std::move(*v);
  else out.clear();
}

/// RFC 3435 §3.2.2: an "X+" extension the receiver does not know must make it reject the
/// command (511); this binding defines only "X-" parameters.
bool has_critical_extension(const mgcp::command& c) {
  for (const auto& p : c.params)
    if (mgcp::is_critical_extension(p.code)) return true;
  return false;
}

/// The requested lifetime and the terminal's SPI of a RSIP or NTFY (DESIGN.md §1.2).
result<void> read_life(const mgcp::command& m, content& c) {
  auto lt = read_lifetime(m.params);
  if (!lt) return lt.error();
  c.lifetime = *lt;
  auto spi = read_spi(m.params, ext::spic);
  if (!spi) return spi.error();
  c.terminal_spi = *spi;
  return {};
}

result<void> decode_rsip(const mgcp::command& m, content& c) {
  c.kind = step::reg_request;
  auto offered = read_mechanisms(m.params, ext::secm);
  if (!offered) return offered.error();
  c.offered = std::move(*offered);
  if (auto r = read_life(m, c); !r) return r;
  // RFC 3435 §2.3.12: "graceful" and "forced" take the endpoint out of service.
  const auto* rm = m.find(mgcp::code::restart_method);
  if (rm != nullptr
      && (mgcp::iequals(rm->value, "graceful") || mgcp::iequals(rm->value, "forced"))) {
    c.kind = step::deregistration; // DESIGN.md §1.2
    c.lifetime = 0;
  }
  return {};
}

/// X-RAND: the RAND of the challenge a NTFY or a refusal answers; zeros when absent or not hex
/// (then it answers no challenge).
void read_rand(const std::vector<mgcp::parameter>& params, content& c) {
  rand_t r{};
  if (const auto* p = mgcp::find(params, ext::rand); p != nullptr && hex_into(p->value, r))
    c.rand = r;
}

result<void> decode_ntfy(const mgcp::command& m, content& c) {
  c.kind = step::reg_message;
  c.session_id = parse_request_id(m.find(mgcp::code::request_identifier)->value);
  auto res = carried(m, mgcp::code::observed_events, mgcp::sec_event::resp, ext::resp);
  auto auts = carried(m, mgcp::code::observed_events, mgcp::sec_event::auts, ext::auts);
  if (res && auts) return bad("NTFY carries both X-SEC/resp and X-SEC/auts");
  read_rand(m.params, c);
  if (res) {
    // The proof must be carried consistently: O: X-SEC/resp(...) and X-RESP agree.
    auto observed = mgcp::sec_event_parameters(m, mgcp::code::observed_events,
                                               mgcp::sec_event::resp);
    c.proof = proof_from_hex(*res, std::tuple_size<res_t>::value);
    if (observed && *observed != *res && c.proof) c.proof->clear();
  } else if (auts) {
    // TS 33.102 §6.3.5: AUTS = (SQN_MS ⊕ AK*) ‖ MAC-S, 14 bytes.
    auts_t a{};
    if (!hex_into(*auts, a)) return bad("X-AUTS is not 14 bytes of hex");
    c.auts = a;
  } else {
    return bad("NTFY observes neither X-SEC/resp nor X-SEC/auts");
  }
  auto offered = read_mechanisms(m.params, ext::secm);
  if (!offered) return offered.error();
  c.offered = std::move(*offered);
  auto mirror = read_mechanisms(m.params, ext::secv);
  if (!mirror) return mirror.error();
  c.edge = std::move(*mirror);
  const auto* v = m.find(ext::vrfy);
  c.sec_agree_failed = v != nullptr && mgcp::iequals(v->value, "mismatch");
  auto chosen = read_mechanisms(m.params, ext::secc);
  if (!chosen) return chosen.error();
  if (!chosen->empty()) c.chosen = chosen->front().name;
  return read_life(m, c);
}

result<void> decode_rqnt(const mgcp::command& m, content& c) {
  c.session_id = parse_request_id(m.find(mgcp::code::request_identifier)->value);
  if (auto r = mgcp::result_code(m)) c.result = static_cast<code>(*r);
  auto chal = carried(m, mgcp::code::signal_requests, mgcp::sec_event::chal, ext::chal);
  auto key = carried(m, mgcp::code::signal_requests, mgcp::sec_event::key, ext::skey);
  if (chal && key) return bad("RQNT signals both X-SEC/chal and X-SEC/key");
  if (chal) {
    // RAND ‖ AUTN (TS 33.102 §6.3.2), 32 bytes.
    std::array<std::uint8_t, 32> both{};
    if (!hex_into(*chal, both)) return bad("X-CHAL is not RAND||AUTN, 32 bytes of hex");
    c.kind = step::challenge;
    std::copy(both.begin(), both.begin() + 16, c.rand.begin());
    std::copy(both.begin() + 16, both.end(), c.autn.begin());
    auto edge = read_mechanisms(m.params, ext::secm);
    if (!edge) return edge.error();
    c.edge = std::move(*edge);
    auto chosen = read_mechanisms(m.params, ext::secc);
    if (!chosen) return chosen.error();
    if (!chosen->empty()) c.chosen = chosen->front().name;
    auto spi = read_spi(m.params, ext::spis); // the edge's SPI (DESIGN.md §1.2)
    if (!spi) return spi.error();
    c.edge_spi = *spi;
    return {};
  }
  if (key) {
    c.kind = step::success;
    hex_or_empty(*key, c.wrapped_t);
    if (const auto* p = m.find(ext::ekey)) hex_or_empty(p->value, c.wrapped_edge);
    if (const auto* p = m.find(ext::mac)) hex_or_empty(p->value, c.mac);
    // The chosen mechanism is covered by the MAC too: an unreadable one is "none chosen".
    if (auto chosen = read_mechanisms(m.params, ext::secm); chosen && !chosen->empty())
      c.chosen = chosen->front().name;
    // The granted lifetime and the edge's SPI: unreadable ones are not carried (0), as above.
    if (auto lt = read_lifetime(m.params)) c.lifetime = *lt;
    if (auto spi = read_spi(m.params, ext::spis)) c.edge_spi = *spi;
    return {};
  }
  if (m.find(ext::rslt) != nullptr) {
    if (!mgcp::result_code(m) || static_cast<unsigned>(c.result) < 300)
      return bad("X-RSLT of a rejection is not a failure code");
    c.kind = step::rejection;
    if (const auto* r = m.find(ext::rsn)) c.reason = r->value;
    return {};
  }
  return make_error(errc::unsupported, 0,
                    "RQNT without X-SEC/chal, X-SEC/key or X-RSLT is not part of the "
                    "registration dialogue");
}

result<void> decode_command(const mgcp::command& m, inbound& in) {
  content& c = in.c;
  c.tid = std::to_string(m.transaction_id);
  c.identity = m.endpoint;
  if (has_critical_extension(m))
    return make_error(errc::unsupported, 0, "unknown critical extension parameter (X+)");
  result<void> r;
  if (m.verb == mgcp::verb::rsip) r = decode_rsip(m, c);
  else if (m.verb == mgcp::verb::ntfy) r = decode_ntfy(m, c);
  else if (m.verb == mgcp::verb::rqnt) r = decode_rqnt(m, c);
  else if (m.verb == mgcp::verb::auep) c.kind = step::keepalive; // the edge's audit (§2.3.10)
  else
    return make_error(errc::unsupported, 0,
                      "command " + m.verb + " is not part of the registration dialogue");
  if (!r) return r;
  // RFC 3435 §3.5.5: every command is answered; 200 = executed normally (§3.3 response line).
  in.ack.reserve(20);
  in.ack.append("200 ").append(c.tid).append(" OK\r\n");
  return {};
}

void decode_response(const mgcp::response& m, content& c) {
  c.is_response = true;
  c.tid = std::to_string(m.transaction_id);
  c.result = static_cast<code>(m.code);
  if (const auto* z = m.find("Z")) c.identity = z->value;
  if (const auto* r = m.find(ext::rsn)) c.reason = r->value;
  const auto* res = m.find(ext::resp);
  if (m.code >= 400 && res != nullptr) {
    // The terminal's negative answer to the key RQNT, proving RES: it refuses the key.
    c.kind = step::refusal;
    // Its X: (RequestIdentifier) names the session: the full 128 bits (issue 12 item 3).
    if (const auto* x = m.find(mgcp::code::request_identifier))
      c.session_id = parse_request_id(x->value);
    c.proof = proof_from_hex(res->value, std::tuple_size<res_t>::value);
    read_rand(m.params, c);
  } else if (m.code >= 400) {
    c.kind = step::rejection; // a failure answer to one of our commands
  } else {
    c.kind = step::ack;       // RFC 3435 §2.4: 1xx provisional, 2xx success
  }
}

} // namespace

const mgcp::message& mgcp_binding::message_of(const inbound& in) {
  return std::get<mgcp::message>(in.original);
}

std::string mgcp_binding::hop_tid(std::string_view /*element*/, std::uint64_t n) const {
  return std::to_string(fold_txid(n)); // RFC 3435 §3.2.1.2: 1..999 999 999
}

result<inbound> mgcp_binding::decode(std::string_view wire) const {
  return decoded_in_place([wire](inbound& in) -> result<void> {
    auto parsed = mgcp::parse_one(wire);
    if (!parsed) return parsed.error();
    in.original = std::move(*parsed);
    const auto& msg = std::get<mgcp::message>(in.original);
    if (const auto* cmd = std::get_if<mgcp::command>(&msg)) return decode_command(*cmd, in);
    decode_response(std::get<mgcp::response>(msg), in.c);
    return {};
  });
}

} // namespace ngn::dialogue
