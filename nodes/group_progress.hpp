// The live counters of a source of registrations: a terminal group (its terminals count as they
// go) or a UDP listener (it counts its real clients' REGISTER transactions, nodes/listener_meter
// .hpp). The main thread reads them every second for the progress line, --stats, the run's
// per-second series and --metrics. No CAF here.
#pragma once

#include "elements/life_counters.hpp"
#include "nodes/latency_histogram.hpp"

#include <array>
#include <atomic>
#include <cstdint>

namespace ngn::nodes {

/// Live counters the main thread prints while the emulation runs.
struct group_progress {
  std::atomic<std::uint64_t> started{0};
  std::atomic<std::uint64_t> established{0};  ///< first registrations established
  std::atomic<std::uint64_t> failed{0};       ///< first registrations failed
  std::atomic<std::uint64_t> departed{0};     ///< terminals that left at the run's end
  elements::life_counters life;               ///< the registrations' life (every terminal)
  latency_histogram latency;                  ///< every established registration's latency
};

/// The life of a group's registrations, as its terminals counted it (DESIGN.md §1.2).
struct life_totals {
  std::uint64_t registrations = 0, reregistrations = 0, keepalives = 0, deregistrations = 0,
                expirations = 0, failures = 0, esp_sent = 0, esp_received = 0,
                unprotected_dropped = 0;
  /// Registrations (and refreshes) that failed because no answer came in time (a subset of
  /// `failures`).
  std::uint64_t timeouts = 0;
  std::array<std::uint64_t, elements::esp_drop_causes> esp_dropped{};

  static life_totals of(const elements::life_counters& c);
  life_totals& operator+=(const life_totals& o);
  std::uint64_t dropped() const noexcept;
};

} // namespace ngn::nodes
