// storage/db.hpp and storage/schema.hpp: connection and statement wrappers, idempotent schema,
// WAL, documented views, start-up errors naming the path.
#include "storage/db.hpp"
#include "storage/refusals.hpp"
#include "storage/schema.hpp"
#include "tests/storage/temp_dir.hpp"

#include <boost/test/unit_test.hpp>

#include <fstream>
#include <stdexcept>
#include <string>

using namespace ngn;
using namespace ngn::storage;

namespace {

bool message_contains(const std::runtime_error& e, const std::string& part) {
  return std::string(e.what()).find(part) != std::string::npos;
}

/// open_database(path) throws std::runtime_error, with each of `parts` in its message.
void open_fails(const std::string& path, std::initializer_list<std::string> parts) {
  try {
    open_database(path);
    BOOST_FAIL("expected an exception");
  } catch (const std::runtime_error& e) {
    for (const auto& part : parts)
      BOOST_TEST(message_contains(e, part), part);
  }
}

std::int64_t count_objects(db& conn, const char* type) {
  statement st(conn, "SELECT count(*) FROM sqlite_master "
                     "WHERE type = ?1 AND name NOT LIKE 'sqlite_%'");
  st.bind(1, std::string_view(type));
  BOOST_REQUIRE(st.step());
  return st.column_int64(0);
}

} // namespace

BOOST_AUTO_TEST_SUITE(storage_schema)

BOOST_AUTO_TEST_CASE(schema_creation_is_idempotent_across_opens) {
  test::temp_dir dir;
  const std::string path = dir.file("ngn.db");
  std::int64_t tables = 0, indexes = 0, views = 0;
  {
    db conn = open_database(path);
    BOOST_TEST(conn.query_int("PRAGMA user_version") == schema_version);
    tables = count_objects(conn, "table");
    indexes = count_objects(conn, "index");
    views = count_objects(conn, "view");
    BOOST_TEST(tables == 7);  // subscribers, elements, runs, sessions, events, reasons, refusals
    BOOST_TEST(indexes == 6); // sessions x3, events x2, refusals (runs(name) UNIQUE: autoindex)
    BOOST_TEST(views == 7);
    conn.exec("INSERT INTO elements (name, kind, key) VALUES ('ss1', 'softswitch', zeroblob(16))");
  }
  {
    db conn = open_database(path);
    BOOST_TEST(conn.query_int("PRAGMA user_version") == schema_version);
    BOOST_TEST(count_objects(conn, "table") == tables);
    BOOST_TEST(count_objects(conn, "index") == indexes);
    BOOST_TEST(count_objects(conn, "view") == views);
    BOOST_TEST(conn.query_int("SELECT count(*) FROM elements") == 1); // data survived
    // apply_schema again on an up-to-date database is a no-op
    apply_schema(conn);
    BOOST_TEST(count_objects(conn, "table") == tables);
  }
}

BOOST_AUTO_TEST_CASE(writable_connections_use_wal_and_synchronous_normal) {
  test::temp_dir dir;
  db conn = open_database(dir.file("ngn.db"));
  statement mode(conn, "PRAGMA journal_mode");
  BOOST_REQUIRE(mode.step());
  BOOST_TEST(mode.column_text(0) == "wal");
  BOOST_TEST(conn.query_int("PRAGMA synchronous") == 1); // NORMAL
  BOOST_TEST(conn.query_int("PRAGMA busy_timeout") > 0);
}

BOOST_AUTO_TEST_CASE(schema_sql_is_rerunnable) {
  db conn(":memory:");
  conn.exec(schema_sql());
  conn.exec(schema_sql()); // only IF NOT EXISTS statements
  BOOST_TEST(count_objects(conn, "table") == 6); // subscribers, elements, runs, sessions, events, reasons
}

