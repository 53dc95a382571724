#include "storage/writer_batch.hpp"

#include "storage/schema.hpp"

#include <sqlite3.h>

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
  "sk_fingerprint, resyncs, t_request, t_challenge, t_response, t_success, t_end, "
  "wire_session, response_code, detected_by, reason_code) VALUES ";
constexpr int session_params = 25;
constexpr const char* insert_event_head =
  "INSERT INTO events (session_id, t, element, kind, detail, peer, direction, protocol, "
  "identity, call_id, transaction_id, wire_session, response_code) VALUES ";
constexpr int event_params = 13;

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
  sqn_ = statement(db_, "UPDATE subscribers SET sqn = ?2 WHERE identity = ?1");
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
  describe(why, sqlite3_errstr(rc), ": ");
  try {
    why += sqlite3_errmsg(db_.handle());
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
  if (!finish_update(sqn_, s, why)) describe(why, "sqn_update: no subscriber ", o.identity);
  return s;
}

void batch_runner::bind_session(statement& st, int b, const session_row& r) noexcept {
  st.bind_refs(b + 1, r.id, r.identity, r.protocol, or_null(r.proxy), r.softswitch,
               or_null(r.auc), or_null(r.terminal_node), or_null(r.proxy_node),
               or_null(r.softswitch_node), or_null(r.auc_node), or_null(r.mechanism),
               to_string(r.state), or_null(r.failure_reason), or_null(r.rand),
               or_null(r.sk_fingerprint), static_cast<std::int64_t>(r.resyncs),
               or_null(r.t_request), or_null(r.t_challenge), or_null(r.t_response),
               or_null(r.t_success), or_null(r.t_end), or_null(r.wire_session),
               or_null(std::int64_t{r.response_code}), or_null(r.detected_by),
               or_null(std::int64_t{r.reason_code}));
}

void batch_runner::bind_event(statement& st, int b, const event_insert& e) noexcept {
  st.bind_refs(b + 1, or_null(e.session_id), e.t, or_null(e.element), or_null(e.kind),
               or_null(e.detail), or_null(e.peer), or_null(e.direction), or_null(e.protocol),
               or_null(e.identity), or_null(e.call_id), or_null(e.transaction),
               or_null(e.wire_session), or_null(std::int64_t{e.response_code}));
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

batch_result batch_runner::run(const std::vector<write_op>& ops,
                               const std::vector<op_group>& groups) noexcept {
  bool saw_rejection = false;
  batch_result r = run_fast(ops, saw_rejection);
  if (!saw_rejection) return r;
  return run_careful(ops, groups);
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
