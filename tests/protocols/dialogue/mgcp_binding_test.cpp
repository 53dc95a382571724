// Golden tests of the MGCP binding (DESIGN.md §1.1, wire-bindings.md §3): the exact bytes of
// every step, decode(encode(x)) back to the same content, the proxy's edits, the soft switch's
// check of the verification word, the error answers, and robustness on cut and mutated input.
#include "protocols/dialogue/mgcp_binding.hpp"
#include "protocols/mgcp/codec.hpp"

#include "protocols/common/hex.hpp"
#include "tests/common/test_bindings.hpp"
#include "tests/protocols/dialogue/golden_values.hpp"
#include "tests/protocols/dialogue/mgcp_b.hpp"
#include "tests/protocols/dialogue/terminal.hpp"

#include <boost/test/unit_test.hpp>

#include <random>

using namespace ngn;
using namespace ngn::dialogue;
using namespace ngn::dialogue::test;

namespace {

using namespace golden_values; // offered, edge, sid, counting, rand_v ... wrapped_e

terminal_view terminal() { return test_terminal(2427, 2727, &offered); }

const auts_t auts_v = counting<14>(0xa0);

inbound decode_ok(const std::string& wire) { return golden_values::decode_ok(mgcp_b(), wire); }

/// decode_ok, and the message is the step `kind`.
inbound decode_ok(const std::string& wire, step kind) {
  auto in = decode_ok(wire);
  BOOST_TEST((in.c.kind == kind), wire);
  return in;
}

challenge_fields chal_fields(const mechanism_list* e, std::string_view chosen) {
  challenge_fields f = golden_challenge(e, 2727);
  f.chosen = chosen;
  return f;
}

success_fields key_fields(bool with_edge_copy) { return golden_key(with_edge_copy); }

// -- the golden messages ----------------------------------------------------------------------

const std::string rsip =
  "RSIP 273 t1@ngn.example MGCP 1.0\r\n"
  "RM: restart\r\n"
  "X-SECM: aes-gcm;q=0.9,hmac-sha256;q=0.5\r\n"
  "X-LT: 3600\r\n";

const std::string challenge_3 =
  "RQNT 339105913 t1@ngn.example MGCP 1.0\r\n"
  "N: ss@10.0.0.1:2727\r\n"
  "X: 0A1B2C3D4E5F60718293A4B5C6D7E8F9\r\n"
  "R: X-SEC/resp, X-SEC/auts\r\n"
  "S: X-SEC/chal(000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f)\r\n"
  "X-RSLT: 401\r\n"
  "X-CHAL: 000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f\r\n"
  "X-SECM: aes-gcm;q=0.8,hmac-sha256;q=0.4,null;q=0.1\r\n"
  "X-SECC: aes-gcm;q=0.8\r\n";

/// How every NTFY of the terminal ends: the RAND it answers, its list and the edge's list mirrored.
const std::string ntfy_tail =
  "X-RAND: 000102030405060708090a0b0c0d0e0f\r\n"
  "X-SECM: aes-gcm;q=0.9,hmac-sha256;q=0.5\r\n"
  "X-SECV: aes-gcm;q=0.8,hmac-sha256;q=0.4,null;q=0.1\r\n"
  "X-LT: 3600\r\n";

const std::string ntfy =
  "NTFY 274 t1@ngn.example MGCP 1.0\r\n"
  "X: 0A1B2C3D4E5F60718293A4B5C6D7E8F9\r\n"
  "O: X-SEC/resp(0102030405060708)\r\n"
  "X-RESP: 0102030405060708\r\n"
  + ntfy_tail;

/// How the key RQNT begins, toward the terminal and toward the proxy.
const std::string key_head =
  "RQNT 339105914 t1@ngn.example MGCP 1.0\r\n"
  "X: 0A1B2C3D4E5F60718293A4B5C6D7E8F9\r\n"
  "R: L/hd(N)\r\n"
  "S: X-SEC/key(303132333435363738393a3b3c3d3e3f4041424344454647)\r\n"
  "X-RSLT: 200\r\n"
  "X-SKEY: 303132333435363738393a3b3c3d3e3f4041424344454647\r\n";

const std::string key_3 = key_head
  + "X-MAC: 505152535455565758595a5b5c5d5e5f\r\n"
    "X-SECM: aes-gcm;q=0.8\r\n"
    "X-LT: 3600\r\n";

} // namespace

