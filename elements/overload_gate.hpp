// Local overload control of an element that starts work for new registrations (the proxy, the
// soft switch): RFC 6357 §4's local control, with the element's mailbox as the queue. A new
// registration request that waited in the mailbox longer than max_queue_delay is answered
// "unavailable" at once (SIP 503, RFC 3261 §21.5.4, with the Retry-After of a retry_schedule),
// at the cost of a decode and an answer. The queue thus drains at once when the offered load
// exceeds what the node can serve; the registrations already under way (answers to challenges,
// never shed) get their answers before their terminals give up, and the registrations served per
// second stay at capacity instead of collapsing into timeouts and retries (issue 13: a million
// terminals offered at 30,000/s).
//
// A client refused once comes back at the slot its Retry-After booked; it is then admitted up to
// twice the bound, before new arrivals, so that each client is refused about once (the UDP
// listener's rule for its clients, nodes/udp_listener.hpp). Returning identities are remembered
// as counters in a table of 2^20 hash buckets (1 MiB), allocated at the first refusal: a
// collision only gives some new request the priority of a returning one.
//
// Pure: the clock and the queueing delay are injected (µs), no I/O.
#pragma once

#include "elements/retry_schedule.hpp"
#include "protocols/common/clock.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ngn::elements {

struct overload_config {
  /// The longest a new registration request may have waited in the element's mailbox and still
  /// be served; 0: never refused for its wait. T1 (RFC 3261 §17.1.1.1, 500 ms): past it a SIP
  /// client over UDP would already have sent its request again.
  micros max_queue_delay = 500 * ms;
  std::uint32_t retry_after_s = 1;      ///< the Retry-After floor (s)
  std::uint32_t retry_after_max_s = 30; ///< and ceiling (s)
};

class overload_gate {
public:
  explicit overload_gate(overload_config cfg = {})
    : cfg_(cfg), retry_(cfg.retry_after_s, cfg.retry_after_max_s) {}

  /// May a new registration request of `identity` that waited `waited` µs in the mailbox (0 when
  /// not known) be served? No side effect: taken() or refuse() follows.
  bool admits(std::string_view identity, micros waited) const noexcept;
  /// The element started work for it (a new session): its priority as a returning client is
  /// used up, and it counts in the rate the element takes new requests at.
  void taken(std::string_view identity, micros now);
  /// It is refused, for its wait or another overload bound (the soft switch's AuC bound): the
  /// Retry-After (s) of the next free slot, and it is remembered as returning.
  std::uint32_t refuse(std::string_view identity, micros now);

  /// Was `identity` refused, and has it not been taken since (as far as its bucket tells)?
  bool returning(std::string_view identity) const noexcept {
    return !returning_.empty() && returning_[bucket(identity)] > 0;
  }

  /// The reason its refusals give: "overload: waited over N ms" (stable, so that the summary
  /// counts them as one).
  std::string reason() const;

  std::uint64_t refused() const noexcept { return refused_; }
  /// The longest Retry-After given (s; 0: none).
  std::uint32_t retry_after_max() const noexcept { return retry_after_max_; }
  const overload_config& config() const noexcept { return cfg_; }

private:
  static constexpr std::size_t buckets = std::size_t{1} << 20;
  static std::size_t bucket(std::string_view identity) noexcept;

  overload_config cfg_;
  retry_schedule retry_;
  std::vector<std::uint8_t> returning_; ///< refusals not yet come back, per bucket
  std::uint64_t refused_ = 0;
  std::uint32_t retry_after_max_ = 0;
};

} // namespace ngn::elements
