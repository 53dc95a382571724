// Runs of the ngnemu database (schema.cpp, table runs): the run id every database of one
// emulation shares, and reading the runs back for `ngnemu runs` / `ngnemu sessions --run`.
// The rows are written by storage::writer (run_begin / run_end, writer.hpp).
#pragma once

#include "storage/db.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ngn::storage {

/// A new run id: the UTC start to the second and 24 random bits in hex, e.g.
/// `20261206T083102Z-4f2a9c` (sortable by start; two runs started in one second still differ).
std::string make_run_name(std::int64_t now_us);

/// Empty if `name` may be a run id (1..64 of A-Z a-z 0-9 . _ : -), else why not. `all` is
/// reserved (`ngnemu sessions --run all`).
std::string check_run_name(std::string_view name);

/// Nearest-rank percentile (0 < p <= 100) of µs samples sorted ascending, in ms; 0 if none.
double nearest_rank_ms(const std::vector<std::int64_t>& sorted_us, double p) noexcept;

/// One row of `runs` (without topology and report, which `runs_text` reads).
struct run_row {
  std::int64_t id = 0;
  std::string name;
  std::int64_t started_at = 0, ended_at = 0; ///< 0: not ended
  std::string options, nodes, outcome;
  bool has_figures = false;                  ///< set by run_end
  std::int64_t attempted = 0, established = 0, failed = 0, registrations = 0;
  double rate = 0, p50_ms = 0, p99_ms = 0, cpu_s = 0;
  std::int64_t peak_rss_kib = 0;
  std::int64_t first_session = 0, last_session = 0; ///< last 0: open
};

/// True if the database has runs (schema version 3 or later; an older file read in place has
/// none, and its sessions no run).
bool has_runs(db& conn);

/// Every run, oldest first (by started_at, then id); empty without the runs table.
std::vector<run_row> list_runs(db& conn);

/// The run's established sessions as the run's figures need them: the latencies
/// (t_success - t_request, µs, sorted), the first request and the last success.
struct run_sample {
  std::vector<std::int64_t> latencies_us;
  std::int64_t first_request = 0, last_success = 0;
};
run_sample read_run_sample(db& conn, const run_row& run);

/// Terminals (distinct identities) of run `name` whose registration is committed as
/// established (t_success set): the count a summary can trust after a storage failure (issue 12
/// item 5). nullopt: no such run. Throws storage_error.
std::optional<std::int64_t> committed_established(db& conn, std::string_view name);

/// The run `id` names among `names` (every run name of the databases at hand): the name itself,
/// or the one name it is a prefix of. nullopt with `error` set when it names none or several.
std::optional<std::string> resolve_run(const std::vector<std::string>& names,
                                       std::string_view id, std::string& error);

} // namespace ngn::storage
