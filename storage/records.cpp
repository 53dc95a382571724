#include "storage/records.hpp"

#include "crypto/milenage.hpp"

namespace ngn::storage {

crypto::key128 opc_of(const crypto::key128& k, const crypto::key128& op) {
  auto b = crypto::milenage_opc(k, op.raw());
  crypto::key128 opc{b};
  crypto::secure_zero(b.data(), b.size());
  return opc;
}

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
