// The security edge of DESIGN.md §1: the element that ends up sharing SK with the terminal — the
// signaling proxy when there is one, else the soft switch. Written once for both: it negotiates
// the mechanism (§1 step 8, RFC 3329 §2.3.1), unwraps its copy of SK, computes the message
// verification word over the success response (authenticating itself to the terminal and
// covering both mechanism lists and both SPIs: no bidding-down), and keeps the terminal's
// registration through its life (DESIGN.md §1.2): its SAs protect every later message in both
// directions (ESP), a refresh's SAs replace them once the first packet under the new ones
// arrives (TS 33.203 §7.4), an unrefreshed registration expires (SAs deleted, SK wiped), a
// de-registration ends it; each end is reported once (registration_ended).
#pragma once

#include "crypto/key_distribution.hpp"
#include "crypto/secret.hpp"
#include "elements/common.hpp"
#include "elements/hash_map.hpp"
#include "elements/sa.hpp"
#include "protocols/auc/messages.hpp"
#include "protocols/common/bytes.hpp"
#include "protocols/common/clock.hpp"
#include "protocols/common/mechanism.hpp"

#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <queue>
#include <string>
#include <string_view>
#include <vector>

namespace ngn::elements {

/// What an edge records as the mechanism of a terminal that offered none: a client without
/// sec-agree (RFC 3329 makes it optional; DESIGN.md §1.2: such clients register without SAs).
inline constexpr std::string_view no_sec_agree = "no-sec-agree";

struct edge_config {
  crypto::key128 key;                          ///< Ksp (proxy) or Kss (soft switch)
  crypto::kek_role role = crypto::kek_role::proxy;
  /// The edge's policy: the mechanisms it supports, with its priorities (topology `mechanisms`).
  /// `null` is accepted only if listed here.
  mechanism_list supported;
  /// Where the edge keeps the terminal alive (binding::keepalive_by_edge()): every
  /// this long per registration; 0: never.
  micros audit = 0;
};

/// The outcome of negotiating a terminal's offer.
struct negotiation {
  enum class verdict : std::uint8_t {
    chosen,       ///< `mechanism` protects the terminal's later traffic
    unprotected,  ///< the terminal offered no list (no sec-agree): no mechanism, no SAs
    refused,      ///< nothing in common: a refusal (RFC 3329 §2.3.1: 494), never a success
  };
  verdict result = verdict::refused;
  std::string mechanism;  ///< chosen: its name; unprotected: no_sec_agree
};

/// What the success response carries past the edge (DESIGN.md §1 with a proxy; §2 MAC fields),
/// and what the edge needs to keep the registration (DESIGN.md §1.2).
struct key_delivery {
  std::string_view identity;
  ngn::session_id session_id;
  const block<16>* rand = nullptr;       ///< the challenge's RAND (the KEK is bound to it)
  byte_view wrapped_edge;                ///< E_edge(SK)
  byte_view wrapped_t;                   ///< E_Kc(SK), covered by the MAC
  const mechanism_list* offered = nullptr; ///< T's list as the edge received it
  std::string_view mechanism;            ///< the negotiated mechanism
  std::uint32_t terminal_spi = 0;        ///< from the terminal's request (0: none)
  std::uint32_t edge_spi = 0;            ///< this edge's, announced in the challenge
  std::uint32_t lifetime = 3600;         ///< s, granted
  element_id terminal = no_element;      ///< where the terminal is
  protocol proto{};
  std::int64_t db_id = 0;                ///< the AuC's row, when the edge knows it (soft switch)
  bool audited = false;                  ///< the edge keeps it alive (keepalive_by_edge())
};

/// The end of a registration, as the edge counted it (DESIGN.md §1.2).
struct registration_ended {
  std::string identity;
  ngn::session_id session_id;
  ngn::session_id successor_session;  ///< superseded: the registration that replaced it
  std::int64_t db_id = 0, successor_db_id = 0;
  auc::end_cause cause = auc::end_cause::deregistered;
  std::uint32_t lifetime = 0;
  std::uint64_t sent = 0, received = 0, dropped = 0;
  micros t_end = 0;
};

/// The AuC protocol's report of an end (protocols/auc: registration_end); the proxy's carry no
/// AuC rows (db ids 0): the soft switch resolves them.
auc::registration_end to_report(registration_ended&& x);

/// A message the edge received under a registration's SA.
struct protected_message {
  std::string message;
  protocol proto{};
  std::string identity;                 ///< whose SA it came under
  element_id terminal = no_element;
};

/// A terminal the edge must audit now (binding::keepalive_by_edge()).
struct audit_due {
  std::string identity;
  element_id terminal = no_element;
  protocol proto{};
};

/// What an edge counted of its registrations' life (DESIGN.md §1.2).
struct edge_stats {
  std::uint64_t esp_sent = 0, esp_received = 0;
  /// ESP packets dropped, by cause (esp_drop order).
  std::uint64_t esp_malformed = 0, esp_unknown_spi = 0, esp_replayed = 0, esp_bad_icv = 0,
                esp_misdirected = 0;
  std::uint64_t unprotected_dropped = 0;  ///< plain messages where SAs are in place
  std::uint64_t expired = 0, deregistered = 0, superseded = 0;
  std::uint64_t keepalives = 0;           ///< keepalives answered, audits sent
  std::uint64_t& dropped(esp_drop why) noexcept;
  std::uint64_t esp_dropped() const noexcept {
    return esp_malformed + esp_unknown_spi + esp_replayed + esp_bad_icv + esp_misdirected;
  }
  edge_stats& operator+=(const edge_stats& o) noexcept;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, edge_stats& x) {
  return f(x.esp_sent, x.esp_received, x.esp_malformed, x.esp_unknown_spi, x.esp_replayed,
           x.esp_bad_icv, x.esp_misdirected, x.unprotected_dropped, x.expired, x.deregistered,
           x.superseded, x.keepalives);
}

class security_edge {
public:
  explicit security_edge(edge_config cfg);
  ~security_edge();
  security_edge(security_edge&&) noexcept;
  security_edge& operator=(security_edge&&) noexcept;

