// Golden tests of the registration's life in the MGCP binding (DESIGN.md §1.2, RFC 3435): the
// edge's audit (AUEP, §2.3.10) and its ack, the de-registration (RSIP RM: forced, §2.3.12) and its
// ack, the lifetime (X-LT) and the SPIs of both ends (X-SPIC, X-SPIS) on the registration's
// commands; decode of each into its step and fields, the proxy's relay, transaction ids from the
// terminal's sequence, refusal vs de-registration, malformed variants, and tshark.
#include "protocols/dialogue/mgcp_binding.hpp"
#include "tests/common/test_bindings.hpp"
#include "tests/protocols/dialogue/golden_values.hpp"
#include "tests/protocols/dialogue/life_tshark.hpp"

#include "protocols/common/hex.hpp"

#include <boost/test/unit_test.hpp>

using namespace ngn;
using namespace ngn::dialogue;

namespace {

const binding& mgcp_b() { return ngn::test::binding_for(protocol::mgcp); }

using namespace golden_values; // offered, edge, sid, t_spi, e_spi, rand_v ... wrapped_e, with

/// Terminal 42 on the MGCP ports (gateway 2427, call agent 2727).
terminal_view terminal(std::uint32_t sequence) { return life_terminal(2427, 2727, sequence); }

inbound decode_ok(const std::string& wire) { return golden_values::decode_ok(mgcp_b(), wire); }

/// The answer an undecodable command gets (RFC 3435 §2.4).
std::string answer_to(const std::string& wire) {
  auto in = mgcp_b().decode(wire);
  BOOST_REQUIRE_MESSAGE(!in, wire);
  return mgcp_b().malformed_answer(wire, in.error(), address{0x0a000001, 2727});
}

challenge_fields chal_fields(const mechanism_list* e, std::string_view chosen, std::uint32_t spi) {
  challenge_fields f = golden_challenge(e, 2727);
  f.chosen = chosen;
  f.edge_spi = spi;
  return f;
}

success_fields key_fields(bool to_proxy) {
  success_fields f = golden_key(to_proxy);
  f.lifetime = 3600;
  if (!to_proxy) f.edge_spi = e_spi;
  return f;
}

// -- the golden messages (RFC 3435 §3.2: command line, `code: value` lines, CRLF) --------------

// §2.3.12 RestartInProgress: RM restart = back in service; the lifetime asked for and the
// terminal's SPI as non-critical extension parameters (App. A "X-" 1*6 ALPHA/DIGIT); the
// transaction id is the terminal's sequence (§3.2.1.2).
const std::string rsip =
  "RSIP 7 t1@ngn.example MGCP 1.0\r\n"
  "RM: restart\r\n"
  "X-SECM: aes-gcm;q=0.9,hmac-sha256;q=0.5\r\n"
  "X-LT: 3600\r\n"
  "X-SPIC: 4097\r\n";

// §2.3.3 NotificationRequest from the call agent (the soft switch as the edge): its SPI last.
const std::string challenge_rqnt =
  "RQNT 339105913 t1@ngn.example MGCP 1.0\r\n"
  "N: ss@10.0.0.1:2727\r\n"
  "X: 0A1B2C3D4E5F60718293A4B5C6D7E8F9\r\n"
  "R: X-SEC/resp, X-SEC/auts\r\n"
  "S: X-SEC/chal(000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f)\r\n"
  "X-RSLT: 401\r\n"
  "X-CHAL: 000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f\r\n"
  "X-SECM: aes-gcm;q=0.8,hmac-sha256;q=0.4,null;q=0.1\r\n"
  "X-SECC: aes-gcm;q=0.8\r\n"
  "X-SPIS: 8194\r\n";

// §2.3.4 Notify echoing X: — the lifetime and the terminal's SPI again.
const std::string ntfy =
  "NTFY 8 t1@ngn.example MGCP 1.0\r\n"
  "X: 0A1B2C3D4E5F60718293A4B5C6D7E8F9\r\n"
  "O: X-SEC/resp(0102030405060708)\r\n"
  "X-RESP: 0102030405060708\r\n"
  "X-RAND: 000102030405060708090a0b0c0d0e0f\r\n"
  "X-SECM: aes-gcm;q=0.9,hmac-sha256;q=0.5\r\n"
  "X-SECV: aes-gcm;q=0.8,hmac-sha256;q=0.4,null;q=0.1\r\n"
  "X-LT: 3600\r\n"
  "X-SPIC: 4097\r\n";

// The key RQNT: the granted lifetime and the edge's SPI after the chosen mechanism.
const std::string key_rqnt =
  "RQNT 339105914 t1@ngn.example MGCP 1.0\r\n"
  "X: 0A1B2C3D4E5F60718293A4B5C6D7E8F9\r\n"
  "R: L/hd(N)\r\n"
  "S: X-SEC/key(303132333435363738393a3b3c3d3e3f4041424344454647)\r\n"
  "X-RSLT: 200\r\n"
  "X-SKEY: 303132333435363738393a3b3c3d3e3f4041424344454647\r\n"
  "X-MAC: 505152535455565758595a5b5c5d5e5f\r\n"
  "X-SECM: aes-gcm;q=0.8\r\n"
  "X-LT: 3600\r\n"
  "X-SPIS: 8194\r\n";

// §2.3.10 AuditEndpoint without RequestedInfo: the endpoint answers with a bare 200 (§3.3).
const std::string auep = "AUEP 5 t1@ngn.example MGCP 1.0\r\n";
const std::string auep_ack = "200 5 OK\r\n";

// §2.3.12: RM forced = the endpoint is out of service at once.
const std::string rsip_forced =
  "RSIP 10 t1@ngn.example MGCP 1.0\r\n"
  "RM: forced\r\n";
const std::string rsip_forced_ack = "200 10 OK\r\n";

edge_keepalive_fields audit(std::uint32_t sequence) {
  edge_keepalive_fields f;
  f.identity = "t1@ngn.example";
  f.local = address{0x0a000001, 2727};
  f.sequence = sequence;
  return f;
}

relay_edit up(std::string_view tid) {
  relay_edit e;
  e.direction = relay_edit::toward::softswitch;
  e.self = address{0x0a000002, 2727};
  e.tid = tid;
  return e;
}

relay_edit down(std::string_view tid = {}) {
  relay_edit e;
  e.direction = relay_edit::toward::terminal;
  e.self = address{0x0a000002, 2727};
  e.tid = tid;
  return e;
}

} // namespace

