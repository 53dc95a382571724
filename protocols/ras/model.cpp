// Helpers of the RAS model: OBJECT IDENTIFIER text form, enum names, message names.
#include "protocols/ras/message.hpp"

namespace ngn::ras {

std::string to_string(const object_identifier& oid) {
  std::string out;
  for (std::size_t i = 0; i < oid.arcs.size(); ++i) {
    if (i != 0) out += '.';
    out += std::to_string(oid.arcs[i]);
  }
  return out;
}

std::optional<object_identifier> parse_oid(std::string_view dotted) {
  object_identifier oid;
  std::uint64_t arc = 0;
  bool digit = false;
  for (std::size_t i = 0; i <= dotted.size(); ++i) {
    if (i == dotted.size() || dotted[i] == '.') {
      if (!digit) return std::nullopt;
      oid.arcs.push_back(static_cast<std::uint32_t>(arc));
      arc = 0;
      digit = false;
    } else if (dotted[i] >= '0' && dotted[i] <= '9') {
      arc = arc * 10 + static_cast<std::uint64_t>(dotted[i] - '0');
      if (arc > 0xFFFFFFFFu) return std::nullopt;
      digit = true;
    } else {
      return std::nullopt;
    }
  }
  if (oid.arcs.size() < 2) return std::nullopt;
  return oid;
}

object_identifier h225_protocol_identifier(std::uint32_t version) {
  return object_identifier{{0, 0, 8, 2250, 0, version}};
}

namespace {

/// The ASN.1 name of enumerator `e`: names[e], "unknown" past the end.
template <class E, std::size_t N>
std::string_view name_of(E e, const std::string_view (&names)[N]) noexcept {
  const auto i = static_cast<std::size_t>(e);
  return i < N ? names[i] : "unknown";
}

} // namespace

std::string_view to_string(auth_mechanism m) noexcept {
  switch (m) {
    case auth_mechanism::dh_exch: return "dhExch";
    case auth_mechanism::pwd_sym_enc: return "pwdSymEnc";
    case auth_mechanism::pwd_hash: return "pwdHash";
    case auth_mechanism::cert_sign: return "certSign";
    case auth_mechanism::ipsec: return "ipsec";
    case auth_mechanism::tls: return "tls";
  }
  return "unknown";
}

std::string_view to_string(security_error e) noexcept {
  static constexpr std::string_view names[] = {
    "securityWrongSyncTime", "securityReplay", "securityWrongGeneralID",
    "securityWrongSendersID", "securityIntegrityFailed", "securityWrongOID",
    "securityDHmismatch", "securityCertificateExpired", "securityCertificateDateInvalid",
    "securityCertificateRevoked", "securityCertificateNotReadable",
    "securityCertificateSignatureInvalid", "securityCertificateMissing",
    "securityCertificateIncomplete", "securityUnsupportedCertificateAlgOID",
    "securityUnknownCA"};
  return name_of(e, names);
}

std::string_view to_string(gatekeeper_reject_code c) noexcept {
  static constexpr std::string_view names[] = {
    "resourceUnavailable", "terminalExcluded", "invalidRevision", "undefinedReason",
    "securityDenial", "genericDataReason", "neededFeatureNotSupported"};
  return name_of(c, names);
}

std::string_view to_string(registration_reject_code c) noexcept {
  static constexpr std::string_view names[] = {
    "discoveryRequired", "invalidRevision", "invalidCallSignalAddress", "invalidRASAddress",
    "invalidTerminalType", "undefinedReason", "transportNotSupported",
    "transportQOSNotSupported", "resourceUnavailable", "invalidAlias", "securityDenial",
    "fullRegistrationRequired", "additiveRegistrationNotSupported", "genericDataReason",
    "neededFeatureNotSupported", "registerWithAssignedGK"};
  return name_of(c, names);
}

std::string_view to_string(unreg_request_code c) noexcept {
  static constexpr std::string_view names[] = {"reregistrationRequired", "ttlExpired",
                                               "securityDenial", "undefinedReason",
                                               "maintenance", "registerWithAssignedGK"};
  return name_of(c, names);
}

std::string_view to_string(unreg_reject_code c) noexcept {
  static constexpr std::string_view names[] = {"notCurrentlyRegistered", "callInProgress",
                                               "undefinedReason", "permissionDenied",
                                               "securityDenial"};
  return name_of(c, names);
}

std::string_view message_name(const ras_message& m) noexcept {
  static constexpr std::string_view names[] = {"GRQ", "GCF", "GRJ", "RRQ", "RCF",
                                               "RRJ", "URQ", "UCF", "URJ"};
  return m.index() < std::size(names) ? names[m.index()] : "unknown";
}

std::uint16_t request_seq_num(const ras_message& m) noexcept {
  return std::visit([](const auto& msg) { return msg.request_seq_num; }, m);
}

} // namespace ngn::ras
