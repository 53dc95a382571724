// SIP message model (RFC 3261 §7, §20; RFC 3329 §2.2) and its codec entry points.
// The model owns its data; typed fields for the headers of the registration flow, every other header
// kept verbatim in `other`. Pure functions, no exceptions: parse() returns ngn::result.
#pragma once

#include "protocols/common/result.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ngn::sip {

// -- limits (errc::limit_exceeded) --------------------------------------------------------------

/// Largest message parse() and frame_length() accept (a UDP datagram is at most 64 KiB).
inline constexpr std::size_t max_message_size = 65536;
/// Header fields (lines, after unfolding) per message.
inline constexpr std::size_t max_header_fields = 64;
/// Elements of one list (Via, Contact, option tags, Security-* mechanisms), over all its lines.
inline constexpr std::size_t max_list_items = 32;
/// Parameters of one element (Via, name-addr, mechanism, credentials).
inline constexpr std::size_t max_params = 32;

// -- model --------------------------------------------------------------------------------------

/// generic-param (RFC 3261 §25.1) or auth-param: `name`, `name=value` or `name="value"`.
/// `value` is stored unescaped; `quoted` records whether it was (or is to be) a quoted-string.
struct param {
  std::string name;
  std::string value;
  bool has_value = false;
  bool quoted = false;
};

/// The first parameter whose name equals `name` (case-insensitive, RFC 3261 §7.3.1), or nullptr.
const param* find_param(const std::vector<param>& params, std::string_view name) noexcept;
param* find_param(std::vector<param>& params, std::string_view name) noexcept;
/// Sets (or appends) `name=value`; an empty `value` with quoted=false gives a flag param.
void set_param(std::vector<param>& params, std::string_view name, std::string_view value,
               bool quoted = false);
/// Removes every parameter called `name` (case-insensitive).
void erase_param(std::vector<param>& params, std::string_view name);

/// One via-parm (RFC 3261 §20.42): SIP/2.0/<transport> host[:port] *(;param).
struct via {
  std::string transport = "UDP";
  std::string host; ///< hostname, IPv4 address or IPv6 reference with its brackets
  std::optional<std::uint16_t> port;
  std::vector<param> params;

  /// The branch parameter (RFC 3261 §8.1.1.7), empty when absent.
  std::string_view branch() const noexcept;
};

/// name-addr / addr-spec with header parameters (From, To, Contact; RFC 3261 §20.10, §20.20).
struct name_addr {
  std::string display; ///< unescaped display-name, empty when absent
  std::string uri;
  std::vector<param> params;
  bool angle = true; ///< false: bare addr-spec form (no display, no <>)

  /// The tag parameter (RFC 3261 §19.3), empty when absent.
  std::string_view tag() const noexcept;
};

/// CSeq (RFC 3261 §20.16).
struct cseq {
  std::uint32_t number = 0;
  std::string method;
};

/// sec-mechanism (RFC 3329 §2.2): mechanism-name *(;mech-parameters).
struct sec_mechanism {
  std::string name;
  std::vector<param> params;

  /// The q parameter in thousandths ("0.9" -> 900), nullopt when absent or not a qvalue.
  std::optional<std::uint16_t> q_milli() const noexcept;
};

/// A challenge, credentials (scheme + auth-params, RFC 3261 §25.1 / RFC 2617 §3.2) or
/// Authentication-Info (ainfo list only: `scheme` is not used for it and stays "Digest").
struct auth_params {
  std::string scheme = "Digest";
  std::vector<param> params;

  /// The auth-param called `name` (case-insensitive), or nullptr.
  const param* get(std::string_view name) const noexcept;
  /// Value of `name`, empty when absent.
  std::string_view value(std::string_view name) const noexcept;
  /// Sets (or appends) `name=value`, quoted or as a token.
  void set(std::string_view name, std::string_view value, bool quoted);
};

/// A header field kept verbatim (name as received, value trimmed and unfolded).
struct header {
  std::string name;
  std::string value;
};

/// One SIP request or response.
struct message {
  bool is_request = true;
  std::string method, request_uri; // Request-Line (RFC 3261 §7.1)
  int status = 0;                  // Status-Line (RFC 3261 §7.2)
  std::string reason;

  std::vector<via> vias; ///< topmost first
  std::optional<std::uint32_t> max_forwards;
  name_addr from, to;
  std::string call_id;
  sip::cseq cseq;
  std::vector<name_addr> contacts;
  bool contact_star = false; ///< "Contact: *" (RFC 3261 §10.2.2)
  std::optional<std::uint32_t> expires;
  std::optional<auth_params> www_authenticate, authorization, authentication_info;
  std::vector<std::string> require, proxy_require, supported;
  std::vector<sec_mechanism> security_client, security_server, security_verify;
  std::vector<header> other; ///< every other header, in order (User-Agent, Route, X-..., ...)
  std::string body;

