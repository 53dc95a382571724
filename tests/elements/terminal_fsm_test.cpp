// The terminal state machine alone (elements/terminal_fsm.hpp, the fixture of terminal_support.hpp):
// the registration dialogue — request, challenge (MAC-A, SQN freshness, resynchronisation),
// success (key, MAC, mechanism, SPIs) and refusals — and what it ignores or acknowledges again,
// driven with the answers a soft switch would send. Each case runs for every protocol: the
// terminal's behaviour is protocol-neutral. Retries are terminal_retry_test.cpp, arrival and
// leaving terminal_life_test.cpp.
#include "terminal_support.hpp"

#include <boost/test/unit_test.hpp>

using namespace ngn;
using namespace ngn::test;
using namespace ngn::test::unit;
using namespace ngn::test::terminal_unit;
using elements::terminal_state;

BOOST_AUTO_TEST_SUITE(terminal_fsm_unit)

BOOST_DATA_TEST_CASE(start_sends_the_registration_request_with_the_offered_list, every_protocol,
                     proto) {
  fixture f{proto};
  BOOST_TEST(f.term().state() == terminal_state::idle);
  auto req = f.start();
  BOOST_TEST(f.term().state() == terminal_state::requested);
  BOOST_TEST(req.c.identity == f.sub.identity);
  BOOST_TEST((req.c.offered == f.profile.offered));
  BOOST_TEST((req.c.kind == step::reg_request));
  BOOST_TEST(f.term().deadline() == t0 + f.profile.response_timeout);
  // A second start while a registration is under way changes nothing.
  f.out.clear();
  f.term().start(t0 + 1, f.out);
  BOOST_TEST(f.out.empty());
}

BOOST_DATA_TEST_CASE(challenge_is_answered_with_the_second_verification_word, every_protocol,
                     proto) {
  fixture f{proto};
  auto v = make_vector(f.sub, 32, 1);
  auto req = f.start();
  const auto ch = f.challenge(req, v);
  f.deliver(ch, t0 + 3 * ms);
  BOOST_TEST(f.term().state() == terminal_state::responded);
  BOOST_TEST(f.out.outcomes.empty());
  // A command is acknowledged first (MGCP, H.248); then the registration message.
  const auto sent = sent_to(f.out, ss_id);
  const auto ack = f.ack_of(ch);
  BOOST_REQUIRE_EQUAL(sent.size(), ack.empty() ? 1u : 2u);
  if (!ack.empty()) BOOST_TEST(sent[0].payload == ack);
  auto msg = decode_ok(f.b, sent.back().payload);
  BOOST_TEST(msg.c.kind == step::reg_message);
  BOOST_TEST(msg.c.identity == f.sub.identity);
  BOOST_TEST(msg.c.session_id == session);
  BOOST_TEST(!msg.c.auts);
  BOOST_TEST(proves(f.b, msg, v.res, v.rand));
  // The word is RES for this RAND only.
  BOOST_TEST(!proves(f.b, msg, make_vector(f.sub, 32, 2).res, v.rand));
  BOOST_TEST(f.term().sqn_ms() == 32u);
  BOOST_TEST(f.term().deadline() == t0 + 3 * ms + f.profile.response_timeout);
}

BOOST_DATA_TEST_CASE(a_challenge_whose_mac_a_does_not_verify_is_refused_and_fails,
                     every_protocol, proto) {
  fixture f{proto};
  // Made with another K: MAC-A in AUTN does not verify (the network is not authentic).
  auto v = make_vector(make_subscriber(f.sub.identity, 99), 32, 1);
  auto req = f.start();
  f.deliver(f.challenge(req, v), t0 + 2 * ms);
  BOOST_TEST(f.term().state() == terminal_state::failed);
  auto msg = only_step_to(f.b, f.out, ss_id);
  BOOST_TEST(msg.c.kind == step::reg_message);
  BOOST_TEST(!msg.c.proof); // TS 24.229 §5.1.1.5.3: no verification word
  BOOST_TEST(!msg.c.auts);
  auto o = f.outcome();
  BOOST_TEST(!o.established);
  BOOST_TEST(contains(o.reason, "MAC-A"));
  BOOST_TEST(o.attempts == 1u);
  BOOST_TEST(o.latency == 2 * ms);
  BOOST_TEST(f.term().sqn_ms() == 0u);
}

