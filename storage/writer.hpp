// THE group-commit writer of the AuC's database (DESIGN.md §4): one thread with its own
// connection takes everything queued, runs it in one transaction with cached prepared
// statements, commits, and reports the highest ticket it committed. "A challenge never leaves the
// AuC before the SQN it used is committed": the AuC submits the sqn_update, keeps the challenge,
// and releases it from on_commit once that ticket is committed.
//
// Failures never throw across threads and never drop data silently:
// - an operation the database refuses (constraint violation, unknown session id / identity,
//   SQN beyond 48 bits) is skipped together with the rest of its submission (a submitted vector
//   stays atomic); on_reject names it, stats::rejected counts it, last_error() says why. Its
//   ticket still counts as done for on_commit and flush(), so an AuC that must not release a
//   challenge on an unsaved SQN watches on_reject too;
// - a transaction that fails (SQLITE_FULL, I/O error, ...) is rolled back and retried with
//   exponential back-off; after `retries_before_report` attempts each further failure is reported
//   through on_commit (error non-empty) and counted in stats::errors, and the operations stay
//   queued and are retried until they commit. Only the destructor gives up (after reporting).
#pragma once

#include "protocols/common/bytes.hpp"
#include "storage/records.hpp"
#include "storage/refusals.hpp"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <variant>
#include <vector>

namespace ngn::storage {

/// subscribers.sqn = sqn, the new highest SQN issued. Only upwards: an SQN not above the stored
/// one is rejected (on_reject), as is an unknown identity; no SQN is issued twice to one K.
struct sqn_update {
  std::string identity;
  std::uint64_t sqn = 0;
};

/// A new sessions row; row.id comes from writer::next_session_id().
struct session_insert {
  session_row row;
};

/// Sets state; each other field is written only when non-empty / non-zero.
struct session_update {
  std::int64_t id = 0;
  session_state state = session_state::challenged;
  std::string mechanism;
  std::string failure_reason;
  std::int64_t t_response = 0, t_success = 0, t_end = 0;
  std::string proxy_node, softswitch_node, terminal_node;
  std::string wire_session, detected_by;
  std::uint32_t response_code = 0, reason_code = 0;
};

/// The end of an established registration (DESIGN.md §1.2, written once, by its edge's report):
/// state (expired, deregistered or superseded), t_end, the lifetime granted, the protected
/// messages it carried, the session that superseded it (0: none) and why it ended.
struct session_end {
  std::int64_t id = 0;
  session_state state = session_state::deregistered;
  std::int64_t t_end = 0;
  std::uint32_t lifetime = 0;
  std::uint64_t protected_sent = 0, protected_received = 0, protected_dropped = 0;
  std::int64_t successor = 0;
  std::string reason;
};

/// A new challenge after a resynchronisation: sets rand / sk_fingerprint / t_challenge (when
/// non-empty / non-zero) and increments resyncs.
struct session_resync {
  std::int64_t id = 0;
  bytes rand;
  bytes sk_fingerprint;
  std::int64_t t_challenge = 0;
};

/// One events row: one message on one hop (`ngnemu run --events`, nodes/event_tap.hpp); empty
/// strings and zeros are NULL.
struct event_insert {
  std::int64_t session_id = 0;     ///< the AuC's session row, when the message names it
  std::int64_t t = 0;
  std::string element, kind, detail;
  std::string peer;                ///< the element it was sent to
  std::string direction;           ///< request | response
  std::string protocol;            ///< sip | mgcp | h248 | h323 | auc | esp
  std::string identity;
  std::string call_id;             ///< SIP Call-ID
  std::string transaction;         ///< SIP Via branch, MGCP/H.248 transaction id, RAS
                                   ///< requestSeqNum, AuC: the soft switch's session id
  std::string wire_session;
  std::uint32_t response_code = 0;
};

/// The start of an emulation (a runs row, schema.cpp): inserts it, or, when a row of that name
/// exists (a node restarted into the same run), marks it running again. From then on the writer
/// stamps every session_insert and event_insert it commits with this run (sessions.run,
/// events.run). Submit it before the run's first session.
struct run_begin {
  std::string name;             ///< the run id (storage/run_name.hpp), same in every database
  std::int64_t started_at = 0;  ///< Unix µs
  std::string topology;         ///< TOML, as run
  std::string options;          ///< the command line as typed
  std::string nodes;            ///< the nodes hosted by this process, comma-separated
};

/// The end of the current run (the last run_begin's): ended_at, outcome and the process's
/// figures; the writer adds this database's own figures from the run's sessions (schema.cpp,
/// runs). Rejected when no run_begin came before. May be submitted again (e.g. with the report).
struct run_end {
  std::int64_t ended_at = 0;   ///< Unix µs
  std::string outcome;         ///< completed | failed | interrupted | timed out
  double cpu_s = 0;            ///< this process's CPU time
  std::int64_t peak_rss_kib = 0;
  std::string report;          ///< the JSON run report; empty: runs.report unchanged
};

using write_op = std::variant<sqn_update, session_insert, session_update, session_resync,
                              session_end, event_insert, run_begin, run_end, refusal_insert>;

struct writer_options {
  /// Most operations per transaction (a single submitted vector is never split).
  std::size_t max_batch = 4096;
  /// How long an idle writer, once an operation arrives, waits for companions (or max_batch of
  /// them) before starting the transaction; zero: start at once (batches then form only while
  /// the writer is busy committing, so under load they are small and commits many). flush()
  /// and the destructor cut the wait short.
  std::chrono::microseconds max_delay{2000};
  /// First back-off after a failed transaction; doubles up to retry_max_backoff.
  std::chrono::milliseconds retry_backoff{1};
  std::chrono::milliseconds retry_max_backoff{1000};
  /// Failed attempts of a batch before each further failure is reported through on_commit.
  unsigned retries_before_report = 4;
  /// PRAGMA max_page_count on the writer's connection (caps the file size; beyond it commits
  /// fail with SQLITE_FULL); 0 leaves SQLite's default.
  std::int64_t max_page_count = 0;
  /// WAL checkpoints: every this long from a thread of their own, off the commit path
  /// (storage/wal_checkpointer.hpp); zero: SQLite's automatic checkpoint inside the commit that
  /// fills 1,000 WAL pages. Databases that are not files (":memory:") have no WAL to checkpoint.
  std::chrono::milliseconds checkpoint_period{250};
};

class writer {
public:
  using options = writer_options;
  /// committed_ticket: the highest ticket of the transaction; error: empty when it committed,
  /// else why it failed (its operations stay queued and are retried).
  using commit_callback = std::function<void(std::uint64_t committed_ticket,
                                             const std::string& error)>;

