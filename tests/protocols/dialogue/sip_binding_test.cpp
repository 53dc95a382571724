// Golden tests of the SIP binding's registration (DESIGN.md §1.1; wire-bindings.md §2): the
// exact bytes of its four messages with the lifetime (Expires, Contact expires) and the SPIs of
// both ends (RFC 3329 mech-parameters spi-c / spi-s), decoded back to the right step and fields,
// and the proxy's relay of each. The messages: sip_golden.hpp; the life: sip_life_test.cpp.
#include "tests/protocols/dialogue/sip_golden.hpp"

#include <boost/test/unit_test.hpp>

using namespace ngn;
using namespace ngn::dialogue;
using namespace ngn::dialogue::sip_golden;
using namespace ngn::dialogue::golden_values;

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
