// Row types of the ngnemu database (schema.cpp documents every column).
#pragma once

#include "protocols/common/bytes.hpp"
#include "crypto/secret.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ngn::storage {

enum subscriber_flags : std::uint32_t {
  sipp_compat = 1u, ///< K and OP avoid the bytes SIPp 3.6 mangles (aka-and-vectors.md §3.2)
};

/// A subscriber's AuC data (DESIGN.md §2).
struct subscriber {
  std::string identity;
  std::string protocol = "any";
  // K, OP and OPc are secrets held as long as the AuC runs: wiping types (issue 12 item 6).
  crypto::key128 k;                  ///< K (= Kc)
  std::optional<crypto::key128> op;  ///< OP when known (needed for SIPp export only)
  crypto::key128 opc;                ///< OPc = OP ⊕ E_K(OP) (TS 35.206 §4.1)
  block<2> amf{0x80, 0x00};
  std::uint64_t sqn = 0;         ///< highest SQN issued (48 bit)
  std::uint32_t flags = 0;       ///< subscriber_flags
};

/// A network element's key shared with the AuC: Ksp (kind "proxy") or Kss (kind "softswitch").
struct element_key {
  std::string name;
  std::string kind;
  crypto::key128 key;
};

/// A session row follows one registration (DESIGN.md §4): challenged → established | failed |
/// expired; an established one ends expired (not refreshed), deregistered or superseded (by its
/// re-registration).
enum class session_state : std::uint8_t {
  challenged, established, failed, expired, deregistered, superseded
};

/// OPc of `k` and `op` (TS 35.206 §4.1), Milenage's intermediate wiped.
crypto::key128 opc_of(const crypto::key128& k, const crypto::key128& op);

std::string_view to_string(session_state s) noexcept;
std::optional<session_state> parse_session_state(std::string_view s) noexcept;

/// One row of `sessions`. Empty strings / bytes and zero timestamps are NULL in the database.
struct session_row {
  std::int64_t id = 0;
  std::string identity, protocol, proxy, softswitch, auc, terminal_node, proxy_node,
    softswitch_node, auc_node, mechanism;
  session_state state = session_state::challenged;
  std::string failure_reason;
  bytes rand;
  bytes sk_fingerprint; ///< SHA-256 of SK, never SK
  std::uint32_t resyncs = 0;
  std::int64_t t_request = 0, t_challenge = 0, t_response = 0, t_success = 0, t_end = 0;
  // The registration's life (DESIGN.md §1.2), set by its end (storage::session_end).
  std::uint32_t lifetime = 0;  ///< granted, s; 0: not known
  std::int64_t successor = 0;  ///< superseded: the re-registration's session id
  std::uint64_t protected_sent = 0, protected_received = 0, protected_dropped = 0;
  // Following one registration (issue 10 item 5; schema version 3).
  std::string wire_session;        ///< the SS's session id as its binding writes it on the wire
  std::uint32_t response_code = 0; ///< the code of the answer the terminal received; 0: none
  std::string detected_by;         ///< the element that detected the failure
  std::uint32_t reason_code = 0;   ///< elements/reasons.hpp, the `reasons` table; 0: none
  /// runs.id of the run that wrote it, as read back (0: none); the writer stamps its current
  /// run on insert and ignores this field.
  std::int64_t run = 0;
};

} // namespace ngn::storage
