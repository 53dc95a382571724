// A peer node's clock offset and the round-trip time to it, from the bridge's heartbeats
// (README "Several processes and hosts"; the NTP on-wire method, RFC 5905 §8): each heartbeat
// carries its sender's wall-clock time and echoes the time of the last heartbeat received from
// the addressee with the time it arrived. With
//   t0  our heartbeat leaves (our clock)       t1  it arrives at the peer (the peer's clock)
//   t2  the peer's next heartbeat leaves (its) t3  that one arrives here (our clock)
// offset = ((t1 − t0) + (t2 − t3)) / 2 (the peer's clock minus ours) and
// rtt = (t3 − t0) − (t2 − t1) (the time on the wire both ways, the peer's holding time removed).
// Queueing only ever adds delay, and asymmetric delay is what skews an offset (by at most
// rtt / 2): the estimator keeps the sample with the lowest round-trip time. Pure code.
#pragma once

#include <cstdint>
#include <optional>

namespace ngn::nodes {

/// Offsets beyond this (either way) are flagged in the summary and the run report, and the
/// merged view corrects the node's timestamps by them (README "Several processes and hosts").
inline constexpr double clock_offset_threshold_ms = 10.0;

/// Unix microseconds on the two clocks, as named above.
struct clock_sample {
  std::int64_t t0 = 0, t1 = 0, t2 = 0, t3 = 0;
};

struct clock_estimate {
  std::int64_t offset_us = 0; ///< the peer's clock minus ours
  std::int64_t rtt_us = 0;
};

/// One sample's offset and round-trip time; nullopt when it cannot be one (a round trip below
/// zero: a clock stepped between t0 and t3, or between t1 and t2).
std::optional<clock_estimate> evaluate(const clock_sample& s) noexcept;

class clock_estimator {
public:
  /// Keeps the sample if its round-trip time is the lowest so far; false if it is not a sample.
  bool add(const clock_sample& s) noexcept;
  /// The sample with the lowest round-trip time; nullopt before the first.
  std::optional<clock_estimate> best() const noexcept { return best_; }
  std::uint32_t samples() const noexcept { return samples_; }
  /// Forgets every sample (the peer restarted: a new process, maybe another host).
  void reset() noexcept { *this = clock_estimator{}; }

private:
  std::optional<clock_estimate> best_;
  std::uint32_t samples_ = 0;
};

} // namespace ngn::nodes
