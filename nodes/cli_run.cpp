// `ngnemu run`: the embedded default emulation (or a topology file, every node in-process).
#include "nodes/cli.hpp"
#include "nodes/emulation.hpp"
#include "nodes/signals.hpp"
#include "protocols/common/mechanism.hpp"
#include "topology/defaults.hpp"
#include "topology/parse.hpp"
#include "topology/syntax.hpp"
#include "topology/validate.hpp"

#include <CLI/CLI.hpp>

#include <cstdio>
#include <memory>

namespace ngn::nodes {

namespace {

struct run_args {
  std::uint64_t terminals = 1000;
  std::string via = "both";
  double rate = -1;
  std::string db = "ngnemu.db";
  std::string mechanisms;
  std::string topology;
  unsigned threads = 2;
  std::string scheduler = "sharing";
  bool quiet = false;
  unsigned timeout = 600;
  std::string pcap;
  std::string protocol;
  std::string listen;
  std::string duration;
};

/// --listen: a SIP UDP listener on the proxy when there is one (the default topology's sp1,
/// unless --via direct), else on the soft switch (README "Real SIP clients (SIPp)").
bool apply_listen(topology::topology& t, const run_args& a) {
  if (a.listen.empty()) return true;
  auto ep = topology::parse_listen(a.listen);
  if (!ep) {
    std::fprintf(stderr, "ngnemu: --listen: %s\n", ep.error.c_str());
    return false;
  }
  const bool direct = a.topology.empty() && a.via == "direct";
  if (!t.proxies.empty() && !direct) t.proxies.front().listen = *ep.value;
  else if (!t.softswitches.empty()) t.softswitches.front().listen = *ep.value;
  return true;
}

/// --protocol: every terminal group speaks `p`; "mixed" splits each group into four, a quarter
/// per protocol (DESIGN.md §1.1), keeping the identities.
void apply_protocol(topology::topology& t, const std::string& p) {
  if (p.empty()) return;
  if (p != "mixed") {
    auto k = parse_protocol(p);
    for (auto& g : t.terminals) g.protocol = *k;
    return;
  }
  std::vector<topology::terminal_group> split;
  constexpr auto n = protocol_count;
  for (const auto& g : t.terminals) {
    std::uint64_t first = g.first;
    for (std::size_t i = 0; i < n; ++i) {
      auto part = g;
      part.count = g.count / n + (i < g.count % n ? 1 : 0);
      if (part.count == 0) continue;
      part.name = g.name + "-" + std::string(to_string(all_protocols[i]));
      part.protocol = all_protocols[i];
      part.first = first;
      part.rate = g.rate / n;
      first += part.count;
      split.push_back(std::move(part));
    }
  }
  t.terminals = std::move(split);
}

int run(const run_args& a, bool db_given) {
  signal_guard sig; // before any thread: SIGINT/SIGTERM end the run cleanly
  emulation_options o;
  if (!a.topology.empty()) {
    auto parsed = topology::parse_file(a.topology);
    if (!parsed) {
      std::fprintf(stderr, "%s", topology::to_string(parsed.errors()).c_str());
      return 2;
    }
    o.topo = std::move(parsed).value();
    if (db_given) o.db_override = a.db;
  } else {
    auto mode = a.via == "proxy"    ? topology::via_mode::proxy
                : a.via == "direct" ? topology::via_mode::direct
                                    : topology::via_mode::mixed;
    o.topo = topology::default_topology(a.terminals, mode);
    o.db_override = a.db;
  }
  apply_protocol(o.topo, a.protocol);
  if (!apply_listen(o.topo, a)) return 2;
  if (!a.duration.empty()) {
    auto d = topology::parse_duration(a.duration);
    if (!d) {
      std::fprintf(stderr, "ngnemu: --duration: %s\n", d.error.c_str());
      return 2;
    }
    o.topo.emulation.run_time = *d.value;
  }
  if (auto errors = topology::validate(o.topo); !errors.empty()) {
    std::fprintf(stderr, "%s", topology::to_string(errors).c_str());
    return 2;
  }
  if (!a.mechanisms.empty()) {
    auto list = ngn::parse_mechanisms(a.mechanisms);
    if (!list) {
      std::fprintf(stderr, "ngnemu: --mechanisms: %s\n", list.error().describe().c_str());
      return 2;
    }
    for (auto& g : o.topo.terminals) g.mechanisms = *list;
  }
  o.threads = a.threads;
  o.policy = a.scheduler;
  if (a.rate >= 0) {
    // --rate is the whole emulation's arrival rate: each group gets its share by size.
    std::uint64_t total = 0;
    for (const auto& g : o.topo.terminals) total += g.count;
    for (auto& g : o.topo.terminals)
      g.rate = total > 0 ? a.rate * static_cast<double>(g.count) / static_cast<double>(total) : 0;
  }
  o.progress = !a.quiet;
  o.timeout = std::chrono::seconds(a.timeout);
  o.pcap_path = a.pcap;
  o.stop = [&sig] { return sig.raised(); };
  auto report = run_emulation(o);
  std::printf("%s%s", format_report(report).c_str(), report.listeners.c_str());
  std::uint64_t failed = 0;
  for (const auto& g : report.groups) failed += g.failed;
  if (!report.pcap_error.empty()) return 1;
  return failed == 0 && !report.timed_out ? 0 : 1;
}

} // namespace

void add_run_command(CLI::App& app, std::function<int()>& action) {
  auto a = std::make_shared<run_args>();
  auto* cmd = app.add_subcommand(
    "run", "Run an emulation in this process: the embedded default (1 AuC, 1 soft switch, "
           "1 proxy, SIP terminals) or every node of --topology");
  cmd->add_option("--terminals,-n", a->terminals, "Terminals of the default topology")
    ->capture_default_str();
  cmd->add_option("--via", a->via, "How default terminals reach the soft switch")
    ->check(CLI::IsMember({"proxy", "direct", "both"}))
    ->capture_default_str();
  cmd->add_option("--rate,-r", a->rate, "Registrations started per second in all, shared by the groups by size (default: as fast as "
                                        "possible, or the topology's rates)");
  auto* db = cmd->add_option("--db", a->db, "AuC database (SQLite)")->capture_default_str();
  cmd->add_option("--mechanisms", a->mechanisms,
                  "Mechanisms the terminals offer, RFC 3329 style: 'aes-gcm;q=0.9,hmac-sha256;q=0.5'");
  cmd->add_option("--topology,-t", a->topology, "Topology file (TOML); every node runs here");
  cmd->add_option("--threads", a->threads, "CAF scheduler threads")->capture_default_str();
  cmd->add_option("--scheduler", a->scheduler, "CAF scheduler policy")
    ->check(CLI::IsMember({"sharing", "stealing"}))
    ->capture_default_str();
  cmd->add_option("--timeout", a->timeout, "Seconds to wait for every outcome")
    ->capture_default_str();
  cmd->add_flag("--quiet,-q", a->quiet, "No progress lines");
  std::vector<std::string> protocols;
  for (auto p : all_protocols) protocols.emplace_back(to_string(p));
  protocols.emplace_back("mixed");
  cmd->add_option("--protocol,-p", a->protocol,
                  "Protocol of every terminal (" + protocol_names() + "); mixed = an equal "
                  "share each (default: sip, or the topology's)")
    ->check(CLI::IsMember(protocols));
  cmd->add_option("--pcap", a->pcap,
                  "Write every message of every hop to this pcap file (IPv4/UDP, well-known ports)");
  cmd->add_option("--listen", a->listen,
                  "SIP UDP listener for real clients, e.g. udp:127.0.0.1:5060 (on the proxy "
                  "unless --via direct; with --terminals 0 it serves until SIGINT/SIGTERM or "
                  "--duration)");
  cmd->add_option("--duration", a->duration,
                  "End the run after this long (1m30s, 250ms); default: when every terminal is "
                  "done, or with --listen at SIGINT/SIGTERM");
  cmd->callback([a, db, &action] { action = [a, db] { return run(*a, db->count() > 0); }; });
}

} // namespace ngn::nodes
