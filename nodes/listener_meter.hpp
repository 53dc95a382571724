// What a UDP listener's real clients do with their registrations, counted by the listener
// (nodes/udp_listener.hpp) from the REGISTER transactions it passes to its element and the final
// responses it sends back: the same live counters as a terminal group's (group_progress), so that
// a listener run (`ngnemu run --terminals 0 --listen …`) has a progress line, a --stats CSV, a
// per-second series, --metrics and a summary with its real rate, latency and CPU.
//
// A registration is keyed by the client and its Call-ID (RFC 3261 §10.2: a UA keeps one Call-ID
// for its registrations with a registrar). It begins with a REGISTER that asks for a lifetime > 0
// while none of the client's is under way; a 401/407 challenge (RFC 3310 Digest-AKA) keeps it
// under way, and so does a 503 (overload back-pressure: the client retries after Retry-After,
// which defers the registration's timeout by as long);
// its other final response ends it: 2xx established (latency: first REGISTER in → 2xx out,
// as the terminals measure theirs), else failed. A REGISTER asking for 0 (Expires: 0, Contact: *,
// §10.2.2) is a de-registration, not a registration. One that begins while the client is
// registered is a refresh (life.reregistrations); any other is counted in started/established/
// failed like a terminal's first registration (a client is forgotten once it is not registered,
// so one that registers again after a failure or its de-registration counts there again).
// Only registered clients and those registering are kept in memory. No threads, no I/O: the
// listener's thread owns it, the counters it fills are atomics others read.
#pragma once

#include "nodes/group_progress.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>

namespace ngn::nodes {

struct listener_meter_config {
  /// A registration without an outcome this long after its first REGISTER is given up: a timeout
  /// when the element had not answered the last request, a failure when the client had not
  /// answered the challenge (topology `registration_timeout`).
  std::int64_t registration_timeout = 10'000'000;
  /// Lifetime of a registration whose REGISTER asked for none (RFC 3261 §10.2.1.1: the
  /// registrar's default), s.
  std::uint32_t default_expires = 3600;
  /// Clients tracked at most (memory bound); registrations of others are counted in untracked().
  std::size_t max_tracked = 1u << 20;
};

class listener_meter {
public:
  using micros = std::int64_t;

  /// `out` must outlive the meter.
  explicit listener_meter(group_progress& out, listener_meter_config cfg = {});

  /// A new REGISTER transaction from `client` (retransmissions are not new), asking for
  /// `expires` s (-1: not said; 0: de-registration).
  void on_register(std::uint64_t client, std::string_view call_id, std::int64_t expires,
                   micros now);
  /// The final response (status >= 200) to the last REGISTER of `client`'s `call_id`; a 503's
  /// `retry_after_s` (RFC 3261 §20.33) defers giving the registration up by as long, since the
  /// client is told not to come back before.
  void on_final(std::uint64_t client, std::string_view call_id, int status, micros now,
                std::uint32_t retry_after_s = 0);
  /// The registration of `client`'s `call_id` was deferred by a 503 and the client has not sent
  /// its REGISTER again yet: the next one comes back after Retry-After (overload control admits
  /// it before new registrations, RFC 6357 §4: work already invested, and fairness).
  bool deferred(std::uint64_t client, std::string_view call_id) const;
  /// Gives up registrations past registration_timeout and expires registrations past their
  /// lifetime. O(tracked clients): call about once a second.
  void sweep(micros now);

  /// Registrations under way (their first REGISTER in, no outcome yet).
  std::size_t in_flight() const noexcept { return in_flight_; }
  /// The first registration's beginning and the last one's outcome (0: none), in `now`'s clock.
  micros first_start() const noexcept { return first_start_; }
  micros last_done() const noexcept { return last_done_; }
  /// REGISTERs not counted: the table was full.
  std::uint64_t untracked() const noexcept { return untracked_; }
  /// Final responses that matched no registration under way (late, or for an untracked client).
  std::uint64_t unmatched() const noexcept { return unmatched_; }

private:
  struct entry {
    micros start = 0;         ///< the registration (or de-registration) under way began
    micros give_up = 0;       ///< it is given up then (registration_timeout, + Retry-After)
    micros expires_at = 0;    ///< registered: its lifetime ends
    std::uint32_t lifetime = 0; ///< s, asked for by the registration under way
    bool pending = false;     ///< a registration or de-registration is under way
    bool awaiting = false;    ///< its last REGISTER is not answered yet
    bool dereg = false;       ///< the one under way is a de-registration
    bool refresh = false;     ///< the one under way began while registered
    bool deferred = false;    ///< its last REGISTER was answered 503: the client comes back
    bool registered = false;
  };
  static std::string key(std::uint64_t client, std::string_view call_id);
  /// The registration under way ends (not a de-registration); false: `e` can be forgotten (it
  /// is not registered).
  bool end(entry& e, bool ok, bool timed_out, micros now);

  group_progress& out_;
  listener_meter_config cfg_;
  std::unordered_map<std::string, entry> clients_;
  std::size_t in_flight_ = 0;
  micros first_start_ = 0, last_done_ = 0;
  std::uint64_t untracked_ = 0, unmatched_ = 0;
};

} // namespace ngn::nodes
