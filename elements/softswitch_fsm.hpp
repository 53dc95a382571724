// The soft switch (SS) of DESIGN.md §1 as a pure state machine: it takes registration requests
// (directly from terminals or through a proxy), obtains a challenge from the AuC, compares the
// two verification words, answers with success or rejection, and reports the outcome to the
// AuC (report_sender.hpp). Without a proxy it is the security edge (security_edge.hpp). It never
// learns Kc. As the registrar it grants each registration's lifetime, answers de-registrations
// and reports each registration's end to the AuC (DESIGN.md §1.2), naming the AuC's rows of the
// registration and of the one that superseded it. Protocol details are the bindings'.
//
//   reg_request → awaiting_vector --vector--> challenged --reg_message--> completed (grace) → gone
//                       |  (AUTS) <-- awaiting_resync <--+        |
//                       +-- AuC timeout → 504                     +-- mismatch → 403
#pragma once

#include "crypto/secret.hpp"
#include "elements/admission.hpp"
#include "elements/overload_gate.hpp"
#include "elements/common.hpp"
#include "elements/hash_map.hpp"
#include "elements/reasons.hpp"
#include "elements/report_sender.hpp"
#include "elements/security_edge.hpp"
#include "protocols/auc/messages.hpp"
#include "protocols/dialogue/registry.hpp"

#include <deque>
#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace ngn::elements {

/// What the node knows about where a message came from.
struct peer_info {
  bool is_proxy = false;
  std::string proxy;          ///< the proxy's element name (empty for terminals)
  std::string proxy_node;     ///< the node the proxy runs on
  std::string terminal_node;  ///< the node the terminal runs on
};

struct softswitch_config {
  std::string name = "ss1";
  std::string node = "local";
  edge_config edge;                           ///< Kss and the mechanism policy as the edge
  std::string domain = "ngn.example";         ///< realm
  dialogue::address self;
  micros auc_timeout = 2 * seconds;           ///< AuC silent → 504 to the terminal
  micros response_timeout = 32 * seconds;     ///< challenged, no registration message → failed
  micros grace = 32 * seconds;                ///< completed sessions kept to verify a refusal
  std::uint32_t default_lifetime = 3600;      ///< s, granted when the request names none
  std::uint32_t max_lifetime = 0;             ///< s, the most granted; 0: what is requested
  std::uint8_t max_resyncs = 2;
  report_policy reports;
  /// Overload control and flood bounds (elements/admission.hpp).
  admission_config admission;
  /// New requests that waited too long in the mailbox: refused (elements/overload_gate.hpp).
  overload_config overload;
  const dialogue::registry* bindings = nullptr;
  /// Which AuC serves an identity (sharding); must return a valid element for "" too.
  std::function<element_id(std::string_view identity)> auc_for;
  /// Where an envelope came from: its sender and, for a proxy's relays, the terminal (origin).
  std::function<peer_info(element_id from, element_id origin)> peer;
};

struct softswitch_stats {
  std::uint64_t requests = 0, challenges = 0, established = 0, rejected = 0, malformed = 0,
                replays = 0, auc_timeouts = 0, refusals = 0, resyncs = 0;
  std::uint64_t rechallenged = 0;   ///< answers to a challenge no longer open, challenged again
  std::uint64_t not_admitted = 0;   ///< refused by the binding's registrar checks (admit)
  std::uint64_t no_common_mechanism = 0;
  /// Overload control and flood bounds (admission.hpp): requests answered "unavailable" for the
  /// AuC bound, the per-identity or the per-source bound; requests answered with the identity's
  /// open challenge again (no AuC work).
  std::uint64_t overload_auc = 0, overload_identity = 0, overload_source = 0, challenges_reused = 0;
  /// New requests refused for their wait in the mailbox (overload_gate), and the longest
  /// Retry-After given with them (s).
  std::uint64_t overload_queue = 0;
  std::uint32_t retry_after_max = 0;
  std::uint64_t reports_resent = 0; ///< reports sent again, not yet acknowledged
  std::uint64_t reports_lost = 0;   ///< reports never acknowledged after every try
  std::uint64_t deregistrations = 0;  ///< de-registrations answered (as the registrar)
  std::uint64_t ends = 0;             ///< registration ends reported to the AuC
  std::uint64_t ends_unresolved = 0;  ///< ends of registrations this SS does not know (restart)
  edge_stats life;                    ///< the registrations' life where this SS is the edge
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, softswitch_stats& x) {
  return f(x.requests, x.challenges, x.established, x.rejected, x.malformed, x.replays,
           x.auc_timeouts, x.refusals, x.resyncs, x.rechallenged, x.not_admitted, x.no_common_mechanism,
           x.overload_auc, x.overload_identity, x.overload_source, x.challenges_reused,
           x.overload_queue, x.retry_after_max,
           x.reports_resent, x.reports_lost, x.deregistrations, x.ends, x.ends_unresolved, x.life);
}