BOOST_DATA_TEST_CASE(an_sqn_that_is_not_fresh_is_resynchronised_then_a_fresh_challenge_answered,
                     every_protocol, proto) {
  fixture f{proto};
  f.term().set_sqn_ms(1'000'000);
  auto stale = make_vector(f.sub, 32, 1);
  auto req = f.start();
  const auto ch1 = f.challenge(req, stale);
  f.deliver(ch1, t0 + ms);
  BOOST_TEST(f.term().state() == terminal_state::requested);
  BOOST_TEST(f.out.outcomes.empty());
  auto resync = only_step_to(f.b, f.out, ss_id);
  BOOST_TEST(resync.c.kind == step::reg_message);
  BOOST_REQUIRE(resync.c.auts);
  BOOST_TEST((resync.c.rand == stale.rand));
  // AUTS carries SQN_MS under MAC-S (TS 33.102 §6.3.5): the AuC recovers 1,000,000.
  crypto::milenage m{f.sub.k, f.sub.opc.raw()};
  auto sqn_ms = crypto::verify_auts(m, stale.rand, *resync.c.auts);
  BOOST_REQUIRE(sqn_ms);
  BOOST_TEST(*sqn_ms == 1'000'000u);
  BOOST_TEST(f.term().deadline() == t0 + ms + f.profile.response_timeout);

  // The fresh challenge (SQN above SQN_MS) answers the resynchronisation message.
  auto fresh = make_vector(f.sub, 1'000'032, 2);
  f.deliver(f.challenge(resync, fresh), t0 + 2 * ms);
  BOOST_TEST(f.term().state() == terminal_state::responded);
  auto msg = only_step_to(f.b, f.out, ss_id);
  BOOST_TEST(!msg.c.auts);
  BOOST_TEST(proves(f.b, msg, fresh.res, fresh.rand));
  BOOST_TEST(f.term().sqn_ms() == 1'000'032u);

  f.deliver(f.success(msg, fresh, {}), t0 + 3 * ms);
  auto o = f.outcome();
  BOOST_TEST(o.established, o.reason);
  BOOST_TEST(o.resyncs == 1u);
  BOOST_TEST(o.attempts == 1u);
}

BOOST_DATA_TEST_CASE(an_sqn_too_far_ahead_is_not_fresh_either, every_protocol, proto) {
  fixture f{proto};
  f.profile.sqn_delta = 1000; // in SEQ units (TS 33.102 Annex C.2.1)
  auto v = make_vector(f.sub, 32 * 1001, 1); // SEQ 1001 - 0 > Δ
  auto req = f.start();
  f.deliver(f.challenge(req, v), t0 + ms);
  auto msg = only_step_to(f.b, f.out, ss_id);
  BOOST_TEST(msg.c.auts.has_value());
  BOOST_TEST(f.term().state() == terminal_state::requested);
}

// Issue 12 item 4, TS 33.102 Annex C.2.2: the USIM keeps SEQ_MS(i) per IND, so a vector older
// than the newest accepted one is still fresh under another IND (vectors used out of order), within
// the limit L (the same SQN again, or one at or below its own entry, is not: tests/crypto).
// Before, one highest SQN refused the older vector.
BOOST_DATA_TEST_CASE(an_older_sqn_under_another_ind_is_fresh, every_protocol, proto) {
  fixture f{proto};
  f.profile.reregister = 60 * seconds;
  auto v = make_vector(f.sub, crypto::make_sqn(10, 10), 1);
  auto edge = f.to_registered(v);
  BOOST_TEST(f.term().sqn_ms() == crypto::make_sqn(10, 10));
  // The refresh is challenged with SEQ 9 under IND 9: older, but its entry is still 0.
  f.tick(t0 + 2 * ms + 60 * seconds);
  auto reqs = f.opened(edge.in);
  BOOST_REQUIRE_EQUAL(reqs.size(), 1u);
  auto req = decode_ok(f.b, reqs[0]);
  auto older = make_vector(f.sub, crypto::make_sqn(9, 9), 2);
  f.deliver_esp(edge.out, f.challenge(req, older), t0 + 61 * seconds);
  auto answers = f.opened(edge.in);
  BOOST_REQUIRE(!answers.empty());
  auto msg = decode_ok(f.b, answers.back());
  BOOST_TEST(!msg.c.auts.has_value());
  BOOST_TEST(proves(f.b, msg, older.res, older.rand));
  BOOST_TEST(f.term().state() == terminal_state::responded);
  BOOST_TEST(f.term().usim().seq_ms(9) == 9u);
  BOOST_TEST(f.term().usim().seq_ms(10) == 10u);
  BOOST_TEST(f.term().sqn_ms() == crypto::make_sqn(10, 10)); // still the highest
}

