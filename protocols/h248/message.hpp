// H.248.1 (Megaco) message model, named after the H.248.1 Annex A ASN.1 (MegacoMessage,
// Transaction, ActionRequest, CommandRequest ...) in the style of Erlang/OTP megaco's records, and
// the entry points of the text codec (H.248.1 Annex B = RFC 3525 Annex B). The model owns its data.
//
// Supported subset (everything else parses to errc::unsupported, never silently dropped):
//  - messages `MEGACO/v mId` (or compact `!/v`), v = 1..3, body = transactions or an error
//    descriptor;
//  - Transaction, Reply (with ImmAckRequired), Pending; not TransactionResponseAck, not segments;
//  - actions `Context = ID { ... }` without context properties/audit;
//  - commands ServiceChange, Add/Move/Modify (Events and Signals descriptors only), Subtract
//    (without audit descriptor), Notify; no Audit commands, no "O-"/"W-" prefixes, one
//    TerminationID per command (the v1 grammar; the v2 `[a, b]` list is unsupported);
//  - replies ServiceChange (Services or Error), Add/Move/Modify/Subtract (optionally with an
//    Error and/or an ObservedEvents descriptor as terminationAudit; other terminationAudit
//    descriptors are unsupported) and Notify (optionally with an Error descriptor);
//  - parameters `name = VALUE` (quotedString or SafeChars); the INEQUAL, list and range forms of
//    parmValue and the special items Embed, KeepActive, DigitMap, NotifyCompletion, SignalList are
//    unsupported. Stream/SignalType/Duration are kept as ordinary parameters, named as written.
#pragma once

#include "protocols/common/result.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace ngn::h248 {

// -- limits (errc::limit_exceeded on parse and encode) -------------------------------------------

/// Largest message parse() accepts and encode() produces (one UDP datagram).
inline constexpr std::size_t max_message_size = 65536;
/// Transactions per message.
inline constexpr std::size_t max_transactions = 16;
/// Actions per transaction (request or reply).
inline constexpr std::size_t max_actions = 16;
/// Commands (or command replies) per action.
inline constexpr std::size_t max_commands = 16;
/// Requested events, signals or observed events per descriptor.
inline constexpr std::size_t max_items = 32;
/// Parameters per event/signal, and serviceChangeParms per Services descriptor.
inline constexpr std::size_t max_params = 32;

// -- reserved identifiers (H.248.1 Annex A ContextID, RequestID; §6.2.2 TerminationID) -----------

inline constexpr std::uint32_t null_context_id = 0;            ///< text "-"
inline constexpr std::uint32_t choose_context_id = 0xFFFFFFFE; ///< text "$"
inline constexpr std::uint32_t all_context_id = 0xFFFFFFFF;    ///< text "*"
inline constexpr std::uint32_t all_request_id = 0xFFFFFFFF;    ///< text "*"
inline constexpr std::string_view root_termination_id = "ROOT";

// -- items ---------------------------------------------------------------------------------------

/// eventOther / sigOther / extension (Annex B): `name = VALUE`. `value` is stored without the
/// quotes; `quoted` says whether it was (or is to be) a quotedString. Unquoted values must be
/// 1*(SafeChar / %x80-FF); make_parameter() picks the form for you.
struct parameter {
  std::string name;
  std::string value;
  bool quoted = false;
};

/// TimeNotation: TimeStamp = Date "T" Time, date yyyymmdd and time hhmmssss (8 digits each).
struct time_notation {
  std::string date;
  std::string time;
};

/// ErrorDescriptor: `Error = code { "text" }` (code 1*4 DIGIT; `{ }` parses to an empty text).
struct error_descriptor {
  std::uint16_t error_code = 0;
  std::string error_text;
};

/// RequestedEvent: pkgdName [{ eventParameter, ... }].
struct requested_event {
  std::string pkgd_name;
  std::vector<parameter> params;
};

