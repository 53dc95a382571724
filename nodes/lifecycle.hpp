// The life of one node of a multi-node emulation (README "Several processes and hosts"; DESIGN.md
// §3 "Distribution") as a pure state machine: events in (the bridge's peers going up and down,
// control messages from the other nodes, the runtime's steps done, SIGINT/SIGTERM, the time),
// actions out (send control messages, start or stop the terminal groups, drain the elements and
// the AuCs, print the summary, exit with a status). No CAF, no ZeroMQ, no threads, no clock: `now`
// is passed in. nodes/cluster.cpp drives it; node_report.hpp encodes its control messages.
//
//   waiting_for_peers --every peer up--> running --terminal groups finished-->
//     collector:  collecting_done --`done` from every terminal node--> (`quiesce` to every node)
//     others:     awaiting_quiesce --`quiesce`-->
//   draining_elements --drained--> (`quiesced` to every other node) awaiting_quiesced
//     --`quiesced` from every other node--> draining_aucs --drained--> (`final` to the collector)
//     collector:  collecting_finals --every `final`--> (`finish` to every node)
//     others:     awaiting_finish --`finish`-->
//   reporting --summary printed--> flushing --bridge backlog empty--> stopped (exit)
//
// Acknowledgements instead of sleeps:
//  - ZeroMQ keeps order per pair of nodes, and every node sends `quiesced` to every other node once
//    its soft switches and proxies have drained. A node holding `quiesced` from every other node
//    therefore has every envelope they sent toward its AuCs delivered (in the AuCs' mailboxes): its
//    AuCs may drain, wherever the shards sit. A node without AuCs does not wait.
//  - `finish` (collector → every node) acknowledges the final reports: the collector sends it once
//    every node's `final` is in. By then everything a node sent has arrived: its `final`
//    (acknowledged) and its `quiesced` (every node with AuCs waited for them before its `final`).
//  - The collector's `finish` are the last messages: a node exits once its bridge has handed every
//    frame to ZeroMQ (the bridge's backlog is empty).
// Every wait has a deadline (`timeouts` below); passing one is logged and, but for the last one
// (flush), makes the exit status 1. A peer that is DOWN while the node waits for its `quiesced`,
// its `final` or (the collector's) `finish` is not waited for (logged, exit status 1). Before
// that, DOWN does not matter: the peer may come back (restarted); nothing is sent to a peer that
// is down, and one that comes back gets every control message this node has sent (or would have).
// Messages may come in any order across nodes (a `quiesced` before the `quiesce`, a `final` before
// the collector's own) and twice: what arrives is recorded whatever the phase, and reports are
// merged once, whole.
// SIGINT/SIGTERM: the terminal groups stop, then the node goes through its remaining steps without
// waiting for the other nodes (its AuCs still drain: every session is persisted) and exits 1.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace ngn::nodes {

struct control_message; // node_report.hpp: the encoded form, with the report itself

/// The control messages between the nodes of an emulation (envelope_kind::control payloads).
enum class control_type : std::uint8_t {
  done = 1,      ///< node → collector: its terminal groups are finished (a report, in parts)
  quiesce = 2,   ///< collector → every node: let the soft switches and proxies drain
  quiesced = 3,  ///< node → every other node: drained; what it sent before has arrived
  finish = 4,    ///< collector → every node: every final report is in (their acknowledgement)
  final = 5,     ///< node → collector: the final report (parts), once its AuCs have drained
  latencies = 6, ///< node → collector: a chunk of one group's latencies (a report part)
};
std::string_view to_string(control_type t) noexcept;

/// What the lifecycle reads of a control message; the rest travels as an opaque body.
struct control_header {
  control_type type = control_type::done;
  std::string node;                  ///< sender
  std::uint16_t part = 0, parts = 1; ///< done / final / latencies: index and count of the parts
};

