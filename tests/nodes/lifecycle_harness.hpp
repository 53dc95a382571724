// Test helpers for nodes::lifecycle: action lookups, message constructors, and `network`, a few
// lifecycle machines joined by simulated links (FIFO per ordered pair of nodes, like ZeroMQ; any
// interleaving across pairs, drawn from a seed) with a fake driver that performs their actions.
#pragma once

#include "nodes/lifecycle.hpp"

#include <algorithm>
#include <deque>
#include <map>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace ngn::nodes::test {

namespace lc = lifecycle;
using namespace std::chrono_literals;

inline const lc::time_point t0{};

// -- actions ----------------------------------------------------------------------------------

template <class A>
std::vector<A> all_of(const lc::actions& as) {
  std::vector<A> out;
  for (const auto& a : as)
    if (const auto* x = std::get_if<A>(&a)) out.push_back(*x);
  return out;
}

template <class A>
std::optional<A> first(const lc::actions& as) {
  auto v = all_of<A>(as);
  if (v.empty()) return std::nullopt;
  return v.front();
}

template <class A>
bool has(const lc::actions& as) {
  return first<A>(as).has_value();
}

/// A log line containing `text`.
inline bool logged(const lc::actions& as, const std::string& text) {
  for (const auto& l : all_of<lc::log>(as))
    if (l.line.find(text) != std::string::npos) return true;
  return false;
}

/// The control messages of `type` sent, and to whom.
inline std::vector<std::string> sent(const lc::actions& as, control_type type) {
  std::vector<std::string> to;
  for (const auto& s : all_of<lc::send>(as))
    if (s.type == type) to.insert(to.end(), s.to.begin(), s.to.end());
  std::sort(to.begin(), to.end());
  return to;
}

/// The exit status among `as`, -1 if none.
inline int exit_status(const lc::actions& as) {
  if (auto e = first<lc::exit_node>(as)) return e->status;
  return -1;
}

/// Names of the actions, for messages: "start_groups send(quiesce → b) drain_elements".
inline std::string describe(const lc::actions& as) {
  std::string out;
  for (const auto& a : as) {
    if (!out.empty()) out += " ";
    std::visit(
      [&](const auto& x) {
        using A = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<A, lc::start_groups>) out += "start_groups";
        else if constexpr (std::is_same_v<A, lc::stop_groups>) out += "stop_groups";
        else if constexpr (std::is_same_v<A, lc::send>) {
          out += "send(" + std::string(to_string(x.type)) + " →";
          for (const auto& n : x.to) out += " " + n;
          out += ")";
        } else if constexpr (std::is_same_v<A, lc::send_report>)
          out += "send_report(" + std::string(to_string(x.type)) + " → " + x.to + ")";
        else if constexpr (std::is_same_v<A, lc::merge_report>)
          out += "merge_report(" + std::to_string(x.parts.size()) + ")";
        else if constexpr (std::is_same_v<A, lc::drain_elements>) out += "drain_elements";
        else if constexpr (std::is_same_v<A, lc::drain_aucs>) out += "drain_aucs";
        else if constexpr (std::is_same_v<A, lc::print_summary>) out += "print_summary";
        else if constexpr (std::is_same_v<A, lc::flush_bridge>) out += "flush_bridge";
        else if constexpr (std::is_same_v<A, lc::log>) out += "log(" + x.line + ")";
        else if constexpr (std::is_same_v<A, lc::exit_node>)
          out += "exit(" + std::to_string(x.status) + ")";
      },
      a);
  }
  return out;
}

// -- events -----------------------------------------------------------------------------------

inline lc::received msg(control_type type, std::string node, std::uint16_t part = 0,
                        std::uint16_t parts = 1) {
  return lc::received{control_header{type, std::move(node), part, parts}, nullptr};
}

/// A report as sent (head, then latencies parts).
inline std::vector<lc::received> report(control_type type, const std::string& node,
                                        std::uint16_t parts = 1) {
  std::vector<lc::received> out{msg(type, node, 0, parts)};
  for (std::uint16_t i = 1; i < parts; ++i) out.push_back(msg(control_type::latencies, node, i, parts));
  return out;
}

// -- configurations ---------------------------------------------------------------------------

/// `self` in a topology of `nodes`; the collector is "auc" (it holds the first AuC).
inline lc::config config_for(std::string self, std::vector<std::string> nodes,
                             std::vector<std::string> terminal_nodes,
                             std::set<std::string> auc_nodes = {"auc"}) {
  lc::config c;
  c.hosts_aucs = auc_nodes.count(self) != 0;
  c.self = std::move(self);
  c.collector = "auc";
  c.peers = std::move(nodes); // the machine drops self
  c.terminal_nodes = std::move(terminal_nodes);
  return c;
}

