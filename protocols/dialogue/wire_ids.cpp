#include "protocols/dialogue/wire_ids.hpp"

#include "protocols/dialogue/h248_util.hpp"
#include "protocols/dialogue/mgcp_util.hpp"
#include "protocols/dialogue/ras_util.hpp"
#include "protocols/dialogue/sip_util.hpp"

namespace ngn::dialogue {

std::string wire_session(protocol p, std::uint32_t session_id) {
  if (session_id == 0) return {};
  switch (p) {
    case protocol::sip: return sip_util::format_session_id(session_id);
    case protocol::mgcp: return mgcp_util::request_id(session_id);
    case protocol::h248: return std::to_string(session_id);
    case protocol::h323: {
      // endpointIdentifier is a BMPString of ASCII hex digits: narrowing is exact.
      const auto id = ras_util::endpoint_id(session_id);
      return std::string(id.begin(), id.end());
    }
  }
  return {};
}

std::uint16_t wire_code(protocol p, code c) {
  if (p == protocol::h248) return h248_util::error_of(c);
  return static_cast<std::uint16_t>(c);
}

} // namespace ngn::dialogue
