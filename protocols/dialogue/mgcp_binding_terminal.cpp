// The terminal (gateway) side of the MGCP binding — RSIP (RFC 3435 §2.3.12), NTFY (§2.3.4),
// the answer to the key RQNT — and the signaling proxy's relay.
#include "protocols/common/hex.hpp"
#include "protocols/dialogue/mgcp_binding.hpp"
#include "protocols/dialogue/mgcp_util.hpp"
#include "protocols/mgcp/codec.hpp"
#include "protocols/mgcp/registration.hpp"

#include <variant>

namespace ngn::dialogue {

using namespace mgcp_util;
namespace ext = mgcp::ext;

namespace {

/// Kinds of terminal commands, the low bits of their transaction ids (terminal_txid).
enum txid_kind : std::uint32_t { rsip_kind = 1, ntfy_kind = 2, failure_kind = 3, resync_kind = 4 };

/// A NTFY answering the challenge RQNT `ch`: it echoes X: (RFC 3435 §2.3.4) and carries T's
/// list and the mirror of the edge's list as received (the proxy checks it, RFC 3329 §2.3.1).
mgcp::notify_fields answer(const terminal_view& t, const inbound& ch, std::uint32_t kind) {
  mgcp::notify_fields n;
  n.transaction_id = terminal_txid(t, kind);
  n.endpoint = std::string(t.identity);
  const auto* c = command_of(ch);
  const auto* x = c != nullptr ? c->find(mgcp::code::request_identifier) : nullptr;
  n.request_id = x != nullptr ? x->value : request_id(ch.c.session_id);
  n.extra.emplace_back(ext::rand, to_hex(ch.c.rand)); // the challenge this NTFY answers
  if (t.offered != nullptr && !t.offered->empty())
    n.extra.emplace_back(ext::secm, format_mechanisms(*t.offered));
  if (!ch.c.edge.empty()) n.extra.emplace_back(ext::secv, format_mechanisms(ch.c.edge));
  add_lifetime(n.extra, t.lifetime); // requested, and the terminal's SPI (DESIGN.md §1.2)
  add_spi(n.extra, ext::spic, t.spi);
  return n;
}

} // namespace

std::string mgcp_binding::reg_request(const terminal_view& t) const {
  mgcp::rsip_fields r;
  r.transaction_id = terminal_txid(t, rsip_kind);
  r.endpoint = std::string(t.identity);
  // RFC 3435 §2.3.12: "restart" = back in service; "forced" = out of service (expiry 0).
  r.restart_method = t.lifetime == 0 ? "forced" : "restart";
  if (t.offered != nullptr && !t.offered->empty()) r.mechanisms = format_mechanisms(*t.offered);
  add_lifetime(r.extra, t.lifetime); // requested, and the terminal's SPI (DESIGN.md §1.2)
  add_spi(r.extra, ext::spic, t.spi);
  return encoded(mgcp::make_rsip(r));
}

std::string mgcp_binding::reg_message(const terminal_view& t, const inbound& challenge,
                                      const res_t& res) const {
  auto n = answer(t, challenge, ntfy_kind);
  n.response = to_hex(res);
  return encoded(mgcp::make_notify(n));
}

std::string mgcp_binding::resync_message(const terminal_view& t, const inbound& challenge,
                                         const auts_t& auts) const {
  // Each resynchronisation answers a fresh challenge: its RAND varies the transaction id.
  auto n = answer(t, challenge, resync_kind + challenge.c.rand[0] % 12u);
  n.auts = to_hex(auts); // TS 33.102 §6.3.5
  return encoded(mgcp::make_notify(n));
}

std::string mgcp_binding::auth_failure(const terminal_view& t, const inbound& challenge) const {
  // TS 24.229 §5.1.1.5.3 in MGCP terms: X-SEC/resp() with an empty verification word.
  return encoded(mgcp::make_notify(answer(t, challenge, failure_kind)));
}

std::string mgcp_binding::refusal(const terminal_view& t, const inbound& challenge,
                                  const inbound& success, const res_t& res,
                                  std::string_view reason) const {
  const auto* key = command_of(success);
  if (key == nullptr) return {};
  // RFC 3435 §2.4: 538 = event/signal parameter error — the X-SEC/key signal is refused. RES
  // proves that the refusal comes from the terminal; Z: (SpecificEndPointId, RFC 3435 §3.2.2)
  // names the endpoint, X: (RequestIdentifier) the session of the key refused.
  std::vector<mgcp::parameter> params;
  params.emplace_back("Z", t.identity);
  if (const auto* x = key->find(mgcp::code::request_identifier)) params.emplace_back("X", x->value);
  params.emplace_back(ext::resp, to_hex(res));
  params.emplace_back(ext::rand, to_hex(challenge.c.rand));
  if (auto text = sanitize(reason); !text.empty()) params.emplace_back(ext::rsn, text);
  return encoded(mgcp::make_response(key->transaction_id, 538, "Event/signal parameter error",
                                     std::move(params)));
}

std::string mgcp_binding::relay(const inbound& msg, const relay_edit& edit) const {
  if (!std::holds_alternative<mgcp::message>(msg.original)) return {};
  mgcp::message m = message_of(msg);
  const std::uint32_t tid = parse_txid(edit.tid);
  if (auto* r = std::get_if<mgcp::response>(&m)) {
    // Responses toward the terminal get its transaction id back; toward the soft switch they
    // answer the soft switch's own command and keep theirs.
    if (tid != 0) r->transaction_id = tid;
    return encoded(m);
  }
  auto& c = std::get<mgcp::command>(m);
  if (edit.direction == relay_edit::toward::softswitch) {
    // The proxy's own transaction id on this hop routes the answer back.
    if (tid != 0) c.transaction_id = tid;
    erase_param(c.params, ext::vrfy); // only the proxy may assert these two
    if (edit.sec_agree_failed) set_param(c.params, ext::vrfy, "mismatch");
    if (msg.c.kind == step::reg_message) {
      erase_param(c.params, ext::secc);
      if (!edit.chosen.empty()) set_param(c.params, ext::secc, std::string(edit.chosen));
    }
    return encoded(m);
  }
  // RFC 3435 §3.2.1.3: NTFYs go to the proxy now.
  if (c.find(mgcp::code::notified_entity) != nullptr && edit.self.ipv4 != 0)
    set_param(c.params, mgcp::code::notified_entity, "sp@" + edit.self.host_port());
  switch (msg.c.kind) {
    case step::challenge:
      if (edit.edge != nullptr && !edit.edge->empty())
        set_param(c.params, ext::secm, format_mechanisms(*edit.edge), {ext::chal});
      if (!edit.chosen.empty())
        set_param(c.params, ext::secc, chosen_text(edit.chosen, edit.edge),
                  {ext::chal, ext::secm});
      // The proxy is the edge: its inbound SPI replaces any (DESIGN.md §1.2).
      if (edit.edge_spi != 0)
        set_param(c.params, ext::spis, std::to_string(edit.edge_spi),
                  {ext::chal, ext::secm, ext::secc});
      break;
    case step::success:
      if (edit.strip_wrapped_edge) erase_param(c.params, ext::ekey);
      if (!edit.mac.empty())
        set_param(c.params, ext::mac, to_hex(edit.mac), {ext::skey, ext::ekey});
      if (!edit.chosen.empty())
        set_param(c.params, ext::secm, chosen_text(edit.chosen, edit.edge),
                  {ext::skey, ext::ekey, ext::mac});
      if (edit.edge_spi != 0)
        set_param(c.params, ext::spis, std::to_string(edit.edge_spi),
                  {ext::skey, ext::ekey, ext::mac, ext::secm, ext::lt});
      break;
    case step::rejection:
      if (edit.result) {
        char digits[4] = {};
        const auto v = static_cast<unsigned>(*edit.result) % 1000;
        digits[0] = static_cast<char>('0' + v / 100);
        digits[1] = static_cast<char>('0' + v / 10 % 10);
        digits[2] = static_cast<char>('0' + v % 10);
        set_param(c.params, ext::rslt, std::string(digits, 3));
      }
      break;
    default:
      break;
  }
  return encoded(m);
}

} // namespace ngn::dialogue
