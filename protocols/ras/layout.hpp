// The SEQUENCE of each RAS message as data (H.225.0 12/2009 §7, ASN.1 module H323-MESSAGES): its
// root components in order and the extension additions the model names, with their indices; the
// others are kept verbatim (message.hpp). sequence.hpp decodes and encodes from these. Not a
// public API.
#pragma once

#include "protocols/ras/sequence.hpp"

namespace ngn::ras::detail {

/// The additions every RAS message has, at their indices in its list: tokens, cryptoTokens and
/// integrityCheckValue (H.235.0 security) and genericData.
template <class M>
constexpr auto common_additions_at(std::uint32_t tokens, std::uint32_t crypto_tokens,
                                std::uint32_t integrity_check_value, std::uint32_t generic_data) {
  return std::make_tuple(at(tokens, &M::tokens), at(crypto_tokens, &M::crypto_tokens),
                         at(integrity_check_value, &M::integrity_check_value),
                         at(generic_data, &M::generic_data));
}

// GatekeeperRequest ::= SEQUENCE {requestSeqNum, protocolIdentifier, nonStandardData OPTIONAL,
// rasAddress, endpointType, gatekeeperIdentifier OPTIONAL, callServices OPTIONAL, endpointAlias
// OPTIONAL, ..., 12 additions}
template <>
struct layout<gatekeeper_request> : sequence<gatekeeper_request, 12> {
  static constexpr auto root = std::make_tuple(
    &M::request_seq_num, &M::protocol_identifier, &M::non_standard_data, &M::ras_address,
    &M::endpoint_type, &M::gatekeeper_identifier, &M::call_services, &M::endpoint_alias);
  static constexpr auto extension = std::tuple_cat(
    common_additions_at<M>(1, 2, 6, 9),
    std::make_tuple(at(3, &M::authentication_capability), at(4, &M::algorithm_oids),
                    null_at(7, &M::supports_alt_gk), at(10, &M::supports_assigned_gk)));
};

// GatekeeperConfirm ::= SEQUENCE {requestSeqNum, protocolIdentifier, nonStandardData OPTIONAL,
// gatekeeperIdentifier OPTIONAL, rasAddress, ..., 11 additions}
template <>
struct layout<gatekeeper_confirm> : sequence<gatekeeper_confirm, 11> {
  static constexpr auto root =
    std::make_tuple(&M::request_seq_num, &M::protocol_identifier, &M::non_standard_data,
                    &M::gatekeeper_identifier, &M::ras_address);
  static constexpr auto extension =
    std::tuple_cat(common_additions_at<M>(2, 3, 6, 8),
                   std::make_tuple(at(1, &M::authentication_mode), at(4, &M::algorithm_oid)));
};

// GatekeeperReject ::= SEQUENCE {requestSeqNum, protocolIdentifier, nonStandardData OPTIONAL,
// gatekeeperIdentifier OPTIONAL, rejectReason, ..., 6 additions}
template <>
struct layout<gatekeeper_reject> : sequence<gatekeeper_reject, 6> {
  static constexpr auto root =
    std::make_tuple(&M::request_seq_num, &M::protocol_identifier, &M::non_standard_data,
                    &M::gatekeeper_identifier, &M::reject_reason);
  static constexpr auto extension = common_additions_at<M>(1, 2, 3, 5);
};

// RegistrationRequest ::= SEQUENCE {requestSeqNum, protocolIdentifier, nonStandardData OPTIONAL,
// discoveryComplete, callSignalAddress, rasAddress, terminalType, terminalAlias OPTIONAL,
// gatekeeperIdentifier OPTIONAL, endpointVendor, ..., 27 additions}
template <>
struct layout<registration_request> : sequence<registration_request, 27> {
  static constexpr auto root = std::make_tuple(
    &M::request_seq_num, &M::protocol_identifier, &M::non_standard_data, &M::discovery_complete,
    &M::call_signal_address, &M::ras_address, &M::terminal_type, &M::terminal_alias,
    &M::gatekeeper_identifier, &M::endpoint_vendor);
  static constexpr auto extension = std::tuple_cat(
    common_additions_at<M>(2, 3, 4, 20),
    std::make_tuple(at(1, &M::time_to_live), at(5, &M::keep_alive), at(6, &M::endpoint_identifier),
                    at(7, &M::will_supply_uuies), at(8, &M::maintain_connection),
                    null_at(10, &M::additive_registration), null_at(12, &M::supports_alt_gk),
                    at(14, &M::multiple_calls), null_at(21, &M::restart),
                    null_at(22, &M::supports_acf_sequences), at(23, &M::supports_assigned_gk)));
};

// RegistrationConfirm ::= SEQUENCE {requestSeqNum, protocolIdentifier, nonStandardData OPTIONAL,
// callSignalAddress, terminalAlias OPTIONAL, gatekeeperIdentifier OPTIONAL, endpointIdentifier,
// ..., 20 additions}
template <>
struct layout<registration_confirm> : sequence<registration_confirm, 20> {
  static constexpr auto root = std::make_tuple(
    &M::request_seq_num, &M::protocol_identifier, &M::non_standard_data, &M::call_signal_address,
    &M::terminal_alias, &M::gatekeeper_identifier, &M::endpoint_identifier);
  static constexpr auto extension = std::tuple_cat(
    common_additions_at<M>(2, 3, 4, 16),
    std::make_tuple(at(1, &M::time_to_live), at(5, &M::will_respond_to_irr),
                    at(7, &M::maintain_connection), null_at(9, &M::supports_additive_registration),
                    at(13, &M::feature_server_alias)));
};

// RegistrationReject ::= SEQUENCE {requestSeqNum, protocolIdentifier, nonStandardData OPTIONAL,
// rejectReason, gatekeeperIdentifier OPTIONAL, ..., 7 additions}
template <>
struct layout<registration_reject> : sequence<registration_reject, 7> {
  static constexpr auto root =
    std::make_tuple(&M::request_seq_num, &M::protocol_identifier, &M::non_standard_data,
                    &M::reject_reason, &M::gatekeeper_identifier);
  static constexpr auto extension = common_additions_at<M>(1, 2, 3, 5);
};

// UnregistrationRequest ::= SEQUENCE {requestSeqNum, callSignalAddress, endpointAlias OPTIONAL,
// nonStandardData OPTIONAL, endpointIdentifier OPTIONAL, ..., 11 additions} (§7.6.2)
template <>
struct layout<unregistration_request> : sequence<unregistration_request, 11> {
  static constexpr auto root =
    std::make_tuple(&M::request_seq_num, &M::call_signal_address, &M::endpoint_alias,
                    &M::non_standard_data, &M::endpoint_identifier);
  static constexpr auto extension =
    std::tuple_cat(common_additions_at<M>(2, 3, 4, 9),
                   std::make_tuple(at(1, &M::gatekeeper_identifier), at(5, &M::reason)));
};

// UnregistrationConfirm ::= SEQUENCE {requestSeqNum, nonStandardData OPTIONAL, ..., 5 additions}
template <>
struct layout<unregistration_confirm> : sequence<unregistration_confirm, 5> {
  static constexpr auto root = std::make_tuple(&M::request_seq_num, &M::non_standard_data);
  static constexpr auto extension = common_additions_at<M>(0, 1, 2, 3);
};

// UnregistrationReject ::= SEQUENCE {requestSeqNum, rejectReason, nonStandardData OPTIONAL, ...,
// 5 additions}
template <>
struct layout<unregistration_reject> : sequence<unregistration_reject, 5> {
  static constexpr auto root =
    std::make_tuple(&M::request_seq_num, &M::reject_reason, &M::non_standard_data);
  static constexpr auto extension = common_additions_at<M>(1, 2, 3, 4);
};

} // namespace ngn::ras::detail