BOOST_AUTO_TEST_SUITE(mgcp_life_carriers)

BOOST_AUTO_TEST_CASE(rsip_carries_the_requested_lifetime_and_the_terminal_spi) {
  BOOST_TEST(mgcp_b().reg_request(terminal(7)) == rsip);
  const auto in = decode_ok(rsip);
  BOOST_TEST((in.c.kind == step::reg_request));
  BOOST_TEST(in.c.tid == "7");
  BOOST_TEST(in.c.lifetime == 3600u);
  BOOST_TEST(in.c.terminal_spi == t_spi);
  BOOST_TEST(in.c.edge_spi == 0u);
  BOOST_TEST(in.ack == "200 7 OK\r\n");
}

BOOST_AUTO_TEST_CASE(challenge_carries_the_edge_spi) {
  const auto req = decode_ok(rsip);
  BOOST_TEST(mgcp_b().challenge(req, chal_fields(&edge, "aes-gcm", e_spi)) == challenge_rqnt);
  const auto in = decode_ok(challenge_rqnt);
  BOOST_TEST((in.c.kind == step::challenge));
  BOOST_TEST(in.c.edge_spi == e_spi);
  BOOST_TEST(in.c.session_id == sid);
  BOOST_TEST(mgcp_b().challenge(req, chal_fields(&edge, "aes-gcm", 0)).find("X-SPIS")
             == std::string::npos);
}