BOOST_DATA_TEST_CASE(too_many_resynchronisations_fail_the_registration, every_protocol, proto) {
  fixture f{proto};
  f.profile.max_resyncs = 2;
  f.term().set_sqn_ms(1'000'000);
  auto stale = make_vector(f.sub, 32, 1);
  auto msg = f.start();
  for (int i = 0; i < 2; ++i) {
    f.deliver(f.challenge(msg, stale), t0 + (i + 1) * ms);
    msg = only_step_to(f.b, f.out, ss_id);
    BOOST_TEST(msg.c.auts.has_value());
    BOOST_TEST(f.out.outcomes.empty());
  }
  f.deliver(f.challenge(msg, stale), t0 + 3 * ms);
  BOOST_TEST(f.term().state() == terminal_state::failed);
  BOOST_TEST(steps_to(f.b, f.out, ss_id).empty()); // nothing more is answered
  auto o = f.outcome();
  BOOST_TEST(!o.established);
  BOOST_TEST(o.reason == "SQN out of range after resynchronisation");
  BOOST_TEST(o.reason_code == static_cast<std::uint16_t>(elements::reason_code::sqn_out_of_range));
  BOOST_TEST(o.resyncs == 2u);
}

BOOST_DATA_TEST_CASE(success_with_a_good_key_and_mac_establishes_with_the_mechanism,
                     every_protocol, proto) {
  fixture f{proto};
  auto v = make_vector(f.sub, 32, 1);
  auto msg = f.to_responded(v);
  const auto ok = f.success(msg, v, {});
  f.deliver(ok, t0 + 7 * ms);
  BOOST_TEST(f.term().state() == terminal_state::registered);
  // Only the acknowledgement of the success command (MGCP, H.248) goes back, and it is the
  // first message under the new SAs (DESIGN.md §1.2; TS 33.203 §7.4): ESP, nothing in clear.
  const auto ack = f.ack_of(ok);
  BOOST_TEST(sent_to(f.out, ss_id).empty());
  auto edge = f.edge_sas(v.sk, msg.c.terminal_spi);
  const auto acks = f.opened(edge.in);
  BOOST_REQUIRE_EQUAL(acks.size(), ack.empty() ? 0u : 1u);
  if (!ack.empty()) BOOST_TEST(acks[0] == ack);
  // The terminal's SAs are the edge's, mirrored: its inbound SPI is the one it announced, its
  // outbound the edge's, each direction under the same keys (derived from SK, DESIGN.md §1.2).
  const auto* sas = f.term().sas();
  BOOST_REQUIRE(sas != nullptr);
  BOOST_TEST(sas->in.spi == msg.c.terminal_spi);
  BOOST_TEST(sas->out.spi == f.edge_spi);
  BOOST_REQUIRE(sas->in.keys && sas->out.keys);
  BOOST_TEST((*sas->in.keys == *edge.out.keys));
  BOOST_TEST((*sas->out.keys == *edge.in.keys));
  BOOST_TEST((*sas->in.keys != *sas->out.keys));
  auto o = f.outcome();
  BOOST_TEST(o.established, o.reason);
  BOOST_TEST(o.reason.empty());
  BOOST_TEST(o.mechanism == "aes-gcm");
  BOOST_TEST(o.latency == 7 * ms);
  BOOST_TEST(o.attempts == 1u);
  BOOST_TEST(o.resyncs == 0u);
  BOOST_TEST((f.term().session_key() == v.sk));
  BOOST_TEST(f.term().mechanism() == "aes-gcm");
  BOOST_TEST(f.term().deadline() == 0);
  // Registered: ticks do nothing.
  f.tick(t0 + 100 * seconds);
  BOOST_TEST(f.out.empty());
}

BOOST_DATA_TEST_CASE(mechanism_is_the_terminals_priority_among_the_edges, every_protocol,
                     proto) {
  fixture f{proto};
  f.profile.offered = {{"hmac-sha256", 800}, {"aes-gcm", 300}};
  auto v = make_vector(f.sub, 32, 1);
  auto msg = f.to_responded(v);
  // aes-gcm was fine before; with these priorities it is a bidding-down.
  f.deliver(f.success(msg, v, {}), t0 + 7 * ms);
  BOOST_TEST(!f.outcome().established);
  fixture g{proto};
  g.profile.offered = {{"hmac-sha256", 800}, {"aes-gcm", 300}};
  msg = g.to_responded(v);
  fixture::success_parts p;
  p.chosen = "hmac-sha256";
  g.deliver(g.success(msg, v, p), t0 + 7 * ms);
  BOOST_TEST(g.outcome().established, g.outcome().reason);
  BOOST_TEST(g.outcome().mechanism == "hmac-sha256");
}

