// The messages of the SS ↔ AuC leg of DESIGN.md §1 (steps 2, 3 and 6): authentication request,
// the answer with challenge, verification word and wrapped keys, SQN resynchronisation
// (TS 33.102 §6.3.5) and the terminal authentication success/failure message. Their encoding,
// "a compact binary encoding of its own" (DESIGN.md §3), is protocols/auc/codec.hpp.
#pragma once

#include "protocols/common/clock.hpp"
#include "protocols/common/protocol.hpp"
#include "protocols/common/session_id.hpp"

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

namespace ngn::auc {

/// Step 2: SS → AuC.
struct auth_request {
  ngn::session_id session_id;   ///< the SS's session id (correlation)
  std::string identity;
  protocol proto = protocol::sip;
  std::string softswitch;         ///< the SS's element name
  std::string proxy;              ///< the proxy in the path, empty when direct
  std::string terminal_node, proxy_node, softswitch_node;
  micros t_request = 0;
  /// The soft switch's session id as its binding writes it on the wire (SIP opaque, MGCP
  /// RequestIdentifier, H.248 RequestID, RAS session ClearToken random; dialogue/wire_ids.hpp), so that
  /// a session row can be found in a pcap.
  std::string wire_session;
};

enum class status : std::uint8_t {
  ok = 0,
  unknown_identity = 1,  ///< no such subscriber
  unknown_element = 2,   ///< no key for the proxy / soft switch
  resync_failed = 3,     ///< AUTS did not verify (MAC-S)
  unavailable = 4,       ///< storage failed; try later
  unknown_session = 5,
  sqn_exhausted = 6,     ///< SEQ at its maximum: no SQN left for this K (TS 33.102 Annex C)
};
std::string_view to_string(status s) noexcept;

/// Step 3: AuC → SS. With a proxy the edge copy is E_Ksp(SK), else E_Kss(SK).
struct auth_vector {
  ngn::session_id session_id;
  std::int64_t db_id = 0;          ///< the AuC's session row
  status result = status::ok;
  std::array<std::uint8_t, 16> rand{};
  std::array<std::uint8_t, 16> autn{};
  std::array<std::uint8_t, 8> xres{};
  std::array<std::uint8_t, 24> wrapped_t{};
  std::array<std::uint8_t, 24> wrapped_edge{};
  std::string detail;
};

/// TS 33.102 §6.3.5: SS → AuC with the terminal's AUTS; answered by a fresh auth_vector.
struct resync_request {
  ngn::session_id session_id;
  std::int64_t db_id = 0;
  std::string identity;
  std::array<std::uint8_t, 16> rand{};
  std::array<std::uint8_t, 14> auts{};
  micros t = 0;
};

/// Step 6: terminal authentication success / failure message (also failures the SS detects
/// without an AuC session: db_id 0 creates a failed session row).
struct auth_report {
  ngn::session_id session_id;
  std::int64_t db_id = 0;
  std::string identity;
  protocol proto = protocol::sip;
  std::string softswitch, proxy;
  std::string terminal_node, proxy_node, softswitch_node;
  bool success = false;
  std::string mechanism;
  std::string reason;
  micros t_request = 0, t_response = 0, t_success = 0;
  std::string wire_session;        ///< as in auth_request; empty before a session id existed
  /// The code of the answer the terminal received, as its binding carries it
  /// (dialogue/wire_ids.hpp wire_code): SIP status, MGCP X-RSLT / response code, H.248 error
  /// code (200 for a reply without error), RAS result; 0 when it received no answer.
  std::uint16_t response_code = 0;
  std::string detected_by;         ///< the element that detected the failure; empty on success
  std::uint16_t reason_code = 0;   ///< elements/reasons.hpp; 0 on success or when not catalogued
};

/// How an established registration ended (DESIGN.md §1.2).
enum class end_cause : std::uint8_t {
  expired = 0,       ///< not refreshed within its lifetime: the edge deleted its SAs
  deregistered = 1,  ///< the terminal de-registered
  superseded = 2,    ///< its re-registration's SAs replaced its own
};
std::string_view to_string(end_cause c) noexcept;

/// DESIGN.md §1.2: the end of an established registration, as its security edge counted it.
/// The edge names it by the soft switch's session ids (a proxy knows no AuC row); the soft switch
/// fills in the rows (db_id, successor) and forwards it to the AuC, which records it once.
struct registration_end {
  ngn::session_id session_id;           ///< the SS's session of the registration that ended
  ngn::session_id successor_session;   ///< superseded: the SS's session that replaced it
  std::int64_t db_id = 0;                 ///< the AuC's row (0 until the SS resolves it)
  std::int64_t successor = 0;             ///< superseded: the successor's row
  std::string identity;
  std::string softswitch;                 ///< the SS that registered it
  end_cause cause = end_cause::deregistered;
  std::uint32_t lifetime = 0;             ///< s, granted
  std::int64_t protected_sent = 0, protected_received = 0, protected_dropped = 0;
  micros t_end = 0;
};

/// What a report_ack acknowledges.
enum class acked : std::uint8_t { auth_report = 0, registration_end = 1 };

/// AuC → SS: the report (or registration end) about session `db_id` is committed to the
/// database. The SS re-sends either until this arrives (at-least-once; applying one twice
/// changes nothing), so a report in flight when the AuC dies is applied by the restarted AuC.
struct report_ack {
  std::int64_t db_id = 0;
  acked what = acked::auth_report;
};

using message = std::variant<auth_request, auth_vector, resync_request, auth_report, report_ack,
                             registration_end>;

} // namespace ngn::auc
