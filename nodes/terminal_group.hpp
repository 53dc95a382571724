// A terminal group's driver actor: spawns the group's terminals at the topology's arrival rate
// and process, runs the group's one schedule (each terminal publishes its next deadline in a
// slot; the driver scans the slots and ticks the terminals that are due — no timer per terminal
// in CAF), collects the outcomes, writes the key log, and at the end of the run makes every
// terminal leave (de-register) before it reports.
#pragma once

#include "actors/router.hpp"
#include "nodes/group_progress.hpp"
#include "elements/terminal_fsm.hpp"
#include "nodes/plan.hpp"

#include <caf/fwd.hpp>

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace ngn::nodes {

class keylog_file;

/// What a group reports once its terminals have left (or the run gave up on them).
struct group_result {
  std::string name;
  std::string node;
  ngn::protocol proto = ngn::protocol::sip;
  bool via_proxy = false;
  std::uint64_t count = 0;
  std::uint64_t established = 0; ///< terminals whose first registration succeeded
  std::uint64_t failed = 0;      ///< terminals whose first registration failed
  std::uint64_t attempts = 0;    ///< registrations tried, retries included
  std::uint64_t resyncs = 0;
  std::map<std::string, std::uint64_t> failures;    ///< reason → count (every registration)
  std::map<std::string, std::uint64_t> mechanisms;  ///< chosen mechanism → count
  /// µs from the first request to the verdict of every established registration (refreshes
  /// included): a mergeable histogram (latency_histogram.hpp) rather than every sample.
  latency_counts latency{};
  micros first_start = 0;
  micros last_done = 0;
  life_totals life;
  std::uint64_t left_registered = 0; ///< terminals still registered when the group gave up
};

struct group_setup {
  const plan* p = nullptr;
  const group_plan* gp = nullptr;
  std::shared_ptr<const elements::terminal_profile> profile;
  std::vector<std::uint8_t> secret;   ///< subscriber keys derive from it (crypto/derivation.hpp)
  crypto::key128 op;                  ///< Milenage OP (wiped: crypto/secret.hpp)
  double rate = 0;                    ///< arrivals per second, 0 = all at once
  bool poisson = false;               ///< exponential inter-arrival times (else uniform)
  /// At most this many first registrations under way at once (a closed loop: the next terminal
  /// starts when one has its outcome); 0: no bound (open loop, arrivals as `rate` says).
  std::uint32_t window = 0;
  /// At the run's end, at most this many terminals leaving (de-registering) at once; 0: all
  /// at once. The grace then counts from the last departure, not from the start of leaving.
  std::uint32_t leave_window = 0;
  /// The run has a duration: the group never settles on its own, the runtime stops it.
  bool endless = false;
  std::shared_ptr<group_progress> progress;
  std::shared_ptr<keylog_file> keylog; ///< null: no key log
  /// Every terminal is done (failed, left, or registered to stay until the end): called once.
  std::function<void()> on_settled;
  /// The group has finished (its terminals left): called once, on the group actor's thread.
  std::function<void(group_result)> on_done;
};

/// Spawns the driver; it starts on actors::atoms::start and ends the run on actors::atoms::stop
/// (terminals stop arriving, registered ones de-register).
caf::actor spawn_terminal_group(caf::actor_system& sys, actors::router& r, group_setup setup);

} // namespace ngn::nodes
