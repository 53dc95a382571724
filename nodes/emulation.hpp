// Running the elements of one or more nodes of a topology in this process: databases and
// provisioning, the actor system, the elements, the terminal groups, progress, the outcome.
// `ngnemu run` hosts every node (the embedded default is one node).
#pragma once

#include "elements/security_edge.hpp"
#include "nodes/terminal_group.hpp"
#include "storage/run_sessions.hpp"
#include "topology/model.hpp"

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace ngn::nodes {

/// The window of a group that arrives all at once when --window is not given: an unpaced burst
/// of 100,000 terminals would otherwise queue every first message at once (mailboxes, AuC
/// queue, heap): a peak RSS twice the settled one and seconds of queueing in the latency.
inline constexpr long default_window = 2048;

struct emulation_options {
  topology::topology topo;
  std::vector<std::string> host_nodes;  ///< nodes to host here; empty = all
  std::string db_override;              ///< --db: the database of the (single) AuC
  unsigned threads = 2;                 ///< CAF scheduler threads
  std::string policy = "sharing";       ///< CAF scheduler policy: sharing | stealing
  double rate = -1;                     ///< >= 0: overrides every group's arrival rate
  /// --window: at most this many first registrations under way per terminal group (the next
  /// terminal starts as one has its outcome); 0: none; < 0: default_window for groups that
  /// arrive all at once (rate 0), none for paced groups.
  long window = -1;
  bool progress = true;                 ///< print a progress line every second (stderr)
  std::chrono::seconds timeout{600};    ///< give up waiting for outcomes after this
  std::string pcap_path;                ///< --pcap: every message of every hop as IPv4/UDP
  /// --keylog: Wireshark `esp_sa` lines of every SA the hosted terminals install (DESIGN.md
  /// §1.2); created with mode 0600, a warning on stderr says it holds keys. Empty: none.
  std::string keylog_path;
  /// --stats: one CSV line per second of the terminals' counters (README "Statistics file").
  std::string stats_path;
  /// --events: every message of every hop as a row of `events` in the first hosted AuC's
  /// database (nodes/event_tap.hpp); the runtime refuses it when no AuC is hosted.
  bool events = false;
  /// The run id (storage/runs.hpp): a runs row of this name opens in every hosted AuC's
  /// database at start and closes at the end; every node of one emulation gets the same one.
  std::string run_name;
  /// The command line as typed, kept with the run (runs.options).
  std::string command_line;
  /// --metrics: serve the same counters at http://ADDR:PORT/metrics (README "Live metrics").
  std::string metrics_address;
  /// The command line's options as given (name → value): the run report's run.options.
  std::vector<std::pair<std::string, std::string>> report_options;
  /// Polled while the run waits: true ends it early, cleanly (SIGINT/SIGTERM). The topology's
  /// `duration` (--duration) ends it too; with UDP listeners the run serves until one of them.
  std::function<bool()> stop;
  /// --max-pending: requests a UDP listener lets wait for its element before it answers 503
  /// (nodes/udp_listener.hpp, overload control); 0: the listener's default.
  std::size_t max_pending = 0;
};

struct auc_summary {
  std::string name;
  std::string database;
  std::uint64_t challenges = 0, resyncs = 0, established = 0, failed = 0, expired = 0;
  std::uint64_t transactions = 0, ops = 0, max_batch = 0, write_errors = 0;
  std::uint64_t subscribers = 0, provisioned = 0;
  /// Issue 12 item 5: open challenges an earlier process left (kill -9, crash) closed at start.
  std::uint64_t recovered = 0;
  /// Storage failed (a full disk, an I/O error): SQLite's reason, the requests refused since,
  /// and the terminals committed as established in this database (-1: unknown).
  std::string storage_error;
  std::uint64_t storage_refused = 0;
  std::int64_t committed_established = -1;
};

/// What one node measured of another's clock from the bridge's heartbeats (nodes/clock_offset.hpp).
struct peer_clock {
  std::string node;
  double offset_ms = 0;  ///< the peer's clock minus the measuring node's
  double rtt_ms = -1;    ///< round trip of the kept sample; < 0: no sample
  std::uint32_t samples = 0;
};

/// One node process's resources (multi-node emulations report one per node).
struct node_usage {
  std::string node;
  std::uint64_t terminals = 0;
  long peak_rss_kb = 0;
  long rss_before_terminals_kb = 0;
  long rss_after_kb = 0;
  double cpu_seconds = 0;
  elements::edge_stats edges;  ///< its proxies' and soft switches' registrations' life
  /// Its clock minus the collector's (ms), as the collector's bridge measured it (README
  /// "Several processes and hosts"); nullopt: not measured.
  std::optional<double> clock_offset_ms;
  std::vector<peer_clock> peers; ///< what it measured of every other node's clock
};

/// One second of the run as the terminals (and the process) counted it: what happened during the
/// second (started … esp_dropped), the levels at its end (active, rss_kb), and the process's CPU
/// time spent in it. In a multi-node run the collector sums the nodes' points of a second.
struct series_point {
  micros at = 0;                 ///< Unix µs at the end of the second
  std::uint64_t started = 0;     ///< terminals started (the offered load)
  std::uint64_t established = 0; ///< first registrations established (the achieved rate)
  std::uint64_t failed = 0;      ///< first registrations failed
  std::uint64_t registrations = 0, reregistrations = 0, keepalives = 0, deregistrations = 0,
                expirations = 0;
  std::uint64_t failures = 0;    ///< every registration that failed (refreshes included)
  std::uint64_t esp_sent = 0, esp_received = 0, esp_dropped = 0;
  std::int64_t active = 0;       ///< registrations live at the end of the second
  std::int64_t in_flight = 0;    ///< registrations under way at the end of the second
  std::uint64_t timeouts = 0;    ///< registrations failed for want of an answer in the second
  std::uint64_t latencies = 0;   ///< registrations established in the second (with a latency)
  double latency_p50_ms = -1, latency_p99_ms = -1;  ///< of those; -1: none
  double cpu_seconds = 0;        ///< CPU time the process(es) spent in the second
  long rss_kb = 0;               ///< resident set at the end of the second
};

/// The real clients' registrations one UDP listener counted (nodes/listener_meter.hpp).
struct listener_result {
  std::string element;   ///< the proxy or soft switch it serves
  std::string endpoint;  ///< "udp:127.0.0.1:5060"
  std::uint64_t started = 0;     ///< registrations begun by a client without one
  std::uint64_t established = 0; ///< of those, established
  std::uint64_t failed = 0;      ///< of those, failed
  life_totals life;              ///< refreshes, de-registrations, failures, timeouts...
  std::int64_t in_flight = 0;    ///< under way when the listener stopped
  latency_counts latency{};      ///< every established registration's (refreshes included)
  micros first_start = 0, last_done = 0;  ///< Unix µs; 0: none
};

/// What a proxy or a soft switch counted (its *_stats, as named counters), for the run report.
struct element_report {
  std::string name;
  std::string kind;  ///< "proxy" | "softswitch"
  std::string node;
  std::map<std::string, std::uint64_t> counters;
};

struct emulation_report {
  std::string run_name;               ///< emulation_options::run_name
  std::string name;                  ///< the topology's emulation name
  std::vector<group_result> groups;
  std::vector<auc_summary> aucs;
  ngn::micros started = 0, ended = 0;
  bool timed_out = false;             ///< ended before every terminal had an outcome
  std::string ended_early;            ///< why, in this process ("interrupted", "timed out after 600 s")
  long peak_rss_kb = 0;
  long rss_before_terminals_kb = 0;  ///< resident set once the infrastructure is up
  long rss_after_kb = 0;             ///< resident set with the terminals registered, before they leave
  double cpu_seconds = 0;
  double cpu_before_leaving_seconds = 0;  ///< CPU time until the run's end, before the terminals left
  std::uint64_t terminals = 0;
  std::string pcap_path;
  std::uint64_t pcap_packets = 0, pcap_dropped = 0;
  std::string pcap_error;
  std::vector<node_usage> nodes;     ///< multi-node: per node (the fields above: this process)
  std::string listeners;             ///< counters of the UDP listeners, one line each
  std::vector<listener_result> listener_results;  ///< their clients' registrations
  double listeners_cpu_seconds = 0;  ///< process CPU time while the listeners served
  /// `ngnemu node`: what this node measured of the other nodes' clocks, and (a node other than
  /// the collector) its own clock minus the collector's, ms.
  std::vector<peer_clock> clocks;
  std::optional<double> clock_offset_ms;
  /// The security edges' count of the registrations' life (DESIGN.md §1.2), all nodes.
  elements::edge_stats edges;
  std::string keylog_path;
  std::uint64_t keylog_lines = 0, keylog_errors = 0;
  std::string stats_path;
  std::uint64_t stats_lines = 0;
  bool stats_failed = false;
  std::string events_database;       ///< --events: where the rows went
  std::uint64_t events_recorded = 0;
  /// The run's seconds (README "Run report"); multi-node: every node's, merged by second.
  std::vector<series_point> series;
  /// The proxies' and soft switches' counters, every node's.
  std::vector<element_report> elements;
  /// The command line's options as given (name → value), for the run report.
  std::vector<std::pair<std::string, std::string>> options;
  /// Whose figures (the run report's `scope`): "emulation" (every node's: `ngnemu run`, the
  /// collector of a multi-node run) or "node" (`scope_node`'s own). Empty: emulation.
  std::string scope;
  std::string scope_node;
  /// The run's sessions in the AuC databases of this process, read at the run's end once the
  /// writers flushed (or by `ngnemu report` from every --db); nullopt: not read.
  std::optional<storage::session_tables> sessions;
  /// The JSON run report as node_runtime::shutdown stored it in the databases (what --report
  /// writes); empty before.
  std::string report_json;
  std::string report_path;   ///< --report: where the run report went
  std::string report_error;  ///< why it could not be written
};

/// Runs until every hosted terminal has an outcome (or the timeout). Throws std::runtime_error
/// for set-up problems (database, topology inconsistencies).
emulation_report run_emulation(const emulation_options& o);

/// The human summary: attempted/established/failed by reason, registrations per second,
/// latency percentiles, peak memory.
std::string format_report(const emulation_report& r);

/// Every group's latency histogram merged (latency_histogram.hpp).
latency_counts merged_latency(const emulation_report& r);

} // namespace ngn::nodes