/// EventsDescriptor: `Events` (empty) or `Events = RequestID { requestedEvent, ... }`.
/// request_id is present iff events is non-empty.
struct events_descriptor {
  std::optional<std::uint32_t> request_id;
  std::vector<requested_event> events;
};

/// Signal (Annex B signalRequest): signalName [{ sigParameter, ... }].
struct signal_request {
  std::string signal_name;
  std::vector<parameter> params;
};

/// SignalsDescriptor: `Signals { signalRequest, ... }` (may be empty).
struct signals_descriptor {
  std::vector<signal_request> signals;
};

/// ObservedEvent: [TimeStamp :] pkgdName [{ observedEventParameter, ... }].
struct observed_event {
  std::string pkgd_name;
  std::vector<parameter> params;
  std::optional<time_notation> timestamp;
};

/// ObservedEventsDescriptor: `ObservedEvents = RequestID { observedEvent, ... }` (at least one).
struct observed_events_descriptor {
  std::uint32_t request_id = 0;
  std::vector<observed_event> events;
};

/// ServiceChangeMethod; `extension` means method_extension holds an "X-"/"X+" name.
enum class service_change_method : std::uint8_t {
  failover,
  forced,
  graceful,
  restart,
  disconnected,
  handoff,
  extension,
};

/// serviceChangeProfile: NAME "/" Version (e.g. ResGW/1).
struct service_change_profile {
  std::string name;
  std::uint8_t version = 1;
};

/// ServiceChangeParm (the Services descriptor of a ServiceChange request). Method and Reason are
/// REQUIRED (Annex B serviceChangeParm); Reason is always sent as a quotedString.
struct service_change_parm {
  service_change_method method = service_change_method::restart;
  std::string method_extension; ///< "X-..." iff method == extension
  std::string reason;           ///< e.g. "901 Cold Boot"; must not be empty
  std::optional<std::uint32_t> delay;
  std::optional<std::string> address; ///< serviceChangeAddress: mId or portNumber
  std::optional<service_change_profile> profile;
  std::optional<std::uint8_t> version; ///< 0..99
  std::optional<std::string> mgc_id;   ///< MgcIdToTry: mId
  std::optional<time_notation> timestamp;
  std::vector<parameter> extensions; ///< `X-NAME = value` (name per extensionParameter)
};

/// ServiceChangeResParm (the Services descriptor of a ServiceChange reply).
struct service_change_res_parm {
  std::optional<std::string> mgc_id;
  std::optional<std::string> address;
  std::optional<std::uint8_t> version;
  std::optional<service_change_profile> profile;
  std::optional<time_notation> timestamp;

  bool empty() const noexcept {
    return !mgc_id && !address && !version && !profile && !timestamp;
  }
};

// -- commands ------------------------------------------------------------------------------------

/// ServiceChangeRequest.
struct service_change_request {
  std::string termination_id;
  service_change_parm service_change_parms;
};

enum class amm_kind : std::uint8_t { add, move, modify };

/// AmmRequest (Add / Move / Modify) with the descriptors of the supported subset.
struct amm_request {
  amm_kind kind = amm_kind::modify;
  std::string termination_id;
  std::optional<events_descriptor> events;
  std::optional<signals_descriptor> signals;
};

/// SubtractRequest (without audit descriptor).
struct subtract_request {
  std::string termination_id;
};

/// NotifyRequest.
struct notify_request {
  std::string termination_id;
  observed_events_descriptor observed_events;
  std::optional<error_descriptor> error;
};

/// Command (CommandRequest.command).
using command_request =
  std::variant<service_change_request, amm_request, subtract_request, notify_request>;

/// ServiceChangeReply: error, Services parameters, or neither (bare `ServiceChange = ROOT`).
struct service_change_reply {
  std::string termination_id;
  std::optional<error_descriptor> error; ///< exclusive with a non-empty res_parms
  service_change_res_parm res_parms;
};

enum class amms_kind : std::uint8_t { add, move, modify, subtract };