class softswitch_fsm {
public:
  softswitch_fsm(softswitch_config cfg, random_source& rng);

  void on_envelope(const envelope& e, micros now, outbox& out);
  void on_tick(micros now, outbox& out);

  softswitch_stats stats() const noexcept;
  std::size_t sessions() const noexcept { return sessions_.size() + completed_.size(); }
  std::size_t unacknowledged_reports() const noexcept { return reports_.unacknowledged(); }
  std::size_t registered() const noexcept { return edge_.registered(); }
  /// Established registrations whose end is not reported yet (this SS as the registrar).
  std::size_t registrations() const noexcept { return registrar_.size(); }
  const softswitch_config& config() const noexcept { return cfg_; }
  /// SK shared with `identity` when this SS is its security edge (3 elements), else nullptr.
  const crypto::key128* session_key(const std::string& identity) const {
    return edge_.session_key(identity);
  }

private:
  enum class phase : std::uint8_t { awaiting_vector, challenged, awaiting_resync };
  /// A registration in progress.
  struct session {
    phase ph = phase::awaiting_vector;
    protocol proto{};
    std::uint16_t peer_ix = 0;             ///< into peers_
    element_id peer = no_element;
    element_id origin = no_element;
    element_id auc = no_element;
    std::string identity;
    dialogue::inbound request;             ///< the message to answer next
    mechanism_list offered;                ///< T's list as this SS received it
    negotiation choice;                    ///< this SS as the edge (no proxy)
    std::uint32_t terminal_spi = 0;        ///< the terminal's (this SS as the edge)
    std::uint32_t edge_spi = 0;            ///< this SS's, announced in the challenge
    std::uint32_t lifetime = 0;            ///< s, requested
    std::int64_t db_id = 0;
    dialogue::rand_t rand{};
    dialogue::autn_t autn{};               ///< to send the open challenge again (admission)
    dialogue::res_t xres{};
    std::array<std::uint8_t, 24> wrapped_t{};
    std::array<std::uint8_t, 24> wrapped_edge{};
    micros deadline = 0;
    micros t_request = 0;
    micros t_response = 0;
    std::uint8_t resyncs = 0;
    bool rechallenge = false;              ///< started from an answer to a closed challenge
    bool protect = false;                  ///< its messages came under an SA: so go the answers
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
    protocol proto{};
    std::uint16_t peer_ix = 0;
  };
  /// Who a report is about.
  struct subject {
    const std::string& identity;
    ngn::session_id session_id;
    std::int64_t db_id;
    element_id auc;
    protocol proto;
    std::uint16_t peer_ix;
    micros t_request, t_response;
  };
  static subject about(ngn::session_id id, const session& s) {
    return {s.identity, id, s.db_id, s.auc, s.proto, s.peer_ix, s.t_request, s.t_response};
  }
  static subject about(ngn::session_id id, const completed_session& s, const std::string& identity) {
    return {identity, id, s.db_id, s.auc, s.proto, s.peer_ix, s.t_request, s.t_response};
  }
  /// An established registration, until its end is reported (by session id).
  struct registrar_entry {
    std::int64_t db_id = 0;
    element_id auc = no_element;
  };
  /// Where a datagram came from and what protected it.
  struct source {
    element_id from = no_element, origin = no_element;
    protocol proto{};
    const peer_info* peer = nullptr;
    const protected_message* sa = nullptr;  ///< this SS is the edge and an SA carried it
  };