  struct stats {
    std::uint64_t transactions = 0; ///< committed
    std::uint64_t ops = 0;          ///< committed operations (not counting rejected ones)
    std::uint64_t max_batch = 0;    ///< most operations in one committed transaction
    std::uint64_t errors = 0;       ///< failed transaction attempts
    std::uint64_t failures = 0;     ///< failures reported through on_commit (storage faults)
    std::uint64_t rejected = 0;     ///< operations refused by the database (skipped)
    std::uint64_t queued = 0;       ///< operations waiting now
    std::uint64_t checkpoints = 0;  ///< WAL checkpoints run off the commit path
    std::uint64_t max_wal_frames = 0; ///< the longest the WAL was at one of them, pages
  };

  /// Opens its own connection to `path` (creating the file and schema if needed). Throws
  /// std::runtime_error on failure (start-up path). One writer per database file.
  explicit writer(const std::string& path, options o = options{});
  /// Commits everything still queued (giving up, with a report, only if that keeps failing)
  /// and joins the thread. No submit() may run concurrently with or after destruction.
  ~writer();
  writer(const writer&) = delete;
  writer& operator=(const writer&) = delete;

  /// Queues `op`; thread-safe, never blocks on the database. Returns its ticket: 1, 2, 3, ...
  /// in submission order.
  std::uint64_t submit(write_op op);
  /// Queues `ops` to be committed in one transaction, all or none (an empty vector is a no-op
  /// returning the last ticket issued). Returns the ticket of the last operation.
  std::uint64_t submit(std::vector<write_op> ops);

  /// Installs the callback run on the writer thread after each transaction attempt that
  /// commits or is reported failed. Tickets are committed in order, so every ticket <=
  /// committed_ticket of a successful call is durable, except those named by on_reject. It must
  /// not block for long, nor call on_commit, on_reject or flush; exceptions it throws are
  /// swallowed.
  void on_commit(commit_callback cb);

  /// ticket: of the last operation of the rejected submission; ops: how many it had; reason:
  /// the database's word. Runs on the writer thread before the on_commit of its transaction;
  /// same rules as on_commit.
  using reject_callback = std::function<void(std::uint64_t ticket, std::size_t ops,
                                             const std::string& reason)>;
  void on_reject(reject_callback cb);

  /// Blocks until every operation submitted before the call is committed or rejected (true), or
  /// a failure is reported while waiting (false; the operations are still queued).
  bool flush();

  /// The next sessions.id: max(id) found at open, then +1 per call. Thread-safe.
  std::int64_t next_session_id();

  stats get_stats() const;
  /// The most recent failure or rejection, empty if none.
  std::string last_error() const;
  /// The most recent failure reported through on_commit (SQLite's message and result code),
  /// empty if none: a storage fault, not a rejection.
  std::string last_failure() const;

private:
  struct state;
  std::unique_ptr<state> s_;
};

} // namespace ngn::storage
