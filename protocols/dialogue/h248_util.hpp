// Helpers of the H.248 binding (internal to protocols/dialogue): identifiers, transaction ids,
// error codes and mechanism lists as the binding puts them on the wire (h248_binding.hpp).
#pragma once

#include "protocols/dialogue/binding.hpp"
#include "protocols/h248/message.hpp"
#include "protocols/h248/xsec.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ngn::dialogue::h248_util {

// -- identifiers ------------------------------------------------------------------------------

/// The terminal's TerminationID, also its mId (a deviceName, H.248.1 Annex B): the identity
/// itself when it is a pathNAME (e.g. "t1@ngn.example"), otherwise "sub$" + 16 hex digits of a
/// hash of the identity (identities never contain '$', so the two forms cannot collide).
std::string termination_of(std::string_view identity);

/// The identity a TerminationID or deviceName mId names, or "" when it is a derived ("sub$")
/// form, ROOT, a wildcard or an address.
std::string identity_of_termination(std::string_view termination_id);

/// "[10.0.0.1]:2944" (mId domainAddress, H.248.1 Annex B), without port when it is 0.
std::string element_mid(address a);

// -- transaction ids (H.248.1 §8.2.1: chosen by the sender, unique per sender) ----------------

/// All of them are below 2^31 (some decoders print TransactionIDs as signed numbers).
/// The terminal's ServiceChange: 2·serial + 1 (30 bits).
std::uint32_t service_change_tid(std::uint32_t serial);
/// The terminal's Notify answering the challenge with `rand`: 2^30 + 30 bits of a hash of
/// (serial, RAND), so that every challenge gets a fresh Notify transaction.
std::uint32_t notify_tid(std::uint32_t serial, const rand_t& rand);
/// The soft switch's transaction ids derive from the session id's first 32 bits (n = 29 of
/// them); they do not identify the session: xsec `sid` does (issue 12 item 3).
/// The challenge Modify: 2·n + 1 for the first challenge of a session; a fresh challenge after a
/// resynchronisation (TS 33.102 §6.3.5) gets 2^30 + 30 bits of a hash of (n, RAND).
std::uint32_t challenge_tid(const ngn::session_id& session_id, bool first, const rand_t& rand);
/// The key Modify: 2·n + 2.
std::uint32_t key_tid(const ngn::session_id& session_id);
/// The RequestID of the Events descriptor of a session (UINT32, H.248.1 §7.1.9): the first 32
/// bits of the session id with the top bit cleared; the session itself is named by xsec `sid`.
std::uint32_t request_id_of(const ngn::session_id& session_id);
/// The session id an xsec `sid` names: none unless exactly 16 octets.
ngn::session_id session_of_sid(const bytes& sid) noexcept;

/// The terminal's requests of the registration's life (keepalive Notify, de-registration
/// ServiceChange): 2·(sequence mod (2^29 - 1)) + 2 — even and below 2^30, so never one of the terminal's
/// ServiceChange (odd) or registration Notify (bit 30 set) ids, and new for every request.
std::uint32_t life_tid(std::uint32_t sequence);

/// Decimal text of a transaction id, and back (nullopt unless 1..10 digits <= 2^32-1).
std::string format_tid(std::uint32_t tid);
std::optional<std::uint32_t> parse_tid(std::string_view text);

// -- the registration's life --------------------------------------------------------------------

/// An ESP SPI as carried (RFC 4303 §2.1: 1..255 are reserved, 0 is never sent): true for 0 (not
/// carried) and 256..2^32-1.
bool spi_ok(std::uint32_t spi) noexcept;

// -- error codes (H.248.8) ----------------------------------------------------------------------

/// The H.248.8 error code for a neutral code: 400 Syntax error in message, 402 Unauthorized
/// (401/403), 430 Unknown TerminationID (404), 454 No such parameter value in this package
/// (494: the mirrored mechanism list differs), 500 Internal software failure, 503 Service
/// Unavailable, 502 Not ready (504: the AuC did not answer; retry later).
std::uint16_t error_of(code c);
/// The inverse of error_of; 401, 403 and 501 → bad_request, other 4xx → forbidden, other →
/// server_error.
code code_of(std::uint16_t error_code);
/// The H.248.8 text of the codes error_of produces ("Unauthorized", ...).
std::string_view error_text(std::uint16_t error_code);
/// `text` made safe for a quotedString: '"' → '\'', controls → ' ', at most 200 characters.
std::string quotable(std::string_view text);

// -- mechanism lists ------------------------------------------------------------------------------

std::vector<h248::xsec::mechanism> to_xsec(const mechanism_list& list);
mechanism_list from_xsec(const std::vector<h248::xsec::mechanism>& list);

// -- the model ------------------------------------------------------------------------------------

/// The only transaction request / reply of `m`, or nullptr.
const h248::transaction_request* request_of(const h248::message& m) noexcept;
h248::transaction_request* request_of(h248::message& m) noexcept;
const h248::transaction_reply* reply_of(const h248::message& m) noexcept;
h248::transaction_reply* reply_of(h248::message& m) noexcept;
/// The single command of a transaction request (one action, one command), or nullptr.
const h248::command_request* command_of(const h248::transaction_request& t) noexcept;
h248::command_request* command_of(h248::transaction_request& t) noexcept;

/// Encodes `m`; "" if the model is invalid (e.g. an identity that fits no carrier).
std::string encode_or_empty(const h248::message& m);

/// The Reply that acknowledges the command `cmd` of transaction `tid` without error (the normal
/// reply: `Modify = T`, `Notify = T`, `ServiceChange = ROOT { Services { Version = 1 } }`).
h248::transaction_reply positive_reply(std::uint32_t tid, const h248::command_request& cmd);

/// The terminal's acknowledgement of the soft switch's Modify of transaction `tid` on
/// `termination_id`, sent from its mId, which is that TerminationID (H.248.1 §8.2.2): the bytes
/// encode_or_empty() gives for a message of mId `termination_id` holding
/// positive_reply(tid, the Modify), written directly, since decode() makes one for every Modify
/// it reads. "" where encoding that message fails (a TerminationID that is no mId, e.g. "*").
std::string modify_ack(std::string_view termination_id, std::uint32_t tid);

} // namespace ngn::dialogue::h248_util
