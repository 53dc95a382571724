// The soft switch's session table and inbound side (softswitch_fsm.hpp): dispatching datagrams
// (plain or under an SA), registration requests up to the challenge, keepalives,
// de-registrations and the timers. The registration message's verdict is
// softswitch_fsm_verdict.cpp, the AuC leg softswitch_fsm_auc.cpp.
#include "elements/softswitch_fsm.hpp"

#include "crypto/key_distribution.hpp"
#include "elements/mvw.hpp"
#include "elements/proof.hpp"
#include "protocols/auc/codec.hpp"
#include "protocols/dialogue/wire_ids.hpp"

#include <algorithm>
#include <utility>

namespace ngn::elements {

using dialogue::code;
using dialogue::step;

namespace {

std::size_t slot(std::uint8_t p) { return p; }

} // namespace

softswitch_fsm::softswitch_fsm(softswitch_config cfg, random_source& rng)
  : cfg_(std::move(cfg)), rng_(&rng), edge_(cfg_.edge), reports_(cfg_.reports),
    admission_(cfg_.admission), gate_(cfg_.overload) {}

softswitch_stats softswitch_fsm::stats() const noexcept {
  softswitch_stats s = stats_;
  s.retry_after_max = gate_.retry_after_max();
  s.life = edge_.stats();
  s.reports_resent = reports_.resent();
  s.reports_lost = reports_.lost();
  s.overload_auc = admission_.refusals(admission_refusal::auc_pending);
  s.overload_identity = admission_.refusals(admission_refusal::identity);
  s.overload_source = admission_.refusals(admission_refusal::source);
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

ngn::session_id softswitch_fsm::new_session_id() {
  // Issue 12 item 3: unguessable, so that a forged message cannot name another terminal's
  // challenge. A collision (or the all-zero "none") is drawn again.
  for (;;) {
    ngn::session_id id;
    rng_->fill(id.bytes.data(), id.bytes.size());
    if (id && sessions_.find(id) == sessions_.end() && completed_.find(id) == completed_.end()
        && registrar_.find(id) == registrar_.end())
      return id;
  }
}

softswitch_fsm::session* softswitch_fsm::find(ngn::session_id id, phase p) {
  auto i = sessions_.find(id);
  if (i == sessions_.end() || i->second.ph != p) return nullptr;
  return &i->second;
}

void softswitch_fsm::arm(ngn::session_id id, session& s, phase p, micros deadline) {
  s.ph = p;
  s.deadline = deadline;
  admission_.awaiting_auc(id, p != phase::challenged);
  timers_[slot(static_cast<std::uint8_t>(p))].emplace_back(deadline, id);
}

void softswitch_fsm::send_to(element_id to, element_id origin, bool protect,
                             const std::string& identity, protocol p, std::string bytes,
                             outbox& out) {
  if (bytes.empty()) return;
  if (protect) {
    // This soft switch is the terminal's edge: under the registration's SA.
    if (auto packet = edge_.protect(identity, to, p, bytes)) {
      if (!packet->empty()) out.send(to, envelope_kind::esp, std::move(*packet), origin);
      return;
    }
  }
  out.send(to, p, std::move(bytes), origin);
}

void softswitch_fsm::answer(const session& s, std::string bytes, outbox& out) {
  send_to(s.peer, s.origin, s.protect, s.identity, s.proto, std::move(bytes), out);
}

void softswitch_fsm::answer_source(const source& src, const std::string& identity,
                                   std::string bytes, outbox& out) {
  send_to(src.from, src.origin, src.sa != nullptr, identity, src.proto, std::move(bytes), out);
}

void softswitch_fsm::on_envelope(const envelope& e, micros now, outbox& out) {
  if (e.kind == envelope_kind::auc) on_auc(e, now, out);
  else if (e.kind == envelope_kind::esp) on_protected(e, now, out);
  else if (carries_protocol(e.kind)) on_datagram(e, now, out);
}

void softswitch_fsm::on_datagram(const envelope& e, micros now, outbox& out) {
  const peer_info peer = cfg_.peer ? cfg_.peer(e.from, e.origin) : peer_info{};
  const source src{e.from, e.origin, protocol_of(e.kind), &peer, nullptr};
  dispatch(e, src, e.payload, now, out);
}

void softswitch_fsm::on_protected(const envelope& e, micros now, outbox& out) {
  const peer_info peer = cfg_.peer ? cfg_.peer(e.from, e.origin) : peer_info{};
  if (peer.is_proxy) return; // ESP runs between a terminal and its edge, never from a proxy
  std::vector<registration_ended> ended;
  auto m = edge_.open(e.from, e.payload, now, ended);
  report_ends(ended, now, out);
  if (!m) return;
  const source src{e.from, e.origin, m->proto, &peer, &*m};
  dispatch(e, src, m->message, now, out);
}

namespace {

/// A plain message a terminal may send although it agreed protection: a new registration
/// dialogue authenticates itself (TS 33.203 §7.1: a terminal that lost its SAs starts again).
bool allowed_in_clear(step s) {
  return s == step::reg_request || s == step::reg_message || s == step::refusal;
}

} // namespace

void softswitch_fsm::dispatch(const envelope& e, const source& src, std::string_view bytes,
                              micros now, outbox& out) {
  const protocol proto = src.proto;
  const auto& b = binding(proto);
  const peer_info& peer = *src.peer;
  auto in = b.decode(bytes);
  if (!in) {
    // DESIGN.md §5: the protocol's own error answer and a logged session failure, no crash.
    ++stats_.malformed;
    auto answer = b.malformed_answer(bytes, in.error(), cfg_.self);
    const std::uint16_t c = answer.empty() ? 0 : dialogue::wire_code(proto, code::bad_request);
    out.send(e.from, proto, std::move(answer), e.origin);
    report_orphan(peer, proto, {},
                  "malformed " + std::string(to_string(proto))
                    + " message: " + in.error().describe(),
                  c, reason_code::malformed, now, out);
    return;
  }
  if (src.sa != nullptr && !in->c.identity.empty() && in->c.identity != src.sa->identity) {
    edge_.drop(esp_drop::misdirected); // an SA protects one terminal's messages only
    return;
  }
  const std::string identity = src.sa != nullptr ? src.sa->identity : in->c.identity;
  if (src.sa == nullptr && !peer.is_proxy && !allowed_in_clear(in->c.kind)
      && edge_.requires_protection(identity, src.from)) {
    // DESIGN.md §1.2: protection was agreed; a plain keepalive, de-registration, ... is dropped.
    edge_.drop_unprotected();
    return;
  }
  answer_source(src, identity, std::move(in->ack), out);
  if (in->c.kind == step::reg_request || in->c.kind == step::reg_message) {
    // The binding's registrar checks (e.g. the domain a request is addressed to).
    if (auto why = b.admit(*in, cfg_.domain)) {
      refuse(src, std::move(*in), std::move(*why), now, out);
      return;
    }
  }
  switch (in->c.kind) {
    case step::reg_request:
      // Overload (overload_gate.hpp): a request that waited too long is refused before any work.
      if (!gate_.admits(identity, waited(e, now))) {
        ++stats_.overload_queue;
        answer_source(src, identity,
                      b.unavailable(*in, gate_.reason(), cfg_.self, gate_.refuse(identity, now)),
                      out);
        break;
      }
      on_request(src, std::move(*in), now, out);
      break;
    case step::reg_message: on_reg_message(src, std::move(*in), now, out); break;
    case step::refusal: on_refusal(proto, *in, now, out); break;
    case step::keepalive:
      if (!peer.is_proxy) on_keepalive(src, *in, identity, now, out);
      break;
    case step::deregistration: on_deregistration(src, *in, identity, now, out); break;
    default: break; // acks of our own commands; other steps are not for a soft switch
  }
}

void softswitch_fsm::on_keepalive(const source& src, const dialogue::inbound& in,
                                  const std::string& identity, micros /*now*/, outbox& out) {
  // DESIGN.md §1.2: the edge answers keepalives.
  dialogue::keepalive_fields f;
  f.local = cfg_.self;
  f.realm = cfg_.domain;
  f.session_id = edge_.session_of(identity);
  edge_.kept_alive();
  answer_source(src, identity, binding(src.proto).answer_keepalive(in, f), out);
}

void softswitch_fsm::on_deregistration(const source& src, const dialogue::inbound& in,
                                       const std::string& identity, micros now, outbox& out) {
  // DESIGN.md §1.2: the registrar answers (where the command's ack, sent already, is not the
  // answer) ...
  ++stats_.deregistrations;
  dialogue::answer_fields f;
  f.local = cfg_.self;
  f.realm = cfg_.domain;
  answer_source(src, identity, binding(src.proto).answer_deregistration(in, f), out);
  // ... and, as the edge, ends the registration; a proxy that is the edge does so itself when
  // the answer passes it.
  if (src.peer->is_proxy) return;
  std::vector<registration_ended> ended;
  edge_.end(identity, now, ended);
  report_ends(ended, now, out);
}

void softswitch_fsm::refuse(const source& src, dialogue::inbound in, dialogue::admission_error why,
                            micros now, outbox& out) {
  const peer_info& peer = *src.peer;
  ++stats_.not_admitted;
  const protocol proto = src.proto;
  const ngn::session_id id = in.c.session_id;
  if (in.c.kind == step::reg_message) {
    // The answer to an open challenge: that session fails (and is recorded) with this reason.
    session* s = find(id, phase::challenged);
    if (s != nullptr && s->identity == in.c.identity && s->proto == proto) {
      s->peer = src.from;
      s->origin = src.origin;
      s->protect = src.sa != nullptr;
      s->t_response = now;
      s->request = std::move(in);
      reject(id, *s, why.c, reason_code::not_admitted, std::move(why.reason), now, out);
      return;
    }
  }
  answer_source(src, in.c.identity, binding(proto).rejection(in, why.c, why.reason, cfg_.self),
                out);
  ++stats_.rejected;
  report_orphan(peer, proto, in.c.identity, std::move(why.reason),
                dialogue::wire_code(proto, why.c), reason_code::not_admitted, now, out);
}

void softswitch_fsm::on_request(const source& src, dialogue::inbound in, micros now, outbox& out,
                                bool rechallenge) {
  const peer_info& peer = *src.peer;
  if (admit_or_answer(src, in, rechallenge, now, out)) return;
  ++stats_.requests;
  const protocol proto = src.proto;
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
      answer_source(src, in.c.identity,
                    binding(proto).rejection(in, code::sec_agree_required, reason, cfg_.self),
                    out);
      report_orphan(peer, proto, in.c.identity, std::move(reason),
                    dialogue::wire_code(proto, code::sec_agree_required),
                    reason_code::no_common_mechanism, now, out);
      return;
    }
  }
  const auto id = new_session_id();
  session& s = sessions_[id];
  admission_.opened(id, in.c.identity, admission::source_of(src.from, src.origin));
  gate_.taken(in.c.identity, now);
  s.rechallenge = rechallenge;
  s.protect = src.sa != nullptr;
  s.proto = proto;
  s.peer = src.from;
  s.origin = src.origin;
  s.peer_ix = intern(peer);
  s.identity = in.c.identity;
  s.offered = in.c.offered;
  s.terminal_spi = in.c.terminal_spi;
  s.lifetime = in.c.lifetime;
  // DESIGN.md §1.2: as the edge, the SPI this soft switch receives under, in the challenge.
  if (choice.result == negotiation::verdict::chosen && esp::transform_for(choice.mechanism))
    // Held through the AuC's two legs and the challenge's lifetime: the dialogue lasts no longer.
    s.edge_spi = edge_.allocate_spi(*rng_, now, 2 * cfg_.auc_timeout + cfg_.response_timeout);
  s.choice = std::move(choice);
  s.t_request = now;
  s.auc = cfg_.auc_for(s.identity);
  s.request = std::move(in);
  // DESIGN.md §1 step 2: authentication request (identity, session id, SS name).
  auc::auth_request r;
  r.session_id = id;
  r.identity = s.identity;
  r.proto = proto;
  name_path(r, peer);
  r.t_request = now;
  r.wire_session = dialogue::wire_session(proto, id);
  out.send(s.auc, envelope_kind::auc, auc::encode(auc::message{std::move(r)}));
  arm(id, s, phase::awaiting_vector, now + cfg_.auc_timeout);
}