// -- a simulated emulation --------------------------------------------------------------------

/// Machines joined by links that keep order per ordered pair (ZeroMQ). Each step performs one
/// thing, drawn with the seed among what can happen: a node handles its next local event (what
/// its last actions yielded), or a link delivers its first message. Soft switches and proxies
/// are modelled too: draining a node's elements sends one data envelope toward every other node
/// with AuCs (their last reports), ahead of the `quiesced`; draining AuCs checks that every data
/// envelope sent toward them has been delivered.
class network {
public:
  struct node {
    std::unique_ptr<lc::machine> m;
    std::deque<lc::event> local;
    std::optional<int> status;
    bool dead = false;
    bool all_established = true;       ///< what its print_summary reports
    std::vector<std::string> log;
    std::vector<std::string> trace;    ///< every action, described
    std::size_t merged_parts = 0;      ///< parts merged into the whole report (collector)
    std::map<std::string, int> merged; ///< complete reports merged, by sender
    int drained_aucs = 0;
    int drained_elements = 0;
    bool aucs_drained_early = false;   ///< a data envelope toward its AuCs was still in flight
    bool summary_printed = false;
  };
  struct wire {
    bool data = false; ///< an element's envelope (toward an AuC), else a control message
    control_header h;
  };

  /// `aucs` hold AuCs (the first is the collector "auc"); `terminals` run terminal groups;
  /// reports of terminal nodes have `done_parts` parts (head + latencies).
  network(std::vector<std::string> nodes, std::vector<std::string> terminals,
          std::set<std::string> aucs, unsigned seed, std::uint16_t done_parts = 2)
    : names_(nodes), terminals_(terminals), aucs_(aucs), rng_(seed), done_parts_(done_parts) {
    for (const auto& n : nodes) {
      auto& x = nodes_[n];
      x.m = std::make_unique<lc::machine>(config_for(n, nodes, terminals, aucs));
    }
  }

  node& operator[](const std::string& n) { return nodes_.at(n); }
  lc::time_point now() const { return now_; }

  /// Starts every node and brings the links up (each node sees every other node up).
  void start_all() {
    for (const auto& n : names_) perform(n, nodes_[n].m->start(now_));
    for (const auto& n : names_)
      for (const auto& p : names_)
        if (p != n) handle(n, lc::peer_up{p});
  }

  void handle(const std::string& n, const lc::event& e) {
    auto& x = nodes_[n];
    if (x.dead || x.status) return;
    perform(n, x.m->handle(e, now_));
  }

  /// Kills `n` (SIGKILL): what it had in flight is lost, every other node sees it DOWN.
  void kill(const std::string& n) {
    nodes_[n].dead = true;
    for (auto& [k, q] : links_)
      if (k.first == n || k.second == n) q.clear();
    for (const auto& p : names_)
      if (p != n) handle(p, lc::peer_down{n});
  }

  /// Starts `n` anew after kill() (same name, fresh state): it and every other node see each
  /// other UP.
  void restart(const std::string& n) {
    auto& x = nodes_[n];
    x = node{};
    x.m = std::make_unique<lc::machine>(config_for(n, names_, terminals_, aucs_));
    perform(n, x.m->start(now_));
    for (const auto& p : names_)
      if (p != n && !nodes_[p].dead) {
        handle(n, lc::peer_up{p});
        handle(p, lc::peer_up{n});
      }
  }

  /// Drops the next `count` control messages of `type` from `from` to `to` (lost in flight).
  void drop(const std::string& from, const std::string& to, control_type type, int count = 1) {
    drops_[{from, to, type}] += count;
  }

  /// One step; false if nothing can happen without time passing.
  bool step() {
    std::vector<std::pair<int, std::string>> choices; // 0: local event of node, 1: link
    for (const auto& n : names_) {
      const auto& x = nodes_[n];
      if (!x.dead && !x.status && !x.local.empty()) choices.emplace_back(0, n);
    }
    std::vector<std::pair<std::string, std::string>> links;
    for (const auto& [k, q] : links_)
      if (!q.empty()) links.push_back(k);
    for (std::size_t i = 0; i < links.size(); ++i) choices.emplace_back(1, std::to_string(i));
    if (choices.empty()) return false;
    const auto pick = choices[std::uniform_int_distribution<std::size_t>(0, choices.size() - 1)(rng_)];
    if (pick.first == 0) {
      auto& x = nodes_[pick.second];
      auto e = std::move(x.local.front());
      x.local.pop_front();
      perform(pick.second, x.m->handle(e, now_));
    } else {
      const auto k = links[std::stoul(pick.second)];
      auto w = links_[k].front();
      links_[k].pop_front();
      if (!w.data) handle(k.second, lc::received{w.h, nullptr});
    }
    return true;
  }