  const mechanism_list& supported() const noexcept { return cfg_.supported; }
  micros audit_interval() const noexcept { return cfg_.audit; }

  /// DESIGN.md §1 step 8: the mechanism both support with the terminal's highest priority.
  negotiation negotiate(const mechanism_list& offered) const;

  /// RFC 3329 §2.3.1: the terminal's registration message mirrors the list the edge sent in its
  /// challenge; a mirror that differs means someone changed that list on the way (bidding-down).
  /// A terminal that offered nothing (no sec-agree) has nothing to mirror.
  bool mirror_intact(const mechanism_list& offered, const mechanism_list& mirror) const;

  /// The SPI this edge announces in a challenge: random, 256..2^32-1, neither in use here nor
  /// announced in another challenge still open. It stays reserved until a registration installs
  /// it, or for `hold` (the longest a registration dialogue lasts here) after `now`: two
  /// registrations in progress drawing the same SPI would each install it, and the second's SA
  /// would take the first's packets (RFC 4303 §2.1: the SPI selects the SA at the receiver).
  std::uint32_t allocate_spi(random_source& rng, micros now, micros hold);

  /// The success response passes the edge: unwraps its copy of SK (integrity-checked, bound to
  /// RAND and identity) and computes the message verification word; the registration is kept
  /// (its SAs take over from a live one once the terminal uses them). nullopt if the wrap does
  /// not open (the terminal will refuse the key).
  std::optional<block<crypto::mvw_size>> deliver(const key_delivery& d, micros now,
                                                 std::vector<registration_ended>& ended);

  /// The terminal refused the key of its registration `session_id`: that one is dropped (SK
  /// wiped, no end reported: it never was established); a registration it was to replace stays.
  void forget(const std::string& identity, const ngn::session_id& session_id);

  /// An ESP packet from `from`: the protocol message inside it, once the SA, the replay window,
  /// the ICV and the inner ports agree (RFC 4303 §3.4); nullopt when dropped (counted). The
  /// first packet under a refresh's SAs supersedes the registration before it.
  std::optional<protected_message> open(element_id from, std::string_view packet, micros now,
                                        std::vector<registration_ended>& ended);
  /// Whether `identity` agreed protection: its messages must then come under its SAs (but a
  /// new registration dialogue, which authenticates itself). A message that names no identity
  /// (a bare response: the answer to an audit) is judged by its sender `from`: protection is
  /// required when `from` is the terminal of a registration that agreed it.
  bool requires_protection(const std::string& identity, element_id from) const;
  /// Counts a plain message refused for that reason.
  void drop_unprotected() noexcept { ++stats_.unprotected_dropped; }
  /// Counts a protected packet dropped by the element (an inner message naming another identity).
  void drop(esp_drop why) noexcept { ++stats_.dropped(why); }
  /// Counts a keepalive answered or an audit sent.
  void kept_alive() noexcept { ++stats_.keepalives; }
  /// `message` to `identity`'s terminal `to` under its live registration's SA: the ESP packet,
  /// or nullopt when it has none in use or `to` is not that registration's terminal (send in
  /// clear); empty when the SA cannot carry it (exhausted: nothing is sent).
  std::optional<std::string> protect(const std::string& identity, element_id to, protocol p,
                                     std::string_view message);