void softswitch_fsm::send_challenge(ngn::session_id id, const session& s, outbox& out) {
  const bool edge_here = !peers_[s.peer_ix].is_proxy;
  dialogue::challenge_fields f;
  f.session_id = id;
  f.rand = s.rand;
  f.autn = s.autn;
  f.edge = edge_here ? &edge_.supported() : nullptr;
  if (edge_here && s.choice.result == negotiation::verdict::chosen) f.chosen = s.choice.mechanism;
  f.realm = cfg_.domain;
  f.local = cfg_.self;
  f.rechallenge = s.rechallenge;
  if (edge_here) f.edge_spi = s.edge_spi;
  answer(s, binding(s.proto).challenge(s.request, f), out);
}

void softswitch_fsm::erase_session(ngn::session_id id) {
  admission_.closed(id);
  sessions_.erase(id);
}

bool softswitch_fsm::admit_or_answer(const source& src, const dialogue::inbound& in,
                                     bool rechallenge, micros now, outbox& out) {
  // TS 33.203 §6.1, TS 24.229 §5.4.1.2: one authentication in progress per user. A request
  // equivalent to the one the identity's open challenge answered (same protocol, path, SPI and
  // offered mechanisms: a client that lost the 401, or a flood) gets that challenge again: no
  // AuC work, no new row. The challenge (RAND, AUTN) is no secret, and whoever answers it must
  // still know RES.
  if (const auto latest = admission_.latest(in.c.identity); latest) {
    auto i = sessions_.find(latest);
    if (i != sessions_.end() && i->second.ph == phase::challenged && i->second.proto == src.proto
        && peers_[i->second.peer_ix].is_proxy == src.peer->is_proxy
        && i->second.terminal_spi == in.c.terminal_spi && i->second.offered == in.c.offered) {
      session& s = i->second;
      s.peer = src.from;
      s.origin = src.origin;
      s.protect = src.sa != nullptr;
      s.request = in;
      s.rechallenge = rechallenge;
      send_challenge(latest, s, out);
      ++stats_.challenges_reused;
      return true;
    }
  }
  const auto why = admission_.check(in.c.identity, admission::source_of(src.from, src.origin),
                                    gate_.returning(in.c.identity));
  if (why == admission_refusal::none) return false;
  // RFC 3261 §21.5.4 (and each binding's equivalent): the client may try again later. Counted
  // (by admission, per bound), not recorded as a session: a flood must not grow the database
  // (the AuC is not asked).
  admission_.refused(why);
  const auto& b = binding(src.proto);
  if (why == admission_refusal::auc_pending) {
    // Overload: the client comes back at a slot booked at the rate new requests are taken
    // (overload_gate); a fixed Retry-After would bring a backlog back all at once, to be
    // refused again.
    answer_source(src, in.c.identity,
                  b.unavailable(in, to_string(why), cfg_.self, gate_.refuse(in.c.identity, now)),
                  out);
  } else {
    // A flood's bounds: no slot booked ahead of the clients that play by the rules.
    answer_source(src, in.c.identity,
                  b.rejection(in, code::unavailable, to_string(why), cfg_.self), out);
  }
  return true;
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
          reject(id, s, code::timeout, reason_code::auc_timeout,
                 "authentication center did not answer", now, out);
          break;
        case phase::challenged:
          report(about(id, s), false, {},
                 "no registration message within "
                   + std::to_string(cfg_.response_timeout / seconds) + " s",
                 now, out, failure_info{0, reason_code::response_timeout, cfg_.name});
          erase_session(id);
          break;
      }
    }
  }
  // The registrations this soft switch is the edge of: expiries, take-overs, audits.
  std::vector<registration_ended> ended;
  std::vector<audit_due> audits;
  edge_.on_tick(now, ended, audits);
  report_ends(ended, now, out);
  for (const auto& a : audits) {
    dialogue::edge_keepalive_fields f;
    f.identity = a.identity;
    f.local = cfg_.self;
    f.sequence = ++audit_seq_;
    send_to(a.terminal, no_element, true, a.identity, a.proto,
            binding(a.proto).edge_keepalive(f), out);
  }
  reports_.on_tick(now, out);
  while (!grace_timers_.empty() && grace_timers_.front().first <= now) {
    auto i = completed_.find(grace_timers_.front().second);
    if (i != completed_.end() && i->second.deadline <= now) completed_.erase(i);
    grace_timers_.pop_front();
  }
}

} // namespace ngn::elements
