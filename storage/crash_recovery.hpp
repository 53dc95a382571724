// Crash recovery at the AuC (issue 12 item 5): challenges a process left open when it ended
// without closing them (kill -9, a crash, power loss) are marked `expired` with the crash reason
// when an AuC next starts on the database, and runs it left `running` become `interrupted`.
//
// Which rows are another live process's: every AuC process using a database holds a shared
// flock(2) on its lock file `<database>-lock` (created 0600, never through a symbolic link) for as
// long as it may write challenges; the kernel drops the lock when the process ends, however it
// ends. A starting AuC asks for the lock exclusively, without waiting, before it writes anything:
// - granted: no other AuC process has the database open, so every `challenged` row and every
//   `running` run is a dead process's: all are closed;
// - refused: another live process uses the database; only `challenged` rows of runs that have
//   ended (outcome not `running`) are closed, and the rest is left to the next AuC that starts
//   alone.
// Then it holds the lock shared until auc_claim is destroyed. A separate file rather than the
// database itself: closing any descriptor of the database would drop SQLite's own POSIX locks.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace ngn::storage {

/// The catalogue entry written on the rows closed (elements/reasons.hpp: auc_restarted).
struct crash_reason {
  std::uint32_t code = 0;
  std::string_view text;
};

struct recovery_result {
  std::int64_t challenges = 0; ///< `challenged` rows marked expired
  std::int64_t runs = 0;       ///< `running` runs marked interrupted
  bool alone = false;          ///< no other AuC process held the database
};

/// This process's claim on an AuC database: recovery at construction, the shared lock until
/// destruction. Construct it before the database's writer submits anything (before the run's
/// run_begin: a run of this process must not be taken for a dead one).
class auc_claim {
public:
  /// Recovers in one transaction (schema applied if needed) at `now_us` (Unix µs; t_end and
  /// runs.ended_at of what it closes, when nothing later is known). ":memory:" and "file:" URIs
  /// have no lock file: nothing is recovered. Throws storage_error (start-up path).
  auc_claim(const std::string& path, const crash_reason& reason, std::int64_t now_us);
  ~auc_claim();
  auc_claim(const auc_claim&) = delete;
  auc_claim& operator=(const auc_claim&) = delete;

  const recovery_result& recovered() const noexcept { return result_; }

private:
  int fd_ = -1;
  recovery_result result_;
};

/// The lock file of the database at `path`.
std::string claim_lock_path(const std::string& path);

} // namespace ngn::storage