  const dialogue::binding& binding(protocol p) const { return (*cfg_.bindings)[p]; }
  session* find(ngn::session_id id, phase p);
  /// Sends to a terminal or its proxy; under the terminal's SA when `protect` (what it answers
  /// came under the SA; TS 33.203 §7: a request in clear is answered in clear).
  void send_to(element_id to, element_id origin, bool protect, const std::string& identity,
               protocol p, std::string bytes, outbox& out);
  void answer_source(const source& src, const std::string& identity, std::string bytes,
                     outbox& out);
  void on_protected(const envelope& e, micros now, outbox& out);
  void on_keepalive(const source& src, const dialogue::inbound& in, const std::string& identity,
                    micros now, outbox& out);
  void on_deregistration(const source& src, const dialogue::inbound& in,
                         const std::string& identity, micros now, outbox& out);
  /// Reports each end to the AuC with the AuC's rows (DESIGN.md §1.2).
  void report_ends(std::vector<registration_ended>& ended, micros now, outbox& out);
  std::uint32_t grant(std::uint32_t requested) const;
  /// 128 bits from the CSPRNG (issue 12 item 3), none of them in use.
  ngn::session_id new_session_id();
  std::uint16_t intern(const peer_info& peer);
  void arm(ngn::session_id id, session& s, phase p, micros deadline);
  void on_datagram(const envelope& e, micros now, outbox& out);
  void dispatch(const envelope& e, const source& src, std::string_view bytes, micros now,
                outbox& out);
  void on_auc(const envelope& e, micros now, outbox& out);
  void on_request(const source& src, dialogue::inbound in, micros now, outbox& out,
                  bool rechallenge = false);
  void refuse(const source& src, dialogue::inbound in, dialogue::admission_error why, micros now,
              outbox& out);
  void on_reg_message(const source& src, dialogue::inbound in, micros now, outbox& out);
  void on_refusal(protocol p, const dialogue::inbound& in, micros now, outbox& out);
  void forward_end(auc::registration_end m, micros now, outbox& out);
  void on_vector(const auc::auth_vector& v, micros now, outbox& out);
  /// Admission (admission.hpp) of a new registration request: true when it was answered here
  /// (the identity's open challenge again, or "unavailable"), false to go on with a new session.
  bool admit_or_answer(const source& src, const dialogue::inbound& in, bool rechallenge,
                       micros now, outbox& out);
  /// Sends session `id`'s challenge (its vector) in answer to its current request.
  void send_challenge(ngn::session_id id, const session& s, outbox& out);
  /// Forgets session `id` (every erase goes through here: admission's counts follow).
  void erase_session(ngn::session_id id);
  void succeed(ngn::session_id id, session& s, micros now, outbox& out);
  void complete(ngn::session_id id, session& s, micros now);
  /// Answers the terminal with `c` and reports the failure `rc` (elements/reasons.hpp) with the
  /// element that detected it: the proxy (its mirror check), the terminal (AUTN), else this one.
  void reject(ngn::session_id id, session& s, dialogue::code c, reason_code rc, std::string reason,
              micros now, outbox& out);
  void report(const subject& s, bool ok, std::string mechanism, std::string reason, micros now,
              outbox& out, failure_info f = {});
  /// A failure without a session of this soft switch, answered with `c` (0: not answered).
  void report_orphan(const peer_info& peer, protocol p, std::string identity, std::string reason,
                     std::uint16_t c, reason_code rc, micros now, outbox& out);
  void answer(const session& s, std::string bytes, outbox& out);
  /// The path a message to the AuC names: this soft switch, the proxy in between (`peer`) and
  /// the nodes of all three.
  void name_path(auc::auth_request& m, const peer_info& peer) const;
  void name_path(auc::auth_report& m, const peer_info& peer) const;

  softswitch_config cfg_;
  random_source* rng_;
  security_edge edge_;
  report_sender reports_;
  node_map<ngn::session_id, session, std::hash<ngn::session_id>> sessions_;
  flat_map<ngn::session_id, completed_session, std::hash<ngn::session_id>> completed_;
  flat_map<ngn::session_id, registrar_entry, std::hash<ngn::session_id>> registrar_;
  std::deque<std::pair<micros, ngn::session_id>> timers_[3]; ///< per phase; FIFO = deadline order
  std::deque<std::pair<micros, ngn::session_id>> grace_timers_;
  std::vector<peer_info> peers_;          ///< interned: few distinct (proxy, node) pairs
  std::uint32_t audit_seq_ = 0;
  softswitch_stats stats_;
  admission admission_;
  overload_gate gate_;
};

} // namespace ngn::elements
