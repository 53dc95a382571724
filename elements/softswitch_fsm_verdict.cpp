// The soft switch's verdict on a registration message (softswitch_fsm.hpp): resynchronisation,
// comparing the verification words, the bidding-down checks, success (the key delivered where it
// is the edge, the lifetime granted) or rejection, and the terminal's refusal of the key.
#include "elements/softswitch_fsm.hpp"

#include "elements/mvw.hpp"
#include "elements/proof.hpp"
#include "protocols/auc/codec.hpp"
#include "protocols/dialogue/wire_ids.hpp"

#include <optional>
#include <utility>

namespace ngn::elements {

using dialogue::code;
using dialogue::step;

std::uint32_t softswitch_fsm::grant(std::uint32_t requested) const {
  if (requested == 0) return cfg_.default_lifetime;
  return cfg_.max_lifetime != 0 && requested > cfg_.max_lifetime ? cfg_.max_lifetime : requested;
}

void softswitch_fsm::on_reg_message(const source& src, dialogue::inbound in, micros now,
                                    outbox& out) {
  const peer_info& peer = *src.peer;
  const protocol proto = src.proto;
  const auto& b = binding(proto);
  const ngn::session_id id = in.c.session_id;
  session* s = find(id, phase::challenged);
  if (s == nullptr || s->identity != in.c.identity || s->proto != proto) {
    const bool known = sessions_.count(id) != 0 || completed_.count(id) != 0;
    if (!known && b.rechallenges_closed()) {
      // An answer to a challenge that is no longer open (expired, or never issued here), in a
      // protocol that challenges such answers again instead of refusing them. A replay within
      // the grace period of its session is refused below.
      ++stats_.rechallenged;
      report_orphan(peer, proto, in.c.identity,
                    "answer to a challenge that is not open (expired or unknown); challenged "
                    "again",
                    dialogue::wire_code(proto, code::unauthorized), reason_code::rechallenged,
                    now, out);
      on_request(src, std::move(in), now, out, true);
      return;
    }
    // Not an answer to an open challenge: a replayed or forged registration message.
    ++stats_.replays;
    answer_source(src, in.c.identity,
                  b.rejection(in, code::forbidden, "no such challenge", cfg_.self), out);
    report_orphan(peer, proto, in.c.identity,
                  "registration message without an open challenge (replay or forgery)",
                  dialogue::wire_code(proto, code::forbidden), reason_code::no_open_challenge, now,
                  out);
    return;
  }
  s->peer = src.from;
  s->origin = src.origin;
  s->protect = src.sa != nullptr;
  s->t_response = now;
  // Where the request carries no lifetime (a binding may carry it in the registration message
  // only), the registration message does.
  if (s->lifetime == 0) s->lifetime = in.c.lifetime;
  if (s->terminal_spi == 0) s->terminal_spi = in.c.terminal_spi;
  if (in.c.auts) {
    // TS 33.102 §6.3.5: SQN resynchronisation, then a fresh challenge.
    if (s->resyncs >= cfg_.max_resyncs) {
      s->request = std::move(in);
      reject(id, *s, code::forbidden, reason_code::too_many_resyncs, "too many resynchronisations", now, out);
      return;
    }
    ++s->resyncs;
    ++stats_.resyncs;
    auc::resync_request r;
    r.session_id = id;
    r.db_id = s->db_id;
    r.identity = s->identity;
    r.rand = s->rand;
    r.auts = *in.c.auts;
    r.t = now;
    s->request = std::move(in);
    out.send(s->auc, envelope_kind::auc, auc::encode(auc::message{std::move(r)}));
    arm(id, *s, phase::awaiting_resync, now + cfg_.auc_timeout);
    return;
  }
  s->request = std::move(in);
  switch (check_proof(b, s->request, s->xres, s->rand)) {
    case proof_verdict::none:
      // TS 24.229 §5.1.1.5.3: the terminal could not authenticate the network.
      reject(id, *s, code::forbidden, reason_code::autn_not_verified,
             "terminal rejected the challenge (AUTN did not verify: wrong key?)", now, out);
      return;
    case proof_verdict::other_challenge:
      reject(id, *s, code::forbidden, reason_code::other_challenge,
             "the registration message answers another challenge (RAND differs)", now, out);
      return;
    case proof_verdict::mismatch:
      reject(id, *s, code::forbidden, reason_code::verification_words_differ,
             "verification words differ", now, out);
      return;
    case proof_verdict::match:
      break;
  }
  if (s->request.c.sec_agree_failed) {
    // The proxy saw a mirror that does not match its list (RFC 3329 §2.3.1).
    reject(id, *s, code::sec_agree_required, reason_code::bidding_down_proxy,
           "bidding-down detected by the proxy: the mirror of its mechanism list was altered",
           now, out);
    return;
  }
  if (!peers_[s->peer_ix].is_proxy && !edge_.mirror_intact(s->offered, s->request.c.edge)) {
    // This soft switch is the edge: the same check (RFC 3329 §2.3.1).
    reject(id, *s, code::sec_agree_required, reason_code::bidding_down_softswitch,
           "bidding-down detected by the soft switch: the mirror of its mechanism list was "
           "altered",
           now, out);
    return;
  }
  succeed(id, *s, now, out);
}

void softswitch_fsm::succeed(ngn::session_id id, session& s, micros now, outbox& out) {
  const bool edge_here = !peers_[s.peer_ix].is_proxy;
  dialogue::success_fields f;
  f.session_id = id;
  f.wrapped_t = s.wrapped_t;
  f.xres = &s.xres;
  f.realm = cfg_.domain;
  f.local = cfg_.self;
  f.lifetime = grant(s.lifetime);
  std::string mechanism;
  std::optional<block<crypto::mvw_size>> mac;
  std::vector<registration_ended> ended;
  if (edge_here) {
    // DESIGN.md §1, 3 elements: the SS unwraps its copy (E_Kss(SK)) and sends the MAC too, so
    // that T gets the same guarantees as with a proxy.
    const bool chosen = s.choice.result == negotiation::verdict::chosen;
    f.chosen = chosen ? std::string_view{s.choice.mechanism} : std::string_view{};
    f.edge = &edge_.supported();
    key_delivery d;
    d.identity = s.identity;
    d.session_id = id;
    d.rand = &s.rand;
    d.wrapped_edge = s.wrapped_edge;
    d.wrapped_t = s.wrapped_t;
    d.offered = &s.offered;
    d.mechanism = f.chosen;
    d.terminal_spi = s.terminal_spi;
    d.edge_spi = s.edge_spi;
    d.lifetime = f.lifetime;
    d.terminal = s.peer;
    d.proto = s.proto;
    d.db_id = s.db_id;
    d.audited = binding(s.proto).keepalive_by_edge();
    mac = edge_.deliver(d, now, ended);
    if (!mac) {
      reject(id, s, code::server_error, reason_code::edge_key_unwrap, "cannot unwrap E_Kss(SK)",
             now, out);
      return;
    }
    f.mac = *mac;
    f.edge_spi = s.edge_spi;
    mechanism = s.choice.mechanism;
  } else {
    // 4 elements: the proxy chose, and says so in the registration message it relays.
    const auto& c = s.request.c;
    if (!c.chosen.empty()) {
      mechanism = c.chosen;
    } else if (c.offered.empty()) {
      mechanism = std::string(no_sec_agree);
    } else {
      reject(id, s, code::sec_agree_required, reason_code::no_chosen_mechanism,
             "the proxy reported no chosen mechanism", now, out);
      return;
    }
    f.wrapped_edge = s.wrapped_edge;
  }
  answer(s, binding(s.proto).success(s.request, f), out);
  ++stats_.established;
  report(about(id, s), true, std::move(mechanism), {}, now, out);
  // The registrar keeps the registration until its edge reports its end (DESIGN.md §1.2).
  registrar_[id] = registrar_entry{s.db_id, s.auc};
  report_ends(ended, now, out);
  complete(id, s, now);
}

void softswitch_fsm::complete(ngn::session_id id, session& s, micros now) {
  // Keep what a refusal needs for the grace period, in compact form.
  completed_session c;
  c.db_id = s.db_id;
  c.auc = s.auc;
  c.rand = s.rand;
  c.xres = s.xres;
  c.deadline = now + cfg_.grace;
  c.t_request = s.t_request;
  c.t_response = s.t_response;
  c.proto = s.proto;
  c.peer_ix = s.peer_ix;
  grace_timers_.emplace_back(c.deadline, id);
  erase_session(id);
  completed_[id] = std::move(c);
}

void softswitch_fsm::on_refusal(protocol proto, const dialogue::inbound& in, micros now,
                                outbox& out) {
  auto i = completed_.find(in.c.session_id);
  // Only the terminal can refuse: it proves knowledge of RES for this very challenge.
  if (i == completed_.end() || i->second.proto != proto
      || check_proof(binding(proto), in, i->second.xres, i->second.rand) != proof_verdict::match)
    return;
  ++stats_.refusals;
  --stats_.established;
  edge_.forget(in.c.identity, in.c.session_id);
  registrar_.erase(in.c.session_id);
  report(about(i->first, i->second, in.c.identity), false, {},
         "terminal refused the key: " + in.c.reason, now, out,
         failure_info{dialogue::wire_code(proto, code::ok), reason_code::terminal_refused_key,
                      in.c.identity});
  completed_.erase(i);
}

void softswitch_fsm::reject(ngn::session_id id, session& s, code c, reason_code rc,
                            std::string reason, micros now, outbox& out) {
  auto bytes = binding(s.proto).rejection(s.request, c, reason, cfg_.self);
  failure_info f;
  f.response_code = bytes.empty() ? 0 : dialogue::wire_code(s.proto, c);
  f.rc = rc;
  // Who detected it: the proxy flagged the altered mirror; the terminal could not verify AUTN
  // (it sent no RES, TS 24.229 §5.1.1.5.3); everything else this soft switch found.
  if (rc == reason_code::bidding_down_proxy) f.detected_by = peers_[s.peer_ix].proxy;
  else if (rc == reason_code::autn_not_verified) f.detected_by = s.identity;
  if (f.detected_by.empty()) f.detected_by = cfg_.name;
  answer(s, std::move(bytes), out);
  ++stats_.rejected;
  report(about(id, s), false, {}, std::move(reason), now, out, std::move(f));
  erase_session(id);
}

} // namespace ngn::elements
