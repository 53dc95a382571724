// A deterministic in-memory network for the element state machines: terminals, an optional
// proxy, a soft switch and an AuC exchange real protocol bytes (and the binary AuC protocol) in
// FIFO order under a simulated clock; an interceptor can drop or tamper with any datagram.
// No CAF: this is how the pure state machines are tested.
#pragma once

#include "elements/auc_fsm.hpp"
#include "elements/proxy_fsm.hpp"
#include "elements/softswitch_fsm.hpp"
#include "elements/terminal_fsm.hpp"
#include "protocols/auc/codec.hpp"
#include "protocols/dialogue/registry.hpp"

#include <array>
#include <deque>
#include <functional>
#include <optional>
#include <random>
#include <string>
#include <vector>

namespace ngn::test {

struct seeded_random final : elements::random_source {
  explicit seeded_random(std::uint64_t seed) : gen(seed) {}
  void fill(std::uint8_t* out, std::size_t n) override {
    for (std::size_t i = 0; i < n; ++i) out[i] = static_cast<std::uint8_t>(gen());
  }
  std::mt19937_64 gen;
};

/// Records every storage operation; "commits" on demand.
struct recording_sink final : elements::session_sink {
  std::uint64_t submit(std::vector<storage::write_op> ops) override {
    for (auto& op : ops) this->ops.push_back(std::move(op));
    return ++ticket;
  }
  std::int64_t next_session_id() override { return ++last_id; }

  /// The state of session `id` after every recorded operation, if it was ever inserted.
  std::optional<storage::session_state> state_of(std::int64_t id) const;
  std::string reason_of(std::int64_t id) const;
  std::string mechanism_of(std::int64_t id) const;
  /// The terminal's node recorded for session `id` (by its insert and later updates).
  std::string terminal_node_of(std::int64_t id) const;
  /// Ids of every session ever inserted.
  std::vector<std::int64_t> all_sessions() const;
  /// Ids of sessions in `state` (after all operations).
  std::vector<std::int64_t> sessions_in(storage::session_state state) const;
  std::size_t count_resyncs() const;
  /// Highest SQN recorded for `identity`, 0 if none.
  std::uint64_t sqn_of(const std::string& identity) const;

  std::vector<storage::write_op> ops;
  std::uint64_t ticket = 0;
  std::int64_t last_id = 0;
};

struct keys {
  std::string identity;
  crypto::key128 k;
  crypto::key128 opc;
};

class scenario {
public:
  static constexpr elements::element_id auc_id = 1, ss_id = 2, sp_id = 3, first_terminal = 100;

  /// `terminals` subscribers t1..tN@ngn.example provisioned in the AuC with seeded keys.
  /// With `mixed_protocols`, terminal i speaks protocol i % 4 (sip, mgcp, h248, h323) instead.
  scenario(ngn::protocol proto, bool with_proxy, std::size_t terminals = 1,
           bool mixed_protocols = false);

  elements::terminal_fsm& terminal(std::size_t i) { return terminals_.at(i); }
  const keys& subscriber(std::size_t i) const { return keys_.at(i); }
  /// Replaces terminal i by one with different keys (identity unchanged).
  void give_wrong_key(std::size_t i);
  /// Replaces terminal i's identity by one the AuC does not know.
  void make_unknown(std::size_t i);
  /// The security edge's policy (the soft switch's and the proxy's mechanism lists); call
  /// before anything is sent.
  void set_edge_mechanisms(const mechanism_list& list);

  void start(std::size_t i);
  void start_all();
  /// Delivers messages until none is left (the AuC's commits happen between deliveries unless
  /// hold_commits); then, while anything is pending, advances the clock by `tick` and ticks every
  /// element, up to `max_time`.
  void run(ngn::micros max_time = 120 * ngn::seconds,
           ngn::micros tick = 100 * ngn::ms);
  /// Advances the clock by `duration` in steps of `tick`, ticking every element and delivering,
  /// whether or not the terminals are done.
  void advance(ngn::micros duration, ngn::micros tick = 100 * ngn::ms);
  /// Delivers queued messages only (no clock advance).
  void deliver();
  /// Injects raw bytes as if `from` sent them to `to`.
  void inject(elements::element_id from, elements::element_id to, ngn::protocol proto,
              std::string bytes);

  std::optional<elements::terminal_outcome> outcome(std::size_t i) const { return outcomes_.at(i); }
  bool all_done() const;
  /// Starts every terminal and runs; true if every one of them is established.
  bool register_all();
  /// The reasons of the terminals not established (for test messages).
  std::string failures() const;

  /// Called for every T/SP/SS datagram before delivery; return false to drop it.
  std::function<bool(elements::element_id from, elements::element_id to, std::string& bytes)>
    intercept;
  /// Called for every message of the SS/SP <-> AuC leg; return false to drop it.
  std::function<bool(elements::element_id from, elements::element_id to, const auc::message&)>
    intercept_auc_leg;
  /// Datagrams delivered, in order (after interception).
  struct record {
    elements::element_id from, to;
    std::string bytes;
  };
  std::vector<record> trace;
  bool drop_auc = false;      ///< the AuC does not answer
  bool hold_commits = false;  ///< the writer never commits

  ngn::protocol proto;
  bool with_proxy;
  ngn::micros now = 1'700'000'000'000'000;
  seeded_random rng{42};
  recording_sink sink;
  dialogue::registry bindings;
  elements::auc_fsm auc;
  elements::softswitch_fsm ss;
  std::optional<elements::proxy_fsm> sp;
  elements::terminal_profile profile;
  /// The profiles of mixed_protocols terminals, by protocol (terminals keep a reference).
  std::array<elements::terminal_profile, protocol_count> per_protocol;

  /// The node names the soft switch's peer lookup gives: terminals, and the proxy's.
  static constexpr std::string_view terminal_node = "terminals", core_node = "core";

private:
  /// Queues the outbox of element `from` (terminal index `terminal` when it is one).
  void post(elements::element_id from, elements::outbox& out);
  void deliver_one(elements::envelope e);
  void commit();
  void tick_all();

  std::vector<keys> keys_;
  std::vector<elements::terminal_fsm> terminals_;
  std::vector<std::optional<elements::terminal_outcome>> outcomes_;
  std::deque<elements::envelope> queue_;
};

} // namespace ngn::test