/// AmmsReply (Add / Move / Modify / Subtract reply), optionally carrying a terminationAudit of an
/// error descriptor and/or an observed events descriptor (Annex B auditReturnParameter); encoded
/// in that order.
struct amms_reply {
  amms_kind kind = amms_kind::modify;
  std::string termination_id;
  std::optional<error_descriptor> error;
  std::optional<observed_events_descriptor> observed_events;
};

/// NotifyReply.
struct notify_reply {
  std::string termination_id;
  std::optional<error_descriptor> error;
};

/// CommandReply.
using command_reply = std::variant<service_change_reply, amms_reply, notify_reply>;

// -- actions, transactions, message --------------------------------------------------------------

/// ActionRequest: `Context = ID { command, ... }` (at least one command).
struct action_request {
  std::uint32_t context_id = null_context_id;
  std::vector<command_request> commands;
};

/// ActionReply: command replies and/or a trailing error descriptor (at least one of the two).
struct action_reply {
  std::uint32_t context_id = null_context_id;
  std::vector<command_reply> command_replies;
  std::optional<error_descriptor> error;
};

/// TransactionRequest (at least one action).
struct transaction_request {
  std::uint32_t transaction_id = 0;
  std::vector<action_request> actions;
};

/// TransactionReply: exactly one of `error` and a non-empty `action_replies`.
struct transaction_reply {
  std::uint32_t transaction_id = 0;
  bool imm_ack_required = false;
  std::optional<error_descriptor> error;
  std::vector<action_reply> action_replies;
};

/// TransactionPending.
struct transaction_pending {
  std::uint32_t transaction_id = 0;
};

using transaction = std::variant<transaction_request, transaction_reply, transaction_pending>;

/// Message: `MEGACO/version mId` and a body of exactly one of: a non-empty transaction list, or an
/// error descriptor. `mid` is the mId text, e.g. "[192.0.2.10]:2944", "<mgc.example>", "mg1".
struct message {
  std::uint8_t version = 1;
  std::string mid;
  std::vector<transaction> transactions;
  std::optional<error_descriptor> error;
};

// -- equality (round-trip tests and callers) -----------------------------------------------------

bool operator==(const parameter& a, const parameter& b) noexcept;
bool operator==(const time_notation& a, const time_notation& b) noexcept;
bool operator==(const error_descriptor& a, const error_descriptor& b) noexcept;
bool operator==(const requested_event& a, const requested_event& b) noexcept;
bool operator==(const events_descriptor& a, const events_descriptor& b) noexcept;
bool operator==(const signal_request& a, const signal_request& b) noexcept;
bool operator==(const signals_descriptor& a, const signals_descriptor& b) noexcept;
bool operator==(const observed_event& a, const observed_event& b) noexcept;
bool operator==(const observed_events_descriptor& a, const observed_events_descriptor& b) noexcept;
bool operator==(const service_change_profile& a, const service_change_profile& b) noexcept;
bool operator==(const service_change_parm& a, const service_change_parm& b) noexcept;
bool operator==(const service_change_res_parm& a, const service_change_res_parm& b) noexcept;
bool operator==(const service_change_request& a, const service_change_request& b) noexcept;
bool operator==(const amm_request& a, const amm_request& b) noexcept;
bool operator==(const subtract_request& a, const subtract_request& b) noexcept;
bool operator==(const notify_request& a, const notify_request& b) noexcept;
bool operator==(const service_change_reply& a, const service_change_reply& b) noexcept;
bool operator==(const amms_reply& a, const amms_reply& b) noexcept;
bool operator==(const notify_reply& a, const notify_reply& b) noexcept;
bool operator==(const action_request& a, const action_request& b) noexcept;
bool operator==(const action_reply& a, const action_reply& b) noexcept;
bool operator==(const transaction_request& a, const transaction_request& b) noexcept;
bool operator==(const transaction_reply& a, const transaction_reply& b) noexcept;
bool operator==(const transaction_pending& a, const transaction_pending& b) noexcept;
bool operator==(const message& a, const message& b) noexcept;

