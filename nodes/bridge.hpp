// The ZeroMQ transport between node processes (DESIGN.md §3 "Distribution": one bridge thread per
// node owns every socket; actors never touch ZeroMQ; reference/caf-0.17.md §6.1 and pitfalls 13,
// 14). CAF-free: the runtime forwards delivered envelopes into CAF itself.
//
// Sockets (all owned and used by the bridge thread only):
//  - one PULL bound at the node's endpoint (tcp://host:port, tcp://host:* or ipc://path);
//  - one PUSH per peer node, connected to the peer's endpoint; linger 0. ZeroMQ reconnects it on
//    its own, so a peer restarted on the same endpoint is reached again.
// The thread polls {PULL, an eventfd}, plus POLLOUT on each PUSH that has unsent frames.
//
// Outbound: send() (any thread) appends a record to the peer's mutex-protected open frame (frames
// are closed at `frame_cap` bytes) and writes the eventfd only when that peer's buffer goes from
// empty to non-empty. The bridge thread takes a peer's frames whenever its own backlog for that
// peer is empty, so whatever piles up in the meantime goes out as one frame (batching without a
// timer). Frames are sent with ZMQ_DONTWAIT; what ZeroMQ refuses (HWM reached) stays in the peer's
// backlog and is retried on POLLOUT. The bytes held per peer (open + closed + backlog frames) are
// bounded by `max_backlog`; beyond it send() returns backlog_full. Nothing ever blocks, so two
// nodes flooding each other cannot deadlock.
//
// Inbound: frames are parsed and validated on the bridge thread (format in bridge_wire.hpp); a
// frame's envelopes go to `deliver` in one vector; a bad frame is dropped and counted.
//
// Liveness: every `heartbeat` the bridge sends a heartbeat frame to every peer (and a hello at
// start; a hello is answered at once, so a newcomer sees its peers UP within a round trip).
// Each hello and heartbeat carries a clock record (bridge_wire.hpp): the peer's clock offset and
// the round-trip time to it are estimated from them (nodes/clock_offset.hpp, peers()). Any
// valid frame from a peer marks it UP (data too: heartbeats queued behind a flood do not matter).
// A peer that was UP and is silent for `dead_after` intervals is DOWN (the verdict waits a few
// poll rounds for unread input, e.g. after a slow callback stalled the thread): send() to its
// elements fails fast with peer_down, and the frames
// held for it are DROPPED and counted (stats dropped_frames/dropped_records) — ZeroMQ gives no
// delivery guarantee across reconnects anyway, callers already got peer_down for later sends, and
// a restarted peer should not receive traffic meant for its previous incarnation. Its PUSH socket
// is re-created (discarding ZeroMQ's queue too). A hello/heartbeat with a new incarnation (peer
// restarted within `dead_after`) counts as DOWN then UP. A peer never heard from is `pending`:
// sends are queued (bounded) and go out once it binds; use wait_ready() as the start barrier.
//
// Security (topology/README.md "Secured node links"): with `curve.enabled` every socket speaks
// CURVE (ZeroMQ RFC 26: encrypted, and each PUSH proves its node's key pair to the peer's PULL);
// the bridge binds a ZAP handler (RFC 27, inproc://zeromq.zap.01, served on the bridge thread)
// that accepts only the peers' public keys and names the connection after the peer's node (the
// ZAP user id, read back as each message's "User-Id" property). A frame whose header names
// another node than the authenticated peer, or an envelope whose source element is not on that
// peer's node, is dropped and counted (stats forged_frames / forged_records): a listed node cannot
// speak for another. The ZAP endpoint exists once per zmq context: one CURVE bridge per context.
// The ZAP socket is bound before the PULL (libzmq lets a CURVE client in unauthenticated when no
// handler is bound), and nothing is accepted before the thread runs (handshakes wait for it).
//
// The zmq::context_t belongs to the creator and must outlive the bridge (pitfall 13: the context's
// destructor blocks while sockets are open; the bridge closes all of its sockets with linger 0 by
// the time stop() or its destructor returns).
#pragma once

#include "elements/common.hpp"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace zmq {
class context_t;
}

