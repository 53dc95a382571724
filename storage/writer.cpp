// The group-commit loop (DESIGN.md §4). Submitters append to a queue of chunks under one mutex;
// each chunk holds at most max_batch operations (unless one submitted group is larger) and is
// one transaction. The writer thread pops the oldest chunk in O(1), runs it
// (writer_batch.cpp), runs the on_commit callback, wakes flush() callers and recycles the chunk's
// buffers. Nothing large is ever moved or reallocated while the mutex is held.
#include "storage/writer.hpp"

#include "storage/wal_checkpointer.hpp"

#include "storage/writer_batch.hpp"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

#if defined(__linux__)
#include <pthread.h>
#endif

namespace ngn::storage {

using detail::op_group;
using clock_type = std::chrono::steady_clock;

namespace {

/// Operations committed together, with their group boundaries.
struct chunk {
  std::vector<write_op> ops;
  std::vector<op_group> groups;
};

constexpr std::size_t max_spare_chunks = 8;

} // namespace

struct writer::state {
  state(const std::string& path, const options& o)
    : opt(o), runner(path, o.max_page_count), session_id(runner.max_session_id()) {
    if (opt.max_batch == 0) opt.max_batch = 1;
    if (opt.checkpoint_period.count() > 0 && runner.has_wal()) {
      runner.leave_checkpoints_to_another_thread();
      checkpointer = std::make_unique<wal_checkpointer>(path, opt.checkpoint_period);
    }
  }

  options opt;
  detail::batch_runner runner; // used by the writer thread only, once it runs
  std::unique_ptr<wal_checkpointer> checkpointer; // null: SQLite's automatic checkpoints
  std::atomic<std::int64_t> session_id;

  mutable std::mutex m;            // guards everything below up to cb_m
  std::condition_variable work_cv; // the writer thread waits here
  std::condition_variable done_cv; // flush() waits here
  std::deque<chunk> queue;
  std::vector<chunk> spare;        // emptied chunks keeping their capacity
  std::size_t queued = 0;          // operations in `queue`
  clock_type::time_point first_queued; // when the queue last became non-empty
  std::uint64_t last_ticket = 0;   // last issued
  std::uint64_t committed = 0;     // every ticket <= committed is done (written or rejected)
  std::uint64_t flush_target = 0;  // highest ticket a flush() waits for
  std::uint64_t failure_reports = 0;
  bool stop = false;
  bool gave_up = false;
  stats st;
  std::string last_error;
  std::string last_failure; // reported through on_commit

  std::mutex cb_m; // guards the callbacks; held while one runs
  commit_callback cb;
  reject_callback reject_cb;

  std::thread thread;

