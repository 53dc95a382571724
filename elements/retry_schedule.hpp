// The Retry-After an overloaded element (elements/overload_gate.hpp), or the UDP listener in
// front of it, gives each client it refuses with 503 (RFC 3261 §21.5.4, §20.33) under sustained
// overload. A fixed Retry-After brings every refused client back after
// the same delay: a backlog of B refused registrations then returns at B per Retry-After seconds
// whatever the element can serve, the retries are refused again, and refusing them costs as much
// as the work shed — the retry amplification of RFC 6357 §3.2. Here each refused client gets the
// next free slot of a schedule booked at the rate the element takes new requests (measured each
// second: under overload, what the pending bound lets through), so a backlog comes back at the
// element's pace and each client is refused about once.
//
// Pure: no clock of its own (µs injected), no I/O, no threads.
#pragma once

#include <cstdint>

namespace ngn::elements {

class retry_schedule {
public:
  using micros = std::int64_t;

  /// Retry-After values lie in [floor_s, ceiling_s] (ceiling_s ≥ floor_s ≥ 1 enforced).
  retry_schedule(std::uint32_t floor_s, std::uint32_t ceiling_s);

  /// A new request (not the answer to a challenge) was passed to the element: measures the rate
  /// it takes them at.
  void on_taken(micros now);
  /// The Retry-After, in seconds, for one more refused client; books its slot.
  std::uint32_t next(micros now);

  /// New requests taken per second in the last complete second (0 before the first one).
  double rate() const noexcept { return rate_; }
  /// How far ahead of `now` the schedule is booked, µs (0 when it is not).
  micros booked_ahead(micros now) const noexcept {
    return next_slot_ > now ? next_slot_ - now : 0;
  }
  std::uint32_t floor_s() const noexcept { return floor_s_; }
  std::uint32_t ceiling_s() const noexcept { return ceiling_s_; }

private:
  void roll(micros now);

  std::uint32_t floor_s_, ceiling_s_;
  micros window_start_ = -1;   ///< start of the second being counted
  std::uint64_t taken_ = 0;   ///< new requests taken in it
  double rate_ = 0;
  micros next_slot_ = 0;       ///< the next free return time
};

} // namespace ngn::elements
