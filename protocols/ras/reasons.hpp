// The numbering of the reject and unregistration reason CHOICEs (H.225.0 12/2009 §7): which root
// and which extension alternative is which code of the model's enum, for decode_reasons.cpp and
// encode_reasons.cpp alike. Not a public API.
#pragma once

#include <cstddef>
#include <cstdint>

namespace ngn::ras::detail::reason {

inline constexpr int verbatim = -1;  ///< kept as an unknown_alternative
inline constexpr int special = -2;   ///< the alternative with contents (duplicateAlias, securityError)

// GatekeeperRejectReason ::= CHOICE {resourceUnavailable, terminalExcluded, invalidRevision,
// undefinedReason, ..., securityDenial, genericDataReason, neededFeatureNotSupported, securityError}
inline constexpr int grj_root[] = {0, 1, 2, 3};
inline constexpr int grj_extension[] = {4, 5, 6, special};

// RegistrationRejectReason root: discoveryRequired, invalidRevision, invalidCallSignalAddress,
// invalidRASAddress, duplicateAlias, invalidTerminalType, undefinedReason, transportNotSupported;
// extension: transportQOSNotSupported, resourceUnavailable, invalidAlias, securityDenial,
// fullRegistrationRequired, additiveRegistrationNotSupported, invalidTerminalAliases,
// genericDataReason, neededFeatureNotSupported, securityError, registerWithAssignedGK.
inline constexpr int rrj_root[] = {0, 1, 2, 3, special, 4, 5, 6};
inline constexpr int rrj_extension[] = {7, 8, 9, 10, 11, 12, verbatim, 13, 14, special, 15};

// UnregRequestReason ::= CHOICE {reregistrationRequired, ttlExpired, securityDenial,
// undefinedReason, ..., maintenance, securityError SecurityErrors2, registerWithAssignedGK}
inline constexpr int urq_root[] = {0, 1, 2, 3};
inline constexpr int urq_extension[] = {4, verbatim, 5};

// UnregRejectReason ::= CHOICE {notCurrentlyRegistered, callInProgress, undefinedReason, ...,
// permissionDenied, securityDenial, securityError SecurityErrors2}
inline constexpr int urj_root[] = {0, 1, 2};
inline constexpr int urj_extension[] = {3, 4};

/// What extension alternative `index` is: a code, `special`, or `verbatim` (also past the table).
template <std::size_t E>
constexpr int extension_code(std::uint64_t index, const int (&extension)[E]) {
  return index < E ? extension[index] : verbatim;
}

} // namespace ngn::ras::detail::reason
