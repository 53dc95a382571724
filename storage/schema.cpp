// The ngnemu database (DESIGN.md §4). Inspect it with `sqlite3 FILE` (`.schema` shows the tables
// below with their column comments) or with `ngnemu sessions` / `ngnemu report`.
//
// Conventions
// - Timestamps (`*_at`, `t_*`, events.t) are Unix time in microseconds (UTC), NULL when the
//   event has not happened. The views render them as ISO-8601 UTC, truncated to milliseconds.
// - Keys and other binary values are BLOBs; the views show them as lower-case hex.
// - Secrets: subscribers.k/op/opc and elements.key are the long-term keys the AuC needs. A session
//   key SK is never stored: sessions.sk_fingerprint = SHA-256(SK) lets two logs be matched
//   without revealing SK.
// - PRAGMA user_version = schema version (5). journal_mode = WAL, so readers never block the
//   AuC's writer. A version-1, -2, -3 or -4 database is upgraded when it is first opened for
//   writing; its rows are kept (their run is NULL when they predate runs).
//
// Tables
// - subscribers: one row per subscriber, the AuC's authentication data (DESIGN.md §2).
//   identity (user@domain, as in SIP From/To), protocol (`any` or the one protocol it may use:
//   sip, mgcp, h248, ras), k (K = Kc, 16 bytes), op (OP, 16 bytes, NULL if only OPc was
//   provisioned; kept because SIPp needs OP, see aka-and-vectors.md §3), opc (OPc =
//   OP ⊕ E_K(OP), TS 35.206 §4.1), amf (2 bytes), sqn (the highest SQN issued, 48 bit,
//   TS 33.102 §6.3 / Annex C), flags (bit 0: SIPp-compatible keys), created_at.
// - elements: the network elements' keys shared with the AuC: name (as in the topology), kind
//   (`proxy` → Ksp, `softswitch` → Kss), key (16 bytes).
// - sessions: one row per registration attempt (one authentication session). id is assigned by
//   the AuC; identity, protocol; proxy (NULL when the terminal talks to the soft switch
//   directly), softswitch, auc (element names); terminal_node, proxy_node, softswitch_node,
//   auc_node (the node processes hosting them); mechanism (the negotiated security mechanism,
//   RFC 3329 name, or no-sec-agree for a client that offered none); state (challenged →
//   established | failed | expired; an established registration then ends expired (not
//   refreshed in time), deregistered, or superseded by its re-registration, DESIGN.md §1.2);
//   failure_reason (why it failed, expired or ended); rand (the last RAND sent);
//   sk_fingerprint; resyncs (SQN resynchronisations, TS 33.102 §6.3.5); t_request
//   (authentication request reached the AuC), t_challenge (challenge released), t_response
//   (the terminal's second verification word arrived), t_success (success response sent),
//   t_end (session closed: failure, expiry, or the end of the registration); lifetime (granted,
//   s); successor (for superseded: the session of the re-registration that replaced it);
//   protected_sent / protected_received / protected_dropped (ESP packets of the registration
//   counted by its security edge, DESIGN.md §1.2; written once, at its end); run (the
//   emulation that wrote the row: runs.id; NULL for rows that predate schema 3); (schema 4)
//   wire_session (the soft switch's session id as its binding writes it on the wire: SIP
//   WWW-Authenticate opaque and MGCP RequestIdentifier as 8 hex digits, H.248 RequestID and RAS session ClearToken
//   random in decimal, protocols/dialogue/wire_ids.hpp); response_code (the code of the answer
//   the terminal received: SIP status, MGCP X-RSLT, H.248 error code, RAS result; 200 on
//   success, NULL when it got none); detected_by (the element that detected the failure: the
//   proxy, soft switch, AuC or the terminal's identity); reason_code (reasons.code).
// - events (`--events`, one row per message per hop): session_id (the AuC's row when the
//   message names it: AuC messages), t, element (the sender), peer (the receiver), direction
//   (request | response), protocol (sip, mgcp, h248, h323, auc, esp), kind (REGISTER, 401,
//   RQNT, 200, Notify, Reply, RRQ, RCF, auth_request, ESP, ...), identity, call_id (SIP),
//   transaction_id (SIP top Via branch, MGCP / H.248 transaction id, RAS requestSeqNum, AuC: the
//   soft switch's session id), wire_session, response_code, detail (mechanism lists offered,
//   of the edge and chosen; the reason of a refusal; what did not decode), run (as sessions.run).
// - reasons: the catalogue of failure reasons (code, text; elements/reasons.hpp), filled by
//   the AuC when it opens the database.
// - runs: one row per emulation that wrote to this file (the writer's run_begin / run_end,
//   storage/writer.hpp). id (local to this file: sessions.run and events.run refer to it);
//   name (the run id users see and type, UTC start + random hex, e.g. 20261206T083102Z-4f2a9c;
//   the SAME name in every database of one emulation: each AuC shard, each node's file);
//   started_at / ended_at; topology (the topology as run, TOML); options (the command line as
//   typed); nodes (the topology nodes hosted by the process that wrote this row, comma-
//   separated); outcome (running | completed | failed | interrupted | timed out, as the writing
//   process saw the run end; running: not ended, or the process died).
//   The figures are this database's own part of the run, computed by the writer at run_end from
//   the run's sessions in this file (so that the rows of one run in several files add up, AuC
//   shards holding disjoint identities): terminals_attempted (distinct identities),
//   terminals_established (of those, identities with a successful registration),
//   terminals_failed (identities with a failed session and no successful one), registrations
//   (sessions that reached success, re-registrations included), registrations_per_s
//   (registrations over the time from the first request to the last success), latency_p50_ms /
//   latency_p99_ms (nearest-rank percentiles of t_success - t_request). cpu_s and peak_rss_kib
//   are the writing process's (shards of one process carry the same figures: the same `nodes`).
//   first_session / last_session: the sessions of the run have first_session <= id <=
//   last_session (last_session NULL while running), so that a query by run reads that id range
//   and the writer needs no index on sessions(run). report: the machine-readable JSON run
//   report, NULL until a run_end carries it.
//
// Indexes: sessions(identity), sessions(t_request), events(session_id), events(identity, t),
// and sessions(state)
// restricted to the rows that are not established (the failures and stragglers one looks for;
// most rows end established and would only make every update dearer). A query for one of those
// states adds `AND state <> 'established'` so that SQLite can use it (session_query.cpp does).
// The CHECK on state is spelled with OR: `state IN (...)` would build a temporary b-tree on
// every insert and update (it halved the writer's cost per operation to avoid it).
//
// Views
// - v_sessions: sessions with readable times (requested, challenged, responded, succeeded,
//   ended), challenge_ms = t_challenge - t_request and latency_ms = t_success - t_request in
//   milliseconds, rand and sk_fingerprint in hex, the registration's life (lifetime, successor,
//   protected_*, registered_s = t_end - t_success in seconds).
//     sqlite3 ngn.db "SELECT * FROM v_sessions WHERE state = 'failed' LIMIT 20"
// - v_summary: session counts per protocol × state × failure_reason (and their resyncs).
//     sqlite3 -box ngn.db "SELECT * FROM v_summary"
// - v_latency: established sessions per protocol and path (direct / proxy): count, average,
//   minimum and maximum latency in ms.
// - v_per_second: registrations established per second (UTC second, count): the achieved rate.
// - v_subscribers: subscribers without their keys (identity, protocol, sqn, flags, amf, has_op).
// - v_events: events with a readable time and the run's name.
// - v_runs: runs with readable times, duration_s and their figures (not topology nor report).
// sessions(run) has no index (every insert would pay for it): queries by run use the run's id
// range (runs.first_session / last_session, the primary key).
#include "storage/schema.hpp"
#include "storage/refusals.hpp"

