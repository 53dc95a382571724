#include "storage/run_sessions.hpp"

#include "storage/db.hpp"
#include "storage/refusals.hpp"
#include "storage/runs.hpp"

#include <algorithm>
#include <tuple>

namespace ngn::storage {

namespace {

/// The WHERE clause of the run's rows; parameters ?1 (run), ?2 (first), ?3 (last). Without a
/// run (id 0: a database older than schema 3) every row.
std::string rows_where(const run_rows& r) {
  if (r.id == 0) return " WHERE 1";
  std::string w = " WHERE run = ?1 AND id >= ?2";
  if (r.last_session != 0) w += " AND id <= ?3";
  return w;
}

void bind_rows(statement& st, const run_rows& r) {
  if (r.id == 0) return;
  st.bind(1, r.id);
  st.bind(2, r.first_session);
  if (r.last_session != 0) st.bind(3, r.last_session);
}

/// The name of the sessions column holding the wire session id, "" when this schema has none.
std::string wire_column(db& conn) {
  statement st(conn, "PRAGMA table_info(sessions)");
  while (st.step()) {
    const auto name = st.column_string(1);
    if (name == "wire_session" || name == "wire_session_id") return name;
  }
  return "";
}

} // namespace

session_tables read_session_tables(db& conn, const run_rows& rows, const std::string& database) {
  session_tables t;
  const std::string where = rows_where(rows);
  {
    statement st(conn, "SELECT protocol, state, coalesce(failure_reason, ''), count(*) FROM "
                       "sessions" + where + " GROUP BY 1, 2, 3 ORDER BY 1, 2, 3");
    bind_rows(st, rows);
    while (st.step())
      t.counts.push_back({st.column_string(0), st.column_string(1), st.column_string(2),
                          static_cast<std::uint64_t>(st.column_int64(3))});
  }
  {
    // Established and then superseded / de-registered / expired rows have a latency too: every
    // row that reached success counts, as in the summary's latency.
    const auto wire = wire_column(conn);
    statement st(conn, "SELECT id, identity, protocol, proxy IS NULL, t_success - t_request"
                         + (wire.empty() ? std::string(", NULL") : ", " + wire)
                         + " FROM sessions" + where
                         + " AND t_success IS NOT NULL AND t_request IS NOT NULL"
                           " ORDER BY t_success - t_request DESC, id LIMIT "
                         + std::to_string(slowest_kept));
    bind_rows(st, rows);
    while (st.step()) {
      slow_session s;
      s.database = database;
      s.id = st.column_int64(0);
      s.identity = st.column_string(1);
      s.protocol = st.column_string(2);
      s.path = st.column_int64(3) != 0 ? "direct" : "proxy";
      s.latency_ms = double(st.column_int64(4)) / 1000.0;
      if (!wire.empty() && !st.column_is_null(5)) s.wire_session_id = st.column_string(5);
      t.slowest.push_back(std::move(s));
    }
  }
  {
    statement st(conn, "SELECT id, identity, protocol, coalesce(failure_reason, ''), "
                       "coalesce(t_end, t_request, 0) FROM sessions" + where
                         + " AND state = 'failed' AND state <> 'established' ORDER BY "
                           "coalesce(t_end, t_request, 0), id LIMIT "
                         + std::to_string(failed_kept));
    bind_rows(st, rows);
    while (st.step())
      t.failed.push_back({database, st.column_int64(0), st.column_string(1),
                          st.column_string(2), st.column_string(3), st.column_int64(4)});
  }
  for (auto& r : refusal_totals(conn, rows.id)) t.refusals.emplace_back(r.reason, r.count);
  return t;
}

void merge_session_tables(session_tables& into, const session_tables& more) {
  for (const auto& c : more.counts) {
    auto it = std::find_if(into.counts.begin(), into.counts.end(), [&](const run_session_count& x) {
      return x.protocol == c.protocol && x.state == c.state && x.reason == c.reason;
    });
    if (it == into.counts.end()) into.counts.push_back(c);
    else it->sessions += c.sessions;
  }
  std::sort(into.counts.begin(), into.counts.end(), [](const auto& a, const auto& b) {
    return std::tie(a.protocol, a.state, a.reason) < std::tie(b.protocol, b.state, b.reason);
  });
  into.slowest.insert(into.slowest.end(), more.slowest.begin(), more.slowest.end());
  for (const auto& r : more.refusals) {
    auto it = std::find_if(into.refusals.begin(), into.refusals.end(),
                           [&](const auto& x) { return x.first == r.first; });
    if (it == into.refusals.end()) into.refusals.push_back(r);
    else it->second += r.second;
  }
  std::stable_sort(into.slowest.begin(), into.slowest.end(),
                   [](const auto& a, const auto& b) { return a.latency_ms > b.latency_ms; });
  if (into.slowest.size() > slowest_kept) into.slowest.resize(slowest_kept);
  into.failed.insert(into.failed.end(), more.failed.begin(), more.failed.end());
  std::stable_sort(into.failed.begin(), into.failed.end(),
                   [](const auto& a, const auto& b) { return a.time_us < b.time_us; });
  if (into.failed.size() > failed_kept) into.failed.resize(failed_kept);
}

run_sample read_rows_sample(db& conn, const run_rows& rows) {
  statement st(conn, "SELECT t_request, t_success FROM sessions" + rows_where(rows)
                       + " AND t_success IS NOT NULL AND t_request IS NOT NULL");
  bind_rows(st, rows);
  run_sample s;
  while (st.step()) {
    const std::int64_t req = st.column_int64(0), ok = st.column_int64(1);
    s.latencies_us.push_back(ok - req);
    if (s.first_request == 0 || req < s.first_request) s.first_request = req;
    s.last_success = std::max(s.last_success, ok);
  }
  std::sort(s.latencies_us.begin(), s.latencies_us.end());
  return s;
}

std::optional<std::string> read_run_report(db& conn, std::int64_t run_id) {
  statement st(conn, "SELECT report FROM runs WHERE id = ?1");
  st.bind(1, run_id);
  if (!st.step() || st.column_is_null(0)) return std::nullopt;
  return st.column_string(0);
}

} // namespace ngn::storage