namespace ngn::nodes {

/// Outcome of bridge::send().
enum class send_status : std::uint8_t {
  ok,              ///< queued for the peer
  backlog_full,    ///< the peer's backlog is at `max_backlog`: retry later or fail
  peer_down,       ///< the destination's node is DOWN (silent for dead_after intervals)
  unknown_element, ///< resolve() gave no peer for the destination element
  invalid,         ///< payload over `max_payload`, or a kind reserved for control (>= 0xF0)
  stopped,         ///< the bridge was stopped
};
std::string_view to_string(send_status s) noexcept;

enum class peer_state : std::uint8_t { pending, up, down };
std::string_view to_string(peer_state s) noexcept;

struct bridge_peer {
  std::string name;       ///< node name (1..64 bytes)
  std::string endpoint;   ///< where its PULL is bound; may be set later (set_peer_endpoint)
  std::string public_key; ///< its CURVE public key, Z85 (40 characters); with curve.enabled only
};

/// CURVE on every socket of the bridge (see above); off = unsecured links (`security = "none"`).
struct bridge_curve {
  bool enabled = false;
  std::string public_key; ///< this node's, Z85
  std::string secret_key; ///< this node's, Z85; the bridge wipes its copy when destroyed
};

struct bridge_options {
  std::string node;                              ///< this node's name (1..64 bytes)
  std::string endpoint = "tcp://127.0.0.1:*";    ///< bind endpoint of the PULL socket
  std::vector<bridge_peer> peers;                ///< the other nodes; resolve() indexes this
  std::chrono::milliseconds heartbeat{1000};     ///< heartbeat interval (>= 10 ms)
  std::uint32_t dead_after = 3;                  ///< silent intervals before a peer is DOWN
  std::size_t frame_cap = std::size_t{256} << 10; ///< outbound frame size cap
  std::size_t max_payload = std::size_t{64} << 10; ///< per envelope, both directions
  /// Larger inbound frames are dropped and counted; above twice this, libzmq (ZMQ_MAXMSGSIZE)
  /// resets the sender's connection without allocating the message (not counted).
  std::size_t max_inbound_frame = std::size_t{1} << 20;
  /// Bytes held per peer by the bridge (open + closed + unsent frames); ZeroMQ's own queue of up
  /// to `sndhwm` frames per peer comes on top.
  std::size_t max_backlog = std::size_t{32} << 20;
  int sndhwm = 1000;                             ///< ZMQ_SNDHWM of each PUSH (frames)
  int rcvhwm = 1000;                             ///< ZMQ_RCVHWM of the PULL (frames)
  std::size_t frames_per_wakeup = 1024;          ///< inbound frames handled per poll round
  /// On a busy link (its last frame carried more than one record: they gathered while the
  /// bridge thread was busy), a peer's next frame leaves no sooner than this after its previous
  /// one unless a full frame is waiting (RFC 896's small-packet rule, with a timer instead of an
  /// acknowledgement): under load the records of the interval share one frame (one CURVE box,
  /// one send, one wake-up of the peer) instead of leaving in as many frames as the bridge
  /// thread has poll rounds. On a quiet link, or once the interval has passed, a record leaves
  /// at once. 0: every poll round sends what it has.
  std::chrono::microseconds coalesce{0};
  /// bind() retries this long while the endpoint is in use (a restarted node's predecessor).
  std::chrono::milliseconds bind_retry{2000};
  bridge_curve curve;                            ///< off by default (the topology's default is on)
};

/// The runtime's side. deliver and peer_event run on the bridge thread; they must not throw,
/// must not destroy the bridge (stop() from them only ends the loop; the owner's stop() joins),
/// and should return quickly (they may call send(); a backlog_full there cannot be waited out).
struct bridge_hooks {
  /// Destination element -> index into bridge_options::peers; negative if the element is on no
  /// peer (elements of this node are the runtime's to deliver). Called by send() and explain()
  /// on the sending threads, concurrently: must be thread-safe.
  std::function<int(elements::element_id)> resolve;
  /// The envelopes of one inbound frame, in wire order.
  std::function<void(std::vector<elements::envelope>&&)> deliver;
  /// A peer went UP (true) or DOWN (false).
  std::function<void(std::string node, bool up)> peer_event;
};

/// Counters since construction. Data frames carry envelopes; control frames only hello/heartbeat.
struct bridge_stats {
  std::uint64_t frames_out = 0;            ///< data frames handed to ZeroMQ
  std::uint64_t records_out = 0;           ///< envelopes in them
  std::uint64_t bytes_out = 0;             ///< bytes of those frames
  std::uint64_t max_records_per_frame = 0; ///< the largest batch sent
  std::uint64_t control_out = 0;           ///< hello/heartbeat frames sent
  std::uint64_t frames_in = 0;             ///< valid inbound frames holding envelopes
  std::uint64_t records_in = 0;            ///< envelopes delivered
  std::uint64_t bytes_in = 0;              ///< bytes of those frames
  std::uint64_t control_in = 0;            ///< valid inbound frames with only control records
  std::uint64_t malformed_frames = 0;      ///< dropped: bad format or over a limit
  std::uint64_t unknown_node_frames = 0;   ///< dropped: well-formed, sender not a peer
  std::uint64_t refused_backlog_full = 0;
  std::uint64_t refused_peer_down = 0;
  std::uint64_t refused_unknown_element = 0;
  std::uint64_t refused_invalid = 0;
  std::uint64_t dropped_frames = 0;        ///< discarded when their peer went DOWN
  std::uint64_t dropped_records = 0;
  std::uint64_t backlog_hwm = 0;           ///< most bytes held for one peer at once
  std::uint64_t peer_downs = 0;            ///< UP -> DOWN transitions
  std::uint64_t errors = 0;                ///< ZeroMQ errors that ended the bridge thread
  std::uint64_t zap_accepted = 0;          ///< CURVE connections of listed peers
  std::uint64_t zap_refused = 0;           ///< CURVE connections refused: key of no peer
  /// Dropped whole: the header names another node than the authenticated peer, or every
  /// envelope of the frame is forged.
  std::uint64_t forged_frames = 0;
  std::uint64_t forged_records = 0;        ///< envelopes dropped: source element not on the peer's node

