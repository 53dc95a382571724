#include "storage/records.hpp"

namespace ngn::storage {

std::string_view to_string(session_state s) noexcept {
  switch (s) {
    case session_state::challenged: return "challenged";
    case session_state::established: return "established";
    case session_state::failed: return "failed";
    case session_state::expired: return "expired";
    case session_state::deregistered: return "deregistered";
    case session_state::superseded: return "superseded";
  }
  return "?";
}

std::optional<session_state> parse_session_state(std::string_view s) noexcept {
  for (auto st : {session_state::challenged, session_state::established, session_state::failed,
                  session_state::expired, session_state::deregistered, session_state::superseded})
    if (s == to_string(st)) return st;
  return std::nullopt;
}

} // namespace ngn::storage