BOOST_AUTO_TEST_SUITE(mgcp_binding_golden)

BOOST_AUTO_TEST_CASE(registration_request_is_rsip_with_the_terminal_list) {
  BOOST_TEST(mgcp_b().reg_request(terminal()) == rsip);
  auto in = decode_ok(rsip, step::reg_request);
  BOOST_TEST(!in.c.is_response);
  BOOST_TEST(in.c.identity == "t1@ngn.example");
  BOOST_TEST(in.c.tid == "273");
  BOOST_TEST((in.c.offered == offered));
  BOOST_TEST((in.c.kind == step::reg_request));
  BOOST_TEST(in.ack == "200 273 OK\r\n");
  auto t = terminal();
  t.lifetime = 0;
  auto dereg = decode_ok(mgcp_b().reg_request(t));
  BOOST_TEST((dereg.c.kind == step::deregistration));
}

BOOST_AUTO_TEST_CASE(wire_bindings_example_rsip_decodes) {
  // wire-bindings.md §3.1 (1), verbatim: a classic MGCP endpoint name and three mechanisms.
  auto in = decode_ok("RSIP 1000 aaln/1@term1.ngn.example MGCP 1.0\r\nRM: restart\r\n"
                      "X-SECM: digest;q=0.3,tls;q=0.2,ipsec;q=0.1\r\n");
  BOOST_TEST(in.c.identity == "aaln/1@term1.ngn.example");
  BOOST_REQUIRE_EQUAL(in.c.offered.size(), 3u);
  BOOST_TEST(in.c.offered[2].name == "ipsec");
  BOOST_TEST(in.c.offered[2].q == 100u);
  BOOST_TEST(in.ack == "200 1000 OK\r\n");
}

BOOST_AUTO_TEST_CASE(challenge_is_rqnt_with_rand_autn_session_and_edge_list) {
  auto req = decode_ok(rsip);
  BOOST_TEST(mgcp_b().challenge(req, chal_fields(&edge, "aes-gcm")) == challenge_3);
  auto in = decode_ok(challenge_3, step::challenge);
  BOOST_TEST(in.c.identity == "t1@ngn.example");
  BOOST_TEST(in.c.session_id == sid);
  BOOST_TEST(in.c.tid == "339105913");
  BOOST_TEST((in.c.rand == rand_v));
  BOOST_TEST((in.c.autn == autn_v));
  BOOST_TEST((in.c.edge == edge));
  BOOST_TEST(in.c.chosen == "aes-gcm");
  BOOST_TEST(static_cast<unsigned>(in.c.result) == 401u);
  BOOST_TEST(in.ack == "200 339105913 OK\r\n");
  // Behind a proxy the SS sends neither a list nor a choice.
  auto bare = mgcp_b().challenge(req, chal_fields(nullptr, {}));
  BOOST_TEST(bare.find("X-SEC") != std::string::npos);
  BOOST_TEST(bare.find("X-SECM") == std::string::npos);
  BOOST_TEST(bare.find("X-SECC") == std::string::npos);
  BOOST_TEST(decode_ok(bare).c.edge.empty());
}