  /// The first verbatim header called `name` (case-insensitive), or nullptr.
  const header* find_other(std::string_view name) const noexcept;
};

bool operator==(const param& a, const param& b) noexcept;
bool operator==(const via& a, const via& b) noexcept;
bool operator==(const name_addr& a, const name_addr& b) noexcept;
bool operator==(const cseq& a, const cseq& b) noexcept;
bool operator==(const sec_mechanism& a, const sec_mechanism& b) noexcept;
bool operator==(const auth_params& a, const auth_params& b) noexcept;
bool operator==(const header& a, const header& b) noexcept;
bool operator==(const message& a, const message& b) noexcept;
inline bool operator!=(const param& a, const param& b) noexcept { return !(a == b); }
inline bool operator!=(const via& a, const via& b) noexcept { return !(a == b); }
inline bool operator!=(const name_addr& a, const name_addr& b) noexcept { return !(a == b); }
inline bool operator!=(const cseq& a, const cseq& b) noexcept { return !(a == b); }
inline bool operator!=(const sec_mechanism& a, const sec_mechanism& b) noexcept { return !(a == b); }
inline bool operator!=(const auth_params& a, const auth_params& b) noexcept { return !(a == b); }
inline bool operator!=(const header& a, const header& b) noexcept { return !(a == b); }
inline bool operator!=(const message& a, const message& b) noexcept { return !(a == b); }

// -- codec --------------------------------------------------------------------------------------

/// Parses exactly one message (RFC 3261 §7). errc::incomplete when the input ends before the
/// header block or before Content-Length body bytes; errc::malformed for grammar violations,
/// missing mandatory headers (§8.1.1: To, From, CSeq, Call-ID, Via; Max-Forwards may be absent),
/// a CSeq method other than the request method (§8.1.1.5), or bytes after the body;
/// errc::unsupported for a SIP version other than 2.0. Leading CRLFs are skipped (§7.5); without
/// Content-Length the body is the rest of the datagram (§18.3).
result<message> parse(std::string_view datagram);

/// parse() into `out`, a default-constructed message, where the caller keeps it (a variant's
/// alternative emplaced in place: no move of the whole model). On error `out` holds what was
/// read before the error and must not be used as a message.
result<void> parse_into(std::string_view datagram, message& out);

/// Canonical form (CRLF, headers in the fixed order of the typed fields, then `other`, then an
/// exact Content-Length). Total: never fails; a model that validate() rejects may not re-parse.
std::string encode(const message& msg);

/// Appends encode(msg) to `out` (reuses its capacity).
void encode_to(const message& msg, std::string& out);

/// Fields encode() writes in place of a message's own, so that a proxy forwards an edited
/// message without copying the whole model (RFC 3261 §16.6 step 8 adds a Via, step 3 decrements
/// Max-Forwards, §16.7 step 3 removes the proxy's Via). A member left unset keeps the message's
/// field; the pointees must outlive the call.
struct message_patch {
  const via* top_via = nullptr;      ///< written above the message's Vias
  bool drop_top_via = false;         ///< the message's first Via is not written
  std::optional<std::uint32_t> max_forwards;
  std::optional<int> status;         ///< a response's Status-Code, with `reason`
  std::string_view reason;
  const auth_params* authorization = nullptr;
  const auth_params* authentication_info = nullptr;
  const std::vector<sec_mechanism>* security_server = nullptr;
};

/// encode(msg) with the fields `patch` sets in place of msg's: byte for byte what encode() gives
/// for a copy of msg edited that way.
std::string encode(const message& msg, const message_patch& patch);
void encode_to(const message& msg, const message_patch& patch, std::string& out);

/// Checks that encode(msg) is a well-formed message that parses back to `msg`
/// (errc::invalid_model with a detail naming the field; offset is 0).
result<void> validate(const message& msg);

/// Stream framing (RFC 3261 §18.3): length of the first message in `buffer` (leading CRLFs
/// included), or errc::incomplete until the header block and the Content-Length body are there.
/// A missing Content-Length counts as 0.
result<std::size_t> frame_length(std::string_view buffer);

// -- building helpers ---------------------------------------------------------------------------

/// A response to `request` (RFC 3261 §8.2.6.2): copies Via (all, in order), From, To, Call-ID
/// and CSeq. The To tag is left as in the request: add one with set_tag().
message make_response(const message& request, int status, std::string_view reason);

/// Sets or replaces the tag parameter of `addr` (RFC 3261 §19.3).
void set_tag(name_addr& addr, std::string_view tag);

/// The default reason phrase of the status codes used here (RFC 3261 §21, RFC 3329 §6), or "".
std::string_view default_reason(int status) noexcept;

} // namespace ngn::sip
