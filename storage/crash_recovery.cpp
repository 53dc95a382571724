#include "storage/crash_recovery.hpp"

#include "protocols/common/escape.hpp"
#include "protocols/common/private_file.hpp"
#include "storage/schema.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

namespace ngn::storage {

namespace {

bool has_lock_file(const std::string& path) {
  return !path.empty() && path != ":memory:" && path.rfind("file:", 0) != 0;
}

/// flock(2), retried when a signal interrupts it; true when granted.
bool lock(int fd, int how) noexcept {
  int rc;
  do rc = ::flock(fd, how);
  while (rc != 0 && errno == EINTR);
  return rc == 0;
}

// The newest instant a run's committed sessions name: its end as far as the database knows.
constexpr const char* runs_sql =
  "UPDATE runs SET outcome = 'interrupted', ended_at = coalesce("
  " (SELECT nullif(max(max(coalesce(t_request, 0), coalesce(t_challenge, 0),"
  "   coalesce(t_response, 0), coalesce(t_success, 0), coalesce(t_end, 0))), 0)"
  "  FROM sessions WHERE run = runs.id AND id >= runs.first_session), started_at) "
  "WHERE outcome = 'running'";

// `state <> 'established'` lets SQLite use the partial index sessions_state (schema.cpp).
constexpr const char* sessions_sql =
  "UPDATE sessions SET state = 'expired', failure_reason = ?1, reason_code = ?2, t_end = ?3, "
  "detected_by = coalesce(detected_by, auc) "
  "WHERE state = 'challenged' AND state <> 'established'";
constexpr const char* ended_runs_only =
  " AND run IN (SELECT id FROM runs WHERE outcome <> 'running')";

recovery_result recover(const std::string& path, const crash_reason& reason,
                        std::int64_t now_us, bool alone) {
  recovery_result r;
  r.alone = alone;
  db conn = open_database(path);
  transaction t(conn);
  if (alone) {
    // Runs first: their end is read from their sessions before those get t_end = now.
    conn.exec(runs_sql);
    r.runs = conn.changes();
  }
  statement st(conn, std::string(sessions_sql) + (alone ? "" : ended_runs_only));
  st.bind(1, reason.text);
  st.bind(2, static_cast<std::int64_t>(reason.code));
  st.bind(3, now_us);
  st.step();
  r.challenges = conn.changes();
  t.commit();
  return r;
}

} // namespace

std::string claim_lock_path(const std::string& path) { return path + "-lock"; }

auc_claim::auc_claim(const std::string& path, const crash_reason& reason, std::int64_t now_us) {
  if (!has_lock_file(path)) return;
  const std::string lock_path = claim_lock_path(path);
  if (auto why = precreate_private_file(lock_path); !why.empty()) throw storage_error(why);
  fd_ = ::open(lock_path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
  if (fd_ < 0)
    throw storage_error(escape_text(lock_path) + ": cannot open the AuC lock file: " +
                        std::strerror(errno));
  try {
    const bool alone = lock(fd_, LOCK_EX | LOCK_NB);
    result_ = recover(path, reason, now_us, alone);
    if (!lock(fd_, LOCK_SH))
      throw storage_error(escape_text(lock_path) + ": cannot lock the AuC lock file: " +
                          std::strerror(errno));
  } catch (...) {
    ::close(fd_);
    fd_ = -1;
    throw;
  }
}

auc_claim::~auc_claim() {
  if (fd_ >= 0) ::close(fd_); // drops the lock
}

} // namespace ngn::storage
