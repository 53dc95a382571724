// Helpers of the SIP binding (internal to protocols/dialogue).
#pragma once

#include "protocols/common/result.hpp"
#include "protocols/dialogue/binding.hpp"
#include "protocols/sip/message.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ngn::dialogue::sip_util {

/// auth-param a proxy adds to Authorization when Security-Verify does not mirror its list (in the
/// way TS 24.229's P-CSCF adds integrity-protected to tell the S-CSCF what it checked).
inline constexpr std::string_view sec_verify_param = "sec-verify";
/// auth-param a proxy adds to Authorization: the mechanism it chose (sip_binding.hpp).
inline constexpr std::string_view sec_mech_param = "sec-mech";
/// The methods of the binding (RFC 3261 §20.5 Allow): the registration and its keepalive.
inline constexpr std::string_view allowed_methods = "REGISTER, OPTIONS";

/// A Security-* header's list under the shared rule (protocols/common/mechanism.hpp); an absent
/// header is an empty list.
result<mechanism_list> to_mechanisms(const std::vector<sip::sec_mechanism>& list);
std::vector<sip::sec_mechanism> to_sec_mechanisms(const mechanism_list& list);
/// `chosen` with its q from `edge` when listed there.
sip::sec_mechanism chosen_mechanism(std::string_view chosen, const mechanism_list* edge);

/// The session id as the opaque value: 32 lower-case hex digits (RFC 7616 §3.3 opaque is any
/// quoted string); none when absent or not exactly 32 hex digits.
std::string format_session_id(const ngn::session_id& id);
ngn::session_id parse_session_id(std::string_view opaque);

/// Decodes hex into `out`; leaves it empty on bad input.
void from_hex_into(std::string_view hex, std::vector<std::uint8_t>& out);

/// The text="..." of a Reason header (RFC 3326 §2), or the whole value.
std::string reason_text(std::string_view reason_header);
/// The text of a Warning header value (RFC 3261 §20.43: code agent "text"), as warning() writes
/// it; empty when there is none.
std::string warning_text(std::string_view warning_header);

/// A To tag for the soft switch's responses.
std::string local_tag(const ngn::session_id& session_id);

/// Warning: 399 host "text" (RFC 3261 §20.43), text sanitised for a quoted-string.
sip::header warning(address local, std::string_view text);

/// 400 Bad Request for a datagram that does not parse (RFC 3261 §8.2.6.2 / §21.4.1), built from
/// its raw Via, From, To, Call-ID and CSeq lines; empty if it is not a request or lacks them.
std::string bad_request(std::string_view wire, const codec_error& err, address local);

/// Branch (RFC 3261 §8.1.1.7), Call-ID and tags of a terminal derive from its serial.
std::string hex32(std::uint32_t v);

// -- the registration's life (DESIGN.md §1.2, sip_binding.hpp) --------------------------------

/// RFC 3329 mech-parameters carrying the SPIs (the TS 33.203 ipsec-3gpp names): the terminal's
/// inbound SPI on every Security-Client entry, the edge's on every Security-Server entry.
inline constexpr std::string_view spi_client_param = "spi-c";
inline constexpr std::string_view spi_server_param = "spi-s";

/// Sets `name=spi` (decimal) on every entry of `list`, replacing any; nothing when spi is 0.
void set_spi(std::vector<sip::sec_mechanism>& list, std::string_view name, std::uint32_t spi);
/// The SPI carried as `name` on the entries of `list`: 0 when no entry carries one;
/// errc::malformed when one is not a decimal SPI of RFC 4303 §2.1 (256..2^32-1) or two
/// entries disagree.
result<std::uint32_t> read_spi(const std::vector<sip::sec_mechanism>& list,
                               std::string_view name);

/// The `expires` parameter of a Contact (RFC 3261 §20.10), nullopt when absent or not a number.
std::optional<std::uint32_t> contact_expires(const sip::name_addr& contact);
/// The lifetime a REGISTER or its 200 carries (RFC 3261 §10.2.1.1: the first Contact's expires
/// parameter, else the Expires header); 0 when neither is there.
std::uint32_t lifetime_of(const sip::message& m);
/// True if a REGISTER asks to remove its bindings (RFC 3261 §10.2.2), or its 2xx says that no
/// binding is left (§10.3 step 8): every Contact carries expires=0, or Expires is 0 and no
/// Contact carries another expires.
bool bindings_removed(const sip::message& m);

/// The terminal's REGISTER Call-ID: stable over its re-registrations (RFC 3261 §10.2.4),
/// from its number and address.
std::string register_call_id(const terminal_view& t);
/// The CSeq number of a terminal request: its sequence (RFC 3261 §8.1.1.5: below 2^31), or
/// `fallback` when the terminal gives none (0); never below `floor` (RFC 3261 §10.2: CSeq grows
/// within a Call-ID).
std::uint32_t cseq_of(const terminal_view& t, std::uint32_t fallback, std::uint32_t floor = 1);
/// The From tag of a new terminal request: from its serial and sequence.
std::string from_tag(const terminal_view& t);
/// The top Via of a terminal request, branch unique per request (RFC 3261 §8.1.1.7).
sip::via terminal_via(const terminal_view& t, std::uint32_t cseq);
/// "user" of "user@domain".
std::string user_of(std::string_view identity);
/// A REGISTER from the terminal: the parts every one of them shares (RFC 3261 §10.2). Its
/// Call-ID is the terminal's own (RFC 3261 §10.2.4: the same over its re-registrations), so
/// that CSeq grows; Expires is the lifetime asked for; with an offered list, sec-agree
/// (RFC 3329 §2.3.1) and Security-Client with the terminal's SPI as spi-c on every entry.
sip::message terminal_register(const terminal_view& t, std::uint32_t cseq, std::string_view tag);

} // namespace ngn::dialogue::sip_util
