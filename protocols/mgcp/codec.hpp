// MGCP 1.0 text codec (RFC 3435 §3, Appendix A). Pure functions, no exceptions, no allocation
// beyond the model's own strings.
//
// Parse rules (what is accepted and what is rejected):
//  - EOL is CRLF or LF; every line, the last one included, must end in EOL — input that stops
//    inside a line is errc::incomplete (MGCP over UDP has no length field, so a message cut
//    right after a parameter line is still a complete, shorter message).
//  - Command line `verb 1*WSP txid 1*WSP endpoint 1*WSP "MGCP" 1*WSP "1.0" [1*WSP profile]`:
//    the verb is ALPHA 3(ALPHA / DIGIT), stored upper-cased; verbs other than the nine of
//    RFC 3435 §2.3 are accepted generically (so the application can answer 504 with the
//    transaction id). "MGCP" is case-insensitive and stored as "MGCP 1.0" (plus " " and the
//    profile name, if any); other version numbers are errc::unsupported (RFC 3661: 528).
//  - Response line `3DIGIT 1*WSP txid [1*WSP "/" package] [1*WSP commentary]`.
//  - Transaction ids are 1*9DIGIT with a value in 1..999 999 999; anything else is malformed.
//  - Parameter lines `code ":" 0*WSP value`; codes per valid_parameter_code() (a code such as
//    "X-Sec-Mech" or "X-TOOLONG7", a line without ":" and control characters are malformed);
//    the order and the code's spelling are kept; values are VCHAR / WSP.
//  - An empty line ends the parameters; everything after it is the SDP body, kept verbatim.
//  - validate() runs on every parsed message: missing mandatory parameters (RSIP: RM, RQNT: X,
//    NTFY: X and O, ...) and a code present twice are malformed, the detail naming the problem.
//  - Piggy-backing (RFC 3435 §3.5.5): messages of one datagram are separated by a line that
//    holds a single "." (".\r\n" or ".\n"); an empty message (leading, doubled or trailing
//    separator) is malformed, except that a trailing separator with nothing after it is
//    incomplete.
#pragma once

#include "protocols/common/result.hpp"
#include "protocols/mgcp/message.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ngn::mgcp {

/// One message of a datagram: its text (including its last EOL) and its offset in the datagram.
struct datagram_part {
  std::string_view text;
  std::size_t offset = 0;
};

/// Splits a datagram at its "." lines (RFC 3435 §3.5.5) without parsing the messages, so that
/// an error in one piggy-backed message does not affect the others ("each message is
/// processed on its own"). Fails only on limits, empty messages or an empty datagram.
[[nodiscard]] result<std::vector<datagram_part>> split_datagram(std::string_view datagram);

/// Parses exactly one message (no "." separator lines inside), then validate()s it.
[[nodiscard]] result<message> parse_one(std::string_view text);

/// Parses every message of a datagram, in order; fails on the first bad one (the error's
/// offset is into `datagram`). Use split_datagram() + parse_one() to treat them one by one.
[[nodiscard]] result<std::vector<message>> parse(std::string_view datagram);

/// Serialises one message: CRLF line ends, one SP between tokens, `code: value` (or `code:` for
/// an empty value), an empty line before a non-empty SDP body. errc::invalid_model for anything
/// parse() would not read back identically: bad verb, txid, endpoint, version, code, package,
/// parameter code or value (control characters, leading whitespace), commentary starting
/// with "/" or whitespace, missing mandatory parameters, repeated codes, an SDP body holding a
/// "." line; errc::limit_exceeded past max_parameters or max_datagram_size.
[[nodiscard]] result<std::string> encode(const message& m);

/// Piggy-backs `messages` into one datagram separated by ".\r\n" lines. Every SDP body except
/// the last one must end in EOL. The error offset is the index of the offending message.
[[nodiscard]] result<std::string> encode(const std::vector<message>& messages);

/// Like encode(m), appending to `out` (reuse one buffer on hot paths). On error `out` is left
/// as it was.
[[nodiscard]] result<void> encode_to(const message& m, std::string& out);
/// The same for a command or a response on its own (no message variant to build from it).
[[nodiscard]] result<void> encode_to(const command& c, std::string& out);
[[nodiscard]] result<void> encode_to(const response& r, std::string& out);

/// What the first line of a message that failed to parse still tells, so that the receiver
/// can answer it (RFC 3435 §3.5.5: each piggy-backed command must be answered; RFC 3661:
/// 510 protocol error, 504 unknown command, 528 incompatible version).
struct first_line {
  bool is_command = false;
  std::string_view verb;            ///< commands: as received (not upper-cased)
  std::uint16_t code = 0;           ///< responses
  std::uint32_t transaction_id = 0;
};

/// Reads the message kind and transaction id from the start of `text`, leniently (the rest of
/// the line may be anything); nullopt if even that is unreadable.
std::optional<first_line> peek(std::string_view text) noexcept;

} // namespace ngn::mgcp
