// Builders for the MGCP messages of the registration flow (DESIGN.md §1.1, MGCP column;
// reference/wire-bindings.md §3.1): the terminal is the gateway (endpoint), the soft switch the
// call agent. Each builder places its fields in a fixed order, so that with the same values it
// reproduces the wire-bindings examples byte for byte; `extra` parameters follow, in order.
// Values are carried as text: binary data as lower-case hex (ngn::to_hex).
#pragma once

#include "protocols/mgcp/event.hpp"
#include "protocols/mgcp/message.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ngn::mgcp {

/// Vendor extension parameters of the binding (RFC 3435 App. A: X- and 1-6 letters/digits;
/// non-critical "X-" so that a plain MGCP stack ignores them, wire-bindings.md §3.3).
namespace ext {
/// mechanism list with q-values (RFC 3329 syntax)
inline constexpr std::string_view secm = "X-SECM";
/// the edge's list echoed back (like RFC 3329 Security-Verify)
inline constexpr std::string_view secv = "X-SECV";
inline constexpr std::string_view chal = "X-CHAL"; ///< hex RAND ‖ AUTN
/// hex RAND of the challenge a NTFY or a key refusal answers (binds the proof to it)
inline constexpr std::string_view rand = "X-RAND";
inline constexpr std::string_view resp = "X-RESP"; ///< hex RES (second verification word)
inline constexpr std::string_view auts = "X-AUTS"; ///< hex AUTS (resynchronisation)
inline constexpr std::string_view skey = "X-SKEY"; ///< hex E_Kc(SK), for the terminal
inline constexpr std::string_view ekey = "X-EKEY"; ///< hex E_Ksp(SK), SS -> SP only
inline constexpr std::string_view mac = "X-MAC";   ///< hex message verification word
inline constexpr std::string_view rslt = "X-RSLT"; ///< result code (200, 401, 403, ...)
inline constexpr std::string_view sess = "X-SESS"; ///< session id (decimal)
inline constexpr std::string_view rsn = "X-RSN";   ///< human-readable reason of a rejection
/// the chosen mechanism, where the list X-SECM is carried too (challenge)
inline constexpr std::string_view secc = "X-SECC";
/// a proxy's verdict on X-SECV ("mismatch": the mirror differs from its list, the way a SIP
/// proxy flags a Security-Verify mismatch)
inline constexpr std::string_view vrfy = "X-VRFY";
/// the registration's lifetime in seconds, decimal (DESIGN.md §1.2): requested on RSIP and
/// NTFY, granted on the key RQNT
inline constexpr std::string_view lt = "X-LT";
/// the terminal's inbound ESP SPI (RFC 4303), decimal, on RSIP and NTFY
inline constexpr std::string_view spic = "X-SPIC";
/// the edge's inbound ESP SPI, decimal, on the challenge RQNT (and the key RQNT)
inline constexpr std::string_view spis = "X-SPIS";
} // namespace ext

/// Experimental package of the binding's events and signals (RFC 3435 §2.1.7: "X-" names are
/// experimental): X-SEC/chal (signal: challenge), X-SEC/resp (event: verification word),
/// X-SEC/auts (event: resynchronisation), X-SEC/key (signal: wrapped key).
inline constexpr std::string_view sec_package = "X-SEC";
namespace sec_event {
inline constexpr std::string_view chal = "chal";
inline constexpr std::string_view resp = "resp";
inline constexpr std::string_view auts = "auts";
inline constexpr std::string_view key = "key";
} // namespace sec_event

/// (1) registration request: RSIP (RFC 3435 §2.3.12), gateway -> call agent.
/// Order: RM, X-SECM, extra.
struct rsip_fields {
  std::uint32_t transaction_id = 0;
  std::string endpoint;                    ///< "aaln/1@term1.ngn.example"
  std::string restart_method = "restart";  ///< RM (mandatory)
  std::string mechanisms;                  ///< X-SECM, omitted when empty
  std::vector<parameter> extra;
};
command make_rsip(const rsip_fields& f);

