#include "elements/terminal_fsm.hpp"

#include "elements/mvw.hpp"
#include "crypto/aka.hpp"
#include "crypto/key_distribution.hpp"
#include "crypto/milenage.hpp"

#include <algorithm>
#include <utility>

namespace ngn::elements {

using dialogue::code;
using dialogue::step;

struct terminal_fsm::pending {
  dialogue::inbound challenge;  // the last challenge answered
  dialogue::res_t res{};
  ngn::mechanism_list edge; // the edge's list as received in the challenge
  std::uint32_t session_id = 0;
};

std::string_view to_string(terminal_state s) noexcept {
  switch (s) {
    case terminal_state::idle: return "idle";
    case terminal_state::requested: return "requested";
    case terminal_state::responded: return "responded";
    case terminal_state::registered: return "registered";
    case terminal_state::failed: return "failed";
    case terminal_state::backing_off: return "backing-off";
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

dialogue::terminal_view terminal_fsm::view(micros now) const {
  dialogue::terminal_view v;
  v.identity = identity_;
  v.domain = profile_->domain;
  v.local = local_;
  v.remote = profile_->next_hop_addr;
  v.serial = serial_;
  v.offered = &profile_->offered;
  v.number = number_;
  v.lifetime = profile_->expires;
  v.now = now;
  return v;
}

void terminal_fsm::send(std::string bytes, outbox& out) {
  out.send(profile_->next_hop, binding().proto(), std::move(bytes));
}

void terminal_fsm::start(micros now, outbox& out) {
  if (state_ != terminal_state::idle && state_ != terminal_state::registered
      && state_ != terminal_state::failed)
    return;
  t_first_ = now;
  attempts_ = 0;
  resyncs_ = 0;
  begin_attempt(now, out);
}

void terminal_fsm::begin_attempt(micros now, outbox& out) {
  ++attempts_;
  // Unique per terminal and attempt: the binding derives its message ids from it.
  serial_ = number_ * 16u + (attempts_ & 15u);
  pending_ = std::make_unique<pending>();
  state_ = terminal_state::requested;
  deadline_ = now + profile_->response_timeout;
  send(binding().reg_request(view(now)), out);
}

void terminal_fsm::on_envelope(const envelope& e, micros now, outbox& out) {
  if (!carries_protocol(e.kind) || protocol_of(e.kind) != binding().proto()) return;
  auto in = binding().decode(e.payload);
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
      break;
    default:
      break; // acks of our own commands need no action
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
    finish(false, "network authentication failed: MAC-A in AUTN does not verify", now, out);
    return;
  }
  // TS 33.102 Annex C.2.1: SQN must be greater than the highest accepted and within Δ.
  const bool fresh = check.sqn > sqn_ms_ && check.sqn - sqn_ms_ <= profile_->sqn_delta;
  if (!fresh) {
    if (resyncs_ >= profile_->max_resyncs) {
      finish(false, "SQN out of range after resynchronisation", now, out);
      return;
    }
    ++resyncs_;
    auto auts = crypto::make_auts(m, in.c.rand, sqn_ms_);
    deadline_ = now + profile_->response_timeout;
    send(binding().resync_message(view(now), in, auts), out);
    pending_->challenge = std::move(in);
    return; // stay in `requested`: a fresh challenge follows
  }
  sqn_ms_ = check.sqn;
  state_ = terminal_state::responded;
  deadline_ = now + profile_->response_timeout;
  send(binding().reg_message(view(now), in, check.res), out);
  pending_->res = check.res;
  pending_->edge = in.c.edge;
  pending_->session_id = in.c.session_id;
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
  // The message verification word authenticates the edge and covers the mechanism lists T sent
  // and received (no bidding-down, DESIGN.md §1, 4 elements).
  auto mvw = compute_mvw(*sk, identity_, pending_->session_id, profile_->offered,
                         pending_->edge, in.c.chosen, in.c.wrapped_t);
  if (!crypto::equal_ct(byte_view{mvw}, byte_view{in.c.mac})) {
    refuse(in, "message verification word mismatch: tampering or bidding-down", now, out);
    return;
  }
  send(in.ack, out);
  sk_ = *sk;
  mechanism_ = in.c.chosen;
  finish(true, {}, now, out);
}

void terminal_fsm::refuse(const dialogue::inbound& in, std::string reason, micros now,
                          outbox& out) {
  send(binding().refusal(view(now), pending_->challenge, in, pending_->res, reason), out);
  finish(false, std::move(reason), now, out);
}

void terminal_fsm::on_rejection(const dialogue::inbound& in, micros now, outbox& out) {
  std::string reason = "rejected: " + std::to_string(static_cast<unsigned>(in.c.result));
  if (!in.c.reason.empty()) reason += " " + in.c.reason;
  // Transient answers (AuC unreachable or slow) are retried with back-off; the rest are final.
  if (in.c.result == code::unavailable || in.c.result == code::timeout
      || in.c.result == code::server_error)
    retry_or_fail(std::move(reason), now, out);
  else
    finish(false, std::move(reason), now, out);
}

void terminal_fsm::retry_or_fail(std::string reason, micros now, outbox& out) {
  if (attempts_ >= profile_->max_attempts) {
    finish(false, std::move(reason) + " (after " + std::to_string(attempts_) + " attempts)", now,
           out);
    return;
  }
  state_ = terminal_state::backing_off;
  pending_.reset();
  const micros delay = profile_->backoff << (attempts_ - 1 < 6 ? attempts_ - 1 : 6);
  deadline_ = now + std::min(delay, profile_->max_backoff);
}

void terminal_fsm::on_undeliverable(micros now, outbox& out) {
  if (state_ == terminal_state::requested || state_ == terminal_state::responded)
    retry_or_fail("next hop unreachable: its node is down", now, out);
}

void terminal_fsm::on_tick(micros now, outbox& out) {
  if (now < deadline_) return;
  switch (state_) {
    case terminal_state::requested:
    case terminal_state::responded:
      retry_or_fail("no answer within " + std::to_string(profile_->response_timeout / ms)
                      + " ms",
                    now, out);
      break;
    case terminal_state::backing_off:
      begin_attempt(now, out);
      break;
    default:
      break;
  }
}

void terminal_fsm::finish(bool ok, std::string reason, micros now, outbox& out) {
  state_ = ok ? terminal_state::registered : terminal_state::failed;
  pending_.reset();
  deadline_ = 0;
  terminal_outcome o;
  o.established = ok;
  o.reason = std::move(reason);
  o.mechanism = mechanism_;
  o.latency = now - t_first_;
  o.attempts = attempts_;
  o.resyncs = resyncs_;
  out.outcomes.push_back(std::move(o));
}

} // namespace ngn::elements
