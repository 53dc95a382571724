// The authentication center alone (elements/auc_fsm.hpp, the fixture of auc_support.hpp):
// challenges held until their SQN is committed, unknown identities and elements, reports (by
// db_id or by the soft switch's session id, duplicates counted once), rejected write batches, the
// expiry sweep, the end of a run, and the SIPp-compatible RAND. The SQN cases (resynchronisation,
// SEQ/IND, the end of the SQN space) are auc_sqn_test.cpp.
#include "auc_support.hpp"

#include "elements/reasons.hpp"

#include <boost/test/unit_test.hpp>

using namespace ngn;
using namespace ngn::test;
using namespace ngn::test::unit;
using namespace ngn::test::auc_unit;
using storage::session_state;

BOOST_AUTO_TEST_SUITE(auc_fsm_unit)

BOOST_AUTO_TEST_CASE(a_challenge_is_held_until_its_sqn_is_committed) {
  fixture f;
  auto out = f.send(auc::message{f.request()});
  BOOST_TEST(out.empty());
  BOOST_TEST(f.fsm.held() == 1u);
  BOOST_TEST(f.fsm.open_sessions() == 1u);
  // One transaction: the SQN first, then the session row.
  BOOST_REQUIRE_EQUAL(f.sink.ops.size(), 2u);
  const auto* sqn = as<storage::sqn_update>(f.sink.ops[0]);
  const auto* ins = as<storage::session_insert>(f.sink.ops[1]);
  BOOST_REQUIRE(sqn != nullptr);
  BOOST_REQUIRE(ins != nullptr);
  BOOST_TEST(f.sink.ticket == 1u);
  BOOST_TEST(sqn->identity == f.sub.identity);
  BOOST_TEST(sqn->sqn == 33u); // SEQ 1, IND 1 (round-robin: IND = SEQ mod 32)
  const auto& row = ins->row;
  BOOST_TEST(row.state == session_state::challenged);
  BOOST_TEST(row.identity == f.sub.identity);
  BOOST_TEST(row.protocol == "mgcp");
  BOOST_TEST(row.softswitch == "ss1");
  BOOST_TEST(row.softswitch_node == "core");
  BOOST_TEST(row.proxy.empty());
  BOOST_TEST(row.terminal_node == "terminals");
  BOOST_TEST(row.auc == "auc1");
  BOOST_TEST(row.auc_node == "core");
  BOOST_TEST(row.t_request == t0 - 5);
  BOOST_TEST(row.t_challenge == t0);
  // Not before the commit of its ticket.
  BOOST_TEST(f.commit(0).empty());
  out = f.commit(1);
  BOOST_TEST(f.fsm.held() == 0u);
  auto v = only_auc<auc::auth_vector>(out);
  BOOST_TEST(v.result == auc::status::ok);
  BOOST_TEST(v.session_id == ngn::session_id::of_number(9));
  BOOST_TEST(v.db_id == row.id);
  BOOST_TEST((bytes(v.rand.begin(), v.rand.end()) == row.rand));
  BOOST_TEST(f.sqn_of(v) == 33u);
  // SK wrapped for the terminal (Kc) and for the soft switch (Kss), the same SK; storage keeps
  // its fingerprint only.
  auto sk_t = crypto::unwrap_session_key(f.sub.k, v.rand, crypto::kek_role::terminal,
                                         f.sub.identity, byte_view{v.wrapped_t});
  auto sk_e = crypto::unwrap_session_key(f.kss, v.rand, crypto::kek_role::softswitch,
                                         f.sub.identity, byte_view{v.wrapped_edge});
  BOOST_REQUIRE(sk_t);
  BOOST_REQUIRE(sk_e);
  BOOST_TEST((*sk_t == *sk_e));
  const auto fp = crypto::key_fingerprint(*sk_t);
  BOOST_TEST((row.sk_fingerprint == bytes(fp.begin(), fp.end())));
  BOOST_TEST(f.fsm.stats().requests == 1u);
  BOOST_TEST(f.fsm.stats().challenges == 1u);
  BOOST_TEST(f.fsm.stats().held_max == 1u);
  // A second challenge takes the next SEQ and the next IND.
  BOOST_TEST(f.sqn_of(f.challenge(10)) == 66u);
  BOOST_TEST(f.fsm.find_subscriber(f.sub.identity)->sqn == 66u);
}

