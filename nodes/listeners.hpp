// The UDP listeners of the proxies and soft switches hosted in this process (topology `listen`,
// `ngnemu run --listen`): opened once the elements run, wired into the router (answers to a
// listener's clients leave through its socket), served until a stop condition, stopped before
// the elements drain. nodes/udp_listener.hpp has the per-socket details.
#pragma once

#include "actors/router.hpp"
#include "nodes/emulation.hpp"
#include "nodes/plan.hpp"
#include "nodes/udp_listener.hpp"

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace ngn::nodes {

class listeners {
public:
  /// Opens a listener for every entry of p.listeners() whose node `hosts` accepts, and installs
  /// the router's listener sink (call before the first client can reach an element: right after
  /// the elements are spawned). Throws std::runtime_error naming the endpoint (bind failure...).
  /// `r` must outlive this object. The clients' registrations are given up after the topology's
  /// `registration_timeout` (listener_meter.hpp), whatever `limits` says.
  listeners(const plan& p, actors::router& r, const std::function<bool(const std::string&)>& hosts,
            listener_limits limits = {});
  ~listeners();
  listeners(const listeners&) = delete;
  listeners& operator=(const listeners&) = delete;

  bool empty() const noexcept { return open_.empty(); }
  const std::vector<std::shared_ptr<udp_listener>>& all() const noexcept { return open_; }

  /// Serves until `stop` returns true (checked every 100 ms); with `progress`, a status line per
  /// listener on stderr every second (its clients' registrations of that second, in flight,
  /// timeouts, latency p50/p99); `each_second` (if set) is called every second too (the runtime
  /// samples its --stats line and per-second series). Records the process's CPU time spent
  /// serving (cpu_seconds()).
  void serve(const std::function<bool()>& stop, bool progress,
             const std::function<void()>& each_second = {});
  /// Stops receiving and sending (idempotent). Answers the elements produce afterwards are
  /// dropped and counted.
  void stop();

  /// "listening on udp:127.0.0.1:5060 (sp1)", one line per listener.
  std::string describe() const;
  /// The counters of every listener, for the run's summary.
  std::string summary() const;
  /// Every listener's element name, parallel to all().
  const std::vector<std::string>& names() const noexcept { return names_; }
  /// Every listener's topology node, parallel to all().
  const std::vector<std::string>& nodes() const noexcept { return nodes_; }
  /// Process CPU time spent in serve() (user + system, every thread), s.
  double cpu_seconds() const noexcept { return cpu_seconds_; }

private:
  std::vector<std::shared_ptr<udp_listener>> open_;
  std::vector<std::string> names_; ///< element names, parallel to open_
  std::vector<std::string> nodes_; ///< their nodes, parallel to open_
  double cpu_seconds_ = 0;
};

/// The listeners' summary lines, CPU time and their clients' registrations (listener_result) in
/// `r`, for the summary and the run report (`ngnemu run` and `ngnemu node`).
void add_listener_results(const listeners& ls, emulation_report& r);

/// The UDP listeners' limits the options set (--max-pending).
listener_limits listener_limits_of(const emulation_options& o);

/// `stop`, or true once `run_time` (> 0) has elapsed since this call.
std::function<bool()> stop_after(std::function<bool()> stop, std::chrono::milliseconds run_time);

} // namespace ngn::nodes