#include <stdexcept>
#include <string>

namespace ngn::storage {

namespace {

constexpr std::string_view ddl = R"sql(
CREATE TABLE IF NOT EXISTS subscribers (
  identity   TEXT PRIMARY KEY,                  -- user@domain
  protocol   TEXT NOT NULL DEFAULT 'any',       -- any | sip | mgcp | h248 | ras
  k          BLOB NOT NULL CHECK (length(k) = 16),                 -- K (= Kc)
  op         BLOB CHECK (op IS NULL OR length(op) = 16),           -- OP, NULL if only OPc known
  opc        BLOB NOT NULL CHECK (length(opc) = 16),               -- OPc = OP xor E_K(OP)
  amf        BLOB NOT NULL DEFAULT x'8000' CHECK (length(amf) = 2),
  sqn        INTEGER NOT NULL DEFAULT 0     -- highest SQN issued (48 bit)
             CHECK (sqn BETWEEN 0 AND 281474976710655),
  flags      INTEGER NOT NULL DEFAULT 0,        -- bit 0: SIPp-compatible K/OP
  created_at INTEGER                            -- Unix time, microseconds
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS elements (
  name TEXT PRIMARY KEY,                        -- element name from the topology
  kind TEXT NOT NULL CHECK (kind = 'proxy' OR kind = 'softswitch'),
  key  BLOB NOT NULL CHECK (length(key) = 16)   -- Ksp (proxy) or Kss (softswitch)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS runs (
  id           INTEGER PRIMARY KEY,             -- local to this file
  name         TEXT UNIQUE NOT NULL,            -- the run id, the same in every database of it
  started_at   INTEGER NOT NULL,                -- Unix time, microseconds
  ended_at     INTEGER,
  topology     TEXT,                            -- TOML, as run
  options      TEXT,                            -- the command line as typed
  nodes        TEXT,                            -- nodes hosted by the writing process
  outcome      TEXT NOT NULL DEFAULT 'running', -- running | completed | failed | interrupted
                                                -- | timed out
  -- This database's own part of the run (sessions of the run in this file), set by run_end:
  terminals_attempted   INTEGER,
  terminals_established INTEGER,
  terminals_failed      INTEGER,
  registrations         INTEGER,                -- sessions that reached success
  registrations_per_s   REAL,
  latency_p50_ms        REAL,
  latency_p99_ms        REAL,
  cpu_s        REAL,                            -- the writing process's CPU time
  peak_rss_kib INTEGER,                         -- the writing process's peak resident set
  first_session INTEGER,                        -- the run's sessions: first_session <= id
  last_session  INTEGER,                        --   <= last_session (NULL while running)
  report       TEXT                             -- JSON run report, NULL until written
);

CREATE TABLE IF NOT EXISTS sessions (
  id              INTEGER PRIMARY KEY,          -- assigned by the AuC
  identity        TEXT NOT NULL,
  protocol        TEXT NOT NULL,                -- sip | mgcp | h248 | ras
  proxy           TEXT,                         -- NULL when direct
  softswitch      TEXT NOT NULL,
  auc             TEXT,
  terminal_node   TEXT,
  proxy_node      TEXT,
  softswitch_node TEXT,
  auc_node        TEXT,
  mechanism       TEXT,                         -- RFC 3329 mechanism chosen
  state           TEXT NOT NULL                 -- challenged | established | failed | expired
                                                -- | deregistered | superseded
                  CHECK (state = 'challenged' OR state = 'established' OR state = 'failed' OR
                         state = 'expired' OR state = 'deregistered' OR state = 'superseded'),
  failure_reason  TEXT,                         -- why it failed, expired or ended
  rand            BLOB,                         -- last RAND sent
  sk_fingerprint  BLOB,                         -- SHA-256(SK), never SK
  resyncs         INTEGER NOT NULL DEFAULT 0,   -- SQN resynchronisations (AUTS)
  t_request       INTEGER,                      -- Unix time, microseconds
  t_challenge     INTEGER,
  t_response      INTEGER,
  t_success       INTEGER,
  t_end           INTEGER,
  lifetime        INTEGER,                      -- granted registration lifetime, s
  successor       INTEGER,                      -- superseded: the re-registration's session
  protected_sent      INTEGER NOT NULL DEFAULT 0,  -- ESP packets the edge sent under it
  protected_received  INTEGER NOT NULL DEFAULT 0,  -- ESP packets the edge accepted under it
  protected_dropped   INTEGER NOT NULL DEFAULT 0,  -- ESP packets dropped (ICV, replay, ...)
  run             INTEGER REFERENCES runs (id), -- NULL: predates schema 3
  -- schema 4, following one registration (issue 10 item 5)
  wire_session    TEXT,                         -- the SS session id as on the wire (SIP opaque ...)
  response_code   INTEGER,                      -- code of the answer the terminal received
  detected_by     TEXT,                         -- element that detected the failure
  reason_code     INTEGER                       -- reasons.code
);
CREATE INDEX IF NOT EXISTS sessions_identity ON sessions (identity);
-- Partial: only the rare states one searches for (most sessions end established); a query for
-- state = X uses it when it also says state <> 'established' (session_query.cpp does).
CREATE INDEX IF NOT EXISTS sessions_state ON sessions (state) WHERE state <> 'established';
CREATE INDEX IF NOT EXISTS sessions_t_request ON sessions (t_request);

CREATE TABLE IF NOT EXISTS events (
  id         INTEGER PRIMARY KEY,
  session_id INTEGER,
  t          INTEGER,                           -- Unix time, microseconds
  element    TEXT,
  kind       TEXT,
  detail     TEXT,
  run        INTEGER REFERENCES runs (id),      -- NULL: predates schema 3
  -- schema 4 (--events, issue 10 item 5)
  peer          TEXT,                           -- the element it was sent to
  direction     TEXT,                           -- request | response
  protocol      TEXT,                           -- sip | mgcp | h248 | h323 | auc | esp
  identity      TEXT,
  call_id       TEXT,                           -- SIP Call-ID
  transaction_id TEXT,                          -- Via branch / transaction id / RAS seq / SS session
  wire_session  TEXT,
  response_code INTEGER
);
CREATE INDEX IF NOT EXISTS events_session ON events (session_id);
CREATE INDEX IF NOT EXISTS events_identity ON events (identity, t);

CREATE TABLE IF NOT EXISTS reasons (
  code INTEGER PRIMARY KEY,                     -- elements/reasons.hpp
  text TEXT NOT NULL
);

CREATE VIEW IF NOT EXISTS v_sessions AS
SELECT id, identity, protocol, proxy, softswitch, auc, mechanism, state, failure_reason, resyncs,
  strftime('%Y-%m-%dT%H:%M:%fZ', t_request / 1000 / 1e3, 'unixepoch') AS requested,
  strftime('%Y-%m-%dT%H:%M:%fZ', t_challenge / 1000 / 1e3, 'unixepoch') AS challenged,
  strftime('%Y-%m-%dT%H:%M:%fZ', t_response / 1000 / 1e3, 'unixepoch') AS responded,
  strftime('%Y-%m-%dT%H:%M:%fZ', t_success / 1000 / 1e3, 'unixepoch') AS succeeded,
  strftime('%Y-%m-%dT%H:%M:%fZ', t_end / 1000 / 1e3, 'unixepoch') AS ended,
  (t_challenge - t_request) / 1000.0 AS challenge_ms,
  (t_success - t_request) / 1000.0 AS latency_ms,
  terminal_node, proxy_node, softswitch_node, auc_node,
  nullif(lower(hex(rand)), '') AS rand,
  nullif(lower(hex(sk_fingerprint)), '') AS sk_fingerprint,
  lifetime, successor, protected_sent, protected_received, protected_dropped,
  (t_end - t_success) / 1000000.0 AS registered_s,
  (SELECT name FROM runs WHERE runs.id = sessions.run) AS run,
  wire_session, response_code, detected_by, reason_code
FROM sessions;

CREATE VIEW IF NOT EXISTS v_summary AS
SELECT protocol, state, coalesce(failure_reason, '') AS failure_reason,
  count(*) AS sessions, sum(resyncs) AS resyncs
FROM sessions
GROUP BY protocol, state, coalesce(failure_reason, '')
ORDER BY protocol, state, sessions DESC;

CREATE VIEW IF NOT EXISTS v_latency AS
SELECT protocol, CASE WHEN proxy IS NULL THEN 'direct' ELSE 'proxy' END AS path,
  count(*) AS established,
  round(avg(t_success - t_request) / 1000.0, 3) AS avg_ms,
  round(min(t_success - t_request) / 1000.0, 3) AS min_ms,
  round(max(t_success - t_request) / 1000.0, 3) AS max_ms
FROM sessions
WHERE state = 'established' AND t_success IS NOT NULL AND t_request IS NOT NULL
GROUP BY 1, 2;

CREATE VIEW IF NOT EXISTS v_per_second AS
SELECT strftime('%Y-%m-%dT%H:%M:%SZ', t_success / 1000000, 'unixepoch') AS second,
  count(*) AS established
FROM sessions
WHERE state = 'established' AND t_success IS NOT NULL
GROUP BY t_success / 1000000
ORDER BY t_success / 1000000;

CREATE VIEW IF NOT EXISTS v_subscribers AS
SELECT identity, protocol, sqn, flags, lower(hex(amf)) AS amf, op IS NOT NULL AS has_op,
  strftime('%Y-%m-%dT%H:%M:%fZ', created_at / 1000 / 1e3, 'unixepoch') AS created
FROM subscribers;

CREATE VIEW IF NOT EXISTS v_events AS
SELECT id, session_id, strftime('%Y-%m-%dT%H:%M:%fZ', t / 1000 / 1e3, 'unixepoch') AS time,
  element, peer, direction, protocol, kind, identity, call_id, transaction_id, wire_session,
  response_code, detail, (SELECT name FROM runs WHERE runs.id = events.run) AS run
FROM events;

CREATE VIEW IF NOT EXISTS v_runs AS
SELECT id, name,
  strftime('%Y-%m-%dT%H:%M:%fZ', started_at / 1000 / 1e3, 'unixepoch') AS started,
  strftime('%Y-%m-%dT%H:%M:%fZ', ended_at / 1000 / 1e3, 'unixepoch') AS ended,
  (ended_at - started_at) / 1000000.0 AS duration_s, outcome, nodes, options,
  terminals_attempted, terminals_established, terminals_failed, registrations,
  registrations_per_s, latency_p50_ms, latency_p99_ms, cpu_s, peak_rss_kib
FROM runs;
)sql";

std::int64_t user_version(db& conn) {
  // The first read of the file: "file is not a database" surfaces here.
  return conn.query_int("PRAGMA user_version");
}

void check_version(db& conn, std::int64_t v) {
  if (v > schema_version)
    throw storage_error(conn.path() + ": database schema version " + std::to_string(v) +
                             " is newer than this program's (" +
                             std::to_string(schema_version) + ")");
}

} // namespace

std::string_view schema_sql() noexcept { return ddl; }

void configure(db& conn, std::chrono::milliseconds busy_timeout) {
  conn.exec("PRAGMA busy_timeout = " + std::to_string(busy_timeout.count()));
  if (conn.read_only()) return;
  statement wal(conn, "PRAGMA journal_mode = WAL");
  std::string mode = wal.step() ? wal.column_string(0) : std::string();
  // An in-memory database reports "memory"; anything else means WAL is unavailable here.
  if (mode != "wal" && mode != "memory")
    throw storage_error(conn.path() + ": cannot switch to WAL journal mode (got '" + mode +
                             "')");
  conn.exec("PRAGMA synchronous = NORMAL");
}

/// Version 1 → 2: sessions gains the registration's life (new states, lifetime, successor,
/// protected message counts). SQLite cannot alter a CHECK constraint: the table is rebuilt with
/// its rows, its views and indexes made anew by the DDL.
constexpr std::string_view upgrade_1_to_2 = R"sql(
DROP VIEW IF EXISTS v_sessions;
DROP VIEW IF EXISTS v_summary;
DROP VIEW IF EXISTS v_latency;
DROP VIEW IF EXISTS v_per_second;
ALTER TABLE sessions RENAME TO sessions_v1;
)sql";
constexpr std::string_view copy_1_to_2 = R"sql(
INSERT INTO sessions (id, identity, protocol, proxy, softswitch, auc, terminal_node, proxy_node,
  softswitch_node, auc_node, mechanism, state, failure_reason, rand, sk_fingerprint, resyncs,
  t_request, t_challenge, t_response, t_success, t_end)
SELECT id, identity, protocol, proxy, softswitch, auc, terminal_node, proxy_node,
  softswitch_node, auc_node, mechanism, state, failure_reason, rand, sk_fingerprint, resyncs,
  t_request, t_challenge, t_response, t_success, t_end FROM sessions_v1;
DROP TABLE sessions_v1;
)sql";

