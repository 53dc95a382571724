#include "nodes/listener_meter.hpp"

#include <algorithm>
#include <cstring>
#include <iterator>

namespace ngn::nodes {

using elements::life_counters;

listener_meter::listener_meter(group_progress& out, listener_meter_config cfg)
  : out_(out), cfg_(cfg) {}

std::string listener_meter::key(std::uint64_t client, std::string_view call_id) {
  std::string k(sizeof client, '\0');
  std::memcpy(k.data(), &client, sizeof client);
  k.append(call_id.data(), call_id.size());
  return k;
}

void listener_meter::on_register(std::uint64_t client, std::string_view call_id,
                                 std::int64_t expires, micros now) {
  auto k = key(client, call_id);
  auto it = clients_.find(k);
  if (it == clients_.end()) {
    if (clients_.size() >= cfg_.max_tracked) {
      ++untracked_;
      return;
    }
    it = clients_.emplace(std::move(k), entry{}).first;
  }
  entry& e = it->second;
  e.deferred = false;
  if (e.pending) {
    // The next request of the registration under way (the answer to a challenge, or the
    // REGISTER again after a 503).
    e.awaiting = true;
    return;
  }
  e.pending = true;
  e.awaiting = true;
  e.start = now;
  e.give_up = now + cfg_.registration_timeout;
  e.dereg = expires == 0;
  if (e.dereg) return; // RFC 3261 §10.2.2: not a registration, not in flight
  e.refresh = e.registered;
  e.lifetime = expires < 0 ? cfg_.default_expires : static_cast<std::uint32_t>(expires);
  if (!e.refresh) life_counters::add(out_.started);
  ++in_flight_;
  out_.life.in_flight.store(static_cast<std::int64_t>(in_flight_), std::memory_order_relaxed);
  out_.life.note_in_flight(static_cast<std::int64_t>(in_flight_));
  if (first_start_ == 0) first_start_ = now;
}

bool listener_meter::end(entry& e, bool ok, bool timed_out, micros now) {
  const bool first = !e.refresh;
  e.pending = e.awaiting = false;
  --in_flight_;
  out_.life.in_flight.store(static_cast<std::int64_t>(in_flight_), std::memory_order_relaxed);
  last_done_ = now;
  if (ok) {
    out_.latency.record(now > e.start ? static_cast<std::uint64_t>(now - e.start) : 0);
    life_counters::add(e.refresh ? out_.life.reregistrations : out_.life.registrations);
    if (first) life_counters::add(out_.established);
    if (!e.registered) out_.life.active.fetch_add(1, std::memory_order_relaxed);
    e.registered = true;
    e.expires_at = now + std::int64_t{e.lifetime} * 1'000'000;
    return true;
  }
  life_counters::add(out_.life.failures);
  if (timed_out) life_counters::add(out_.life.timeouts);
  if (first) life_counters::add(out_.failed);
  // A failed refresh ends the registration too (as the terminals count theirs, terminal_fsm).
  if (e.registered) out_.life.active.fetch_sub(1, std::memory_order_relaxed);
  e.registered = false;
  return false;
}

void listener_meter::on_final(std::uint64_t client, std::string_view call_id, int status,
                              micros now, std::uint32_t retry_after_s) {
  auto it = clients_.find(key(client, call_id));
  if (it == clients_.end() || !it->second.pending) {
    ++unmatched_;
    return;
  }
  entry& e = it->second;
  if (status < 200) return;
  if (status == 401 || status == 407) {
    e.awaiting = false; // challenged (RFC 3310): the client answers with credentials
    return;
  }
  if (status == 503 && !e.dereg) {
    // Back-pressure (RFC 3261 §21.5.4, overload control): not an outcome; the client sends the
    // REGISTER again after Retry-After. One that never does fails registration_timeout after
    // the time it was given.
    e.awaiting = false;
    e.deferred = true;
    e.give_up = std::max(e.give_up, now + std::int64_t{retry_after_s} * 1'000'000
                                      + cfg_.registration_timeout);
    return;
  }
  const bool ok = status >= 200 && status < 300;
  if (e.dereg) {
    e.pending = e.awaiting = false;
    if (!ok) {
      life_counters::add(out_.life.failures);
      if (!e.registered) clients_.erase(it);
      return;
    }
    life_counters::add(out_.life.deregistrations);
    if (e.registered) out_.life.active.fetch_sub(1, std::memory_order_relaxed);
    clients_.erase(it);
    return;
  }
  if (!end(e, ok, false, now)) clients_.erase(it);
}

bool listener_meter::deferred(std::uint64_t client, std::string_view call_id) const {
  auto it = clients_.find(key(client, call_id));
  return it != clients_.end() && it->second.pending && it->second.deferred;
}

void listener_meter::sweep(micros now) {
  for (auto it = clients_.begin(); it != clients_.end();) {
    entry& e = it->second;
    bool keep = true;
    if (e.pending && now >= e.give_up) {
      if (e.dereg) {
        // A de-registration left unanswered (or unfinished): a failure, not a registration's.
        e.pending = e.awaiting = false;
        life_counters::add(out_.life.failures);
        keep = e.registered;
      } else {
        // Unanswered by the element: a timeout; unanswered by the client: a failure.
        keep = end(e, false, e.awaiting, now);
      }
    } else if (e.registered && !e.pending && now >= e.expires_at) {
      // Not refreshed in time (DESIGN.md §1.2): the registrar lets it expire.
      out_.life.active.fetch_sub(1, std::memory_order_relaxed);
      life_counters::add(out_.life.expirations);
      keep = false;
    }
    it = keep ? std::next(it) : clients_.erase(it);
  }
}

} // namespace ngn::nodes
