// The SIP binding's golden messages (DESIGN.md §1.1, §1.2; wire-bindings.md §2) for terminal
// number 42 and the edge of golden_values.hpp: the registration, its life (keepalive,
// de-registration) and the proxy's relay edits, shared by sip_binding_test.cpp (registration,
// relay) and sip_life_test.cpp (life, its errors, tshark). The digests were computed
// independently (RFC 2617 §3.2.2 / RFC 3310 §3.3, Python hashlib).
#pragma once

#include "protocols/dialogue/sip_binding.hpp"
#include "protocols/sip/message.hpp"
#include "tests/common/test_bindings.hpp"
#include "tests/protocols/dialogue/golden_values.hpp"

#include "protocols/common/hex.hpp"

#include <string>
#include <string_view>

namespace ngn::dialogue::sip_golden {

inline const binding& sip_b() { return ngn::test::binding_for(protocol::sip); }

using namespace golden_values; // offered, edge, sid, t_spi, e_spi, rand_v ... wrapped_e, with

/// Terminal number 42 (Call-ID 0000002a@10.1.0.1), first attempt (serial 42·16+1 = 0x2a1).
inline terminal_view terminal(std::uint32_t sequence) {
  return life_terminal(5060, 5060, sequence);
}

inline inbound decode_ok(const std::string& wire) {
  return golden_values::decode_ok(sip_b(), wire);
}

inline codec_error decode_err(const std::string& wire) {
  return golden_values::decode_err(sip_b(), wire);
}

inline challenge_fields chal_fields(const mechanism_list* e, std::uint32_t spi) {
  challenge_fields f = golden_challenge(e, 5060);
  f.realm = "ngn.example";
  f.edge_spi = spi;
  return f;
}

inline success_fields key_fields(bool to_proxy) {
  success_fields f = golden_key(to_proxy); // aes-gcm chosen either way
  f.xres = &res_v;
  f.realm = "ngn.example";
  f.lifetime = 3600;
  if (!to_proxy) f.edge_spi = e_spi;
  return f;
}

// -- the golden messages (RFC 3261 §7: CRLF line ends, an empty line, Content-Length: 0) -------

// RFC 3261 §10.2 REGISTER: Call-ID of the terminal (§10.2.4), CSeq = its sequence; Expires = the
// lifetime asked for (§10.2.1.1); RFC 3329 §2.3.1 sec-agree with the terminal's SPI as spi-c.
inline const std::string reg_request =
  "REGISTER sip:ngn.example SIP/2.0\r\n"
  "Via: SIP/2.0/UDP 10.1.0.1:5060;branch=z9hG4bK000002a1.7;rport\r\n"
  "Max-Forwards: 70\r\n"
  "From: <sip:t1@ngn.example>;tag=000002a1.7\r\n"
  "To: <sip:t1@ngn.example>\r\n"
  "Call-ID: 0000002a@10.1.0.1\r\n"
  "CSeq: 7 REGISTER\r\n"
  "Contact: <sip:t1@10.1.0.1:5060>\r\n"
  "Expires: 3600\r\n"
  "Require: sec-agree\r\n"
  "Proxy-Require: sec-agree\r\n"
  "Supported: sec-agree\r\n"
  "Security-Client: aes-gcm;q=0.9;spi-c=4097, hmac-sha256;q=0.5;spi-c=4097\r\n"
  "Content-Length: 0\r\n"
  "\r\n";

// RFC 3261 §8.2.6.2 response, RFC 3310 §3.2 nonce = base64(RAND ‖ AUTN), RFC 3329 §2.3.1
// Security-Server with the edge's SPI as spi-s on every entry.
inline const std::string challenge_401 =
  "SIP/2.0 401 Unauthorized\r\n"
  "Via: SIP/2.0/UDP 10.1.0.1:5060;branch=z9hG4bK000002a1.7;rport\r\n"
  "From: <sip:t1@ngn.example>;tag=000002a1.7\r\n"
  "To: <sip:t1@ngn.example>;tag=ss0a1b2c3d\r\n"
  "Call-ID: 0000002a@10.1.0.1\r\n"
  "CSeq: 7 REGISTER\r\n"
  "WWW-Authenticate: Digest realm=\"ngn.example\", "
  "nonce=\"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\", algorithm=AKAv1-MD5, qop=\"auth\", "
  "opaque=\"0a1b2c3d4e5f60718293a4b5c6d7e8f9\"\r\n"
  "Security-Server: aes-gcm;q=0.8;spi-s=8194, hmac-sha256;q=0.4;spi-s=8194, "
  "null;q=0.1;spi-s=8194\r\n"
  "Content-Length: 0\r\n"
  "\r\n";

// RFC 3310 §3.3 response with RES as the password; Security-Verify mirrors Security-Server
// unchanged (RFC 3329 §2.3.1), Security-Client again with spi-c.
inline const std::string reg_message =
  "REGISTER sip:ngn.example SIP/2.0\r\n"
  "Via: SIP/2.0/UDP 10.1.0.1:5060;branch=z9hG4bK000002a1.8;rport\r\n"
  "Max-Forwards: 70\r\n"
  "From: <sip:t1@ngn.example>;tag=000002a1.7\r\n"
  "To: <sip:t1@ngn.example>\r\n"
  "Call-ID: 0000002a@10.1.0.1\r\n"
  "CSeq: 8 REGISTER\r\n"
  "Contact: <sip:t1@10.1.0.1:5060>\r\n"
  "Expires: 3600\r\n"
  "Authorization: Digest username=\"t1@ngn.example\", realm=\"ngn.example\", "
  "nonce=\"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\", uri=\"sip:ngn.example\", "
  "response=\"0696fc6871c0e814b1a95d14f9af373a\", algorithm=AKAv1-MD5, cnonce=\"5bd1eb34\", "
  "qop=auth, nc=00000001, opaque=\"0a1b2c3d4e5f60718293a4b5c6d7e8f9\"\r\n"
  "Require: sec-agree\r\n"
  "Proxy-Require: sec-agree\r\n"
  "Supported: sec-agree\r\n"
  "Security-Client: aes-gcm;q=0.9;spi-c=4097, hmac-sha256;q=0.5;spi-c=4097\r\n"
  "Security-Verify: aes-gcm;q=0.8;spi-s=8194, hmac-sha256;q=0.4;spi-s=8194, "
  "null;q=0.1;spi-s=8194\r\n"
  "Content-Length: 0\r\n"
  "\r\n";

// RFC 3261 §10.3 step 8: the binding with the granted lifetime (Contact expires and Expires);
// RFC 2617 §3.2.3 / RFC 3310 §3.5 rspauth; the chosen mechanism with the edge's SPI.
inline const std::string success_200 =
  "SIP/2.0 200 OK\r\n"
  "Via: SIP/2.0/UDP 10.1.0.1:5060;branch=z9hG4bK000002a1.8;rport\r\n"
  "From: <sip:t1@ngn.example>;tag=000002a1.7\r\n"
  "To: <sip:t1@ngn.example>;tag=ss0a1b2c3d\r\n"
  "Call-ID: 0000002a@10.1.0.1\r\n"
  "CSeq: 8 REGISTER\r\n"
  "Contact: <sip:t1@10.1.0.1:5060>;expires=3600\r\n"
  "Expires: 3600\r\n"
  "Authentication-Info: qop=auth, rspauth=\"51bbb51ead8fe880696d3dc7e5cbeefd\", "
  "cnonce=\"5bd1eb34\", nc=00000001, skey=\"303132333435363738393a3b3c3d3e3f4041424344454647\", "
  "mac=\"505152535455565758595a5b5c5d5e5f\"\r\n"
  "Security-Server: aes-gcm;q=0.8;spi-s=8194\r\n"
  "Content-Length: 0\r\n"
  "\r\n";

// RFC 3261 §11.1: OPTIONS to the domain, a Call-ID of its own (§8.1.1.4), no body.
inline const std::string keepalive_options =
  "OPTIONS sip:ngn.example SIP/2.0\r\n"
  "Via: SIP/2.0/UDP 10.1.0.1:5060;branch=z9hG4bK000002a1.9;rport\r\n"
  "Max-Forwards: 70\r\n"
  "From: <sip:t1@ngn.example>;tag=000002a1.9\r\n"
  "To: <sip:ngn.example>\r\n"
  "Call-ID: 0000002a.9@10.1.0.1\r\n"
  "CSeq: 9 OPTIONS\r\n"
  "Content-Length: 0\r\n"
  "\r\n";

// RFC 3261 §11.2: 200 with Allow.
inline const std::string keepalive_200 =
  "SIP/2.0 200 OK\r\n"
  "Via: SIP/2.0/UDP 10.1.0.1:5060;branch=z9hG4bK000002a1.9;rport\r\n"
  "From: <sip:t1@ngn.example>;tag=000002a1.9\r\n"
  "To: <sip:ngn.example>;tag=ss0a1b2c3d\r\n"
  "Call-ID: 0000002a.9@10.1.0.1\r\n"
  "CSeq: 9 OPTIONS\r\n"
  "Allow: REGISTER, OPTIONS\r\n"
  "Content-Length: 0\r\n"
  "\r\n";

// RFC 3261 §10.2.2: Expires 0 removes the binding; the registrations' Call-ID, the next CSeq;
// no Authorization, no Reason (those make a key refusal).
inline const std::string deregistration =
  "REGISTER sip:ngn.example SIP/2.0\r\n"
  "Via: SIP/2.0/UDP 10.1.0.1:5060;branch=z9hG4bK000002a1.10;rport\r\n"
  "Max-Forwards: 70\r\n"
  "From: <sip:t1@ngn.example>;tag=000002a1.10\r\n"
  "To: <sip:t1@ngn.example>\r\n"
  "Call-ID: 0000002a@10.1.0.1\r\n"
  "CSeq: 10 REGISTER\r\n"
  "Contact: <sip:t1@10.1.0.1:5060>\r\n"
  "Expires: 0\r\n"
  "Content-Length: 0\r\n"
  "\r\n";

// RFC 3261 §10.3 step 8: the removed binding with expires=0 (every Contact carries its expires),
// no Authentication-Info.
inline const std::string deregistered_200 =
  "SIP/2.0 200 OK\r\n"
  "Via: SIP/2.0/UDP 10.1.0.1:5060;branch=z9hG4bK000002a1.10;rport\r\n"
  "From: <sip:t1@ngn.example>;tag=000002a1.10\r\n"
  "To: <sip:t1@ngn.example>;tag=ss00000000\r\n"
  "Call-ID: 0000002a@10.1.0.1\r\n"
  "CSeq: 10 REGISTER\r\n"
  "Contact: <sip:t1@10.1.0.1:5060>;expires=0\r\n"
  "Content-Length: 0\r\n"
  "\r\n";

inline keepalive_fields ka_fields() { return keepalive_answer(5060, sid, 1800); }

inline answer_fields dereg_fields() { return deregistered_answer(5060); }

/// The proxy's Via on the hop to the soft switch (RFC 3261 §16.6 step 8).
inline relay_edit up(std::string_view tid) {
  relay_edit e;
  e.direction = relay_edit::toward::softswitch;
  e.self = address{0x0a000002, 5060};
  e.tid = tid;
  return e;
}

inline relay_edit down() {
  relay_edit e;
  e.direction = relay_edit::toward::terminal;
  e.self = address{0x0a000002, 5060};
  return e;
}

} // namespace ngn::dialogue::sip_golden
