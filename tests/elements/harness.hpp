// A deterministic in-memory network for the element state machines: terminals, an optional
// proxy, a soft switch and an AuC exchange real protocol bytes, ESP packets (DESIGN.md §1.2) and
// the binary AuC protocol in FIFO order under a simulated clock; interceptors can drop or tamper
// with any datagram or ESP packet. A key book of every SA the terminals installed lets the trace
// show what each ESP packet carries (as tshark does with the key log). No CAF: this is how the
// pure state machines are tested.
#pragma once

#include "crypto/esp.hpp"
#include "elements/auc_fsm.hpp"
#include "elements/life_counters.hpp"
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
#include <unordered_map>
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
  /// (A session_end applies only to an established row, as the database's UPDATE does.)
  std::optional<storage::session_state> state_of(std::int64_t id) const;
  /// The end recorded for session `id` (the one that applied), if any.
  std::optional<storage::session_end> end_of(std::int64_t id) const;
  /// How many session_end operations name `id` (applied or not).
  std::size_t ends_submitted(std::int64_t id) const;
  std::string reason_of(std::int64_t id) const;
  /// What session `id` says about following it (issue 10 item 5): wire_session, response_code,
  /// detected_by and reason_code as its insert and later updates leave them (the writer's
  /// coalesce: a later empty value keeps the earlier one).
  storage::session_row following(std::int64_t id) const;
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
  /// The security edge's policy and how often it audits its terminals (edge_config::audit, for
  /// protocols where the edge keeps the terminal alive: MGCP); call before anything is sent.
  void set_edge(const mechanism_list& list, ngn::micros audit);
  /// The soft switch restarts: a new one, that knows no registration and no session.
  void restart_softswitch();

  void start(std::size_t i);
  void start_all();
  /// Terminal i leaves (de-registers if registered: terminal_fsm::leave).
  void leave(std::size_t i);
  /// Delivers messages until none is left (the AuC's commits happen between deliveries unless
  /// hold_commits); then, while anything is pending, advances the clock by `tick` and ticks every
  /// element, up to `max_time`.
  void run(ngn::micros max_time = 120 * ngn::seconds,
           ngn::micros tick = 100 * ngn::ms);
  /// Advances the clock by `duration` in steps of `tick`, ticking every element and delivering,
  /// whether or not the terminals are done.
  void advance(ngn::micros duration, ngn::micros tick = 100 * ngn::ms);
  /// Advances the clock in steps of `tick` until `done()` holds (checked after each step) or
  /// `max_time` passed; true if `done()` held.
  bool advance_until(const std::function<bool()>& done, ngn::micros max_time,
                     ngn::micros tick = 100 * ngn::ms);
  /// Delivers queued messages only (no clock advance).
  void deliver();
  /// Injects raw bytes as if `from` sent them to `to`.
  void inject(elements::element_id from, elements::element_id to, ngn::protocol proto,
              std::string bytes);
  /// Injects an ESP packet as if `from` sent it to `to`.
  void inject_esp(elements::element_id from, elements::element_id to, std::string packet);

  /// The message inside an ESP packet, opened with the key book (no replay window: the trace's
  /// view, not an element's); nullopt if no SA the terminals installed opens it.
  std::optional<std::string> open_esp(std::string_view packet) const;
  /// The counts of the security edge (the proxy, or the soft switch without one).
  elements::edge_stats edge_stats() const;

  /// The latest outcome of terminal i (each registration, refresh or re-arrival replaces it).
  std::optional<elements::terminal_outcome> outcome(std::size_t i) const { return outcomes_.at(i); }
  /// Every outcome of terminal i, in order.
  const std::vector<elements::terminal_outcome>& outcomes(std::size_t i) const {
    return history_.at(i);
  }
  bool all_done() const;
  /// Starts every terminal and runs; true if every one of them is established.
  bool register_all();
  /// The reasons of the terminals not established (for test messages).
  std::string failures() const;

  /// Called for every T/SP/SS protocol datagram (sent in clear) before delivery; return false to
  /// drop it.
  std::function<bool(elements::element_id from, elements::element_id to, std::string& bytes)>
    intercept;
  /// Called for every ESP packet (terminal <-> its edge) before delivery; return false to drop it.
  std::function<bool(elements::element_id from, elements::element_id to, std::string& packet)>
    intercept_esp;
  /// Called for every message of the SS/SP <-> AuC leg; return false to drop it.
  std::function<bool(elements::element_id from, elements::element_id to, const auc::message&)>
    intercept_auc_leg;
  /// Datagrams and ESP packets delivered, in order (after interception).
  struct record {
    elements::element_id from, to;
    /// The protocol message: as sent in clear, or the one inside the ESP packet (empty when the
    /// key book cannot open it: tampered, or under no SA a terminal installed).
    std::string bytes;
    /// How it travelled: the protocol's kind (in clear) or envelope_kind::esp.
    elements::envelope_kind kind = elements::envelope_kind::esp;
    std::string packet;  ///< the ESP packet (esp only)
    bool esp() const noexcept { return kind == elements::envelope_kind::esp; }
  };
  std::vector<record> trace;
  bool drop_auc = false;      ///< the AuC does not answer
  bool hold_commits = false;  ///< the writer never commits

  ngn::protocol proto;
  bool with_proxy;
  /// What the terminals counted of their registrations' life (profile.counters).
  elements::life_counters life;
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
  /// Adds the SAs terminal i holds now to the key book.
  void learn_keys(std::size_t i);

  std::vector<keys> keys_;
  std::vector<std::vector<elements::terminal_outcome>> history_;
  /// Every SA (by SPI) a terminal installed: what the Wireshark key log would hold.
  std::unordered_map<std::uint32_t, crypto::esp_keys> key_book_;
  std::vector<elements::terminal_fsm> terminals_;
  std::vector<std::optional<elements::terminal_outcome>> outcomes_;
  std::deque<elements::envelope> queue_;
};

} // namespace ngn::test
