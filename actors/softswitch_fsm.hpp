// The soft switch (SS) of DESIGN.md §1 as a pure state machine: it takes registration requests
// (directly from terminals or through a proxy), obtains a challenge from the AuC, compares the
// two verification words, answers with success (E_Kc(SK), plus the MAC when it is the security
// edge) or rejection, and reports the outcome to the AuC. It never learns Kc.
//
//   reg_request → awaiting_vector --vector--> challenged --reg_message--> completed (grace) → gone
//   (completed sessions and registrations are kept in compact form: one per idle terminal)
//                       |  (AUTS) <-- awaiting_resync <--+        |
//                       +-- AuC timeout → 504                     +-- mismatch → 403
#pragma once

#include "protocols/auc/codec.hpp"
#include "actors/common.hpp"
#include "crypto/secret.hpp"
#include "protocols/dialogue/binding.hpp"

#include <deque>
#include <functional>
#include <string>
#include <queue>
#include <unordered_map>
#include <utility>
#include <vector>

namespace ngn::actors {

struct softswitch_config {
  std::string name = "ss1";
  std::string node = "local";
  crypto::key128 kss;                         ///< shared with the AuC
  ngn::mechanism_list supported;         ///< offered when the SS is the security edge
  std::string domain = "ngn.example";         ///< realm
  dialogue::address self;
  micros auc_timeout = 2 * seconds;           ///< AuC silent → 504 to the terminal
  micros response_timeout = 32 * seconds;     ///< challenged, no registration message → failed
  micros grace = 32 * seconds;                ///< completed sessions kept to verify a refusal
  std::uint8_t max_resyncs = 2;
  /// A report to the AuC not acknowledged (auc::report_ack) is sent again after report_retry,
  /// doubling up to report_retry_max, at most report_tries times in all.
  micros report_retry = 1 * seconds;
  micros report_retry_max = 8 * seconds;
  std::uint8_t report_tries = 20;
};

/// What the node knows about the element a datagram came from.
struct peer_info {
  bool is_proxy = false;
  std::string name;   ///< proxy element name (empty for terminals)
  std::string node;   ///< node the peer runs on
};

struct softswitch_output {
  std::vector<datagram> sends;
  std::vector<std::pair<element_id, auc::message>> to_auc;
  void clear() {
    sends.clear();
    to_auc.clear();
  }
};

struct softswitch_stats {
  std::uint64_t requests = 0, challenges = 0, established = 0, rejected = 0, malformed = 0,
                replays = 0, auc_timeouts = 0, refusals = 0, resyncs = 0;
  std::uint64_t stale = 0;      ///< registration messages for a challenge no longer open
  std::uint64_t not_admitted = 0; ///< refused by the binding's registrar checks (admit)
  std::uint64_t reports_resent = 0; ///< reports sent again, not yet acknowledged
  std::uint64_t reports_lost = 0;   ///< reports never acknowledged after report_tries
};

class softswitch_fsm {
public:
  /// Which AuC serves an identity (sharding); must return a valid element for "" too.
  using auc_router = std::function<element_id(std::string_view identity)>;

  softswitch_fsm(softswitch_config cfg, random_source& rng, auc_router auc);

  void on_datagram(element_id from, const peer_info& peer, ngn::protocol proto,
                   std::string_view bytes, micros now, softswitch_output& out);
  void on_auc(const auc::message& m, micros now, softswitch_output& out);
  void on_tick(micros now, softswitch_output& out);

