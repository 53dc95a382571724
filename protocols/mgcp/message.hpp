// MGCP 1.0 message model (RFC 3435 §3.2 commands, §3.3 responses): the model owns its data,
// parameter lines are kept in order with their codes as received, the SDP body verbatim.
// The codec entry points are in protocols/mgcp/codec.hpp.
#pragma once

#include "protocols/common/result.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace ngn::mgcp {

// -- limits (errc::limit_exceeded) --------------------------------------------------------------

/// Largest datagram parse() accepts and encode() produces (a UDP datagram is at most 64 KiB).
inline constexpr std::size_t max_datagram_size = 65536;
/// Messages piggy-backed in one datagram (RFC 3435 §3.5.5).
inline constexpr std::size_t max_messages = 16;
/// Parameter lines per message.
inline constexpr std::size_t max_parameters = 64;
/// Characters of an endpoint name's local part (the domain part is 1*255 by the grammar).
inline constexpr std::size_t max_local_name = 255;

// -- protocol constants -------------------------------------------------------------------------

/// RFC 3435 §3.2.1: the only protocol version this codec speaks.
inline constexpr std::string_view version_1_0 = "MGCP 1.0";

/// RFC 3435 §2.3 / §3.2.1.1 command verbs (a verb is ALPHA 3(ALPHA / DIGIT), case-insensitive).
namespace verb {
inline constexpr std::string_view epcf = "EPCF";
inline constexpr std::string_view crcx = "CRCX";
inline constexpr std::string_view mdcx = "MDCX";
inline constexpr std::string_view dlcx = "DLCX";
inline constexpr std::string_view rqnt = "RQNT";
inline constexpr std::string_view ntfy = "NTFY";
inline constexpr std::string_view auep = "AUEP";
inline constexpr std::string_view aucx = "AUCX";
inline constexpr std::string_view rsip = "RSIP";
} // namespace verb

/// RFC 3435 §3.2.2 parameter codes (the full list is recognised by is_known_code()).
namespace code {
inline constexpr std::string_view call_id = "C";              ///< §3.2.2.2 CallId
inline constexpr std::string_view connection_id = "I";        ///< §3.2.2.5 ConnectionId
inline constexpr std::string_view connection_mode = "M";      ///< §3.2.2.6 ConnectionMode
inline constexpr std::string_view notified_entity = "N";      ///< §3.2.1.3 NotifiedEntity
inline constexpr std::string_view observed_events = "O";      ///< §3.2.2.12 ObservedEvents
inline constexpr std::string_view reason_code = "E";          ///< §3.2.2.15 ReasonCode
inline constexpr std::string_view requested_events = "R";     ///< §3.2.2.16 RequestedEvents
inline constexpr std::string_view request_identifier = "X";   ///< §3.2.2.18 RequestIdentifier
inline constexpr std::string_view restart_delay = "RD";       ///< RestartDelay
inline constexpr std::string_view restart_method = "RM";      ///< §3.2.2.20 RestartMethod
inline constexpr std::string_view signal_requests = "S";      ///< §3.2.2.21 SignalRequests
} // namespace code

// -- model --------------------------------------------------------------------------------------

/// One parameter line `code: value` (RFC 3435 §3.2.2). `code` as received ("RM", "X-SECM",
/// "x-secm"); codes compare case-insensitively. `value` without the whitespace after the colon.
struct parameter {
  std::string code;
  std::string value;

  parameter() = default;
  parameter(std::string_view c, std::string_view v) : code(c), value(v) {}

  friend bool operator==(const parameter& a, const parameter& b) {
    return a.code == b.code && a.value == b.value;
  }
  friend bool operator!=(const parameter& a, const parameter& b) { return !(a == b); }
};

/// The first parameter whose code equals `code` case-insensitively, or nullptr.
const parameter* find(const std::vector<parameter>& params, std::string_view code) noexcept;

/// A command (RFC 3435 §3.2): `verb SP transaction-id SP endpoint SP "MGCP 1.0" EOL` + params
/// [+ EOL SDP]. parse() stores the verb upper-cased; unknown verbs are kept generically.
struct command {
  std::string verb;                 ///< "RSIP", "RQNT", "NTFY", ... (4 characters)
  std::uint32_t transaction_id = 0; ///< 1..999 999 999 (RFC 3435 §3.2.1.2)
  std::string endpoint;             ///< "aaln/1@term1.ngn.example" (RFC 3435 §3.2.1.3)
  std::string version = std::string(version_1_0); ///< "MGCP 1.0" [SP profile name]
  std::vector<parameter> params;    ///< in wire order
  std::string sdp;                  ///< body after the empty line, verbatim; empty = none

