// The signaling proxy (SP) of DESIGN.md §1 (4 elements) as a pure state machine. Every T↔SS
// message passes through it. It is the security edge (security_edge.hpp): it negotiates the
// mechanism with its own list (refusing a terminal it shares none with), checks that the
// terminal's mirror of its list is intact (anti bidding-down), and on the success response
// unwraps its copy of SK with Ksp, computes the message verification word, strips its copy and
// forwards E_Kc(SK) + MAC. Then it keeps the registration (DESIGN.md §1.2): ESP both ways with
// the terminal, keepalives answered (or audits sent) here, de-registrations relayed, and the end
// of each registration reported to the soft switch, which resolves it for the AuC. Protocol
// details (transaction ids, where each field goes) are the bindings'.
#pragma once

#include "elements/common.hpp"
#include "elements/hash_map.hpp"
#include "elements/overload_gate.hpp"
#include "elements/reasons.hpp"
#include "elements/security_edge.hpp"
#include "protocols/dialogue/registry.hpp"

#include <string>
#include <vector>

namespace ngn::elements {

struct proxy_config {
  std::string name = "sp1";
  std::string node = "local";
  edge_config edge;                         ///< Ksp and the proxy's mechanism policy
  dialogue::address self;
  element_id softswitch = no_element;
  micros session_timeout = 64 * seconds;    ///< forget a registration in progress after this
  overload_config overload;                 ///< new requests that waited too long: refused
  const dialogue::registry* bindings = nullptr;
};

struct proxy_stats {
  std::uint64_t relayed_up = 0, relayed_down = 0, established = 0, malformed = 0, unroutable = 0,
                sec_agree_mismatches = 0, unwrap_failures = 0, no_common_mechanism = 0;
  /// New requests refused for their wait in the mailbox (overload_gate), and the longest
  /// Retry-After given with them (s).
  std::uint64_t overload_queue = 0;
  std::uint32_t retry_after_max = 0;
  edge_stats life;  ///< the registrations' life at this edge
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, proxy_stats& x) {
  return f(x.relayed_up, x.relayed_down, x.established, x.malformed, x.unroutable,
           x.sec_agree_mismatches, x.unwrap_failures, x.no_common_mechanism, x.overload_queue,
           x.retry_after_max, x.life);
}

class proxy_fsm {
public:
  /// `rng` chooses this edge's SPIs; it outlives the state machine.
  proxy_fsm(proxy_config cfg, random_source& rng);

  void on_envelope(const envelope& e, micros now, outbox& out);
  void on_tick(micros now, outbox& out);

  proxy_stats stats() const noexcept;
  std::size_t in_progress() const noexcept { return pending_.size(); }
  std::size_t registered() const noexcept { return edge_.registered(); }
  const proxy_config& config() const noexcept { return cfg_; }
  /// The SK shared with `identity` once registered (security edge), or nullptr.
  const crypto::key128* session_key(const std::string& identity) const {
    return edge_.session_key(identity);
  }

private:
  /// A registration in progress, by identity.
  struct pending {
    element_id terminal = no_element;
    mechanism_list offered;  ///< T's list as received from T
    negotiation choice;
    ngn::session_id session_id;
    dialogue::rand_t rand{};
    std::uint32_t terminal_spi = 0;  ///< from the terminal's request
    std::uint32_t edge_spi = 0;      ///< this proxy's, announced in the challenge
    micros deadline = 0;
    bool protect = false;            ///< the terminal's messages came under its SA
  };
  /// A request of a terminal relayed to the soft switch under this proxy's transaction id.
  struct hop_transaction {
    element_id terminal = no_element;
    std::string original_tid;
    std::string identity;  ///< whose registration: answers need not name it (a reply may carry no identity)
    micros deadline = 0;
    bool deregistration = false;  ///< its answer ends the registration
    bool protect = false;         ///< the request came under the terminal's SA: so goes its answer
    /// A registration message that names another session than the one open for its identity
    /// (forged or stale, issue 12 item 3): its answers leave that registration alone.
    bool foreign = false;
  };

  const dialogue::binding& binding(protocol p) const { return (*cfg_.bindings)[p]; }
  /// `wait`: how long the message waited in the mailbox (elements::waited; 0: not known).
  void from_terminal(element_id from, protocol p, std::string_view bytes, micros now,
                     micros wait, outbox& out, const protected_message* sa = nullptr);
  /// Answers a terminal's keepalive here (never relayed).
  void answer_keepalive(element_id from, protocol p, const dialogue::inbound& in,
                        const std::string& identity, bool protect, outbox& out);
  /// Sends `bytes` to terminal `to` of `identity`, under its SA when `protect` (what it answers
  /// came under the SA; TS 33.203 §7: a request in clear is answered in clear).
  void to_terminal(element_id to, const std::string& identity, protocol p, std::string bytes,
                   bool protect, outbox& out);
  /// Tells the soft switch about each registration that ended here.
  void report_ends(std::vector<registration_ended>& ended, outbox& out);
  void audit(const audit_due& a, micros now, outbox& out);
  void from_softswitch(protocol p, std::string_view bytes, micros now, outbox& out);
  /// A failure met before the soft switch saw anything: for the soft switch, which records it
  /// with its AuC (the proxy knows no AuC).
  /// `response_code`: the code of the proxy's answer as the binding carries it (0: none); the
  /// proxy is the element that detected it.
  void report_failure(element_id terminal, protocol p, std::string identity, std::string reason,
                      std::uint16_t response_code, reason_code rc, micros now, outbox& out);
  /// The choice this proxy made (or makes now) for `identity`'s registration in progress.
  std::string_view chosen_for(const pending* p) const;
  void relay_down(dialogue::inbound&& in, element_id to, const std::string& identity,
                  protocol p, const dialogue::relay_edit& edit, bool protect, outbox& out);

  proxy_config cfg_;
  random_source* rng_;
  security_edge edge_;
  overload_gate gate_;
  /// Audits sent and not yet answered, by protocol number and transaction id (deadline).
  flat_map<std::string, micros> audits_;
  std::uint32_t audit_seq_ = 0;
  node_map<std::string, pending> pending_;
  /// By protocol number and transaction id as the binding made it (hop_tid).
  node_map<std::string, hop_transaction> transactions_;
  micros last_sweep_ = 0;
  std::uint64_t next_tid_ = 1;
  proxy_stats stats_;
};

} // namespace ngn::elements