namespace {

/// A success that the terminal must refuse: the refusal proves RES and the outcome says why.
void check_refused(fixture& f, const vector_for& v, const fixture::success_parts& p,
                   std::string_view reason) {
  auto msg = f.to_responded(v);
  f.deliver(f.success(msg, v, p), t0 + 5 * ms);
  BOOST_TEST(f.term().state() == terminal_state::failed);
  auto refusal = only_step_to(f.b, f.out, ss_id);
  BOOST_TEST(refusal.c.kind == step::refusal);
  BOOST_TEST(refusal.c.identity == f.sub.identity);
  BOOST_TEST(refusal.c.session_id == session);
  BOOST_TEST(proves(f.b, refusal, v.res, v.rand));
  auto o = f.outcome();
  BOOST_TEST(!o.established);
  BOOST_TEST(contains(o.reason, reason), o.reason);
  BOOST_TEST(o.mechanism.empty());
  BOOST_TEST((f.term().session_key() == crypto::key128{})); // SK not taken
  BOOST_TEST(f.term().sas() == nullptr);                     // no SAs installed
  BOOST_TEST(esp_to(f.out, ss_id).empty());
}

} // namespace

BOOST_DATA_TEST_CASE(a_tampered_wrapped_key_is_refused, every_protocol, proto) {
  fixture f{proto};
  fixture::success_parts p;
  p.tamper_wrap = true;
  check_refused(f, make_vector(f.sub, 32, 1), p, "E_Kc(SK) rejected");
}

BOOST_DATA_TEST_CASE(a_tampered_mac_is_refused, every_protocol, proto) {
  fixture f{proto};
  fixture::success_parts p;
  p.tamper_mac = true;
  check_refused(f, make_vector(f.sub, 32, 1), p, "message verification word mismatch");
}

BOOST_DATA_TEST_CASE(a_chosen_mechanism_that_is_not_the_negotiated_one_is_refused,
                     every_protocol, proto) {
  fixture f{proto};
  fixture::success_parts p;
  p.chosen = "hmac-sha256"; // the edge prefers it, the terminal does not: bidding-down
  check_refused(f, make_vector(f.sub, 32, 1), p,
                "bidding-down detected: chosen mechanism 'hmac-sha256', expected 'aes-gcm'");
}

// DESIGN.md §1.2: the message verification word covers both SPIs, so an attacker who
// redirects the SAs (another SPI in the challenge or the success) is caught like a bidding-down.
BOOST_DATA_TEST_CASE(a_mac_over_other_spis_is_refused, every_protocol * data::make({0, 1}),
                     proto, which) {
  fixture f{proto};
  fixture::success_parts p;
  if (which == 0) p.mac_terminal_spi = 0x12345678;
  else p.mac_edge_spi = f.edge_spi + 1;
  check_refused(f, make_vector(f.sub, 32, 1), p, "message verification word mismatch");
}

// An ESP mechanism needs the edge's SPI: a challenge that announced none cannot lead to SAs, so
// the success is refused (even with a MAC that verifies over SPI 0).
BOOST_DATA_TEST_CASE(a_success_without_the_edges_spi_is_refused, every_protocol, proto) {
  fixture f{proto};
  f.edge_spi = 0;
  check_refused(f, make_vector(f.sub, 32, 1), {}, "the edge announced no SPI for mechanism aes-gcm");
}

BOOST_DATA_TEST_CASE(garbage_and_other_protocols_are_ignored, every_protocol, proto) {
  fixture f{proto};
  auto req = f.start();
  const auto deadline = f.term().deadline();
  f.deliver("\x01\x02 not a message of any protocol \xff", t0 + ms);
  BOOST_TEST(f.out.empty());
  f.deliver("", t0 + ms);
  BOOST_TEST(f.out.empty());
  // A valid challenge of another protocol, or an AuC message, is not for this terminal.
  const auto other = ngn::all_protocols[(static_cast<std::size_t>(proto) + 1) % protocol_count];
  fixture g{other};
  auto v = make_vector(f.sub, 32, 1);
  f.out.clear();
  f.term().on_envelope(wire(terminal_id, ss_id, other, g.challenge(g.start(), v)), t0 + ms,
                       f.out);
  BOOST_TEST(f.out.empty());
  f.term().on_envelope(auc_envelope(terminal_id, ss_id, auc::message{to_auc(v, session, 1)}),
                       t0 + ms, f.out);
  BOOST_TEST(f.out.empty());
  BOOST_TEST(f.term().state() == terminal_state::requested);
  BOOST_TEST(f.term().deadline() == deadline);
  // The registration goes on as if nothing had come.
  f.deliver(f.challenge(req, v), t0 + 2 * ms);
  BOOST_TEST(f.term().state() == terminal_state::responded);
}