  const parameter* find(std::string_view code) const noexcept {
    return mgcp::find(params, code);
  }
  /// Appends `code: value`.
  command& add(std::string_view code, std::string_view value);

  friend bool operator==(const command& a, const command& b) {
    return a.verb == b.verb && a.transaction_id == b.transaction_id &&
           a.endpoint == b.endpoint && a.version == b.version && a.params == b.params &&
           a.sdp == b.sdp;
  }
  friend bool operator!=(const command& a, const command& b) { return !(a == b); }
};

/// A response (RFC 3435 §3.3): `code SP transaction-id [SP "/" package] [SP commentary] EOL`
/// + params [+ EOL SDP].
struct response {
  std::uint16_t code = 200;         ///< 000..999 (3 digits on the wire)
  std::uint32_t transaction_id = 0; ///< echoes the command's
  std::string package;              ///< package name of an 8xx code, without the "/"; empty = none
  std::string commentary;           ///< "OK"; empty = none
  std::vector<parameter> params;
  std::string sdp;

  const parameter* find(std::string_view code) const noexcept {
    return mgcp::find(params, code);
  }
  response& add(std::string_view code, std::string_view value);

  friend bool operator==(const response& a, const response& b) {
    return a.code == b.code && a.transaction_id == b.transaction_id && a.package == b.package &&
           a.commentary == b.commentary && a.params == b.params && a.sdp == b.sdp;
  }
  friend bool operator!=(const response& a, const response& b) { return !(a == b); }
};

using message = std::variant<command, response>;

/// The transaction id of either alternative.
std::uint32_t transaction_id(const message& m) noexcept;

// -- syntax predicates (shared by parse, encode and validate) -----------------------------------

/// RFC 3435 App. A `extensionParameter = "X" ("-" / "+") 1*6(ALPHA / DIGIT)`, e.g. "X-SECM".
/// "X-Sec-Mech" and "X-TOOLONG7" are not (Wireshark silently drops such lines, see
/// reference/wire-bindings.md §3.3).
bool valid_extension_name(std::string_view name) noexcept;

/// True for `X+...` (critical: a receiver that does not know it must reject the command).
bool is_critical_extension(std::string_view name) noexcept;

/// A parameter code this codec accepts: a code of RFC 3435 §3.2.2 (is_known_code), a vendor
/// extension (valid_extension_name), a package parameter `package "/" name` (each 1*32 of
/// ALPHA / DIGIT / "-"), or any other code of 1..8 letters/digits (kept generically; the
/// application decides whether to answer 539).
bool valid_parameter_code(std::string_view code) noexcept;

/// One of the RFC 3435 §3.2.2 codes (K B C I N X L M R S D O P E Z Z2 I2 F Q T RM RD A ES PL MD),
/// case-insensitive.
bool is_known_code(std::string_view code) noexcept;

/// RFC 3435 App. A `MGCPVerb`: ALPHA 3(ALPHA / DIGIT).
bool valid_verb(std::string_view verb) noexcept;

/// One of the nine verbs of RFC 3435 §2.3 (case-insensitive).
bool is_known_verb(std::string_view verb) noexcept;

/// RFC 3435 App. A `endpointName = LocalEndpointName "@" DomainName`.
bool valid_endpoint_name(std::string_view endpoint) noexcept;

/// Package name of a response line or event: 1..32 of ALPHA / DIGIT / "-" / "+", no leading or
/// trailing "-" (RFC 3435 §2.1.7; "X-" / "X+" mark experimental packages).
bool valid_package_name(std::string_view name) noexcept;

// -- semantic checks ----------------------------------------------------------------------------

/// The parameters a command must carry (RFC 3435 §2.3): RSIP needs RM (§2.3.12), RQNT needs X
/// (§2.3.3), NTFY needs X and O (§2.3.4), CRCX needs C and M (§2.3.5), MDCX needs C and I
/// (§2.3.6), AUCX needs I (§2.3.11). Also rejects a parameter code present twice (a
/// security measure: no second X-RESP behind the first). errc::malformed with the detail
/// naming what is missing; the offset is 0.
result<void> validate(const command& c);

/// Rejects duplicate parameter codes in a response (as for commands).
result<void> validate(const response& r);

/// Case-insensitive ASCII equality (inline: parameter codes are compared on every look-up).
inline bool iequals(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const char x = a[i], y = b[i];
    // Equal, or the same ASCII letter in the other case (they differ in bit 0x20 only).
    if (x != y && ((x | 0x20) != (y | 0x20) || unsigned((x | 0x20) - 'a') > 25u)) return false;
  }
  return true;
}

} // namespace ngn::mgcp
