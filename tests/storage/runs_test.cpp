// Runs (schema version 3): the v2 → v3 upgrade, the writer's run_begin / run_end, rows stamped
// with their run, reading runs back and the session filter by run.
#include "storage/runs.hpp"
#include "storage/schema.hpp"
#include "storage/session_query.hpp"
#include "storage/writer.hpp"
#include "tests/storage/session_rows.hpp"
#include "tests/storage/temp_dir.hpp"

#include <boost/test/unit_test.hpp>

using namespace ngn;
using namespace ngn::storage;

namespace {

run_begin begin_of(const std::string& name, std::int64_t t) {
  return run_begin{name, t, "[[node]]\nname = \"n1\"\n", "ngnemu run -n 3", "n1"};
}

/// `n` sessions of identities first..first+n-1; the even ones established (latency 1 ms × (k+1)),
/// the odd ones failed.
void write_run(writer& w, const std::string& name, std::int64_t t0, int first, int n,
               const std::string& outcome) {
  w.submit(begin_of(name, t0));
  for (int k = 0; k < n; ++k) {
    auto row = test::sample_row(w.next_session_id(), first + k);
    row.t_request = t0 + k * 10'000;
    w.submit(session_insert{row});
    session_update u;
    u.id = row.id;
    if (k % 2 == 0) {
      u.state = session_state::established;
      u.t_success = row.t_request + (k + 1) * 1000;
    } else {
      u.state = session_state::failed;
      u.failure_reason = "verification words differ";
      u.t_end = row.t_request + 500;
    }
    w.submit(u);
    w.submit(test::make_event(row.id, row.t_request, "auc", "challenge", ""));
  }
  run_end e;
  e.ended_at = t0 + 5'000'000;
  e.outcome = outcome;
  e.cpu_s = 1.5;
  e.peak_rss_kib = 4096;
  w.submit(e);
  BOOST_REQUIRE(w.flush());
}

const run_row* find(const std::vector<run_row>& runs, const std::string& name) {
  for (const auto& r : runs)
    if (r.name == name) return &r;
  return nullptr;
}

} // namespace

BOOST_AUTO_TEST_SUITE(storage_runs)

BOOST_AUTO_TEST_CASE(a_version_2_database_is_upgraded_keeping_its_rows) {
  test::temp_dir dir;
  const std::string path = dir.file("v2.db");
  {
    // A version-2 database: this program's schema without runs and run columns.
    db conn(path);
    conn.exec(R"sql(
CREATE TABLE sessions (
  id INTEGER PRIMARY KEY, identity TEXT NOT NULL, protocol TEXT NOT NULL, proxy TEXT,
  softswitch TEXT NOT NULL, auc TEXT, terminal_node TEXT, proxy_node TEXT, softswitch_node TEXT,
  auc_node TEXT, mechanism TEXT,
  state TEXT NOT NULL CHECK (state = 'challenged' OR state = 'established' OR state = 'failed'
    OR state = 'expired' OR state = 'deregistered' OR state = 'superseded'),
  failure_reason TEXT, rand BLOB, sk_fingerprint BLOB, resyncs INTEGER NOT NULL DEFAULT 0,
  t_request INTEGER, t_challenge INTEGER, t_response INTEGER, t_success INTEGER, t_end INTEGER,
  lifetime INTEGER, successor INTEGER, protected_sent INTEGER NOT NULL DEFAULT 0,
  protected_received INTEGER NOT NULL DEFAULT 0, protected_dropped INTEGER NOT NULL DEFAULT 0);
CREATE TABLE events (id INTEGER PRIMARY KEY, session_id INTEGER, t INTEGER, element TEXT,
  kind TEXT, detail TEXT);
CREATE VIEW v_sessions AS SELECT id, state FROM sessions;
CREATE VIEW v_events AS SELECT id, kind FROM events;
INSERT INTO sessions (id, identity, protocol, softswitch, state, t_request, t_success)
  VALUES (7, 't1@ngn.example', 'sip', 'ss1', 'deregistered', 1000, 3000);
INSERT INTO events (session_id, t, kind) VALUES (7, 1000, 'challenge');
PRAGMA user_version = 2;
)sql");
    BOOST_TEST(conn.query_int("SELECT count(*) FROM pragma_table_info('sessions') "
                              "WHERE name = 'run'") == 0);
  }
  {
    // Read-only, before any upgrade: no runs, the sessions still readable.
    db ro = open_database(path, db::open_mode::read_only);
    BOOST_TEST(!has_runs(ro));
    BOOST_TEST(list_runs(ro).empty());
    auto rows = query_sessions(ro, {});
    BOOST_TEST_REQUIRE(rows.size() == 1u);
    BOOST_TEST(rows[0].run == 0);
  }
  db conn = open_database(path);
  BOOST_TEST(conn.query_int("PRAGMA user_version") == schema_version);
  BOOST_TEST(conn.query_int("SELECT count(*) FROM sessions WHERE id = 7 AND run IS NULL") == 1);
  BOOST_TEST(conn.query_int("SELECT count(*) FROM events WHERE session_id = 7 AND run IS NULL")
             == 1);
  BOOST_TEST(conn.query_int("SELECT count(*) FROM runs") == 0);
  // v_sessions made anew with the run (and the columns of version 2).
  BOOST_TEST(conn.query_int("SELECT count(*) FROM v_sessions WHERE run IS NULL AND "
                            "latency_ms = 2.0") == 1);
  BOOST_TEST(conn.query_int("SELECT count(*) FROM v_events WHERE run IS NULL") == 1);
  BOOST_TEST(has_runs(conn));
}