  /// Steps until nothing moves; then lets time pass by `dt` (ticks) up to `limit`, until every
  /// live node has exited.
  void run(std::chrono::milliseconds dt = 1s, std::chrono::milliseconds limit = 2000s) {
    const auto end = now_ + limit;
    while (now_ < end) {
      while (step()) {
      }
      if (all_exited()) return;
      now_ += dt;
      for (const auto& n : names_) handle(n, lc::tick{});
    }
  }

  void run_steps_only() {
    while (step()) {
    }
  }

  bool all_exited() const {
    for (const auto& [n, x] : nodes_)
      if (!x.dead && !x.status) return false;
    return true;
  }

  /// Data envelopes toward `to` not delivered yet.
  std::size_t data_in_flight_to(const std::string& to) const {
    std::size_t n = 0;
    for (const auto& [k, q] : links_)
      if (k.second == to)
        n += static_cast<std::size_t>(std::count_if(q.begin(), q.end(), [](const wire& w) { return w.data; }));
    return n;
  }

  void set_all_established(bool v) {
    for (auto& [n, x] : nodes_) x.all_established = v;
  }

private:
  void transmit(const std::string& from, const std::string& to, wire w) {
    if (nodes_[to].dead || nodes_[from].dead) return;
    if (!w.data) {
      auto it = drops_.find({from, to, w.h.type});
      if (it != drops_.end() && it->second > 0) {
        --it->second;
        return;
      }
    }
    links_[{from, to}].push_back(std::move(w));
  }

  void perform(const std::string& n, const lc::actions& as) {
    auto& x = nodes_[n];
    for (const auto& a : as) {
      x.trace.push_back(describe({a}));
      std::visit([&](const auto& y) { act(n, x, y); }, a);
    }
  }

  void act(const std::string& n, node& x, const lc::start_groups&) {
    x.local.push_back(lc::groups_finished{}); // a test can hold it back by handling it itself
  }
  void act(const std::string&, node&, const lc::stop_groups&) {}
  void act(const std::string& n, node&, const lc::send& s) {
    for (const auto& to : s.to) transmit(n, to, wire{false, control_header{s.type, n, 0, 1}});
  }
  void act(const std::string& n, node& x, const lc::send_report& s) {
    const std::uint16_t parts = s.type == control_type::done ? done_parts_ : 1;
    for (const auto& r : report(s.type, n, parts)) {
      if (s.to == n) x.local.push_back(r);
      else transmit(n, s.to, wire{false, r.header});
    }
  }
  void act(const std::string&, node& x, const lc::merge_report& r) {
    x.merged_parts += r.parts.size();
  }
  void act(const std::string& n, node& x, const lc::drain_elements&) {
    ++x.drained_elements;
    for (const auto& a : aucs_)
      if (a != n) transmit(n, a, wire{true, {}});
    x.local.push_back(lc::elements_drained{});
  }
  void act(const std::string& n, node& x, const lc::drain_aucs&) {
    ++x.drained_aucs;
    if (aucs_.count(n) != 0 && data_in_flight_to(n) != 0) x.aucs_drained_early = true;
    x.local.push_back(lc::aucs_drained{});
  }
  void act(const std::string&, node& x, const lc::print_summary&) {
    x.summary_printed = true;
    x.local.push_back(lc::summary_printed{x.all_established});
  }
  void act(const std::string&, node& x, const lc::flush_bridge&) {
    x.local.push_back(lc::bridge_flushed{});
  }
  void act(const std::string&, node& x, const lc::log& l) { x.log.push_back(l.line); }
  void act(const std::string&, node& x, const lc::exit_node& e) { x.status = e.status; }

  std::vector<std::string> names_;
  std::vector<std::string> terminals_;
  std::set<std::string> aucs_;
  std::map<std::string, node> nodes_;
  std::map<std::pair<std::string, std::string>, std::deque<wire>> links_;
  std::map<std::tuple<std::string, std::string, control_type>, int> drops_;
  std::mt19937 rng_;
  std::uint16_t done_parts_;
  lc::time_point now_ = t0;
};

} // namespace ngn::nodes::test
