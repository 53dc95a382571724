// What a user searches a trace for, per binding (issue 10 item 5: a session row can be found in
// the pcap without events): the soft switch's session id and the result code as each binding
// writes them on the wire. Used by the soft switch for the AuC's session rows and by the events
// tap; both follow the bindings' own formatting functions, so they cannot drift apart.
#pragma once

#include "protocols/common/protocol.hpp"
#include "protocols/dialogue/content.hpp"

#include <cstdint>
#include <string>

namespace ngn::dialogue {

/// The session id's text on the wire, empty for 0 (no session yet), with a tshark filter:
///   SIP    WWW-Authenticate / Authorization `opaque`, 8 lower-case hex digits
///          (sip.auth.opaque == "\"0000002a\"")
///   MGCP   RequestIdentifier `X:`, 8 upper-case hex digits (mgcp.param.requestid == "0000002A")
///   H.248  events descriptor RequestID, decimal           (megaco.requestid == 42)
///   RAS    the session ClearToken's random, decimal        (h235.random == 42)
std::string wire_session(protocol p, std::uint32_t session_id);

/// The code of an answer with neutral result `c` as the binding carries it: SIP status, MGCP
/// X-RSLT (the same numbers; 200 for the key RQNT), H.248 error descriptor code (402
/// Unauthorized for forbidden, 430, 454, 500, 502, 503; 200 for a reply without error), RAS
/// genericData result (the neutral code; the RRJ's rejectReason word is derived from it).
std::uint16_t wire_code(protocol p, code c);

} // namespace ngn::dialogue