BOOST_AUTO_TEST_CASE(run_begin_and_run_end_write_the_runs_row) {
  test::temp_dir dir;
  const std::string path = dir.file("r.db");
  {
    writer w(path);
    write_run(w, "20261206T083102Z-4f2a9c", 1'700'000'000'000'000, 0, 4, "failed");
  }
  db conn = open_database(path, db::open_mode::read_only);
  auto runs = list_runs(conn);
  BOOST_TEST_REQUIRE(runs.size() == 1u);
  const auto& r = runs[0];
  BOOST_TEST(r.name == "20261206T083102Z-4f2a9c");
  BOOST_TEST(r.started_at == 1'700'000'000'000'000);
  BOOST_TEST(r.ended_at == 1'700'000'005'000'000);
  BOOST_TEST(r.outcome == "failed");
  BOOST_TEST(r.nodes == "n1");
  BOOST_TEST(r.options == "ngnemu run -n 3");
  BOOST_TEST(r.has_figures);
  // 4 identities: 0 and 2 established (latencies 1 ms and 3 ms), 1 and 3 failed.
  BOOST_TEST(r.attempted == 4);
  BOOST_TEST(r.established == 2);
  BOOST_TEST(r.failed == 2);
  BOOST_TEST(r.registrations == 2);
  BOOST_TEST(r.p50_ms == 1.0);
  BOOST_TEST(r.p99_ms == 3.0);
  // 2 registrations from the first request (t0) to the last success (t0 + 20 ms + 3 ms).
  BOOST_TEST(r.rate == 2 * 1e6 / 23'000.0, boost::test_tools::tolerance(1e-9));
  BOOST_TEST(r.cpu_s == 1.5);
  BOOST_TEST(r.peak_rss_kib == 4096);
  BOOST_TEST(r.first_session == 1);
  BOOST_TEST(r.last_session == 4);
  BOOST_TEST(conn.query_int("SELECT count(*) FROM runs WHERE report IS NULL") == 1);
  BOOST_TEST(conn.query_int("SELECT count(*) FROM runs WHERE topology LIKE '%[[node]]%'") == 1);
}

BOOST_AUTO_TEST_CASE(rows_are_stamped_with_their_run_and_filtered_by_it) {
  test::temp_dir dir;
  const std::string path = dir.file("r.db");
  {
    writer w(path);
    // A row before any run has no run.
    w.submit(session_insert{test::sample_row(w.next_session_id(), 99)});
    write_run(w, "run-a", 1'700'000'000'000'000, 0, 3, "failed");
    write_run(w, "run-b", 1'700'000'100'000'000, 10, 5, "failed");
  }
  db conn = open_database(path, db::open_mode::read_only);
  BOOST_TEST(conn.query_int("SELECT count(*) FROM sessions WHERE run IS NULL") == 1);
  BOOST_TEST(conn.query_int("SELECT count(*) FROM sessions s JOIN runs r ON s.run = r.id "
                            "WHERE r.name = 'run-a'") == 3);
  BOOST_TEST(conn.query_int("SELECT count(*) FROM events e JOIN runs r ON e.run = r.id "
                            "WHERE r.name = 'run-b'") == 5);
  auto runs = list_runs(conn);
  BOOST_TEST_REQUIRE(runs.size() == 2u);
  BOOST_TEST(runs[0].name == "run-a"); // oldest first
  BOOST_TEST(runs[1].attempted == 5);
  for (const auto& r : runs) {
    session_filter f;
    f.run = session_filter::run_scope{r.id, r.first_session, r.last_session};
    auto rows = query_sessions(conn, f);
    BOOST_TEST(rows.size() == static_cast<std::size_t>(r.attempted));
    for (const auto& s : rows) BOOST_TEST(s.run == r.id);
    // The filter combines with the others.
    f.state = session_state::failed;
    BOOST_TEST(count_sessions(conn, f).at(0).count == static_cast<std::uint64_t>(r.failed));
  }
  BOOST_TEST(query_sessions(conn, {}).size() == 9u); // no run filter: every row
  // The sample behind merged figures.
  auto s = read_run_sample(conn, *find(runs, "run-b"));
  BOOST_TEST(s.latencies_us == (std::vector<std::int64_t>{1000, 3000, 5000}));
}

BOOST_AUTO_TEST_CASE(a_run_begun_again_continues_its_row) {
  test::temp_dir dir;
  const std::string path = dir.file("r.db");
  {
    writer w(path);
    write_run(w, "same", 1'700'000'000'000'000, 0, 2, "completed");
  }
  {
    // The node restarted into the same run: one row, open again, then closed with every session.
    writer w(path);
    write_run(w, "same", 1'700'000'050'000'000, 2, 2, "completed");
  }
  db conn = open_database(path, db::open_mode::read_only);
  auto runs = list_runs(conn);
  BOOST_TEST_REQUIRE(runs.size() == 1u);
  BOOST_TEST(runs[0].started_at == 1'700'000'000'000'000);
  BOOST_TEST(runs[0].attempted == 4);
  BOOST_TEST(runs[0].first_session == 1);
  BOOST_TEST(runs[0].last_session == 4);
}

BOOST_AUTO_TEST_CASE(run_end_without_run_begin_is_rejected) {
  test::temp_dir dir;
  const std::string path = dir.file("r.db");
  writer w(path);
  run_end e;
  e.ended_at = 1;
  e.outcome = "completed";
  w.submit(e);
  BOOST_TEST(w.flush());
  BOOST_TEST(w.get_stats().rejected == 1u);
  BOOST_TEST(w.last_error().find("no run_begin") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(run_names_are_made_checked_and_resolved) {
  const auto n = make_run_name(1'796'545'862'000'000); // 2026-12-06T08:31:02Z
  BOOST_TEST(n.size() == 23u);
  BOOST_TEST(n.substr(0, 17) == "20261206T083102Z-");
  BOOST_TEST(check_run_name(n).empty());
  BOOST_TEST(!check_run_name("").empty());
  BOOST_TEST(!check_run_name("all").empty());
  BOOST_TEST(!check_run_name("a b").empty());
  std::string error;
  const std::vector<std::string> names{"20261206T0800Z-aa", "20261206T0900Z-bb"};
  BOOST_TEST(resolve_run(names, "20261206T09", error).value() == "20261206T0900Z-bb");
  BOOST_TEST(resolve_run(names, "20261206T0800Z-aa", error).value() == "20261206T0800Z-aa");
  BOOST_TEST(!resolve_run(names, "2026", error));
  BOOST_TEST(error.find("ambiguous") != std::string::npos);
  BOOST_TEST(!resolve_run(names, "x", error));
  BOOST_TEST(error.find("no run 'x'") != std::string::npos);
  BOOST_TEST(nearest_rank_ms({1000, 2000, 3000, 4000}, 50) == 2.0);
  BOOST_TEST(nearest_rank_ms({}, 50) == 0.0);
}

BOOST_AUTO_TEST_SUITE_END()
