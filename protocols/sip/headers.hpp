// Internal to protocols/sip: parsers of single header values (RFC 3261 §20, §25.1; RFC 3329 §2.2).
// Each takes a cursor over the trimmed, unfolded value, must consume all of it, and on failure sets
// `err` (offset into the original input) and returns false. List parsers append and enforce
// max_list_items / max_params.
#pragma once

#include "protocols/sip/lexer.hpp"
#include "protocols/sip/message.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace ngn::sip::detail {

/// The headers with a typed field in `message` (plus Content-Length); `other` for the rest.
enum class hid {
  other, via, max_forwards, from, to, call_id, cseq, contact, expires, www_authenticate,
  authorization, authentication_info, require, proxy_require, supported, security_client,
  security_server, security_verify, content_length,
};

/// Header lines encode() writes for `m` (one per Via, one per typed list, Content-Length).
std::size_t encoded_field_count(const message& m) noexcept;

/// Full and compact header names (RFC 3261 §7.3.3, §20), case-insensitive; `name` is a token
/// (field_reader's raw_field::name).
hid lookup_header(std::string_view name) noexcept;

/// quoted-string at the cursor (which is on the opening DQUOTE); appends the unescaped content.
bool parse_quoted(cursor& c, std::string& out, codec_error& err);

/// *(SEMI generic-param) (RFC 3261 §25.1).
bool parse_params(cursor& c, std::vector<param>& out, codec_error& err);

/// Every q parameter in `params` must be a qvalue (RFC 3261 §20.10 c-p-q, RFC 3329 preference).
bool check_q(const std::vector<param>& params, std::size_t offset, codec_error& err);

/// via-parm *(COMMA via-parm) (RFC 3261 §20.42).
bool parse_via_list(cursor c, std::vector<via>& out, codec_error& err);

/// From / To: exactly one (name-addr / addr-spec) *(SEMI param) (RFC 3261 §20.20, §20.39).
bool parse_from_to(cursor c, name_addr& out, codec_error& err);

/// Contact: STAR / contact-param *(COMMA contact-param) (RFC 3261 §20.10).
bool parse_contact_list(cursor c, std::vector<name_addr>& out, bool& star, codec_error& err);

/// CSeq: 1*DIGIT LWS Method, number < 2^31 (RFC 3261 §8.1.1.5, §20.16).
bool parse_cseq(cursor c, sip::cseq& out, codec_error& err);

/// 1*DIGIT filling a uint32; `saturate` clamps larger values (Expires, RFC 3261 §20.19).
bool parse_number(cursor c, std::uint32_t& out, bool saturate, codec_error& err);

/// challenge / credentials (`with_scheme`: auth-scheme LWS auth-param *(COMMA auth-param)) or the
/// Authentication-Info ainfo list (RFC 3261 §20.6, §20.7, §20.44, §25.1).
bool parse_auth(cursor c, auth_params& out, bool with_scheme, codec_error& err);

/// [option-tag *(COMMA option-tag)] (Require, Proxy-Require, Supported; RFC 3261 §20.32).
bool parse_token_list(cursor c, std::vector<std::string>& out, codec_error& err);

/// sec-mechanism *(COMMA sec-mechanism) (RFC 3329 §2.2).
bool parse_mechanisms(cursor c, std::vector<sec_mechanism>& out, codec_error& err);

} // namespace ngn::sip::detail