/// What the RQNT and NTFY commands below start with (RFC 3435 §2.3.3, §2.3.4): the transaction
/// id, the endpoint, then N and X.
struct request_head {
  std::uint32_t transaction_id = 0;
  std::string endpoint;
  std::string notified_entity;  ///< N, omitted when empty ("ss@192.0.2.1:2727")
  std::string request_id;       ///< X (mandatory); a NTFY echoes the challenge RQNT's
};

/// (2) failure response with the challenge: RQNT (RFC 3435 §2.3.3), call agent -> gateway.
/// Order: N, X, R, S: X-SEC/chal(challenge), X-RSLT, X-CHAL, X-SECM, extra.
struct challenge_fields : request_head {
  std::string requested_events = "X-SEC/resp"; ///< R, omitted when empty
  std::string challenge;                       ///< hex RAND ‖ AUTN: S signal and X-CHAL
  std::uint16_t result = 401;                  ///< X-RSLT
  std::string mechanisms;                      ///< X-SECM (edge list or chosen), omitted when empty
  std::vector<parameter> extra;
};
command make_challenge(const challenge_fields& f);

/// (3) registration message with the verification word: NTFY (RFC 3435 §2.3.4), gateway -> call
/// agent. Order: N, X, O: X-SEC/resp(response) or X-SEC/auts(auts), X-RESP or X-AUTS, extra.
/// With both `response` and `auts` empty: X-SEC/resp() and an empty X-RESP (the terminal could
/// not verify the challenge, TS 24.229 §5.1.1.5.3).
struct notify_fields : request_head {
  std::string response;  ///< hex RES; when empty, `auts` is sent if set
  std::string auts;      ///< hex AUTS (resynchronisation), sent when `response` is empty
  std::vector<parameter> extra;
};
command make_notify(const notify_fields& f);

/// (4) success response with the wrapped key and MAC: RQNT, call agent -> gateway.
/// Order: N, X, R, S: X-SEC/key(wrapped_key), X-RSLT, X-SKEY, X-EKEY, X-MAC, X-SECM, extra.
struct success_fields : request_head {
  std::string requested_events = "L/hd(N)"; ///< R, omitted when empty
  std::string wrapped_key;                  ///< hex E_Kc(SK): S signal and X-SKEY
  std::uint16_t result = 200;               ///< X-RSLT
  std::string edge_key;                     ///< hex E_Ksp(SK) (SS -> SP), omitted when empty
  std::string mac;                          ///< hex MAC, omitted when empty
  std::string mechanism;                    ///< X-SECM: the chosen mechanism, omitted when empty
  std::vector<parameter> extra;
};
command make_success(const success_fields& f);

/// (5) rejection: RQNT with a failure result, call agent -> gateway.
/// Order: N, X, X-RSLT, X-RSN, extra.
struct rejection_fields : request_head {
  std::uint16_t result = 403;  ///< X-RSLT
  std::string reason;          ///< X-RSN, omitted when empty
  std::vector<parameter> extra;
};
command make_rejection(const rejection_fields& f);

/// The response that acknowledges a command (RFC 3435 §3.3): "200 <txid> OK" by default.
response make_response(std::uint32_t transaction_id, std::uint16_t code = 200,
                       std::string_view commentary = "OK", std::vector<parameter> params = {});

/// The value of X-RSLT as a number, or nullopt if absent or not 3 digits.
std::optional<std::uint16_t> result_code(const command& c);

/// The parameters of the first `X-SEC/<name>` event of parameter `code` (e.g. S, O), or nullopt;
/// a view into the value of that parameter of `c`.
std::optional<std::string_view> sec_event_parameters(const command& c, std::string_view code,
                                                     std::string_view name);

} // namespace ngn::mgcp