BOOST_AUTO_TEST_CASE(with_a_proxy_the_edge_copy_is_wrapped_with_ksp) {
  fixture f;
  f.send(auc::message{f.request(9, "sp1")});
  auto v = only_auc<auc::auth_vector>(f.commit(f.sink.ticket));
  BOOST_TEST(crypto::unwrap_session_key(f.ksp, v.rand, crypto::kek_role::proxy, f.sub.identity,
                                        byte_view{v.wrapped_edge})
               .has_value());
  BOOST_TEST(!crypto::unwrap_session_key(f.kss, v.rand, crypto::kek_role::softswitch,
                                         f.sub.identity, byte_view{v.wrapped_edge})
                .has_value());
  const auto* ins = as<storage::session_insert>(f.sink.ops[1]);
  BOOST_REQUIRE(ins != nullptr);
  BOOST_TEST(ins->row.proxy == "sp1");
  BOOST_TEST(ins->row.proxy_node == "edge");
}

BOOST_AUTO_TEST_CASE(replies_are_released_in_ticket_order) {
  fixture f;
  f.send(auc::message{f.request(1)});
  f.send(auc::message{f.request(2)});
  BOOST_TEST(f.fsm.held() == 2u);
  BOOST_TEST(f.fsm.stats().held_max == 2u);
  auto first = only_auc<auc::auth_vector>(f.commit(1));
  BOOST_TEST(first.session_id == ngn::session_id::of_number(1));
  BOOST_TEST(f.fsm.held() == 1u);
  auto second = only_auc<auc::auth_vector>(f.commit(2));
  BOOST_TEST(second.session_id == ngn::session_id::of_number(2));
}

BOOST_AUTO_TEST_CASE(an_unknown_identity_is_answered_at_once_and_recorded) {
  fixture f;
  auto r = f.request();
  r.identity = "nobody@ngn.example";
  auto out = f.send(auc::message{r});
  auto v = only_auc<auc::auth_vector>(out); // not held: no SQN to commit
  BOOST_TEST(v.result == auc::status::unknown_identity);
  BOOST_TEST(v.session_id == ngn::session_id::of_number(9));
  BOOST_TEST(v.db_id != 0);
  BOOST_TEST(state(f.sink, v.db_id) == "failed");
  BOOST_TEST(f.sink.reason_of(v.db_id) == "unknown identity");
  BOOST_TEST(f.sink.sqn_of(r.identity) == 0u);
  BOOST_TEST(f.fsm.stats().unknown == 1u);
  BOOST_TEST(f.fsm.stats().challenges == 0u);
  BOOST_TEST(f.fsm.open_sessions() == 0u);
  BOOST_TEST(f.fsm.held() == 0u);
}

BOOST_AUTO_TEST_CASE(an_element_without_a_key_is_answered_at_once_and_recorded) {
  fixture f;
  auto out = f.send(auc::message{f.request(9, "sp9")});
  auto v = only_auc<auc::auth_vector>(out);
  BOOST_TEST(v.result == auc::status::unknown_element);
  BOOST_TEST(f.sink.reason_of(v.db_id) == "no key for element sp9");
  BOOST_TEST(state(f.sink, v.db_id) == "failed");
  BOOST_TEST(f.fsm.stats().unknown == 1u);
  // The subscriber's SQN was not used.
  BOOST_TEST(f.fsm.find_subscriber(f.sub.identity)->sqn == 0u);
}

