// `ngnemu sessions --identity X --timeline` (issue 10 item 5): every step of X's registrations.
#pragma once

#include <string>

namespace ngn::nodes {

/// Prints, for each session row of the identities matching `identity` (a glob, as for
/// `sessions --identity`), in time order: its outcome, the wire session id, the response code,
/// the element that detected a failure, the mechanisms offered and chosen, then every message
/// recorded by --events (time, Δ from the first, from → to, protocol, kind, code, correlation
/// ids), or the row's own timestamps when no events were recorded. Returns the exit status (1
/// when no session matches).
int print_timeline(const std::string& db_path, const std::string& identity);

} // namespace ngn::nodes
