// `ngnemu run`: the embedded default emulation (or a topology file, every node in-process).
#include "nodes/cli.hpp"
#include "protocols/common/escape.hpp"
#include "nodes/cli_checks.hpp"
#include "nodes/cli_log.hpp"
#include "nodes/emulation.hpp"
#include "nodes/run_report.hpp"
#include "nodes/metrics.hpp"
#include "nodes/signals.hpp"
#include "protocols/common/clock.hpp"
#include "protocols/common/mechanism.hpp"
#include "storage/runs.hpp"
#include "topology/defaults.hpp"
#include "topology/parse.hpp"
#include "topology/syntax.hpp"
#include "topology/validate.hpp"

#include <CLI/CLI.hpp>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <optional>
#include <utility>

namespace ngn::nodes {

namespace {

struct run_args {
  std::uint64_t terminals = 1000;
  std::string via = "both";
  double rate = -1;
  long window = -1;
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
  // The traffic model (topology/README.md "Traffic model"): each given one overrides every group.
  std::string lifetime, reregister, keepalive, hold, hold_distribution, rearrive, arrival;
  std::string keylog;
  std::string stats;
  bool events = false;
  log_args log;
  std::string report;
  std::string metrics;
  std::size_t max_pending = 0; ///< --max-pending; 0: not given
  // Whether an option was on the command line (CLI::Option::count), where its default is a value.
  bool terminals_given = false, via_given = false, db_given = false;
  bool lifetime_given = false, reregister_given = false, keepalive_given = false;
  bool hold_given = false, hold_distribution_given = false, rearrive_given = false;
  bool arrival_given = false, duration_given = false;
};

/// The traffic options and --duration, parsed; each one given overrides every terminal group
/// (or the emulation's duration).
struct overrides {
  std::optional<topology::duration> run_time, lifetime, reregister, keepalive, hold, rearrive;
  std::optional<topology::arrival_process> arrival;
  std::optional<topology::hold_distribution> hold_distribution;