BOOST_AUTO_TEST_CASE(a_report_with_db_id_closes_the_session_and_is_acknowledged_once_committed) {
  fixture f;
  auto v = f.challenge();
  const auto ops_before = f.sink.ops.size();
  auto out = f.send(auc::message{f.report(v.db_id, true)}, t0 + 20);
  BOOST_TEST(out.empty());
  BOOST_REQUIRE_EQUAL(f.sink.ops.size(), ops_before + 1);
  const auto* u = as<storage::session_update>(f.sink.ops.back());
  BOOST_REQUIRE(u != nullptr);
  BOOST_TEST(u->id == v.db_id);
  BOOST_TEST(u->state == session_state::established);
  BOOST_TEST(u->mechanism == "aes-gcm");
  BOOST_TEST(u->t_response == t0 + 10);
  BOOST_TEST(u->t_success == t0 + 11);
  BOOST_TEST(u->t_end == t0 + 20);
  BOOST_TEST(u->terminal_node == "terminals");
  BOOST_TEST(u->softswitch_node == "core");
  BOOST_TEST(f.fsm.stats().established == 1u);
  BOOST_TEST(f.fsm.open_sessions() == 0u);
  auto ack = only_auc<auc::report_ack>(f.commit(f.sink.ticket));
  BOOST_TEST(ack.db_id == v.db_id);
}

BOOST_AUTO_TEST_CASE(a_report_by_the_softswitchs_session_id_closes_the_row_opened_for_it) {
  fixture f;
  f.send(auc::message{f.request(9)}); // never committed before the soft switch gave up
  BOOST_REQUIRE_EQUAL(f.fsm.open_sessions(), 1u);
  const auto* ins = as<storage::session_insert>(f.sink.ops[1]);
  BOOST_REQUIRE(ins != nullptr);
  const auto row_id = ins->row.id;
  auto r = f.report(0, false);
  r.session_id = ngn::session_id::of_number(9);
  r.reason = "authentication center did not answer";
  f.send(auc::message{r}, t0 + 2 * seconds);
  // One row, one reason: no new row.
  std::size_t inserts = 0;
  for (const auto& op : f.sink.ops) inserts += as<storage::session_insert>(op) != nullptr;
  BOOST_TEST(inserts == 1u);
  BOOST_TEST(state(f.sink, row_id) == "failed");
  BOOST_TEST(f.sink.reason_of(row_id) == "authentication center did not answer");
  BOOST_TEST(f.fsm.open_sessions() == 0u);
  BOOST_TEST(f.fsm.stats().failed == 1u);
  // The held vector and the ack are released with the commit.
  auto out = f.commit(f.sink.ticket);
  auto sent = auc_sent(out);
  BOOST_REQUIRE_EQUAL(sent.size(), 2u);
  BOOST_TEST(std::holds_alternative<auc::auth_vector>(sent[0]));
  BOOST_REQUIRE(std::holds_alternative<auc::report_ack>(sent[1]));
  BOOST_TEST(std::get<auc::report_ack>(sent[1]).db_id == row_id);
}

BOOST_AUTO_TEST_CASE(a_report_by_session_id_of_another_softswitch_is_a_row_of_its_own) {
  fixture f;
  f.send(auc::message{f.request(9)});
  auto r = f.report(0, false);
  r.session_id = ngn::session_id::of_number(9);
  r.softswitch = "ss2";
  f.send(auc::message{r}, t0 + seconds);
  BOOST_TEST(f.fsm.open_sessions() == 1u);
  BOOST_TEST(f.sink.sessions_in(session_state::failed).size() == 1u);
  BOOST_TEST(f.sink.sessions_in(session_state::challenged).size() == 1u);
}

BOOST_AUTO_TEST_CASE(duplicate_reports_are_applied_again_and_counted_once) {
  fixture f;
  auto v = f.challenge();
  f.send(auc::message{f.report(v.db_id, true)}, t0 + 20);
  f.send(auc::message{f.report(v.db_id, true)}, t0 + 30);
  BOOST_TEST(f.fsm.stats().established == 1u);
  std::size_t updates = 0;
  for (const auto& op : f.sink.ops) updates += as<storage::session_update>(op) != nullptr;
  BOOST_TEST(updates == 2u);
  // Both are acknowledged: the soft switch may have lost the first ack.
  auto sent = auc_sent(f.commit(f.sink.ticket));
  BOOST_REQUIRE_EQUAL(sent.size(), 2u);
  BOOST_TEST(std::get<auc::report_ack>(sent[0]).db_id == v.db_id);
  BOOST_TEST(std::get<auc::report_ack>(sent[1]).db_id == v.db_id);
}

