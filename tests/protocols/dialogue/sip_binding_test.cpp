// Golden tests of the SIP binding (DESIGN.md §1.1, §1.2; wire-bindings.md §2): the exact bytes
// of the registration and of its life — keepalive (OPTIONS, RFC 3261 §11), de-registration
// (REGISTER Expires: 0, RFC 3261 §10.2.2) and their 200s — with the lifetime (Expires, Contact
// expires) and the SPIs of both ends (RFC 3329 mech-parameters spi-c / spi-s); decode back to the
// right step and fields, the proxy's relay, a re-registration on the same Call-ID with a higher
// CSeq (RFC 3261 §10.2.4), refusal vs de-registration, malformed variants, and tshark.
// The digests were computed independently (RFC 2617 §3.2.2 / RFC 3310 §3.3, Python hashlib).
#include "protocols/dialogue/sip_binding.hpp"
#include "protocols/sip/message.hpp"
#include "tests/common/test_bindings.hpp"
#include "tests/protocols/dialogue/golden_values.hpp"
#include "tests/protocols/dialogue/life_tshark.hpp"

#include "protocols/common/hex.hpp"

#include <boost/test/unit_test.hpp>

#include <random>

using namespace ngn;
using namespace ngn::dialogue;

namespace {

const binding& sip_b() { return ngn::test::binding_for(protocol::sip); }

using namespace golden_values; // offered, edge, sid, t_spi, e_spi, rand_v ... wrapped_e, with

/// Terminal number 42 (Call-ID 0000002a@10.1.0.1), first attempt (serial 42·16+1 = 0x2a1).
terminal_view terminal(std::uint32_t sequence) { return life_terminal(5060, 5060, sequence); }

inbound decode_ok(const std::string& wire) { return golden_values::decode_ok(sip_b(), wire); }

codec_error decode_err(const std::string& wire) { return golden_values::decode_err(sip_b(), wire); }

challenge_fields chal_fields(const mechanism_list* e, std::uint32_t spi) {
  challenge_fields f = golden_challenge(e, 5060);
  f.realm = "ngn.example";
  f.edge_spi = spi;
  return f;
}

success_fields key_fields(bool to_proxy) {
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
const std::string reg_request =
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
const std::string challenge_401 =
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
const std::string reg_message =
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
const std::string success_200 =
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
const std::string keepalive_options =
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
const std::string keepalive_200 =
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
const std::string deregistration =
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
const std::string deregistered_200 =
  "SIP/2.0 200 OK\r\n"
  "Via: SIP/2.0/UDP 10.1.0.1:5060;branch=z9hG4bK000002a1.10;rport\r\n"
  "From: <sip:t1@ngn.example>;tag=000002a1.10\r\n"
  "To: <sip:t1@ngn.example>;tag=ss00000000\r\n"
  "Call-ID: 0000002a@10.1.0.1\r\n"
  "CSeq: 10 REGISTER\r\n"
  "Contact: <sip:t1@10.1.0.1:5060>;expires=0\r\n"
  "Content-Length: 0\r\n"
  "\r\n";

keepalive_fields ka_fields() { return keepalive_answer(5060, sid, 1800); }

answer_fields dereg_fields() { return deregistered_answer(5060); }

/// The proxy's Via on the hop to the soft switch (RFC 3261 §16.6 step 8).
relay_edit up(std::string_view tid) {
  relay_edit e;
  e.direction = relay_edit::toward::softswitch;
  e.self = address{0x0a000002, 5060};
  e.tid = tid;
  return e;
}

relay_edit down() {
  relay_edit e;
  e.direction = relay_edit::toward::terminal;
  e.self = address{0x0a000002, 5060};
  return e;
}

} // namespace

BOOST_AUTO_TEST_SUITE(sip_binding_registration)

BOOST_AUTO_TEST_CASE(registration_request_carries_lifetime_and_terminal_spi) {
  BOOST_TEST(sip_b().reg_request(terminal(7)) == reg_request);
  const auto in = decode_ok(reg_request);
  BOOST_TEST((in.c.kind == step::reg_request));
  BOOST_TEST(in.c.identity == "t1@ngn.example");
  BOOST_TEST(in.c.tid == "z9hG4bK000002a1.7");
  BOOST_TEST((in.c.offered == offered));
  BOOST_TEST(in.c.lifetime == 3600u);
  BOOST_TEST(in.c.terminal_spi == t_spi);
  BOOST_TEST(in.c.edge_spi == 0u);
  BOOST_TEST(in.ack.empty());
}

BOOST_AUTO_TEST_CASE(challenge_carries_the_edge_spi_on_every_security_server_entry) {
  const auto req = decode_ok(reg_request);
  BOOST_TEST(sip_b().challenge(req, chal_fields(&edge, e_spi)) == challenge_401);
  const auto in = decode_ok(challenge_401);
  BOOST_TEST((in.c.kind == step::challenge));
  BOOST_TEST(in.c.session_id == sid);
  BOOST_TEST((in.c.edge == edge));
  BOOST_TEST(in.c.edge_spi == e_spi);
  BOOST_TEST((in.c.rand == rand_v));
  BOOST_TEST((in.c.autn == autn_v));
  // Without an SPI nothing is carried: the list as before.
  const auto bare = sip_b().challenge(req, chal_fields(&edge, 0));
  BOOST_TEST(bare.find("spi-s") == std::string::npos);
  BOOST_TEST(decode_ok(bare).c.edge_spi == 0u);
}

BOOST_AUTO_TEST_CASE(registration_message_carries_spi_lifetime_and_the_mirror) {
  const auto ch = decode_ok(challenge_401);
  BOOST_TEST(sip_b().reg_message(terminal(8), ch, res_v) == reg_message);
  const auto in = decode_ok(reg_message);
  BOOST_TEST((in.c.kind == step::reg_message));
  BOOST_TEST(in.c.session_id == sid);
  BOOST_TEST(in.c.terminal_spi == t_spi);
  BOOST_TEST(in.c.lifetime == 3600u);
  BOOST_TEST((in.c.edge == edge)); // names and q only (RFC 3329 §2.3.1)
  BOOST_TEST(ngn::test::proves(sip_b(), in, res_v, rand_v));
}

BOOST_AUTO_TEST_CASE(success_grants_the_lifetime_and_carries_the_edge_spi) {
  const auto reg = decode_ok(reg_message);
  BOOST_TEST(sip_b().success(reg, key_fields(false)) == success_200);
  const auto in = decode_ok(success_200);
  BOOST_TEST((in.c.kind == step::success));
  BOOST_TEST(in.c.lifetime == 3600u);
  BOOST_TEST(in.c.edge_spi == e_spi);
  BOOST_TEST(in.c.chosen == "aes-gcm");
  BOOST_TEST((in.c.mac == std::vector<std::uint8_t>(mac_v.begin(), mac_v.end())));
  // A shorter grant: both carriers say it; Contact's expires wins (RFC 3261 §10.2.1.1).
  auto f = key_fields(false);
  f.lifetime = 600;
  const auto short_grant = sip_b().success(reg, f);
  BOOST_TEST(short_grant.find("Contact: <sip:t1@10.1.0.1:5060>;expires=600\r\nExpires: 600\r\n")
             != std::string::npos);
  BOOST_TEST(decode_ok(short_grant).c.lifetime == 600u);
  BOOST_TEST(decode_ok(with(success_200, ";expires=3600", ";expires=900")).c.lifetime == 900u);
}

BOOST_AUTO_TEST_CASE(without_spis_nothing_is_carried) {
  // A client without sec-agree (SIPp) or an edge that gives no SPI: 0 = not carried.
  auto t = terminal(7);
  t.spi = 0;
  const auto req = sip_b().reg_request(t);
  BOOST_TEST(req == with(reg_request, "aes-gcm;q=0.9;spi-c=4097, hmac-sha256;q=0.5;spi-c=4097",
                         "aes-gcm;q=0.9, hmac-sha256;q=0.5"));
  BOOST_TEST(decode_ok(req).c.terminal_spi == 0u);
  t.offered = nullptr;
  t.spi = t_spi; // no list, no place for an SPI
  const auto plain = sip_b().reg_request(t);
  BOOST_TEST(plain.find("Security-Client") == std::string::npos);
  BOOST_TEST(plain.find("sec-agree") == std::string::npos);
  BOOST_TEST(decode_ok(plain).c.terminal_spi == 0u);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(sip_binding_life)

BOOST_AUTO_TEST_CASE(keepalive_is_options_to_the_domain) {
  BOOST_TEST(!sip_b().keepalive_by_edge());
  BOOST_TEST(sip_b().edge_keepalive(edge_keepalive_fields{}).empty());
  BOOST_TEST(sip_b().keepalive(terminal(9)) == keepalive_options);
  const auto in = decode_ok(keepalive_options);
  BOOST_TEST((in.c.kind == step::keepalive));
  BOOST_TEST(!in.c.is_response);
  BOOST_TEST(in.c.identity == "t1@ngn.example"); // the From: To names the server
  BOOST_TEST(in.c.tid == "z9hG4bK000002a1.9");
  BOOST_TEST(in.ack.empty());                    // the edge answers (answer_keepalive)
  // Each keepalive is a new call (RFC 3261 §8.1.1.4) and transaction.
  const auto next = sip_b().keepalive(terminal(11));
  BOOST_TEST(next.find("Call-ID: 0000002a.11@10.1.0.1\r\n") != std::string::npos);
  BOOST_TEST(next.find("CSeq: 11 OPTIONS\r\n") != std::string::npos);
  BOOST_TEST(next.find("branch=z9hG4bK000002a1.11;") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(keepalive_answer_is_200_to_the_options) {
  const auto ka = decode_ok(keepalive_options);
  BOOST_TEST(sip_b().answer_keepalive(ka, ka_fields()) == keepalive_200);
  const auto in = decode_ok(keepalive_200);
  BOOST_TEST((in.c.kind == step::keepalive_answer));
  BOOST_TEST(in.c.is_response);
  BOOST_TEST(in.c.identity == "t1@ngn.example");
  BOOST_TEST(in.c.tid == "z9hG4bK000002a1.9");
  BOOST_TEST((in.c.result == code::ok));
  // Only an OPTIONS is answered so.
  BOOST_TEST(sip_b().answer_keepalive(decode_ok(reg_request), ka_fields()).empty());
  BOOST_TEST(sip_b().answer_keepalive(in, ka_fields()).empty());
  // A rejected keepalive is a rejection (e.g. the edge knows no registration).
  const auto refused = sip_b().rejection(ka, code::forbidden, "not registered", {});
  const auto r = decode_ok(refused);
  BOOST_TEST((r.c.kind == step::rejection));
  BOOST_TEST(r.c.reason == "not registered");
  BOOST_TEST(r.c.identity == "t1@ngn.example");
}

BOOST_AUTO_TEST_CASE(deregistration_is_register_expires_0) {
  BOOST_TEST(sip_b().deregistration(terminal(10)) == deregistration);
  const auto in = decode_ok(deregistration);
  BOOST_TEST((in.c.kind == step::deregistration));
  BOOST_TEST(in.c.identity == "t1@ngn.example");
  BOOST_TEST(in.c.lifetime == 0u);
  BOOST_TEST(in.c.tid == "z9hG4bK000002a1.10");
  // Contact: * with Expires: 0 removes every binding too (RFC 3261 §10.2.2).
  const auto star = with(deregistration, "Contact: <sip:t1@10.1.0.1:5060>", "Contact: *");
  BOOST_TEST((decode_ok(star).c.kind == step::deregistration));
  // expires=0 on the Contact alone (§10.2.2: "for that contact address") ...
  const auto param = with(with(deregistration, "Expires: 0\r\n", ""), "5060>\r\n",
                          "5060>;expires=0\r\n");
  BOOST_TEST((decode_ok(param).c.kind == step::deregistration));
  BOOST_TEST(decode_ok(param).c.lifetime == 0u);
  // ... but not when the Contact keeps its binding (its expires wins over Expires, §10.2.1.1).
  const auto kept = with(deregistration, "5060>\r\n", "5060>;expires=60\r\n");
  BOOST_TEST((decode_ok(kept).c.kind == step::reg_request));
  BOOST_TEST(decode_ok(kept).c.lifetime == 60u);
}

BOOST_AUTO_TEST_CASE(deregistered_is_200_with_expires_0) {
  const auto dereg = decode_ok(deregistration);
  BOOST_TEST(sip_b().answer_deregistration(dereg, dereg_fields()) == deregistered_200);
  const auto in = decode_ok(deregistered_200);
  BOOST_TEST((in.c.kind == step::deregistered));
  BOOST_TEST(in.c.is_response);
  BOOST_TEST(in.c.identity == "t1@ngn.example");
  BOOST_TEST(in.c.tid == "z9hG4bK000002a1.10");
  // Either carrier says it: every Contact's expires=0, or Expires: 0 with no Contact saying
  // otherwise; the Contact's expires wins over Expires (RFC 3261 §10.2.1.1).
  const auto header = with(deregistered_200, ";expires=0\r\n", "\r\nExpires: 0\r\n");
  BOOST_TEST((decode_ok(header).c.kind == step::deregistered));
  const auto both = with(deregistered_200, ";expires=0\r\n", ";expires=0\r\nExpires: 0\r\n");
  BOOST_TEST((decode_ok(both).c.kind == step::deregistered));
  BOOST_TEST((decode_ok(with(both, "Expires: 0", "Expires: 60")).c.kind == step::deregistered));
  // A 200 that keeps a binding is not the answer to a de-registration.
  BOOST_TEST((decode_ok(with(deregistered_200, ";expires=0", ";expires=60")).c.kind
              == step::ack));
  BOOST_TEST((decode_ok(with(both, ";expires=0", ";expires=60")).c.kind == step::ack));
  BOOST_TEST((decode_ok(with(header, "Expires: 0", "Expires: 60")).c.kind == step::ack));
  BOOST_TEST((decode_ok(with(deregistered_200, ";expires=0", "")).c.kind == step::ack));
  // Contact: * is not echoed (RFC 3261 §10.3 step 8 lists the bindings left: none).
  const auto star =
    decode_ok(with(deregistration, "Contact: <sip:t1@10.1.0.1:5060>", "Contact: *"));
  const auto star_answer = sip_b().answer_deregistration(star, dereg_fields());
  BOOST_TEST(star_answer.find("Contact") == std::string::npos);
  BOOST_TEST(star_answer.find("\r\nExpires: 0\r\n") != std::string::npos);
  BOOST_TEST((decode_ok(star_answer).c.kind == step::deregistered));
  // Only a REGISTER is answered so.
  BOOST_TEST(sip_b().answer_deregistration(decode_ok(keepalive_options), dereg_fields()).empty());
  BOOST_TEST(sip_b().answer_deregistration(in, dereg_fields()).empty());
}

BOOST_AUTO_TEST_CASE(refusal_and_deregistration_are_told_apart) {
  const auto ch = decode_ok(challenge_401);
  const auto ok = decode_ok(success_200);
  // The key refusal: REGISTER Expires 0 with Reason (RFC 3326) and Authorization (nc 2).
  const auto refusal = sip_b().refusal(terminal(9), ch, ok, res_v, "tampering");
  BOOST_TEST(refusal.find("Expires: 0\r\n") != std::string::npos);
  BOOST_TEST(refusal.find("CSeq: 9 REGISTER\r\n") != std::string::npos);
  BOOST_TEST(refusal.find("Call-ID: 0000002a@10.1.0.1\r\n") != std::string::npos);
  const auto r = decode_ok(refusal);
  BOOST_TEST((r.c.kind == step::refusal));
  BOOST_TEST(r.c.reason == "tampering");
  BOOST_TEST(r.c.session_id == sid);
  // Without the Reason it is a de-registration, even with the credentials.
  const auto auth_no_reason = with(refusal, "Reason: SIP;cause=403;text=\"tampering\"\r\n", "");
  BOOST_TEST((decode_ok(auth_no_reason).c.kind == step::deregistration));
  // A Reason without Expires 0 but with credentials is still a refusal; with neither
  // credentials nor Expires 0 it is a registration request.
  const auto reason_only = with(refusal, "Expires: 0", "Expires: 3600");
  BOOST_TEST((decode_ok(reason_only).c.kind == step::refusal));
  const auto reason_on_dereg = with(deregistration, "Expires: 0\r\n",
                                    "Expires: 0\r\nReason: SIP;cause=200;text=\"x\"\r\n");
  const auto rd = decode_ok(reason_on_dereg);
  BOOST_TEST((rd.c.kind == step::refusal));
  BOOST_TEST(!rd.c.proof); // proves nothing: the soft switch ignores it
  BOOST_TEST(!ngn::test::proves(sip_b(), rd, res_v, rand_v));
  BOOST_TEST((decode_ok(with(reason_on_dereg, "Expires: 0", "Expires: 60")).c.kind
              == step::reg_request));
}

BOOST_AUTO_TEST_CASE(reregistration_keeps_the_call_id_and_raises_the_cseq) {
  // RFC 3261 §10.2.4: the same Call-ID for every registration of the terminal, CSeq growing by
  // its sequence; every request a branch of its own (§8.1.1.7).
  auto t = terminal(12);
  t.serial = 42 * 16 + 1; // a refresh starts over at attempt 1
  t.spi = 5000;
  const auto again = decode_ok(sip_b().reg_request(t));
  const auto first_in = decode_ok(reg_request);
  const auto& first = std::get<sip::message>(first_in.original);
  const auto& m = std::get<sip::message>(again.original);
  BOOST_TEST(m.call_id == first.call_id);
  BOOST_TEST(m.cseq.number == 12u);
  BOOST_TEST(m.cseq.number > 10u); // above the de-registration and the keepalives before it
  BOOST_TEST(again.c.tid != first_in.c.tid);
  BOOST_TEST(again.c.terminal_spi == 5000u);
  const auto ch = decode_ok(sip_b().challenge(again, chal_fields(&edge, e_spi)));
  const auto msg = decode_ok(sip_b().reg_message(terminal(13), ch, res_v));
  const auto& mm = std::get<sip::message>(msg.original);
  BOOST_TEST(mm.call_id == first.call_id);
  BOOST_TEST(mm.cseq.number == 13u);
  // A sequence that lags behind still moves CSeq forward within the Call-ID (§10.2).
  const auto lagging = decode_ok(sip_b().reg_message(terminal(5), ch, res_v));
  BOOST_TEST(std::get<sip::message>(lagging.original).cseq.number == 13u);
  // Without a sequence (0) the serial-based numbering of before: 1, then one more.
  auto legacy = terminal(0);
  const auto l1 = decode_ok(sip_b().reg_request(legacy));
  BOOST_TEST(std::get<sip::message>(l1.original).cseq.number == 1u);
  BOOST_TEST(l1.c.tid == "z9hG4bK000002a1.1");
  const auto l2 = decode_ok(
    sip_b().reg_message(legacy, decode_ok(sip_b().challenge(l1, chal_fields(&edge, 0))), res_v));
  BOOST_TEST(std::get<sip::message>(l2.original).cseq.number == 2u);
  // CSeq stays below 2^31 (RFC 3261 §8.1.1.5) whatever the sequence.
  const auto big = decode_ok(sip_b().keepalive(terminal(0x80000005u)));
  BOOST_TEST(std::get<sip::message>(big.original).cseq.number == 6u);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(sip_binding_relay)

BOOST_AUTO_TEST_CASE(proxy_adds_its_list_and_spi_to_the_challenge) {
  // 4 elements: the soft switch behind the proxy sends neither a list nor an SPI; the proxy
  // (the edge) adds both — the terminal gets the bytes of the 3-element challenge.
  const auto req = decode_ok(reg_request);
  const auto relayed_up = sip_b().relay(req, up("z9hG4bK-sp-1"));
  BOOST_TEST(relayed_up.rfind("REGISTER sip:ngn.example SIP/2.0\r\n"
                              "Via: SIP/2.0/UDP 10.0.0.2:5060;branch=z9hG4bK-sp-1\r\n"
                              "Via: SIP/2.0/UDP 10.1.0.1:5060;branch=z9hG4bK000002a1.7;rport\r\n"
                              "Max-Forwards: 69\r\n", 0) == 0u);
  const auto at_ss = decode_ok(relayed_up);
  BOOST_TEST(at_ss.c.terminal_spi == t_spi); // passes unchanged
  BOOST_TEST(at_ss.c.lifetime == 3600u);
  const auto ch = decode_ok(sip_b().challenge(at_ss, chal_fields(nullptr, 0)));
  BOOST_TEST(ch.c.edge_spi == 0u);
  auto e = down();
  e.edge = &edge;
  e.edge_spi = e_spi;
  BOOST_TEST(sip_b().relay(ch, e) == challenge_401);
  // The proxy's SPI replaces one the soft switch put there.
  const auto ss_spi = decode_ok(sip_b().challenge(at_ss, chal_fields(&edge, 300)));
  e.edge = nullptr;
  BOOST_TEST(sip_b().relay(ss_spi, e) == challenge_401);
}

BOOST_AUTO_TEST_CASE(proxy_strips_its_key_adds_the_mac_and_its_spi_to_the_success) {
  const auto reg = decode_ok(sip_b().relay(decode_ok(reg_message), up("z9hG4bK-sp-2")));
  const auto from_ss = decode_ok(sip_b().success(reg, key_fields(true)));
  BOOST_TEST(from_ss.c.lifetime == 3600u);
  BOOST_TEST(from_ss.c.edge_spi == 0u);
  auto e = down();
  e.edge = &edge;
  e.chosen = "aes-gcm";
  e.strip_wrapped_edge = true;
  e.mac = ngn::byte_view{mac_v.data(), mac_v.size()};
  e.edge_spi = e_spi;
  BOOST_TEST(sip_b().relay(from_ss, e) == success_200);
}

BOOST_AUTO_TEST_CASE(deregistration_goes_up_with_the_hop_branch_and_its_answer_down) {
  const auto dereg = decode_ok(deregistration);
  const auto relayed = sip_b().relay(dereg, up("z9hG4bK-sp-3"));
  const auto at_ss = decode_ok(relayed);
  BOOST_TEST((at_ss.c.kind == step::deregistration));
  BOOST_TEST(at_ss.c.tid == "z9hG4bK-sp-3");
  BOOST_TEST(at_ss.c.identity == "t1@ngn.example");
  const auto answer = decode_ok(sip_b().answer_deregistration(at_ss, dereg_fields()));
  BOOST_TEST((answer.c.kind == step::deregistered));
  BOOST_TEST(answer.c.tid == "z9hG4bK-sp-3");
  BOOST_TEST(sip_b().relay(answer, down()) == deregistered_200);
  // The keepalive is answered by the edge itself, never relayed: its answer is the same at any
  // edge (proxy or soft switch).
  const auto ka = decode_ok(keepalive_options);
  BOOST_TEST(sip_b().answer_keepalive(ka, ka_fields()) == keepalive_200);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(sip_binding_life_errors)

BOOST_AUTO_TEST_CASE(spis_outside_rfc4303_or_inconsistent_are_malformed) {
  for (const std::string bad : {"spi-c=255", "spi-c=0", "spi-c=abc", "spi-c=4294967296",
                                "spi-c=-4097", "spi-c="}) {
    const auto wire = with(reg_request, "aes-gcm;q=0.9;spi-c=4097", "aes-gcm;q=0.9;" + bad);
    auto err = sip_b().decode(wire);
    if (err) {
      BOOST_TEST(false, bad << " decoded");
      continue;
    }
    BOOST_TEST((err.error().kind == errc::malformed), bad);
    // The registrar answers 400 (RFC 3261 §21.4.1).
    BOOST_TEST(sip_b().malformed_answer(wire, err.error(), {}).rfind("SIP/2.0 400 ", 0) == 0u,
               bad);
  }
  BOOST_TEST((decode_err(with(reg_request, "hmac-sha256;q=0.5;spi-c=4097",
                              "hmac-sha256;q=0.5;spi-c=4098")).kind == errc::malformed));
  // The largest SPI and the smallest are fine; an entry without spi-c takes the others'.
  BOOST_TEST(decode_ok(with(with(reg_request, "spi-c=4097", "spi-c=4294967295"), "spi-c=4097",
                            "spi-c=4294967295")).c.terminal_spi == 4294967295u);
  BOOST_TEST(decode_ok(with(reg_request, ";spi-c=4097,", ",")).c.terminal_spi == t_spi);
  BOOST_TEST(decode_ok(with(with(reg_request, "spi-c=4097", "spi-c=256"), "spi-c=4097",
                            "spi-c=256")).c.terminal_spi == 256u);
  // In the challenge too (RFC 3329 §2.3.1: the 401 is checked before anything is sent).
  BOOST_TEST((decode_err(with(challenge_401, "q=0.8;spi-s=8194", "q=0.8;spi-s=12")).kind
              == errc::malformed));
  // The success is not dropped for it: its SPI counts as not carried, the MAC check refuses.
  const auto odd = decode_ok(with(success_200, "spi-s=8194", "spi-s=12"));
  BOOST_TEST((odd.c.kind == step::success));
  BOOST_TEST(odd.c.edge_spi == 0u);
}

BOOST_AUTO_TEST_CASE(other_methods_keep_their_405_and_malformed_options_get_400) {
  const auto subscribe = with(with(keepalive_options, "OPTIONS sip:", "SUBSCRIBE sip:"),
                              "9 OPTIONS", "9 SUBSCRIBE");
  const auto err = decode_err(subscribe);
  BOOST_TEST((err.kind == errc::unsupported));
  const auto answer = sip_b().malformed_answer(subscribe, err, address{0x0a000001, 5060});
  BOOST_TEST(answer.rfind("SIP/2.0 405 Method Not Allowed\r\n", 0) == 0u, answer);
  BOOST_TEST(answer.find("Allow: REGISTER, OPTIONS\r\n") != std::string::npos, answer);
  // RFC 3261 §8.1.1: an OPTIONS without Call-ID is malformed; a 400 could not be matched
  // without it (§8.2.6.2), so nothing is answered. Max-Forwards may be absent.
  const auto no_call_id = with(keepalive_options, "Call-ID: 0000002a.9@10.1.0.1\r\n", "");
  const auto e1 = decode_err(no_call_id);
  BOOST_TEST((e1.kind == errc::malformed));
  BOOST_TEST(sip_b().malformed_answer(no_call_id, e1, {}).empty());
  BOOST_TEST((decode_ok(with(keepalive_options, "Max-Forwards: 70\r\n", "")).c.kind
              == step::keepalive));
  // A CSeq method other than the request's (§8.1.1.5): 400.
  const auto wrong_cseq = with(keepalive_options, "9 OPTIONS", "9 REGISTER");
  const auto e2 = decode_err(wrong_cseq);
  BOOST_TEST(sip_b().malformed_answer(wrong_cseq, e2, {}).rfind("SIP/2.0 400 ", 0) == 0u);
  // A negative answer to OPTIONS is a rejection, whatever CSeq says.
  const auto ka = decode_ok(keepalive_options);
  auto forbidden = sip::make_response(std::get<sip::message>(ka.original), 403, "Forbidden");
  BOOST_TEST((decode_ok(sip::encode(forbidden)).c.kind == step::rejection));
}

BOOST_AUTO_TEST_CASE(every_prefix_and_mutation_of_the_life_messages_is_handled) {
  // No crash, and whatever is built from what decoded is SIP again (or nothing).
  std::mt19937 gen(20269);
  std::size_t decoded = 0, unparsable = 0;
  const auto built = [&](const inbound& in) {
    ++decoded;
    auto e = down();
    e.edge = &edge;
    e.edge_spi = e_spi;
    // (A response relayed toward the terminal loses the proxy's Via: only those that have one.)
    const bool via_to_pop = std::get<sip::message>(in.original).vias.size() > 1;
    for (const auto& out : {sip_b().answer_keepalive(in, ka_fields()),
                            sip_b().answer_deregistration(in, dereg_fields()),
                            via_to_pop ? sip_b().relay(in, e) : std::string(),
                            sip_b().relay(in, up("z9hG4bK-x"))})
      if (!out.empty() && !sip::parse(out)) ++unparsable;
  };
  const auto via = [](const std::string& w) {
    return with(w, "Via: ", "Via: SIP/2.0/UDP 10.0.0.2:5060;branch=z9hG4bK-sp-9\r\nVia: ");
  };
  for (const std::string& wire : {keepalive_options, keepalive_200, deregistration,
                                  deregistered_200, reg_request, challenge_401, success_200,
                                  via(deregistered_200), via(challenge_401), via(success_200)}) {
    for (std::size_t n = 0; n < wire.size(); ++n) {
      const auto in = sip_b().decode(wire.substr(0, n));
      if (in) built(*in);
      else (void)sip_b().malformed_answer(wire.substr(0, n), in.error(), {});
    }
    for (int i = 0; i < 300; ++i) {
      std::string m = wire;
      m[gen() % m.size()] = static_cast<char>(gen());
      const auto in = sip_b().decode(m);
      if (in) built(*in);
      else (void)sip_b().malformed_answer(m, in.error(), {});
    }
  }
  BOOST_TEST(decoded > 0u);
  BOOST_TEST(unparsable == 0u);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(sip_binding_life_wire, *boost::unit_test::precondition(
                                                pcap_test::tshark_present{"the SIP wire check"}))

BOOST_AUTO_TEST_CASE(registration_keepalive_deregistration_and_refresh_dissect_cleanly) {
  // RFC 3261: REGISTER/401/REGISTER/200, OPTIONS/200, REGISTER Expires 0/200, then a
  // re-registration on the same Call-ID with a higher CSeq and its 401.
  auto t = terminal(11);
  t.spi = 6000;
  const auto again = sip_b().reg_request(t);
  const auto again_401 = sip_b().challenge(decode_ok(again), chal_fields(&edge, 7000));
  const std::vector<life_test::hop> hops = {
    {true, reg_request},       {false, challenge_401}, {true, reg_message},
    {false, success_200},      {true, keepalive_options}, {false, keepalive_200},
    {true, deregistration},    {false, deregistered_200}, {true, again},
    {false, again_401},
  };
  const auto path = life_test::check_wire(hops, "sip_life", 5060, 5060,
                                          {"sip", "sip.response-request", 5});
  // tshark reads the carriers: spi-c / spi-s (TS 33.203 names), Expires, the methods.
  const auto rows = pcap_test::lines(life_test::tshark(
    path, "-T fields -E occurrence=f -e sip.Method -e sip.Status-Code -e sip.CSeq.seq "
          "-e sip.sec_mechanism.spi_c -e sip.sec_mechanism.spi_s -e sip.Expires"));
  BOOST_REQUIRE_EQUAL(rows.size(), hops.size());
  BOOST_TEST(rows[0] == "REGISTER\t\t7\t4097\t\t3600");
  BOOST_TEST(rows[1] == "\t401\t7\t\t8194\t");
  BOOST_TEST(rows[3] == "\t200\t8\t\t8194\t3600");
  BOOST_TEST(rows[4] == "OPTIONS\t\t9\t\t\t");
  BOOST_TEST(rows[5] == "\t200\t9\t\t\t");
  BOOST_TEST(rows[6] == "REGISTER\t\t10\t\t\t0");
  BOOST_TEST(rows[7] == "\t200\t10\t\t\t");
  BOOST_TEST(rows[8] == "REGISTER\t\t11\t6000\t\t3600");
  BOOST_TEST(rows[9] == "\t401\t11\t\t7000\t");
  // Nothing is taken for a retransmission: one Call-ID, CSeq growing.
  BOOST_TEST(life_test::tshark(path, "-Y \"sip.resend == 1\" -T fields -e frame.number").empty());
  // Wireshark's reading of the bindings: one asked for, one removed.
  const auto info = pcap_test::lines(life_test::tshark(path, "-T fields -e _ws.col.Info"));
  BOOST_REQUIRE_EQUAL(info.size(), hops.size());
  BOOST_TEST(info[6].find("(remove 1 binding)") != std::string::npos, info[6]);
  BOOST_TEST(info[7].find("(removed 1 binding)") != std::string::npos, info[7]);
}

BOOST_AUTO_TEST_SUITE_END()
