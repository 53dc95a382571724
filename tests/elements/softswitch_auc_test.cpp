// The soft switch's AuC leg (elements/softswitch_fsm.hpp, the fixture of softswitch_support.hpp):
// a silent AuC (504 and a report naming the session), the AuC's refusals, vectors for no session,
// resynchronisation, reports sent again until acknowledged, a proxy's failure reports forwarded,
// undecodable AuC messages dropped.
#include "softswitch_support.hpp"

#include <boost/test/unit_test.hpp>

using namespace ngn;
using namespace ngn::test;
using namespace ngn::test::unit;
using namespace ngn::test::softswitch_unit;

BOOST_AUTO_TEST_SUITE(softswitch_auc_unit)

BOOST_DATA_TEST_CASE(a_silent_auc_gives_504_and_a_report_naming_the_session,
                     every_protocol * data::make({false, true}), proto, proxied) {
  fixture f{proto};
  f.proxied = proxied;
  auto ar = f.request(t0);
  BOOST_TEST(f.tick(t0 + 2 * seconds - 1).empty());
  auto out = f.tick(t0 + 2 * seconds);
  auto rej = only_step_to(f.b, out, f.peer());
  BOOST_TEST(rej.c.kind == step::rejection);
  BOOST_TEST(rej.c.result == code::timeout);
  auto r = f.report(out);
  BOOST_TEST(!r.success);
  BOOST_TEST(r.db_id == 0); // the AuC finds its row by (soft switch, session id)
  BOOST_TEST(r.session_id == ar.session_id);
  BOOST_TEST(r.softswitch == "ss1");
  BOOST_TEST(r.reason == "authentication center did not answer");
  BOOST_TEST(f.ss->stats().auc_timeouts == 1u);
  BOOST_TEST(f.ss->sessions() == 0u);
  // The vector arriving late is ignored.
  auto v = f.vector();
  BOOST_TEST(f.from_auc(auc::message{to_auc(v, ar.session_id, db_id)}, t0 + 3 * seconds).empty());
  BOOST_TEST(f.ss->stats().challenges == 0u);
}

BOOST_DATA_TEST_CASE(auc_refusals_are_answered_without_a_report, every_protocol * data::make({
                       auc::status::unknown_identity, auc::status::unavailable,
                       auc::status::unknown_element, auc::status::resync_failed}),
                     proto, st) {
  fixture f{proto};
  auto ar = f.request();
  auc::auth_vector v;
  v.session_id = ar.session_id;
  v.db_id = db_id;
  v.result = st;
  auto out = f.from_auc(auc::message{v}, t0 + ms);
  auto rej = only_step_to(f.b, out, t1);
  BOOST_TEST(rej.c.kind == step::rejection);
  const code expected = st == auc::status::unknown_identity ? code::not_found
                        : st == auc::status::unavailable    ? code::unavailable
                                                            : code::forbidden;
  BOOST_TEST(rej.c.result == expected);
  BOOST_TEST(auc_sent(out).empty()); // the AuC recorded it itself
  BOOST_TEST(f.ss->stats().rejected == 1u);
  BOOST_TEST(f.ss->sessions() == 0u);
}

BOOST_DATA_TEST_CASE(a_vector_for_no_session_is_ignored, every_protocol, proto) {
  fixture f{proto};
  auto ar = f.request();
  auto v = f.vector();
  BOOST_TEST(f.from_auc(auc::message{to_auc(v, next_of(ar.session_id), db_id)}, t0).empty());
  // Answered once: a duplicate of the vector finds the session challenged, not waiting.
  f.from_auc(auc::message{to_auc(v, ar.session_id, db_id)}, t0);
  BOOST_TEST(f.from_auc(auc::message{to_auc(v, ar.session_id, db_id)}, t0).empty());
  BOOST_TEST(f.ss->stats().challenges == 1u);
}

BOOST_DATA_TEST_CASE(resynchronisation_asks_the_auc_then_challenges_afresh, every_protocol,
                     proto) {
  fixture f{proto};
  auto v = f.vector();
  auto ch = f.challenged(v);
  const dialogue::auts_t auts{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14};
  auto out = f.send(f.alice.resync(ch, auts), t0 + 5 * ms);
  BOOST_TEST(steps_to(f.b, out, t1).empty());
  auto rr = only_auc<auc::resync_request>(out);
  BOOST_TEST(out.messages.back().to == auc_id);
  BOOST_TEST(rr.session_id == f.ar.session_id);
  BOOST_TEST(rr.db_id == db_id);
  BOOST_TEST(rr.identity == f.sub.identity);
  BOOST_TEST((rr.rand == v.rand));
  BOOST_TEST((rr.auts == auts));
  BOOST_TEST(rr.t == t0 + 5 * ms);
  BOOST_TEST(f.ss->stats().resyncs == 1u);

  auto fresh = f.vector(2);
  out = f.from_auc(auc::message{to_auc(fresh, f.ar.session_id, db_id)}, t0 + 6 * ms);
  auto ch2 = only_step_to(f.b, out, t1);
  BOOST_TEST(ch2.c.kind == step::challenge);
  BOOST_TEST(ch2.c.session_id == f.ar.session_id);
  BOOST_TEST((ch2.c.rand == fresh.rand));
  BOOST_TEST(f.ss->stats().challenges == 2u);
  // The old RAND no longer counts; the fresh one does.
  out = f.send(f.alice.message(ch2, fresh.res), t0 + 7 * ms);
  BOOST_TEST(only_step_to(f.b, out, t1).c.kind == step::success);
  BOOST_TEST(f.report(out).success);
}