BOOST_AUTO_TEST_CASE(reports_about_a_previous_run_of_the_auc_are_counted_once) {
  recording_sink pre;
  pre.last_id = 100; // rows of an earlier run of this AuC
  seeded_random r{5};
  elements::auc_fsm auc(fixture::config(), r, pre);
  auc::auth_report rep;
  rep.db_id = 50;
  rep.identity = "alice@ngn.example";
  rep.reason = "verification words differ";
  outbox out;
  auc.on_envelope(auc_envelope(auc_id, ss_id, auc::message{rep}), t0, out);
  auc.on_envelope(auc_envelope(auc_id, ss_id, auc::message{rep}), t0 + 1, out);
  BOOST_TEST(auc.stats().failed == 1u);
  BOOST_TEST(state(pre, 50) == "failed");
  // A report about a row of this run that is not open: applied, not counted again.
  rep.db_id = 150;
  auc.on_envelope(auc_envelope(auc_id, ss_id, auc::message{rep}), t0 + 2, out);
  BOOST_TEST(auc.stats().failed == 1u);
  BOOST_TEST(state(pre, 150) == "failed");
}

BOOST_AUTO_TEST_CASE(a_failure_without_a_session_is_recorded_as_its_own_row) {
  fixture f;
  auc::auth_report r;
  r.proto = protocol::h248;
  r.softswitch = "ss1";
  r.proxy = "sp1";
  r.reason = "malformed h248 message";
  f.send(auc::message{r}, t0 + 7);
  BOOST_REQUIRE_EQUAL(f.sink.ops.size(), 1u);
  const auto* ins = as<storage::session_insert>(f.sink.ops[0]);
  BOOST_REQUIRE(ins != nullptr);
  BOOST_TEST(ins->row.identity == "?");
  BOOST_TEST(ins->row.protocol == "h248");
  BOOST_TEST(ins->row.proxy == "sp1");
  BOOST_TEST(ins->row.state == session_state::failed);
  BOOST_TEST(ins->row.failure_reason == "malformed h248 message");
  BOOST_TEST(ins->row.t_request == t0 + 7); // none given: when it arrived
  BOOST_TEST(f.fsm.stats().failed == 1u);
  BOOST_TEST(f.commit(f.sink.ticket).empty()); // nothing to acknowledge
}

BOOST_AUTO_TEST_CASE(a_rejected_batch_answers_unavailable_and_releases_nothing) {
  fixture f;
  f.send(auc::message{f.request(9)});
  const auto ticket = f.sink.ticket;
  outbox out;
  f.fsm.on_rejected(ticket, "disk full", out);
  auto v = only_auc<auc::auth_vector>(out);
  BOOST_TEST(v.result == auc::status::unavailable);
  BOOST_TEST(v.session_id == ngn::session_id::of_number(9));
  BOOST_TEST(v.detail == "session not stored: disk full");
  BOOST_TEST(f.fsm.held() == 0u);
  BOOST_TEST(f.fsm.open_sessions() == 0u);
  BOOST_TEST(f.commit(ticket).empty());
  // A report whose batch is rejected is not acknowledged (the soft switch sends it again).
  auto v2 = f.challenge(10);
  f.send(auc::message{f.report(v2.db_id, true)});
  out.clear();
  f.fsm.on_rejected(f.sink.ticket, "disk full", out);
  BOOST_TEST(out.empty());
  BOOST_TEST(f.fsm.held() == 0u);
  // A rejection of another ticket leaves what is held alone.
  f.send(auc::message{f.request(11)});
  f.fsm.on_rejected(f.sink.ticket - 1, "disk full", out);
  BOOST_TEST(f.fsm.held() == 1u);
}

