// Convenience constructors and accessors for the H.248 model (for bindings and tests). They build
// plain model values; encode() still checks every constraint.
#pragma once

#include "protocols/common/hex.hpp"
#include "protocols/h248/message.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ngn::h248 {

/// Error codes of H.248.8 used by this project.
namespace error_code {
inline constexpr std::uint16_t syntax_error = 400;          ///< "Syntax Error"
inline constexpr std::uint16_t protocol_error = 401;        ///< "Protocol Error"
inline constexpr std::uint16_t unauthorized = 402;          ///< "Unauthorized"
inline constexpr std::uint16_t version_not_supported = 406; ///< "Version Not Supported"
inline constexpr std::uint16_t unknown_termination = 430;   ///< "Unknown TerminationID"
inline constexpr std::uint16_t internal_failure = 500;      ///< "Internal software Failure in MG"
inline constexpr std::uint16_t not_implemented = 501;       ///< "Not Implemented"
inline constexpr std::uint16_t not_ready = 502;             ///< "Not ready"
} // namespace error_code

/// ServiceChangeReason values (H.248.1 §7.2.8.1.5), quoted on the wire.
namespace reason {
inline constexpr std::string_view service_restored = "900 Service Restored";
inline constexpr std::string_view cold_boot = "901 Cold Boot";
inline constexpr std::string_view warm_boot = "902 Warm Boot";
inline constexpr std::string_view mgc_directed_change = "903 MGC Directed Change";
inline constexpr std::string_view out_of_service = "905 Termination taken out of service";
} // namespace reason

/// The inactivity timer package (H.248.14, PackageID it = 0x0045): event ito (Inactivity
/// Timeout, 0x0001), requested with the EventsDescriptor parameter mit (Maximum Inactivity Time,
/// 0x0001, integer, units of 10 ms); its ObservedEventsDescriptor has no parameters.
namespace inactivity {
inline constexpr std::string_view package_name = "it";
inline constexpr std::string_view timeout = "it/ito";
inline constexpr std::string_view max_inactivity_time = "mit";
} // namespace inactivity

// -- parameters ----------------------------------------------------------------------------------

/// `name = value`, quoted exactly when `value` is not 1*(SafeChar / %x80-FF).
parameter make_parameter(std::string name, std::string value);
/// `name = <lower-case hex>` (wire-bindings.md §4.2: binary data as hex).
parameter make_hex_parameter(std::string name, const std::uint8_t* data, std::size_t n);
template <class Bytes>
parameter make_hex_parameter(std::string name, const Bytes& b) {
  return make_hex_parameter(std::move(name), b.data(), b.size());
}
/// `name = <decimal>`.
parameter make_uint_parameter(std::string name, std::uint32_t v);

/// The first parameter called `name` (case-insensitive, Annex B names), or nullptr.
const parameter* find_parameter(const std::vector<parameter>& ps, std::string_view name) noexcept;
/// The hex value of parameter `name` as bytes; nullopt if absent or not hex.
std::optional<bytes> hex_parameter(const std::vector<parameter>& ps, std::string_view name);
/// The UINT32 value of parameter `name`; nullopt if absent or not a number.
std::optional<std::uint32_t> uint_parameter(const std::vector<parameter>& ps,
                                            std::string_view name);

/// "yyyymmddThhmmssss" to a time_notation; nullopt if malformed.
std::optional<time_notation> make_time_notation(std::string_view text);

// -- commands and replies ------------------------------------------------------------------------

/// ServiceChangeParm with Method = Restart and the given (non-empty) Reason.
service_change_parm make_restart(std::string reason_text);

command_request make_service_change(std::string termination_id, service_change_parm parms);
/// Modify (or Add / Move via `kind`) with optional Events and Signals descriptors.
command_request make_modify(std::string termination_id, std::optional<events_descriptor> events,
                            std::optional<signals_descriptor> signals,
                            amm_kind kind = amm_kind::modify);
events_descriptor make_events(std::uint32_t request_id, std::vector<requested_event> events);
signals_descriptor make_signals(std::vector<signal_request> signals);
command_request make_notify(std::string termination_id, std::uint32_t request_id,
                            std::vector<observed_event> events);

command_reply make_service_change_reply(std::string termination_id,
                                        service_change_res_parm res_parms);
command_reply make_service_change_reply(std::string termination_id, error_descriptor error);
/// Modify reply (or another AmmsReply via `kind`), optionally with an error descriptor.
command_reply make_modify_reply(std::string termination_id,
                                std::optional<error_descriptor> error = std::nullopt,
                                amms_kind kind = amms_kind::modify);
command_reply make_notify_reply(std::string termination_id,
                                std::optional<error_descriptor> error = std::nullopt);

// -- messages ------------------------------------------------------------------------------------

/// MEGACO/1 mid, Transaction = id { Context = context_id { command } }.
message make_request(std::string mid, std::uint32_t transaction_id, command_request command,
                     std::uint32_t context_id = null_context_id);
/// MEGACO/1 mid, Reply = id { Context = context_id { reply } }.
message make_reply(std::string mid, std::uint32_t transaction_id, command_reply reply,
                   std::uint32_t context_id = null_context_id);
/// MEGACO/1 mid, Reply = id { Error = code { "text" } } (transaction-level error).
message make_error_reply(std::string mid, std::uint32_t transaction_id, error_descriptor error);

// -- access --------------------------------------------------------------------------------------

/// The transaction's TransactionID (every kind has one).
std::uint32_t transaction_id(const transaction& t) noexcept;

/// The first command of type Command (service_change_request, amm_request, ...) in any
/// transaction request of `m`, or nullptr.
template <class Command>
const Command* find_command(const message& m) noexcept {
  for (const transaction& t : m.transactions)
    if (auto* rq = std::get_if<transaction_request>(&t))
      for (const action_request& a : rq->actions)
        for (const command_request& c : a.commands)
          if (auto* x = std::get_if<Command>(&c)) return x;
  return nullptr;
}

/// The first command reply of type Reply (service_change_reply, amms_reply, notify_reply) in any
/// transaction reply of `m`, or nullptr.
template <class Reply>
const Reply* find_command_reply(const message& m) noexcept {
  for (const transaction& t : m.transactions)
    if (auto* rp = std::get_if<transaction_reply>(&t))
      for (const action_reply& a : rp->action_replies)
        for (const command_reply& c : a.command_replies)
          if (auto* x = std::get_if<Reply>(&c)) return x;
  return nullptr;
}

/// The first error descriptor anywhere in `m` (message body, transaction reply, action reply,
/// command reply, notify request), or nullptr: the negative answers of the flow.
const error_descriptor* find_error(const message& m) noexcept;

} // namespace ngn::h248
