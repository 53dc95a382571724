// What `ngnemu report` and the end of a run read back from the sessions of one run (schema.cpp,
// tables runs and sessions): the counts per protocol × state × failure reason, the slowest
// established sessions and the first failed ones (README "Run report": sessions,
// slowest_sessions, failed_sessions), and the JSON report stored with the run (runs.report).
// Each query touches only the run's rows (id >= runs.first_session, the rowid range) and keeps
// the worst ones with ORDER BY … LIMIT, so that it stays cheap at the end of a large run.
#pragma once

#include <cstdint>
#include <optional>
#include <utility>
#include <string>
#include <vector>

namespace ngn::storage {

class db;
struct run_sample;  // runs.hpp

/// The run's rows in one database: sessions.run = id and first_session <= sessions.id
/// (<= last_session unless 0: the run is still open).
struct run_rows {
  std::int64_t id = 0;
  std::int64_t first_session = 0, last_session = 0;
};

/// Sessions of the run with this protocol, state and failure reason ("" for none).
struct run_session_count {
  std::string protocol, state, reason;
  std::uint64_t sessions = 0;
};

/// One of the slowest established sessions.
struct slow_session {
  std::string database;  ///< the file it is in (a session is identified by database and id)
  std::int64_t id = 0;   ///< sessions.id
  std::string identity, protocol;
  std::string path;      ///< direct | proxy
  double latency_ms = 0; ///< t_success - t_request
  std::optional<std::string> wire_session_id;  ///< when the column exists
};

/// One of the failed sessions, the earliest first.
struct failed_session {
  std::string database;
  std::int64_t id = 0;
  std::string identity, protocol, reason;
  std::int64_t time_us = 0;  ///< t_end, else t_request (Unix µs)
};

/// A run's sessions, as the report shows them.
struct session_tables {
  std::vector<run_session_count> counts;   ///< ordered by protocol, state, reason
  std::vector<slow_session> slowest;   ///< slowest first
  std::vector<failed_session> failed;  ///< earliest first
  /// Refusals counted without a session row (table refusals, schema 5): reason → count.
  std::vector<std::pair<std::string, std::uint64_t>> refusals;
};

inline constexpr std::size_t slowest_kept = 10;
inline constexpr std::size_t failed_kept = 20;

/// The tables of `rows` in `conn` (named `database` in the rows). Throws std::runtime_error on
/// an SQLite error.
session_tables read_session_tables(db& conn, const run_rows& rows, const std::string& database);

/// `into` += `more`: counts summed, the slowest and the first failed ones kept.
void merge_session_tables(session_tables& into, const session_tables& more);

/// The latencies (sorted), first request and last success of the rows that reached success.
run_sample read_rows_sample(db& conn, const run_rows& rows);

/// runs.report of the run `id`; nullopt when NULL (not written: an older run, a crash).
std::optional<std::string> read_run_report(db& conn, std::int64_t run_id);

} // namespace ngn::storage
