// Golden tests of the SIP binding's registration life (DESIGN.md §1.2; wire-bindings.md §2):
// keepalive (OPTIONS, RFC 3261 §11), de-registration (REGISTER Expires: 0, RFC 3261 §10.2.2) and
// their 200s, a re-registration on the same Call-ID with a higher CSeq (RFC 3261 §10.2.4),
// refusal vs de-registration, malformed variants and every prefix and mutation, and tshark.
#include "tests/protocols/dialogue/life_tshark.hpp"
#include "tests/protocols/dialogue/sip_golden.hpp"

#include <boost/test/unit_test.hpp>

#include <random>

using namespace ngn;
using namespace ngn::dialogue;
using namespace ngn::dialogue::sip_golden;
using namespace ngn::dialogue::golden_values;

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
