// The run's progress as the terminals count it: a sample of every group's counters (for
// --stats) and the progress line printed each second on stderr (README "The registration's life").
#pragma once

#include "nodes/stats_file.hpp"
#include "nodes/terminal_group.hpp"
#include "protocols/common/clock.hpp"

#include <cstdint>
#include <memory>
#include <vector>

namespace ngn::nodes {

/// What the terminals of every group counted so far; `t0` is the run's start.
stats_sample sample_of(const std::vector<std::shared_ptr<group_progress>>& ps, micros t0);

/// Prints one progress line: rates since the last line (`last`, `last_t`, `last_latency` are
/// updated), active registrations, failures, the latency percentiles of the interval.
void print_progress(const std::vector<std::shared_ptr<group_progress>>& ps, std::uint64_t total,
                    micros t0, life_totals& last, micros& last_t, latency_counts& last_latency);

} // namespace ngn::nodes