/// Version 2 → 3: `table` (sessions or events) names its run (NULL for the rows already there);
/// its view (v_sessions, v_events) is dropped for the DDL, which also creates `runs`, to make it
/// anew with the run. A table not there yet is left to the DDL.
void add_run_column(db& conn, const std::string& table) {
  conn.exec("DROP VIEW IF EXISTS v_" + table);
  if (conn.query_int("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '" +
                     table + "'") == 0)
    return;
  if (conn.query_int("SELECT count(*) FROM pragma_table_info('" + table +
                     "') WHERE name = 'run'") == 0)
    conn.exec("ALTER TABLE " + table + " ADD COLUMN run INTEGER REFERENCES runs (id)");
}

// ---- version 3 → 4: following one registration (issue 10 item 5) --------------------------------
// New columns of sessions and events and a new index; the views that show them are made anew.
// Columns are added only where missing: a version-1 file was rebuilt by the DDL with them already.
struct added_column {
  std::string_view table, name, decl;
};
constexpr added_column columns_v4_events[] = {
  {"sessions", "wire_session", "TEXT"},  {"sessions", "response_code", "INTEGER"},
  {"sessions", "detected_by", "TEXT"},   {"sessions", "reason_code", "INTEGER"},
  {"events", "peer", "TEXT"},            {"events", "direction", "TEXT"},
  {"events", "protocol", "TEXT"},        {"events", "identity", "TEXT"},
  {"events", "call_id", "TEXT"},         {"events", "transaction_id", "TEXT"},
  {"events", "wire_session", "TEXT"},    {"events", "response_code", "INTEGER"},
};

