// HTTP Digest (RFC 2617 §3.2.2.1, §3.2.3) as used by SIP, and RFC 3310 Digest-AKA (AKAv1-MD5):
// the response and rspauth computations, the AKA nonce (base64 RAND‖AUTN) and AUTS.
// MD5 is injected (protocols/ may not include OpenSSL); crypto::md5 fits through a lambda.
#pragma once

#include "protocols/sip/message.hpp"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ngn::sip {

/// An MD5 implementation: digest of `data`.
using md5_function = std::array<std::uint8_t, 16> (*)(std::string_view data);

/// Inputs of one Digest computation. `password` is raw bytes: for AKAv1-MD5 it is RES (or XRES on
/// the server), which may contain 0x00 (RFC 3310 §3.3); "" for an AUTS resync (RFC 3310 §3.4).
struct digest_input {
  std::string_view username, realm, method, uri, nonce, nc, cnonce, qop;
  std::string_view password;
};

/// request-digest (RFC 2617 §3.2.2.1), lower-case hex: with qop ("auth")
///   MD5(HA1 ":" nonce ":" nc ":" cnonce ":" qop ":" HA2), without qop MD5(HA1 ":" nonce ":" HA2);
/// HA1 = MD5(username ":" realm ":" password), HA2 = MD5(method ":" uri).
std::string digest_response(const digest_input& in, md5_function md5);

/// response-auth of Authentication-Info (RFC 2617 §3.2.3): as digest_response with A2 = ":" uri.
/// For Digest-AKA the password is XRES (RFC 3310 §3.5).
std::string digest_rspauth(const digest_input& in, md5_function md5);

/// True when `response` (hex, either case) equals digest_response(in). Constant time in the
/// contents of `response`.
bool digest_check(const digest_input& in, std::string_view response, md5_function md5);

/// Fills username, realm, nonce, uri, nc, cnonce and qop of `in` from Authorization credentials
/// (views into `creds`); false if username, realm, nonce, uri or response is missing, or if qop is
/// present without nc/cnonce. method and password are left untouched.
bool digest_fields(const auth_params& creds, digest_input& in) noexcept;

/// RFC 3310 §3.2 nonce: base64(RAND ‖ AUTN).
std::string aka_nonce(const std::array<std::uint8_t, 16>& rand,
                      const std::array<std::uint8_t, 16>& autn);

/// Inverse of aka_nonce: needs at least 32 decoded bytes (extra server data is ignored).
/// Padding may be missing or excessive (the RFC 3310 example has both). False on bad base64.
bool parse_aka_nonce(std::string_view nonce, std::array<std::uint8_t, 16>& rand,
                     std::array<std::uint8_t, 16>& autn);

/// RFC 3310 §3.4 auts directive value: base64 of AUTS = (SQN_MS ⊕ AK*) ‖ MAC-S, 14 bytes.
std::optional<std::array<std::uint8_t, 14>> parse_auts(std::string_view auts_b64);

/// base64 of AUTS, for the client side and tests.
std::string format_auts(const std::array<std::uint8_t, 14>& auts);

} // namespace ngn::sip