BOOST_AUTO_TEST_CASE(a_storage_failure_stops_challenging_until_a_commit_succeeds) {
  // Issue 12 item 5: a full disk or an I/O error (the writer retries and reports) withdraws the
  // held challenges and refuses requests, with SQLite's reason, until a write commits again.
  fixture f;
  f.send(auc::message{f.request(9)});
  BOOST_REQUIRE_EQUAL(f.fsm.held(), 1u);
  const std::string sqlite = "database or disk is full (SQLite result code 13)";
  const std::string why = "AuC unavailable: storage failed: " + sqlite;
  outbox out;
  f.fsm.on_storage_failed(sqlite, t0 + 1, out);
  auto v = only_auc<auc::auth_vector>(out);
  BOOST_TEST(v.result == auc::status::unavailable);
  BOOST_TEST(v.detail == why);
  BOOST_TEST(f.fsm.held() == 0u);
  BOOST_TEST(f.fsm.open_sessions() == 0u);
  BOOST_TEST(state(f.sink, v.db_id) == "failed"); // written behind the challenge's insert
  BOOST_TEST(f.fsm.storage_failure() == sqlite);
  // A new request is refused at once, without drawing an SQN.
  const auto sqn = f.fsm.find_subscriber(f.sub.identity)->sqn;
  auto refused = only_auc<auc::auth_vector>(f.send(auc::message{f.request(10)}));
  BOOST_TEST(refused.result == auc::status::unavailable);
  BOOST_TEST(refused.detail == why);
  BOOST_TEST(state(f.sink, refused.db_id) == "failed");
  BOOST_TEST(f.fsm.find_subscriber(f.sub.identity)->sqn == sqn);
  BOOST_TEST(f.fsm.stats().storage_refused == 2u);
  BOOST_TEST(f.fsm.stats().challenges == 1u);
  // The backlog commits: challenges leave again.
  BOOST_TEST(f.commit(f.sink.ticket).empty());
  BOOST_TEST(f.fsm.storage_failure().empty());
  auto again = f.challenge(11);
  BOOST_TEST(again.result == auc::status::ok);
  BOOST_TEST(f.sqn_of(again) > sqn);
}

BOOST_AUTO_TEST_CASE(challenges_without_an_outcome_expire) {
  fixture f;
  outbox out;
  f.challenge(9, t0);
  f.challenge(10, t0 + 30 * seconds);
  f.fsm.on_tick(t0 + 119 * seconds, out);
  BOOST_TEST(f.fsm.open_sessions() == 2u);
  f.fsm.on_tick(t0 + 120 * seconds, out);
  BOOST_TEST(out.empty());
  BOOST_TEST(f.fsm.open_sessions() == 1u);
  BOOST_TEST(f.fsm.stats().expired == 1u);
  auto expired = f.sink.sessions_in(session_state::expired);
  BOOST_REQUIRE_EQUAL(expired.size(), 1u);
  BOOST_TEST(f.sink.reason_of(expired[0]) == "no outcome within 120 s of the challenge");
  // Sweeps run once a second.
  f.fsm.on_tick(t0 + 150 * seconds + 500 * ms, out);
  BOOST_TEST(f.fsm.open_sessions() == 0u);
  f.challenge(11, t0 + 30 * seconds);
  f.fsm.on_tick(t0 + 151 * seconds, out);
  BOOST_TEST(f.fsm.open_sessions() == 1u);
  f.fsm.on_tick(t0 + 151 * seconds + 500 * ms, out);
  BOOST_TEST(f.fsm.open_sessions() == 0u);
  // A late report still updates the expired row, but a closed session is not counted again.
  const auto established = f.fsm.stats().established;
  f.send(auc::message{f.report(expired[0], true)});
  BOOST_TEST(f.fsm.stats().established == established);
  BOOST_TEST(state(f.sink, expired[0]) == "established");
}

BOOST_AUTO_TEST_CASE(the_end_of_a_run_expires_every_open_challenge) {
  fixture f;
  auto a = f.challenge(9, t0);
  auto b = f.challenge(10, t0 + 100 * seconds);
  f.send(auc::message{f.report(a.db_id, true)});
  f.fsm.close_open(t0 + 101 * seconds);
  BOOST_TEST(f.fsm.open_sessions() == 0u);
  BOOST_TEST(f.fsm.stats().expired == 1u);
  BOOST_TEST(state(f.sink, a.db_id) == "established");
  BOOST_TEST(state(f.sink, b.db_id) == "expired");
  BOOST_TEST(f.sink.reason_of(b.db_id) == "the emulation ended with the challenge open");
  // A report by session id after that finds no open row: a row of its own.
  auto r = f.report(0, false);
  r.session_id = ngn::session_id::of_number(10);
  f.send(auc::message{r});
  BOOST_TEST(state(f.sink, b.db_id) == "expired");
  // A request still on its way when the run ended gets no challenge (nothing would close it):
  // answered unavailable at once, no row, no SQN.
  const auto rows = f.sink.all_sessions().size();
  auto late = f.send(auc::message{f.request(12)}, t0 + 102 * seconds);
  BOOST_REQUIRE_EQUAL(late.messages.size(), 1u);
  const auto v = only_auc<auc::auth_vector>(late);
  BOOST_TEST((v.result == auc::status::unavailable));
  BOOST_TEST(v.detail == "the emulation ended");
  BOOST_TEST(f.sink.all_sessions().size() == rows);
  BOOST_TEST(f.fsm.open_sessions() == 0u);
}

