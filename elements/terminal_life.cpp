// The terminal's registration life (terminal_fsm.hpp, DESIGN.md §1.2): its timers — refresh,
// expiry, keepalives, the holding time, re-arrival, the dialogue's deadlines — and leaving:
// de-registration, dropping the registration (SAs deleted, SK wiped) and departure.
#include "elements/terminal_fsm.hpp"
#include "elements/terminal_records.hpp"

#include <algorithm>
#include <cmath>
#include <string>

namespace ngn::elements {

micros terminal_fsm::hold_time() {
  if (!profile_->hold_exponential || profile_->rng == nullptr) return profile_->hold;
  // Exponential with mean `hold`: -mean·ln(U), U uniform in (0, 1].
  const double u = (static_cast<double>(profile_->rng->next_u32()) + 1.0) / 4294967296.0;
  return std::max<micros>(1, static_cast<micros>(-std::log(u) * static_cast<double>(profile_->hold)));
}

micros terminal_fsm::next_deadline() const noexcept {
  micros next = 0;
  auto consider = [&](micros t) {
    if (t != 0 && (next == 0 || t < next)) next = t;
  };
  switch (state_) {
    case terminal_state::requested:
    case terminal_state::responded:
    case terminal_state::backing_off:
    case terminal_state::leaving: consider(deadline_); break;
    case terminal_state::away: consider(rearrive_at_); break;
    case terminal_state::registered: consider(leave_at_); break;
    default: break;
  }
  if (live_) {
    consider(live_->expires);
    if (state_ == terminal_state::registered) {
      consider(live_->next_refresh);
      consider(live_->next_keepalive);
      consider(live_->keepalive_due);
    }
    if (live_->old_in) consider(live_->old_in_until);
  }
  return next;
}

void terminal_fsm::on_tick(micros now, outbox& out) {
  if (live_ && live_->old_in && now >= live_->old_in_until) live_->old_in.reset();
  switch (state_) {
    case terminal_state::requested:
    case terminal_state::responded:
      if (now < deadline_) return;
      if (kind_ == registration_kind::reregistration && live_) {
        // No answer under the SAs: the edge may have lost them (restarted). Go on in clear, as
        // a terminal without a registration does (TS 33.203 §7.1).
        drop_registration();
      }
      retry_or_fail(reason_code::no_answer,
                    std::string(reason_text(reason_code::no_answer)) + " within "
                      + std::to_string(profile_->response_timeout / ms) + " ms",
                    now, out, true);
      return;
    case terminal_state::backing_off:
      if (now >= deadline_) begin_attempt(now, out);
      return;
    case terminal_state::leaving:
      if (now < deadline_) return;
      // No answer to the de-registration: a failure, unless the registration's lifetime ended
      // meanwhile (the edge expired it, and so dropped the request under its deleted SAs).
      count(live_ && now >= live_->expires ? &life_counters::expirations
                                           : &life_counters::failures);
      drop_registration();
      gone(now, out);
      return;
    case terminal_state::away:
      if (now >= rearrive_at_) begin(registration_kind::rearrival, now, out);
      return;
    case terminal_state::registered:
      break;
    default:
      return;
  }
  // Registered: the registration's own timers.
  if (leave_at_ != 0 && now >= leave_at_) {
    deregister(now, out);
    return;
  }
  if (now >= live_->expires) {
    // Not refreshed (DESIGN.md §1.2): the edge deletes its SAs now, and so does the terminal.
    count(&life_counters::expirations);
    drop_registration();
    gone(now, out);
    return;
  }
  if (live_->keepalive_due != 0 && now >= live_->keepalive_due) {
    // The edge did not answer: the registration is lost; register again from the start.
    count(&life_counters::failures);
    drop_registration();
    begin(registration_kind::rearrival, now, out);
    return;
  }
  if (live_->next_refresh != 0 && now >= live_->next_refresh) {
    live_->next_refresh = 0;
    begin(registration_kind::reregistration, now, out);
    return;
  }
  if (live_->next_keepalive != 0 && now >= live_->next_keepalive) {
    live_->next_keepalive = now + profile_->keepalive;

    live_->keepalive_due = now + profile_->response_timeout;
    send(binding().keepalive(view(now)), out);
  }
}

void terminal_fsm::leave(micros now, outbox& out) {
  leave_when_registered_ = true;
  switch (state_) {
    case terminal_state::registered: deregister(now, out); break;
    case terminal_state::idle:
    case terminal_state::away:
    case terminal_state::backing_off:
      pending_.reset();
      set_in_flight(false); // the registration under way is given up, without an outcome
      if (live_) {
        deregister(now, out); // a refresh backing off: the registration is still live
      } else {
        state_ = terminal_state::left;
        departed(out);
      }
      break;
    case terminal_state::left:
    case terminal_state::failed: departed(out); break;
    // Registering: de-registers once registered (or departs when it fails); leaving: departs
    // when the de-registration is answered or times out.
    default: break;
  }
}

void terminal_fsm::deregister(micros now, outbox& out) {
  state_ = terminal_state::leaving;
  pending_.reset();
  deadline_ = now + profile_->response_timeout;
  live_->next_keepalive = 0;
  live_->keepalive_due = 0;
  send(binding().deregistration(view(now)), out);
}

void terminal_fsm::drop_registration() {
  if (!live_) return;
  live_.reset(); // SAs deleted, SK wiped (crypto::secret)
  if (profile_->counters != nullptr)
    profile_->counters->active.fetch_sub(1, std::memory_order_relaxed);
}

void terminal_fsm::gone(micros now, outbox& out) {
  deadline_ = 0;
  leave_at_ = 0;
  if (profile_->rearrive >= 0 && !leave_when_registered_) {
    state_ = terminal_state::away;
    rearrive_at_ = now + std::max<micros>(profile_->rearrive, 1);
  } else {
    state_ = terminal_state::left;
    if (leave_when_registered_) departed(out);
  }
}

void terminal_fsm::departed(outbox& out) {
  terminal_outcome o;
  o.kind = registration_kind::departure;
  o.established = true;
  out.outcomes.push_back(std::move(o));
}

} // namespace ngn::elements
