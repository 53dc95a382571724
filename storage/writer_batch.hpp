// Internal to storage/writer: runs one batch of write operations as one transaction on the
// writer thread's own connection, with cached prepared statements. No exceptions after
// construction.
#pragma once

#include "storage/db.hpp"
#include "storage/writer.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace ngn::storage::detail {

/// Consecutive operations submitted together (one ticket for the last of them).
struct op_group {
  std::uint64_t ticket = 0;
  std::size_t count = 0;
};

/// A group skipped because the database refused one of its operations.
struct rejected_group {
  std::uint64_t ticket = 0; ///< of its last operation
  std::size_t count = 0;
  std::string reason;
};

struct batch_result {
  bool committed = false;
  std::string error;          ///< why the transaction failed (committed == false)
  std::uint64_t applied = 0;  ///< operations written
  std::uint64_t rejected = 0; ///< operations skipped (their whole group)
  std::string reject_reason;  ///< scratch: the latest rejection
  std::vector<rejected_group> rejected_groups;
};

class batch_runner {
public:
  /// Opens `path` with the schema applied; throws std::runtime_error (start-up).
  batch_runner(const std::string& path, std::int64_t max_page_count);

  /// max(sessions.id), 0 when empty.
  std::int64_t max_session_id();
  /// The connection journals in WAL mode (a file, not ":memory:").
  bool has_wal() {
    statement st(db_, "PRAGMA journal_mode");
    return st.step() && st.column_string(0) == "wal";
  }
  /// PRAGMA wal_autocheckpoint = 0: its commits no longer checkpoint (storage/wal_checkpointer).
  void leave_checkpoints_to_another_thread() { db_.exec("PRAGMA wal_autocheckpoint = 0"); }
  /// PRAGMA synchronous of its connection now (1 NORMAL, 2 FULL): what the last batch ran with.
  std::int64_t synchronous_level() { return db_.query_int("PRAGMA synchronous"); }

  /// `groups` partition `ops` in order. A rejected operation rolls back its group only (a
  /// SAVEPOINT per group, used only once a rejection has been seen); any other failure rolls
  /// back the whole transaction.
  ///
  /// The first attempt runs the operations by kind: SQN updates, then session inserts and
  /// event inserts rows_per_insert rows per statement, then session updates and resyncs, each
  /// kind in submission order. That equals submission order for every correct sequence (a
  /// session is inserted before it is updated; updates and resyncs touch different columns).
  /// If anything is refused, the batch is rolled back and run again one operation at a time in
  /// submission order, with the rejections isolated per group. A batch holding a run_begin or
  /// run_end (once per run) goes that careful way at once: the run a row is stamped with
  /// depends on its place among them.
  batch_result run(const std::vector<write_op>& ops, const std::vector<op_group>& groups) noexcept;

  /// Rows per multi-row INSERT: SQLite then keeps its cursors positioned from row to row,
  /// which makes a session insert about a third cheaper than one statement per row.
  static constexpr int rows_per_insert = 16;

private:
  enum class status { ok, rejected, failed };
  status apply(const write_op& op, std::string& why) noexcept;
  status apply(const sqn_update& op, std::string& why) noexcept;
  status apply(const session_insert& op, std::string& why) noexcept;
  status apply(const session_update& op, std::string& why) noexcept;
  status apply(const session_resync& op, std::string& why) noexcept;
  status apply(const session_end& op, std::string& why) noexcept;
  status apply(const event_insert& op, std::string& why) noexcept;
  status apply(const run_begin& op, std::string& why) noexcept;
  status apply(const run_end& op, std::string& why) noexcept;
  status apply(const refusal_insert& op, std::string& why) noexcept; ///< storage/refusals.cpp
  /// This database's own figures of the current run into end_run_'s parameters 5...
  status bind_run_figures(std::string& why) noexcept;
  /// Steps `st` once and resets it; classifies the result.
  status finish(statement& st, std::string& why) noexcept;
  /// finish into `s`; false (and s = rejected) if it succeeded but changed no row.
  bool finish_update(statement& st, status& s, std::string& why) noexcept;
  /// finish_update of a statement that updates the session `id`; `what` names it when no row
  /// changed.
  status update_by_id(statement& st, std::string_view what, std::int64_t id,
                      std::string& why) noexcept;
  bool control(statement& st, std::string& why) noexcept;
  void bind_session(statement& st, int base, const session_row& r) noexcept;
  void bind_event(statement& st, int base, const event_insert& e) noexcept;
  /// Inserts `rows` through `many` (rows_per_insert at a time) and `one` (the rest).
  template <class Row>
  status insert_rows(const std::vector<const Row*>& rows, statement& many, statement& one,
                     int params, void (batch_runner::*bind)(statement&, int, const Row&) noexcept,
                     std::string& why) noexcept;
  /// synchronous = FULL for a batch with an sqn_update, NORMAL otherwise; false on failure.
  bool set_durability(const std::vector<write_op>& ops, std::string& why) noexcept;
  batch_result run_fast(const std::vector<write_op>& ops, bool& saw_rejection) noexcept;
  batch_result run_careful(const std::vector<write_op>& ops,
                           const std::vector<op_group>& groups) noexcept;

  /// runs.id of the last run_begin applied (0: none): stamped on sessions and events inserted.
  /// Restored when the operation that set it is rolled back.
  std::int64_t run_ = 0;

  db db_;
  statement begin_run_, run_id_, run_figures_, run_failed_, run_latencies_, end_run_;
  statement begin_, commit_, rollback_, savepoint_, release_, rollback_to_;
  bool sync_full_now_ = false; ///< schema.cpp's configure() leaves NORMAL
  statement sqn_, insert_session_, update_session_, resync_, end_session_, insert_event_;
  statement insert_sessions_, insert_events_; // rows_per_insert rows each
  statement insert_refusal_;
  std::vector<const session_row*> session_rows_; // scratch of run_fast
  std::vector<const event_insert*> event_rows_;
  std::vector<const write_op*> later_;
};

} // namespace ngn::storage::detail
