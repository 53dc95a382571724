#include "elements/auc_fsm.hpp"

#include "elements/reasons.hpp"
#include "protocols/auc/codec.hpp"
#include "protocols/dialogue/wire_ids.hpp"

#include "crypto/aka.hpp"
#include "crypto/milenage.hpp"
#include "crypto/random.hpp"

#include <algorithm>
#include <optional>

namespace ngn::elements {

namespace {

// TS 33.102 Annex C.1.1: SQN = SEQ ‖ IND (5-bit IND, Annex C.3.2). The AuC's counter SEQ_HE of a
// subscriber is the SEQ of the highest SQN it issued (auc_subscriber::sqn, persisted); each vector
// takes SEQ_HE + 1, so no SQN is ever issued twice to one K. It never wraps: with SEQ_HE at
// seq_max the subscriber has no SQN left (nullopt) and is refused (reason_code::sqn_exhausted).
// IND: Annex C leaves its allocation to the operator; the AuC allocates it round-robin, IND =
// SEQ mod a. Every vector is used by the terminal it was made for (the emulation has no VLR that
// stores vectors), so an allocation per serving element would put them all on one entry; round-
// robin spreads consecutive vectors over the USIM's a entries, so a challenge that arrives after
// a newer one (a retry's late answer) is still fresh, within the limit L of Annex C.2.2.
std::optional<std::uint64_t> next_sqn(std::uint64_t highest) {
  const std::uint64_t seq = crypto::seq_of(highest);
  if (seq >= crypto::seq_max) return std::nullopt;
  return crypto::make_sqn(seq + 1, static_cast<unsigned>((seq + 1) % crypto::ind_entries));
}

std::string exhausted_reason(const std::string& identity, std::uint64_t sqn) {
  return std::string(reason_text(reason_code::sqn_exhausted)) + ": " + identity + " has SQN "
         + std::to_string(sqn) + " (SEQ " + std::to_string(crypto::seq_of(sqn)) + ")";
}

bool has_zero_byte(const std::array<std::uint8_t, 8>& res) {
  return std::find(res.begin(), res.end(), 0) != res.end();
}

/// A session row for what an auth_request or auth_report says: who, over what, through where.
template <class AucMessage>
storage::session_row row_of(const AucMessage& m, const auc_config& cfg) {
  storage::session_row row;
  row.identity = m.identity;
  row.protocol = std::string(to_string(m.proto));
  row.proxy = m.proxy;
  row.softswitch = m.softswitch;
  row.auc = cfg.name;
  row.terminal_node = m.terminal_node;
  row.proxy_node = m.proxy_node;
  row.softswitch_node = m.softswitch_node;
  row.auc_node = cfg.node;
  return row;
}

std::string softswitch_key(const std::string& softswitch, const ngn::session_id& session_id) {
  std::string key = softswitch;
  key += '\0';
  key.append(session_id.bytes.begin(), session_id.bytes.end());
  return key;
}

} // namespace

auc_fsm::auc_fsm(auc_config cfg, random_source& rng, session_sink& sink)
  : cfg_(std::move(cfg)), rng_(&rng), sink_(&sink), first_own_id_(sink.next_session_id()),
    refusals_(cfg_.name, cfg_.refusal_rows_per_second) {}

void auc_fsm::flush_refusals(micros now, bool all) {
  auto rows = refusals_.flush(now, all);
  if (rows.empty()) return;
  std::vector<storage::write_op> ops;
  ops.reserve(rows.size());
  for (auto& r : rows) ops.emplace_back(std::move(r));
  sink_->submit(std::move(ops));
}

void auc_fsm::add_subscriber(std::string identity, auc_subscriber s) {
  subscribers_[std::move(identity)] = std::move(s);
}

void auc_fsm::add_element(std::string name, std::string kind, const crypto::key128& key) {
  elements_[std::move(name)] = element_key{std::move(kind), key};
}

const auc_subscriber* auc_fsm::find_subscriber(const std::string& identity) const {
  auto i = subscribers_.find(identity);
  return i == subscribers_.end() ? nullptr : &i->second;
}

void auc_fsm::on_envelope(const envelope& e, micros now, outbox& out) {
  if (e.kind != envelope_kind::auc) return;
  auto m = auc::decode(e.payload);
  if (!m) return; // DESIGN.md §5: never crash on input; nothing to answer
  on_message(e.from, *m, now, out);
}

void auc_fsm::reply(element_id to, const auc::message& m, outbox& out) {
  out.send(to, envelope_kind::auc, auc::encode(m));
}

bool auc_fsm::close(std::int64_t db_id) {
  auto i = open_.find(db_id);
  if (i == open_.end()) return false;
  by_softswitch_.erase(i->second.by_softswitch);
  open_.erase(i);
  return true;
}

void auc_fsm::on_message(element_id from, const auc::message& m, micros now, outbox& out) {
  if (auto* r = std::get_if<auc::auth_request>(&m)) on_request(from, *r, now, out);
  else if (auto* s = std::get_if<auc::resync_request>(&m)) on_resync(from, *s, now, out);
  else if (auto* p = std::get_if<auc::auth_report>(&m)) on_report(from, *p, now);
  else if (auto* e = std::get_if<auc::registration_end>(&m)) on_end(from, *e);
  // an auth_vector or report_ack is never addressed to the AuC: ignored
}

std::array<std::uint8_t, 32> auc_fsm::make_challenge(const std::string& identity,
                                                     auc_subscriber& sub, std::uint64_t sqn,
                                                     const crypto::key128& edge_key,
                                                     crypto::kek_role edge_role,
                                                     auc::auth_vector& v) {
  crypto::milenage m{sub.k, sub.opc.raw()};
  sub.sqn = sqn;
  crypto::auth_vector av;
  // SIPp 3.6.1 truncates RES at its first 0x00 byte (aka-and-vectors.md §3.1): for subscribers
  // flagged sipp_compat the AuC draws RAND again until RES has none (p ≈ 0.97 per draw).
  for (int tries = 0;; ++tries) {
    rng_->fill(v.rand.data(), v.rand.size());
    av = crypto::make_auth_vector(m, v.rand, sub.sqn, sub.amf);
    if (!(sub.flags & storage::sipp_compat) || !has_zero_byte(av.xres) || tries >= 64) break;
  }
  v.autn = av.autn;
  v.xres = av.xres;
  // DESIGN.md §2: SK = 128 random bits, wrapped for T (Kc) and for the security edge.
  crypto::key128 sk;
  rng_->fill(sk.data(), sk.size());
  v.wrapped_t = crypto::wrap_session_key(sub.k, v.rand, crypto::kek_role::terminal, identity, sk);
  v.wrapped_edge = crypto::wrap_session_key(edge_key, v.rand, edge_role, identity, sk);
  return crypto::key_fingerprint(sk);
}

void auc_fsm::on_request(element_id from, const auc::auth_request& r, micros now,
                         outbox& out) {
  ++stats_.requests;
  auc::auth_vector v;
  v.session_id = r.session_id;
  auto row = row_of(r, cfg_);
  row.t_request = r.t_request;
  row.wire_session = r.wire_session;

  auto fail = [&](auc::status st, std::string reason) {
    ++stats_.unknown;
    v.result = st;
    v.detail = reason;
    // Issue 12 item 2: a flood of unknown identities is counted, not a row each.
    if (!refusals_.record(static_cast<std::uint32_t>(reason_of(st)), reason, r.softswitch,
                          r.identity, now)) {
      reply(from, auc::message{std::move(v)}, out);
      return;
    }
    row.id = sink_->next_session_id();
    row.state = storage::session_state::failed;
    row.failure_reason = std::move(reason);
    // The AuC detected it; the soft switch answers the terminal with answer_code(st).
    row.detected_by = cfg_.name;
    row.response_code = dialogue::wire_code(r.proto, answer_code(st));
    row.reason_code = static_cast<std::uint32_t>(reason_of(st));
    row.t_end = now;
    v.db_id = row.id;
    sink_->submit({storage::session_insert{std::move(row)}});
    reply(from, auc::message{std::move(v)}, out);
  };

  if (closed_) {
    // close_open ran: a challenge now would stay 'challenged' (nothing closes it any more). A
    // request that arrives while the nodes stop (already on its way) is answered unavailable
    // and leaves no row.
    v.result = auc::status::unavailable;
    v.detail = "the emulation ended";
    reply(from, auc::message{std::move(v)}, out);
    return;
  }
  if (!storage_failure_.empty()) {
    // DESIGN.md §4: no challenge without a committed SQN, and nothing commits now.
    ++stats_.storage_refused;
    return fail(auc::status::unavailable, storage_reason());
  }
  auto sub = subscribers_.find(r.identity);
  if (sub == subscribers_.end()) return fail(auc::status::unknown_identity, "unknown identity");
  // With a proxy the edge is the proxy (Ksp), else the soft switch (Kss) — DESIGN.md §1.
  const std::string& edge_name = r.proxy.empty() ? r.softswitch : r.proxy;
  auto edge = elements_.find(edge_name);
  if (edge == elements_.end())
    return fail(auc::status::unknown_element, "no key for element " + edge_name);
  const auto role = r.proxy.empty() ? crypto::kek_role::softswitch : crypto::kek_role::proxy;
  const auto sqn = next_sqn(sub->second.sqn);
  if (!sqn)
    return fail(auc::status::sqn_exhausted, exhausted_reason(r.identity, sub->second.sqn));

  auto fp = make_challenge(r.identity, sub->second, *sqn, edge->second.key, role, v);
  ++stats_.challenges;
  row.id = sink_->next_session_id();
  row.state = storage::session_state::challenged;
  row.rand.assign(v.rand.begin(), v.rand.end());
  row.sk_fingerprint.assign(fp.begin(), fp.end());
  row.t_challenge = now;
  v.db_id = row.id;
  auto key = softswitch_key(r.softswitch, r.session_id);
  by_softswitch_[key] = row.id;
  open_[row.id] = open_session{r.identity, edge_name, role, now, std::move(key), r.proto};
  // DESIGN.md §4: the challenge leaves only after its SQN is committed.
  auto ticket = sink_->submit({storage::sqn_update{r.identity, sub->second.sqn},
                               storage::session_insert{std::move(row)}});
  hold(ticket, from, std::move(v));
}

void auc_fsm::on_resync(element_id from, const auc::resync_request& r, micros now,
                        outbox& out) {
  auc::auth_vector v;
  v.session_id = r.session_id;
  v.db_id = r.db_id;
  auto open = open_.find(r.db_id);
  auto sub = subscribers_.find(r.identity);
  if (open == open_.end() || sub == subscribers_.end() || open->second.identity != r.identity) {
    v.result = auc::status::unknown_session;
    v.detail = "no open session for resynchronisation";
    reply(from, auc::message{std::move(v)}, out);
    return;
  }
  if (!storage_failure_.empty()) {
    ++stats_.storage_refused;
    v.result = auc::status::unavailable;
    v.detail = storage_reason();
    withdraw(r.db_id, now);
    reply(from, auc::message{std::move(v)}, out);
    return;
  }
  // The open session fails with `st`: recorded, closed, answered.
  auto fail = [&](auc::status st, std::string detail, std::string reason) {
    v.result = st;
    v.detail = std::move(detail);
    ++stats_.failed;
    storage::session_update u;
    u.id = r.db_id;
    u.state = storage::session_state::failed;
    u.failure_reason = std::move(reason);
    u.detected_by = cfg_.name;
    u.reason_code = static_cast<std::uint32_t>(reason_of(st));
    u.response_code = dialogue::wire_code(open->second.proto, answer_code(st));
    u.t_response = now;
    u.t_end = now;
    sink_->submit({std::move(u)});
    close(r.db_id);
    reply(from, auc::message{std::move(v)}, out);
  };
  crypto::milenage m{sub->second.k, sub->second.opc.raw()};
  // TS 33.102 §6.3.5: verify MAC-S, then continue from SQN_MS.
  auto sqn_ms = crypto::verify_auts(m, r.rand, r.auts);
  if (!sqn_ms)
    return fail(auc::status::resync_failed, "AUTS does not verify (MAC-S)",
                std::string(reason_text(reason_code::resync_failed)));
  ++stats_.resyncs;
  // TS 33.102 §6.3.5 / Annex C: the next SEQ is above SEQ_MS, and never at or below an SQN this
  // AuC already issued to the K: it continues above the higher of SQN_MS and the stored SQN.
  if (*sqn_ms > sub->second.sqn) sub->second.sqn = *sqn_ms;
  const auto sqn = next_sqn(sub->second.sqn);
  if (!sqn) {
    auto why = exhausted_reason(r.identity, sub->second.sqn);
    return fail(auc::status::sqn_exhausted, why, why);
  }
  auto edge = elements_.find(open->second.edge);
  if (edge == elements_.end()) {
    v.result = auc::status::unknown_element;
    reply(from, auc::message{std::move(v)}, out);
    return;
  }
  auto fp =
    make_challenge(r.identity, sub->second, *sqn, edge->second.key, open->second.edge_role, v);
  open->second.t_challenge = now;
  storage::session_resync rs;
  rs.id = r.db_id;
  rs.rand.assign(v.rand.begin(), v.rand.end());
  rs.sk_fingerprint.assign(fp.begin(), fp.end());
  rs.t_challenge = now;
  auto ticket = sink_->submit({storage::sqn_update{r.identity, sub->second.sqn}, std::move(rs)});
  hold(ticket, from, std::move(v));
}

void auc_fsm::on_report(element_id from, const auc::auth_report& r, micros now) {
  const auto state = r.success ? storage::session_state::established
                               : storage::session_state::failed;
  std::int64_t db_id = r.db_id;
  if (db_id == 0 && r.session_id && !r.softswitch.empty()) {
    // A soft switch that gave up waiting for the vector names the session by its own id: the
    // row opened for it gets the failure (one row, one reason).
    auto i = by_softswitch_.find(softswitch_key(r.softswitch, r.session_id));
    if (i != by_softswitch_.end()) db_id = i->second;
  }
  if (db_id != 0) {
    // The soft switch re-sends a report until it is acknowledged: count it once, apply it
    // (idempotently) every time, acknowledge once it is committed.
    const bool first = close(db_id)
                       || (db_id < first_own_id_ && closed_earlier_.insert(db_id).second);
    if (first) r.success ? ++stats_.established : ++stats_.failed;
    storage::session_update u;
    u.id = db_id;
    u.state = state;
    u.mechanism = r.mechanism;
    u.failure_reason = r.reason;
    u.t_response = r.t_response;
    u.t_success = r.success ? r.t_success : 0;
    u.t_end = now;
    u.proxy_node = r.proxy_node;
    u.softswitch_node = r.softswitch_node;
    u.terminal_node = r.terminal_node;
    u.wire_session = r.wire_session;
    u.response_code = r.response_code;
    u.detected_by = r.detected_by;
    u.reason_code = r.reason_code;
    auto ticket = sink_->submit({std::move(u)});
    hold(ticket, from, auc::report_ack{db_id, auc::acked::auth_report});
    return;
  }
  r.success ? ++stats_.established : ++stats_.failed;
  // A failure the soft switch met before any AuC session existed (malformed message, replayed
  // registration message, ...): recorded as its own failed session, or, beyond the second's
  // budget, counted in the refusals table (issue 12 item 2: a flood is not a row per datagram).
  if (!r.success
      && !refusals_.record(r.reason_code, r.reason,
                           r.detected_by.empty() ? r.softswitch : r.detected_by, r.identity, now))
    return;
  auto row = row_of(r, cfg_);
  row.id = sink_->next_session_id();
  if (row.identity.empty()) row.identity = "?";
  row.mechanism = r.mechanism;
  row.state = state;
  row.failure_reason = r.reason;
  row.t_request = r.t_request != 0 ? r.t_request : now;
  row.t_response = r.t_response;
  row.t_end = now;
  row.wire_session = r.wire_session;
  row.response_code = r.response_code;
  row.detected_by = r.detected_by;
  row.reason_code = r.reason_code;
  sink_->submit({storage::session_insert{std::move(row)}});
}

void auc_fsm::on_end(element_id from, const auc::registration_end& e) {
  if (e.db_id == 0) return; // the soft switch resolves the row before it forwards an end
  ++stats_.ends;
  // DESIGN.md §1.2: written once, at the end of the registration; the row changes only while it
  // is established, so a re-sent end changes nothing.
  storage::session_end op;
  op.id = e.db_id;
  op.t_end = e.t_end;
  op.lifetime = e.lifetime;
  op.protected_sent = static_cast<std::uint64_t>(std::max<std::int64_t>(e.protected_sent, 0));
  op.protected_received =
    static_cast<std::uint64_t>(std::max<std::int64_t>(e.protected_received, 0));
  op.protected_dropped = static_cast<std::uint64_t>(std::max<std::int64_t>(e.protected_dropped, 0));
  switch (e.cause) {
    case auc::end_cause::expired:
      op.state = storage::session_state::expired;
      op.reason = "not refreshed within its lifetime of " + std::to_string(e.lifetime) + " s";
      break;
    case auc::end_cause::deregistered:
      op.state = storage::session_state::deregistered;
      break;
    case auc::end_cause::superseded:
      op.state = storage::session_state::superseded;
      op.successor = e.successor;
      break;
  }
  auto ticket = sink_->submit({std::move(op)});
  hold(ticket, from, auc::report_ack{e.db_id, auc::acked::registration_end});
}

void auc_fsm::hold(std::uint64_t ticket, element_id to, auc::message reply) {
  held_.push_back(held_reply{ticket, to, std::move(reply)});
  stats_.held_max = std::max<std::uint64_t>(stats_.held_max, held_.size());
}

void auc_fsm::on_committed(std::uint64_t ticket, outbox& out) {
  storage_failure_.clear(); // the writer commits again: challenges may leave again
  committed_ = std::max(committed_, ticket);
  while (!held_.empty() && held_.front().ticket <= committed_) {
    reply(held_.front().to, held_.front().reply, out);
    held_.pop_front();
  }
}

void auc_fsm::on_rejected(std::uint64_t ticket, const std::string& reason, outbox& out) {
  for (auto i = held_.begin(); i != held_.end();) {
    if (i->ticket != ticket) {
      ++i;
      continue;
    }
    const auto* held = std::get_if<auc::auth_vector>(&i->reply);
    if (held == nullptr) {
      // An unsaved report is not acknowledged: the soft switch sends it again.
      i = held_.erase(i);
      continue;
    }
    auc::auth_vector v;
    v.session_id = held->session_id;
    v.db_id = held->db_id;
    v.result = auc::status::unavailable;
    v.detail = "session not stored: " + reason;
    close(v.db_id);
    reply(i->to, auc::message{std::move(v)}, out);
    i = held_.erase(i);
  }
}

std::string auc_fsm::storage_reason() const {
  return std::string(reason_text(reason_code::auc_unavailable)) + ": storage failed: " +
         storage_failure_;
}

void auc_fsm::withdraw(std::int64_t db_id, micros now) {
  auto open = open_.find(db_id);
  if (open == open_.end()) return;
  // Queued behind the row's insert: it commits after it, or neither does.
  storage::session_update u;
  u.id = db_id;
  u.state = storage::session_state::failed;
  u.failure_reason = storage_reason();
  u.detected_by = cfg_.name;
  u.reason_code = static_cast<std::uint32_t>(reason_code::auc_unavailable);
  u.response_code = dialogue::wire_code(open->second.proto, answer_code(auc::status::unavailable));
  u.t_end = now;
  ++stats_.failed;
  close(db_id);
  sink_->submit({std::move(u)});
}

void auc_fsm::on_storage_failed(const std::string& error, micros now, outbox& out) {
  storage_failure_ = error.empty() ? std::string("write failed") : error;
  // The challenges waiting for their SQN's commit never leave: each is answered `unavailable`
  // (the soft switch answers its terminal with its binding's "service unavailable"). Held
  // acknowledgements stay held: they leave once their report is committed, or the soft switch
  // sends the report again.
  for (auto i = held_.begin(); i != held_.end();) {
    const auto* held = std::get_if<auc::auth_vector>(&i->reply);
    if (held == nullptr) {
      ++i;
      continue;
    }
    auc::auth_vector v;
    v.session_id = held->session_id;
    v.db_id = held->db_id;
    v.result = auc::status::unavailable;
    v.detail = storage_reason();
    ++stats_.storage_refused;
    withdraw(v.db_id, now);
    reply(i->to, auc::message{std::move(v)}, out);
    i = held_.erase(i);
  }
}

void auc_fsm::on_tick(micros now, outbox& /*out*/) {
  if (now - last_sweep_ < seconds) return;
  last_sweep_ = now;
  flush_refusals(now, false);
  expire(now, now - cfg_.challenge_expiry,
         "no outcome within " + std::to_string(cfg_.challenge_expiry / seconds)
           + " s of the challenge");
}

void auc_fsm::close_open(micros now) {
  // Every challenge still open when the emulation ends: recorded as expired, not left behind
  // as 'challenged'. A report arriving later still updates the row.
  expire(now, now, "the emulation ended with the challenge open");
  flush_refusals(now, true);
  closed_ = true;
}

void auc_fsm::expire(micros now, micros challenged_before, const std::string& reason) {
  std::vector<storage::write_op> ops;
  for (auto i = open_.begin(); i != open_.end();) {
    if (i->second.t_challenge <= challenged_before) {
      storage::session_update u;
      u.id = i->first;
      u.state = storage::session_state::expired;
      u.failure_reason = reason;
      u.t_end = now;
      u.detected_by = cfg_.name;
      u.reason_code = static_cast<std::uint32_t>(reason_code::challenge_expired);
      ops.emplace_back(std::move(u));
      ++stats_.expired;
      by_softswitch_.erase(i->second.by_softswitch);
      open_.erase(i++); // Swiss tables: erase leaves the other iterators valid
    } else {
      ++i;
    }
  }
  if (!ops.empty()) sink_->submit(std::move(ops));
}

} // namespace ngn::elements
