// `ngnemu sessions --identity X --timeline` (issue 10 item 5): every step of X's registrations.
#pragma once

#include "storage/session_query.hpp"

#include <string>

namespace ngn::nodes {

/// Prints, for each session row of the identities matching `identity` (a glob, as for
/// `sessions --identity`), in time order: its outcome, the wire session id, the response code,
/// the element that detected a failure, the mechanisms offered and chosen, then every message
/// recorded by --events (time, Δ from the first, from → to, protocol, kind, code, correlation
/// ids), or the row's own timestamps when no events were recorded. Returns the exit status (1
/// when no session matches).
/// Every registration of the sessions `f` selects (its identity, and run when set), with their
/// events; `db_path` names the database in messages.
int print_timeline(storage::db& conn, const std::string& db_path,
                   const storage::session_filter& f);

} // namespace ngn::nodes
