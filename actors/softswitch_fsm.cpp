#include "actors/softswitch_fsm.hpp"

#include "actors/mvw.hpp"
#include "crypto/key_distribution.hpp"

#include <algorithm>
#include <utility>

namespace ngn::actors {

using dialogue::code;
using dialogue::step;

namespace {

// Session ids fit every carrier: SIP opaque, MGCP RequestIdentifier, H.248 RequestID (UINT32) and
// the MGCP transaction ids derived from them (RFC 3435 §3.2.1.2: at most 999,999,999).
constexpr std::uint32_t max_session_id = 499'999'999;

std::size_t slot(std::uint8_t p) { return p; }

} // namespace

softswitch_fsm::softswitch_fsm(softswitch_config cfg, random_source& rng, auc_router auc)
  : cfg_(std::move(cfg)), rng_(&rng), auc_(std::move(auc)) {
  next_id_ = 1 + rng_->next_u32() % (max_session_id / 2);
}

const crypto::key128* softswitch_fsm::session_key(const std::string& identity) const {
  auto i = registrar_.find(identity);
  return i == registrar_.end() || i->second.via_proxy ? nullptr : &i->second.sk;
}

std::uint16_t softswitch_fsm::intern(const peer_info& peer) {
  for (std::size_t i = 0; i < peers_.size(); ++i)
    if (peers_[i].is_proxy == peer.is_proxy && peers_[i].name == peer.name
        && peers_[i].node == peer.node)
      return static_cast<std::uint16_t>(i);
  if (peers_.size() >= 0xffff) return 0;
  peers_.push_back(peer);
  return static_cast<std::uint16_t>(peers_.size() - 1);
}

std::uint8_t softswitch_fsm::intern_mechanism(const std::string& name) {
  for (std::size_t i = 0; i < mechanisms_.size(); ++i)
    if (mechanisms_[i] == name) return static_cast<std::uint8_t>(i);
  if (mechanisms_.size() >= 0xff) return 0;
  mechanisms_.push_back(name);
  return static_cast<std::uint8_t>(mechanisms_.size() - 1);
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

void softswitch_fsm::on_datagram(element_id from, const peer_info& peer, ngn::protocol proto,
                                 std::string_view bytes, micros now, softswitch_output& out) {
  const auto& b = dialogue::binding_for(proto);
  auto in = b.decode(bytes);
  if (!in) {
    // DESIGN.md §5: the protocol's own error answer and a logged session failure, no crash.
    ++stats_.malformed;
    auto answer = b.malformed_answer(bytes, in.error(), cfg_.self);
    if (!answer.empty()) out.sends.push_back(datagram{from, proto, std::move(answer)});
    report_orphan(peer, proto, {},
                  "malformed " + std::string(ngn::to_string(proto))
                    + " message: " + in.error().describe(),
                  now, out);
    return;
  }
  if (!in->ack.empty()) out.sends.push_back(datagram{from, proto, in->ack});
  if (in->c.kind == step::reg_request || in->c.kind == step::reg_message) {
    // Registrar checks of the binding (SIP: Request-URI domain, realm and user of credentials).
    if (auto why = b.admit(*in, cfg_.domain)) {
      refuse(from, peer, proto, std::move(*in), std::move(*why), now, out);
      return;
    }
  }
  switch (in->c.kind) {
    case step::reg_request: on_request(from, peer, proto, std::move(*in), now, out); break;
    case step::reg_message: on_reg_message(from, peer, proto, std::move(*in), now, out); break;
    case step::refusal: on_refusal(proto, *in, now, out); break;
    default: break; // acks of our own commands; other steps are not for a soft switch
  }
}

void softswitch_fsm::refuse(element_id from, const peer_info& peer, ngn::protocol proto,
                            dialogue::inbound in, dialogue::admission_error why, micros now,
                            softswitch_output& out) {
  ++stats_.not_admitted;
  const std::uint32_t id = in.c.session_id;
  if (in.c.kind == step::reg_message) {
    // The answer to an open challenge: that session fails (and is recorded) with this reason.
    session* s = find(id, phase::challenged);
    if (s != nullptr && s->identity == in.c.identity && s->proto == proto) {
      s->peer = from;
      s->t_response = now;
      s->request = std::move(in);
      reject(id, *s, why.c, std::move(why.reason), now, out);
      return;
    }
  }
  const auto& b = dialogue::binding_for(proto);
  auto bytes = b.rejection(in, why.c, why.reason, cfg_.self);
  if (!bytes.empty()) out.sends.push_back(datagram{from, proto, std::move(bytes)});
  ++stats_.rejected;
  report_orphan(peer, proto, in.c.identity, std::move(why.reason), now, out);
}

void softswitch_fsm::on_request(element_id from, const peer_info& peer, ngn::protocol proto,
                                dialogue::inbound in, micros now, softswitch_output& out,
                                bool stale) {
  ++stats_.requests;
  const auto id = new_session_id();
  session& s = sessions_[id];
  s.stale = stale;
  s.proto = proto;
  s.peer = from;
  s.peer_ix = intern(peer);
  s.identity = in.c.identity;
  s.offered = in.c.offered;
  s.t_request = now;
  s.auc = auc_(s.identity);
  s.request = std::move(in);
  // DESIGN.md §1 step 2: authentication request (identity, session id, SS name).
  auc::auth_request r;
  r.session_id = id;
  r.identity = s.identity;
  r.proto = proto;
  r.softswitch = cfg_.name;
  r.softswitch_node = cfg_.node;
  if (peer.is_proxy) {
    r.proxy = peer.name;
    r.proxy_node = peer.node;
  } else {
    r.terminal_node = peer.node;
  }
  r.t_request = now;
  out.to_auc.emplace_back(s.auc, auc::message{std::move(r)});
  arm(id, s, phase::awaiting_vector, now + cfg_.auc_timeout);
}

void softswitch_fsm::on_vector(const auc::auth_vector& v, micros now, softswitch_output& out) {
  session* s = find(v.session_id, phase::awaiting_vector);
  if (s == nullptr) s = find(v.session_id, phase::awaiting_resync);
  if (s == nullptr) {
    // Too late (we already answered 504): close the AuC's session instead of leaving it open.
    if (v.result == auc::status::ok && v.db_id != 0) {
      auc::auth_report r;
      r.session_id = v.session_id;
      r.db_id = v.db_id;
      r.softswitch = cfg_.name;
      r.softswitch_node = cfg_.node;
      r.reason = "soft switch had given up waiting for the AuC";
      out.to_auc.emplace_back(auc_(""), auc::message{std::move(r)});
    }
    return;
  }
  s->db_id = v.db_id;
  if (v.result != auc::status::ok) {
    const code c = v.result == auc::status::unavailable ? code::unavailable
                   : v.result == auc::status::unknown_identity ? code::not_found
                                                               : code::forbidden;
    // The AuC recorded the failure itself (unknown identity, AUTS): only answer the terminal.
    const auto reason = std::string(auc::to_string(v.result));
    const auto& b = dialogue::binding_for(s->proto);
    out.sends.push_back(datagram{s->peer, s->proto, b.rejection(s->request, c, reason, cfg_.self)});
    ++stats_.rejected;
    sessions_.erase(v.session_id);
    return;
  }
  s->rand = v.rand;
  s->xres = v.xres;
  s->wrapped_t = v.wrapped_t;
  s->wrapped_edge = v.wrapped_edge;
  const bool edge_here = !peers_[s->peer_ix].is_proxy;
  std::string chosen;
  if (edge_here) {
    // DESIGN.md §1 step 3: "The SS unwraps its copy" (3 elements: the SS is the security edge).
    auto sk = crypto::unwrap_session_key(cfg_.kss, v.rand, crypto::kek_role::softswitch,
                                         s->identity, byte_view{v.wrapped_edge});
    if (!sk) {
      reject(v.session_id, *s, code::server_error, "cannot unwrap E_Kss(SK)", now, out);
      return;
    }
    s->sk = *sk;
    auto c = ngn::choose(s->offered, cfg_.supported);
    if (c) chosen = c->name;
  }
  dialogue::challenge_fields f;
  f.session_id = v.session_id;
  f.rand = v.rand;
  f.autn = v.autn;
  f.edge = edge_here ? &cfg_.supported : nullptr;
  f.chosen = chosen;
  f.realm = cfg_.domain;
  f.local = cfg_.self;
  f.stale = s->stale;
  const auto& b = dialogue::binding_for(s->proto);
  out.sends.push_back(datagram{s->peer, s->proto, b.challenge(s->request, f)});
  ++stats_.challenges;
  arm(v.session_id, *s, phase::challenged, now + cfg_.response_timeout);
}

void softswitch_fsm::on_reg_message(element_id from, const peer_info& peer,
                                    ngn::protocol proto, dialogue::inbound in, micros now,
                                    softswitch_output& out) {
  const auto& b = dialogue::binding_for(proto);
  const std::uint32_t id = in.c.session_id;
  session* s = find(id, phase::challenged);
  if (s == nullptr || s->identity != in.c.identity || s->proto != proto) {
    const bool known = sessions_.count(id) != 0 || completed_.count(id) != 0;
    if (!known && proto == ngn::protocol::sip) {
      // RFC 2617 §3.2.1 (Digest): credentials for a nonce that is no longer valid (its challenge
      // expired, or this soft switch never issued it): challenge again with stale=TRUE. A replay
      // within the grace period of its session is refused below.
      ++stats_.stale;
      report_orphan(peer, proto, in.c.identity,
                    "stale nonce: its challenge is not open (expired or unknown); challenged "
                    "again",
                    now, out);
      on_request(from, peer, proto, std::move(in), now, out, true);
      return;
    }
    // Not an answer to an open challenge: a replayed or forged registration message.
    ++stats_.replays;
    out.sends.push_back(
      datagram{from, proto, b.rejection(in, code::forbidden, "no such challenge", cfg_.self)});
    report_orphan(peer, proto, in.c.identity,
                  "registration message without an open challenge (replay or forgery)", now,
                  out);
    return;
  }
  s->peer = from;
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
    out.to_auc.emplace_back(s->auc, auc::message{std::move(r)});
    arm(id, *s, phase::awaiting_resync, now + cfg_.auc_timeout);
    return;
  }
  s->request = std::move(in);
  if (s->request.c.vw.empty()) {
    // TS 24.229 §5.1.1.5.3: the terminal could not authenticate the network.
    reject(id, *s, code::forbidden,
           "terminal rejected the challenge (AUTN did not verify: wrong key?)", now, out);
    return;
  }
  // DESIGN.md §1 step 6: compare the two verification words.
  if (!b.verify(s->request, s->xres, s->rand)) {
    reject(id, *s, code::forbidden, "verification words differ", now, out);
    return;
  }
  if (s->request.c.sec_agree_failed) {
    // The proxy saw a Security-Verify that does not mirror its list (RFC 3329 §2.3.1).
    reject(id, *s, code::sec_agree_required,
           "bidding-down detected by the proxy: Security-Verify does not match", now, out);
    return;
  }
  const bool edge_here = !peers_[s->peer_ix].is_proxy;
  dialogue::success_fields f;
  f.session_id = id;
  f.wrapped_t = s->wrapped_t.data();
  f.wrapped_t_size = s->wrapped_t.size();
  f.xres = &s->xres;
  f.edge = edge_here ? &cfg_.supported : nullptr;
  f.realm = cfg_.domain;
  f.local = cfg_.self;
  std::string chosen;
  block<crypto::mvw_size> mac{};
  if (edge_here) {
    auto c = ngn::choose(s->offered, cfg_.supported);
    if (c) chosen = c->name;
    // 3 elements: the SS sends the MAC too, so T gets the same guarantees (DESIGN.md §1).
    mac = compute_mvw(s->sk, s->identity, id, s->offered, cfg_.supported, chosen,
                      std::vector<std::uint8_t>(s->wrapped_t.begin(), s->wrapped_t.end()));
    f.mac = mac.data();
    f.mac_size = mac.size();
  } else {
    // 4 elements: the proxy chose; its choice is what both lists in the message agree on.
    auto c = ngn::choose(s->request.c.offered, s->request.c.edge);
    if (c) chosen = c->name;
    f.wrapped_edge = s->wrapped_edge.data();
    f.wrapped_edge_size = s->wrapped_edge.size();
  }
  f.chosen = chosen;
  out.sends.push_back(datagram{s->peer, s->proto, b.success(s->request, f)});
  ++stats_.established;
  report(about(*s), true, chosen, {}, now, out);
  complete(id, *s, chosen, edge_here, now);
}

void softswitch_fsm::complete(std::uint32_t id, session& s, const std::string& mechanism,
                              bool edge_here, micros now) {
  auto& reg = registrar_[s.identity];
  reg.mechanism = intern_mechanism(mechanism);
  reg.via_proxy = !edge_here;
  reg.expires = now + micros{3600} * seconds;
  if (edge_here) reg.sk = s.sk;
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

void softswitch_fsm::on_refusal(ngn::protocol proto, const dialogue::inbound& in,
                                micros now, softswitch_output& out) {
  const auto& b = dialogue::binding_for(proto);
  auto i = completed_.find(in.c.session_id);
  // Only the terminal can refuse: it proves knowledge of RES for this very challenge.
  if (i == completed_.end() || i->second.proto != proto || !b.verify(in, i->second.xres, i->second.rand))
    return;
  ++stats_.refusals;
  --stats_.established;
  registrar_.erase(in.c.identity);
  report(about(i->second, in.c.identity), false, {}, "terminal refused the key: " + in.c.reason,
         now, out);
  completed_.erase(i);
}

void softswitch_fsm::on_auc(const auc::message& m, micros now, softswitch_output& out) {
  if (auto* v = std::get_if<auc::auth_vector>(&m)) {
    on_vector(*v, now, out);
  } else if (auto* a = std::get_if<auc::report_ack>(&m)) {
    unacked_.erase(a->db_id);
  } else if (auto* r = std::get_if<auc::auth_report>(&m); r != nullptr && !r->success
                                                          && r->db_id == 0) {
    // A failure a proxy met on its own (malformed message): recorded by the AuC like ours.
    auc::auth_report fwd = *r;
    fwd.softswitch = cfg_.name;
    fwd.softswitch_node = cfg_.node;
    out.to_auc.emplace_back(auc_(fwd.identity), auc::message{std::move(fwd)});
  }
}

void softswitch_fsm::reject(std::uint32_t id, session& s, code c, std::string reason, micros now,
                            softswitch_output& out) {
  const auto& b = dialogue::binding_for(s.proto);
  auto bytes = b.rejection(s.request, c, reason, cfg_.self);
  if (!bytes.empty()) out.sends.push_back(datagram{s.peer, s.proto, std::move(bytes)});
  ++stats_.rejected;
  report(about(s), false, {}, std::move(reason), now, out);
  sessions_.erase(id);
}

void softswitch_fsm::report(const subject& s, bool ok, std::string mechanism, std::string reason,
                            micros now, softswitch_output& out) {
  // DESIGN.md §1 step 6: terminal authentication success / failure message to the AuC.
  const auto& peer = peers_[s.peer_ix];
  auc::auth_report r;
  r.session_id = 0;
  r.db_id = s.db_id;
  r.identity = s.identity;
  r.proto = s.proto;
  r.softswitch = cfg_.name;
  r.softswitch_node = cfg_.node;
  if (peer.is_proxy) {
    r.proxy = peer.name;
    r.proxy_node = peer.node;
  } else {
    r.terminal_node = peer.node;
  }
  r.success = ok;
  r.mechanism = std::move(mechanism);
  r.reason = std::move(reason);
  r.t_request = s.t_request;
  r.t_response = s.t_response;
  r.t_success = ok ? now : 0;
  if (r.db_id != 0) {
    // Kept until the AuC acknowledges it (a restarted AuC applies what it lost in flight).
    auto& u = unacked_[r.db_id];
    u = unacked_report{r, s.auc, now + cfg_.report_retry, cfg_.report_retry, 1};
    report_timers_.emplace(u.next, r.db_id);
  }
  out.to_auc.emplace_back(s.auc, auc::message{std::move(r)});
}

void softswitch_fsm::report_orphan(const peer_info& peer, ngn::protocol proto,
                                   std::string identity, std::string reason, micros now,
                                   softswitch_output& out) {
  auc::auth_report r;
  r.identity = std::move(identity);
  r.proto = proto;
  r.softswitch = cfg_.name;
  r.softswitch_node = cfg_.node;
  if (peer.is_proxy) {
    r.proxy = peer.name;
    r.proxy_node = peer.node;
  } else {
    r.terminal_node = peer.node;
  }
  r.success = false;
  r.reason = std::move(reason);
  r.t_request = now;
  r.t_response = now;
  out.to_auc.emplace_back(auc_(r.identity), auc::message{std::move(r)});
}

void softswitch_fsm::on_tick(micros now, softswitch_output& out) {
  for (std::uint8_t p = 0; p < 3; ++p) {
    auto& q = timers_[p];
    while (!q.empty() && q.front().first <= now) {
      const auto [deadline, id] = q.front();
      q.pop_front();
      auto i = sessions_.find(id);
      // A stale entry: the session moved on (re-armed) or is gone.
      if (i == sessions_.end() || static_cast<std::uint8_t>(i->second.ph) != p
          || i->second.deadline != deadline)
        continue;
      session& s = i->second;
      switch (s.ph) {
        case phase::awaiting_vector:
        case phase::awaiting_resync:
          ++stats_.auc_timeouts;
          reject(id, s, code::timeout, "authentication center did not answer", now, out);
          break;
        case phase::challenged:
          report(about(s), false, {},
                 "no registration message within "
                   + std::to_string(cfg_.response_timeout / seconds) + " s",
                 now, out);
          sessions_.erase(i);
          break;
      }
    }
  }
  while (!report_timers_.empty() && report_timers_.top().first <= now) {
    const auto [next, db_id] = report_timers_.top();
    report_timers_.pop();
    auto i = unacked_.find(db_id);
    if (i == unacked_.end() || i->second.next != next) continue; // acknowledged or re-armed
    auto& u = i->second;
    if (u.tries >= cfg_.report_tries) {
      ++stats_.reports_lost;
      unacked_.erase(i);
      continue;
    }
    ++u.tries;
    ++stats_.reports_resent;
    u.interval = std::min(2 * u.interval, cfg_.report_retry_max);
    u.next = now + u.interval;
    report_timers_.emplace(u.next, db_id);
    out.to_auc.emplace_back(u.auc, auc::message{u.report});
  }
  while (!grace_timers_.empty() && grace_timers_.front().first <= now) {
    auto i = completed_.find(grace_timers_.front().second);
    if (i != completed_.end() && i->second.deadline <= now) completed_.erase(i);
    grace_timers_.pop_front();
  }
}

} // namespace ngn::actors
