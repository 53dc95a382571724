// Test rig for nodes::bridge: named test nodes whose elements are numbered by node ('a' owns
// 1000..1999, 'b' 2000..2999, ...), recording what they receive and their peers' up/down events.
#pragma once

#include "nodes/bridge.hpp"

#include <zmq.hpp>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <unistd.h>
#include <utility>
#include <vector>

namespace ngn::nodes::test {

using namespace std::chrono_literals;

/// Boost.Test fixture: the ZeroMQ context of a test case's nodes.
struct ctx_fixture {
  zmq::context_t ctx{1};
};

/// First element id of node `name` ("a" -> 1000, "b" -> 2000, ...).
inline elements::element_id base_of(const std::string& name) {
  return static_cast<elements::element_id>(name.at(0) - 'a' + 1) * 1000;
}

/// Polls `pred` every millisecond until it holds or `timeout` passes.
inline bool wait_until(const std::function<bool()>& pred,
                       std::chrono::milliseconds timeout = 10000ms) {
  const auto end = std::chrono::steady_clock::now() + timeout;
  while (!pred()) {
    if (std::chrono::steady_clock::now() > end)
      return false;
    std::this_thread::sleep_for(1ms);
  }
  return true;
}

/// A unique ipc:// endpoint for this process.
inline std::string ipc_endpoint(const std::string& tag) {
  return "ipc:///tmp/ngn-bridge-test-" + std::to_string(::getpid()) + "-" + tag;
}

struct test_node {
  std::string name;
  std::vector<std::string> peer_names;
  std::unique_ptr<bridge> br;

  bool keep = true; ///< store received envelopes in `got`
  /// Optional extra handling on the bridge thread (echo, blocking, ...), set before start().
  std::function<void(const elements::envelope&)> on_envelope;

  mutable std::mutex mtx;
  std::vector<elements::envelope> got;
  std::vector<std::pair<std::string, bool>> events;
  std::atomic<std::uint64_t> received{0};

  /// `peer_keys`: the peers' CURVE public keys, in peer order (with opt.curve.enabled).
  test_node(zmq::context_t& ctx, std::string node, std::vector<std::string> peers_,
            bridge_options opt, std::string endpoint = "tcp://127.0.0.1:*",
            std::vector<std::string> peer_keys = {})
    : name(std::move(node)), peer_names(std::move(peers_)) {
    opt.node = name;
    opt.endpoint = std::move(endpoint);
    opt.peers.clear();
    for (std::size_t i = 0; i < peer_names.size(); ++i)
      opt.peers.push_back({peer_names[i], "", i < peer_keys.size() ? peer_keys[i] : ""});
    bridge_hooks hooks;
    hooks.resolve = [this](elements::element_id e) {
      const std::string owner(1, static_cast<char>('a' + e / 1000 - 1));
      for (std::size_t i = 0; i < peer_names.size(); ++i)
        if (e >= 1000 && peer_names[i] == owner)
          return static_cast<int>(i);
      return -1;
    };
    hooks.deliver = [this](std::vector<elements::envelope>&& batch) {
      for (auto& e : batch) {
        if (on_envelope)
          on_envelope(e);
        if (keep) {
          std::lock_guard<std::mutex> lk(mtx);
          got.push_back(std::move(e));
        }
      }
      received.fetch_add(batch.size());
    };
    hooks.peer_event = [this](std::string node, bool up) {
      std::lock_guard<std::mutex> lk(mtx);
      events.emplace_back(std::move(node), up);
    };
    br = std::make_unique<bridge>(ctx, std::move(opt), std::move(hooks));
  }

  /// The bridge first: its thread calls back into the members below until stop() returns.
  ~test_node() { br.reset(); }
  test_node(const test_node&) = delete;
  test_node& operator=(const test_node&) = delete;

  std::vector<elements::envelope> snapshot() const {
    std::lock_guard<std::mutex> lk(mtx);
    return got;
  }
  std::vector<std::pair<std::string, bool>> event_list() const {
    std::lock_guard<std::mutex> lk(mtx);
    return events;
  }
  bool saw(const std::string& node, bool up) const {
    for (const auto& ev : event_list())
      if (ev.first == node && ev.second == up)
        return true;
    return false;
  }
};

/// Binds every node, tells each the others' bound endpoints (for peers it lists), starts all.
inline bool start_all(const std::vector<test_node*>& nodes, std::string* error = nullptr) {
  for (auto* n : nodes)
    if (!n->br->bind(error))
      return false;
  for (auto* n : nodes)
    for (auto* other : nodes)
      if (n != other)
        n->br->set_peer_endpoint(other->name, other->br->endpoint());
  for (auto* n : nodes)
    if (!n->br->start(error))
      return false;
  return true;
}

/// Fast heartbeats for liveness tests.
inline bridge_options fast_options() {
  bridge_options o;
  o.heartbeat = 50ms;
  o.dead_after = 3;
  return o;
}

} // namespace ngn::nodes::test
