// The soft switch alone (elements/softswitch_fsm.hpp, the fixture of softswitch_support.hpp), with
// a terminal (or a proxy) and an AuC played by the test: the authentication request and its
// fields, the challenge, every verdict of the verification words, the success report with the
// edge's mechanism, replays and re-challenges, the response timeout, key refusals and malformed
// input. The AuC leg is softswitch_auc_test.cpp, admission softswitch_admission_test.cpp.
#include "softswitch_support.hpp"

#include <boost/test/unit_test.hpp>

using namespace ngn;
using namespace ngn::test;
using namespace ngn::test::unit;
using namespace ngn::test::softswitch_unit;

BOOST_AUTO_TEST_SUITE(softswitch_fsm_unit)

BOOST_DATA_TEST_CASE(a_request_asks_the_auc_with_every_field, every_protocol, proto) {
  fixture f{proto};
  const auto req = decode_ok(f.b, f.alice.request());
  auto out = f.send(f.alice.request(), t0 + 3);
  // The acknowledgement where the protocol has one, and the authentication request.
  const auto to_t = sent_to(out, t1);
  BOOST_REQUIRE_EQUAL(to_t.size(), req.ack.empty() ? 0u : 1u);
  auto ar = only_auc<auc::auth_request>(out);
  BOOST_TEST(out.messages.back().to == auc_id);
  BOOST_TEST(bool(ar.session_id));
  BOOST_TEST(ar.wire_session == dialogue::wire_session(proto, ar.session_id));
  BOOST_TEST(ar.wire_session.size() == 32u);
  BOOST_TEST(ar.identity == f.sub.identity);
  BOOST_TEST(ar.proto == proto);
  BOOST_TEST(ar.softswitch == "ss1");
  BOOST_TEST(ar.softswitch_node == "core");
  BOOST_TEST(ar.proxy.empty());
  BOOST_TEST(ar.proxy_node.empty());
  BOOST_TEST(ar.terminal_node == "terminals");
  BOOST_TEST(ar.t_request == t0 + 3);
  BOOST_TEST(f.ss->stats().requests == 1u);
  BOOST_TEST(f.ss->sessions() == 1u);
  // A second request is another session.
  auto ar2 = f.request(t0 + 4);
  BOOST_TEST(ar2.session_id != ar.session_id);
}

BOOST_DATA_TEST_CASE(a_relayed_request_names_the_proxy_and_the_terminals_node, every_protocol,
                     proto) {
  fixture f{proto};
  f.proxied = true;
  auto ar = f.request();
  BOOST_TEST(ar.proxy == "sp1");
  BOOST_TEST(ar.proxy_node == "edge");
  BOOST_TEST(ar.terminal_node == "terminals");
}

BOOST_DATA_TEST_CASE(the_vector_becomes_the_challenge, every_protocol * data::make({false, true}),
                     proto, proxied) {
  fixture f{proto};
  f.proxied = proxied;
  auto v = f.vector();
  auto ch = f.challenged(v);
  BOOST_TEST(ch.c.session_id == f.ar.session_id);
  BOOST_TEST((ch.c.rand == v.rand));
  BOOST_TEST((ch.c.autn == v.autn));
  if (proxied) {
    BOOST_TEST(ch.c.edge.empty()); // the proxy adds its own list
    BOOST_TEST(ch.c.chosen.empty());
  } else {
    BOOST_TEST((ch.c.edge == f.cfg().edge.supported));
    if (!ch.c.chosen.empty()) BOOST_TEST(ch.c.chosen == "aes-gcm");
  }
  BOOST_TEST(f.ss->stats().challenges == 1u);
}

