// The terminal's registration dialogue (terminal_fsm.hpp): requests, challenges (AUTN checked,
// RES computed), success (SK unwrapped, the MAC and mechanism checked, SAs installed), rejection,
// retries with back-off and the outcomes. The registration's life timers are terminal_life.cpp.
#include "elements/terminal_fsm.hpp"
#include "elements/terminal_records.hpp"

#include "elements/mvw.hpp"
#include "crypto/aka.hpp"
#include "crypto/key_distribution.hpp"
#include "crypto/milenage.hpp"

#include <algorithm>
#include <optional>
#include <utility>

namespace ngn::elements {

using dialogue::code;
using dialogue::step;

std::string_view to_string(terminal_state s) noexcept {
  switch (s) {
    case terminal_state::idle: return "idle";
    case terminal_state::requested: return "requested";
    case terminal_state::responded: return "responded";
    case terminal_state::backing_off: return "backing-off";
    case terminal_state::registered: return "registered";
    case terminal_state::leaving: return "leaving";
    case terminal_state::left: return "left";
    case terminal_state::away: return "away";
    case terminal_state::failed: return "failed";
  }
  return "?";
}

terminal_fsm::terminal_fsm(const terminal_profile& profile, std::string identity,
                           const crypto::key128& k, const crypto::key128& opc,
                           dialogue::address local, std::uint32_t number)
  : profile_(&profile), identity_(std::move(identity)), k_(k), opc_(opc), local_(local),
    number_(number) {}

terminal_fsm::~terminal_fsm() = default;
terminal_fsm::terminal_fsm(terminal_fsm&&) noexcept = default;
terminal_fsm& terminal_fsm::operator=(terminal_fsm&&) noexcept = default;

const crypto::key128& terminal_fsm::session_key() const noexcept {
  static const crypto::key128 none{};
  return live_ ? live_->sk : none;
}

const sa_pair* terminal_fsm::sas() const noexcept {
  return live_ && live_->sas ? &*live_->sas : nullptr;
}

void terminal_fsm::count(life_counters::counter life_counters::*c, std::uint64_t n) const {
  if (profile_->counters != nullptr) life_counters::add(profile_->counters->*c, n);
}

dialogue::terminal_view terminal_fsm::view(micros now) {
  dialogue::terminal_view v;
  v.identity = identity_;
  v.domain = profile_->domain;
  v.local = local_;
  v.remote = profile_->next_hop_addr;
  v.serial = serial_;
  v.sequence = ++sequence_;
  v.offered = &profile_->offered;
  v.number = number_;
  v.lifetime = profile_->lifetime;
  v.spi = pending_ ? pending_->spi : 0;
  v.session_id = live_ ? live_->session_id : ngn::session_id{};
  v.now = now;
  return v;
}

void terminal_fsm::send(std::string bytes, outbox& out) {
  if (bytes.empty()) return;
  if (live_ && live_->sas) {
    // DESIGN.md §1.2: every message to the edge under the registration's SA, in a UDP datagram
    // between the protocol's ports.
    const auto& ports = info(binding().proto());
    auto packet = seal(live_->sas->out, ports.terminal_port, ports.server_port, bytes);
    if (packet.empty()) {
      count(&life_counters::failures); // SA exhausted or message too large: cannot be sent
      return;
    }
    count(&life_counters::esp_sent);
    out.send(profile_->next_hop, envelope_kind::esp, std::move(packet));
    return;
  }
  out.send(profile_->next_hop, binding().proto(), std::move(bytes));
}

void terminal_fsm::start(micros now, outbox& out) {
  if (state_ != terminal_state::idle) return;
  begin(registration_kind::initial, now, out);
}

void terminal_fsm::set_in_flight(bool on) {
  if (on == in_flight_) return;
  in_flight_ = on;
  if (profile_->counters == nullptr) return;
  const auto level =
    profile_->counters->in_flight.fetch_add(on ? 1 : -1, std::memory_order_relaxed) + (on ? 1 : -1);
  if (on) profile_->counters->note_in_flight(level);
}

void terminal_fsm::begin(registration_kind kind, micros now, outbox& out) {
  kind_ = kind;
  t_first_ = now;
  set_in_flight(true);
  attempts_ = 0;
  resyncs_ = 0;
  deferred_s_ = 0;
  begin_attempt(now, out);
}

void terminal_fsm::begin_attempt(micros now, outbox& out) {
  ++attempts_;
  // Unique per terminal and attempt: the binding derives its message ids from it.
  serial_ = number_ * 16u + (attempts_ & 15u);
  pending_ = std::make_unique<pending>();
  if (!profile_->offered.empty()) {
    // The receiver chooses its SPI (RFC 4303 §2.1), distinct from the one in use.
    const std::uint32_t in_use = live_ && live_->sas ? live_->sas->in.spi : 0;
    std::uint32_t spi = 0;
    do {
      spi = profile_->rng != nullptr ? random_spi(*profile_->rng)
                                     : esp::min_spi + (number_ * 64u + serial_ + spi) % 0x7fffff00u;
    } while (spi == in_use);
    pending_->spi = spi;
  }
  state_ = terminal_state::requested;
  deadline_ = now + profile_->response_timeout;
  send(binding().reg_request(view(now)), out);
}

void terminal_fsm::on_envelope(const envelope& e, micros now, outbox& out) {
  if (e.kind == envelope_kind::esp) {
    on_esp(e, now, out);
    return;
  }
  if (!carries_protocol(e.kind) || protocol_of(e.kind) != binding().proto()) return;
  if (live_ && live_->sas) {
    // Protection was agreed: the edge sends nothing in clear any more.
    count(&life_counters::unprotected_dropped);
    return;
  }
  on_message(e.payload, false, now, out);
}

void terminal_fsm::on_esp(const envelope& e, micros now, outbox& out) {
  auto drop = [&](esp_drop why) {
    if (profile_->counters != nullptr)
      life_counters::add(profile_->counters->esp_dropped[static_cast<std::size_t>(why)]);
  };
  if (!live_ || !live_->sas) return drop(esp_drop::unknown_spi);
  const auto spi = spi_of(e.payload);
  if (!spi) return drop(esp_drop::malformed);
  sa_inbound* sa = nullptr;
  if (*spi == live_->sas->in.spi) sa = &live_->sas->in;
  else if (live_->old_in && *spi == live_->old_in->spi) sa = &*live_->old_in;
  if (sa == nullptr) return drop(esp_drop::unknown_spi);
  esp_drop why{};
  auto d = open(*sa, e.payload, why);
  if (!d) return drop(why);
  const auto& ports = info(binding().proto());
  if (d->src_port != ports.server_port || d->dst_port != ports.terminal_port)
    return drop(esp_drop::misdirected);
  count(&life_counters::esp_received);
  // The edge uses the new SAs: the previous inbound one is deleted (TS 33.203 §7.4).
  if (sa == &live_->sas->in) live_->old_in.reset();
  on_message(d->message, true, now, out);
}

void terminal_fsm::on_message(std::string_view bytes, bool was_protected, micros now,
                              outbox& out) {
  (void)was_protected;
  auto in = binding().decode(bytes);
  if (!in) return; // garbage towards a terminal is dropped; the step timer recovers
  switch (in->c.kind) {
    case step::challenge:
      if (state_ == terminal_state::requested) on_challenge(std::move(*in), now, out);
      else send(std::move(in->ack), out); // a retransmitted command is acknowledged again
      break;
    case step::success:
      if (state_ == terminal_state::responded) on_success(*in, now, out);
      else send(std::move(in->ack), out);
      break;
    case step::rejection:
      send(std::move(in->ack), out);
      if (state_ == terminal_state::requested || state_ == terminal_state::responded)
        on_rejection(*in, now, out);
      else if (state_ == terminal_state::leaving)
        deadline_ = now; // the de-registration was refused: the timer ends it now
      break;
    case step::keepalive:
      // The edge audits the terminal (DESIGN.md §1.2): the command's ack is the answer. Not
      // while leaving: the de-registration took the terminal out of service (RFC 3435 §4.4.6
      // RSIP "forced"), and the edge deletes the SAs as it handles it, so an answer would meet
      // no SA there.
      if (live_ && state_ != terminal_state::leaving) {
        send(std::move(in->ack), out);
        count(&life_counters::keepalives);
      }
      break;
    case step::keepalive_answer:
    case step::ack:
    case step::deregistered:
      if (state_ == terminal_state::leaving
          && (in->c.kind == step::deregistered || in->c.kind == step::ack)) {
        // Where a command's ack answers the de-registration, the ack is the answer.
        count(&life_counters::deregistrations);
        drop_registration();
        gone(now, out);
      } else if (live_ && live_->keepalive_due != 0 && in->c.kind != step::deregistered) {
        live_->keepalive_due = 0;
        count(&life_counters::keepalives);
      }
      break;
    default:
      break;
  }
}

void terminal_fsm::on_challenge(dialogue::inbound in, micros now, outbox& out) {
  send(in.ack, out);
  crypto::milenage m{k_, opc_.raw()};
  auto check = crypto::check_autn(m, in.c.rand, in.c.autn);
  // TS 33.102 §6.3.3: a wrong MAC-A means the network is not authentic.
  if (!check.mac_ok) {
    // TS 24.229 §5.1.1.5.3: tell the network the challenge is invalid, then give up.
    send(binding().auth_failure(view(now), in), out);
    // Worded as the network records it (the soft switch learns it from the failure message).
    finish(false, reason_code::autn_not_verified,
           std::string(reason_text(reason_code::autn_not_verified))
             + ": MAC-A in AUTN does not verify",
           now, out);
    return;
  }
  // TS 33.102 Annex C.2: SQN = SEQ ‖ IND is fresh if SEQ > SEQ_MS(IND), within Δ above the
  // highest SEQ accepted (C.2.1) and less than L below it (C.2.2).
  const bool fresh = usim_.check(check.sqn, profile_->sqn_delta, profile_->sqn_limit)
                     == crypto::usim_sqn::verdict::fresh;
  if (!fresh) {
    if (resyncs_ >= profile_->max_resyncs) {
      finish(false, reason_code::sqn_out_of_range,
             std::string(reason_text(reason_code::sqn_out_of_range)), now, out);
      return;
    }
    ++resyncs_;
    // C.2.2: the synchronisation failure carries SQN_MS, the highest SQN accepted anywhere.
    auto auts = crypto::make_auts(m, in.c.rand, usim_.sqn_ms());
    deadline_ = now + profile_->response_timeout;
    send(binding().resync_message(view(now), in, auts), out);
    pending_->challenge = std::move(in);
    return; // stay in `requested`: a fresh challenge follows
  }
  usim_.accept(check.sqn);
  state_ = terminal_state::responded;
  deadline_ = now + profile_->response_timeout;
  send(binding().reg_message(view(now), in, check.res), out);
  pending_->res = check.res;
  pending_->edge = in.c.edge;
  pending_->session_id = in.c.session_id;
  pending_->edge_spi = in.c.edge_spi;
  pending_->challenge = std::move(in);
}

void terminal_fsm::on_success(const dialogue::inbound& in, micros now, outbox& out) {
  const auto& ch = pending_->challenge.c;
  // DESIGN.md §1 step 7: T decrypts SK with Kc (wrap bound to RAND and identity, DESIGN.md §2).
  auto sk = crypto::unwrap_session_key(k_, ch.rand, crypto::kek_role::terminal, identity_,
                                       byte_view{in.c.wrapped_t});
  if (!sk) {
    refuse(in, "E_Kc(SK) rejected: key unwrap integrity check failed", now, out);
    return;
  }
  // DESIGN.md §1 step 8: the mechanism both support with T's highest priority.
  auto expected = ngn::choose(profile_->offered, pending_->edge);
  const std::string expected_name = expected ? expected->name : std::string{};
  if (in.c.chosen != expected_name) {
    refuse(in, "bidding-down detected: chosen mechanism '" + in.c.chosen + "', expected '"
                 + expected_name + "'", now, out);
    return;
  }
  // The message verification word authenticates the edge and covers the mechanism lists and
  // the SPIs T sent and received (no bidding-down, no redirected SAs; DESIGN.md §1, §1.2).
  auto mvw = compute_mvw(*sk, identity_, pending_->session_id, profile_->offered, pending_->edge,
                         in.c.chosen, in.c.wrapped_t, pending_->spi, pending_->edge_spi);
  if (!crypto::equal_ct(byte_view{mvw}, byte_view{in.c.mac})) {
    refuse(in, "message verification word mismatch: tampering or bidding-down", now, out);
    return;
  }
  if (esp::transform_for(in.c.chosen) && pending_->edge_spi < esp::min_spi) {
    refuse(in, "the edge announced no SPI for mechanism " + in.c.chosen, now, out);
    return;
  }
  mechanism_ = in.c.chosen;
  install(*sk, in.c.lifetime, now, out);
  // The ack (where the protocol has one) is the first message under the new SAs: the edge
  // moves to them when it arrives (TS 33.203 §7.4).
  send(in.ack, out);
  finish(true, reason_code::none, {}, now, out);
}

void terminal_fsm::install(const crypto::key128& sk, std::uint32_t lifetime, micros now,
                           outbox& out) {
  auto reg = std::make_unique<registration>();
  reg->sk = sk;
  reg->session_id = pending_->session_id;
  reg->lifetime = lifetime != 0 ? lifetime : profile_->lifetime;
  // Counted from the success's arrival, after the edge granted it: the edge's registration ends
  // first, so that a run ending in between leaves no row established at the edge. What the
  // terminal sends in that gap meets no SA: an unknown SPI at the edge, and an unanswered
  // de-registration then counts as the expiry it is (on_tick, leaving).
  reg->expires = now + static_cast<micros>(reg->lifetime) * seconds;
  if (profile_->reregister > 0) reg->next_refresh = now + profile_->reregister;
  if (profile_->keepalive > 0 && !binding().keepalive_by_edge())
    reg->next_keepalive = now + profile_->keepalive;
  if (auto t = esp::transform_for(mechanism_)) {
    reg->sas = make_sa_pair(sa_side::terminal, sk, reg->session_id, *t, pending_->spi,
                            pending_->edge_spi);
    if (profile_->keylog) {
      // One esp_sa line per direction (DESIGN.md §1.2), addressed as the trace shows them.
      const auto& p = *reg->sas;
      out.sas.push_back(sa_record{local_.ipv4, profile_->next_hop_addr.ipv4, p.out.spi,
                                  mechanism_, bytes(p.out.keys->material().begin(),
                                                    p.out.keys->material().end())});
      out.sas.push_back(sa_record{profile_->next_hop_addr.ipv4, local_.ipv4, p.in.spi,
                                  mechanism_, bytes(p.in.keys->material().begin(),
                                                    p.in.keys->material().end())});
    }
  }
  if (live_) {
    if (live_->sas) {
      reg->old_in = std::move(live_->sas->in);
      reg->old_in_until = live_->expires;
    }
  } else {
    if (profile_->counters != nullptr)
      profile_->counters->active.fetch_add(1, std::memory_order_relaxed);
    if (kind_ != registration_kind::reregistration)
      leave_at_ = profile_->hold > 0 ? now + hold_time() : 0;
  }
  live_ = std::move(reg);
}

void terminal_fsm::refuse(const dialogue::inbound& in, std::string reason, micros now,
                          outbox& out) {
  send(binding().refusal(view(now), pending_->challenge, in, pending_->res, reason), out);
  // The soft switch records the refusal as the terminal refusing the key; so does the summary.
  finish(false, reason_code::terminal_refused_key,
         std::string(reason_text(reason_code::terminal_refused_key)) + ": " + reason, now, out);
}

void terminal_fsm::on_rejection(const dialogue::inbound& in, micros now, outbox& out) {
  // The network's reason phrase is its catalogue text when it has one (elements/reasons.hpp).
  const auto rc = catalogued(in.c.reason);
  std::string reason = "rejected: " + std::to_string(static_cast<unsigned>(in.c.result));
  if (!in.c.reason.empty()) reason += " " + in.c.reason;
  // Transient answers (AuC unreachable or slow) are retried with back-off; the rest are final.
  if (in.c.result == code::unavailable || in.c.result == code::timeout
      || in.c.result == code::server_error) {
    retry_or_fail(rc, std::move(reason), now, out, in.c.result == code::timeout);
    // Overload control (RFC 3261 §21.5.4): not before the network's Retry-After.
    if (state_ == terminal_state::backing_off && in.c.retry_after > 0)
      deadline_ = std::max(deadline_, now + static_cast<micros>(in.c.retry_after) * seconds);
    if (state_ == terminal_state::backing_off && in.c.result == code::unavailable) {
      // Back-pressure: the network is there and says "later" (SIP with a Retry-After; MGCP,
      // H.248 and RAS have no field for it and the terminal's back-off paces it). The
      // registration timeout, meant for a network that does not answer, counts again from the
      // retry, as the UDP listener's meter does for its clients; max_attempts still bounds it.
      const micros since_first = deadline_ - t_first_;
      deferred_s_ = static_cast<std::uint16_t>(
        std::min<micros>(0xffff, (since_first + seconds - 1) / seconds));
    }
  } else {
    finish(false, rc, std::move(reason), now, out);
  }
}

void terminal_fsm::retry_or_fail(reason_code rc, std::string reason, micros now, outbox& out,
                                 bool no_answer) {
  const bool out_of_time =
    profile_->registration_timeout > 0
    && now - t_first_ >= profile_->registration_timeout + micros{deferred_s_} * seconds;
  if (attempts_ >= profile_->max_attempts || out_of_time) {
    reason += out_of_time ? " (registration timeout of "
                              + std::to_string(profile_->registration_timeout / ms) + " ms)"
                          : " (after " + std::to_string(attempts_) + " attempts)";
    // A timeout when the last attempt went unanswered (here or at the AuC) or time ran out.
    finish(false, rc, std::move(reason), now, out, no_answer || out_of_time);
    return;
  }
  state_ = terminal_state::backing_off;
  pending_.reset();
  const micros delay = profile_->backoff << (attempts_ - 1 < 6 ? attempts_ - 1 : 6);
  deadline_ = now + std::min(delay, profile_->max_backoff);
}

void terminal_fsm::on_undeliverable(micros now, outbox& out) {
  if (state_ == terminal_state::requested || state_ == terminal_state::responded)
    retry_or_fail(reason_code::next_hop_unreachable,
                  std::string(reason_text(reason_code::next_hop_unreachable))
                    + ": its node is down",
                  now, out);
}

void terminal_fsm::finish(bool ok, reason_code rc, std::string reason, micros now, outbox& out,
                          bool timed_out) {
  pending_.reset();
  deadline_ = 0;
  set_in_flight(false);
  if (ok) {
    state_ = terminal_state::registered;
    count(kind_ == registration_kind::reregistration ? &life_counters::reregistrations
                                                     : &life_counters::registrations);
  } else {
    state_ = terminal_state::failed;
    count(&life_counters::failures);
    if (timed_out) count(&life_counters::timeouts);
    drop_registration(); // a failed refresh: the old registration is given up too
  }
  terminal_outcome o;
  o.kind = kind_;
  o.established = ok;
  o.reason = std::move(reason);
  o.reason_code = static_cast<std::uint16_t>(rc);
  o.mechanism = mechanism_;
  o.latency = now - t_first_;
  o.attempts = attempts_;
  o.resyncs = resyncs_;
  out.outcomes.push_back(std::move(o));
  if (leave_when_registered_) {
    if (ok) deregister(now, out);
    else departed(out);
  }
}

} // namespace ngn::elements