  /// The chunk to append `n` operations to (under m).
  chunk& tail_for(std::size_t n);
  /// Bookkeeping after appending `n` operations to `before` queued ones (under m); true if the
  /// writer must be woken.
  bool appended(std::size_t before, std::size_t n) noexcept;
  void run() noexcept;
  void commit(chunk& c);
  void report(std::uint64_t ticket, const std::string& error) noexcept;
  void report_rejections(const std::vector<detail::rejected_group>& groups) noexcept;
};

chunk& writer::state::tail_for(std::size_t n) {
  if (queue.empty() || (!queue.back().ops.empty() && queue.back().ops.size() + n > opt.max_batch)) {
    if (spare.empty()) {
      queue.emplace_back();
    } else {
      queue.push_back(std::move(spare.back()));
      spare.pop_back();
    }
  }
  return queue.back();
}

bool writer::state::appended(std::size_t before, std::size_t n) noexcept {
  queued += n;
  if (before == 0) first_queued = clock_type::now();
  // Wake the writer only when one of its wait conditions may have become true.
  return before == 0 || (before < opt.max_batch && before + n >= opt.max_batch);
}

void writer::state::run() noexcept {
#if defined(__linux__)
  pthread_setname_np(pthread_self(), "ngn-db-writer"); // shows in top -H, perf, gdb
#endif
  chunk c;
  for (;;) {
    try {
      if (c.ops.empty()) {
        std::unique_lock<std::mutex> lk(m);
        work_cv.wait(lk, [&] { return stop || queued > 0; });
        if (queued == 0) return; // stopping and nothing left
        if (opt.max_delay.count() > 0) {
          // Linger for companions, unless someone is waiting for these operations.
          work_cv.wait_until(lk, first_queued + opt.max_delay, [&] {
            return stop || queued >= opt.max_batch || flush_target > committed;
          });
        }
        c = std::move(queue.front());
        queue.pop_front();
        queued -= c.ops.size();
      }
      commit(c);
      c.ops.clear(); // destroys the operations outside the lock
      c.groups.clear();
      std::lock_guard<std::mutex> lk(m);
      if (spare.size() < max_spare_chunks) spare.push_back(std::move(c));
      c = chunk{};
    } catch (...) {
      // Only allocation failures get here. A taken chunk is kept and retried after a pause
      // rather than lost or allowed to take the process down.
      std::this_thread::sleep_for(opt.retry_backoff);
    }
  }
}

void writer::state::commit(chunk& c) {
  const std::uint64_t last = c.groups.back().ticket;
  auto backoff = opt.retry_backoff;
  for (unsigned attempts = 1;; ++attempts) {
    detail::batch_result r = runner.run(c.ops, c.groups);
    if (r.committed) {
      {
        std::lock_guard<std::mutex> lk(m);
        ++st.transactions;
        st.ops += r.applied;
        st.max_batch = std::max<std::uint64_t>(st.max_batch, r.applied);
        st.rejected += r.rejected;
        if (r.rejected > 0) last_error = r.reject_reason;
      }
      if (!r.rejected_groups.empty()) report_rejections(r.rejected_groups);
      report(last, std::string());
      {
        std::lock_guard<std::mutex> lk(m);
        committed = last;
      }
      done_cv.notify_all();
      return;
    }
    bool stopping;
    {
      std::lock_guard<std::mutex> lk(m);
      ++st.errors;
      last_error = r.error;
      stopping = stop;
    }
    if (attempts < opt.retries_before_report) {
      std::this_thread::sleep_for(backoff);
      backoff = std::min(backoff * 2, opt.retry_max_backoff);
      continue;
    }
    {
      std::lock_guard<std::mutex> lk(m);
      ++st.failures;
      last_failure = r.error;
    }
    report(last, r.error);
    if (stopping) {
      // The destructor is waiting: give up, loudly, on this chunk and everything behind it.
      std::uint64_t lost_upto;
      std::size_t lost;
      {
        std::lock_guard<std::mutex> lk(m);
        lost = c.ops.size() + queued;
        lost_upto = last_ticket;
        queue.clear();
        queued = 0;
        gave_up = true;
      }
      report(lost_upto, "writer stopped with " + std::to_string(lost) +
                          " operations not committed: " + r.error);
      done_cv.notify_all();
      return;
    }
    {
      std::lock_guard<std::mutex> lk(m);
      ++failure_reports;
    }
    done_cv.notify_all();
    std::this_thread::sleep_for(backoff);
    backoff = std::min(backoff * 2, opt.retry_max_backoff);
  }
}

void writer::state::report(std::uint64_t ticket, const std::string& error) noexcept {
  std::lock_guard<std::mutex> lk(cb_m);
  if (!cb) return;
  try {
    cb(ticket, error);
  } catch (...) {
    // a callback's exception must not end the writer thread
  }
}

void writer::state::report_rejections(const std::vector<detail::rejected_group>& groups) noexcept {
  std::lock_guard<std::mutex> lk(cb_m);
  if (!reject_cb) return;
  for (const auto& g : groups) {
    try {
      reject_cb(g.ticket, g.count, g.reason);
    } catch (...) {
      // as in report()
    }
  }
}

// ---------------------------------------------------------------------------------------------

writer::writer(const std::string& path, options o) : s_(std::make_unique<state>(path, o)) {
  s_->thread = std::thread([st = s_.get()] { st->run(); });
}

writer::~writer() {
  {
    std::lock_guard<std::mutex> lk(s_->m);
    s_->stop = true;
  }
  s_->work_cv.notify_all();
  if (s_->thread.joinable()) s_->thread.join();
}

std::uint64_t writer::submit(write_op op) {
  state& s = *s_;
  std::unique_lock<std::mutex> lk(s.m);
  chunk& c = s.tail_for(1);
  c.ops.push_back(std::move(op));
  const std::uint64_t ticket = ++s.last_ticket;
  c.groups.push_back(op_group{ticket, 1});
  const bool wake = s.appended(s.queued, 1);
  lk.unlock();
  if (wake) s.work_cv.notify_one();
  return ticket;
}

std::uint64_t writer::submit(std::vector<write_op> ops) {
  state& s = *s_;
  std::unique_lock<std::mutex> lk(s.m);
  if (ops.empty()) return s.last_ticket;
  chunk& c = s.tail_for(ops.size());
  c.ops.insert(c.ops.end(), std::make_move_iterator(ops.begin()),
               std::make_move_iterator(ops.end()));
  s.last_ticket += ops.size();
  const std::uint64_t ticket = s.last_ticket;
  c.groups.push_back(op_group{ticket, ops.size()});
  const bool wake = s.appended(s.queued, ops.size());
  lk.unlock();
  if (wake) s.work_cv.notify_one();
  return ticket;
}

void writer::on_commit(commit_callback cb) {
  std::lock_guard<std::mutex> lk(s_->cb_m);
  s_->cb = std::move(cb);
}

void writer::on_reject(reject_callback cb) {
  std::lock_guard<std::mutex> lk(s_->cb_m);
  s_->reject_cb = std::move(cb);
}

bool writer::flush() {
  state& s = *s_;
  std::unique_lock<std::mutex> lk(s.m);
  const std::uint64_t target = s.last_ticket;
  if (s.committed >= target) return true;
  const std::uint64_t reports = s.failure_reports;
  s.flush_target = std::max(s.flush_target, target);
  s.work_cv.notify_one();
  s.done_cv.wait(lk, [&] {
    return s.committed >= target || s.failure_reports != reports || s.gave_up;
  });
  return s.committed >= target;
}

std::int64_t writer::next_session_id() { return s_->session_id.fetch_add(1) + 1; }

writer::stats writer::get_stats() const {
  std::unique_lock<std::mutex> lk(s_->m);
  stats out = s_->st;
  out.queued = s_->queued;
  lk.unlock();
  if (s_->checkpointer) {
    const auto c = s_->checkpointer->get_stats();
    out.checkpoints = c.checkpoints;
    out.max_wal_frames = c.max_wal_frames;
  }
  return out;
}

std::string writer::last_error() const {
  std::lock_guard<std::mutex> lk(s_->m);
  return s_->last_error;
}

std::string writer::last_failure() const {
  std::lock_guard<std::mutex> lk(s_->m);
  return s_->last_failure;
}

} // namespace ngn::storage