inline bool operator!=(const parameter& a, const parameter& b) noexcept {
  return !(a == b);
}
inline bool operator!=(const time_notation& a, const time_notation& b) noexcept {
  return !(a == b);
}
inline bool operator!=(const error_descriptor& a, const error_descriptor& b) noexcept {
  return !(a == b);
}
inline bool operator!=(const requested_event& a, const requested_event& b) noexcept {
  return !(a == b);
}
inline bool operator!=(const events_descriptor& a, const events_descriptor& b) noexcept {
  return !(a == b);
}
inline bool operator!=(const signal_request& a, const signal_request& b) noexcept {
  return !(a == b);
}
inline bool operator!=(const signals_descriptor& a, const signals_descriptor& b) noexcept {
  return !(a == b);
}
inline bool operator!=(const observed_event& a, const observed_event& b) noexcept {
  return !(a == b);
}
inline bool operator!=(const observed_events_descriptor& a,
                       const observed_events_descriptor& b) noexcept {
  return !(a == b);
}
inline bool operator!=(const service_change_profile& a, const service_change_profile& b) noexcept {
  return !(a == b);
}
inline bool operator!=(const service_change_parm& a, const service_change_parm& b) noexcept {
  return !(a == b);
}
inline bool operator!=(const service_change_res_parm& a,
                       const service_change_res_parm& b) noexcept {
  return !(a == b);
}
inline bool operator!=(const service_change_request& a, const service_change_request& b) noexcept {
  return !(a == b);
}
inline bool operator!=(const amm_request& a, const amm_request& b) noexcept {
  return !(a == b);
}
inline bool operator!=(const subtract_request& a, const subtract_request& b) noexcept {
  return !(a == b);
}
inline bool operator!=(const notify_request& a, const notify_request& b) noexcept {
  return !(a == b);
}
inline bool operator!=(const service_change_reply& a, const service_change_reply& b) noexcept {
  return !(a == b);
}
inline bool operator!=(const amms_reply& a, const amms_reply& b) noexcept {
  return !(a == b);
}
inline bool operator!=(const notify_reply& a, const notify_reply& b) noexcept {
  return !(a == b);
}
inline bool operator!=(const action_request& a, const action_request& b) noexcept {
  return !(a == b);
}
inline bool operator!=(const action_reply& a, const action_reply& b) noexcept {
  return !(a == b);
}
inline bool operator!=(const transaction_request& a, const transaction_request& b) noexcept {
  return !(a == b);
}
inline bool operator!=(const transaction_reply& a, const transaction_reply& b) noexcept {
  return !(a == b);
}
inline bool operator!=(const transaction_pending& a, const transaction_pending& b) noexcept {
  return !(a == b);
}
inline bool operator!=(const message& a, const message& b) noexcept {
  return !(a == b);
}

// -- codec (H.248.1 Annex B text) ----------------------------------------------------------------

/// Parses one text-encoded message (pretty or compact tokens, any LWSP and `;` comments).
/// Never throws; errc::incomplete if the input ends early, errc::malformed on a grammar violation,
/// errc::unsupported outside the subset above, errc::limit_exceeded beyond the limits above.
[[nodiscard]] result<message> parse(std::string_view text);

/// Encodes `msg` in long-token pretty form: 2-space indentation, CRLF line ends, one item per
/// line (the layout of reference/wire-bindings.md §4.1). errc::invalid_model if the model violates
/// the grammar or the invariants documented on the types; errc::limit_exceeded beyond the limits.
[[nodiscard]] result<std::string> encode(const message& msg);

/// As encode(), appending to `out` (lets a caller reuse its buffer). On error `out` is left with
/// its original contents.
[[nodiscard]] result<void> encode(const message& msg, std::string& out);

} // namespace ngn::h248
