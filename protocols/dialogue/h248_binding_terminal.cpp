// The terminal's side of the H.248 binding (the terminal acts as an MG: ServiceChange, Notify,
// Replies) and the signaling proxy's relay.
#include "protocols/dialogue/h248_binding.hpp"
#include "protocols/dialogue/h248_util.hpp"
#include "protocols/h248/builders.hpp"
#include "protocols/h248/syntax.hpp"
#include "protocols/h248/xsec.hpp"

namespace ngn::dialogue {

using namespace h248_util;
namespace x = h248::xsec;

namespace {

/// The soft switch's Modify in a message this binding decoded, or nullptr.
const h248::amm_request* modify_of(const inbound& in) {
  const auto* m = std::get_if<h248::message>(&in.original);
  if (m == nullptr) return nullptr;
  const auto* rq = request_of(*m);
  const auto* cmd = rq != nullptr ? command_of(*rq) : nullptr;
  return cmd != nullptr ? std::get_if<h248::amm_request>(cmd) : nullptr;
}

/// The RequestID of the challenge's Events descriptor, which the Notify echoes.
std::uint32_t requested_id(const inbound& challenge) {
  const auto* amm = modify_of(challenge);
  if (amm != nullptr && amm->events && amm->events->request_id) return *amm->events->request_id;
  return request_id_of(challenge.c.session_id);
}

/// The Notify answering `challenge` (H.248.1 §7.2.7): ObservedEvents with the challenge's
/// RequestID on the TerminationID the challenge addressed; `r` gets the identity, the session
/// id (xsec sid) and both mechanism lists (T's own and the mirror of the edge's, RFC 3329
/// §2.3.1).
std::string notify(const terminal_view& t, const inbound& challenge, x::response r) {
  const std::string mid = termination_of(t.identity);
  const auto* amm = modify_of(challenge);
  std::string termination = amm != nullptr ? amm->termination_id : mid;
  r.uid = std::string(t.identity);
  r.rand.assign(challenge.c.rand.begin(), challenge.c.rand.end()); // the challenge answered
  r.sid.assign(challenge.c.session_id.bytes.begin(), challenge.c.session_id.bytes.end());
  if (t.offered != nullptr) r.secm = to_xsec(*t.offered);
  r.secv = to_xsec(challenge.c.edge);
  r.lt = t.lifetime; // DESIGN.md §1.2: requested lifetime and the terminal's inbound SPI, again
  r.spic = t.spi;
  std::vector<h248::observed_event> events;
  events.push_back(x::make_resp(r));
  return encode_or_empty(h248::make_request(
    mid, notify_tid(t.serial, challenge.c.rand),
    h248::make_notify(std::move(termination), requested_id(challenge), std::move(events))));
}

} // namespace

std::string h248_binding::reg_request(const terminal_view& t) const {
  // H.248.1 §11.2: the MG registers with ServiceChange on ROOT, Method Restart; Reason is
  // REQUIRED and quoted (Annex B). The mId is the identity as a deviceName.
  const std::string mid = termination_of(t.identity);
  h248::service_change_parm p = h248::make_restart(std::string(h248::reason::cold_boot));
  if (t.local.port != 0) p.address = std::to_string(t.local.port);
  p.profile = h248::service_change_profile{"ResGW", 1};
  if (mid != t.identity)
    p.extensions.push_back(
      h248::make_parameter(std::string(x::uid_extension), std::string(t.identity)));
  if (t.offered != nullptr && !t.offered->empty()) x::set_secm(p, to_xsec(*t.offered));
  // DESIGN.md §1.2: the requested lifetime and the terminal's inbound SPI (0: not carried).
  x::set_uint_extension(p, x::lt_extension, t.lifetime);
  x::set_uint_extension(p, x::spic_extension, t.spi);
  return encode_or_empty(h248::make_request(
    mid, service_change_tid(t.serial),
    h248::make_service_change(std::string(h248::root_termination_id), std::move(p))));
}

std::string h248_binding::reg_message(const terminal_view& t, const inbound& challenge,
                                      const res_t& res) const {
  x::response r;
  r.vw.assign(res.begin(), res.end()); // the second verification word: RES (DESIGN.md §2)
  return notify(t, challenge, std::move(r));
}

std::string h248_binding::resync_message(const terminal_view& t, const inbound& challenge,
                                         const auts_t& auts) const {
  x::response r;
  r.auts.assign(auts.begin(), auts.end()); // TS 33.102 §6.3.5
  return notify(t, challenge, std::move(r));
}

std::string h248_binding::auth_failure(const terminal_view& t, const inbound& challenge) const {
  // TS 24.229 §5.1.1.5.3 in H.248 terms: xsec/resp without a verification word.
  return notify(t, challenge, x::response{});
}

std::string h248_binding::refusal(const terminal_view& t, const inbound& challenge,
                                  const inbound& success, const res_t& res,
                                  std::string_view reason) const {
  // The negative Reply to the key Modify: Error 402 with the reason, and RES as proof in an
  // ObservedEvents descriptor (terminationAudit) naming the session.
  const auto* amm = modify_of(success);
  if (amm == nullptr) return {};
  const auto* rq = request_of(message_of(success));
  x::response r;
  r.uid = std::string(t.identity);
  r.vw.assign(res.begin(), res.end());
  r.rand.assign(challenge.c.rand.begin(), challenge.c.rand.end());
  r.sid.assign(challenge.c.session_id.bytes.begin(), challenge.c.session_id.bytes.end());
  h248::observed_events_descriptor oe;
  oe.request_id = requested_id(challenge);
  oe.events.push_back(x::make_resp(r));
  h248::amms_reply reply{h248::amms_kind::modify, amm->termination_id,
                         h248::error_descriptor{h248::error_code::unauthorized, quotable(reason)},
                         std::move(oe)};
  return encode_or_empty(h248::make_reply(termination_of(t.identity), rq->transaction_id,
                                          std::move(reply)));
}

namespace {

void set_tid(std::uint32_t& id, std::string_view tid) {
  if (auto v = parse_tid(tid)) id = *v;
}

/// Every error descriptor of a reply (transaction, action and command level).
template <class F>
void for_each_error(h248::transaction_reply& rp, F f) {
  if (rp.error) f(*rp.error);
  for (auto& a : rp.action_replies) {
    for (auto& cr : a.command_replies)
      std::visit([&](auto& r) {
        if (r.error) f(*r.error);
      }, cr);
    if (a.error) f(*a.error);
  }
}

/// The proxy's edits of the soft switch's challenge and key signals (DESIGN.md §1, 4 elements).
/// The xsec item is rebuilt in its canonical parameter order.
void edit_signals(h248::amm_request& amm, const relay_edit& edit) {
  if (!amm.signals) return;
  for (auto& s : amm.signals->signals) {
    if (h248::iequals(s.signal_name, x::chal)) {
      auto ch = x::read_chal(s);
      if (!ch) continue;
      if (edit.edge != nullptr) ch->secs = to_xsec(*edit.edge);
      if (!edit.chosen.empty()) ch->mech = std::string(edit.chosen);
      if (edit.edge_spi != 0) ch->spis = edit.edge_spi; // the proxy is the edge: its SPI
      s = x::make_chal(*ch);
    } else if (h248::iequals(s.signal_name, x::key)) {
      auto k = x::read_key(s);
      if (!k) continue;
      if (edit.strip_wrapped_edge) k->pkey.clear();
      if (!edit.mac.empty()) k->mac.assign(edit.mac.begin(), edit.mac.end());
      if (!edit.chosen.empty()) k->mech = std::string(edit.chosen);
      if (edit.edge_spi != 0) k->spis = edit.edge_spi;
      s = x::make_key(*k);
    }
  }
}

/// The proxy's assertions in the Notify's xsec/resp (only it may make them): its verdict on the
/// mirrored edge list and the mechanism it chose.
void assert_as_proxy(h248::notify_request& n, const relay_edit& edit) {
  for (auto& e : n.observed_events.events) {
    if (!h248::iequals(e.pkgd_name, x::resp)) continue;
    auto r = x::read_resp(e);
    if (!r) continue;
    r->sec_agree_failed = edit.sec_agree_failed;
    r->mech = std::string(edit.chosen);
    e.params = x::make_resp(*r).params;
  }
}

} // namespace

std::string h248_binding::relay(const inbound& msg, const relay_edit& edit) const {
  if (!std::holds_alternative<h248::message>(msg.original)) return {};
  h248::message m = message_of(msg);
  auto* rq = request_of(m);
  auto* cmd = rq != nullptr ? command_of(*rq) : nullptr;
  if (edit.direction == relay_edit::toward::softswitch) {
    // The terminal's requests get the proxy's transaction id on this hop; its replies (to the
    // soft switch's own commands) keep theirs.
    if (rq != nullptr && !msg.c.is_response && !edit.tid.empty())
      set_tid(rq->transaction_id, edit.tid);
    if (cmd != nullptr)
      if (auto* n = std::get_if<h248::notify_request>(cmd)) assert_as_proxy(*n, edit);
    return encode_or_empty(m);
  }
  // Toward the terminal: the reply closing the terminal's transaction gets its id back.
  auto* rp = reply_of(m);
  if (rp != nullptr && !edit.tid.empty()) set_tid(rp->transaction_id, edit.tid);
  if (cmd != nullptr)
    if (auto* amm = std::get_if<h248::amm_request>(cmd)) edit_signals(*amm, edit);
  if (edit.result && rp != nullptr) {
    const std::uint16_t e = error_of(*edit.result);
    for_each_error(*rp, [e](h248::error_descriptor& d) { d.error_code = e; });
  }
  return encode_or_empty(m);
}

} // namespace ngn::dialogue
