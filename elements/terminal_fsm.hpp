// The terminal (T) of DESIGN.md §1 as a pure state machine: it registers, checks the challenge
// (AUTN: MAC-A and SQN freshness, TS 33.102 §6.3.3), answers with the second verification word,
// and on success unwraps SK, checks the mechanism and the message verification word, and
// installs its SAs; then it lives the registration of DESIGN.md §1.2: keepalives, refreshes
// (a fresh AKA over the current SAs, new SAs on success), expiry, de-registration and, if its
// traffic model says so, a new arrival.
//
//   idle --start--> requested --challenge--> responded --success--> registered --hold--> leaving
//                      ^  |  (SQN not fresh: AUTS)    |                | ^  (refresh: requested,
//                      |  +-- rejection/timeout ------+--> backing_off |  |   responded again)
//                      |                                               v  |
//   away <--rearrive-- left <--deregistered------------------------ leaving
#pragma once

#include "crypto/aka.hpp"
#include "crypto/secret.hpp"
#include "elements/reasons.hpp"
#include "elements/common.hpp"
#include "elements/life_counters.hpp"
#include "elements/sa.hpp"
#include "protocols/dialogue/binding.hpp"

#include <memory>
#include <string>
#include <string_view>

namespace ngn::elements {

/// What every terminal of a group shares: its protocol, next hop, retry policy and traffic model.
struct terminal_profile {
  const dialogue::binding* binding = nullptr; ///< the group's protocol
  std::string domain = "ngn.example";
  mechanism_list offered;
  element_id next_hop = no_element;       ///< proxy or soft switch
  dialogue::address next_hop_addr;
  micros response_timeout = 4 * seconds;  ///< per step, no answer → retry
  std::uint8_t max_attempts = 8;          ///< registrations tried before giving up
  micros backoff = 500 * ms;              ///< first back-off, doubled per attempt
  micros max_backoff = 8 * seconds;
  /// A registration (first request to outcome, retries included) gives up after this; 0: only
  /// max_attempts bounds it.
  micros registration_timeout = 0;
  /// TS 33.102 Annex C.2.1: Δ, in SEQ units (SQN = SEQ ‖ IND); Annex C.3.2 gives 2^28.
  std::uint64_t sqn_delta = std::uint64_t{1} << 28;
  /// TS 33.102 Annex C.2.2: the limit L on how far below the highest accepted SEQ a SEQ may be,
  /// in SEQ units (0: none). Annex C.3.2 gives 2^5 = a: with the AuC's round-robin IND, any of the
  /// last a vectors issued is still accepted, out of order.
  std::uint64_t sqn_limit = crypto::ind_entries;
  std::uint8_t max_resyncs = 2;

  // The traffic model (DESIGN.md §1.2).
  std::uint32_t lifetime = 3600;    ///< s, requested
  micros reregister = 0;            ///< refresh this long after each registration; 0: never
  micros keepalive = 0;             ///< keepalive interval; 0: none (or the edge audits)
  micros hold = 0;                  ///< registered this long, then de-register; 0: until told
  bool hold_exponential = false;    ///< hold is the mean of an exponential distribution
  micros rearrive = -1;             ///< register again this long after leaving; < 0: never

  bool keylog = false;              ///< report installed SAs (outbox::sas) for the key log
  life_counters* counters = nullptr;  ///< the group's; may be null
  random_source* rng = nullptr;       ///< SPIs, exponential holds; thread-safe when shared
};

enum class terminal_state : std::uint8_t {
  idle,         ///< not started
  requested,    ///< registration request sent (first or refresh)
  responded,    ///< registration message sent
  backing_off,  ///< waiting before the next attempt
  registered,
  leaving,      ///< de-registration sent
  left,         ///< de-registered or expired; will not come back
  away,         ///< left, registers again at its re-arrival
  failed,
};
std::string_view to_string(terminal_state s) noexcept;

class terminal_fsm {
public:
  /// `number` is unique in the emulation; transaction ids derive from it.
  terminal_fsm(const terminal_profile& profile, std::string identity, const crypto::key128& k,
               const crypto::key128& opc, dialogue::address local, std::uint32_t number);
  ~terminal_fsm();
  terminal_fsm(terminal_fsm&&) noexcept;
  terminal_fsm& operator=(terminal_fsm&&) noexcept;

  /// The terminal arrives: its first registration.
  void start(micros now, outbox& out);
  void on_envelope(const envelope& e, micros now, outbox& out);
  /// What the terminal last sent could not leave its node (the next hop's node is down): back
  /// off now instead of waiting for the step timer.
  void on_undeliverable(micros now, outbox& out);
  /// Its timers: whatever is due at `now` (retransmission, back-off, keepalive, refresh,
  /// expiry, the end of its holding time, re-arrival). Call at next_deadline().
  void on_tick(micros now, outbox& out);
  /// The run ends: a registered terminal de-registers; one registering does once registered;
  /// one away or backing off leaves.
  void leave(micros now, outbox& out);

