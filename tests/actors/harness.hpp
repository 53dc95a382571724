// A deterministic in-memory network for the element state machines: terminals, an optional
// proxy, a soft switch and an AuC exchange real protocol bytes (and the binary AuC protocol) in
// FIFO order under a simulated clock; an interceptor can drop or tamper with any datagram.
// No CAF: this is how the pure state machines are tested.
#pragma once

#include "actors/auc_fsm.hpp"
#include "actors/proxy_fsm.hpp"
#include "actors/softswitch_fsm.hpp"
#include "actors/terminal_fsm.hpp"

#include <array>
#include <deque>
#include <functional>
#include <optional>
#include <random>
#include <string>
#include <vector>

namespace ngn::test {

struct seeded_random final : actors::random_source {
  explicit seeded_random(std::uint64_t seed) : gen(seed) {}
  void fill(std::uint8_t* out, std::size_t n) override {
    for (std::size_t i = 0; i < n; ++i) out[i] = static_cast<std::uint8_t>(gen());
  }
  std::mt19937_64 gen;
};

/// Records every storage operation; "commits" on demand.
struct recording_sink final : actors::session_sink {
  std::uint64_t submit(std::vector<storage::write_op> ops) override {
    for (auto& op : ops) this->ops.push_back(std::move(op));
    return ++ticket;
  }
  std::int64_t next_session_id() override { return ++last_id; }

  /// The state of session `id` after every recorded operation, if it was ever inserted.
  std::optional<storage::session_state> state_of(std::int64_t id) const;
  std::string reason_of(std::int64_t id) const;
  std::string mechanism_of(std::int64_t id) const;
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
  static constexpr actors::element_id auc_id = 1, ss_id = 2, sp_id = 3, first_terminal = 100;

  /// `terminals` subscribers t1..tN@ngn.example provisioned in the AuC with seeded keys.
  /// With `mixed_protocols`, terminal i speaks protocol i % 4 (sip, mgcp, h248, h323) instead.
  scenario(ngn::protocol proto, bool with_proxy, std::size_t terminals = 1,
           bool mixed_protocols = false);

  actors::terminal_fsm& terminal(std::size_t i) { return terminals_.at(i); }
  const keys& subscriber(std::size_t i) const { return keys_.at(i); }
  /// Replaces terminal i by one with different keys (identity unchanged).
  void give_wrong_key(std::size_t i);
  /// Replaces terminal i's identity by one the AuC does not know.
  void make_unknown(std::size_t i);

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
  void inject(actors::element_id from, actors::element_id to, ngn::protocol proto,
              std::string bytes);

  std::optional<actors::terminal_outcome> outcome(std::size_t i) const { return outcomes_.at(i); }
  bool all_done() const;

  /// Called for every T/SP/SS datagram before delivery; return false to drop it.
  std::function<bool(actors::element_id from, actors::element_id to, std::string& bytes)>
    intercept;
  /// Called for every message of the SS/SP <-> AuC leg; return false to drop it.
  std::function<bool(actors::element_id from, actors::element_id to, const auc::message&)>
    intercept_auc_leg;
  /// Datagrams delivered, in order (after interception).
  struct record {
    actors::element_id from, to;
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
  actors::auc_fsm auc;
  actors::softswitch_fsm ss;
  std::optional<actors::proxy_fsm> sp;
  actors::terminal_profile profile;
  /// The profiles of mixed_protocols terminals, by protocol (terminals keep a reference).
  std::array<actors::terminal_profile, 4> per_protocol;

private:
  struct envelope {
    actors::element_id from, to;
    ngn::protocol proto;
    std::string bytes;
    bool auc_leg = false;
  };
  void route(actors::element_id from, const std::vector<actors::datagram>& sends);
  void deliver_one(envelope e);
  void collect(std::size_t i, actors::terminal_output& out);
  void commit();
  void tick_all();

  std::vector<keys> keys_;
  std::vector<actors::terminal_fsm> terminals_;
  std::vector<std::optional<actors::terminal_outcome>> outcomes_;
  std::deque<envelope> queue_;
};

} // namespace ngn::test
