#include "storage/runs.hpp"
#include "storage/run_sessions.hpp"

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <random>

namespace ngn::storage {

std::string make_run_name(std::int64_t now_us) {
  const std::time_t t = static_cast<std::time_t>(now_us / 1'000'000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  std::random_device rd;
  const unsigned suffix = rd() & 0xffffffu;
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d%02d%02dT%02d%02d%02dZ-%06x", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, suffix);
  return buf;
}

std::string check_run_name(std::string_view name) {
  if (name.empty()) return "a run id cannot be empty";
  if (name.size() > 64) return "a run id has at most 64 characters";
  if (name == "all") return "'all' is reserved (sessions --run all)";
  for (char c : name) {
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '_' || c == ':' || c == '-';
    if (!ok) return "a run id may hold only letters, digits and . _ : -";
  }
  return {};
}

double nearest_rank_ms(const std::vector<std::int64_t>& v, double p) noexcept {
  if (v.empty()) return 0;
  auto rank = static_cast<std::size_t>(p / 100.0 * static_cast<double>(v.size()) + 0.999999);
  rank = std::clamp<std::size_t>(rank, 1, v.size());
  return static_cast<double>(v[rank - 1]) / 1000.0;
}

bool has_runs(db& conn) { return conn.query_int("PRAGMA user_version") >= 3; }

std::vector<run_row> list_runs(db& conn) {
  std::vector<run_row> out;
  if (!has_runs(conn)) return out;
  statement st(conn,
               "SELECT id, name, started_at, ended_at, options, nodes, outcome, "
               "terminals_attempted, terminals_established, terminals_failed, registrations, "
               "registrations_per_s, latency_p50_ms, latency_p99_ms, cpu_s, peak_rss_kib, "
               "first_session, last_session FROM runs ORDER BY started_at, id");
  while (st.step()) {
    run_row r;
    r.id = st.column_int64(0);
    r.name = st.column_string(1);
    r.started_at = st.column_int64(2);
    r.ended_at = st.column_int64(3);
    r.options = st.column_string(4);
    r.nodes = st.column_string(5);
    r.outcome = st.column_string(6);
    r.has_figures = !st.column_is_null(7);
    r.attempted = st.column_int64(7);
    r.established = st.column_int64(8);
    r.failed = st.column_int64(9);
    r.registrations = st.column_int64(10);
    r.rate = st.column_double(11);
    r.p50_ms = st.column_double(12);
    r.p99_ms = st.column_double(13);
    r.cpu_s = st.column_double(14);
    r.peak_rss_kib = st.column_int64(15);
    r.first_session = st.column_int64(16);
    r.last_session = st.column_int64(17);
    out.push_back(std::move(r));
  }
  return out;
}

run_sample read_run_sample(db& conn, const run_row& run) {
  return read_rows_sample(conn, run_rows{run.id, run.first_session, run.last_session});
}

std::optional<std::int64_t> committed_established(db& conn, std::string_view name) {
  if (!has_runs(conn)) return std::nullopt;
  statement run(conn, "SELECT id, first_session FROM runs WHERE name = ?1");
  run.bind(1, name);
  if (!run.step()) return std::nullopt;
  // The run's id range from first_session: no index on sessions(run) (writer_batch.cpp).
  statement st(conn, "SELECT count(DISTINCT identity) FROM sessions "
                     "WHERE run = ?1 AND id >= ?2 AND t_success IS NOT NULL");
  st.bind(1, run.column_int64(0));
  st.bind(2, run.column_int64(1));
  st.step();
  return st.column_int64(0);
}

std::optional<std::string> resolve_run(const std::vector<std::string>& names,
                                       std::string_view id, std::string& error) {
  if (std::find(names.begin(), names.end(), id) != names.end()) return std::string(id);
  std::vector<std::string> matches;
  for (const auto& n : names)
    if (n.compare(0, id.size(), id) == 0
        && std::find(matches.begin(), matches.end(), n) == matches.end())
      matches.push_back(n);
  if (matches.size() == 1) return matches.front();
  if (matches.empty()) {
    error = "no run '" + std::string(id) + "' (`ngnemu runs` lists them)";
  } else {
    error = "run '" + std::string(id) + "' is ambiguous: it begins";
    for (std::size_t i = 0; i < matches.size(); ++i)
      error += (i == 0 ? " " : ", ") + matches[i];
  }
  return std::nullopt;
}

} // namespace ngn::storage