bool has_table(db& conn, std::string_view table) {
  statement st(conn, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?1");
  st.bind_text_ref(1, table);
  return st.step() && st.column_int64(0) > 0;
}

bool has_column(db& conn, std::string_view table, std::string_view name) {
  statement st(conn, "SELECT count(*) FROM pragma_table_info(?1) WHERE name = ?2");
  st.bind_text_ref(1, table);
  st.bind_text_ref(2, name);
  return st.step() && st.column_int64(0) > 0;
}

void upgrade_to_4_events(db& conn) {
  conn.exec("DROP VIEW IF EXISTS v_sessions; DROP VIEW IF EXISTS v_events;");
  for (const auto& c : columns_v4_events)
    if (has_table(conn, c.table) && !has_column(conn, c.table, c.name))
      conn.exec("ALTER TABLE " + std::string(c.table) + " ADD COLUMN " + std::string(c.name) + " "
                + std::string(c.decl));
}
// ---- end of version 3 → 4 (events) --------------------------------------------------------------

void apply_schema(db& conn) {
  std::int64_t v = user_version(conn);
  check_version(conn, v);
  if (v == schema_version) return;
  transaction t(conn);
  // Re-read under the write lock: another process may have created the schema meanwhile.
  v = user_version(conn);
  check_version(conn, v);
  if (v == 1) {
    // The rebuilt sessions table comes from the DDL (with run and the schema-4 columns); events
    // gains them before the DDL indexes one of them.
    conn.exec(upgrade_1_to_2);
    add_run_column(conn, "events");
    upgrade_to_4_events(conn);
    conn.exec(ddl);
    conn.exec(copy_1_to_2);
  } else if (v == 2 || v == 3) {
    if (v == 2) {
      add_run_column(conn, "sessions");
      add_run_column(conn, "events");
    }
    upgrade_to_4_events(conn);
    conn.exec(ddl);
  } else if (v != schema_version) {
    conn.exec(ddl);
  }
  // Version 4 → 5 (and every new database): the refusals table (storage/refusals.hpp), refusals
  // counted per reason and second instead of a session row each. Nothing else changes.
  conn.exec(refusals_ddl());
  conn.exec("PRAGMA user_version = " + std::to_string(schema_version));
  t.commit();
}

db open_database(const std::string& path, db::open_mode mode) {
  db conn(path, mode);
  configure(conn);
  if (mode == db::open_mode::read_only) {
    std::int64_t v = user_version(conn);
    check_version(conn, v);
    if (v < 1) throw storage_error(path + ": not an ngnemu database (no schema)");
  } else {
    apply_schema(conn);
  }
  return conn;
}

} // namespace ngn::storage
