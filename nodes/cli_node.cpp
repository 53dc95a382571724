// `ngnemu node --topology F --node NAME`: one node of a multi-host emulation.
#include "nodes/cli.hpp"
#include "nodes/cli_checks.hpp"
#include "nodes/cli_log.hpp"
#include "nodes/cluster.hpp"
#include "protocols/common/clock.hpp"
#include "storage/runs.hpp"
#include "nodes/metrics.hpp"
#include "nodes/run_report.hpp"
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
  long window = -1;
  bool events = false;
  log_args log;
  std::string run_id;
  std::string report;
  std::string key_file;
  std::size_t max_pending = 0; ///< --max-pending; 0: not given
};

int run(const node_args& a) {
  if (!apply_log_options(a.log, a.node)) return 2;
  if (!a.metrics.empty())
    if (auto m = parse_metrics_address(a.metrics); !m) {
      std::fprintf(stderr, "ngnemu node: --metrics: %s\n", m.error.c_str());
      return 2;
    }
  if (auto e = check_report_path(a.report); !e.empty()) {
    std::fprintf(stderr, "ngnemu node: %s\n", e.c_str());
    return 2;
  }
  auto parsed = topology::parse_file(a.topology);
  if (!parsed) {
    std::fprintf(stderr, "%s", topology::to_string(parsed.errors()).c_str());
    return 2;
  }
  emulation_options o;
  o.topo = std::move(parsed).value();
  if (a.max_pending > 0) {
    // A bound on what this node's listeners queue: an error where it hosts none.
    bool listens = false;
    for (const auto& x : o.topo.proxies) listens |= x.node == a.node && x.listen.has_value();
    for (const auto& x : o.topo.softswitches) listens |= x.node == a.node && x.listen.has_value();
    if (!listens) {
      std::fprintf(stderr, "ngnemu node: --max-pending: node %s hosts no UDP listener (topology "
                           "`listen`)\n", a.node.c_str());
      return 2;
    }
    o.max_pending = a.max_pending;
  }
  o.threads = a.threads;
  o.policy = a.scheduler;
  o.rate = a.rate;
  o.window = a.window;
  o.progress = !a.quiet;
  o.timeout = std::chrono::seconds(a.timeout);
  o.pcap_path = a.pcap;
  if (a.events) {
    // The events go to an AuC's database: a node without one cannot record them.
    bool has_auc = false, known = false;
    for (const auto& x : o.topo.aucs) has_auc |= x.node == a.node;
    for (const auto& x : o.topo.nodes) known |= x.name == a.node;
    if (known && !has_auc) { // an unknown node is refused below, as without --events
      std::fprintf(stderr, "--events: node %s hosts no authentication center (the events are "
                           "recorded in an AuC's database)\n", a.node.c_str());
      return 2;
    }
    o.events = true;
  }
  if (!a.run_id.empty()) {
    if (auto why = storage::check_run_name(a.run_id); !why.empty()) {
      std::fprintf(stderr, "ngnemu node: --run-id: %s\n", why.c_str());
      return 2;
    }
    o.run_name = a.run_id;
  } else {
    // Alone, this node's databases get a run of their own: say which, so that the other nodes'
    // rows can be found (scripts/launch passes one --run-id to every node instead).
    o.run_name = storage::make_run_name(unix_micros());
    std::fprintf(stderr, "ngnemu node %s: run %s (no --run-id given)\n", a.node.c_str(),
                 o.run_name.c_str());
  }
  o.command_line = typed_command_line();
  o.metrics_address = a.metrics;
  node_options n;
  n.node = a.node;
  n.ready_timeout = std::chrono::seconds(a.ready_timeout);
  n.heartbeat = std::chrono::milliseconds(a.heartbeat_ms);
  n.report_path = a.report;
  o.report_options = {{"--topology", a.topology}, {"--node", a.node}};
  if (!a.run_id.empty()) o.report_options.emplace_back("--run-id", a.run_id);
  if (a.rate >= 0) o.report_options.emplace_back("--rate", number_text(a.rate));
  if (a.window >= 0) o.report_options.emplace_back("--window", std::to_string(a.window));
  n.key_file = a.key_file;
  return run_node(o, n);
}

} // namespace

