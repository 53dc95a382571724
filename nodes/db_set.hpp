// Several AuC databases read as one emulation (`ngnemu sessions` / `ngnemu runs` with repeated
// --db): each opened read-only with its schema checked, its runs listed, and the run a command
// is asked about (--run NAME | prefix | all; default: the latest) found in each of them.
#pragma once

#include "storage/db.hpp"
#include "storage/runs.hpp"
#include "storage/session_query.hpp"

#include <optional>
#include <string>
#include <vector>

namespace ngn::nodes {

struct db_entry {
  std::string path;
  storage::db conn;
  std::vector<storage::run_row> runs; ///< oldest first; empty for a database before schema 3
};

/// Opens every path read-only (a file that is missing, not SQLite or not an ngnemu database is
/// an error naming it; a path given twice too). Throws std::runtime_error.
std::vector<db_entry> open_databases(const std::vector<std::string>& paths);

/// Which run: every run (all), or the rows of one run name.
struct run_choice {
  bool all = false;
  std::string name;
};

/// `arg` (empty: the latest run of all the databases, by start; `all`; a run name or a unique
/// prefix of one) → the choice; nullopt with `error` set when it names no run or several.
/// Databases without runs (before schema 3) choose `all` by default.
std::optional<run_choice> choose_run(const std::vector<db_entry>& dbs, const std::string& arg,
                                     std::string& error);

/// The run `name` in `d` as a session filter scope; nullopt when `d` holds no such run.
std::optional<storage::session_filter::run_scope> scope_in(const db_entry& d,
                                                           const std::string& name);

} // namespace ngn::nodes
