#include "elements/softswitch_fsm.hpp"

#include "crypto/key_distribution.hpp"
#include "elements/mvw.hpp"
#include "elements/proof.hpp"
#include "protocols/auc/codec.hpp"

#include <algorithm>
#include <utility>

namespace ngn::elements {

using dialogue::code;
using dialogue::step;

namespace {

using dialogue::max_session_id;

/// The path a message to the AuC names (auth_request and auth_report alike): this soft switch,
/// the proxy in between and the nodes of all three.
template <class AucMessage>
void name_path(AucMessage& m, const softswitch_config& cfg, const peer_info& peer) {
  m.softswitch = cfg.name;
  m.softswitch_node = cfg.node;
  m.proxy = peer.proxy;
  m.proxy_node = peer.proxy_node;
  m.terminal_node = peer.terminal_node;
}

std::size_t slot(std::uint8_t p) { return p; }

} // namespace

softswitch_fsm::softswitch_fsm(softswitch_config cfg, random_source& rng)
  : cfg_(std::move(cfg)), rng_(&rng), edge_(cfg_.edge), reports_(cfg_.reports) {
  next_id_ = 1 + rng_->next_u32() % (max_session_id / 2);
}

softswitch_stats softswitch_fsm::stats() const noexcept {
  softswitch_stats s = stats_;
  s.reports_resent = reports_.resent();
  s.reports_lost = reports_.lost();
  return s;
}

std::uint16_t softswitch_fsm::intern(const peer_info& peer) {
  for (std::size_t i = 0; i < peers_.size(); ++i)
    if (peers_[i].is_proxy == peer.is_proxy && peers_[i].proxy == peer.proxy
        && peers_[i].proxy_node == peer.proxy_node && peers_[i].terminal_node == peer.terminal_node)
      return static_cast<std::uint16_t>(i);
  if (peers_.size() >= 0xffff) return 0;
  peers_.push_back(peer);
  return static_cast<std::uint16_t>(peers_.size() - 1);
}

std::uint32_t softswitch_fsm::new_session_id() {
  for (;;) {
    std::uint32_t id = next_id_;
    next_id_ = next_id_ >= max_session_id ? 1 : next_id_ + 1;
    if (sessions_.find(id) == sessions_.end() && completed_.find(id) == completed_.end()) return id;
  }
}

softswitch_fsm::session* softswitch_fsm::find(std::uint32_t id, phase p) {
  auto i = sessions_.find(id);
  if (i == sessions_.end() || i->second.ph != p) return nullptr;
  return &i->second;
}

void softswitch_fsm::arm(std::uint32_t id, session& s, phase p, micros deadline) {
  s.ph = p;
  s.deadline = deadline;
  timers_[slot(static_cast<std::uint8_t>(p))].emplace_back(deadline, id);
}

void softswitch_fsm::answer(const session& s, std::string bytes, outbox& out) {
  out.send(s.peer, s.proto, std::move(bytes), s.origin);
}

void softswitch_fsm::on_envelope(const envelope& e, micros now, outbox& out) {
  if (e.kind == envelope_kind::auc) on_auc(e, now, out);
  else if (carries_protocol(e.kind)) on_datagram(e, now, out);
}

void softswitch_fsm::on_datagram(const envelope& e, micros now, outbox& out) {
  const protocol proto = protocol_of(e.kind);
  const auto& b = binding(proto);
  const peer_info peer = cfg_.peer ? cfg_.peer(e.from, e.origin) : peer_info{};
  auto in = b.decode(e.payload);
  if (!in) {
    // DESIGN.md §5: the protocol's own error answer and a logged session failure, no crash.
    ++stats_.malformed;
    out.send(e.from, proto, b.malformed_answer(e.payload, in.error(), cfg_.self), e.origin);
    report_orphan(peer, proto, {},
                  "malformed " + std::string(to_string(proto))
                    + " message: " + in.error().describe(),
                  now, out);
    return;
  }
  out.send(e.from, proto, std::move(in->ack), e.origin);
  if (in->c.kind == step::reg_request || in->c.kind == step::reg_message) {
    // The binding's registrar checks (e.g. the domain a request is addressed to).
    if (auto why = b.admit(*in, cfg_.domain)) {
      refuse(e, peer, std::move(*in), std::move(*why), now, out);
      return;
    }
  }
  switch (in->c.kind) {
    case step::reg_request: on_request(e, peer, std::move(*in), now, out); break;
    case step::reg_message: on_reg_message(e, peer, std::move(*in), now, out); break;
    case step::refusal: on_refusal(proto, *in, now, out); break;
    default: break; // acks of our own commands; other steps are not for a soft switch
  }
}

void softswitch_fsm::refuse(const envelope& e, const peer_info& peer, dialogue::inbound in,
                            dialogue::admission_error why, micros now, outbox& out) {
  ++stats_.not_admitted;
  const protocol proto = protocol_of(e.kind);
  const std::uint32_t id = in.c.session_id;
  if (in.c.kind == step::reg_message) {
    // The answer to an open challenge: that session fails (and is recorded) with this reason.
    session* s = find(id, phase::challenged);
    if (s != nullptr && s->identity == in.c.identity && s->proto == proto) {
      s->peer = e.from;
      s->origin = e.origin;
      s->t_response = now;
      s->request = std::move(in);
      reject(id, *s, why.c, std::move(why.reason), now, out);
      return;
    }
  }
  out.send(e.from, proto, binding(proto).rejection(in, why.c, why.reason, cfg_.self), e.origin);
  ++stats_.rejected;
  report_orphan(peer, proto, in.c.identity, std::move(why.reason), now, out);
}

void softswitch_fsm::on_request(const envelope& e, const peer_info& peer, dialogue::inbound in,
                                micros now, outbox& out, bool rechallenge) {
  ++stats_.requests;
  const protocol proto = protocol_of(e.kind);
  negotiation choice;
  if (!peer.is_proxy) {
    // This soft switch is the security edge: it negotiates, and refuses when there is nothing in
    // common (RFC 3329 §2.3.1: 494), before asking the AuC for anything.
    choice = edge_.negotiate(in.c.offered);
    if (choice.result == negotiation::verdict::refused) {
      ++stats_.no_common_mechanism;
      ++stats_.rejected;
      std::string reason = "no common security mechanism: offered "
                           + format_mechanisms(in.c.offered) + ", the soft switch supports "
                           + format_mechanisms(edge_.supported());
      out.send(e.from, proto,
               binding(proto).rejection(in, code::sec_agree_required, reason, cfg_.self),
               e.origin);
      report_orphan(peer, proto, in.c.identity, std::move(reason), now, out);
      return;
    }
  }
  const auto id = new_session_id();
  session& s = sessions_[id];
  s.rechallenge = rechallenge;
  s.proto = proto;
  s.peer = e.from;
  s.origin = e.origin;
  s.peer_ix = intern(peer);
  s.identity = in.c.identity;
  s.offered = in.c.offered;
  s.choice = std::move(choice);
  s.t_request = now;
  s.auc = cfg_.auc_for(s.identity);
  s.request = std::move(in);
  // DESIGN.md §1 step 2: authentication request (identity, session id, SS name).
  auc::auth_request r;
  r.session_id = id;
  r.identity = s.identity;
  r.proto = proto;
  name_path(r, cfg_, peer);
  r.t_request = now;
  out.send(s.auc, envelope_kind::auc, auc::encode(auc::message{std::move(r)}));
  arm(id, s, phase::awaiting_vector, now + cfg_.auc_timeout);
}

void softswitch_fsm::on_vector(const auc::auth_vector& v, micros now, outbox& out) {
  session* s = find(v.session_id, phase::awaiting_vector);
  if (s == nullptr) s = find(v.session_id, phase::awaiting_resync);
  // Too late: the terminal got its 504 and the AuC the timeout's failure report, which closes
  // the session the AuC opened for it (one row, one reason).
  if (s == nullptr) return;
  s->db_id = v.db_id;
  if (v.result != auc::status::ok) {
    const code c = v.result == auc::status::unavailable ? code::unavailable
                   : v.result == auc::status::unknown_identity ? code::not_found
                                                               : code::forbidden;
    // The AuC recorded the failure itself (unknown identity, AUTS): only answer the terminal.
    answer(*s, binding(s->proto).rejection(s->request, c, std::string(auc::to_string(v.result)),
                                           cfg_.self),
           out);
    ++stats_.rejected;
    sessions_.erase(v.session_id);
    return;
  }
  s->rand = v.rand;
  s->xres = v.xres;
  s->wrapped_t = v.wrapped_t;
  s->wrapped_edge = v.wrapped_edge;
  const bool edge_here = !peers_[s->peer_ix].is_proxy;
  dialogue::challenge_fields f;
  f.session_id = v.session_id;
  f.rand = v.rand;
  f.autn = v.autn;
  f.edge = edge_here ? &edge_.supported() : nullptr;
  if (edge_here && s->choice.result == negotiation::verdict::chosen) f.chosen = s->choice.mechanism;
  f.realm = cfg_.domain;
  f.local = cfg_.self;
  f.rechallenge = s->rechallenge;
  answer(*s, binding(s->proto).challenge(s->request, f), out);
  ++stats_.challenges;
  arm(v.session_id, *s, phase::challenged, now + cfg_.response_timeout);
}

void softswitch_fsm::on_reg_message(const envelope& e, const peer_info& peer,
                                    dialogue::inbound in, micros now, outbox& out) {
  const protocol proto = protocol_of(e.kind);
  const auto& b = binding(proto);
  const std::uint32_t id = in.c.session_id;
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
                    now, out);
      on_request(e, peer, std::move(in), now, out, true);
      return;
    }
    // Not an answer to an open challenge: a replayed or forged registration message.
    ++stats_.replays;
    out.send(e.from, proto, b.rejection(in, code::forbidden, "no such challenge", cfg_.self),
             e.origin);
    report_orphan(peer, proto, in.c.identity,
                  "registration message without an open challenge (replay or forgery)", now,
                  out);
    return;
  }
  s->peer = e.from;
  s->origin = e.origin;
  s->t_response = now;
  if (in.c.auts) {
    // TS 33.102 §6.3.5: SQN resynchronisation, then a fresh challenge.
    if (s->resyncs >= cfg_.max_resyncs) {
      s->request = std::move(in);
      reject(id, *s, code::forbidden, "too many resynchronisations", now, out);
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
      reject(id, *s, code::forbidden,
             "terminal rejected the challenge (AUTN did not verify: wrong key?)", now, out);
      return;
    case proof_verdict::other_challenge:
      reject(id, *s, code::forbidden,
             "the registration message answers another challenge (RAND differs)", now, out);
      return;
    case proof_verdict::mismatch:
      reject(id, *s, code::forbidden, "verification words differ", now, out);
      return;
    case proof_verdict::match:
      break;
  }
  if (s->request.c.sec_agree_failed) {
    // The proxy saw a mirror that does not match its list (RFC 3329 §2.3.1).
    reject(id, *s, code::sec_agree_required,
           "bidding-down detected by the proxy: the mirror of its mechanism list was altered",
           now, out);
    return;
  }
  if (!peers_[s->peer_ix].is_proxy && !edge_.mirror_intact(s->offered, s->request.c.edge)) {
    // This soft switch is the edge: the same check (RFC 3329 §2.3.1).
    reject(id, *s, code::sec_agree_required,
           "bidding-down detected by the soft switch: the mirror of its mechanism list was "
           "altered",
           now, out);
    return;
  }
  succeed(id, *s, now, out);
}

