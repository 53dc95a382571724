// `ngnemu node --topology F --node NAME`: one node of a multi-host emulation.
#include "nodes/cli.hpp"
#include "nodes/cluster.hpp"
#include "nodes/metrics.hpp"
#include "topology/parse.hpp"

#include <CLI/CLI.hpp>

#include <cstdio>
#include <memory>

namespace ngn::nodes {

namespace {

struct node_args {
  std::string topology;
  std::string node;
  unsigned threads = 2;
  std::string scheduler = "sharing";
  bool quiet = false;
  unsigned timeout = 600;
  unsigned ready_timeout = 60;
  unsigned heartbeat_ms = 0;
  std::string pcap;
  std::string metrics;
  double rate = -1;
};

int run(const node_args& a) {
  if (!a.metrics.empty())
    if (auto m = parse_metrics_address(a.metrics); !m) {
      std::fprintf(stderr, "ngnemu node: --metrics: %s\n", m.error.c_str());
      return 2;
    }
  auto parsed = topology::parse_file(a.topology);
  if (!parsed) {
    std::fprintf(stderr, "%s", topology::to_string(parsed.errors()).c_str());
    return 2;
  }
  emulation_options o;
  o.topo = std::move(parsed).value();
  o.threads = a.threads;
  o.policy = a.scheduler;
  o.rate = a.rate;
  o.progress = !a.quiet;
  o.timeout = std::chrono::seconds(a.timeout);
  o.pcap_path = a.pcap;
  o.metrics_address = a.metrics;
  node_options n;
  n.node = a.node;
  n.ready_timeout = std::chrono::seconds(a.ready_timeout);
  n.heartbeat = std::chrono::milliseconds(a.heartbeat_ms);
  return run_node(o, n);
}

} // namespace

void add_node_command(CLI::App& app, std::function<int()>& action) {
  auto a = std::make_shared<node_args>();
  auto* cmd = app.add_subcommand(
    "node", "Run one node of a multi-host emulation; the nodes talk over ZeroMQ");
  cmd->add_option("--topology,-t", a->topology, "Topology file (TOML)")->required();
  cmd->add_option("--node", a->node, "Which node of the topology this process is")->required();
  cmd->add_option("--threads", a->threads, "CAF scheduler threads")->capture_default_str();
  cmd->add_option("--scheduler", a->scheduler, "CAF scheduler policy")
    ->check(CLI::IsMember({"sharing", "stealing"}))
    ->capture_default_str();
  cmd->add_option("--rate,-r", a->rate, "Override the terminal groups' arrival rates");
  cmd->add_option("--timeout", a->timeout, "Seconds to wait for every outcome")
    ->capture_default_str();
  cmd->add_option("--ready-timeout", a->ready_timeout,
                  "Seconds to wait for every other node at start")
    ->capture_default_str();
  cmd->add_option("--heartbeat-ms", a->heartbeat_ms,
                  "Heartbeat interval between nodes (default: the topology's)");
  cmd->add_option("--pcap", a->pcap, "Trace of this node's messages");
  cmd->add_option("--metrics", a->metrics,
                  "Serve this node's counters, latency histogram, CPU and memory to Prometheus "
                  "at http://ADDR:PORT/metrics while it runs, e.g. 127.0.0.1:9464 (README "
                  "\"Live metrics\")");
  cmd->add_flag("--quiet,-q", a->quiet, "No progress lines");
  cmd->callback([a, &action] { action = [a] { return run(*a); }; });
}

} // namespace ngn::nodes
