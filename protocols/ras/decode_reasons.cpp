// Decoding of the reject and unregistration reasons of the RAS messages (H.225.0 12/2009 §7):
// GatekeeperRejectReason, RegistrationRejectReason, UnregRequestReason, UnregRejectReason.
#include "protocols/ras/codec_detail.hpp"

#include <iterator>

namespace ngn::ras::detail {

namespace {

// RegistrationRejectReason root: discoveryRequired, invalidRevision, invalidCallSignalAddress,
// invalidRASAddress, duplicateAlias, invalidTerminalType, undefinedReason, transportNotSupported;
// extension: transportQOSNotSupported, resourceUnavailable, invalidAlias, securityDenial,
// fullRegistrationRequired, additiveRegistrationNotSupported, invalidTerminalAliases,
// genericDataReason, neededFeatureNotSupported, securityError, registerWithAssignedGK.
constexpr int rrj_root_codes[8] = {0, 1, 2, 3, -1, 4, 5, 6};
constexpr int rrj_extension_codes[11] = {7, 8, 9, 10, 11, 12, -1, 13, 14, -2, 15};

} // namespace

// GatekeeperRejectReason ::= CHOICE {resourceUnavailable, terminalExcluded, invalidRevision,
// undefinedReason, ..., securityDenial, genericDataReason, neededFeatureNotSupported, securityError}
result<void> read(bit_reader& r, gatekeeper_reject_reason& v) {
  choice_index c;
  NGN_RAS_GET(c, r.choice(4, true));
  if (!c.extension) {
    v = static_cast<gatekeeper_reject_code>(c.index);
    return {};
  }
  if (c.index > 3) {
    NGN_RAS_GET(v, read_unknown_alternative(r, c.index));
    return {};
  }
  auto sub = r.open_type();
  if (!sub) return sub.error();
  if (c.index < 3) {  // NULL: the open type's contents (one 00 octet) carry nothing
    v = static_cast<gatekeeper_reject_code>(4 + c.index);
    return {};
  }
  security_errors e;
  NGN_RAS_TRY(read(*sub, e));
  v = std::move(e);
  return {};
}

result<void> read(bit_reader& r, registration_reject_reason& v) {
  choice_index c;
  NGN_RAS_GET(c, r.choice(8, true));
  if (!c.extension) {
    const int code = rrj_root_codes[c.index];
    if (code >= 0) {
      v = static_cast<registration_reject_code>(code);
      return {};
    }
    duplicate_alias d;
    NGN_RAS_TRY(read_list(r, d.aliases));
    v = std::move(d);
    return {};
  }
  if (c.index >= std::size(rrj_extension_codes) || rrj_extension_codes[c.index] == -1) {
    NGN_RAS_GET(v, read_unknown_alternative(r, c.index));
    return {};
  }
  auto sub = r.open_type();
  if (!sub) return sub.error();
  const int code = rrj_extension_codes[c.index];
  if (code >= 0) {
    v = static_cast<registration_reject_code>(code);
    return {};
  }
  security_errors e;
  NGN_RAS_TRY(read(*sub, e));
  v = std::move(e);
  return {};
}

// UnregRequestReason ::= CHOICE {reregistrationRequired, ttlExpired, securityDenial,
// undefinedReason, ..., maintenance, securityError SecurityErrors2, registerWithAssignedGK}
result<void> read(bit_reader& r, unreg_request_reason& v) {
  choice_index c;
  NGN_RAS_GET(c, r.choice(4, true));
  if (!c.extension) {
    v = static_cast<unreg_request_code>(c.index);
    return {};
  }
  if (c.index != 0 && c.index != 2) {  // securityError and later ones: verbatim
    NGN_RAS_GET(v, read_unknown_alternative(r, c.index));
    return {};
  }
  auto sub = r.open_type();  // NULL: the open type carries nothing
  if (!sub) return sub.error();
  v = c.index == 0 ? unreg_request_code::maintenance
                   : unreg_request_code::register_with_assigned_gk;
  return {};
}

// UnregRejectReason ::= CHOICE {notCurrentlyRegistered, callInProgress, undefinedReason, ...,
// permissionDenied, securityDenial, securityError SecurityErrors2}
result<void> read(bit_reader& r, unreg_reject_reason& v) {
  choice_index c;
  NGN_RAS_GET(c, r.choice(3, true));
  if (!c.extension) {
    v = static_cast<unreg_reject_code>(c.index);
    return {};
  }
  if (c.index > 1) {
    NGN_RAS_GET(v, read_unknown_alternative(r, c.index));
    return {};
  }
  auto sub = r.open_type();
  if (!sub) return sub.error();
  v = static_cast<unreg_reject_code>(3 + c.index);
  return {};
}

} // namespace ngn::ras::detail
