#include "nodes/db_set.hpp"

#include "protocols/common/escape.hpp"
#include "storage/schema.hpp"

#include <algorithm>
#include <stdexcept>

namespace ngn::nodes {

std::vector<db_entry> open_databases(const std::vector<std::string>& paths) {
  std::vector<db_entry> out;
  for (const auto& p : paths) {
    if (std::any_of(out.begin(), out.end(), [&](const db_entry& d) { return d.path == p; }))
      throw std::runtime_error(escape_text(p) + ": given twice as --db (its rows would count twice)");
    // open_database checks the file is SQLite with an ngnemu schema this program can read.
    db_entry d{p, storage::open_database(p, storage::db::open_mode::read_only), {}};
    d.runs = storage::list_runs(d.conn);
    out.push_back(std::move(d));
  }
  return out;
}

std::optional<run_choice> choose_run(const std::vector<db_entry>& dbs, const std::string& arg,
                                     std::string& error) {
  if (arg == "all") return run_choice{true, {}};
  std::vector<std::string> names;
  const storage::run_row* latest = nullptr;
  for (const auto& d : dbs)
    for (const auto& r : d.runs) {
      names.push_back(r.name);
      if (latest == nullptr || r.started_at > latest->started_at) latest = &r;
    }
  if (arg.empty()) {
    if (latest == nullptr) return run_choice{true, {}}; // no runs recorded: every row
    return run_choice{false, latest->name};
  }
  auto name = storage::resolve_run(names, arg, error);
  if (!name) return std::nullopt;
  return run_choice{false, *name};
}

std::optional<storage::session_filter::run_scope> scope_in(const db_entry& d,
                                                           const std::string& name) {
  for (const auto& r : d.runs)
    if (r.name == name)
      return storage::session_filter::run_scope{r.id, r.first_session, r.last_session};
  return std::nullopt;
}

} // namespace ngn::nodes
