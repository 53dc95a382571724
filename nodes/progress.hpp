// The run's progress as the terminals count it: a sample of every group's counters (for
// --stats) and the progress line printed each second on stderr (README "The registration's life").
#pragma once

#include "nodes/emulation.hpp"
#include "nodes/stats_file.hpp"
#include "nodes/terminal_group.hpp"
#include "protocols/common/clock.hpp"

#include <cstdint>
#include <memory>
#include <vector>

namespace ngn::nodes {

/// What the terminals of every group counted so far; `t0` is the run's start.
stats_sample sample_of(const std::vector<std::shared_ptr<const group_progress>>& ps, micros t0);

/// Prints one progress line: rates since the last line (`last`, `last_t`, `last_latency` are
/// updated), active registrations, registrations in flight, failures, timeouts (of the interval
/// and in all), the latency percentiles of the interval.
void print_progress(const std::vector<std::shared_ptr<const group_progress>>& ps, std::uint64_t total,
                    micros t0, life_totals& last, micros& last_t, latency_counts& last_latency);

/// The run's per-second series (README "Run report"): each sample becomes one point, the
/// difference from the previous sample; a second sample within the same (nearest) wall-clock second
/// adds to that second's point, so that every point is one second and the nodes of a multi-node
/// run merge by second (node_report.cpp).
class series_recorder {
public:
  /// `s` taken at Unix µs `at`; `cpu_seconds` is the process's CPU time so far, `rss_kb` its
  /// resident set now.
  void add(const stats_sample& s, micros at, double cpu_seconds, long rss_kb);
  const std::vector<series_point>& points() const noexcept { return points_; }

private:
  stats_sample last_;
  double last_cpu_ = 0;
  std::vector<series_point> points_;
};

/// The wall-clock second a point belongs to (nearest), the key that merges series by second.
std::int64_t series_second(micros at) noexcept;

/// `into` += `p` for the same second: counts add; the levels (active, RSS) of different nodes add;
/// the latency p50 is the mean weighted by `latencies`, the p99 the larger (an upper bound: the
/// percentiles of two histograms cannot be combined exactly without them).
void merge_point(series_point& into, const series_point& p);

} // namespace ngn::nodes
