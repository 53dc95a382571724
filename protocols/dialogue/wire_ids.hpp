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

/// The 128-bit session id's text on the wire (32 hex digits), empty for none (no session yet),
/// with a tshark filter (issue 12 item 3):
///   SIP    WWW-Authenticate / Authorization `opaque`, lower case
///          (sip.auth.opaque == "\"<32 hex>\"")
///   MGCP   RequestIdentifier `X:`, upper case              (mgcp.param.requestid == "<32 HEX>")
///   H.248  xsec `sid` parameter, lower case                (megaco contains "sid=<32 hex>")
///   RAS    the session-id ClearToken's challenge, lower case (h235.challenge == <32 hex>)
std::string wire_session(protocol p, const ngn::session_id& session_id);

/// The code of an answer with neutral result `c` as the binding carries it: SIP status, MGCP
/// X-RSLT (the same numbers; 200 for the key RQNT), H.248 error descriptor code (402
/// Unauthorized for forbidden, 430, 454, 500, 502, 503; 200 for a reply without error), RAS
/// genericData result (the neutral code; the RRJ's rejectReason word is derived from it).
std::uint16_t wire_code(protocol p, code c);

} // namespace ngn::dialogue
