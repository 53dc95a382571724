// The H.225.0 RAS messages of the registration flow (GRQ/GCF/GRJ, RRQ/RCF/RRJ, URQ/UCF/URJ),
// named after the ASN.1 of H.225.0 (12/2009) §7 (wire-bindings.md §5.1). OPTIONAL components are
// std::optional, CHOICEs std::variant. Extension additions this model does not name are kept
// verbatim in `extensions` (by index) so that decode → encode reproduces them exactly.
//
// Mandatory extension additions (BOOLEANs that are not OPTIONAL: supportsAssignedGK, keepAlive,
// willSupplyUUIEs, maintainConnection, willRespondToIRR) are plain bools: the encoder sends them
// whenever the message carries any extension addition (wire-bindings.md §5.5, "Strict encoders
// require them"); a received message without them decodes them as false.
#pragma once

#include "protocols/ras/h235.hpp"
#include "protocols/ras/types.hpp"

namespace ngn::ras {

/// SecurityErrors: the root NULL alternatives, in order.
enum class security_error : std::uint8_t {
  security_wrong_sync_time, security_replay, security_wrong_general_id, security_wrong_senders_id,
  security_integrity_failed, security_wrong_oid, security_dh_mismatch,
  security_certificate_expired, security_certificate_date_invalid, security_certificate_revoked,
  security_certificate_not_readable, security_certificate_signature_invalid,
  security_certificate_missing, security_certificate_incomplete,
  security_unsupported_certificate_alg_oid, security_unknown_ca,
};
std::string_view to_string(security_error e) noexcept;

/// SecurityErrors CHOICE (extensible; later alternatives kept verbatim).
using security_errors = std::variant<security_error, unknown_alternative>;

/// The NULL alternatives of GatekeeperRejectReason (root, then extension alternatives).
enum class gatekeeper_reject_code : std::uint8_t {
  resource_unavailable, terminal_excluded, invalid_revision, undefined_reason,  // root
  security_denial, generic_data_reason, needed_feature_not_supported,            // extension
};
std::string_view to_string(gatekeeper_reject_code c) noexcept;

/// GatekeeperRejectReason CHOICE: the NULL alternatives, securityError, later ones verbatim.
using gatekeeper_reject_reason =
  std::variant<gatekeeper_reject_code, security_errors, unknown_alternative>;

/// The NULL alternatives of RegistrationRejectReason (root, then extension alternatives).
enum class registration_reject_code : std::uint8_t {
  discovery_required, invalid_revision, invalid_call_signal_address, invalid_ras_address,
  invalid_terminal_type, undefined_reason, transport_not_supported,             // root
  transport_qos_not_supported, resource_unavailable, invalid_alias, security_denial,
  full_registration_required, additive_registration_not_supported, generic_data_reason,
  needed_feature_not_supported, register_with_assigned_gk,                      // extension
};
std::string_view to_string(registration_reject_code c) noexcept;

/// RegistrationRejectReason.duplicateAlias SEQUENCE OF AliasAddress.
struct duplicate_alias {
  std::vector<alias_address> aliases;
  auto tie() const { return std::tie(aliases); }
};

/// RegistrationRejectReason CHOICE: the NULL alternatives, duplicateAlias, securityError;
/// invalidTerminalAliases and later alternatives kept verbatim.
using registration_reject_reason =
  std::variant<registration_reject_code, duplicate_alias, security_errors, unknown_alternative>;

/// The extension additions every RAS message has: tokens, cryptoTokens, integrityCheckValue
/// (H.235.0 security) and genericData, at indices that differ per message (noted on each); and
/// the additions the model does not name, kept verbatim by index.
struct common_additions {
  std::optional<std::vector<clear_token>> tokens;
  std::optional<std::vector<crypto_h323_token>> crypto_tokens;
  std::optional<icv> integrity_check_value;
  std::optional<std::vector<ras::generic_data>> generic_data;
  unknown_extensions extensions;
  auto tie() const {
    return std::tie(tokens, crypto_tokens, integrity_check_value, generic_data, extensions);
  }
};

/// GatekeeperRequest (GRQ). Extension additions: alternateEndpoints(0), integrity(5), featureSet(8)
/// and assignedGatekeeper(11) are kept verbatim.
/// tokens, cryptoTokens, integrityCheckValue, genericData: additions 1, 2, 6, 9.
struct gatekeeper_request : common_additions {
  std::uint16_t request_seq_num = 1;  // RequestSeqNum INTEGER (1..65535)
  object_identifier protocol_identifier;
  std::optional<non_standard_parameter> non_standard_data;
  transport_address ras_address;
  ras::endpoint_type endpoint_type;
  std::optional<std::u16string> gatekeeper_identifier;  // BMPString (SIZE (1..128))
  std::optional<qseries_options> call_services;
  std::optional<std::vector<alias_address>> endpoint_alias;
  std::optional<std::vector<authentication_mechanism>> authentication_capability;  // ext 3
  std::optional<std::vector<object_identifier>> algorithm_oids;               // ext 4
  bool supports_alt_gk = false;                                               // ext 7 (NULL)
  bool supports_assigned_gk = false;                                          // ext 10 (mandatory)
  auto tie() const {
    return std::tuple_cat(
      std::tie(request_seq_num, protocol_identifier, non_standard_data, ras_address, endpoint_type,
               gatekeeper_identifier, call_services, endpoint_alias, authentication_capability,
               algorithm_oids, supports_alt_gk, supports_assigned_gk),
      common_additions::tie());
  }
};

/// GatekeeperConfirm (GCF). Kept verbatim: alternateGatekeeper(0), integrity(5), featureSet(7),
/// assignedGatekeeper(9), rehomingModel(10).
/// tokens, cryptoTokens, integrityCheckValue, genericData: additions 2, 3, 6, 8.
struct gatekeeper_confirm : common_additions {
  std::uint16_t request_seq_num = 1;
  object_identifier protocol_identifier;
  std::optional<non_standard_parameter> non_standard_data;
  std::optional<std::u16string> gatekeeper_identifier;
  transport_address ras_address;
  std::optional<authentication_mechanism> authentication_mode;  // ext 1
  std::optional<object_identifier> algorithm_oid;               // ext 4
  auto tie() const {
    return std::tuple_cat(
      std::tie(request_seq_num, protocol_identifier, non_standard_data, gatekeeper_identifier,
               ras_address, authentication_mode, algorithm_oid),
      common_additions::tie());
  }
};

/// GatekeeperReject (GRJ). Kept verbatim: altGKInfo(0), featureSet(4).
/// tokens, cryptoTokens, integrityCheckValue, genericData: additions 1, 2, 3, 5.
struct gatekeeper_reject : common_additions {
  std::uint16_t request_seq_num = 1;
  object_identifier protocol_identifier;
  std::optional<non_standard_parameter> non_standard_data;
  std::optional<std::u16string> gatekeeper_identifier;
  gatekeeper_reject_reason reject_reason = gatekeeper_reject_code::undefined_reason;
  auto tie() const {
    return std::tuple_cat(std::tie(request_seq_num, protocol_identifier, non_standard_data,
                                   gatekeeper_identifier, reject_reason),
                          common_additions::tie());
  }
};

/// RegistrationRequest (RRQ). Kept verbatim: alternateEndpoints(0), alternateTransportAddresses(9),
/// terminalAliasPattern(11), usageReportingCapability(13), supportedH248Packages(15),
/// callCreditCapability(16), capacityReportingCapability(17), capacity(18), featureSet(19),
/// assignedGatekeeper(24), transportQOS(25), language(26).
/// tokens, cryptoTokens, integrityCheckValue, genericData: additions 2, 3, 4, 20.
struct registration_request : common_additions {
  std::uint16_t request_seq_num = 1;
  object_identifier protocol_identifier;
  std::optional<non_standard_parameter> non_standard_data;
  bool discovery_complete = false;
  std::vector<transport_address> call_signal_address;
  std::vector<transport_address> ras_address;
  endpoint_type terminal_type;
  std::optional<std::vector<alias_address>> terminal_alias;
  std::optional<std::u16string> gatekeeper_identifier;
  vendor_identifier endpoint_vendor;
  std::optional<std::uint32_t> time_to_live;                    // ext 1, INTEGER (1..4294967295)
  bool keep_alive = false;                                      // ext 5 (mandatory)
  std::optional<std::u16string> endpoint_identifier;            // ext 6
  bool will_supply_uuies = false;                               // ext 7 (mandatory)
  bool maintain_connection = false;                             // ext 8 (mandatory)
  bool additive_registration = false;                           // ext 10 (NULL)
  bool supports_alt_gk = false;                                 // ext 12 (NULL)
  std::optional<bool> multiple_calls;                           // ext 14
  bool restart = false;                                         // ext 21 (NULL)
  bool supports_acf_sequences = false;                          // ext 22 (NULL)
  bool supports_assigned_gk = false;                            // ext 23 (mandatory)
  auto tie() const {
    return std::tuple_cat(
      std::tie(request_seq_num, protocol_identifier, non_standard_data, discovery_complete,
               call_signal_address, ras_address, terminal_type, terminal_alias,
               gatekeeper_identifier, endpoint_vendor, time_to_live, keep_alive,
               endpoint_identifier, will_supply_uuies, maintain_connection, additive_registration,
               supports_alt_gk, multiple_calls, restart, supports_acf_sequences,
               supports_assigned_gk),
      common_additions::tie());
  }
};

/// RegistrationConfirm (RCF). Kept verbatim: alternateGatekeeper(0), preGrantedARQ(6),
/// serviceControl(8), terminalAliasPattern(10), supportedPrefixes(11), usageSpec(12),
/// capacityReportingSpec(14), featureSet(15), assignedGatekeeper(17), rehomingModel(18),
/// transportQOS(19).
/// tokens, cryptoTokens, integrityCheckValue, genericData: additions 2, 3, 4, 16.
struct registration_confirm : common_additions {
  std::uint16_t request_seq_num = 1;
  object_identifier protocol_identifier;
  std::optional<non_standard_parameter> non_standard_data;
  std::vector<transport_address> call_signal_address;
  std::optional<std::vector<alias_address>> terminal_alias;
  std::optional<std::u16string> gatekeeper_identifier;
  std::u16string endpoint_identifier;                           // BMPString (SIZE (1..128))
  std::optional<std::uint32_t> time_to_live;                    // ext 1
  bool will_respond_to_irr = false;                             // ext 5 (mandatory)
  bool maintain_connection = false;                             // ext 7 (mandatory)
  bool supports_additive_registration = false;                  // ext 9 (NULL)
  std::optional<alias_address> feature_server_alias;            // ext 13
  auto tie() const {
    return std::tuple_cat(
      std::tie(request_seq_num, protocol_identifier, non_standard_data, call_signal_address,
               terminal_alias, gatekeeper_identifier, endpoint_identifier, time_to_live,
               will_respond_to_irr, maintain_connection, supports_additive_registration,
               feature_server_alias),
      common_additions::tie());
  }
};

/// RegistrationReject (RRJ). Kept verbatim: altGKInfo(0), featureSet(4), assignedGatekeeper(6).
/// tokens, cryptoTokens, integrityCheckValue, genericData: additions 1, 2, 3, 5.
struct registration_reject : common_additions {
  std::uint16_t request_seq_num = 1;
  object_identifier protocol_identifier;
  std::optional<non_standard_parameter> non_standard_data;
  registration_reject_reason reject_reason = registration_reject_code::undefined_reason;
  std::optional<std::u16string> gatekeeper_identifier;
  auto tie() const {
    return std::tuple_cat(std::tie(request_seq_num, protocol_identifier, non_standard_data,
                                   reject_reason, gatekeeper_identifier),
                          common_additions::tie());
  }
};

/// The NULL alternatives of UnregRequestReason (root, then extension alternatives 0 and 2).
enum class unreg_request_code : std::uint8_t {
  reregistration_required, ttl_expired, security_denial, undefined_reason,  // root
  maintenance, register_with_assigned_gk,                                   // extension
};
std::string_view to_string(unreg_request_code c) noexcept;

/// UnregRequestReason CHOICE: the NULL alternatives; securityError (SecurityErrors2, extension 1)
/// and later alternatives are kept verbatim.
using unreg_request_reason = std::variant<unreg_request_code, unknown_alternative>;

/// The NULL alternatives of UnregRejectReason (root, then extension alternatives 0 and 1).
enum class unreg_reject_code : std::uint8_t {
  not_currently_registered, call_in_progress, undefined_reason,  // root
  permission_denied, security_denial,                            // extension
};
std::string_view to_string(unreg_reject_code c) noexcept;

/// UnregRejectReason CHOICE: the NULL alternatives; securityError (SecurityErrors2, extension 2)
/// and later alternatives are kept verbatim.
using unreg_reject_reason = std::variant<unreg_reject_code, unknown_alternative>;

/// UnregistrationRequest (URQ). It has no protocolIdentifier. Kept verbatim:
/// alternateEndpoints(0), endpointAliasPattern(6), supportedPrefixes(7), alternateGatekeeper(8),
/// assignedGatekeeper(10).
/// tokens, cryptoTokens, integrityCheckValue, genericData: additions 2, 3, 4, 9.
struct unregistration_request : common_additions {
  std::uint16_t request_seq_num = 1;
  std::vector<transport_address> call_signal_address;
  std::optional<std::vector<alias_address>> endpoint_alias;
  std::optional<non_standard_parameter> non_standard_data;
  std::optional<std::u16string> endpoint_identifier;            // BMPString (SIZE (1..128))
  std::optional<std::u16string> gatekeeper_identifier;          // ext 1
  std::optional<unreg_request_reason> reason;                   // ext 5
  auto tie() const {
    return std::tuple_cat(
      std::tie(request_seq_num, call_signal_address, endpoint_alias, non_standard_data,
               endpoint_identifier, gatekeeper_identifier, reason),
      common_additions::tie());
  }
};

/// UnregistrationConfirm (UCF). Kept verbatim: assignedGatekeeper(4).
/// tokens, cryptoTokens, integrityCheckValue, genericData: additions 0, 1, 2, 3.
struct unregistration_confirm : common_additions {
  std::uint16_t request_seq_num = 1;
  std::optional<non_standard_parameter> non_standard_data;
  auto tie() const {
    return std::tuple_cat(std::tie(request_seq_num, non_standard_data), common_additions::tie());
  }
};

/// UnregistrationReject (URJ). Kept verbatim: altGKInfo(0).
/// tokens, cryptoTokens, integrityCheckValue, genericData: additions 1, 2, 3, 4.
struct unregistration_reject : common_additions {
  std::uint16_t request_seq_num = 1;
  unreg_reject_reason reject_reason = unreg_reject_code::undefined_reason;
  std::optional<non_standard_parameter> non_standard_data;
  auto tie() const {
    return std::tuple_cat(std::tie(request_seq_num, reject_reason, non_standard_data),
                          common_additions::tie());
  }
};

using grq = gatekeeper_request;
using gcf = gatekeeper_confirm;
using grj = gatekeeper_reject;
using rrq = registration_request;
using rcf = registration_confirm;
using rrj = registration_reject;
using urq = unregistration_request;
using ucf = unregistration_confirm;
using urj = unregistration_reject;

/// RasMessage CHOICE, restricted to the registration flow (the variant index is the RasMessage
/// root index 0..8); every other alternative decodes as errc::unsupported.
using ras_message = std::variant<gatekeeper_request, gatekeeper_confirm, gatekeeper_reject,
                                 registration_request, registration_confirm, registration_reject,
                                 unregistration_request, unregistration_confirm,
                                 unregistration_reject>;

/// "GRQ", "GCF", "GRJ", "RRQ", "RCF", "RRJ", "URQ", "UCF", "URJ".
std::string_view message_name(const ras_message& m) noexcept;

/// requestSeqNum of any message (responses echo the request's, H.225.0 §7.6).
std::uint16_t request_seq_num(const ras_message& m) noexcept;

} // namespace ngn::ras
