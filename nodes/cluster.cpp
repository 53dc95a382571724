#include "nodes/cluster.hpp"
#include "nodes/log.hpp"

#include "nodes/bridge.hpp"
#include "nodes/bridge_keys.hpp"
#include "nodes/clock_offset.hpp"
#include "nodes/lifecycle.hpp"
#include "nodes/listeners.hpp"
#include "nodes/node_report.hpp"
#include "nodes/run_report.hpp"
#include "nodes/runtime.hpp"
#include "nodes/signals.hpp"

#include <zmq.hpp>

#include <algorithm>
#include <cmath>
#include <atomic>
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <thread>

namespace ngn::nodes {

using namespace actors;
using namespace elements;
namespace lc = lifecycle;

namespace {

/// What other threads hand the main thread, in order: the bridge thread's peer events and control
/// messages, the end of the terminal groups.
class inbox {
public:
  void push(lc::event e) {
    std::lock_guard lock{mtx_};
    q_.push_back(std::move(e));
    cv_.notify_all();
  }
  /// Waits up to `d` for an event.
  std::optional<lc::event> pop(std::chrono::milliseconds d) {
    std::unique_lock lock{mtx_};
    if (!cv_.wait_for(lock, d, [&] { return !q_.empty(); })) return std::nullopt;
    auto e = std::move(q_.front());
    q_.pop_front();
    return e;
  }

private:
  std::mutex mtx_;
  std::condition_variable cv_;
  std::deque<lc::event> q_;
};

/// Performs the lifecycle's actions with the runtime, the bridge and stdout/stderr. What an action
/// yields at once (drained, this node's own reports on the collector) queues in `local`, ahead of
/// the inbox.
class driver {
public:
  driver(const emulation_options& o, const node_options& n, node_runtime& rt, bridge& br,
         inbox& in, listeners& ls)
    : o_(o), n_(n), self_(n.node), rt_(rt), br_(br), in_(in), ls_(ls) {}
  ~driver() { join_groups(); }
  driver(const driver&) = delete;
  driver& operator=(const driver&) = delete;

  void perform(const lc::actions& as) {
    for (const auto& a : as) std::visit(*this, a);
  }

  std::deque<lc::event> local;
  std::optional<int> exit_status;
  bool flushing = false;

  /// Every frame for every peer handed to ZeroMQ.
  bool backlog_empty() const {
    for (const auto& p : br_.peers())
      if (p.backlog != 0) return false;
    return true;
  }

  void join_groups() {
    stop_groups_ = true;
    if (groups_.joinable()) groups_.join();
  }

  // -- actions --------------------------------------------------------------------------------