  /// The terminal de-registered: the registration ends now (SAs deleted, SK wiped).
  void end(const std::string& identity, micros now, std::vector<registration_ended>& ended);
  /// Expiries, refresh take-overs that never saw a packet, and audits due.
  void on_tick(micros now, std::vector<registration_ended>& ended, std::vector<audit_due>& audits);

  /// SK shared with `identity` (its live registration, else the one being installed), or nullptr.
  const crypto::key128* session_key(const std::string& identity) const;
  /// The mechanism of `identity`'s registration, or "".
  std::string_view mechanism(const std::string& identity) const;
  /// The session id of `identity`'s live registration, 0 if none.
  ngn::session_id session_of(const std::string& identity) const;
  /// Registrations kept (live or being taken into use).
  std::size_t registered() const noexcept { return registrations_.size(); }
  const edge_stats& stats() const noexcept { return stats_; }

private:
  /// One registration of a terminal (compact: one per registered terminal).
  struct registration {
    crypto::key128 sk;
    std::optional<sa_pair> sas;    ///< none: no ESP (no sec-agree, or null)
    micros expires = 0;
    micros next_audit = 0;         ///< 0: not audited
    std::int64_t db_id = 0;
    element_id terminal = no_element;
    ngn::session_id session_id;
    std::uint32_t lifetime = 0;
    std::uint32_t handle = 0;      ///< its timers' reference
    std::uint32_t sent = 0, received = 0, dropped = 0;
    protocol proto{};
    std::uint8_t mechanism = 0;    ///< into mechanisms_
  };
  /// A terminal's registrations: the live one, and the newest until its SAs are taken into use
  /// (a first registration's, or a refresh's).
  struct entry {
    std::unique_ptr<registration> live, newest;
  };
  enum class timer : std::uint8_t { expiry, audit };

  using node = std::pair<const std::string, entry>;
  void arm(const registration& r, timer t, micros at);
  void index(node& n, const registration& r);
  void unindex(const registration& r);
  /// The newest registration of `n` becomes its live one; the live one before it is superseded.
  void promote(node& n, micros now, std::vector<registration_ended>& ended);
  /// Ends `r` (the live or the newest registration of `n`) and reports it.
  void close(node& n, std::unique_ptr<registration>& r, auc::end_cause cause, micros now,
             std::vector<registration_ended>& ended, const registration* successor = nullptr);
  /// Erases `n` once it holds no registration.
  void erase_if_empty(node& n);
  std::uint8_t intern(std::string_view mechanism);

  edge_config cfg_;
  node_map<std::string, entry> registrations_;
  /// Inbound SPI → registration owner (node_map elements do not move).
  flat_map<std::uint32_t, node*> by_spi_;
  /// SPIs announced in challenges, not installed yet: until when each is held, and the same in
  /// the order they were announced (swept in on_tick).
  flat_map<std::uint32_t, micros> reserved_spis_;
  std::deque<std::pair<micros, std::uint32_t>> reserved_order_;
  /// Handle → registration owner, for the timers.
  flat_map<std::uint32_t, node*> by_handle_;
  /// Terminal → registration owner, for messages that name no identity.
  flat_map<element_id, node*> by_terminal_;
  struct timer_entry {
    micros at;
    std::uint32_t handle;
    timer what;
    bool operator>(const timer_entry& o) const noexcept { return at > o.at; }
  };
  std::priority_queue<timer_entry, std::vector<timer_entry>, std::greater<>> timers_;
  std::vector<std::string> mechanisms_;
  std::uint32_t next_handle_ = 1;
  edge_stats stats_;
};

} // namespace ngn::elements