void softswitch_fsm::succeed(std::uint32_t id, session& s, micros now, outbox& out) {
  const bool edge_here = !peers_[s.peer_ix].is_proxy;
  dialogue::success_fields f;
  f.session_id = id;
  f.wrapped_t = s.wrapped_t;
  f.xres = &s.xres;
  f.realm = cfg_.domain;
  f.local = cfg_.self;
  std::string mechanism;
  std::optional<block<crypto::mvw_size>> mac;
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
    mac = edge_.deliver(d, now);
    if (!mac) {
      reject(id, s, code::server_error, "cannot unwrap E_Kss(SK)", now, out);
      return;
    }
    f.mac = *mac;
    mechanism = s.choice.mechanism;
  } else {
    // 4 elements: the proxy chose, and says so in the registration message it relays.
    const auto& c = s.request.c;
    if (!c.chosen.empty()) {
      mechanism = c.chosen;
    } else if (c.offered.empty()) {
      mechanism = std::string(no_sec_agree);
    } else {
      reject(id, s, code::sec_agree_required, "the proxy reported no chosen mechanism", now, out);
      return;
    }
    f.wrapped_edge = s.wrapped_edge;
  }
  answer(s, binding(s.proto).success(s.request, f), out);
  ++stats_.established;
  report(about(id, s), true, std::move(mechanism), {}, now, out);
  complete(id, s, now);
}