BOOST_AUTO_TEST_CASE(registration_message_is_ntfy_echoing_x_with_res_and_both_lists) {
  auto ch = decode_ok(challenge_3);
  BOOST_TEST(mgcp_b().reg_message(terminal(), ch, res_v) == ntfy);
  auto in = decode_ok(ntfy, step::reg_message);
  BOOST_TEST(in.c.identity == "t1@ngn.example");
  BOOST_TEST(in.c.session_id == sid);
  BOOST_TEST((in.c.proof && ngn::to_hex(*in.c.proof) == "0102030405060708"));
  BOOST_TEST(!in.c.auts);
  BOOST_TEST((in.c.offered == offered));
  BOOST_TEST((in.c.edge == edge));
  BOOST_TEST(!in.c.sec_agree_failed);
  BOOST_TEST(in.ack == "200 274 OK\r\n");
  // The soft switch's comparison (DESIGN.md §1 step 6).
  BOOST_TEST(ngn::test::proves(mgcp_b(), in, res_v, rand_v));
  auto wrong = res_v;
  wrong[7] ^= 1;
  BOOST_TEST(!ngn::test::proves(mgcp_b(), in, wrong, rand_v));
}

BOOST_AUTO_TEST_CASE(resynchronisation_and_auth_failure_ntfys) {
  auto ch = decode_ok(challenge_3);
  const auto resync = mgcp_b().resync_message(terminal(), ch, auts_v);
  BOOST_TEST(resync ==
             "NTFY 276 t1@ngn.example MGCP 1.0\r\n"
             "X: 0A1B2C3D4E5F60718293A4B5C6D7E8F9\r\n"
             "O: X-SEC/auts(a0a1a2a3a4a5a6a7a8a9aaabacad)\r\n"
             "X-AUTS: a0a1a2a3a4a5a6a7a8a9aaabacad\r\n"
             + ntfy_tail);
  auto r = decode_ok(resync, step::reg_message);
  BOOST_REQUIRE(r.c.auts);
  BOOST_TEST((*r.c.auts == auts_v));
  BOOST_TEST(!ngn::test::proves(mgcp_b(), r, res_v, rand_v));
  const auto failure = mgcp_b().auth_failure(terminal(), ch);
  BOOST_TEST(failure ==
             "NTFY 275 t1@ngn.example MGCP 1.0\r\n"
             "X: 0A1B2C3D4E5F60718293A4B5C6D7E8F9\r\n"
             "O: X-SEC/resp()\r\n"
             "X-RESP:\r\n"
             + ntfy_tail);
  // The fresh challenge after a resynchronisation is a new transaction: the resync NTFY's id.
  const auto again = decode_ok(mgcp_b().challenge(r, chal_fields(&edge, "aes-gcm")));
  BOOST_TEST(again.c.tid == "276");
  BOOST_TEST((again.c.kind == step::challenge));
  auto f = decode_ok(failure, step::reg_message);
  BOOST_TEST(!f.c.proof);
  BOOST_TEST(!f.c.auts);
  BOOST_TEST(!ngn::test::proves(mgcp_b(), f, res_v, rand_v));
}

BOOST_AUTO_TEST_CASE(success_is_rqnt_with_wrapped_key_mac_and_chosen_mechanism) {
  auto reg = decode_ok(ntfy);
  BOOST_TEST(mgcp_b().success(reg, key_fields(false)) == key_3);
  auto in = decode_ok(key_3, step::success);
  BOOST_TEST(in.c.identity == "t1@ngn.example");
  BOOST_TEST(in.c.session_id == sid);
  BOOST_TEST(in.c.tid == "339105914");
  BOOST_TEST((in.c.wrapped_t == std::vector<std::uint8_t>(wrapped_t.begin(), wrapped_t.end())));
  BOOST_TEST((in.c.mac == std::vector<std::uint8_t>(mac_v.begin(), mac_v.end())));
  BOOST_TEST(in.c.wrapped_edge.empty());
  BOOST_TEST(in.c.chosen == "aes-gcm");
  BOOST_TEST(in.ack == "200 339105914 OK\r\n");
}