BOOST_AUTO_TEST_CASE(ntfy_carries_the_lifetime_and_the_terminal_spi_again) {
  const auto ch = decode_ok(challenge_rqnt);
  BOOST_TEST(mgcp_b().reg_message(terminal(8), ch, res_v) == ntfy);
  const auto in = decode_ok(ntfy);
  BOOST_TEST((in.c.kind == step::reg_message));
  BOOST_TEST(in.c.tid == "8");
  BOOST_TEST(in.c.lifetime == 3600u);
  BOOST_TEST(in.c.terminal_spi == t_spi);
  BOOST_TEST((in.c.edge == edge));
  BOOST_TEST(ngn::test::proves(mgcp_b(), in, res_v, rand_v));
  // The resynchronisation and the failed check are registration messages too.
  const auto resync = decode_ok(mgcp_b().resync_message(terminal(9), ch, auts_t{}));
  BOOST_TEST(resync.c.terminal_spi == t_spi);
  BOOST_TEST(resync.c.tid == "9");
  BOOST_TEST(decode_ok(mgcp_b().auth_failure(terminal(9), ch)).c.lifetime == 3600u);
}

BOOST_AUTO_TEST_CASE(key_rqnt_grants_the_lifetime_and_carries_the_edge_spi) {
  const auto reg = decode_ok(ntfy);
  BOOST_TEST(mgcp_b().success(reg, key_fields(false)) == key_rqnt);
  const auto in = decode_ok(key_rqnt);
  BOOST_TEST((in.c.kind == step::success));
  BOOST_TEST(in.c.lifetime == 3600u);
  BOOST_TEST(in.c.edge_spi == e_spi);
  auto f = key_fields(false);
  f.lifetime = 600;
  BOOST_TEST(decode_ok(mgcp_b().success(reg, f)).c.lifetime == 600u);
}