void softswitch_fsm::complete(std::uint32_t id, session& s, micros now) {
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
  sessions_.erase(id);
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
  edge_.forget(in.c.identity);
  report(about(i->first, i->second, in.c.identity), false, {},
         "terminal refused the key: " + in.c.reason, now, out);
  completed_.erase(i);
}

void softswitch_fsm::on_auc(const envelope& e, micros now, outbox& out) {
  auto m = auc::decode(e.payload);
  if (!m) return; // DESIGN.md §5: never crash on input; nothing to answer
  if (auto* v = std::get_if<auc::auth_vector>(&*m)) {
    on_vector(*v, now, out);
  } else if (auto* a = std::get_if<auc::report_ack>(&*m)) {
    reports_.acknowledged(a->db_id);
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

void softswitch_fsm::reject(std::uint32_t id, session& s, code c, std::string reason, micros now,
                            outbox& out) {
  answer(s, binding(s.proto).rejection(s.request, c, reason, cfg_.self), out);
  ++stats_.rejected;
  report(about(id, s), false, {}, std::move(reason), now, out);
  sessions_.erase(id);
}

void softswitch_fsm::report(const subject& s, bool ok, std::string mechanism, std::string reason,
                            micros now, outbox& out) {
  // DESIGN.md §1 step 6: terminal authentication success / failure message to the AuC.
  const auto& peer = peers_[s.peer_ix];
  auc::auth_report r;
  r.session_id = s.session_id;
  r.db_id = s.db_id;
  r.identity = s.identity;
  r.proto = s.proto;
  name_path(r, cfg_, peer);
  r.success = ok;
  r.mechanism = std::move(mechanism);
  r.reason = std::move(reason);
  r.t_request = s.t_request;
  r.t_response = s.t_response;
  r.t_success = ok ? now : 0;
  reports_.send(s.auc, std::move(r), now, out);
}

void softswitch_fsm::report_orphan(const peer_info& peer, protocol p, std::string identity,
                                   std::string reason, micros now, outbox& out) {
  auc::auth_report r;
  r.identity = std::move(identity);
  r.proto = p;
  name_path(r, cfg_, peer);
  r.success = false;
  r.reason = std::move(reason);
  r.t_request = now;
  r.t_response = now;
  const auto to = cfg_.auc_for(r.identity);
  reports_.send(to, std::move(r), now, out);
}

void softswitch_fsm::on_tick(micros now, outbox& out) {
  for (std::uint8_t p = 0; p < 3; ++p) {
    auto& q = timers_[p];
    while (!q.empty() && q.front().first <= now) {
      const auto [deadline, id] = q.front();
      q.pop_front();
      auto i = sessions_.find(id);
      // An outdated entry: the session moved on (re-armed) or is gone.
      if (i == sessions_.end() || static_cast<std::uint8_t>(i->second.ph) != p
          || i->second.deadline != deadline)
        continue;
      session& s = i->second;
      switch (s.ph) {
        case phase::awaiting_vector:
        case phase::awaiting_resync:
          // The report names the session (this SS, its session id): the AuC closes the row it
          // opened for it, or records one if the request never reached it.
          ++stats_.auc_timeouts;
          reject(id, s, code::timeout, "authentication center did not answer", now, out);
          break;
        case phase::challenged:
          report(about(id, s), false, {},
                 "no registration message within "
                   + std::to_string(cfg_.response_timeout / seconds) + " s",
                 now, out);
          sessions_.erase(i);
          break;
      }
    }
  }
  reports_.on_tick(now, out);
  while (!grace_timers_.empty() && grace_timers_.front().first <= now) {
    auto i = completed_.find(grace_timers_.front().second);
    if (i != completed_.end() && i->second.deadline <= now) completed_.erase(i);
    grace_timers_.pop_front();
  }
}

} // namespace ngn::elements