void add_node_command(CLI::App& app, std::function<int()>& action) {
  auto a = std::make_shared<node_args>();
  auto* cmd = app.add_subcommand(
    "node", "Run one node of a multi-host emulation; the nodes talk over ZeroMQ");
  cmd->add_option("--topology,-t", a->topology, "Topology file (TOML)")->required();
  cmd->add_option("--node", a->node, "Which node of the topology this process is")->required();
  cmd->add_option("--threads", a->threads, "CAF scheduler threads (1 to 256)")
    ->check(integer_in(1, 256))
    ->capture_default_str();
  cmd->add_option("--scheduler", a->scheduler, "CAF scheduler policy")
    ->check(CLI::IsMember({"sharing", "stealing"}))
    ->capture_default_str();
  cmd->add_option("--rate,-r", a->rate,
                  "Override the terminal groups' arrival rates (finite, 0 to 10000000)")
    ->check(number_in(0, 1e7));
  cmd->add_option("--window", a->window,
                  "At most this many first registrations under way per terminal group (0: no "
                  "bound; default 2048 for groups arriving all at once, none for paced ones)")
    ->check(integer_in(0, max_terminals));
  cmd->add_option("--timeout", a->timeout, "Seconds to wait for every outcome (1 to 31536000)")
    ->check(integer_in(1, max_timeout_s))
    ->capture_default_str();
  cmd->add_option("--ready-timeout", a->ready_timeout,
                  "Seconds to wait for every other node at start (1 to 86400)")
    ->check(integer_in(1, 86400))
    ->capture_default_str();
  cmd->add_option("--heartbeat-ms", a->heartbeat_ms,
                  "Heartbeat interval between nodes, 1 to 3600000 ms (default: the topology's)")
    ->check(integer_in(1, 3'600'000));
  cmd->add_option("--pcap", a->pcap,
                  "Trace of the messages this node's elements send (and its listeners' clients'): "
                  "each cross-node message is traced once, by its sender, so that mergecap of "
                  "every node's trace has no duplicates");
  cmd->add_flag("--events", a->events,
                "Record this node's messages in its (first) AuC's events table; an error on a "
                "node without an AuC");
  cmd->add_option("--run-id", a->run_id,
                  "Run id recorded in this node's databases; give every node of one emulation "
                  "the same (scripts/launch does); default: a new one, printed");
  cmd->add_option("--metrics", a->metrics,
                  "Serve this node's counters, latency histogram, CPU and memory to Prometheus "
                  "at http://ADDR:PORT/metrics while it runs, e.g. 127.0.0.1:9464 (README "
                  "\"Live metrics\")");
  cmd->add_option("--report", a->report,
                  "Write the run report at the end to this file (FILE.json or FILE.html): on "
                  "the collector (the first AuC's node) the whole emulation's, on another node "
                  "that node's own (README \"Run report\")");
  cmd->add_option("--max-pending", a->max_pending,
                  "Overload control of this node's UDP listeners: requests waiting for the "
                  "element at most (1 to 1000000; default 2048); a new REGISTER beyond it is "
                  "answered 503 with Retry-After")
    ->check(integer_in(1, 1'000'000));
  cmd->add_option("--key-file", a->key_file,
                  "This node's CURVE secret key file (ngnemu keys generate; mode 0600), when the "
                  "topology lists every node's public_key; default: the node's secret_key_file");
  cmd->add_flag("--quiet,-q", a->quiet, "No progress lines");
  add_log_options(cmd, a->log);
  cmd->callback([a, &action] { action = [a] { return run(*a); }; });
}

} // namespace ngn::nodes