BOOST_DATA_TEST_CASE(retransmitted_commands_are_acknowledged_again, every_protocol, proto) {
  fixture f{proto};
  auto v = make_vector(f.sub, 32, 1);
  std::string ch;
  auto msg = f.to_responded(v, &ch);
  const auto ch_ack = f.ack_of(ch);
  // The challenge again (the ack was lost): acknowledged, not answered again.
  f.deliver(ch, t0 + 2 * ms);
  BOOST_TEST(f.term().state() == terminal_state::responded);
  BOOST_TEST(f.out.outcomes.empty());
  auto sent = sent_to(f.out, ss_id);
  BOOST_REQUIRE_EQUAL(sent.size(), ch_ack.empty() ? 0u : 1u);
  if (!ch_ack.empty()) BOOST_TEST(sent[0].payload == ch_ack);

  elements::life_counters life;
  f.profile.counters = &life;
  const auto ok = f.success(msg, v, {});
  f.deliver(ok, t0 + 3 * ms);
  BOOST_REQUIRE(f.term().state() == terminal_state::registered);
  const auto ok_ack = f.ack_of(ok);
  auto edge = f.edge_sas(v.sk, msg.c.terminal_spi);
  BOOST_TEST(f.opened(edge.in).size() == (ok_ack.empty() ? 0u : 1u));
  // The success again, now that SAs protect the registration: the edge sends nothing in clear
  // any more (DESIGN.md §1.2), so a plain copy is dropped and counted, not answered.
  f.deliver(ok, t0 + 4 * ms);
  BOOST_TEST(f.out.empty());
  BOOST_TEST(life.unprotected_dropped == 1u);
  // The success again under the SAs: acknowledged under them, no second outcome.
  f.deliver_esp(edge.out, ok, t0 + 4 * ms);
  BOOST_TEST(f.out.outcomes.empty());
  BOOST_TEST(sent_to(f.out, ss_id).empty());
  const auto again = f.opened(edge.in);
  BOOST_REQUIRE_EQUAL(again.size(), ok_ack.empty() ? 0u : 1u);
  if (!ok_ack.empty()) BOOST_TEST(again[0] == ok_ack);
  // A late rejection in clear is dropped; under the SAs it is acknowledged and changes nothing.
  const auto late = f.rejection(msg, code::forbidden, "late");
  f.deliver(late, t0 + 5 * ms);
  BOOST_TEST(f.out.empty());
  BOOST_TEST(life.unprotected_dropped == 2u);
  f.deliver_esp(edge.out, late, t0 + 5 * ms);
  BOOST_TEST(f.out.outcomes.empty());
  BOOST_TEST(f.term().state() == terminal_state::registered);
  BOOST_TEST(sent_to(f.out, ss_id).empty());
  for (const auto& m : f.opened(edge.in)) BOOST_TEST(decode_ok(f.b, m).c.kind == step::ack);
  BOOST_TEST(life.esp_dropped[0] + life.esp_dropped[1] + life.esp_dropped[2]
               + life.esp_dropped[3] + life.esp_dropped[4] == 0u);
}

BOOST_DATA_TEST_CASE(a_success_before_the_challenge_is_not_taken, every_protocol, proto) {
  fixture f{proto};
  auto v = make_vector(f.sub, 32, 1);
  auto req = f.start();
  f.deliver(f.success(req, v, {}), t0 + ms);
  BOOST_TEST(f.out.outcomes.empty());
  BOOST_TEST(f.term().state() == terminal_state::requested);
  BOOST_TEST(steps_to(f.b, f.out, ss_id).empty());
}

BOOST_AUTO_TEST_CASE(state_names) {
  BOOST_TEST(elements::to_string(terminal_state::idle) == "idle");
  BOOST_TEST(elements::to_string(terminal_state::requested) == "requested");
  BOOST_TEST(elements::to_string(terminal_state::responded) == "responded");
  BOOST_TEST(elements::to_string(terminal_state::registered) == "registered");
  BOOST_TEST(elements::to_string(terminal_state::failed) == "failed");
  BOOST_TEST(elements::to_string(terminal_state::backing_off) == "backing-off");
}

BOOST_AUTO_TEST_SUITE_END()