BOOST_DATA_TEST_CASE(matching_words_succeed_and_the_edge_mac_and_report_follow, every_protocol,
                     proto) {
  fixture f{proto};
  auto v = f.vector();
  auto ch = f.challenged(v);
  auto out = f.send(f.alice.message(ch, v.res), t0 + 5 * ms);
  auto ok = only_step_to(f.b, out, t1);
  BOOST_TEST(ok.c.kind == step::success);
  BOOST_TEST(ok.c.chosen == "aes-gcm");
  BOOST_TEST((ok.c.wrapped_t == bytes(v.wrapped_t.begin(), v.wrapped_t.end())));
  BOOST_TEST(ok.c.wrapped_edge.empty()); // E_Kss(SK) stays here
  // 3 elements: the soft switch is the edge and sends the MAC (DESIGN.md §1).
  // Over both SPIs too (DESIGN.md §1.2): the terminal's, and the one this soft switch announced
  // in its challenge.
  BOOST_TEST(ch.c.edge_spi >= esp::min_spi);
  const auto mac =
    elements::compute_mvw(v.sk, f.sub.identity, f.ar.session_id, f.alice.offered,
                          f.cfg().edge.supported, "aes-gcm", v.wrapped_t, f.alice.spi,
                          ch.c.edge_spi);
  BOOST_TEST((ok.c.mac == bytes(mac.begin(), mac.end())));
  const auto* sk = f.ss->session_key(f.sub.identity);
  BOOST_REQUIRE(sk != nullptr);
  BOOST_TEST((*sk == v.sk));
  auto r = f.report(out);
  BOOST_TEST(r.success);
  BOOST_TEST(r.mechanism == "aes-gcm");
  BOOST_TEST(r.reason.empty());
  BOOST_TEST(r.db_id == db_id);
  BOOST_TEST(r.session_id == f.ar.session_id);
  BOOST_TEST(r.softswitch == "ss1");
  BOOST_TEST(r.terminal_node == "terminals");
  BOOST_TEST(r.t_request == t0);
  BOOST_TEST(r.t_response == t0 + 5 * ms);
  BOOST_TEST(r.t_success == t0 + 5 * ms);
  BOOST_TEST(f.ss->stats().established == 1u);
  BOOST_TEST(f.ss->registered() == 1u);
  BOOST_TEST(f.ss->sessions() == 1u); // kept for the grace period
  BOOST_TEST(f.ss->unacknowledged_reports() == 1u);
}

BOOST_DATA_TEST_CASE(behind_a_proxy_the_report_names_the_proxys_choice, every_protocol, proto) {
  fixture f{proto};
  f.proxied = true;
  auto v = f.vector();
  auto ch = f.challenged(v);
  auto out = f.send(f.alice.message(ch, v.res), t0 + 5 * ms, "hmac-sha256");
  auto ok = only_step_to(f.b, out, sp_id);
  BOOST_TEST(ok.c.kind == step::success);
  // The proxy's copy travels to it; the MAC is the proxy's to add.
  BOOST_TEST((ok.c.wrapped_edge == bytes(v.wrapped_edge.begin(), v.wrapped_edge.end())));
  BOOST_TEST(ok.c.mac.empty());
  BOOST_TEST(out.messages.front().origin == t1);
  BOOST_TEST(f.ss->session_key(f.sub.identity) == nullptr); // the SS never learns SK
  auto r = f.report(out);
  BOOST_TEST(r.success);
  BOOST_TEST(r.mechanism == "hmac-sha256");
  BOOST_TEST(r.proxy == "sp1");
  BOOST_TEST(r.proxy_node == "edge");
}

BOOST_DATA_TEST_CASE(without_sec_agree_the_mechanism_is_no_sec_agree,
                     every_protocol * data::make({false, true}), proto, proxied) {
  fixture f{proto};
  f.proxied = proxied;
  f.alice.offered.clear();
  auto v = f.vector();
  auto ch = f.challenged(v);
  auto out = f.send(f.alice.message(ch, v.res), t0 + 5 * ms);
  auto ok = only_step_to(f.b, out, f.peer());
  BOOST_TEST(ok.c.kind == step::success);
  BOOST_TEST(ok.c.chosen.empty());
  auto r = f.report(out);
  BOOST_TEST(r.success);
  BOOST_TEST(r.mechanism == "no-sec-agree");
}

BOOST_DATA_TEST_CASE(a_proxy_that_reports_no_choice_for_an_offer_is_a_494, every_protocol,
                     proto) {
  fixture f{proto};
  f.proxied = true;
  auto v = f.vector();
  auto ch = f.challenged(v);
  f.check_rejected(f.send(f.alice.message(ch, v.res), t0 + 5 * ms), code::sec_agree_required,
                   "the proxy reported no chosen mechanism");
}

BOOST_DATA_TEST_CASE(a_mirror_mismatch_seen_by_the_proxy_is_a_494, every_protocol, proto) {
  fixture f{proto};
  f.proxied = true;
  auto v = f.vector();
  auto ch = f.challenged(v);
  f.check_rejected(f.send(f.alice.message(ch, v.res), t0 + 5 * ms, "aes-gcm", true),
                   code::sec_agree_required,
                   "bidding-down detected by the proxy: the mirror of its mechanism list was altered");
}

BOOST_DATA_TEST_CASE(no_verification_word_is_refused, every_protocol, proto) {
  fixture f{proto};
  auto v = f.vector();
  auto ch = f.challenged(v);
  f.check_rejected(f.send(f.alice.auth_failure(ch), t0 + 5 * ms), code::forbidden,
                   "terminal rejected the challenge (AUTN did not verify: wrong key?)");
  BOOST_TEST(f.ss->session_key(f.sub.identity) == nullptr);
}

