// Helpers of the SIP binding (internal to protocols/dialogue).
#pragma once

#include "protocols/common/result.hpp"
#include "protocols/dialogue/binding.hpp"
#include "protocols/sip/message.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ngn::dialogue::sip_util {

/// auth-param a proxy adds to Authorization when Security-Verify does not mirror its list (in the
/// way TS 24.229's P-CSCF adds integrity-protected to tell the S-CSCF what it checked).
inline constexpr std::string_view sec_verify_param = "sec-verify";
/// auth-param a proxy adds to Authorization: the mechanism it chose (sip_binding.hpp).
inline constexpr std::string_view sec_mech_param = "sec-mech";

/// A Security-* header's list under the shared rule (protocols/common/mechanism.hpp); an absent
/// header is an empty list.
result<mechanism_list> to_mechanisms(const std::vector<sip::sec_mechanism>& list);
std::vector<sip::sec_mechanism> to_sec_mechanisms(const mechanism_list& list);
/// `chosen` with its q from `edge` when listed there.
sip::sec_mechanism chosen_mechanism(std::string_view chosen, const mechanism_list* edge);

/// The session id as the opaque value: 8 hex digits; 0 when absent or not hex.
std::string format_session_id(std::uint32_t id);
std::uint32_t parse_session_id(std::string_view opaque);

/// Decodes hex into `out`; leaves it empty on bad input.
void from_hex_into(std::string_view hex, std::vector<std::uint8_t>& out);

/// The text="..." of a Reason header (RFC 3326 §2), or the whole value.
std::string reason_text(std::string_view reason_header);
/// The text of a Warning header value (RFC 3261 §20.43: code agent "text"), as warning() writes
/// it; empty when there is none.
std::string warning_text(std::string_view warning_header);

/// A To tag for the soft switch's responses.
std::string local_tag(std::uint32_t session_id);

/// Warning: 399 host "text" (RFC 3261 §20.43), text sanitised for a quoted-string.
sip::header warning(address local, std::string_view text);

/// 400 Bad Request for a datagram that does not parse (RFC 3261 §8.2.6.2 / §21.4.1), built from
/// its raw Via, From, To, Call-ID and CSeq lines; empty if it is not a request or lacks them.
std::string bad_request(std::string_view wire, const codec_error& err, address local);

/// Branch (RFC 3261 §8.1.1.7), Call-ID and tags of a terminal derive from its serial.
std::string hex32(std::uint32_t v);

} // namespace ngn::dialogue::sip_util
