#include "nodes/cluster.hpp"

#include "nodes/bridge.hpp"
#include "nodes/node_report.hpp"
#include "nodes/runtime.hpp"
#include "nodes/signals.hpp"

#include <zmq.hpp>

#include <condition_variable>
#include <cstdio>
#include <deque>
#include <map>
#include <mutex>
#include <set>
#include <thread>

namespace ngn::nodes {

using namespace actors;
using namespace elements;
using clock = std::chrono::steady_clock;

namespace {

/// Control messages received by the bridge thread, consumed by the main thread.
class inbox {
public:
  void push(control_message m) {
    std::lock_guard lock{mtx_};
    q_.push_back(std::move(m));
    cv_.notify_all();
  }
  /// Waits up to `d` for a message.
  std::optional<control_message> pop(std::chrono::milliseconds d) {
    std::unique_lock lock{mtx_};
    if (!cv_.wait_for(lock, d, [&] { return !q_.empty(); })) return std::nullopt;
    auto m = std::move(q_.front());
    q_.pop_front();
    return m;
  }

private:
  std::mutex mtx_;
  std::condition_variable cv_;
  std::deque<control_message> q_;
};

struct cluster {
  const plan& p;
  bridge& br;
  std::string self;
  element_id self_id;

  void send(const std::string& to_node, const control_message& m) {
    const auto to = p.representative(to_node);
    auto st = br.send(to, self_id, envelope_kind::control, encode(m));
    if (st != send_status::ok)
      std::fprintf(stderr, "ngnemu node %s: control message to %s not sent: %s\n", self.c_str(),
                   to_node.c_str(), br.explain(st, to).c_str());
  }
  void send_all(const std::vector<std::string>& nodes, control_type t) {
    control_message m;
    m.type = t;
    m.node = self;
    for (const auto& n : nodes) send(n, m);
  }
  void send_report(const std::string& to_node, control_type t, const emulation_report& r) {
    for (const auto& m : split_report(t, self, r)) send(to_node, m);
  }
};

/// Waits for `type` from every node of `from` (and every part of multi-part reports), merging
/// into `whole`; other messages are merged too. False on timeout or signal.
bool collect(inbox& in, control_type type, std::set<std::string> from, emulation_report& whole,
             clock::time_point deadline, const signal_guard& sig) {
  std::map<std::string, std::uint32_t> left; // parts still expected per node
  while (!from.empty() && clock::now() < deadline && !sig.raised()) {
    auto m = in.pop(std::chrono::milliseconds(100));
    if (!m) continue;
    merge(whole, *m);
    if (m->type == type || (m->type == control_type::latencies && left.count(m->node) != 0)) {
      if (m->type == type) left[m->node] = m->parts;
      if (--left[m->node] == 0) from.erase(m->node);
    }
  }
  return from.empty();
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
  const std::string collector = t.aucs.empty() ? t.nodes.front().name : t.aucs.front().node;
  const bool is_collector = collector == n.node;
  std::vector<std::string> others;
  std::set<std::string> terminal_nodes;
  for (const auto& nd : t.nodes)
    if (nd.name != n.node) others.push_back(nd.name);
  for (const auto& g : t.terminals)
    if (g.node != n.node) terminal_nodes.insert(g.node);

  node_runtime rt{o};
  const auto& p = rt.addressing();
  zmq::context_t ctx{1};
  inbox in;
  bridge_options bo;
  bo.node = n.node;
  bo.endpoint = me->endpoint;
  bo.heartbeat = n.heartbeat.count() > 0 ? n.heartbeat : t.emulation.heartbeat;
  std::map<std::string, int> index;
  for (const auto& nd : t.nodes)
    if (nd.name != n.node) {
      index[nd.name] = static_cast<int>(bo.peers.size());
      bo.peers.push_back(bridge_peer{nd.name, nd.endpoint});
    }
  bridge_hooks hooks;
  hooks.resolve = [&p, &index, self = n.node](element_id id) {
    const auto& node = p.node_of(id);
    if (node.empty() || node == self) return -1;
    auto i = index.find(node);
    return i == index.end() ? -1 : i->second;
  };
  auto& router = rt.routing();
  hooks.deliver = [&router, &in](std::vector<envelope>&& batch) {
    for (auto& e : batch) {
      if (e.kind == envelope_kind::control) {
        if (auto m = decode_control(e.payload)) in.push(std::move(*m));
      } else {
        router.send_from_outside(std::move(e));
      }
    }
  };
  hooks.peer_event = [self = n.node](std::string node, bool up) {
    std::fprintf(stderr, "ngnemu node %s: node %s is %s\n", self.c_str(), node.c_str(),
                 up ? "up" : "DOWN");
  };
  bridge br{ctx, bo, hooks};
  router.set_remote([&br](envelope&& e) { return br.send(e) == send_status::ok; });

  rt.start();
  std::string error;
  if (!br.start(&error)) {
    std::fprintf(stderr, "ngnemu node %s: %s\n", n.node.c_str(), error.c_str());
    return 2;
  }
  std::fprintf(stderr, "ngnemu node %s: listening on %s, waiting for %zu peer(s)\n",
               n.node.c_str(), br.endpoint().c_str(), others.size());
  // Start barrier: terminals begin only when every node they need is reachable.
  if (!br.wait_ready(others, n.ready_timeout)) {
    std::string missing;
    for (const auto& m : br.missing()) missing += " " + m;
    std::fprintf(stderr, "ngnemu node %s: peers not reachable after %lld s:%s\n", n.node.c_str(),
                 static_cast<long long>(n.ready_timeout.count()), missing.c_str());
    emulation_report r;
    rt.shutdown(r);
    br.stop();
    return 3;
  }
  cluster c{p, br, n.node, p.representative(n.node)};
  rt.start_groups();
  if (rt.hosts_terminals())
    rt.wait_groups(o.timeout, o.progress, [&sig] { return sig.raised(); });

  emulation_report whole;
  int status = 0;
  if (is_collector) {
    for (const auto& m : split_report(control_type::done, n.node, rt.snapshot())) merge(whole, m);
    const auto end = clock::now() + o.timeout;
    if (!collect(in, control_type::done, terminal_nodes, whole, end, sig)) whole.timed_out = true;
    c.send_all(others, control_type::quiesce);
    rt.drain_elements();
    collect(in, control_type::quiesced, {others.begin(), others.end()}, whole,
            clock::now() + n.finish_timeout, sig);
    std::this_thread::sleep_for(std::chrono::milliseconds(300)); // reports in flight land
    c.send_all(others, control_type::finish);
    rt.drain_aucs();
    auto mine = rt.snapshot();
    control_message self_final;
    self_final.type = control_type::final;
    self_final.node = n.node;
    self_final.report = mine;
    self_final.report.groups.clear();
    merge(whole, self_final);
    if (!collect(in, control_type::final, {others.begin(), others.end()}, whole,
                 clock::now() + n.finish_timeout, sig))
      std::fprintf(stderr, "ngnemu node %s: some nodes sent no final report\n", n.node.c_str());
    rt.shutdown(whole);
    std::uint64_t failed = 0, terminals = 0;
    for (const auto& g : whole.groups) {
      failed += g.failed;
      terminals += g.count;
    }
    whole.terminals = terminals;
    std::printf("%s", format_report(whole).c_str());
    status = failed == 0 && !whole.timed_out && !sig.raised() ? 0 : 1;
  } else {
    if (rt.hosts_terminals()) c.send_report(collector, control_type::done, rt.snapshot());
    bool finished = false;
    while (!finished && !sig.raised()) {
      auto m = in.pop(std::chrono::milliseconds(200));
      if (!m) continue;
      if (m->type == control_type::quiesce) {
        rt.drain_elements();
        control_message q;
        q.type = control_type::quiesced;
        q.node = n.node;
        c.send(collector, q);
      } else if (m->type == control_type::finish) {
        rt.drain_aucs();
        auto r = rt.snapshot();
        r.groups.clear(); // already reported with `done`
        c.send_report(collector, control_type::final, r);
        finished = true;
      }
    }
    // Give the bridge a moment to hand the last frames to ZeroMQ before it closes.
    const auto until = clock::now() + std::chrono::seconds(2);
    for (bool empty = false; !empty && clock::now() < until;) {
      empty = true;
      for (const auto& pi : br.peers()) empty = empty && pi.backlog == 0;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    auto r = rt.snapshot();
    rt.shutdown(r);
    std::printf("node %s finished%s\n%s", n.node.c_str(),
                sig.raised() ? " (signal)" : "", format_report(r).c_str());
  }
  router.set_remote({});
  br.stop();
  return status;
}

} // namespace ngn::nodes