BOOST_AUTO_TEST_CASE(views_render_times_hex_and_latency) {
  test::temp_dir dir;
  db conn = open_database(dir.file("ngn.db"));
  // 2023-11-14T22:13:20.123456Z and 12.5 ms later
  conn.exec("INSERT INTO sessions (id, identity, protocol, softswitch, state, rand, "
            "sk_fingerprint, t_request, t_challenge, t_success) VALUES (7, 'a@x', 'sip', 'ss1', "
            "'established', "
            "x'00ff10', x'abcd', 1700000000123456, 1700000000124456, 1700000000135956)");
  conn.exec("INSERT INTO sessions (id, identity, protocol, softswitch, state, failure_reason, "
            "t_request) VALUES (8, 'b@x', 'sip', 'ss1', 'failed', 'verification-mismatch', "
            "1700000001000000)");
  statement v(conn, "SELECT requested, succeeded, latency_ms, challenge_ms, rand, sk_fingerprint, "
                    "challenged FROM v_sessions WHERE id = 7");
  BOOST_REQUIRE(v.step());
  BOOST_TEST(v.column_text(0) == "2023-11-14T22:13:20.123Z");
  BOOST_TEST(v.column_text(1) == "2023-11-14T22:13:20.135Z");
  BOOST_TEST(v.column_text(2) == "12.5");
  BOOST_TEST(v.column_text(3) == "1.0");
  BOOST_TEST(v.column_text(4) == "00ff10");
  BOOST_TEST(v.column_text(5) == "abcd");
  statement n(conn, "SELECT rand IS NULL, succeeded IS NULL, latency_ms IS NULL FROM v_sessions "
                    "WHERE id = 8");
  BOOST_REQUIRE(n.step());
  BOOST_TEST(n.column_int64(0) == 1);
  BOOST_TEST(n.column_int64(1) == 1);
  BOOST_TEST(n.column_int64(2) == 1);

  statement s(conn, "SELECT protocol, state, failure_reason, sessions FROM v_summary "
                    "ORDER BY state");
  BOOST_REQUIRE(s.step());
  BOOST_TEST(s.column_text(1) == "established");
  BOOST_TEST(s.column_text(2) == "");
  BOOST_TEST(s.column_int64(3) == 1);
  BOOST_REQUIRE(s.step());
  BOOST_TEST(s.column_text(1) == "failed");
  BOOST_TEST(s.column_text(2) == "verification-mismatch");
  BOOST_TEST(!s.step());

  statement l(conn, "SELECT path, established, avg_ms FROM v_latency");
  BOOST_REQUIRE(l.step());
  BOOST_TEST(l.column_text(0) == "direct");
  BOOST_TEST(l.column_int64(1) == 1);
  BOOST_TEST(l.column_text(2) == "12.5");
  statement p(conn, "SELECT second, established FROM v_per_second");
  BOOST_REQUIRE(p.step());
  BOOST_TEST(p.column_text(0) == "2023-11-14T22:13:20Z");
  BOOST_TEST(p.column_int64(1) == 1);
}

BOOST_AUTO_TEST_CASE(state_check_constraint_rejects_unknown_states) {
  db conn = open_database(":memory:");
  BOOST_CHECK_THROW(conn.exec("INSERT INTO sessions (identity, protocol, softswitch, state) "
                              "VALUES ('a', 'sip', 'ss', 'bogus')"),
                    std::runtime_error);
}

BOOST_AUTO_TEST_CASE(the_life_states_are_accepted) {
  db conn = open_database(":memory:");
  for (const char* state : {"expired", "deregistered", "superseded"})
    conn.exec(std::string("INSERT INTO sessions (identity, protocol, softswitch, state) "
                          "VALUES ('a', 'sip', 'ss', '") + state + "')");
  BOOST_TEST(conn.query_int("SELECT count(*) FROM sessions") == 3);
}

BOOST_AUTO_TEST_CASE(a_version_1_database_is_upgraded_keeping_its_sessions) {
  test::temp_dir dir;
  const std::string path = dir.file("v1.db");
  {
    // The version-1 sessions table (without the registration's life) and one of its views.
    db conn(path);
    conn.exec(R"sql(
CREATE TABLE sessions (
  id INTEGER PRIMARY KEY, identity TEXT NOT NULL, protocol TEXT NOT NULL, proxy TEXT,
  softswitch TEXT NOT NULL, auc TEXT, terminal_node TEXT, proxy_node TEXT, softswitch_node TEXT,
  auc_node TEXT, mechanism TEXT,
  state TEXT NOT NULL CHECK (state = 'challenged' OR state = 'established' OR
                             state = 'failed' OR state = 'expired'),
  failure_reason TEXT, rand BLOB, sk_fingerprint BLOB, resyncs INTEGER NOT NULL DEFAULT 0,
  t_request INTEGER NOT NULL DEFAULT 0, t_challenge INTEGER, t_response INTEGER,
  t_success INTEGER, t_end INTEGER);
CREATE VIEW v_sessions AS SELECT id, state FROM sessions;
CREATE TABLE events (id INTEGER PRIMARY KEY, session_id INTEGER, t INTEGER, element TEXT,
  kind TEXT, detail TEXT);
INSERT INTO events (session_id, t, element, kind) VALUES (7, 1000, 'ss1', 'x');
INSERT INTO sessions (id, identity, protocol, softswitch, state, resyncs, t_request, t_success)
  VALUES (7, 't1@ngn.example', 'sip', 'ss1', 'established', 2, 1000, 2000);
PRAGMA user_version = 1;
)sql");
  }
  db conn = open_database(path);
  BOOST_TEST(conn.query_int("PRAGMA user_version") == schema_version);
  BOOST_TEST(conn.query_int("SELECT count(*) FROM sessions") == 1);
  BOOST_TEST(conn.query_int("SELECT resyncs FROM sessions WHERE id = 7") == 2);
  BOOST_TEST(conn.query_int("SELECT protected_sent FROM sessions WHERE id = 7") == 0);
  BOOST_TEST(count_objects(conn, "view") == 7); // every view of version 3, v_sessions anew
  BOOST_TEST(conn.query_int("SELECT count(*) FROM v_sessions WHERE lifetime IS NULL") == 1);
  // The new states pass the rebuilt CHECK; the old table is gone.
  conn.exec("UPDATE sessions SET state = 'superseded', successor = 8 WHERE id = 7");
  BOOST_TEST(conn.query_int("SELECT count(*) FROM sqlite_master WHERE name = 'sessions_v1'") == 0);
  BOOST_TEST(conn.query_int("SELECT count(*) FROM sqlite_master WHERE type = 'index' "
                            "AND name LIKE 'sessions_%'") == 3);
  // Its events table gained the version-3 columns before the DDL indexed one of them.
  BOOST_TEST(conn.query_int("SELECT count(*) FROM events WHERE identity IS NULL") == 1);
}

