#include "storage/wal_checkpointer.hpp"

#include "storage/db.hpp"
#include "storage/schema.hpp"

#include <sqlite3.h>

#if defined(__linux__)
#include <pthread.h>
#endif

namespace ngn::storage {

wal_checkpointer::wal_checkpointer(const std::string& path, std::chrono::milliseconds period)
  : conn_(std::make_unique<db>(open_database(path))), period_(period) {
  if (period_.count() <= 0) period_ = std::chrono::milliseconds{1};
  // This connection never writes rows: the automatic checkpoint is off here too.
  conn_->exec("PRAGMA wal_autocheckpoint = 0");
  thread_ = std::thread([this] { run(); });
}

wal_checkpointer::~wal_checkpointer() {
  {
    std::lock_guard<std::mutex> lk(m_);
    stop_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

wal_checkpointer::stats wal_checkpointer::get_stats() const {
  std::lock_guard<std::mutex> lk(m_);
  return st_;
}

void wal_checkpointer::run() noexcept {
#if defined(__linux__)
  pthread_setname_np(pthread_self(), "ngn-db-ckpt");
#endif
  std::unique_lock<std::mutex> lk(m_);
  while (!stop_) {
    cv_.wait_for(lk, period_, [this] { return stop_; });
    if (stop_) break;
    lk.unlock();
    checkpoint();
    lk.lock();
  }
}

void wal_checkpointer::checkpoint() noexcept {
  int wal_frames = 0, copied = 0; // frames in the WAL, of which checkpointed (cumulative)
  const int rc = sqlite3_wal_checkpoint_v2(conn_->handle(), nullptr, SQLITE_CHECKPOINT_PASSIVE,
                                           &wal_frames, &copied);
  std::lock_guard<std::mutex> lk(m_);
  // SQLITE_BUSY: another checkpoint holds the lock (a reader's connection closing); next time.
  if (rc == SQLITE_OK || rc == SQLITE_BUSY) {
    ++st_.checkpoints;
    if (wal_frames > 0 && static_cast<std::uint64_t>(wal_frames) > st_.max_wal_frames)
      st_.max_wal_frames = static_cast<std::uint64_t>(wal_frames);
    return;
  }
  ++st_.errors;
  try {
    st_.last_error = conn_->path() + ": checkpoint: " + sqlite3_errmsg(conn_->handle());
  } catch (...) {
  }
}

} // namespace ngn::storage
