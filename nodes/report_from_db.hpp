// The run report from the AuC database(s) (`ngnemu report`, README "Run report"): the JSON
// stored with the run in each database (runs.report) — one emulation-scope report, or the
// node-scope reports of a multi-node run merged —, the run's sessions as the report shows them,
// and the summary rebuilt from the sessions alone when no report was stored (an older database,
// a crashed run).
#pragma once

#include "nodes/db_set.hpp"
#include "nodes/emulation.hpp"

#include <optional>
#include <string>
#include <vector>

namespace ngn::nodes {

/// The sessions of run `run_name` in the databases at `paths` (each opened read-only), merged;
/// nullopt with `why` set when one cannot be read. Used at the end of a run, once the writers
/// have committed every session.
std::optional<storage::session_tables> read_run_sessions(const std::vector<std::string>& paths,
                                                         const std::string& run_name,
                                                         std::string& why);

/// What `ngnemu report` found for one run in the databases.
struct db_report {
  std::string run_name;  ///< empty: databases without runs (every row)
  /// The stored report (the emulation's, or the nodes' merged); nullopt: none stored.
  std::optional<emulation_report> report;
  storage::session_tables sessions;  ///< from every database
  storage::run_sample sample;        ///< the latencies of every database's sessions of the run
  std::int64_t started_at = 0, ended_at = 0;
  std::string outcome;
  /// What the user should know: a database whose stored report is malformed or missing while
  /// others have one (its figures are then only in the sessions).
  std::vector<std::string> notes;
};

/// Reads `choice` (a run, or every row of databases without runs) from `dbs`. Throws
/// std::runtime_error on an SQLite error.
db_report read_db_report(std::vector<db_entry>& dbs, const run_choice& choice);

/// The summary of a run without a stored report, from its sessions: counts by protocol, state
/// and reason, the rate from t_request/t_success and the latency percentiles.
std::string sessions_only_summary(const db_report& d);

/// The sessions tables as text (after the summary): counts, the slowest, the first failed.
std::string format_session_tables(const storage::session_tables& t);

} // namespace ngn::nodes