// Version 3 → 4 (issue 10 item 5): sessions and events gain their columns, the rows stay, the
// views show the new columns, the new index and the reasons table exist.
BOOST_AUTO_TEST_CASE(a_version_3_database_gains_the_following_columns) {
  test::temp_dir dir;
  const std::string path = dir.file("v3.db");
  {
    // A version-3 file: today's schema without what version 4 added.
    db conn = open_database(path);
    conn.exec("DROP VIEW v_sessions; DROP VIEW v_events; DROP VIEW v_summary; "
              "DROP VIEW v_latency; DROP VIEW v_per_second; DROP INDEX events_identity; "
              "DROP TABLE reasons;");
    // (Rebuilt from a SELECT: ALTER TABLE DROP COLUMN trips over the DDL's comments.)
    conn.exec("CREATE TABLE s2 AS SELECT id, identity, protocol, proxy, softswitch, auc, "
              "terminal_node, proxy_node, softswitch_node, auc_node, mechanism, state, "
              "failure_reason, rand, sk_fingerprint, resyncs, t_request, t_challenge, "
              "t_response, t_success, t_end, lifetime, successor, protected_sent, "
              "protected_received, protected_dropped, run FROM sessions; DROP TABLE sessions; "
              "ALTER TABLE s2 RENAME TO sessions; "
              "CREATE TABLE e2 AS SELECT id, session_id, t, element, kind, detail, run FROM events; "
              "DROP TABLE events; ALTER TABLE e2 RENAME TO events;");
    conn.exec("CREATE VIEW v_sessions AS SELECT id, state FROM sessions; "
              "CREATE VIEW v_events AS SELECT id FROM events; "
              "INSERT INTO sessions (id, identity, protocol, softswitch, state) "
              "  VALUES (3, 't1@ngn.example', 'sip', 'ss1', 'failed'); "
              "INSERT INTO events (session_id, t, element, kind) VALUES (3, 5, 'ss1', '403'); "
              "PRAGMA user_version = 3;");
  }
  db conn = open_database(path);
  BOOST_TEST(conn.query_int("PRAGMA user_version") == schema_version);
  BOOST_TEST(conn.query_int("SELECT count(*) FROM sessions WHERE id = 3") == 1);
  BOOST_TEST(conn.query_int("SELECT count(*) FROM events WHERE kind = '403'") == 1);
  conn.exec("UPDATE sessions SET wire_session = '0000002a', response_code = 403, "
            "detected_by = 'ss1', reason_code = 1 WHERE id = 3");
  BOOST_TEST(conn.query_int("SELECT response_code FROM v_sessions WHERE wire_session = '0000002a' "
                            "AND detected_by = 'ss1' AND reason_code = 1") == 403);
  conn.exec("UPDATE events SET identity = 't1@ngn.example', response_code = 403");
  BOOST_TEST(conn.query_int("SELECT response_code FROM v_events WHERE identity = "
                            "'t1@ngn.example' AND peer IS NULL") == 403);
  BOOST_TEST(count_objects(conn, "index") == 6);
  BOOST_TEST(conn.query_int("SELECT count(*) FROM reasons") == 0); // filled by the AuC's host
}

