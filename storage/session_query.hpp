// Reading the session log (DESIGN.md §4): `ngnemu sessions` and `ngnemu report` use these on a
// connection of their own (open_database(path, db::open_mode::read_only) works while the AuC is
// writing, thanks to WAL). Throws std::runtime_error on database errors.
#pragma once

#include "storage/db.hpp"
#include "storage/records.hpp"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace ngn::storage {

/// All conditions must hold; empty / absent ones are ignored.
struct session_filter {
  std::optional<session_state> state;
  std::string identity;       ///< SQLite GLOB pattern: `*`, `?`, `[a-z]`; case-sensitive
  std::string protocol;       ///< exact
  std::string node;           ///< equals terminal_node, proxy_node, softswitch_node or auc_node
  std::string failure_reason; ///< exact
  std::optional<std::int64_t> since; ///< t_request >= since (Unix µs)
  std::optional<std::int64_t> until; ///< t_request < until (Unix µs)
  /// The sessions of one run (runs.id, with the run's id range from storage/runs.hpp: the
  /// query reads that range of the primary key, sessions(run) has no index).
  struct run_scope {
    std::int64_t id = 0, first_session = 0, last_session = 0; ///< last 0: open
  };
  std::optional<run_scope> run;
  std::size_t limit = 0;      ///< 0: no limit
  bool newest_first = false;  ///< ordered by t_request (then id), ascending unless this is set
};

/// Calls `f` for each matching row, in order, without holding them all in memory.
void for_each_session(db& conn, const session_filter& filter,
                      const std::function<void(const session_row&)>& f);

std::vector<session_row> query_sessions(db& conn, const session_filter& filter);

/// One line of the state × failure-reason summary.
struct session_count {
  std::string protocol;
  session_state state = session_state::challenged;
  std::string failure_reason; ///< empty when none
  std::uint64_t count = 0;
};

/// Counts of the sessions matching `filter` (limit and order ignored) per protocol, state and
/// failure reason, ordered by protocol, state, then descending count.
std::vector<session_count> count_sessions(db& conn, const session_filter& filter = {});

} // namespace ngn::storage