BOOST_AUTO_TEST_CASE(proxy_strips_its_copy_adds_the_mac_and_its_choice) {
  auto reg = decode_ok(ntfy);
  const auto from_ss = mgcp_b().success(reg, key_fields(true));
  BOOST_TEST(from_ss == key_head
                           + "X-EKEY: 707172737475767778797a7b7c7d7e7f8081828384858687\r\n"
                             "X-SECM: aes-gcm\r\n"
                             "X-LT: 3600\r\n");
  auto in = decode_ok(from_ss);
  BOOST_TEST((in.c.wrapped_edge == std::vector<std::uint8_t>(wrapped_e.begin(), wrapped_e.end())));
  relay_edit e;
  e.direction = relay_edit::toward::terminal;
  e.self = address{0x0a000002, 2727};
  e.edge = &edge;
  e.chosen = "aes-gcm";
  e.strip_wrapped_edge = true;
  e.mac = ngn::byte_view{mac_v.data(), mac_v.size()};
  BOOST_TEST(mgcp_b().relay(in, e) == key_3); // the same bytes as a 3-element key RQNT
}

BOOST_AUTO_TEST_CASE(proxy_adds_its_list_and_choice_to_the_challenge) {
  auto req = decode_ok(rsip);
  auto in = decode_ok(mgcp_b().challenge(req, chal_fields(nullptr, {})));
  relay_edit e;
  e.direction = relay_edit::toward::terminal;
  e.self = address{0x0a000002, 2727};
  e.edge = &edge;
  e.chosen = "aes-gcm";
  std::string expected = challenge_3;
  expected.replace(expected.find("ss@10.0.0.1"), 11, "sp@10.0.0.2");
  BOOST_TEST(mgcp_b().relay(in, e) == expected);
}

BOOST_AUTO_TEST_CASE(proxy_renumbers_commands_up_and_restores_responses_down) {
  auto in = decode_ok(ntfy);
  relay_edit up;
  up.direction = relay_edit::toward::softswitch;
  up.tid = "5";
  const auto relayed = mgcp_b().relay(in, up);
  BOOST_TEST(relayed.rfind("NTFY 5 t1@ngn.example MGCP 1.0\r\n", 0) == 0u);
  BOOST_TEST(relayed.find("X-VRFY") == std::string::npos);
  up.sec_agree_failed = true;
  const auto flagged = mgcp_b().relay(in, up);
  BOOST_TEST(flagged.substr(flagged.size() - 18) == "X-VRFY: mismatch\r\n");
  BOOST_TEST(decode_ok(flagged).c.sec_agree_failed);
  // A terminal cannot assert the proxy's verdict itself: the proxy removes it.
  auto forged = decode_ok(ntfy + "X-VRFY: ok\r\n");
  up.sec_agree_failed = false;
  BOOST_TEST(mgcp_b().relay(forged, up).find("X-VRFY") == std::string::npos);
  // The soft switch's answer goes back with the terminal's transaction id.
  auto ack = decode_ok("200 5 OK\r\n", step::ack);
  BOOST_TEST(ack.c.is_response);
  BOOST_TEST(ack.ack.empty());
  relay_edit down;
  down.direction = relay_edit::toward::terminal;
  down.tid = "274";
  BOOST_TEST(mgcp_b().relay(ack, down) == "200 274 OK\r\n");
}

