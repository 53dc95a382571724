// A terminal group's driver actor: spawns the group's terminals at the topology's arrival rate,
// sweeps the slow ones' timers, and collects their outcomes.
#pragma once

#include "actors/router.hpp"
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

/// Live counters the main thread prints while the emulation runs.
struct group_progress {
  std::atomic<std::uint64_t> started{0};
  std::atomic<std::uint64_t> established{0};
  std::atomic<std::uint64_t> failed{0};
};

/// What a group reports when every terminal has an outcome.
struct group_result {
  std::string name;
  std::string node;
  ngn::protocol proto = ngn::protocol::sip;
  bool via_proxy = false;
  std::uint64_t count = 0;
  std::uint64_t established = 0;
  std::uint64_t failed = 0;
  std::uint64_t attempts = 0;   ///< registrations tried, retries included
  std::uint64_t resyncs = 0;
  std::map<std::string, std::uint64_t> failures;    ///< reason → count
  std::map<std::string, std::uint64_t> mechanisms;  ///< chosen mechanism → count
  std::vector<std::int64_t> latencies;              ///< µs, established terminals
  micros first_start = 0;
  micros last_done = 0;
};

struct group_setup {
  const plan* p = nullptr;
  const group_plan* gp = nullptr;
  std::shared_ptr<const elements::terminal_profile> profile;
  std::vector<std::uint8_t> secret;   ///< subscriber keys derive from it (crypto/derivation.hpp)
  block<16> op{};
  double rate = 0;                    ///< registrations started per second, 0 = unpaced
  std::shared_ptr<group_progress> progress;
  std::function<void(group_result)> on_done; ///< called once, on the group actor's thread
};

/// Spawns the driver; it starts on actors::atoms::start.
caf::actor spawn_terminal_group(caf::actor_system& sys, actors::router& r, group_setup setup);

} // namespace ngn::nodes