namespace lifecycle {

using clock = std::chrono::steady_clock;
using time_point = clock::time_point;
using std::chrono::milliseconds;

enum class phase : std::uint8_t {
  waiting_for_peers, ///< start barrier: every other node up
  running,           ///< the terminal groups run
  collecting_done,   ///< collector: `done` from every node with terminals
  awaiting_quiesce,  ///< others: the collector's `quiesce`
  draining_elements, ///< soft switches and proxies finish their mailboxes
  awaiting_quiesced, ///< `quiesced` from every other node (nodes with AuCs only)
  draining_aucs,     ///< AuCs finish their mailboxes, writers flush
  collecting_finals, ///< collector: `final` from every node
  awaiting_finish,   ///< others: the collector's `finish`
  reporting,         ///< the summary is printed
  flushing,          ///< the bridge hands its last frames to ZeroMQ
  stopped,           ///< exit
};
std::string_view to_string(phase p) noexcept;

/// The deadlines, one per kind of wait (ngnemu node's options).
struct timeouts {
  milliseconds ready{60000};  ///< start barrier (--ready-timeout): else exit 4
  milliseconds run{600000};   ///< collector: `done` reports after its own groups (--timeout);
                              ///< others: the `quiesce` after their groups, plus `finish`
  milliseconds finish{30000}; ///< `quiesced` from every node; final reports; twice: `finish`
  milliseconds flush{2000};   ///< the bridge's backlog at exit
};

struct config {
  std::string self;                        ///< this node
  std::string collector;                   ///< the node of the first AuC
  std::vector<std::string> peers;          ///< every other node of the topology
  std::vector<std::string> terminal_nodes; ///< nodes with terminal groups (self included if so)
  bool hosts_aucs = false;                 ///< AuCs here: wait for every `quiesced` first
  timeouts limits;
};

// -- events -----------------------------------------------------------------------------------

struct peer_up {
  std::string node;
};
struct peer_down {
  std::string node;
};
/// Every hosted terminal group has an outcome (or was stopped, or timed out).
struct groups_finished {};
/// A control message from another node, or this node's own report handed back (send_report).
struct received {
  control_header header;
  std::shared_ptr<const control_message> body; ///< passed on in merge_report, never read
};
struct elements_drained {};
struct aucs_drained {};
/// The summary is printed; `all_established`: no terminal failed, none without an outcome.
struct summary_printed {
  bool all_established = false;
};
/// The bridge holds no frame for any peer any more.
struct bridge_flushed {};
/// SIGINT or SIGTERM.
struct interrupted {};
/// Time passes (deadlines are checked on every event).
struct tick {};

using event = std::variant<peer_up, peer_down, groups_finished, received, elements_drained,
                           aucs_drained, summary_printed, bridge_flushed, interrupted, tick>;

// -- actions ----------------------------------------------------------------------------------

struct start_groups {};
/// Ends the groups early (SIGINT): terminals without an outcome count as failed.
struct stop_groups {};
/// A control message without a report (quiesce, quiesced, finish) to each node of `to`.
struct send {
  std::vector<std::string> to;
  control_type type = control_type::quiesced;
};
/// This node's report as `type` (done: its groups; final: its AuCs and usage) to `to`, in parts.
/// `to` is this node on the collector: hand the parts back as `received` events.
struct send_report {
  std::string to;
  control_type type = control_type::done;
};
/// Collector: one node's complete report (its parts in order) for the whole emulation's summary.
struct merge_report {
  std::vector<std::shared_ptr<const control_message>> parts;
};
/// Report elements_drained / aucs_drained when done.
struct drain_elements {};
struct drain_aucs {};
/// Collector: the whole emulation's summary (`incomplete`: some node's `done` never came, the
/// run counts as timed out); others: this node's own. Report summary_printed.
struct print_summary {
  bool whole = false;
  bool incomplete = false;
  bool interrupted = false;
};
/// Report bridge_flushed once the bridge's backlog is empty.
struct flush_bridge {};
/// A line for stderr (the driver prefixes the node).
struct log {
  std::string line;
};
/// 0: completed (collector: every registration established); 1: failures, a deadline passed, a
/// node went down, or a signal; 4: peers not reachable at start.
struct exit_node {
  int status = 0;
};

using action = std::variant<start_groups, stop_groups, send, send_report, merge_report,
                            drain_elements, drain_aucs, print_summary, flush_bridge, log,
                            exit_node>;
using actions = std::vector<action>;

// -- the machine ------------------------------------------------------------------------------

class machine {
public:
  explicit machine(config c);