BOOST_AUTO_TEST_CASE(refusal_is_538_to_the_key_rqnt_with_res_as_proof) {
  auto ch = decode_ok(challenge_3);
  auto key = decode_ok(key_3);
  const auto refusal = mgcp_b().refusal(terminal(), ch, key, res_v,
                                        "message verification word mismatch: tampering\n");
  BOOST_TEST(refusal ==
             "538 339105914 Event/signal parameter error\r\n"
             "Z: t1@ngn.example\r\n"
             "X: 0A1B2C3D4E5F60718293A4B5C6D7E8F9\r\n"
             "X-RESP: 0102030405060708\r\n"
             "X-RAND: 000102030405060708090a0b0c0d0e0f\r\n"
             "X-RSN: message verification word mismatch: tampering\r\n");
  auto in = decode_ok(refusal, step::refusal);
  BOOST_TEST(in.c.is_response);
  BOOST_TEST(in.c.session_id == sid);
  BOOST_TEST(in.c.identity == "t1@ngn.example");
  BOOST_TEST(in.c.reason == "message verification word mismatch: tampering");
  BOOST_TEST(in.ack.empty());
  BOOST_TEST(ngn::test::proves(mgcp_b(), in, res_v, rand_v));
  auto wrong = res_v;
  wrong[0] ^= 0x80;
  BOOST_TEST(!ngn::test::proves(mgcp_b(), in, wrong, rand_v));
  // Relayed up unchanged: it answers the soft switch's own command.
  relay_edit up;
  BOOST_TEST(mgcp_b().relay(in, up) == refusal);
}

BOOST_AUTO_TEST_CASE(rejection_is_rqnt_with_a_failure_result) {
  auto reg = decode_ok(ntfy);
  const auto r = mgcp_b().rejection(reg, code::forbidden, "verification words differ", {});
  BOOST_TEST(r ==
             "RQNT 274 t1@ngn.example MGCP 1.0\r\n"
             "X: 0A1B2C3D4E5F60718293A4B5C6D7E8F9\r\n"
             "X-RSLT: 403\r\n"
             "X-RSN: verification words differ\r\n");
  auto in = decode_ok(r, step::rejection);
  BOOST_TEST((in.c.result == code::forbidden));
  BOOST_TEST(in.c.reason == "verification words differ");
  BOOST_TEST(in.c.identity == "t1@ngn.example");
  BOOST_TEST(in.ack == "200 274 OK\r\n");
  // Before any session: the RSIP's transaction id, X: 0.
  auto req = decode_ok(rsip);
  BOOST_TEST(mgcp_b().rejection(req, code::timeout, "authentication center did not answer", {})
             == "RQNT 273 t1@ngn.example MGCP 1.0\r\nX: 0\r\nX-RSLT: 504\r\n"
                "X-RSN: authentication center did not answer\r\n");
  // The proxy may replace the result.
  relay_edit e;
  e.direction = relay_edit::toward::terminal;
  e.result = code::sec_agree_required;
  auto relayed = decode_ok(mgcp_b().relay(in, e));
  BOOST_TEST((relayed.c.result == code::sec_agree_required));
  // Never answer a response.
  BOOST_TEST(mgcp_b().rejection(decode_ok("200 9 OK\r\n"), code::forbidden, "x", {}).empty());
}

BOOST_AUTO_TEST_CASE(negative_answers_to_terminal_commands_are_rejections) {
  auto in = decode_ok("510 273 Protocol error\r\n", step::rejection);
  BOOST_TEST(static_cast<unsigned>(in.c.result) == 510u);
  auto provisional = decode_ok("100 273 Pending\r\n", step::ack);
}

BOOST_AUTO_TEST_CASE(transaction_ids_of_the_largest_session_stay_in_range) {
  // The largest first 32 bits (0xffffffff): 2h - 1 and 2h fold into 1..999,999,999.
  ngn::session_id largest;
  largest.bytes.fill(0xff);
  challenge_fields f = chal_fields(nullptr, {});
  f.session_id = largest;
  auto ch = decode_ok(mgcp_b().challenge(decode_ok(rsip), f));
  BOOST_TEST(ch.c.tid == "589934597");
  BOOST_TEST(ch.c.session_id == largest);
  success_fields s = key_fields(true);
  s.session_id = largest;
  auto key = decode_ok(mgcp_b().success(decode_ok(ntfy), s));
  BOOST_TEST(key.c.tid == "589934598");
  auto refusal = decode_ok(mgcp_b().refusal(terminal(), ch, key, res_v, "x"));
  BOOST_TEST(refusal.c.session_id == largest);
}

BOOST_AUTO_TEST_SUITE_END()
