#include "protocols/dialogue/wire_ids.hpp"

#include "protocols/dialogue/h248_util.hpp"
#include "protocols/dialogue/mgcp_util.hpp"
#include "protocols/dialogue/sip_util.hpp"

namespace ngn::dialogue {

std::string wire_session(protocol p, std::uint32_t session_id) {
  if (session_id == 0) return {};
  switch (p) {
    case protocol::sip: return sip_util::format_session_id(session_id);
    case protocol::mgcp: return mgcp_util::request_id(session_id);
    case protocol::h248: return std::to_string(session_id);
    // The session ClearToken's random (every RAS message of the session after the GRQ carries
    // it, a failed one too; the RCF's endpointIdentifier only exists on success).
    case protocol::h323: return std::to_string(session_id);
  }
  return {};
}

std::uint16_t wire_code(protocol p, code c) {
  if (p == protocol::h248) return h248_util::error_of(c);
  return static_cast<std::uint16_t>(c);
}

} // namespace ngn::dialogue