  void operator()(const lc::start_groups&) {
    // The listeners serve until the topology's duration (counted from here, as in `ngnemu
    // run`) or a signal (stop_groups).
    auto stop = stop_after([this] { return stop_groups_.load(); }, o_.topo.emulation.run_time);
    rt_.start_groups();
    if (!rt_.hosts_terminals() && ls_.empty()) return;
    groups_ = std::thread([this, stop = std::move(stop)] {
      if (rt_.hosts_terminals())
        rt_.wait_groups(o_.timeout, o_.progress, [this] { return stop_groups_.load(); });
      // With listeners: their real clients until the duration or a signal, sampled every second.
      ls_.serve(stop, o_.progress, [this] { rt_.sample_second(); });
      ls_.stop();
      if (!ls_.empty()) rt_.sample_second(); // the last second, the listeners' final counts
      in_.push(lc::groups_finished{});
    });
  }
  void operator()(const lc::stop_groups&) { stop_groups_ = true; }
  void operator()(const lc::send& a) {
    control_message m;
    m.type = a.type;
    m.node = self_;
    for (const auto& n : a.to) send(n, m);
  }
  void operator()(const lc::send_report& a) {
    auto r = snapshot();
    if (a.type == control_type::final) { // the groups and their seconds: reported with `done`
      r.groups.clear();
      r.series.clear();
    }
    for (auto& m : split_report(a.type, self_, r)) {
      if (a.to == self_)
        local.push_back(lc::received{header_of(m), std::make_shared<control_message>(std::move(m))});
      else
        send(a.to, m);
    }
  }
  void operator()(const lc::merge_report& a) {
    for (const auto& m : a.parts) {
      if (!m) continue;
      // README "Several processes and hosts": a node whose clock is off the collector's by more
      // than the threshold has its seconds moved onto the collector's clock before the merge.
      const auto off = offset_of(m->node);
      if (m->series.empty() || !off || std::abs(*off) <= clock_offset_threshold_ms) {
        merge(whole_, *m);
        continue;
      }
      auto fixed = *m;
      for (auto& p : fixed.series) p.at -= static_cast<micros>(*off * 1000.0);
      merge(whole_, fixed);
    }
  }
  void operator()(const lc::drain_elements&) {
    rt_.drain_elements();
    local.push_back(lc::elements_drained{});
  }
  void operator()(const lc::drain_aucs&) {
    rt_.drain_aucs();
    local.push_back(lc::aucs_drained{});
  }
  void operator()(const lc::print_summary& a) {
    join_groups();
    if (!a.whole) {
      // README "Run report": a node other than the collector stores (and --report writes) its
      // own figures, marked scope "node".
      auto r = snapshot();
      r.scope = "node";
      r.scope_node = self_;
      rt_.shutdown(r);
      write_report(r);
      std::printf("node %s finished%s\n%s%s", self_.c_str(), a.interrupted ? " (signal)" : "",
                  format_report(r).c_str(), r.listeners.c_str());
      local.push_back(lc::summary_printed{r.report_error.empty()});
      return;
    }
    whole_.timed_out = whole_.timed_out || a.incomplete;
    if (a.interrupted) whole_.ended_early = "interrupted"; // "(interrupted before every outcome)"
    std::uint64_t failed = 0, terminals = 0;
    for (const auto& g : whole_.groups) {
      failed += g.failed;
      terminals += g.count;
    }
    whole_.terminals = terminals;
    for (auto& nd : whole_.nodes) nd.clock_offset_ms = offset_of(nd.node);
    whole_.clocks = clocks();
    in_topology_order(whole_);
    whole_.scope = "emulation"; // the collector has every node's figures
    rt_.shutdown(whole_);
    write_report(whole_);
    std::printf("%s%s", format_report(whole_).c_str(), whole_.listeners.c_str());
    local.push_back(
      lc::summary_printed{failed == 0 && !whole_.timed_out && whole_.report_error.empty()});
  }
  void operator()(const lc::flush_bridge&) { flushing = true; }
  void operator()(const lc::log& a) {
    log::logf(log::level::warn, "%s", a.line.c_str());
  }
  void operator()(const lc::exit_node& a) { exit_status = a.status; }

private:
  /// The runtime's figures and this node's listeners' (README "Several processes and hosts").
  emulation_report snapshot() {
    auto r = rt_.snapshot();
    add_listener_results(ls_, r);
    r.clocks = clocks();
    // This node's clock minus the collector's: minus what it measured of the collector's.
    for (const auto& c : r.clocks)
      if (c.node == collector() && c.samples > 0) r.clock_offset_ms = -c.offset_ms;
    return r;
  }
  /// What the bridge measured of every peer's clock.
  std::vector<peer_clock> clocks() const {
    std::vector<peer_clock> out;
    for (const auto& p : br_.peers()) out.push_back({p.name, p.clock_offset_ms, p.rtt_ms, p.clock_samples});
    return out;
  }
  /// The collector's view: `node`'s clock minus its own, ms; nullopt before a sample.
  std::optional<double> offset_of(const std::string& node) const {
    if (node == self_) return 0.0;
    for (const auto& p : br_.peers())
      if (p.name == node && p.clock_samples > 0) return p.clock_offset_ms;
    return std::nullopt;
  }
  std::string collector() const {
    const auto& t = o_.topo;
    return t.aucs.empty() ? t.nodes.front().name : t.aucs.front().node;
  }
  /// --report FILE: the text stored with the run (node_runtime::shutdown), or made now on a node
  /// without an AuC.
  void write_report(emulation_report& r) const {
    if (n_.report_path.empty()) return;
    r.report_path = n_.report_path;
    r.report_error = write_report_text(r.report_json.empty() ? run_report_json(r) : r.report_json,
                                       n_.report_path);
  }
  void send(const std::string& to_node, const control_message& m) {
    const auto& p = rt_.addressing();
    const auto to = p.representative(to_node);
    auto st = br_.send(to, p.representative(self_), envelope_kind::control, encode(m));
    if (st != send_status::ok)
      log::logf(log::level::warn, "control message to %s not sent: %s", to_node.c_str(),
                br_.explain(st, to).c_str());
    else if (log::enabled(log::level::debug))
      log::logf(log::level::debug, "control message %u to %s", static_cast<unsigned>(m.type),
                to_node.c_str());
  }
  /// Reports arrive in any order: the summary lists nodes and AuCs as the topology does, the
  /// collector's node first.
  void in_topology_order(emulation_report& r) const {
    const auto& t = o_.topo;
    auto node_rank = [&](const std::string& n) {
      if (n == self_) return -1;
      for (std::size_t i = 0; i < t.nodes.size(); ++i)
        if (t.nodes[i].name == n) return static_cast<int>(i);
      return static_cast<int>(t.nodes.size());
    };
    auto auc_rank = [&](const std::string& a) {
      for (std::size_t i = 0; i < t.aucs.size(); ++i)
        if (t.aucs[i].name == a) return static_cast<int>(i);
      return static_cast<int>(t.aucs.size());
    };
    std::stable_sort(r.nodes.begin(), r.nodes.end(), [&](const auto& x, const auto& y) {
      return node_rank(x.node) < node_rank(y.node);
    });
    std::stable_sort(r.aucs.begin(), r.aucs.end(), [&](const auto& x, const auto& y) {
      return auc_rank(x.name) < auc_rank(y.name);
    });
  }

