// Test-only: the values and helpers the golden tests of the registration's life share across
// bindings (mgcp_life_test.cpp, mgcp_binding_test.cpp, sip_binding_test.cpp; in part
// h248_life_test.cpp, h248_binding_test.cpp and ras_life_test.cpp): both mechanism lists, the
// session, both SPIs, the counting byte strings for RAND / AUTN / RES / E_Kc(SK) / MAC /
// E_Ksp(SK), terminal number 42 on the ports of its binding, the challenge and key fields, the
// H.248 goldens' challenge, key and RES, decode with the failure described, the answers' fields,
// every operation of the life on hostile input, and the search in and one-replacement edit of a
// golden text. Each was written out, with the same values, in every test that now includes this.
#pragma once

#include "protocols/dialogue/binding.hpp"

#include <boost/test/unit_test.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace ngn::dialogue::golden_values {

/// The terminal's list (RFC 3329 q-values ×1000).
inline const mechanism_list offered{{"aes-gcm", 900}, {"hmac-sha256", 500}};
/// The edge's list.
inline const mechanism_list edge{{"aes-gcm", 800}, {"hmac-sha256", 400}, {"null", 100}};
/// The session (128 bits; its first 32, 169 552 957, give MGCP challenge txid 339105913, key
/// 339105914).
inline const ngn::session_id sid = *ngn::session_id::parse("0a1b2c3d4e5f60718293a4b5c6d7e8f9");
inline constexpr std::uint32_t t_spi = 4097; // 0x1001: the terminal's inbound SPI
inline constexpr std::uint32_t e_spi = 8194; // 0x2002: the edge's inbound SPI

/// N octets from, from + 1, ...
template <std::size_t N>
std::array<std::uint8_t, N> counting(std::uint8_t from) {
  std::array<std::uint8_t, N> a{};
  for (std::size_t i = 0; i < N; ++i) a[i] = static_cast<std::uint8_t>(from + i);
  return a;
}

/// The session of the H.248 goldens: its first 32 bits are 1234 (RequestID, transaction ids).
inline const ngn::session_id h248_sid = *ngn::session_id::parse("000004d2a1b2c3d4e5f60718293a4b5c");

inline const rand_t rand_v = counting<16>(0x00);
inline const autn_t autn_v = counting<16>(0x10);
inline const res_t res_v = counting<8>(0x01);
inline const auto wrapped_t = counting<24>(0x30);
inline const auto mac_v = counting<16>(0x50);
inline const auto wrapped_e = counting<24>(0x70);

/// The challenge of the goldens: session sid, RAND rand_v, AUTN autn_v, the edge's list `e`,
/// sent from 10.0.0.1:`port`.
inline challenge_fields golden_challenge(const mechanism_list* e, std::uint16_t port) {
  challenge_fields f;
  f.session_id = sid;
  f.rand = rand_v;
  f.autn = autn_v;
  f.edge = e;
  f.local = address{0x0a000001, port};
  return f;
}

/// The key message of the goldens: session sid, aes-gcm chosen, E_Kc(SK) = wrapped_t; toward the
/// proxy with E_Ksp(SK) = wrapped_e, else (to the terminal) with MAC = mac_v and the edge's list.
inline success_fields golden_key(bool to_proxy) {
  success_fields f;
  f.session_id = sid;
  f.chosen = "aes-gcm";
  f.wrapped_t = ngn::byte_view{wrapped_t.data(), wrapped_t.size()};
  if (to_proxy) {
    f.wrapped_edge = ngn::byte_view{wrapped_e.data(), wrapped_e.size()};
  } else {
    f.mac = ngn::byte_view{mac_v.data(), mac_v.size()};
    f.edge = &edge;
  }
  return f;
}

/// Terminal number 42 (SIP Call-ID 0000002a@10.1.0.1), first attempt (serial 42·16+1 = 0x2a1),
/// at 10.1.0.1:`local_port`, next hop 10.0.0.1:`remote_port`, lifetime 3600 s, SPI t_spi.
inline terminal_view life_terminal(std::uint16_t local_port, std::uint16_t remote_port,
                                   std::uint32_t sequence) {
  terminal_view t;
  t.identity = "t1@ngn.example";
  t.domain = "ngn.example";
  t.local = address{0x0a010001, local_port};
  t.remote = address{0x0a000001, remote_port};
  t.number = 42;
  t.serial = 42 * 16 + 1;
  t.sequence = sequence;
  t.offered = &offered;
  t.lifetime = 3600;
  t.spi = t_spi;
  t.session_id = sid;
  return t;
}