  const softswitch_stats& stats() const noexcept { return stats_; }
  std::size_t sessions() const noexcept { return sessions_.size() + completed_.size(); }
  std::size_t unacknowledged_reports() const noexcept { return unacked_.size(); }
  std::size_t registered() const noexcept { return registrar_.size(); }
  const softswitch_config& config() const noexcept { return cfg_; }
  /// SK shared with `identity` when this SS is its security edge (3 elements), else nullptr.
  const crypto::key128* session_key(const std::string& identity) const;

private:
  enum class phase : std::uint8_t { awaiting_vector, challenged, awaiting_resync };
  /// A registration in progress.
  struct session {
    phase ph = phase::awaiting_vector;
    ngn::protocol proto = ngn::protocol::sip;
    std::uint16_t peer_ix = 0;             ///< into peers_
    element_id peer = no_element;
    element_id auc = no_element;
    std::string identity;
    dialogue::inbound request;             ///< the message to answer next
    ngn::mechanism_list offered;      ///< T's list as this SS received it
    std::int64_t db_id = 0;
    dialogue::rand_t rand{};
    dialogue::res_t xres{};
    std::array<std::uint8_t, 24> wrapped_t{};
    std::array<std::uint8_t, 24> wrapped_edge{};
    crypto::key128 sk;                     ///< 3 elements only (SS is the security edge)
    micros deadline = 0;
    micros t_request = 0;
    micros t_response = 0;
    std::uint8_t resyncs = 0;
    bool stale = false;                    ///< started from a stale registration message
  };
  /// What is kept of an established session for the grace period: enough to verify and record a
  /// refusal of the key (compact: many of these exist at high rates).
  struct completed_session {
    std::int64_t db_id = 0;
    element_id auc = no_element;
    dialogue::rand_t rand{};
    dialogue::res_t xres{};
    micros deadline = 0;
    micros t_request = 0;
    micros t_response = 0;
    ngn::protocol proto = ngn::protocol::sip;
    std::uint16_t peer_ix = 0;
  };
  /// The registrar's binding of a registered terminal (compact: one per idle terminal).
  struct registration {
    crypto::key128 sk;              ///< only when the SS is the security edge
    micros expires = 0;
    std::uint8_t mechanism = 0;     ///< into mechanisms_
    bool via_proxy = false;
  };
  /// Who a report is about.
  struct subject {
    const std::string& identity;
    std::int64_t db_id;
    element_id auc;
    ngn::protocol proto;
    std::uint16_t peer_ix;
    micros t_request, t_response;
  };
  static subject about(const session& s) {
    return {s.identity, s.db_id, s.auc, s.proto, s.peer_ix, s.t_request, s.t_response};
  }
  static subject about(const completed_session& s, const std::string& identity) {
    return {identity, s.db_id, s.auc, s.proto, s.peer_ix, s.t_request, s.t_response};
  }

  session* find(std::uint32_t id, phase p);
  std::uint32_t new_session_id();
  std::uint16_t intern(const peer_info& peer);
  std::uint8_t intern_mechanism(const std::string& name);
  void arm(std::uint32_t id, session& s, phase p, micros deadline);
  void on_request(element_id from, const peer_info& peer, ngn::protocol proto,
                  dialogue::inbound in, micros now, softswitch_output& out, bool stale = false);
  void refuse(element_id from, const peer_info& peer, ngn::protocol proto,
              dialogue::inbound in, dialogue::admission_error why, micros now,
              softswitch_output& out);
  void on_reg_message(element_id from, const peer_info& peer, ngn::protocol proto,
                      dialogue::inbound in, micros now, softswitch_output& out);
  void on_refusal(ngn::protocol proto, const dialogue::inbound& in, micros now,
                  softswitch_output& out);
  void on_vector(const auc::auth_vector& v, micros now, softswitch_output& out);
  void complete(std::uint32_t id, session& s, const std::string& mechanism, bool edge_here,
                micros now);
  void reject(std::uint32_t id, session& s, dialogue::code c, std::string reason, micros now,
              softswitch_output& out);
  void report(const subject& s, bool ok, std::string mechanism, std::string reason, micros now,
              softswitch_output& out);
  void report_orphan(const peer_info& peer, ngn::protocol proto, std::string identity,
                     std::string reason, micros now, softswitch_output& out);

  softswitch_config cfg_;
  random_source* rng_;
  auc_router auc_;
  std::unordered_map<std::uint32_t, session> sessions_;
  std::unordered_map<std::uint32_t, completed_session> completed_;
  std::deque<std::pair<micros, std::uint32_t>> timers_[3]; ///< per phase; FIFO = deadline order
  std::deque<std::pair<micros, std::uint32_t>> grace_timers_;
  std::unordered_map<std::string, registration> registrar_;
  std::vector<peer_info> peers_;          ///< interned: few distinct (proxy, node) pairs
  std::vector<std::string> mechanisms_;   ///< interned mechanism names
  /// Reports about AuC sessions sent but not yet acknowledged, by session row id.
  struct unacked_report {
    auc::auth_report report;
    element_id auc = no_element;
    micros next = 0;
    micros interval = 0;
    std::uint8_t tries = 1;
  };
  std::unordered_map<std::int64_t, unacked_report> unacked_;
  /// (next, db_id), earliest first; entries whose `next` moved on are stale.
  std::priority_queue<std::pair<micros, std::int64_t>, std::vector<std::pair<micros, std::int64_t>>,
                      std::greater<>> report_timers_;
  std::uint32_t next_id_ = 1;
  softswitch_stats stats_;
};

} // namespace ngn::actors