  /// Starts the barrier's clock (with no peers it passes at once).
  actions start(time_point now);
  /// One event; then any deadline passed by `now`.
  actions handle(const event& e, time_point now);

  phase current() const noexcept { return phase_; }
  bool is_collector() const noexcept { return c_.self == c_.collector; }
  bool hosts_terminals() const noexcept;
  /// When the current wait gives up, if it can.
  std::optional<time_point> deadline() const noexcept { return deadline_; }
  /// The exit status so far (final once phase() is stopped).
  int status() const noexcept;

private:
  struct report_slot {
    std::optional<control_type> type; ///< done / final, once the first part arrived
    std::uint16_t parts = 0;
    std::map<std::uint16_t, std::shared_ptr<const control_message>> got;
  };

  void on(const peer_up& e, time_point now, actions& out);
  void on(const peer_down& e, time_point now, actions& out);
  void on(const groups_finished&, time_point now, actions& out);
  void on(const received& e, time_point now, actions& out);
  void on(const elements_drained&, time_point now, actions& out);
  void on(const aucs_drained&, time_point now, actions& out);
  void on(const summary_printed& e, time_point now, actions& out);
  void on(const bridge_flushed&, time_point now, actions& out);
  void on(const interrupted&, time_point now, actions& out);
  void on(const tick&, time_point, actions&) {} // nop: deadlines are checked after every event

  void on_report_part(const received& e, time_point now, actions& out);
  void on_report(const std::string& node, control_type type, time_point now, actions& out);

  /// Enters `p`; with `wait`, the wait gives up at now + wait.
  void enter(phase p, time_point now, std::optional<milliseconds> wait = std::nullopt);
  void barrier_passed(time_point now, actions& out);
  void groups_done(time_point now, actions& out);
  void check_done(time_point now, actions& out);
  void begin_quiesce(time_point now, actions& out);
  void check_quiesced(time_point now, actions& out);
  void check_finals(time_point now, actions& out);
  void check_finish(time_point now, actions& out);
  void send_finish_and_report(time_point now, actions& out);
  void report(time_point now, actions& out);
  void stop(int status, actions& out);
  void send_report_to_collector(control_type type, actions& out);
  void resend_to(const std::string& node, actions& out);
  void deadline_passed(time_point now, actions& out);

  bool is_peer(const std::string& node) const;
  /// `type` to the peers not down now (one that comes back gets what it missed: resend_to).
  void send_to_reachable_peers(control_type type, actions& out) const;
  /// Peers not in `have`, not given up on.
  std::vector<std::string> missing(const std::vector<std::string>& among,
                                   const std::set<std::string>& have) const;
  /// Gives up on the peers of `among` that are down and not in `have`; logs why.
  void give_up_on_down(const std::vector<std::string>& among, const std::set<std::string>& have,
                       std::string_view waiting_for, actions& out);

  config c_;
  phase phase_ = phase::waiting_for_peers;
  std::optional<time_point> deadline_;
  milliseconds wait_{0};              ///< how long the current wait is (for the messages)
  std::set<std::string> up_, down_;   ///< peers heard from and up; peers down now
  std::set<std::string> gone_;        ///< peers given up on (down while waited for, or late)
  bool unreachable_ = false;          ///< the start barrier's deadline passed
  bool interrupted_ = false;
  bool gave_up_ = false;              ///< a deadline passed or a node went down while waited for
  bool incomplete_ = false;           ///< collector: some `done` report never came
  bool all_established_ = false;      ///< from summary_printed
  // received, whatever the phase
  bool quiesce_received_ = false, finish_received_ = false;
  std::set<std::string> quiesced_from_;
  std::set<std::string> done_from_, final_from_; ///< collector: complete reports merged
  std::map<std::string, report_slot> staging_;  ///< collector: reports arriving in parts
  // sent (sent again to a peer that comes back)
  bool sent_done_ = false, sent_quiesce_ = false, sent_quiesced_ = false, sent_final_ = false;
};

} // namespace lifecycle
} // namespace ngn::nodes