  double records_per_frame() const noexcept {
    return frames_out == 0 ? 0.0 : static_cast<double>(records_out) / static_cast<double>(frames_out);
  }
};

struct peer_info {
  std::string name;
  std::string endpoint;
  peer_state state = peer_state::pending;
  std::size_t backlog = 0;     ///< bytes held now
  std::size_t backlog_hwm = 0; ///< most bytes held at once
  /// From the heartbeats (nodes/clock_offset.hpp): the peer's clock minus ours and the round trip
  /// of the sample with the lowest one; rtt_ms < 0 before the first sample.
  double clock_offset_ms = 0, rtt_ms = -1;
  std::uint32_t clock_samples = 0;
};

class bridge {
public:
  /// Validates nothing yet; see start(). `ctx` must outlive the bridge.
  bridge(zmq::context_t& ctx, bridge_options options, bridge_hooks hooks);
  /// stop(), then releases the eventfd. Every socket is closed (linger 0) when this returns.
  ~bridge();
  bridge(const bridge&) = delete;
  bridge& operator=(const bridge&) = delete;

  /// Binds the PULL socket (start() does it if not done). False with a reason on failure.
  bool bind(std::string* error = nullptr);
  /// The bound endpoint (ZMQ_LAST_ENDPOINT, e.g. "tcp://127.0.0.1:41234"); empty before bind().
  const std::string& endpoint() const noexcept;
  /// Sets a peer's endpoint before start(). False if the node is unknown or already started.
  bool set_peer_endpoint(std::string_view node, std::string endpoint);

  /// Checks the options, binds, connects one PUSH per peer, sends hellos and starts the thread.
  bool start(std::string* error = nullptr);
  /// Stops and joins the bridge thread; its sockets are closed. Idempotent. Later send()s fail
  /// with `stopped`; frames not yet handed to ZeroMQ are discarded.
  void stop();
  bool running() const noexcept;

  /// Queues an envelope for the node of `e.to` (any thread; never blocks on the network). May be
  /// called before start(): the frames go out once the thread runs.
  send_status send(const elements::envelope& e);
  send_status send(elements::element_id to, elements::element_id from,
                   elements::envelope_kind kind, std::string_view payload,
                   elements::element_id origin = elements::no_element);
  /// A sentence for a refused send, naming the node: "element 7 is on node 'ss' (tcp://...),
  /// which is down: silent for more than 3000 ms".
  std::string explain(send_status s, elements::element_id to) const;

  /// Start barrier: true once every named node (this node's own name counts as ready) has been
  /// heard from and is UP; false after `timeout`, see missing().
  bool wait_ready(const std::vector<std::string>& nodes, std::chrono::milliseconds timeout);
  /// The nodes the last wait_ready() was still missing when it returned (empty after success).
  std::vector<std::string> missing() const;

  const std::string& node() const noexcept;
  /// Index of a peer in bridge_options::peers, -1 if none.
  int peer_index(std::string_view node) const noexcept;
  /// A peer's state; `down` for a name that is not a peer.
  peer_state state(std::string_view node) const noexcept;
  std::vector<peer_info> peers() const;
  bridge_stats stats() const;
  /// Why the bridge thread ended early (ZeroMQ error), empty otherwise.
  std::string error() const;

  struct impl;

private:
  std::unique_ptr<impl> impl_;
};

} // namespace ngn::nodes