BOOST_AUTO_TEST_CASE(sipp_compatible_subscribers_get_a_rand_whose_res_has_no_zero_byte) {
  // Find a RAND whose RES has a 0x00 byte (SIPp 3.6.1 truncates RES there) and one without.
  const auto sub = make_subscriber("sipp@ngn.example", 31);
  crypto::milenage m{sub.k, sub.opc.raw()};
  seeded_random search{1};
  std::optional<dialogue::rand_t> with_zero, without_zero;
  for (int i = 0; i < 10'000 && !(with_zero && without_zero); ++i) {
    dialogue::rand_t r;
    search.fill(r.data(), r.size());
    auto av = crypto::make_auth_vector(m, r, 32, block<2>{0x80, 0});
    const bool zero = std::find(av.xres.begin(), av.xres.end(), 0) != av.xres.end();
    if (zero && !with_zero) with_zero = r;
    if (!zero && !without_zero) without_zero = r;
  }
  BOOST_REQUIRE(with_zero && without_zero);
  for (bool compat : {false, true}) {
    BOOST_TEST_CONTEXT("sipp_compat " << compat) {
      scripted_random r;
      r.then(*with_zero);
      r.then(*without_zero);
      recording_sink sink;
      elements::auc_fsm auc(fixture::config(), r, sink);
      elements::auc_subscriber s;
      s.k = sub.k;
      s.opc = sub.opc;
      s.flags = compat ? storage::sipp_compat : 0u;
      auc.add_subscriber(sub.identity, s);
      auc.add_element("ss1", "softswitch", make_key(7));
      auc::auth_request req;
      req.session_id = ngn::session_id::of_number(1);
      req.identity = sub.identity;
      req.softswitch = "ss1";
      outbox out;
      auc.on_envelope(auc_envelope(auc_id, ss_id, auc::message{req}), t0, out);
      auc.on_committed(sink.ticket, out);
      auto v = only_auc<auc::auth_vector>(out);
      if (compat) {
        BOOST_TEST((v.rand == *without_zero));
        BOOST_TEST(std::find(v.xres.begin(), v.xres.end(), 0) == v.xres.end());
      } else {
        BOOST_TEST((v.rand == *with_zero));
        BOOST_TEST(std::find(v.xres.begin(), v.xres.end(), 0) != v.xres.end());
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(what_is_not_for_the_auc_is_ignored) {
  fixture f;
  outbox out;
  f.fsm.on_envelope(envelope{auc_id, ss_id, elements::kind_of(protocol::sip), "REGISTER"}, t0,
                    out);
  f.fsm.on_envelope(envelope{auc_id, ss_id, elements::envelope_kind::auc, "\x01"}, t0, out);
  f.fsm.on_envelope(auc_envelope(auc_id, ss_id, auc::message{auc::report_ack{3}}), t0, out);
  f.fsm.on_envelope(auc_envelope(auc_id, ss_id, auc::message{auc::auth_vector{}}), t0, out);
  BOOST_TEST(out.empty());
  BOOST_TEST(f.sink.ops.empty());
  BOOST_TEST(f.fsm.stats().requests == 0u);
}

BOOST_AUTO_TEST_CASE(subscribers_and_elements_are_provisioned) {
  fixture f;
  BOOST_TEST(f.fsm.subscriber_count() == 1u);
  BOOST_REQUIRE(f.fsm.find_subscriber(f.sub.identity) != nullptr);
  BOOST_TEST((f.fsm.find_subscriber(f.sub.identity)->k == f.sub.k));
  BOOST_TEST(f.fsm.find_subscriber("bob@ngn.example") == nullptr);
}

BOOST_AUTO_TEST_SUITE_END()