BOOST_DATA_TEST_CASE(an_answer_to_another_challenge_is_refused, every_protocol, proto) {
  fixture f{proto};
  auto v = f.vector();
  f.challenged(v);
  // The same session, but a challenge with another RAND (a forged or stale one).
  auto other = f.vector(2);
  dialogue::challenge_fields cf;
  cf.session_id = f.ar.session_id;
  cf.rand = other.rand;
  cf.autn = other.autn;
  cf.edge = &f.cfg().edge.supported;
  cf.realm = "ngn.example";
  auto forged = decode_ok(f.b, f.b.challenge(decode_ok(f.b, f.alice.request()), cf));
  f.check_rejected(f.send(f.alice.message(forged, other.res), t0 + 5 * ms), code::forbidden,
                   "the registration message answers another challenge (RAND differs)");
}

BOOST_DATA_TEST_CASE(a_wrong_verification_word_is_refused, every_protocol, proto) {
  fixture f{proto};
  auto v = f.vector();
  auto ch = f.challenged(v);
  auto wrong = v.res;
  wrong[3] ^= 0x10;
  f.check_rejected(f.send(f.alice.message(ch, wrong), t0 + 5 * ms), code::forbidden,
                   "verification words differ");
}

BOOST_DATA_TEST_CASE(no_common_mechanism_is_a_494_before_the_auc_is_asked, every_protocol,
                     proto) {
  fixture f{proto};
  f.alice.offered = {{"null", 100}};
  auto out = f.send(f.alice.request(), t0);
  auto rej = only_step_to(f.b, out, t1);
  BOOST_TEST(rej.c.result == code::sec_agree_required);
  auto r = f.report(out); // the only AuC message: a report, no authentication request
  BOOST_TEST(r.db_id == 0);
  BOOST_TEST(r.reason
             == "no common security mechanism: offered null;q=0.1, the soft switch supports "
                "hmac-sha256;q=0.7,aes-gcm;q=0.6");
  BOOST_TEST(f.ss->stats().no_common_mechanism == 1u);
  BOOST_TEST(f.ss->stats().requests == 1u);
  BOOST_TEST(f.ss->sessions() == 0u);
}

BOOST_DATA_TEST_CASE(a_replayed_registration_message_is_refused_with_403, every_protocol, proto) {
  fixture f{proto};
  auto v = f.vector();
  auto ch = f.challenged(v);
  const auto msg = f.alice.message(ch, v.res);
  f.send(msg, t0 + 5 * ms);
  BOOST_REQUIRE_EQUAL(f.ss->stats().established, 1u);
  auto out = f.send(msg, t0 + 6 * ms);
  auto rej = only_step_to(f.b, out, t1);
  BOOST_TEST(rej.c.kind == step::rejection);
  BOOST_TEST(rej.c.result == code::forbidden);
  auto r = f.report(out);
  BOOST_TEST(r.db_id == 0);
  BOOST_TEST(r.reason == "registration message without an open challenge (replay or forgery)");
  BOOST_TEST(f.ss->stats().replays == 1u);
  BOOST_TEST(f.ss->stats().established == 1u);
  BOOST_TEST(f.ss->stats().rechallenged == 0u);
}

BOOST_DATA_TEST_CASE(an_answer_to_a_closed_challenge_is_challenged_again_only_where_the_binding_does,
                     every_protocol, proto) {
  fixture f{proto};
  auto v = f.vector();
  auto ch = f.challenged(v);
  // The challenge expires without an answer; the answer comes later.
  f.tick(t0 + 40 * seconds);
  BOOST_REQUIRE_EQUAL(f.ss->sessions(), 0u);
  auto out = f.send(f.alice.message(ch, v.res), t0 + 41 * seconds);
  auto sent = auc_sent(out);
  BOOST_REQUIRE(!sent.empty());
  const auto* r = std::get_if<auc::auth_report>(&sent.front());
  BOOST_REQUIRE(r != nullptr);
  BOOST_TEST(r->db_id == 0);
  if (f.b.rechallenges_closed()) {
    // A fresh challenge after asking the AuC again (SIP: a 401 with stale=TRUE, RFC 2617).
    BOOST_TEST(contains(r->reason, "challenged again"), r->reason);
    BOOST_REQUIRE_EQUAL(sent.size(), 2u);
    const auto* ar = std::get_if<auc::auth_request>(&sent[1]);
    BOOST_REQUIRE(ar != nullptr);
    BOOST_TEST(ar->identity == f.sub.identity);
    BOOST_TEST(ar->session_id != f.ar.session_id);
    BOOST_TEST(steps_to(f.b, out, t1).empty());
    BOOST_TEST(f.ss->stats().rechallenged == 1u);
    BOOST_TEST(f.ss->stats().replays == 0u);
    auto v2 = f.vector(2);
    auto again = f.from_auc(auc::message{to_auc(v2, ar->session_id, db_id)}, t0 + 42 * seconds);
    auto ch2 = only_step_to(f.b, again, t1);
    BOOST_TEST(ch2.c.kind == step::challenge);
    BOOST_TEST((ch2.c.rand == v2.rand));
    BOOST_TEST(contains(sent_to(again, t1).front().payload, "stale=TRUE"));
  } else {
    BOOST_TEST(sent.size() == 1u);
    BOOST_TEST(r->reason == "registration message without an open challenge (replay or forgery)");
    auto rej = only_step_to(f.b, out, t1);
    BOOST_TEST(rej.c.result == code::forbidden);
    BOOST_TEST(f.ss->stats().replays == 1u);
    BOOST_TEST(f.ss->stats().rechallenged == 0u);
  }
}

