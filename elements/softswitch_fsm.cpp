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
  : cfg_(std::move(cfg)), rng_(&rng), edge_(cfg_.edge), reports_(cfg_.reports),
    admission_(cfg_.admission) {}

softswitch_stats softswitch_fsm::stats() const noexcept {
  softswitch_stats s = stats_;
  s.life = edge_.stats();
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
    case step::reg_request: on_request(src, std::move(*in), now, out); break;
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

std::uint32_t softswitch_fsm::grant(std::uint32_t requested) const {
  if (requested == 0) return cfg_.default_lifetime;
  return cfg_.max_lifetime != 0 && requested > cfg_.max_lifetime ? cfg_.max_lifetime : requested;
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
  if (admit_or_answer(src, in, rechallenge, out)) return;
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
    s.edge_spi = edge_.allocate_spi(*rng_);
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
  r.wire_session = dialogue::wire_session(proto, id);
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
                                     bool rechallenge, outbox& out) {
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
  const auto why = admission_.check(in.c.identity, admission::source_of(src.from, src.origin));
  if (why == admission_refusal::none) return false;
  // RFC 3261 §21.5.4 (and each binding's equivalent): the client may try again later. Counted
  // here, not recorded as a session: a flood must not grow the database (the AuC is not asked).
  switch (why) {
    case admission_refusal::auc_pending: ++stats_.overload_auc; break;
    case admission_refusal::identity: ++stats_.overload_identity; break;
    default: ++stats_.overload_source; break;
  }
  answer_source(src, in.c.identity,
                binding(src.proto).rejection(in, code::unavailable, to_string(why), cfg_.self),
                out);
  return true;
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

void softswitch_fsm::report(const subject& s, bool ok, std::string mechanism, std::string reason,
                            micros now, outbox& out, failure_info f) {
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
  name_path(r, cfg_, peer);
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