// Version 4 → 5 (issue 12): the refusals table appears, the rows stay; what refusal_totals reads.
BOOST_AUTO_TEST_CASE(a_version_4_database_gains_the_refusals_table) {
  test::temp_dir dir;
  const std::string path = dir.file("v4.db");
  {
    db conn = open_database(path);
    conn.exec("DROP TABLE refusals; "
              "INSERT INTO sessions (id, identity, protocol, softswitch, state) "
              "  VALUES (3, 't1@ngn.example', 'sip', 'ss1', 'failed'); "
              "PRAGMA user_version = 4;");
    BOOST_TEST(refusal_totals(conn, 0).empty()); // no table: nothing, no error
  }
  db conn = open_database(path);
  BOOST_TEST(conn.query_int("PRAGMA user_version") == 5);
  BOOST_TEST(conn.query_int("SELECT count(*) FROM sessions WHERE id = 3") == 1);
  conn.exec("INSERT INTO refusals (interval_start, auc, reason_code, reason, count) VALUES "
            "(1000000, 'auc1', 15, 'unknown identity', 40), "
            "(2000000, 'auc1', 15, 'unknown identity', 2), "
            "(2000000, 'auc1', 21, 'malformed sip message', 5)");
  auto t = refusal_totals(conn, 0);
  BOOST_REQUIRE_EQUAL(t.size(), 2u);
  BOOST_TEST(t[0].reason == "unknown identity");
  BOOST_TEST(t[0].count == 42u);
  BOOST_TEST(t[0].intervals == 2u);
  BOOST_TEST(t[1].count == 5u);
  BOOST_CHECK_THROW(conn.exec("INSERT INTO refusals (interval_start, auc, reason, count) VALUES "
                              "(1, 'auc1', 'x', 0)"),
                    storage_error); // a count is positive
}

BOOST_AUTO_TEST_CASE(open_errors_name_the_path) {
  test::temp_dir dir;
  const std::string missing_dir = dir.file("no/such/dir/ngn.db");
  open_fails(missing_dir, {missing_dir});

  const std::string garbage = dir.file("garbage.db");
  {
    std::ofstream f(garbage);
    f << std::string(4096, 'x');
  }
  open_fails(garbage, {garbage, "not a database"});
}

BOOST_AUTO_TEST_CASE(newer_schema_versions_are_refused) {
  test::temp_dir dir;
  const std::string path = dir.file("ngn.db");
  {
    db conn = open_database(path);
    conn.exec("PRAGMA user_version = 99");
  }
  open_fails(path, {path, "99"});
}

BOOST_AUTO_TEST_CASE(read_only_open_requires_the_schema) {
  test::temp_dir dir;
  const std::string path = dir.file("empty.db");
  { db conn(path); } // an empty SQLite file without our schema
  BOOST_CHECK_THROW(open_database(path, db::open_mode::read_only), std::runtime_error);
  { open_database(path); }
  db ro = open_database(path, db::open_mode::read_only);
  BOOST_TEST(ro.query_int("SELECT count(*) FROM sessions") == 0);
  BOOST_CHECK_THROW(ro.exec("DELETE FROM sessions"), std::runtime_error);
}

BOOST_AUTO_TEST_CASE(statements_bind_and_read_typed_values) {
  db conn(":memory:");
  conn.exec("CREATE TABLE t (i INTEGER, s TEXT, b BLOB, n TEXT)");
  statement ins(conn, "INSERT INTO t VALUES (?1, ?2, ?3, ?4)");
  const bytes blob{0x00, 0x01, 0xff};
  for (int round = 0; round < 2; ++round) { // reset() makes the statement reusable
    ins.bind(1, std::int64_t{-(std::int64_t{1} << 40)} - round);
    ins.bind(2, std::string_view("text\0with nul", 13));
    ins.bind_blob(3, blob);
    ins.bind_text_or_null(4, "");
    BOOST_TEST(!ins.step());
    ins.reset();
  }
  statement sel(conn, "SELECT i, s, b, n FROM t ORDER BY i DESC");
  BOOST_REQUIRE(sel.step());
  BOOST_TEST(sel.column_int64(0) == -(std::int64_t{1} << 40));
  BOOST_TEST(sel.column_text(1).size() == 13u);
  BOOST_TEST(sel.column_bytes(2) == blob);
  BOOST_TEST(sel.column_is_null(3));
  BOOST_TEST(sel.step());
  BOOST_TEST(!sel.step());
  BOOST_CHECK_THROW(statement(conn, "SELEKT nonsense"), std::runtime_error);
}

BOOST_AUTO_TEST_CASE(transactions_roll_back_unless_committed) {
  db conn(":memory:");
  conn.exec("CREATE TABLE t (i INTEGER)");
  {
    transaction t(conn);
    conn.exec("INSERT INTO t VALUES (1)");
  }
  BOOST_TEST(conn.query_int("SELECT count(*) FROM t") == 0);
  {
    transaction t(conn);
    conn.exec("INSERT INTO t VALUES (1)");
    t.commit();
  }
  BOOST_TEST(conn.query_int("SELECT count(*) FROM t") == 1);
}

BOOST_AUTO_TEST_SUITE_END()
