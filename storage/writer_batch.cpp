#include "storage/writer_batch.hpp"

#include "storage/schema.hpp"

#include "storage/runs.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <string>

namespace ngn::storage::detail {

namespace {

/// Errors that concern the operation itself: retrying cannot help, the operation is skipped.
/// Everything else (SQLITE_FULL, SQLITE_IOERR_*, SQLITE_BUSY, SQLITE_NOMEM, ...) fails the
/// transaction, which is retried.
bool is_rejection(int rc) noexcept {
  switch (rc & 0xff) {
    case SQLITE_CONSTRAINT: case SQLITE_MISMATCH: case SQLITE_TOOBIG: case SQLITE_RANGE:
      return true;
    default:
      return false;
  }
}

constexpr const char* insert_session_head =
  "INSERT INTO sessions (id, identity, protocol, proxy, softswitch, auc, terminal_node, "
  "proxy_node, softswitch_node, auc_node, mechanism, state, failure_reason, rand, "
  "sk_fingerprint, resyncs, t_request, t_challenge, t_response, t_success, t_end, run, "
  "wire_session, response_code, detected_by, reason_code) VALUES ";
constexpr int session_params = 26;
constexpr const char* insert_event_head =
  "INSERT INTO events (session_id, t, element, kind, detail, run, peer, direction, protocol, "
  "identity, call_id, transaction_id, wire_session, response_code) VALUES ";
constexpr int event_params = 14;

bool is_run_op(const write_op& op) noexcept {
  return std::holds_alternative<run_begin>(op) || std::holds_alternative<run_end>(op);
}

/// `head` followed by `rows` groups of `params` numbered parameters: (?1, ?2), (?3, ?4), ...
std::string values_sql(const char* head, int rows, int params) {
  std::string sql = head;
  for (int r = 0; r < rows; ++r) {
    sql += r == 0 ? "(" : ", (";
    for (int p = 1; p <= params; ++p) {
      sql += '?';
      sql += std::to_string(r * params + p);
      sql += p == params ? ")" : ", ";
    }
  }
  return sql;
}

/// why = a + b, without throwing (on allocation failure `why` keeps what it had).
void describe(std::string& why, std::string_view a, std::string_view b) noexcept {
  try {
    why.assign(a);
    why += b;
  } catch (...) {
  }
}

void describe_id(std::string& why, std::string_view a, std::int64_t id) noexcept {
  try {
    describe(why, a, std::to_string(id));
  } catch (...) {
  }
}

} // namespace

batch_runner::batch_runner(const std::string& path, std::int64_t max_page_count)
  : db_(open_database(path)) {
  if (max_page_count > 0) db_.exec("PRAGMA max_page_count = " + std::to_string(max_page_count));
  // 8 MiB: index pages of the hot tables stay cached; more only grows RSS with the database
  // (the SQN updates touch subscriber pages at random; a miss is a read from the OS cache).
  db_.exec("PRAGMA cache_size = -8192");
  // After a checkpoint, a WAL that grew beyond 64 MiB (a long-lived reader held it back) is
  // truncated instead of keeping its largest size on disk.
  db_.exec("PRAGMA journal_size_limit = 67108864");
  begin_ = statement(db_, "BEGIN IMMEDIATE");
  commit_ = statement(db_, "COMMIT");
  rollback_ = statement(db_, "ROLLBACK");
  savepoint_ = statement(db_, "SAVEPOINT op_group");
  release_ = statement(db_, "RELEASE op_group");
  rollback_to_ = statement(db_, "ROLLBACK TO op_group");
  // Only upwards (DESIGN.md §2, issue 12): an SQN at or below the stored one changes no row and
  // is rejected, like an unknown identity.
  sqn_ = statement(db_, "UPDATE subscribers SET sqn = ?2 WHERE identity = ?1 AND sqn < ?2");
  insert_session_ = statement(db_, values_sql(insert_session_head, 1, session_params));
  insert_sessions_ =
    statement(db_, values_sql(insert_session_head, rows_per_insert, session_params));
  update_session_ = statement(
    db_, "UPDATE sessions SET state = ?2, mechanism = coalesce(?3, mechanism), "
         "failure_reason = coalesce(?4, failure_reason), t_response = coalesce(?5, t_response), "
         "t_success = coalesce(?6, t_success), t_end = coalesce(?7, t_end), "
         "proxy_node = coalesce(?8, proxy_node), "
         "softswitch_node = coalesce(?9, softswitch_node), "
         "terminal_node = coalesce(?10, terminal_node), "
         "wire_session = coalesce(?11, wire_session), "
         "response_code = coalesce(?12, response_code), "
         "detected_by = coalesce(?13, detected_by), "
         "reason_code = coalesce(?14, reason_code) WHERE id = ?1");
  resync_ = statement(
    db_, "UPDATE sessions SET rand = coalesce(?2, rand), "
         "sk_fingerprint = coalesce(?3, sk_fingerprint), "
         "t_challenge = coalesce(?4, t_challenge), resyncs = resyncs + 1 WHERE id = ?1");
  // The end of a registration; never on a session that is not established (an end report
  // arriving twice, or after the row failed, changes nothing).
  end_session_ = statement(
    db_, "UPDATE sessions SET state = ?2, t_end = ?3, lifetime = nullif(?4, 0), "
         "protected_sent = ?5, protected_received = ?6, protected_dropped = ?7, "
         "successor = nullif(?8, 0), failure_reason = coalesce(?9, failure_reason) "
         "WHERE id = ?1 AND state = 'established'");
  insert_event_ = statement(db_, values_sql(insert_event_head, 1, event_params));
  insert_refusal_ = statement(db_, refusal_insert_sql()); // storage/refusals.cpp
  // Runs (schema.cpp): a node restarted into the same run finds its row and continues it.
  begin_run_ = statement(
    db_, "INSERT INTO runs (name, started_at, topology, options, nodes, outcome, first_session) "
         "VALUES (?1, ?2, ?3, ?4, ?5, 'running', "
         "(SELECT coalesce(max(id), 0) + 1 FROM sessions)) "
         "ON CONFLICT (name) DO UPDATE SET outcome = 'running', ended_at = NULL, "
         "last_session = NULL, started_at = min(started_at, excluded.started_at)");
  run_id_ = statement(db_, "SELECT id FROM runs WHERE name = ?1");
  // The run's sessions lie in its id range from first_session: no index on sessions(run).
  constexpr const char* of_run =
    " FROM sessions WHERE run = ?1 AND id >= (SELECT first_session FROM runs WHERE id = ?1)";
  run_figures_ = statement(
    db_, std::string("SELECT count(DISTINCT identity), "
                     "count(DISTINCT CASE WHEN t_success IS NOT NULL THEN identity END), "
                     "count(t_success), min(t_request), max(t_success), max(id)") + of_run);
  run_failed_ = statement(
    db_, std::string("SELECT count(*) FROM (SELECT identity") + of_run +
           " GROUP BY identity HAVING max(t_success) IS NULL AND max(state = 'failed'))");
  run_latencies_ = statement(
    db_, std::string("SELECT t_success - t_request") + of_run +
           " AND t_success IS NOT NULL AND t_request IS NOT NULL ORDER BY 1");
  end_run_ = statement(
    db_, "UPDATE runs SET ended_at = ?2, outcome = ?3, cpu_s = ?4, peak_rss_kib = ?5, "
         "report = coalesce(?6, report), terminals_attempted = ?7, terminals_established = ?8, "
         "terminals_failed = ?9, registrations = ?10, registrations_per_s = ?11, "
         "latency_p50_ms = ?12, latency_p99_ms = ?13, last_session = ?14 WHERE id = ?1");
  insert_events_ = statement(db_, values_sql(insert_event_head, rows_per_insert, event_params));
}

std::int64_t batch_runner::max_session_id() {
  return db_.query_int("SELECT coalesce(max(id), 0) FROM sessions");
}

batch_runner::status batch_runner::finish(statement& st, std::string& why) noexcept {
  int rc = st.step_rc();
  if (rc == SQLITE_DONE || rc == SQLITE_ROW) {
    st.rewind(); // every parameter is bound again before the next step
    return status::ok;
  }
  // SQLite's own message and the extended result code (issue 12 item 5: a full disk says
  // "database or disk is full (SQLite result code 13)" in the summary and on stderr).
  try {
    why.assign(sqlite3_errmsg(db_.handle()));
    why += " (SQLite result code " + std::to_string(rc) + ")";
  } catch (...) {
  }
  st.rewind();
  return is_rejection(rc) ? status::rejected : status::failed;
}

bool batch_runner::finish_update(statement& st, status& s, std::string& why) noexcept {
  s = finish(st, why);
  if (s != status::ok || db_.changes() != 0) return true;
  s = status::rejected;
  return false;
}

batch_runner::status batch_runner::update_by_id(statement& st, std::string_view what,
                                                std::int64_t id, std::string& why) noexcept {
  status s;
  if (!finish_update(st, s, why)) describe_id(why, what, id);
  return s;
}

bool batch_runner::control(statement& st, std::string& why) noexcept {
  return finish(st, why) == status::ok;
}

batch_runner::status batch_runner::apply(const write_op& op, std::string& why) noexcept {
  return std::visit([&](const auto& o) { return apply(o, why); }, op);
}

batch_runner::status batch_runner::apply(const sqn_update& o, std::string& why) noexcept {
  sqn_.bind_text_ref(1, o.identity);
  sqn_.bind(2, static_cast<std::int64_t>(o.sqn)); // > 2^48-1 fails the CHECK: rejected
  status s;
  if (!finish_update(sqn_, s, why))
    describe(why, "sqn_update: SQN not above the stored one, or no subscriber ", o.identity);
  return s;
}

void batch_runner::bind_session(statement& st, int b, const session_row& r) noexcept {
  st.bind_refs(b + 1, r.id, r.identity, r.protocol, or_null(r.proxy), r.softswitch,
               or_null(r.auc), or_null(r.terminal_node), or_null(r.proxy_node),
               or_null(r.softswitch_node), or_null(r.auc_node), or_null(r.mechanism),
               to_string(r.state), or_null(r.failure_reason), or_null(r.rand),
               or_null(r.sk_fingerprint), static_cast<std::int64_t>(r.resyncs),
               or_null(r.t_request), or_null(r.t_challenge), or_null(r.t_response),
               or_null(r.t_success), or_null(r.t_end), or_null(run_), or_null(r.wire_session),
               or_null(std::int64_t{r.response_code}), or_null(r.detected_by),
               or_null(std::int64_t{r.reason_code}));
}

void batch_runner::bind_event(statement& st, int b, const event_insert& e) noexcept {
  st.bind_refs(b + 1, or_null(e.session_id), e.t, or_null(e.element), or_null(e.kind),
               or_null(e.detail), or_null(run_), or_null(e.peer), or_null(e.direction),
               or_null(e.protocol), or_null(e.identity), or_null(e.call_id),
               or_null(e.transaction), or_null(e.wire_session),
               or_null(std::int64_t{e.response_code}));
}

batch_runner::status batch_runner::apply(const session_insert& o, std::string& why) noexcept {
  bind_session(insert_session_, 0, o.row);
  return finish(insert_session_, why);
}

batch_runner::status batch_runner::apply(const session_update& o, std::string& why) noexcept {
  update_session_.bind_refs(1, o.id, to_string(o.state), or_null(o.mechanism),
                            or_null(o.failure_reason), or_null(o.t_response),
                            or_null(o.t_success), or_null(o.t_end),
                            or_null(o.proxy_node), or_null(o.softswitch_node),
                            or_null(o.terminal_node), or_null(o.wire_session),
                            or_null(std::int64_t{o.response_code}), or_null(o.detected_by),
                            or_null(std::int64_t{o.reason_code}));
  return update_by_id(update_session_, "session_update: no session ", o.id, why);
}

batch_runner::status batch_runner::apply(const session_resync& o, std::string& why) noexcept {
  resync_.bind_refs(1, o.id, or_null(o.rand), or_null(o.sk_fingerprint),
                    or_null(o.t_challenge));
  return update_by_id(resync_, "session_resync: no session ", o.id, why);
}

batch_runner::status batch_runner::apply(const session_end& o, std::string& why) noexcept {
  end_session_.bind_refs(1, o.id, to_string(o.state), o.t_end, std::int64_t{o.lifetime},
                         static_cast<std::int64_t>(o.protected_sent),
                         static_cast<std::int64_t>(o.protected_received),
                         static_cast<std::int64_t>(o.protected_dropped), o.successor,
                         or_null(o.reason));
  // An end for a session that is not (or no longer) established is not an error: nothing to do.
  return finish(end_session_, why);
}

batch_runner::status batch_runner::apply(const event_insert& o, std::string& why) noexcept {
  bind_event(insert_event_, 0, o);
  return finish(insert_event_, why);
}

batch_runner::status batch_runner::apply(const run_begin& o, std::string& why) noexcept {
  begin_run_.bind_refs(1, o.name, o.started_at, or_null(o.topology), or_null(o.options),
                       or_null(o.nodes));
  if (status s = finish(begin_run_, why); s != status::ok) return s;
  run_id_.bind_text_ref(1, o.name);
  const int rc = run_id_.step_rc();
  const std::int64_t id = rc == SQLITE_ROW ? run_id_.column_int64(0) : 0;
  run_id_.rewind();
  if (id == 0) {
    describe(why, "run_begin: no runs row after inserting ", o.name);
    return status::failed;
  }
  run_ = id;
  return status::ok;
}

batch_runner::status batch_runner::bind_run_figures(std::string& why) noexcept {
  // Once per run, on the writer thread: a scan of the run's id range, then its latencies.
  run_figures_.bind(1, run_);
  if (run_figures_.step_rc() != SQLITE_ROW) return finish(run_figures_, why);
  const std::int64_t attempted = run_figures_.column_int64(0);
  const std::int64_t established = run_figures_.column_int64(1);
  const std::int64_t registrations = run_figures_.column_int64(2);
  const std::int64_t first = run_figures_.column_int64(3), last = run_figures_.column_int64(4);
  const std::int64_t last_session = run_figures_.column_int64(5);
  run_figures_.rewind();
  run_failed_.bind(1, run_);
  if (run_failed_.step_rc() != SQLITE_ROW) return finish(run_failed_, why);
  const std::int64_t failed = run_failed_.column_int64(0);
  run_failed_.rewind();
  std::vector<std::int64_t> latencies;
  run_latencies_.bind(1, run_);
  try {
    latencies.reserve(static_cast<std::size_t>(registrations));
    int rc;
    while ((rc = run_latencies_.step_rc()) == SQLITE_ROW)
      latencies.push_back(run_latencies_.column_int64(0));
    if (rc != SQLITE_DONE) return finish(run_latencies_, why);
  } catch (...) {
    run_latencies_.rewind();
    describe(why, "run_end: out of memory", "");
    return status::failed;
  }
  run_latencies_.rewind();
  end_run_.bind(7, attempted);
  end_run_.bind(8, established);
  end_run_.bind(9, failed);
  end_run_.bind(10, registrations);
  if (last > first) end_run_.bind_double(11, double(registrations) * 1e6 / double(last - first));
  else end_run_.bind_null(11);
  if (latencies.empty()) {
    end_run_.bind_null(12);
    end_run_.bind_null(13);
  } else {
    end_run_.bind_double(12, nearest_rank_ms(latencies, 50));
    end_run_.bind_double(13, nearest_rank_ms(latencies, 99));
  }
  end_run_.bind_int_or_null(14, last_session);
  return status::ok;
}

batch_runner::status batch_runner::apply(const run_end& o, std::string& why) noexcept {
  if (run_ == 0) {
    describe(why, "run_end: no run_begin before it", "");
    return status::rejected;
  }
  if (status s = bind_run_figures(why); s != status::ok) return s;
  end_run_.bind(1, run_);
  end_run_.bind(2, o.ended_at);
  end_run_.bind_text_ref(3, o.outcome);
  end_run_.bind_double(4, o.cpu_s);
  end_run_.bind(5, o.peak_rss_kib);
  end_run_.bind_text_ref_or_null(6, o.report);
  return update_by_id(end_run_, "run_end: no runs row ", run_, why);
}

template <class Row>
batch_runner::status batch_runner::insert_rows(
  const std::vector<const Row*>& rows, statement& many, statement& one, int params,
  void (batch_runner::*bind)(statement&, int, const Row&) noexcept, std::string& why) noexcept {
  std::size_t i = 0;
  for (; i + rows_per_insert <= rows.size(); i += rows_per_insert) {
    for (int k = 0; k < rows_per_insert; ++k) (this->*bind)(many, k * params, *rows[i + k]);
    if (status s = finish(many, why); s != status::ok) return s;
  }
  for (; i < rows.size(); ++i) {
    (this->*bind)(one, 0, *rows[i]);
    if (status s = finish(one, why); s != status::ok) return s;
  }
  return status::ok;
}

bool batch_runner::set_durability(const std::vector<write_op>& ops, std::string& why) noexcept {
  // Issue 12 item 5: a transaction that carries an SQN commits with synchronous = FULL (the WAL
  // is synced at its commit: a committed SQN survives power loss, and a challenge leaves only
  // once its SQN is committed); the others keep NORMAL (durable once checkpointed). The level
  // cannot change inside a transaction, so it is set before BEGIN, and only when it changes.
  const bool full = std::any_of(ops.begin(), ops.end(), [](const write_op& op) {
    return std::holds_alternative<sqn_update>(op);
  });
  if (full == sync_full_now_) return true;
  // Not a prepared statement: SQLite applies this pragma when it compiles it.
  if (db_.exec_rc(full ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL", &why) !=
      0)
    return false;
  sync_full_now_ = full;
  return true;
}

batch_result batch_runner::run(const std::vector<write_op>& ops,
                               const std::vector<op_group>& groups) noexcept {
  const std::int64_t run_before = run_;
  batch_result r;
  if (!set_durability(ops, r.error)) return r;
  if (std::any_of(ops.begin(), ops.end(), is_run_op)) {
    r = run_careful(ops, groups);
  } else {
    bool saw_rejection = false;
    r = run_fast(ops, saw_rejection);
    if (saw_rejection) r = run_careful(ops, groups);
  }
  if (!r.committed) run_ = run_before; // the run_begin that set it is not in the database
  return r;
}

batch_result batch_runner::run_fast(const std::vector<write_op>& ops,
                                    bool& saw_rejection) noexcept {
  batch_result r;
  std::string ignored;
  auto fail = [&](status s) {
    // After some errors SQLite has already rolled back; ROLLBACK then fails harmlessly.
    control(rollback_, ignored);
    saw_rejection = s == status::rejected;
    return r;
  };
  try {
    session_rows_.clear();
    event_rows_.clear();
    later_.clear();
    for (const write_op& op : ops) {
      if (auto* i = std::get_if<session_insert>(&op))
        session_rows_.push_back(&i->row);
      else if (auto* e = std::get_if<event_insert>(&op))
        event_rows_.push_back(e);
      else if (!std::holds_alternative<sqn_update>(op))
        later_.push_back(&op);
    }
  } catch (...) {
    describe(r.error, "out of memory", "");
    return r;
  }
  if (!control(begin_, r.error)) return r;
  for (const write_op& op : ops) {
    if (auto* u = std::get_if<sqn_update>(&op))
      if (status s = apply(*u, r.error); s != status::ok) return fail(s);
  }
  if (status s = insert_rows(session_rows_, insert_sessions_, insert_session_, session_params,
                             &batch_runner::bind_session, r.error);
      s != status::ok)
    return fail(s);
  if (status s = insert_rows(event_rows_, insert_events_, insert_event_, event_params,
                             &batch_runner::bind_event, r.error);
      s != status::ok)
    return fail(s);
  for (const write_op* op : later_)
    if (status s = apply(*op, r.error); s != status::ok) return fail(s);
  if (!control(commit_, r.error)) {
    control(rollback_, ignored);
    return r;
  }
  r.error.clear();
  r.committed = true;
  r.applied = ops.size();
  return r;
}

batch_result batch_runner::run_careful(const std::vector<write_op>& ops,
                                       const std::vector<op_group>& groups) noexcept {
  batch_result r;
  std::string ignored;
  if (!control(begin_, r.error)) return r;
  std::size_t i = 0;
  for (const op_group& g : groups) {
    if (!control(savepoint_, r.error)) break;
    const std::int64_t run_before = run_;
    std::size_t k = 0;
    status s = status::ok;
    for (; k < g.count && s == status::ok; ++k) s = apply(ops[i + k], r.reject_reason);
    if (s == status::failed) {
      r.error.swap(r.reject_reason);
      break;
    }
    if (s == status::rejected) {
      // The group is all or nothing: undo its earlier operations too.
      if (!control(rollback_to_, r.error)) break;
      run_ = run_before;
      r.rejected += g.count;
      try {
        r.rejected_groups.push_back(rejected_group{g.ticket, g.count, r.reject_reason});
      } catch (...) {
        // out of memory: the group is still counted in `rejected`
      }
    } else {
      r.applied += g.count;
    }
    if (!control(release_, r.error)) break;
    i += g.count;
  }
  if (i == ops.size() && control(commit_, r.error)) {
    r.error.clear();
    r.committed = true;
    return r;
  }
  control(rollback_, ignored);
  r.applied = 0;
  r.rejected = 0;
  r.rejected_groups.clear();
  if (r.error.empty()) describe(r.error, "transaction failed", "");
  return r;
}

} // namespace ngn::storage::detail
