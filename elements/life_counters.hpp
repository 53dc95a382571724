// What the terminals of a group do over their registrations' life (DESIGN.md §1.2), counted as
// it happens. The group's terminals share one instance and may run on several threads, so the
// counts are relaxed atomics; the progress line and the summary read them.
#pragma once

#include "elements/sa.hpp"

#include <array>
#include <atomic>
#include <cstdint>

namespace ngn::elements {

struct life_counters {
  using counter = std::atomic<std::uint64_t>;
  counter registrations{0};    ///< registrations established (initial and re-arrivals)
  counter reregistrations{0};  ///< refreshes established (fresh AKA, new SAs)
  counter keepalives{0};       ///< keepalive exchanges completed
  counter deregistrations{0};  ///< de-registrations answered
  counter expirations{0};      ///< registrations that ended unrefreshed at their lifetime
  counter failures{0};         ///< failed registrations, refreshes, keepalives, de-registrations
  /// Registrations (and refreshes) that failed because no answer came in time: the terminal's
  /// response timeout or registration_timeout ran out, or the edge answered that the AuC did
  /// not (504). A subset of `failures`.
  counter timeouts{0};
  counter esp_sent{0};         ///< ESP packets sent by the terminals
  counter esp_received{0};     ///< ESP packets accepted by the terminals
  std::array<counter, esp_drop_causes> esp_dropped{}; ///< ESP packets dropped, by cause
  counter unprotected_dropped{0}; ///< plain messages refused where SAs are in place
  std::atomic<std::int64_t> active{0}; ///< terminals registered now
  /// Registrations (and refreshes) under way: first request sent, no outcome yet.
  std::atomic<std::int64_t> in_flight{0};
  /// The most in flight at once since the sampler last took it (take_in_flight_max): a level
  /// read once a second can miss registrations that start and end in between.
  mutable std::atomic<std::int64_t> in_flight_max{0};

  /// Raises in_flight_max to `level` if below.
  void note_in_flight(std::int64_t level) noexcept {
    auto m = in_flight_max.load(std::memory_order_relaxed);
    while (level > m
           && !in_flight_max.compare_exchange_weak(m, level, std::memory_order_relaxed)) {
    }
  }
  /// The most in flight since the last call; starts the next interval at the current level.
  std::int64_t take_in_flight_max() const noexcept {
    return in_flight_max.exchange(in_flight.load(std::memory_order_relaxed),
                                  std::memory_order_relaxed);
  }

  static void add(counter& c, std::uint64_t n = 1) noexcept {
    c.fetch_add(n, std::memory_order_relaxed);
  }
  static std::uint64_t get(const counter& c) noexcept {
    return c.load(std::memory_order_relaxed);
  }
  std::uint64_t dropped() const noexcept {
    std::uint64_t n = 0;
    for (const auto& c : esp_dropped) n += get(c);
    return n;
  }
};

} // namespace ngn::elements