  terminal_state state() const noexcept { return state_; }
  /// True while a registration is in place (also during a refresh).
  bool registered() const noexcept { return live_ != nullptr; }
  const std::string& identity() const noexcept { return identity_; }
  const crypto::key128& session_key() const noexcept;
  const std::string& mechanism() const noexcept { return mechanism_; }
  /// SQN_MS: the USIM's highest accepted SQN anywhere in its array (TS 33.102 Annex C.2.2).
  std::uint64_t sqn_ms() const noexcept { return usim_.sqn_ms(); }
  /// The USIM's array SEQ_MS(i) (TS 33.102 Annex C.2.2).
  const crypto::usim_sqn& usim() const noexcept { return usim_; }
  /// Every SEQ_MS(i) = SEQ of `sqn`, as if the USIM had accepted it under every index; tests
  /// set it to force a resynchronisation.
  void set_sqn_ms(std::uint64_t sqn) noexcept { usim_.set_all(sqn); }
  /// The dialogue's step timer (retransmission or back-off), 0 when none.
  micros deadline() const noexcept { return deadline_; }
  /// The earliest of all its timers, 0 when none is set.
  micros next_deadline() const noexcept;
  /// The SAs of the live registration (nullptr without one, or without ESP).
  const sa_pair* sas() const noexcept;

private:
  struct pending;       // a registration dialogue in progress; freed once it ends
  struct registration;  // the live registration: SK, SAs, its timers

  const dialogue::binding& binding() const noexcept { return *profile_->binding; }
  dialogue::terminal_view view(micros now);
  /// Sends under the live SAs when there are some, else in clear.
  void send(std::string bytes, outbox& out);
  void begin(registration_kind kind, micros now, outbox& out);
  void begin_attempt(micros now, outbox& out);
  void on_esp(const envelope& e, micros now, outbox& out);
  void on_message(std::string_view bytes, bool was_protected, micros now, outbox& out);
  void on_challenge(dialogue::inbound in, micros now, outbox& out);
  void on_success(const dialogue::inbound& in, micros now, outbox& out);
  void on_rejection(const dialogue::inbound& in, micros now, outbox& out);
  void refuse(const dialogue::inbound& in, std::string reason, micros now, outbox& out);
  /// `no_answer`: this attempt failed for want of an answer in time (a failure it ends in is a
  /// timeout, life_counters::timeouts).
  void retry_or_fail(reason_code rc, std::string reason, micros now, outbox& out,
                     bool no_answer = false);
  /// `rc`: the catalogued reason of a failure (elements/reasons.hpp), none on success.
  void finish(bool ok, reason_code rc, std::string reason, micros now, outbox& out,
              bool timed_out = false);
  /// Counts the registration under way in life_counters::in_flight (from begin() to its outcome).
  void set_in_flight(bool on);
  void install(const crypto::key128& sk, std::uint32_t lifetime, micros now, outbox& out);
  void deregister(micros now, outbox& out);
  /// The live registration is over (de-registered, expired, lost): SAs deleted, SK wiped.
  void drop_registration();
  /// After leaving: away until the re-arrival, or left.
  void gone(micros now, outbox& out);
  /// Reports that the terminal has left after leave() (registration_kind::departure).
  void departed(outbox& out);
  micros hold_time();
  void count(life_counters::counter life_counters::*c, std::uint64_t n = 1) const;

  const terminal_profile* profile_;
  std::string identity_;
  crypto::key128 k_;
  crypto::key128 opc_;
  std::string mechanism_;
  std::unique_ptr<pending> pending_;
  std::unique_ptr<registration> live_;
  crypto::usim_sqn usim_;  ///< SEQ_MS(0..a−1), in memory only (as sqn_ms was)
  micros t_first_ = 0;       ///< the registration under way started
  micros deadline_ = 0;      ///< the dialogue's step timer
  micros leave_at_ = 0;      ///< end of the holding time (0: until told)
  micros rearrive_at_ = 0;   ///< away: the next arrival
  dialogue::address local_;
  std::uint32_t number_ = 0;
  std::uint32_t serial_ = 0;
  std::uint32_t sequence_ = 0;  ///< every request: strictly increasing
  /// How far the registration timeout of the registration under way has moved (s): after an
  /// "unavailable" answer it counts again from the retry (overload back-pressure defers a
  /// registration, it does not fail it).
  std::uint16_t deferred_s_ = 0;
  terminal_state state_ = terminal_state::idle;
  registration_kind kind_ = registration_kind::initial;
  std::uint8_t attempts_ = 0;
  std::uint8_t resyncs_ = 0;
  std::uint8_t arrivals_ = 0;
  bool leave_when_registered_ = false; ///< leave() came during a registration
  bool in_flight_ = false;  ///< counted in life_counters::in_flight
};

} // namespace ngn::elements