/// `wire` decoded by `b`; the test stops, with the error and the wire, if it does not decode.
inline inbound decode_ok(const binding& b, const std::string& wire) {
  auto in = b.decode(wire);
  BOOST_REQUIRE_MESSAGE(in, (in ? std::string() : in.error().describe()) << "\n" << wire);
  return std::move(*in);
}

/// The error `b` finds in `wire`; the test stops if it decodes.
inline codec_error decode_err(const binding& b, const std::string& wire) {
  auto in = b.decode(wire);
  BOOST_REQUIRE_MESSAGE(!in, wire);
  return in.error();
}

/// The edge's answer to a keepalive, from 10.0.0.1:`port`, realm ngn.example.
inline keepalive_fields keepalive_answer(std::uint16_t port, const ngn::session_id& session,
                                         std::uint32_t lifetime) {
  keepalive_fields f;
  f.local = address{0x0a000001, port};
  f.realm = "ngn.example";
  f.session_id = session;
  f.lifetime = lifetime;
  return f;
}

/// The edge's answer to a de-registration, from 10.0.0.1:`port`, realm ngn.example.
inline answer_fields deregistered_answer(std::uint16_t port) {
  answer_fields f;
  f.local = address{0x0a000001, port};
  f.realm = "ngn.example";
  return f;
}

/// The challenge of the H.248 goldens (h248_golden.hpp): session 1234, RAND 00..0f,
/// AUTN 10..1f, aes-gcm chosen from `edge_list`, sent from `local`.
inline challenge_fields h248_challenge(const mechanism_list* edge_list, address local) {
  challenge_fields f;
  f.rand = counting<16>(0x00);
  f.autn = counting<16>(0x10);
  f.session_id = h248_sid;
  f.edge = edge_list;
  f.chosen = "aes-gcm";
  f.local = local;
  return f;
}
/// The key message of the H.248 goldens: session 1234, aes-gcm chosen, E_Kc(SK) = `wrapped`
/// (30..47 in the goldens), sent from `local`.
inline success_fields h248_key(ngn::byte_view wrapped, address local) {
  success_fields f;
  f.session_id = h248_sid;
  f.chosen = "aes-gcm";
  f.wrapped_t = wrapped;
  f.local = local;
  return f;
}
/// The RES of the H.248 goldens: 20..27.
inline const res_t h248_res = counting<8>(0x20);

/// Every operation of the registration's life on `wire`, for robustness (nothing checked but
/// that none crashes): when `b` cannot decode it, its malformed_answer; else the keepalive and
/// de-registration answers (`kf`, `af`), a rejection with `refusal`, and the relay toward the
/// edge (tid 9) and toward the terminal (edge SPI 4096). Whether `wire` decoded.
inline bool exercise_life(const binding& b, std::string_view wire, const keepalive_fields& kf,
                          const answer_fields& af, code refusal, address local) {
  auto in = b.decode(wire);
  if (!in) {
    (void)b.malformed_answer(wire, in.error(), local);
    return false;
  }
  (void)b.answer_keepalive(*in, kf);
  (void)b.answer_deregistration(*in, af);
  (void)b.rejection(*in, refusal, "x", local);
  relay_edit e;
  e.tid = "9";
  (void)b.relay(*in, e);
  e.direction = relay_edit::toward::terminal;
  e.edge_spi = 4096;
  (void)b.relay(*in, e);
  return true;
}

/// Whether `what` stands in `s`.
inline bool contains(const std::string& s, const std::string& what) {
  return s.find(what) != std::string::npos;
}

/// `wire` with the first occurrence of `from` replaced by `to`.
inline std::string with(std::string wire, const std::string& from, const std::string& to) {
  const auto at = wire.find(from);
  BOOST_REQUIRE_MESSAGE(at != std::string::npos, from);
  return wire.replace(at, from.size(), to);
}

} // namespace ngn::dialogue::golden_values