BOOST_AUTO_TEST_CASE(zero_is_not_carried) {
  auto t = terminal(7);
  t.spi = 0;
  const auto plain = mgcp_b().reg_request(t);
  BOOST_TEST(plain == with(rsip, "X-SPIC: 4097\r\n", ""));
  BOOST_TEST(decode_ok(plain).c.terminal_spi == 0u);
  // A client that asks no lifetime: nothing carried, 0 decoded (the registrar's default).
  const auto none = with(plain, "X-LT: 3600\r\n", "");
  BOOST_TEST(decode_ok(none).c.lifetime == 0u);
  auto f = key_fields(false);
  f.edge_spi = 0;
  f.lifetime = 0;
  const auto key = mgcp_b().success(decode_ok(ntfy), f);
  BOOST_TEST(key.find("X-LT") == std::string::npos);
  BOOST_TEST(key.find("X-SPIS") == std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(mgcp_life_steps)

BOOST_AUTO_TEST_CASE(the_edge_audits_with_auep_and_the_ack_answers_it) {
  BOOST_TEST(mgcp_b().keepalive_by_edge());
  BOOST_TEST(mgcp_b().keepalive(terminal(9)).empty());
  BOOST_TEST(mgcp_b().edge_keepalive(audit(5)) == auep);
  const auto in = decode_ok(auep);
  BOOST_TEST((in.c.kind == step::keepalive));
  BOOST_TEST(!in.c.is_response);
  BOOST_TEST(in.c.identity == "t1@ngn.example");
  BOOST_TEST(in.c.tid == "5");
  BOOST_TEST(in.ack == auep_ack); // the terminal's automatic answer
  BOOST_TEST(mgcp_b().answer_keepalive(in, keepalive_fields{}).empty());
  const auto ack = decode_ok(auep_ack);
  BOOST_TEST((ack.c.kind == step::ack));
  BOOST_TEST(ack.c.is_response);
  BOOST_TEST(ack.c.tid == "5");
  // With requested info (RFC 3435 §2.3.10 F:) it is still the audit.
  BOOST_TEST((decode_ok(auep + "F: A\r\n").c.kind == step::keepalive));
  // Transaction ids stay in 1..999 999 999 (§3.2.1.2).
  BOOST_TEST(mgcp_b().edge_keepalive(audit(0)) == "AUEP 999999999 t1@ngn.example MGCP 1.0\r\n");
  BOOST_TEST(mgcp_b().edge_keepalive(audit(1'000'000'000)) == "AUEP 1 t1@ngn.example MGCP 1.0\r\n");
  // Not an endpoint name: nothing to send.
  auto bad = audit(5);
  bad.identity = "no endpoint";
  BOOST_TEST(mgcp_b().edge_keepalive(bad).empty());
}

BOOST_AUTO_TEST_CASE(deregistration_is_rsip_forced_and_its_ack_answers_it) {
  BOOST_TEST(mgcp_b().deregistration(terminal(10)) == rsip_forced);
  const auto in = decode_ok(rsip_forced);
  BOOST_TEST((in.c.kind == step::deregistration));
  BOOST_TEST(in.c.identity == "t1@ngn.example");
  BOOST_TEST(in.c.lifetime == 0u);
  BOOST_TEST(in.c.tid == "10");
  BOOST_TEST(in.ack == rsip_forced_ack);
  BOOST_TEST(mgcp_b().answer_deregistration(in, answer_fields{}).empty());
  BOOST_TEST((decode_ok(rsip_forced_ack).c.kind == step::ack));
  // RM: graceful (with its delay) ends it too; restart and disconnected do not.
  BOOST_TEST((decode_ok("RSIP 11 t1@ngn.example MGCP 1.0\r\nRM: graceful\r\nRD: 30\r\n").c.kind
              == step::deregistration));
  BOOST_TEST((decode_ok("RSIP 12 t1@ngn.example MGCP 1.0\r\nRM: FORCED\r\n").c.kind
              == step::deregistration));
  BOOST_TEST((decode_ok("RSIP 13 t1@ngn.example MGCP 1.0\r\nRM: disconnected\r\n").c.kind
              == step::reg_request));
}

BOOST_AUTO_TEST_CASE(refusal_and_deregistration_are_told_apart) {
  // The refusal answers the key RQNT (538 with RES); the de-registration is a command of its own.
  const auto refusal =
    decode_ok(mgcp_b().refusal(terminal(9), decode_ok(challenge_rqnt), decode_ok(key_rqnt),
                               res_v, "tampering"));
  BOOST_TEST((refusal.c.kind == step::refusal));
  BOOST_TEST(refusal.c.is_response);
  BOOST_TEST(refusal.c.session_id == sid);
  const auto dereg = decode_ok(mgcp_b().deregistration(terminal(10)));
  BOOST_TEST((dereg.c.kind == step::deregistration));
  BOOST_TEST(!dereg.c.is_response);
  BOOST_TEST(!dereg.c.proof);
}

BOOST_AUTO_TEST_CASE(transaction_ids_follow_the_terminal_sequence) {
  // A re-registration is new transactions (RFC 3435 §3.5: a reused id is a retransmission).
  const auto first = decode_ok(mgcp_b().reg_request(terminal(7)));
  const auto again = decode_ok(mgcp_b().reg_request(terminal(12)));
  BOOST_TEST(first.c.tid == "7");
  BOOST_TEST(again.c.tid == "12");
  BOOST_TEST(decode_ok(mgcp_b().reg_request(terminal(1'000'000'005))).c.tid == "6");
  // Without a sequence, the serial-based ids (serial·16 + kind).
  auto legacy = terminal(0);
  BOOST_TEST(decode_ok(mgcp_b().reg_request(legacy)).c.tid == std::to_string(673 * 16 + 1));
  BOOST_TEST(decode_ok(mgcp_b().deregistration(legacy)).c.tid == std::to_string(673 * 16));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(mgcp_life_relay)

BOOST_AUTO_TEST_CASE(proxy_adds_its_spi_to_the_challenge_and_the_key) {
  const auto at_ss = decode_ok(mgcp_b().relay(decode_ok(rsip), up("3")));
  BOOST_TEST(at_ss.c.tid == "3");
  BOOST_TEST(at_ss.c.lifetime == 3600u); // passes unchanged
  BOOST_TEST(at_ss.c.terminal_spi == t_spi);
  auto e = down();
  e.edge = &edge;
  e.chosen = "aes-gcm";
  e.edge_spi = e_spi;
  const auto expected = with(challenge_rqnt, "ss@10.0.0.1", "sp@10.0.0.2");
  const auto bare = decode_ok(mgcp_b().challenge(at_ss, chal_fields(nullptr, {}, 0)));
  BOOST_TEST(mgcp_b().relay(bare, e) == expected);
  // The proxy's SPI replaces one the soft switch put there.
  const auto with_spi = decode_ok(mgcp_b().challenge(at_ss, chal_fields(nullptr, {}, 300)));
  BOOST_TEST(mgcp_b().relay(with_spi, e) == expected);
  // The key RQNT: its copy stripped, the MAC, the choice and its SPI added — the bytes of the
  // 3-element key RQNT.
  const auto reg = decode_ok(mgcp_b().relay(decode_ok(ntfy), up("4")));
  BOOST_TEST(reg.c.terminal_spi == t_spi);
  const auto from_ss = decode_ok(mgcp_b().success(reg, key_fields(true)));
  BOOST_TEST(from_ss.c.edge_spi == 0u);
  BOOST_TEST(from_ss.c.lifetime == 3600u);
  e.strip_wrapped_edge = true;
  e.mac = ngn::byte_view{mac_v.data(), mac_v.size()};
  BOOST_TEST(mgcp_b().relay(from_ss, e) == key_rqnt);
}

BOOST_AUTO_TEST_CASE(deregistration_goes_up_with_the_hop_tid_and_its_ack_comes_down) {
  const auto relayed = mgcp_b().relay(decode_ok(rsip_forced), up("3"));
  BOOST_TEST(relayed == "RSIP 3 t1@ngn.example MGCP 1.0\r\nRM: forced\r\n");
  const auto at_ss = decode_ok(relayed);
  BOOST_TEST((at_ss.c.kind == step::deregistration));
  BOOST_TEST(at_ss.ack == "200 3 OK\r\n");
  const auto ack = decode_ok(at_ss.ack);
  BOOST_TEST(mgcp_b().relay(ack, down("10")) == rsip_forced_ack);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(mgcp_life_errors)

BOOST_AUTO_TEST_CASE(unreadable_lifetimes_and_spis_get_539) {
  // RFC 3435 §2.4 / RFC 3661: 539 unsupported or invalid command parameter.
  for (const std::string bad : {"X-LT: abc", "X-LT: -1", "X-LT: 4294967296", "X-LT: 1e3",
                                "X-LT:"}) {
    const auto a = answer_to(with(rsip, "X-LT: 3600", bad));
    BOOST_TEST(a.rfind("539 7 Unsupported or invalid command parameter\r\nX-RSN: ", 0) == 0u, a);
    BOOST_TEST(a.find("X-LT") != std::string::npos, a);
  }
  for (const std::string bad : {"X-SPIC: 255", "X-SPIC: 0", "X-SPIC: 0x1001",
                                "X-SPIC: 4294967296"}) {
    const auto a = answer_to(with(rsip, "X-SPIC: 4097", bad));
    BOOST_TEST(a.rfind("539 7 ", 0) == 0u, a);
    BOOST_TEST(a.find("RFC 4303") != std::string::npos, a);
    BOOST_TEST(answer_to(with(ntfy, "X-SPIC: 4097", bad)).rfind("539 8 ", 0) == 0u);
  }
  BOOST_TEST(answer_to(with(challenge_rqnt, "X-SPIS: 8194", "X-SPIS: 12"))
               .rfind("539 339105913 ", 0) == 0u);
  // Bounds: 256 and 2^32-1 are SPIs, 0 lifetime is "none".
  BOOST_TEST(decode_ok(with(rsip, "X-SPIC: 4097", "X-SPIC: 256")).c.terminal_spi == 256u);
  BOOST_TEST(decode_ok(with(rsip, "X-SPIC: 4097", "X-SPIC: 4294967295")).c.terminal_spi
             == 4294967295u);
  BOOST_TEST(decode_ok(with(rsip, "X-LT: 3600", "X-LT: 0")).c.lifetime == 0u);
  // A repeated line is refused by the codec (a security measure): 510 protocol error.
  BOOST_TEST(answer_to(rsip + "X-LT: 60\r\n").rfind("510 7 ", 0) == 0u);
  // The key RQNT is not dropped for them: not carried (0), its receiver's checks decide.
  const auto key = decode_ok(with(with(key_rqnt, "X-SPIS: 8194", "X-SPIS: zz"), "X-LT: 3600",
                                  "X-LT: -5"));
  BOOST_TEST((key.c.kind == step::success));
  BOOST_TEST(key.c.edge_spi == 0u);
  BOOST_TEST(key.c.lifetime == 0u);
}

BOOST_AUTO_TEST_CASE(malformed_audits_and_deregistrations_get_rfc3435_codes) {
  BOOST_TEST(answer_to("AUEP 5 t1@ngn.example MGCP 1.1\r\n").rfind("528 5 ", 0) == 0u);
  BOOST_TEST(answer_to("AUEP 5 t1@ngn.example MGCP 1.0\r\nX+PROBE: 1\r\n")
               .rfind("511 5 Unrecognized extension\r\n", 0) == 0u);
  BOOST_TEST(answer_to("RSIP 10 t1@ngn.example MGCP 1.0\r\nRM: forced\r\nRM: forced\r\n")
               .rfind("510 10 ", 0) == 0u);
  BOOST_TEST(answer_to("RSIP 10 t1@ngn.example MGCP 1.0\r\n").rfind("510 10 ", 0) == 0u);
  // Every prefix and byte mutation: no crash, and an ack only for what decoded as a command.
  std::size_t decoded = 0;
  for (const std::string& wire : {auep, rsip_forced, auep_ack, rsip, challenge_rqnt, key_rqnt}) {
    for (std::size_t n = 0; n <= wire.size(); ++n) {
      auto in = mgcp_b().decode(wire.substr(0, n));
      if (!in) {
        (void)mgcp_b().malformed_answer(wire.substr(0, n), in.error(), {});
        continue;
      }
      ++decoded;
      BOOST_TEST(in->ack.empty() == in->c.is_response);
      (void)mgcp_b().relay(*in, up("9"));
      (void)mgcp_b().relay(*in, down("9"));
    }
    for (std::size_t i = 0; i < wire.size(); ++i)
      for (char c : {'\0', '\n', ' ', ':', 'X', '9', '\x80'}) {
        std::string m = wire;
        m[i] = c;
        auto in = mgcp_b().decode(m);
        if (!in) (void)mgcp_b().malformed_answer(m, in.error(), {});
      }
  }
  BOOST_TEST(decoded > 0u);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(mgcp_life_wire, *boost::unit_test::precondition(
                                          pcap_test::tshark_present{"the MGCP wire check"}))

BOOST_AUTO_TEST_CASE(registration_audit_and_deregistration_dissect_cleanly) {
  // Gateway (terminal) 10.1.0.1:2427, call agent (edge) 10.0.0.1:2727 (wire-bindings.md §1).
  const std::vector<life_test::hop> hops = {
    {true, rsip},          {false, "200 7 OK\r\n"},
    {false, challenge_rqnt}, {true, "200 339105913 OK\r\n"},
    {true, ntfy},          {false, "200 8 OK\r\n"},
    {false, key_rqnt},     {true, "200 339105914 OK\r\n"},
    {false, auep},         {true, auep_ack},
    {true, rsip_forced},   {false, rsip_forced_ack},
  };
  const auto path = life_test::check_wire(hops, "mgcp_life", 2427, 2727,
                                          {"mgcp", "mgcp.reqframe", 6});
  // Every X- line an extension parameter (none silently dropped, wire-bindings.md §3.3), no
  // transaction taken for a retransmission.
  std::size_t x_lines = 0;
  for (const auto& h : hops)
    for (auto at = h.bytes.find("\nX-"); at != std::string::npos;
         at = h.bytes.find("\nX-", at + 1))
      ++x_lines;
  const auto pdml = life_test::tshark(path, "-T pdml");
  std::size_t fields = 0;
  for (auto at = pdml.find("<field name=\"mgcp.param.extension\""); at != std::string::npos;
       at = pdml.find("<field name=\"mgcp.param.extension\"", at + 1))
    ++fields;
  BOOST_TEST(fields == x_lines);
  BOOST_TEST(life_test::tshark(path, "-Y \"mgcp.dup || mgcp.req.dup || mgcp.rsp.dup\" "
                                     "-T fields -e frame.number").empty());
  const auto verbs = pcap_test::lines(
    life_test::tshark(path, "-T fields -e mgcp.req.verb -e mgcp.rsp.rspcode -e mgcp.transid"));
  BOOST_REQUIRE_EQUAL(verbs.size(), hops.size());
  BOOST_TEST(verbs[8] == "AUEP\t\t5");
  BOOST_TEST(verbs[9] == "\t200\t5");
  BOOST_TEST(verbs[10] == "RSIP\t\t10");
  BOOST_TEST(verbs[11] == "\t200\t10");
}

BOOST_AUTO_TEST_SUITE_END()
