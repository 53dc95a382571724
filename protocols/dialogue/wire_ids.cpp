#include "protocols/dialogue/wire_ids.hpp"

#include "protocols/dialogue/h248_util.hpp"
#include "protocols/dialogue/mgcp_util.hpp"
#include "protocols/dialogue/sip_util.hpp"

namespace ngn::dialogue {

std::string wire_session(protocol p, const ngn::session_id& session_id) {
  if (!session_id) return {};
  switch (p) {
    case protocol::sip: return sip_util::format_session_id(session_id);
    case protocol::mgcp: return mgcp_util::request_id(session_id);
    case protocol::h248: return session_id.hex(); // xsec sid
    // The session-id ClearToken (every RAS message of the session after the GRQ carries it, a
    // failed one too; the RCF's endpointIdentifier only exists on success).
    case protocol::h323: return session_id.hex();
  }
  return {};
}

std::uint16_t wire_code(protocol p, code c) {
  if (p == protocol::h248) return h248_util::error_of(c);
  return static_cast<std::uint16_t>(c);
}

} // namespace ngn::dialogue
