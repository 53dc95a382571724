// The SIP binding of the registration dialogue (DESIGN.md §1.1, wire-bindings.md §2):
//   registration request = REGISTER with Security-Client (RFC 3329),
//   challenge            = 401 with WWW-Authenticate Digest AKAv1-MD5 (RFC 3310: nonce =
//                          base64(RAND‖AUTN)); the session id travels as `opaque`,
//                          the edge's list as Security-Server,
//   registration message = REGISTER with Authorization (RFC 3310 response, RES as password)
//                          and Security-Verify mirroring Security-Server,
//   success              = 200 with Authentication-Info carrying skey (E_Kc(SK)), mac and, on
//                          the SS → SP hop only, pkey (E_Ksp(SK)); Security-Server = chosen,
//   rejection            = 403 / 404 / 494 / 500 / 503 / 504,
//   other methods        = 405 with Allow: REGISTER (a registrar accepts only REGISTER),
//   expired challenge    = a fresh 401 with stale=TRUE (RFC 2617 §3.2.1),
//   key refusal          = REGISTER Expires: 0 with Reason (RFC 3326) and Authorization (nc 2),
//   the life (DESIGN.md §1.2, sip_binding_life.cpp): keepalive = OPTIONS → 200, de-registration
//                          = REGISTER Expires: 0 without Reason → 200 with Contact expires=0; requested
//                          and granted lifetime = Expires (and Contact expires in the 200); the
//                          terminal's SPI = spi-c on every Security-Client entry, the edge's =
//                          spi-s on every Security-Server entry of the 401 (and of the 200).
// REGISTERs of one terminal share a Call-ID (RFC 3261 §10.2.4) with CSeq = its sequence.
// A proxy relaying the registration message adds to its Authorization `sec-mech="<chosen>"` (its
// choice) and, when Security-Verify does not mirror its list, `sec-verify=mismatch` (the way
// TS 24.229's P-CSCF adds integrity-protected to tell the S-CSCF what it checked).
#pragma once

#include "protocols/dialogue/binding.hpp"
#include "protocols/sip/message.hpp"

namespace ngn::dialogue {

class sip_binding final : public binding {
public:
  explicit sip_binding(md5_function md5) : md5_(md5) {}

  protocol proto() const noexcept override { return protocol::sip; }
  bool rechallenges_closed() const noexcept override { return true; }
  NGN_DIALOGUE_BINDING_MEMBERS;

  std::optional<bytes> expected_proof(const inbound& msg, const res_t& xres) const override;
  std::optional<admission_error> admit(const inbound& msg,
                                       std::string_view domain) const override;
  std::string unavailable(const inbound& msg, std::string_view reason, address local,
                          std::uint32_t retry_after_s) const override;

  /// The SIP message behind an inbound this binding decoded.
  static const sip::message& message_of(const inbound& in);

private:
  /// The error response to `msg`; a 503 says Retry-After `retry_after_s`.
  std::string error_response(const inbound& msg, code c, std::string_view reason, address local,
                             std::uint32_t retry_after_s) const;

  md5_function md5_;
};

/// "user@domain" from a SIP URI ("sip:user@domain;params", "<sip:user@domain>").
std::string identity_of_uri(std::string_view uri);

/// The host of a SIP or SIPS URI ("sip:ngn.example:5060;transport=udp" -> "ngn.example",
/// "sip:[::1]" -> "[::1]"); empty for other schemes.
std::string_view host_of_uri(std::string_view uri);

} // namespace ngn::dialogue
