// The soft switch (call agent) side of the MGCP binding: challenge, key and rejection RQNTs
// (RFC 3435 §2.3.3) and the error answers to undecodable commands (RFC 3435 §2.4, RFC 3661).
#include "protocols/common/hex.hpp"
#include "protocols/dialogue/mgcp_binding.hpp"
#include "protocols/dialogue/mgcp_util.hpp"
#include "protocols/mgcp/codec.hpp"
#include "protocols/mgcp/registration.hpp"

#include <algorithm>
#include <variant>

namespace ngn::dialogue {

using namespace mgcp_util;
namespace ext = mgcp::ext;

namespace {

/// RFC 3435 §3.2.1.3 NotifiedEntity of the element sending the RQNT: where the NTFY goes.
std::string notified_entity(std::string_view local_name, address a) {
  if (a.ipv4 == 0) return {};
  return std::string(local_name) + "@" + a.host_port();
}

/// The RFC 3435 §2.4 / RFC 3661 code for a command this binding cannot take, or 0 for no
/// answer (responses, unreadable first lines).
std::uint16_t error_code(std::string_view wire, const codec_error& err) {
  auto first = mgcp::peek(wire);
  if (!first || !first->is_command) return 0;
  if (err.kind == errc::unsupported) {
    // Only the codec's version check and this binding's own semantic checks end up here.
    auto parsed = mgcp::parse_one(wire);
    if (!parsed) return 528; // incompatible protocol version
    const auto* c = std::get_if<mgcp::command>(&*parsed);
    if (c == nullptr) return 0;
    for (const auto& p : c->params)
      if (mgcp::is_critical_extension(p.code)) return 511; // unrecognized extension
    if (c->verb != mgcp::verb::rsip && c->verb != mgcp::verb::ntfy
        && c->verb != mgcp::verb::rqnt && c->verb != mgcp::verb::auep)
      return 504; // unknown or unsupported command
    return 539;   // unsupported command parameter
  }
  if (err.kind == errc::malformed && err.offset == 0 && mgcp::parse_one(wire))
    return 539;   // parses, but a parameter of the dialogue is wrong
  return 510;     // protocol error
}

std::string_view commentary(std::uint16_t code) {
  switch (code) {
    case 504: return "Unknown or unsupported command";
    case 511: return "Unrecognized extension";
    case 528: return "Incompatible protocol version";
    case 539: return "Unsupported or invalid command parameter";
    default: return "Protocol error";
  }
}

} // namespace

std::string mgcp_binding::challenge(const inbound& request, const challenge_fields& f) const {
  const auto* req = command_of(request);
  if (req == nullptr) return {};
  mgcp::challenge_fields ch;
  // A challenge after a resynchronisation answers the resync NTFY: a new transaction needs a
  // new id (RFC 3435 §3.5: a repeated id would be taken for a retransmission), so it takes the
  // NTFY's, as rejections do.
  ch.transaction_id = request.c.auts ? req->transaction_id : challenge_txid(f.session_id);
  ch.endpoint = req->endpoint;
  ch.notified_entity = notified_entity("ss", f.local);
  ch.request_id = request_id(f.session_id);
  // RFC 3435 §3.2.2.16: the gateway reports the verification word or a resynchronisation.
  ch.requested_events = "X-SEC/resp, X-SEC/auts";
  std::uint8_t both[32];
  std::copy(f.rand.begin(), f.rand.end(), both);
  std::copy(f.autn.begin(), f.autn.end(), both + 16);
  ch.challenge = to_hex(both, sizeof both);
  ch.result = 401;
  if (f.edge != nullptr && !f.edge->empty()) ch.mechanisms = format_mechanisms(*f.edge);
  if (!f.chosen.empty()) ch.extra.emplace_back(ext::secc, chosen_text(f.chosen, f.edge));
  add_spi(ch.extra, ext::spis, f.edge_spi); // the soft switch is the edge (DESIGN.md §1.2)
  return encoded(mgcp::make_challenge(ch));
}

std::string mgcp_binding::success(const inbound& reg_message, const success_fields& f) const {
  const auto* req = command_of(reg_message);
  if (req == nullptr) return {};
  mgcp::success_fields s;
  s.transaction_id = key_txid(f.session_id);
  s.endpoint = req->endpoint;
  s.request_id = request_id(f.session_id);
  s.wrapped_key = to_hex(f.wrapped_t);
  s.result = 200;
  if (!f.wrapped_edge.empty()) s.edge_key = to_hex(f.wrapped_edge);
  if (!f.mac.empty()) s.mac = to_hex(f.mac);
  if (!f.chosen.empty()) s.mechanism = chosen_text(f.chosen, f.edge);
  add_lifetime(s.extra, f.lifetime); // granted (DESIGN.md §1.2)
  add_spi(s.extra, ext::spis, f.edge_spi);
  return encoded(mgcp::make_success(s));
}

std::string mgcp_binding::rejection(const inbound& msg, code c, std::string_view reason,
                                    address /*local*/) const {
  const auto* req = command_of(msg);
  if (req == nullptr) return {}; // never answer a response
  // The rejection RQNT takes the transaction id of the command it rejects (the gateway's and
  // the call agent's transaction id spaces are separate, RFC 3435 §3.2.1.2).
  mgcp::rejection_fields r;
  r.transaction_id = req->transaction_id;
  r.endpoint = req->endpoint;
  r.request_id = msg.c.session_id ? request_id(msg.c.session_id) : std::string("0");
  r.result = static_cast<std::uint16_t>(c);
  r.reason = sanitize(reason);
  return encoded(mgcp::make_rejection(r));
}

std::string mgcp_binding::malformed_answer(std::string_view wire, const codec_error& err,
                                           address /*local*/) const {
  const std::uint16_t code = error_code(wire, err);
  if (code == 0) return {};
  auto first = mgcp::peek(wire);
  std::vector<mgcp::parameter> params;
  if (auto text = sanitize(err.describe()); !text.empty()) params.emplace_back(ext::rsn, text);
  return encoded(mgcp::make_response(first->transaction_id, code, commentary(code),
                                     std::move(params)));
}

} // namespace ngn::dialogue
