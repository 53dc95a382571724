// The soft switch's AuC leg (softswitch_fsm.hpp): the AuC's answers (vectors, report
// acknowledgements), the reports this soft switch sends it (outcomes, failures without a session,
// registration ends) and the failures and ends a proxy reports through it (DESIGN.md §1, §1.2).
#include "elements/softswitch_fsm.hpp"

#include "protocols/auc/codec.hpp"
#include "protocols/dialogue/wire_ids.hpp"

#include <utility>

namespace ngn::elements {

using dialogue::code;

namespace {

/// The path a message to the AuC names (auth_request and auth_report alike): this soft switch,
/// the proxy in between and the nodes of all three.
template <class AucMessage>
void name_path_of(AucMessage& m, const softswitch_config& cfg, const peer_info& peer) {
  m.softswitch = cfg.name;
  m.softswitch_node = cfg.node;
  m.proxy = peer.proxy;
  m.proxy_node = peer.proxy_node;
  m.terminal_node = peer.terminal_node;
}

} // namespace

void softswitch_fsm::name_path(auc::auth_request& m, const peer_info& peer) const {
  name_path_of(m, cfg_, peer);
}

void softswitch_fsm::name_path(auc::auth_report& m, const peer_info& peer) const {
  name_path_of(m, cfg_, peer);
}

void softswitch_fsm::on_vector(const auc::auth_vector& v, micros now, outbox& out) {
  session* s = find(v.session_id, phase::awaiting_vector);
  if (s == nullptr) s = find(v.session_id, phase::awaiting_resync);
  // Too late: the terminal got its 504 and the AuC the timeout's failure report, which closes
  // the session the AuC opened for it (one row, one reason).
  if (s == nullptr) return;
  s->db_id = v.db_id;
  if (v.result != auc::status::ok) {
    const code c = answer_code(v.result);
    // The AuC recorded the failure itself (unknown identity, AUTS): only answer the terminal.
    answer(*s, binding(s->proto).rejection(s->request, c, std::string(auc::to_string(v.result)),
                                           cfg_.self),
           out);
    ++stats_.rejected;
    erase_session(v.session_id);
    return;
  }
  s->rand = v.rand;
  s->autn = v.autn;
  s->xres = v.xres;
  s->wrapped_t = v.wrapped_t;
  s->wrapped_edge = v.wrapped_edge;
  send_challenge(v.session_id, *s, out);
  ++stats_.challenges;
  arm(v.session_id, *s, phase::challenged, now + cfg_.response_timeout);
}

void softswitch_fsm::on_auc(const envelope& e, micros now, outbox& out) {
  auto m = auc::decode(e.payload);
  if (!m) return; // DESIGN.md §5: never crash on input; nothing to answer
  if (auto* v = std::get_if<auc::auth_vector>(&*m)) {
    on_vector(*v, now, out);
  } else if (auto* a = std::get_if<auc::report_ack>(&*m)) {
    reports_.acknowledged(*a, now, out);
  } else if (auto* end = std::get_if<auc::registration_end>(&*m)) {
    // A proxy that is the edge reports the end of a registration (DESIGN.md §1.2).
    if (cfg_.peer && cfg_.peer(e.from, e.origin).is_proxy) forward_end(std::move(*end), now, out);
  } else if (auto* r = std::get_if<auc::auth_report>(&*m); r != nullptr && !r->success
                                                           && r->db_id == 0) {
    // A failure a proxy met on its own (malformed message, no common mechanism): recorded by the
    // AuC like ours, with the terminal's node.
    auc::auth_report fwd = std::move(*r);
    fwd.softswitch = cfg_.name;
    fwd.softswitch_node = cfg_.node;
    if (cfg_.peer) fwd.terminal_node = cfg_.peer(e.from, e.origin).terminal_node;
    const auto to = cfg_.auc_for(fwd.identity);
    reports_.send(to, std::move(fwd), now, out);
  }
}

void softswitch_fsm::report_ends(std::vector<registration_ended>& ended, micros now,
                                 outbox& out) {
  for (auto& x : ended) forward_end(to_report(std::move(x)), now, out);
  ended.clear();
}

void softswitch_fsm::forward_end(auc::registration_end m, micros now, outbox& out) {
  // The edge names the registrations by this soft switch's session ids; the AuC by its rows.
  auto r = registrar_.find(m.session_id);
  element_id auc = r != registrar_.end() ? r->second.auc : cfg_.auc_for(m.identity);
  if (m.db_id == 0 && r != registrar_.end()) m.db_id = r->second.db_id;
  if (m.successor == 0 && m.successor_session) {
    auto n = registrar_.find(m.successor_session);
    if (n != registrar_.end()) m.successor = n->second.db_id;
  }
  if (r != registrar_.end()) registrar_.erase(r);
  if (m.db_id == 0) {
    ++stats_.ends_unresolved; // e.g. registered before this soft switch restarted
    return;
  }
  ++stats_.ends;
  m.softswitch = cfg_.name;
  reports_.send(auc, std::move(m), now, out);
}

void softswitch_fsm::report(const subject& s, bool ok, std::string mechanism, std::string reason,
                            micros now, outbox& out, failure_info f) {
  // DESIGN.md §1 step 6: terminal authentication success / failure message to the AuC.
  const auto& peer = peers_[s.peer_ix];
  auc::auth_report r;
  r.session_id = s.session_id;
  r.db_id = s.db_id;
  r.identity = s.identity;
  r.proto = s.proto;
  name_path(r, peer);
  r.success = ok;
  r.mechanism = std::move(mechanism);
  r.reason = std::move(reason);
  r.t_request = s.t_request;
  r.t_response = s.t_response;
  r.t_success = ok ? now : 0;
  r.wire_session = dialogue::wire_session(s.proto, s.session_id);
  r.response_code = ok ? dialogue::wire_code(s.proto, code::ok) : f.response_code;
  r.reason_code = static_cast<std::uint16_t>(f.rc);
  if (!ok) r.detected_by = f.detected_by.empty() ? cfg_.name : std::move(f.detected_by);
  reports_.send(s.auc, std::move(r), now, out);
}

void softswitch_fsm::report_orphan(const peer_info& peer, protocol p, std::string identity,
                                   std::string reason, std::uint16_t c, reason_code rc,
                                   micros now, outbox& out) {
  auc::auth_report r;
  r.identity = std::move(identity);
  r.proto = p;
  name_path(r, peer);
  r.success = false;
  r.reason = std::move(reason);
  r.t_request = now;
  r.t_response = now;
  r.response_code = c;
  r.reason_code = static_cast<std::uint16_t>(rc);
  r.detected_by = cfg_.name;
  const auto to = cfg_.auc_for(r.identity);
  reports_.send(to, std::move(r), now, out);
}

} // namespace ngn::elements
