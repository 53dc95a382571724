// node_runtime's waiting: while the hosted terminal groups run (until they settle, or for the
// topology's duration), the progress line and one sample a second (--stats, the run report's
// series); then the terminals' departure within the leave grace (runtime.hpp).
#include "nodes/runtime.hpp"

#include "actors/atoms.hpp"
#include "nodes/process_stats.hpp"
#include "nodes/progress.hpp"
#include "nodes/stats_file.hpp"

#include <caf/all.hpp>

#include <chrono>
#include <cstdint>
#include <string>

namespace ngn::nodes {

using namespace actors;

void node_runtime::sample_second() {
  // One sample a second: the --stats line and the run report's series (README "Run report"),
  // the terminal groups' and the UDP listeners' clients' registrations.
  auto sources = progress_;
  sources.insert(sources.end(), listener_progress_.begin(), listener_progress_.end());
  auto x = sample_of(sources, report_.started);
  for (const auto& p : sources) x.in_flight_max += p->life.take_in_flight_max();
  if (stats_) stats_->write(x);
  const micros at = unix_micros();
  const double cpu = process_cpu_seconds();
  const long rss = current_rss_kb();
  std::lock_guard lock{mtx_};
  series_.add(x, at, cpu, rss);
}

bool node_runtime::wait_groups(std::chrono::seconds timeout, bool progress,
                               const std::function<bool()>& stop) {
  life_totals last;
  latency_counts last_latency{};
  micros last_t = report_.started;
  micros last_print = report_.started;
  const auto begin = std::chrono::steady_clock::now();
  const auto run_time = o_.topo.emulation.run_time;
  // With a duration the run lasts exactly that long (a soak); without, until every group has
  // settled, within the timeout.
  const auto end = run_time.count() > 0 ? begin + run_time : begin + timeout;
  std::unique_lock lock{mtx_};
  // Once a second, while running and while leaving: the stats sample and the progress line.
  const auto each_second = [&] {
    if (unix_micros() - last_print < seconds) return;
    lock.unlock();
    sample_second();
    if (progress) print_progress(progress_, report_.terminals, report_.started, last, last_t, last_latency);
    last_print = unix_micros();
    lock.lock();
  };
  bool ok = true;
  for (;;) {
    const bool all_settled = settled_ == drivers_.size() && run_time.count() == 0;
    if (all_settled) break;
    cv_.wait_for(lock, std::chrono::milliseconds(100));
    if (std::chrono::steady_clock::now() >= end) {
      ok = run_time.count() > 0; // the duration is the normal end; the timeout is not
      break;
    }
    if (stop && stop()) {
      ok = false;
      break;
    }
    each_second();
  }
  if (!ok) {
    report_.ended_early = std::chrono::steady_clock::now() >= end
                            ? "timed out after " + std::to_string(timeout.count()) + " s"
                            : "interrupted";
  }
  // The registered terminals' footprint, before they leave.
  lock.unlock();
  release_free_memory();
  report_.rss_after_kb = current_rss_kb();
  report_.cpu_before_leaving_seconds = process_cpu_seconds();
  lock.lock();
  // DESIGN.md §1.2: the run ends — every group makes its terminals de-register, then reports.
  // Interrupted (a signal, the timeout), terminals get interrupt_grace_ to de-register (README
  // "those under way get 2 s"); at a normal end leave_grace_.
  const auto leave = ok ? leave_grace_ : interrupt_grace_;
  // At a normal end the groups let their terminals leave a window at a time, and the grace
  // counts from the last departure: the wait here too.
  for (auto& d : drivers_)
    caf::anon_send(d, atoms::stop::value, static_cast<std::int64_t>(leave.count()), !ok);
  auto departed = [this] {
    std::uint64_t n = 0;
    for (const auto& p : progress_) n += p->departed.load(std::memory_order_relaxed);
    return n;
  };
  auto grace = std::chrono::steady_clock::now() + leave + std::chrono::seconds(5);
  std::uint64_t seen = departed();
  while (results_.size() < drivers_.size() && std::chrono::steady_clock::now() < grace) {
    if (ok) {
      if (const auto now_departed = departed(); now_departed != seen) {
        seen = now_departed;
        grace = std::chrono::steady_clock::now() + leave + std::chrono::seconds(5);
      }
    }
    cv_.wait_for(lock, std::chrono::milliseconds(100));
    each_second();
  }
  // The last line: the counters once the terminals have left (the de-registrations included).
  lock.unlock();
  sample_second();
  lock.lock();
  report_.timed_out = !ok;
  report_.ended = unix_micros();
  return ok;
}

} // namespace ngn::nodes
