// Overload control and flood bounds of the soft switch (issue 12): what it lets in before it asks
// the AuC for anything. Pure bookkeeping over the soft switch's open sessions (no I/O, no CAF):
//
//  - AuC leg: at most max_auc_pending requests to the AuC outstanding (sessions awaiting a vector
//    or a resynchronisation); a new registration beyond it is answered "unavailable" (SIP 503 with
//    Retry-After, RFC 3261 §21.5.4; MGCP 503 result; H.248 error 503; RAS RRJ/GRJ
//    resourceUnavailable) without reaching the AuC, so the AuC's queue stays bounded. Its
//    Retry-After books a slot (overload_gate), and a client coming back after it may use twice
//    the bound.
//  - Per identity: TS 33.203 §6.1 / TS 24.229 §5.4.1.2 keep one authentication in progress per
//    user; a request equivalent to the identity's open challenge (same protocol, path, SPI and
//    mechanism list) is answered with that challenge again (no AuC work, no new row); at most
//    max_open_per_identity sessions open per identity (others: unavailable). A request that
//    differs gets its own challenge (it does not abort the open one: a forged REGISTER must not
//    end a victim's registration).
//  - Per source address (a listener client's IPv4 address, every port of it; else the terminal):
//    at most max_open_per_source sessions open; beyond, unavailable.
#pragma once

#include "elements/common.hpp"
#include "elements/hash_map.hpp"
#include "protocols/common/session_id.hpp"

#include <cstddef>
#include <cstdint>
#include <string>

namespace ngn::elements {

struct admission_config {
  /// Requests to the AuC outstanding at most: about half a second of an AuC's work at full
  /// speed, so that a stall of its writer (a slow fsync) is absorbed instead of refusing every new
  /// request, and well within the soft switch's 2 s AuC timeout.
  std::size_t max_auc_pending = 8192;
  std::size_t max_open_per_identity = 4; ///< open sessions (challenges) per identity
  /// Open sessions per source address: well above what one load generator (SIPp) keeps open
  /// at the highest rate served, so that only floods meet it (SIPp at 15,000 calls/s, 1.5x
  /// overload with retries, kept more than 8,192 challenges open).
  std::size_t max_open_per_source = 32768;
};

/// Why a request is not admitted (none: admitted).
enum class admission_refusal : std::uint8_t { none, auc_pending, identity, source };

std::string_view to_string(admission_refusal r) noexcept;

class admission {
public:
  explicit admission(admission_config cfg = {}) : cfg_(cfg) {}

  /// The source a bound applies to: a listener client's address without its port, else `from`.
  static element_id source_of(element_id from, element_id origin) noexcept;

  /// May a new session for `identity` from `source` open (and ask the AuC)? `returning`: the
  /// client comes back after an overload refusal (elements/overload_gate.hpp), and the AuC bound
  /// is twice max_auc_pending for it.
  admission_refusal check(const std::string& identity, element_id source,
                          bool returning = false) const;
  /// The identity's most recent open session (none() when there is none).
  ngn::session_id latest(const std::string& identity) const;

  /// Session `id` opened, asking the AuC.
  void opened(ngn::session_id id, const std::string& identity, element_id source);
  /// Session `id` waits for the AuC (true) or not (false) from now on.
  void awaiting_auc(ngn::session_id id, bool waiting);
  /// Session `id` is gone.
  void closed(ngn::session_id id);

  /// A request was turned away for `r` (not none): counted per bound.
  void refused(admission_refusal r) noexcept;
  /// Requests turned away for `r` so far (the soft switch's overload_* statistics).
  std::uint64_t refusals(admission_refusal r) const noexcept;

  std::size_t auc_pending() const noexcept { return auc_pending_; }
  std::size_t open() const noexcept { return sessions_.size(); }
  const admission_config& config() const noexcept { return cfg_; }

private:
  struct entry {
    std::string identity;
    element_id source = no_element;
    bool waiting = false;
  };
  struct per_identity {
    std::size_t open = 0;
    ngn::session_id latest;
  };
  admission_config cfg_;
  flat_map<ngn::session_id, entry, std::hash<ngn::session_id>> sessions_;
  node_map<std::string, per_identity> identities_;
  flat_map<element_id, std::size_t> sources_;
  std::size_t auc_pending_ = 0;
  std::uint64_t refused_[4] = {}; ///< by admission_refusal
};

} // namespace ngn::elements
