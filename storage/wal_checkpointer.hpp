// The AuC database's WAL checkpoints, off the commit path (DESIGN.md §4). SQLite's automatic
// checkpoint runs inside the COMMIT that takes the WAL past wal_autocheckpoint pages: that commit
// also copies the WAL into the database file and syncs it, and the group-commit writer — with
// every challenge waiting for its SQN to be committed — stalls for as long (hundreds of ms on the
// 2-core VM's disk; in the overload benchmark each stall came back as a wave of SIPp
// retransmissions). The writer's connection turns it off (PRAGMA wal_autocheckpoint = 0) and this
// thread, with a connection of its own, runs a PASSIVE checkpoint every `period`: it copies what
// no reader still needs and never blocks the writer (https://sqlite.org/wal.html#ckpt); once a
// checkpoint has copied the whole WAL, the writer's next transaction starts it again from the top,
// so the file stays about one period of writes long.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

namespace ngn::storage {

class db;

class wal_checkpointer {
public:
  struct stats {
    std::uint64_t checkpoints = 0;     ///< PASSIVE checkpoints run
    std::uint64_t max_wal_frames = 0;  ///< the longest the WAL was at a checkpoint, frames (pages)
    std::uint64_t errors = 0;       ///< checkpoints that failed (other than busy)
    std::string last_error;
  };

  /// Opens its own connection to `path` (a file; throws storage_error when it cannot) and starts
  /// the thread.
  wal_checkpointer(const std::string& path, std::chrono::milliseconds period);
  /// Stops and joins the thread (a checkpoint under way finishes first).
  ~wal_checkpointer();
  wal_checkpointer(const wal_checkpointer&) = delete;
  wal_checkpointer& operator=(const wal_checkpointer&) = delete;

  stats get_stats() const;

private:
  void run() noexcept;
  void checkpoint() noexcept;

  std::unique_ptr<db> conn_;
  std::chrono::milliseconds period_;
  mutable std::mutex m_;
  std::condition_variable cv_;
  bool stop_ = false;
  stats st_;
  std::thread thread_;
};

} // namespace ngn::storage
