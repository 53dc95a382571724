// The elements of one or more topology nodes running in this process, phase by phase: storage
// (provisioning, loading), the actor system, the elements, the terminal groups, waiting, draining,
// shutting down. `ngnemu run` drives it for every node at once (emulation.cpp); `ngnemu node`
// drives it for one node next to the ZeroMQ bridge (cluster.cpp).
// Its definitions: runtime.cpp (start-up), runtime_wait.cpp (waiting), runtime_drain.cpp (drain
// and shutdown).
#pragma once

#include "actors/router.hpp"
#include "actors/spawn.hpp"
#include "protocols/dialogue/registry.hpp"
#include "nodes/emulation.hpp"
#include "nodes/plan.hpp"
#include "nodes/progress.hpp"
#include "nodes/terminal_group.hpp"

#include <caf/fwd.hpp>

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace ngn::storage {
class writer;
}

namespace ngn::nodes {

class pcap_writer;
class keylog_file;
class stats_file;
class event_recorder;
class metrics_endpoint;

class node_runtime {
public:
  /// `o.host_nodes` names the nodes hosted here (empty: all).
  explicit node_runtime(const emulation_options& o);
  ~node_runtime();
  node_runtime(const node_runtime&) = delete;
  node_runtime& operator=(const node_runtime&) = delete;

  const plan& addressing() const noexcept { return plan_; }
  actors::router& routing() noexcept { return router_; }
  bool hosts(const std::string& node) const;
  bool hosts_terminals() const noexcept { return !drivers_.empty(); }
  /// "auc NAME (PATH): SQLite's reason" of each AuC whose storage failed (issue 12 item 5:
  /// `ngnemu node` then exits 3), "; "-separated; empty when none did. After drain_aucs.
  std::string storage_failures() const;
  std::uint64_t terminals() const noexcept { return report_.terminals; }

  /// Provisions and loads the hosted AuCs' databases, starts the actor system and spawns every
  /// hosted element and terminal group driver (terminals are spawned once the groups start).
  /// Throws std::runtime_error for set-up problems.
  void start();
  /// Starts the terminal groups.
  void start_groups();
  /// Runs the hosted groups: until every one has settled (every terminal done), or for the
  /// topology's duration (a soak); then makes their terminals leave (de-register) and waits for
  /// their reports. Prints progress each second if asked. False on timeout (no duration) or when
  /// `stop` returns true (checked every 100 ms).
  bool wait_groups(std::chrono::seconds timeout, bool progress,
                   const std::function<bool()>& stop = {});
  /// Lets the hosted soft switches and proxies finish what is in their mailboxes (their reports
  /// reach the AuCs), then the AuCs, then flushes the writers; fills the AuC summaries.
  void drain_elements();
  void drain_aucs();
  /// Resource usage and the hosted groups' results so far.
  emulation_report snapshot();
  /// A UDP listener's clients' registrations (nodes/listener_meter.hpp) join the --stats lines,
  /// the per-second series and --metrics. Before start_groups().
  void add_listener(const std::string& element, const std::string& node,
                    std::shared_ptr<const group_progress> progress);
  /// The --stats line and the run report's point of this second (mtx_ not held); wait_groups()
  /// calls it every second, a caller serving listeners afterwards too.
  void sample_second();
  /// Stops every actor, the system, the writers and the trace (caf-0.17.md §3.13 order); closes
  /// the run in the databases with `r`'s outcome (or `failed` after abort_run()).
  void shutdown(emulation_report& r);
  /// The run ends abnormally (set-up error, lost peers): a later shutdown records it `failed`
  /// whatever its report says. No effect once the run is closed.
  void abort_run() noexcept { aborted_ = true; }

private:
  struct auc_host;
  void open_aucs();
  /// Closes what a dead process left open in h's database and claims it (issue 12 item 5).
  void recover(auc_host& h);
  /// h's terminals committed as established in this run (the summary's, after a storage failure).
  void count_committed(auc_host& h);
  /// Closes the run in every hosted AuC's database (runs row: end, outcome, figures) and, unless
  /// aborted, stores `r`'s JSON report there (reading the run's sessions into `r` first).
  void end_run(emulation_report& r);
  void spawn_elements();
  /// --events: the recorder on the first hosted AuC's writer, its tap after `other` (if any).
  actors::router::tap add_event_tap(actors::router::tap other);
  void spawn_groups();

  emulation_options o_;
  plan plan_;
  actors::router router_;
  std::vector<std::unique_ptr<auc_host>> aucs_;
  std::unique_ptr<caf::actor_system_config> cfg_; ///< must outlive sys_
  std::unique_ptr<caf::actor_system> sys_;
  std::shared_ptr<pcap_writer> pcap_;
  std::vector<caf::actor> elements_;   ///< soft switches and proxies
  std::vector<caf::actor> proxies_, softswitches_;
  std::vector<std::string> proxy_names_, softswitch_names_;  ///< in the order of the actors
  std::shared_ptr<keylog_file> keylog_;
  std::unique_ptr<stats_file> stats_;
  std::unique_ptr<event_recorder> events_; ///< --events (nodes/event_tap.hpp)
  /// The terminals' randomness (SPIs, holding times): the system's, shared by every group.
  std::unique_ptr<elements::random_source> terminal_rng_ = actors::make_system_random();
  std::size_t settled_ = 0;            ///< groups settled (guarded by mtx_)
  std::chrono::microseconds leave_grace_{10'000'000};     ///< to de-register at a normal end
  std::chrono::microseconds interrupt_grace_{2'000'000};  ///< to de-register when interrupted
  /// How long drain_elements waits for the soft switches' reports to be acknowledged.
  std::chrono::milliseconds reports_settle_{5000};
  std::vector<caf::actor> drivers_;
  std::vector<std::shared_ptr<const group_progress>> progress_;
  std::vector<std::shared_ptr<const group_progress>> listener_progress_; ///< add_listener()
  std::vector<std::shared_ptr<elements::terminal_profile>> profiles_;
  dialogue::registry bindings_;
  std::mutex mtx_;
  std::condition_variable cv_;
  std::vector<group_result> results_;
  series_recorder series_;  ///< the run's seconds (guarded by mtx_ when read by snapshot)
  emulation_report report_;
  bool run_open_ = false;  ///< run_begin submitted, run_end not yet
  bool aborted_ = false;
  /// --metrics; last, so that it stops serving before the groups and writers it reads go.
  std::unique_ptr<metrics_endpoint> metrics_;
};

} // namespace ngn::nodes
