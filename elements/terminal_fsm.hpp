// The terminal (T) of DESIGN.md §1 as a pure state machine: it registers, checks the challenge
// (AUTN: MAC-A and SQN freshness, TS 33.102 §6.3.3), answers with the second verification word,
// and on success unwraps SK and checks the mechanism and the message verification word.
//
//   idle --start--> requested --challenge--> responded --success--> registered
//                      ^  |  (SQN not fresh: AUTS)    |
//                      |  +-- rejection/timeout ------+--> backing_off --> requested | failed
#pragma once

#include "crypto/secret.hpp"
#include "elements/common.hpp"
#include "protocols/dialogue/binding.hpp"

#include <memory>
#include <string>
#include <string_view>

namespace ngn::elements {

/// What every terminal of a group shares.
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
  std::uint32_t expires = 3600;
  std::uint64_t sqn_delta = std::uint64_t{1} << 28; ///< TS 33.102 Annex C.2.1: Δ
  std::uint8_t max_resyncs = 2;
};

enum class terminal_state : std::uint8_t { idle, requested, responded, registered, failed,
                                           backing_off };
std::string_view to_string(terminal_state s) noexcept;

class terminal_fsm {
public:
  /// `number` is unique in the emulation; transaction ids derive from it.
  terminal_fsm(const terminal_profile& profile, std::string identity, const crypto::key128& k,
               const crypto::key128& opc, dialogue::address local, std::uint32_t number);
  ~terminal_fsm();
  terminal_fsm(terminal_fsm&&) noexcept;
  terminal_fsm& operator=(terminal_fsm&&) noexcept;

  void start(micros now, outbox& out);
  void on_envelope(const envelope& e, micros now, outbox& out);
  /// What the terminal last sent could not leave its node (the next hop's node is down): back
  /// off now instead of waiting for the step timer.
  void on_undeliverable(micros now, outbox& out);
  /// Periodic sweep: retransmission timeouts and back-off (no per-request timers).
  void on_tick(micros now, outbox& out);

  terminal_state state() const noexcept { return state_; }
  const std::string& identity() const noexcept { return identity_; }
  const crypto::key128& session_key() const noexcept { return sk_; }
  const std::string& mechanism() const noexcept { return mechanism_; }
  std::uint64_t sqn_ms() const noexcept { return sqn_ms_; }
  /// USIM's highest accepted SQN (TS 33.102 Annex C); tests set it to force a resync.
  void set_sqn_ms(std::uint64_t sqn) noexcept { sqn_ms_ = sqn; }
  micros deadline() const noexcept { return deadline_; }

private:
  struct pending; // what a registration in progress needs; freed once it ends

  const dialogue::binding& binding() const noexcept { return *profile_->binding; }
  dialogue::terminal_view view(micros now) const;
  void send(std::string bytes, outbox& out);
  void begin_attempt(micros now, outbox& out);
  void on_challenge(dialogue::inbound in, micros now, outbox& out);
  void on_success(const dialogue::inbound& in, micros now, outbox& out);
  void on_rejection(const dialogue::inbound& in, micros now, outbox& out);
  void refuse(const dialogue::inbound& in, std::string reason, micros now, outbox& out);
  void retry_or_fail(std::string reason, micros now, outbox& out);
  void finish(bool ok, std::string reason, micros now, outbox& out);

  const terminal_profile* profile_;
  std::string identity_;
  crypto::key128 k_;
  crypto::key128 opc_;
  crypto::key128 sk_;
  std::string mechanism_;
  std::unique_ptr<pending> pending_;
  std::uint64_t sqn_ms_ = 0;
  micros t_first_ = 0;
  micros deadline_ = 0;
  dialogue::address local_;
  std::uint32_t number_ = 0;
  std::uint32_t serial_ = 0;
  terminal_state state_ = terminal_state::idle;
  std::uint8_t attempts_ = 0;
  std::uint8_t resyncs_ = 0;
};

} // namespace ngn::elements