BOOST_DATA_TEST_CASE(a_silent_auc_during_resynchronisation_gives_504, every_protocol, proto) {
  fixture f{proto};
  auto v = f.vector();
  auto ch = f.challenged(v);
  f.send(f.alice.resync(ch, dialogue::auts_t{}), t0 + 5 * ms);
  BOOST_TEST(f.tick(t0 + 5 * ms + 2 * seconds - 1).empty());
  f.check_rejected(f.tick(t0 + 5 * ms + 2 * seconds), code::timeout,
                   "authentication center did not answer");
  BOOST_TEST(f.ss->stats().auc_timeouts == 1u);
}

BOOST_DATA_TEST_CASE(too_many_resynchronisations_are_refused, every_protocol, proto) {
  fixture f{proto};
  auto v = f.vector();
  auto ch = f.challenged(v);
  for (std::uint64_t i = 0; i < 2; ++i) {
    f.send(f.alice.resync(ch, dialogue::auts_t{}), t0 + 5 * ms);
    auto again = f.vector(10 + i);
    ch = only_step_to(f.b, f.from_auc(auc::message{to_auc(again, f.ar.session_id, db_id)},
                                      t0 + 6 * ms),
                      t1);
  }
  f.check_rejected(f.send(f.alice.resync(ch, dialogue::auts_t{}), t0 + 7 * ms), code::forbidden,
                   "too many resynchronisations");
  BOOST_TEST(f.ss->stats().resyncs == 2u);
}

BOOST_DATA_TEST_CASE(reports_are_sent_again_until_acknowledged, every_protocol, proto) {
  fixture f{proto};
  auto v = f.vector();
  auto ch = f.challenged(v);
  const micros at = t0 + 5 * ms;
  f.send(f.alice.message(ch, v.res), at);
  BOOST_TEST(auc_sent(f.tick(at + seconds - 1)).empty());
  auto again = f.report(f.tick(at + seconds));
  BOOST_TEST(again.success);
  BOOST_TEST(again.db_id == db_id);
  BOOST_TEST(f.ss->stats().reports_resent == 1u);
  BOOST_TEST(f.ss->unacknowledged_reports() == 1u);
  BOOST_TEST(f.from_auc(auc::message{auc::report_ack{db_id}}, at + seconds + 1).empty());
  BOOST_TEST(f.ss->unacknowledged_reports() == 0u);
  BOOST_TEST(auc_sent(f.tick(at + 30 * seconds)).empty());
  BOOST_TEST(f.ss->stats().reports_resent == 1u);
  BOOST_TEST(f.ss->stats().reports_lost == 0u);
}

BOOST_AUTO_TEST_CASE(a_proxys_failure_report_is_forwarded_to_the_auc) {
  fixture f{protocol::mgcp};
  auc::auth_report r;
  r.identity = "alice@ngn.example";
  r.proto = protocol::mgcp;
  r.proxy = "sp1";
  r.proxy_node = "edge";
  r.reason = "no common security mechanism";
  outbox out;
  f.ss->on_envelope(envelope{ss_id, sp_id, elements::envelope_kind::auc,
                             auc::encode(auc::message{r}), t1},
                    t0, out);
  auto fwd = f.report(out);
  BOOST_TEST(out.messages[0].to == auc_id);
  BOOST_TEST(fwd.identity == r.identity);
  BOOST_TEST(fwd.reason == r.reason);
  BOOST_TEST(fwd.softswitch == "ss1");
  BOOST_TEST(fwd.softswitch_node == "core");
  BOOST_TEST(fwd.proxy == "sp1");
  BOOST_TEST(fwd.terminal_node == "terminals");
  // A success, or a report about an AuC session, is not the proxy's to make: dropped.
  r.success = true;
  outbox none;
  f.ss->on_envelope(auc_envelope(ss_id, sp_id, auc::message{r}), t0, none);
  r.success = false;
  r.db_id = 5;
  f.ss->on_envelope(auc_envelope(ss_id, sp_id, auc::message{r}), t0, none);
  BOOST_TEST(none.empty());
}

BOOST_AUTO_TEST_CASE(undecodable_auc_messages_are_dropped) {
  fixture f{protocol::sip};
  outbox out;
  f.ss->on_envelope(envelope{ss_id, auc_id, elements::envelope_kind::auc, "\x02\x01"}, t0, out);
  f.ss->on_envelope(envelope{ss_id, auc_id, elements::envelope_kind::control, "x"}, t0, out);
  BOOST_TEST(out.empty());
}

BOOST_AUTO_TEST_SUITE_END()