BOOST_DATA_TEST_CASE(no_registration_message_in_time_is_reported, every_protocol, proto) {
  fixture f{proto};
  auto v = f.vector();
  f.challenged(v);
  BOOST_TEST(f.tick(t0 + ms + 32 * seconds - 1).empty());
  auto out = f.tick(t0 + ms + 32 * seconds);
  BOOST_TEST(sent_to(out, t1).empty()); // nothing to tell a silent terminal
  auto r = f.report(out);
  BOOST_TEST(!r.success);
  BOOST_TEST(r.db_id == db_id);
  BOOST_TEST(r.reason == "no registration message within 32 s");
  BOOST_TEST(f.ss->sessions() == 0u);
}

BOOST_DATA_TEST_CASE(a_key_refusal_within_the_grace_period_is_reported, every_protocol, proto) {
  fixture f{proto};
  auto v = f.vector();
  auto ch = f.challenged(v);
  auto ok = only_step_to(f.b, f.send(f.alice.message(ch, v.res), t0 + 5 * ms), t1);
  // A refusal that does not prove RES is not the terminal's: ignored.
  auto wrong = v.res;
  wrong[0] ^= 1;
  BOOST_TEST(auc_sent(f.send(f.alice.refusal(ch, ok, wrong, "forged"), t0 + 6 * ms)).empty());
  BOOST_TEST(f.ss->stats().refusals == 0u);
  auto out = f.send(f.alice.refusal(ch, ok, v.res, "MAC mismatch"), t0 + 7 * ms);
  auto r = f.report(out);
  BOOST_TEST(!r.success);
  BOOST_TEST(r.db_id == db_id);
  BOOST_TEST(r.session_id == f.ar.session_id);
  BOOST_TEST(r.reason == "terminal refused the key: MAC mismatch");
  BOOST_TEST(f.ss->stats().refusals == 1u);
  BOOST_TEST(f.ss->stats().established == 0u);
  BOOST_TEST(f.ss->session_key(f.sub.identity) == nullptr);
  BOOST_TEST(f.ss->sessions() == 0u);
  // Once only.
  BOOST_TEST(auc_sent(f.send(f.alice.refusal(ch, ok, v.res, "again"), t0 + 8 * ms)).empty());
}

BOOST_DATA_TEST_CASE(a_key_refusal_after_the_grace_period_is_ignored, every_protocol, proto) {
  fixture f{proto};
  auto v = f.vector();
  auto ch = f.challenged(v);
  auto ok = only_step_to(f.b, f.send(f.alice.message(ch, v.res), t0 + 5 * ms), t1);
  f.from_auc(auc::message{auc::report_ack{db_id}}, t0 + 6 * ms);
  f.tick(t0 + 5 * ms + 32 * seconds - 1);
  BOOST_TEST(f.ss->sessions() == 1u);
  f.tick(t0 + 5 * ms + 32 * seconds);
  BOOST_TEST(f.ss->sessions() == 0u);
  auto out = f.send(f.alice.refusal(ch, ok, v.res, "late"), t0 + 40 * seconds);
  BOOST_TEST(auc_sent(out).empty());
  BOOST_TEST(f.ss->stats().refusals == 0u);
  BOOST_TEST(f.ss->stats().established == 1u);
}

BOOST_DATA_TEST_CASE(malformed_input_gets_the_protocol_answer_and_a_report, every_protocol,
                     proto) {
  fixture f{proto};
  const std::string garbage = "\x7f\x00 garbage";
  auto err = f.b.decode(garbage);
  BOOST_REQUIRE(!err);
  auto out = f.send(garbage, t0);
  BOOST_TEST(f.ss->stats().malformed == 1u);
  const auto answer = f.b.malformed_answer(garbage, err.error(), f.cfg().self);
  const auto to_t = sent_to(out, t1);
  BOOST_REQUIRE_EQUAL(to_t.size(), answer.empty() ? 0u : 1u);
  if (!answer.empty()) BOOST_TEST(to_t[0].payload == answer);
  auto r = f.report(out);
  BOOST_TEST(r.identity.empty());
  BOOST_TEST(contains(r.reason, "malformed " + std::string(to_string(proto)) + " message: "),
             r.reason);
}

BOOST_AUTO_TEST_SUITE_END()
