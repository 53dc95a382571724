// `ngnemu run --stats FILE`: one CSV line per second of the run, like SIPp's -trace_stat — the
// terminals' counters of this interval (`_p`) and since the start (`_c`). Columns: README
// "Statistics file". No CAF here: the runtime hands in samples.
#pragma once

#include "nodes/terminal_group.hpp"

#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>

namespace ngn::nodes {

/// What the terminals counted up to one moment of the run.
struct stats_sample {
  double time_s = 0;                    ///< since the run started
  std::uint64_t started = 0;            ///< terminals started
  std::uint64_t first_established = 0;  ///< first registrations established
  std::uint64_t first_failed = 0;       ///< first registrations failed
  std::int64_t active = 0;              ///< registrations live now
  std::int64_t in_flight = 0;           ///< registrations under way now (first request sent)
  /// The most under way at once during the interval (sum over the groups of each one's most).
  std::int64_t in_flight_max = 0;
  life_totals life;
  latency_counts latency{};             ///< every established registration's latency so far
};

class stats_file {
public:
  /// Creates (truncates) `path` and writes the header; nullptr and `error` if it cannot.
  static std::unique_ptr<stats_file> open(const std::string& path, std::string& error);
  ~stats_file();
  stats_file(const stats_file&) = delete;
  stats_file& operator=(const stats_file&) = delete;

  /// One line: `s` and its difference from the previous sample.
  void write(const stats_sample& s);
  const std::string& path() const noexcept { return path_; }
  std::uint64_t lines() const noexcept { return lines_; }
  /// A write failed (disk full, ...): the file is incomplete.
  bool failed() const noexcept { return failed_; }

private:
  stats_file(std::string path, std::FILE* f) : path_(std::move(path)), f_(f) {}
  std::string path_;
  std::FILE* f_;
  life_totals last_;
  latency_counts last_latency_{};
  std::uint64_t lines_ = 0;
  bool failed_ = false;
};

} // namespace ngn::nodes