  const emulation_options& o_;
  const node_options& n_;
  const std::string self_;
  node_runtime& rt_;
  bridge& br_;
  inbox& in_;
  listeners& ls_;
  emulation_report whole_; ///< collector: the whole emulation
  std::atomic<bool> stop_groups_{false};
  std::thread groups_; ///< waits for the terminal groups (node_runtime::wait_groups)
};

lc::config lifecycle_config(const emulation_options& o, const node_options& n) {
  const auto& t = o.topo;
  lc::config c;
  c.self = n.node;
  c.collector = t.aucs.empty() ? t.nodes.front().name : t.aucs.front().node;
  for (const auto& nd : t.nodes)
    if (nd.name != n.node) c.peers.push_back(nd.name);
  auto add = [&c](const std::string& node) {
    if (std::find(c.terminal_nodes.begin(), c.terminal_nodes.end(), node)
        == c.terminal_nodes.end())
      c.terminal_nodes.push_back(node);
  };
  for (const auto& g : t.terminals) add(g.node);
  // A node with UDP listeners ends its run like one with terminals (its real clients until the
  // duration or a signal) and reports `done`: the elements drain only after that.
  const plan addressing{t};
  for (const auto& l : addressing.listeners()) add(l.node);
  c.hosts_aucs = std::any_of(t.aucs.begin(), t.aucs.end(),
                             [&](const auto& a) { return a.node == n.node; });
  c.limits.ready = n.ready_timeout;
  c.limits.run = o.timeout;
  c.limits.finish = n.finish_timeout;
  c.limits.flush = n.flush_timeout;
  return c;
}

} // namespace

int run_node(const emulation_options& opts, const node_options& n) {
  signal_guard sig; // before any thread
  emulation_options o = opts;
  o.host_nodes = {n.node};
  const auto& t = o.topo;
  const auto* me = t.find_node(n.node);
  if (me == nullptr) {
    std::fprintf(stderr, "ngnemu node: no node '%s' in the topology\n", n.node.c_str());
    return 2;
  }

  // The node links' keys (topology/README.md "Secured node links"): before anything starts.
  auto keys = resolve_link_keys(t, n.node, n.key_file);
  if (!keys) {
    log::logf(log::level::error, "%s", keys.error.c_str());
    return 2;
  }
  if (!keys.value.curve)
    log::logf(log::level::warn,
              "security = \"none\": the links to the other nodes are NOT secured (anyone on the "
              "network can read them, including authentication vectors, and forge messages)");
  else
    log::logf(log::level::info, "node links: CURVE, %s keys, public key %s",
              keys.value.derived ? "derived" : "listed", keys.value.self.public_key.c_str());

  node_runtime rt{o};
  const auto& p = rt.addressing();
  zmq::context_t ctx{1};
  inbox in;
  bridge_options bo;
  bo.node = n.node;
  bo.endpoint = me->endpoint;
  bo.heartbeat = n.heartbeat.count() > 0 ? n.heartbeat : t.emulation.heartbeat;
  bo.coalesce = t.emulation.link_coalesce;
  std::map<std::string, int> index;
  for (const auto& nd : t.nodes)
    if (nd.name != n.node) {
      index[nd.name] = static_cast<int>(bo.peers.size());
      bo.peers.push_back(bridge_peer{nd.name, nd.endpoint, {}});
    }
  if (keys.value.curve) {
    bo.curve.enabled = true;
    bo.curve.public_key = keys.value.self.public_key;
    bo.curve.secret_key = keys.value.self.secret_key;
    for (std::size_t i = 0; i < bo.peers.size(); ++i)
      bo.peers[i].public_key = keys.value.peer_keys.at(i);
  }
  bridge_hooks hooks;
  hooks.resolve = [&p, &index, self = n.node](element_id id) {
    const auto& node = p.node_of(id);
    if (node.empty() || node == self) return -1;
    auto i = index.find(node);
    return i == index.end() ? -1 : i->second;
  };
  auto& router = rt.routing();
  // Envelopes of one frame: elements' traffic is in the actors' mailboxes before a control
  // message after it in the frame reaches the lifecycle (the `quiesced` acknowledgement).
  hooks.deliver = [&router, &in, self = n.node](std::vector<envelope>&& batch) {
    for (auto& e : batch) {
      if (e.kind != envelope_kind::control) {
        router.send_from_outside(std::move(e));
      } else if (auto m = decode_control(e.payload)) {
        auto h = header_of(*m);
        in.push(lc::received{std::move(h), std::make_shared<control_message>(std::move(*m))});
      } else {
        log::logf(log::level::warn, "malformed control message dropped: %s",
                  m.error().describe().c_str());
      }
    }
  };
  hooks.peer_event = [&in, self = n.node](std::string node, bool up) {
    log::logf(up ? log::level::info : log::level::error, "node %s is %s", node.c_str(),
              up ? "up" : "DOWN");
    if (up) in.push(lc::peer_up{std::move(node)});
    else in.push(lc::peer_down{std::move(node)});
  };
  bridge br{ctx, bo, hooks};
  router.set_remote([&br](envelope&& e) { return br.send(e) == send_status::ok; });

  rt.start();
  // The UDP listeners of the hosted proxies and soft switches (topology `listen`), open before
  // the run starts, as in `ngnemu run` (nodes/emulation.cpp).
  listeners ls{p, router, [&rt](const std::string& node) { return rt.hosts(node); },
               listener_limits_of(o)};
  std::fprintf(stderr, "%s", ls.describe().c_str());
  for (std::size_t i = 0; i < ls.all().size(); ++i)
    rt.add_listener(ls.names()[i], ls.nodes()[i], ls.all()[i]->progress());
  std::string error;
  if (!br.start(&error)) {
    log::logf(log::level::error, "%s", error.c_str());
    return 2;
  }
  log::logf(log::level::info, "listening on %s, waiting for %zu peer(s)", br.endpoint().c_str(),
            bo.peers.size());

  lc::machine m{lifecycle_config(o, n)};
  int status = 1;
  {
    driver d{o, n, rt, br, in, ls};
    d.perform(m.start(lc::clock::now()));
    bool signalled = false;
    while (!d.exit_status) {
      lc::event e = lc::tick{};
      if (!d.local.empty()) {
        e = std::move(d.local.front());
        d.local.pop_front();
      } else if (sig.raised() && !signalled) {
        signalled = true;
        e = lc::interrupted{};
      } else if (d.flushing && d.backlog_empty()) {
        e = lc::bridge_flushed{};
      } else {
        // Up to the current deadline; 100 ms at most for the signal, 5 ms while flushing.
        auto wait = std::chrono::milliseconds(d.flushing ? 5 : 100);
        if (auto dl = m.deadline()) {
          const auto left =
            std::chrono::ceil<std::chrono::milliseconds>(*dl - lc::clock::now());
          wait = std::clamp(left, std::chrono::milliseconds(0), wait);
        }
        if (auto x = in.pop(wait)) e = std::move(*x);
      }
      d.perform(m.handle(e, lc::clock::now()));
    }
    status = *d.exit_status;
  } // joins the terminal groups' waiter
  if (const auto why = rt.storage_failures(); !why.empty() && status != 2 && status != 4) {
    // Issue 12 item 5: README "Exit status" 3, SQLite's reason on stderr too.
    std::fprintf(stderr, "ngnemu node: storage error: %s\n", why.c_str());
    status = 3;
  }
  emulation_report ignored;
  if (status != 0) rt.abort_run(); // the run's row says failed unless already closed
  rt.shutdown(ignored); // no-op once the summary is printed
  router.set_remote({});
  br.stop();
  const auto bs = br.stats();
  if (bs.zap_refused + bs.forged_frames + bs.forged_records != 0)
    log::logf(log::level::warn,
              "bridge: %llu connection(s) refused (key of no node), %llu frame(s) and %llu "
              "envelope(s) dropped (claimed source not the authenticated node)",
              static_cast<unsigned long long>(bs.zap_refused),
              static_cast<unsigned long long>(bs.forged_frames),
              static_cast<unsigned long long>(bs.forged_records));
  else
    log::logf(log::level::info, "bridge: %llu frame(s) in, %llu out, none refused or forged",
              static_cast<unsigned long long>(bs.frames_in + bs.control_in),
              static_cast<unsigned long long>(bs.frames_out + bs.control_out));
  return status;
}

} // namespace ngn::nodes