  void apply(topology::topology& t) const {
    if (run_time) t.emulation.run_time = *run_time;
    for (auto& g : t.terminals) {
      if (arrival) g.arrival = *arrival;
      if (lifetime) g.lifetime = *lifetime;
      if (reregister) g.reregister = *reregister;
      if (keepalive) g.keepalive = *keepalive;
      if (hold) g.hold = *hold;
      if (hold_distribution) g.hold_distribution = *hold_distribution;
      if (rearrive) g.rearrive = *rearrive;
    }
  }
};

/// `text` of option `name` as a duration into `out` if `given`; false after a message if it is
/// not one.
bool parse_duration_option(const char* name, bool given, const std::string& text,
                           std::optional<topology::duration>& out) {
  if (!given) return true;
  auto d = topology::parse_duration(text);
  if (!d) {
    std::fprintf(stderr, "ngnemu: %s: %s\n", name, d.error.c_str());
    return false;
  }
  out = *d.value;
  return true;
}

/// The same for an option whose value is one of two words, read by `parse`.
template <class T, class Parse>
bool parse_choice_option(const char* name, bool given, const std::string& text,
                         const char* expected, Parse&& parse, std::optional<T>& out) {
  if (!given) return true;
  auto v = parse(text);
  if (!v) {
    std::fprintf(stderr, "ngnemu: %s: '%s' is not %s\n", name, text.c_str(), expected);
    return false;
  }
  out = *v;
  return true;
}

/// Every override of `a`, or nullopt after a message naming the option that is wrong.
std::optional<overrides> parse_overrides(const run_args& a) {
  overrides o;
  bool ok = parse_duration_option("--duration", a.duration_given, a.duration, o.run_time)
            && parse_duration_option("--lifetime", a.lifetime_given, a.lifetime, o.lifetime)
            && parse_duration_option("--reregister", a.reregister_given, a.reregister,
                                     o.reregister)
            && parse_duration_option("--keepalive", a.keepalive_given, a.keepalive, o.keepalive)
            && parse_duration_option("--hold", a.hold_given, a.hold, o.hold)
            && parse_duration_option("--rearrive", a.rearrive_given, a.rearrive, o.rearrive)
            && parse_choice_option("--arrival", a.arrival_given, a.arrival, "uniform or poisson",
                                   topology::parse_arrival_process, o.arrival)
            && parse_choice_option("--hold-distribution", a.hold_distribution_given,
                                   a.hold_distribution, "fixed or exponential",
                                   topology::parse_hold_distribution, o.hold_distribution);
  if (!ok) return std::nullopt;
  return o;
}

/// Options that only shape the embedded default topology are errors with --topology.
bool check_default_only(const run_args& a) {
  if (a.topology.empty()) return true;
  const std::pair<bool, const char*> shaping[] = {{a.terminals_given, "--terminals"},
                                                  {a.via_given, "--via"}};
  for (const auto& [given, name] : shaping)
    if (given) {
      std::fprintf(stderr,
                   "ngnemu: %s shapes the embedded default topology only; with --topology the "
                   "file's terminal groups apply (edit them there)\n",
                   name);
      return false;
    }
  return true;
}

/// --listen: a SIP UDP listener on the proxy when there is one (the default topology's sp1,
/// unless --via direct), else on the soft switch (README "Real SIP clients (SIPp)").
bool has_listener(const topology::topology& t) {
  for (const auto& x : t.proxies)
    if (x.listen) return true;
  for (const auto& x : t.softswitches)
    if (x.listen) return true;
  return false;
}

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

/// The options as given, for the run report (README "Run report": run.options).
std::vector<std::pair<std::string, std::string>> options_of(const run_args& a) {
  std::vector<std::pair<std::string, std::string>> o;
  auto add = [&o](bool given, const char* name, std::string value) {
    if (given) o.emplace_back(name, std::move(value));
  };
  add(a.topology.empty(), "--terminals", std::to_string(a.terminals));
  add(a.topology.empty(), "--via", a.via);
  add(!a.topology.empty(), "--topology", a.topology);
  add(!a.protocol.empty(), "--protocol", a.protocol);
  add(a.rate >= 0, "--rate", number_text(a.rate));
  add(a.window >= 0, "--window", std::to_string(a.window));
  add(a.db_given || a.topology.empty(), "--db", a.db);
  add(!a.mechanisms.empty(), "--mechanisms", a.mechanisms);
  add(a.duration_given, "--duration", a.duration);
  add(a.arrival_given, "--arrival", a.arrival);
  add(a.lifetime_given, "--lifetime", a.lifetime);
  add(a.reregister_given, "--reregister", a.reregister);
  add(a.keepalive_given, "--keepalive", a.keepalive);
  add(a.hold_given, "--hold", a.hold);
  add(a.hold_distribution_given, "--hold-distribution", a.hold_distribution);
  add(a.rearrive_given, "--rearrive", a.rearrive);
  add(!a.listen.empty(), "--listen", a.listen);
  add(a.max_pending > 0, "--max-pending", std::to_string(a.max_pending));
  add(true, "--threads", std::to_string(a.threads));
  add(true, "--scheduler", a.scheduler);
  add(true, "--timeout", std::to_string(a.timeout));
  return o;
}

int run(const run_args& a) {
  if (!check_default_only(a)) return 2;
  if (!apply_log_options(a.log, "run")) return 2;
  if (auto e = check_report_path(a.report); !e.empty()) {
    std::fprintf(stderr, "ngnemu: %s\n", e.c_str());
    return 2;
  }
  if (!a.metrics.empty())
    if (auto m = parse_metrics_address(a.metrics); !m) {
      std::fprintf(stderr, "ngnemu: --metrics: %s\n", m.error.c_str());
      return 2;
    }
  // The options are applied before validation (for a file: as it is read, so that errors keep
  // its positions): --duration may be what makes `rearrive` or `keepalive` valid.
  const auto over = parse_overrides(a);
  if (!over) return 2;
  signal_guard sig; // before any thread: SIGINT/SIGTERM end the run cleanly
  emulation_options o;
  if (!a.topology.empty()) {
    auto parsed = topology::parse_file(a.topology,
                                       [&over](topology::topology& t) { over->apply(t); });
    if (!parsed) {
      std::fprintf(stderr, "%s", topology::to_string(parsed.errors()).c_str());
      return 2;
    }
    o.topo = std::move(parsed).value();
    if (a.db_given) o.db_override = a.db;
  } else {
    auto mode = a.via == "proxy"    ? topology::via_mode::proxy
                : a.via == "direct" ? topology::via_mode::direct
                                    : topology::via_mode::mixed;
    o.topo = topology::default_topology(a.terminals, mode);
    o.db_override = a.db;
    over->apply(o.topo);
  }
  apply_protocol(o.topo, a.protocol);
  if (!apply_listen(o.topo, a)) return 2;
  if (a.max_pending > 0 && !has_listener(o.topo)) {
    // A bound on what a listener queues cannot apply without one (an error, not ignored).
    std::fprintf(stderr, "ngnemu: --max-pending needs a UDP listener (--listen, or `listen` in "
                         "the topology)\n");
    return 2;
  }
  o.max_pending = a.max_pending;
  const std::string source = a.topology.empty() ? std::string("<built-in>") : a.topology;
  if (auto errors = topology::validate(o.topo, source); !errors.empty()) {
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
  o.window = a.window;
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
  o.keylog_path = a.keylog;
  o.stats_path = a.stats;
  o.events = a.events;
  o.metrics_address = a.metrics;
  o.stop = [&sig] { return sig.raised(); };
  // One run id for the whole emulation: every AuC database of this process records it.
  o.run_name = storage::make_run_name(unix_micros());
  o.command_line = typed_command_line();
  o.report_options = options_of(a);
  auto report = run_emulation(o);
  if (!a.report.empty()) {
    // Written before the summary is printed, so that the summary can say where it went (or why
    // not); also after SIGINT/SIGTERM or the timeout, which end run_emulation normally. The
    // same text as stored with the run in the databases (node_runtime::shutdown).
    report.report_path = a.report;
    report.report_error = write_report_text(
      report.report_json.empty() ? run_report_json(report) : report.report_json, a.report);
  }
  std::printf("%s%s", format_report(report).c_str(), report.listeners.c_str());
  if (a.events)
    std::printf("  events         %llu messages recorded in %s\n",
                static_cast<unsigned long long>(report.events_recorded),
                report.events_database.c_str());
  std::uint64_t failed = 0;
  // A refresh that failed or a registration lost mid-life is a failure of the run as much as a
  // first registration that failed (DESIGN.md §1.2).
  for (const auto& g : report.groups) failed += g.failed + g.life.failures;
  // Issue 12 item 5: storage failed (a full disk, an I/O error): SQLite's reason on stderr too,
  // exit status 3 (README "Exit status").
  bool storage_failed = false;
  for (const auto& au : report.aucs)
    if (!au.storage_error.empty()) {
      storage_failed = true;
      std::fprintf(stderr, "ngnemu run: storage error: auc %s (%s): %s\n", au.name.c_str(),
                   escape_text(au.database).c_str(), au.storage_error.c_str());
    }
  if (storage_failed) return 3;
  if (!report.pcap_error.empty() || report.stats_failed || !report.report_error.empty()) return 1;
  return failed == 0 && !report.timed_out ? 0 : 1;
}

} // namespace

void add_run_command(CLI::App& app, std::function<int()>& action) {
  auto a = std::make_shared<run_args>();
  auto* cmd = app.add_subcommand(
    "run", "Run an emulation in this process: the embedded default (1 AuC, 1 soft switch, "
           "1 proxy, SIP terminals) or every node of --topology");
  auto* terminals = cmd->add_option("--terminals,-n", a->terminals,
                                    "Terminals of the default topology (not with --topology)")
                      ->check(integer_in(0, max_terminals))
                      ->capture_default_str();
  auto* via = cmd->add_option("--via", a->via,
                              "How default terminals reach the soft switch (not with --topology)")
                ->check(CLI::IsMember({"proxy", "direct", "both"}))
                ->capture_default_str();
  cmd->add_option("--rate,-r", a->rate, "Arrivals per second in all, shared by the groups by size (default: all at once, "
                                        "or the topology's rates); finite, 0 to 10000000")
    ->check(number_in(0, 1e7));
  cmd->add_option("--window", a->window,
                  "At most this many first registrations under way per terminal group; the next "
                  "terminal starts as one has its outcome (0: no bound; default 2048 for groups "
                  "arriving all at once, none for paced ones)")
    ->check(integer_in(0, max_terminals));
  auto* db = cmd->add_option("--db", a->db, "AuC database (SQLite)")->capture_default_str();
  cmd->add_option("--mechanisms", a->mechanisms,
                  "Mechanisms the terminals offer, RFC 3329 style: 'aes-gcm;q=0.9,hmac-sha256;q=0.5'");
  cmd->add_option("--topology,-t", a->topology, "Topology file (TOML); every node runs here");
  cmd->add_option("--threads", a->threads, "CAF scheduler threads (1 to 256)")
    ->check(integer_in(1, 256))
    ->capture_default_str();
  cmd->add_option("--scheduler", a->scheduler, "CAF scheduler policy")
    ->check(CLI::IsMember({"sharing", "stealing"}))
    ->capture_default_str();
  cmd->add_option("--timeout", a->timeout, "Seconds to wait for every outcome (1 to 31536000)")
    ->check(integer_in(1, max_timeout_s))
    ->capture_default_str();
  cmd->add_flag("--quiet,-q", a->quiet, "No progress lines");
  add_log_options(cmd, a->log);
  std::vector<std::string> protocols;
  for (auto p : all_protocols) protocols.emplace_back(to_string(p));
  protocols.emplace_back("mixed");
  cmd->add_option("--protocol,-p", a->protocol,
                  "Protocol of every terminal (" + protocol_names() + "); mixed = an equal "
                  "share each (default: sip, or the topology's)")
    ->check(CLI::IsMember(protocols));
  cmd->add_option("--pcap", a->pcap,
                  "Write every message of every hop to this pcap file (IPv4/UDP, well-known ports)");
  cmd->add_flag("--events", a->events,
               "Record every message of every hop in the events table of the (first) AuC's "
               "database: ends, protocol, kind, correlation ids, wire session id, response code "
               "(for `ngnemu sessions --identity X --timeline`)");
  cmd->add_option("--keylog", a->keylog,
                  "Write Wireshark esp_sa lines of every SA the terminals install to this file "
                  "(mode 0600; it holds keys), for tshark to decrypt a --pcap");
  cmd->add_option("--stats", a->stats,
                  "Write one CSV line per second of the terminals' counters to this file (this "
                  "interval and cumulative, like SIPp -trace_stat; README \"Statistics file\")");
  cmd->add_option("--report", a->report,
                  "Write the run report at the end of the run (also when interrupted) to this "
                  "file: FILE.json the JSON report, FILE.html a self-contained HTML page with "
                  "plots (README \"Run report\")");
  cmd->add_option("--metrics", a->metrics,
                  "Serve the run's counters, latency histogram, CPU and memory to Prometheus at "
                  "http://ADDR:PORT/metrics while it lasts, e.g. 127.0.0.1:9464 (port 0: any "
                  "free one, printed; README \"Live metrics\")");
  cmd->add_option("--listen", a->listen,
                  "SIP UDP listener for real clients, e.g. udp:127.0.0.1:5060 (on the proxy "
                  "unless --via direct; with --terminals 0 it serves until SIGINT/SIGTERM or "
                  "--duration)");
  cmd->add_option("--max-pending", a->max_pending,
                  "Overload control of the UDP listeners: requests waiting for the element at "
                  "most (1 to 1000000; default 2048); a new REGISTER beyond it is answered 503 "
                  "with Retry-After (needs --listen or a topology listener)")
    ->check(integer_in(1, 1'000'000));
  auto* duration = cmd->add_option(
    "--duration", a->duration,
    "End the run after this long (1m30s, 250ms): a soak in steady state; default: when every "
    "terminal is done, or with --listen at SIGINT/SIGTERM");
  // The traffic model: each overrides every terminal group (topology/README.md "Traffic model").
  auto* arrival = cmd->add_option("--arrival", a->arrival,
                                  "Arrival process at the rate: uniform | poisson");
  auto* lifetime = cmd->add_option("--lifetime", a->lifetime,
                                   "Registration lifetime the terminals request, whole seconds "
                                   "(default 1h)");
  auto* reregister = cmd->add_option("--reregister", a->reregister,
                                     "Refresh this long after each registration; 0s = never "
                                     "(default: half the lifetime)");
  auto* keepalive = cmd->add_option("--keepalive", a->keepalive,
                                    "Keepalive interval while registered; 0s = none (default)");
  auto* hold = cmd->add_option("--hold", a->hold,
                               "Time registered before de-registering; 0s = until the run ends "
                               "(default)");
  auto* hold_distribution = cmd->add_option("--hold-distribution", a->hold_distribution,
                                            "fixed | exponential (hold is the mean)");
  auto* rearrive = cmd->add_option("--rearrive", a->rearrive,
                                   "Register again this long after leaving (needs --duration)");
  cmd->callback([=, &action] {
    a->terminals_given = terminals->count() > 0;
    a->via_given = via->count() > 0;
    a->db_given = db->count() > 0;
    a->duration_given = duration->count() > 0;
    a->arrival_given = arrival->count() > 0;
    a->lifetime_given = lifetime->count() > 0;
    a->reregister_given = reregister->count() > 0;
    a->keepalive_given = keepalive->count() > 0;
    a->hold_given = hold->count() > 0;
    a->hold_distribution_given = hold_distribution->count() > 0;
    a->rearrive_given = rearrive->count() > 0;
    action = [a] { return run(*a); };
  });
}

} // namespace ngn::nodes
