// nodes::lifecycle, the life of one node of a multi-node emulation as a pure state machine: every
// step for one, two and three nodes, collector and not; every failure (a peer that never comes up,
// a node that dies or goes silent during quiesce, missing done / final / finish, a bridge that
// never empties, SIGINT); messages reordered across nodes and duplicated; and, over simulated
// links that keep order per pair (ZeroMQ), that no AuC drains while an envelope toward it is in
// flight, whatever the interleaving.
#include "tests/nodes/lifecycle_harness.hpp"

#include <boost/test/unit_test.hpp>

using namespace ngn;
using namespace ngn::nodes;
using namespace ngn::nodes::test;
using ct = control_type;
using lc::phase;

namespace {

/// One machine, fed event by event at a clock the test moves.
struct one {
  lc::machine m;
  lc::time_point now = t0;
  lc::actions last;

  explicit one(lc::config c) : m(std::move(c)) { last = m.start(now); }

  const lc::actions& on(const lc::event& e, lc::clock::duration later = {}) {
    now += later;
    last = m.handle(e, now);
    BOOST_TEST_MESSAGE(std::string(to_string(m.current())) + " <- " + describe(last));
    return last;
  }
  /// Every part of a report, in order; the actions of all of them.
  lc::actions on_report(ct type, const std::string& node, std::uint16_t parts = 1) {
    lc::actions all;
    for (const auto& r : report(type, node, parts)) {
      auto a = on(r);
      all.insert(all.end(), a.begin(), a.end());
    }
    return all;
  }
  const lc::actions& at(std::chrono::milliseconds since_start) {
    return on(lc::tick{}, t0 + since_start - now);
  }
  /// The end of a run: the summary printed (with `verdict`), the bridge flushed; the exit status.
  int finish(bool verdict = true) {
    on(lc::summary_printed{verdict});
    return exit_status(on(lc::bridge_flushed{}));
  }
};

const std::vector<std::string> two{"auc", "terms"};
const std::vector<std::string> three{"auc", "core", "terms"};

/// The collector "auc" of {auc, core, terms} with terminals on `terminal_nodes`, once every peer
/// is up.
one collector_of_three(std::vector<std::string> terminal_nodes) {
  one c{config_for("auc", three, std::move(terminal_nodes))};
  c.on(lc::peer_up{"core"});
  c.on(lc::peer_up{"terms"});
  return c;
}

/// The collector "auc" of {auc, core, terms}, brought to awaiting its AuCs' quiesced: every peer
/// up, terms' done in, its own elements drained.
one collector_awaiting_quiesced() {
  auto c = collector_of_three({"terms"});
  c.on_report(ct::done, "terms", 2);
  c.on(lc::elements_drained{});
  BOOST_REQUIRE(c.m.current() == phase::awaiting_quiesced);
  return c;
}

/// collector_awaiting_quiesced() once every quiesced is in: draining its AuCs.
one collector_draining_aucs() {
  auto c = collector_awaiting_quiesced();
  c.on(msg(ct::quiesced, "terms"));
  c.on(msg(ct::quiesced, "core"));
  BOOST_REQUIRE(c.m.current() == phase::draining_aucs);
  return c;
}

/// collector_draining_aucs() once its AuCs drained and the final reports of auc and terms are in:
/// awaiting core's.
one collector_awaiting_the_final_of_core() {
  auto c = collector_draining_aucs();
  c.on(lc::aucs_drained{});
  c.on_report(ct::final, "auc");
  c.on_report(ct::final, "terms");
  BOOST_REQUIRE(c.m.current() == phase::collecting_finals);
  return c;
}

/// "terms" of {auc, terms} (or as `c` says) once its collector "auc" is up: running its groups.
one terms_running(lc::config c = config_for("terms", two, {"terms"})) {
  one t{std::move(c)};
  t.on(lc::peer_up{"auc"});
  return t;
}

/// terms_running(c) once its groups finished, the collector said quiesce and its elements and
/// AuCs drained: awaiting the collector's finish.
one terms_awaiting_finish(lc::config c = config_for("terms", two, {"terms"})) {
  auto t = terms_running(std::move(c));
  t.on(lc::groups_finished{});
  t.on(msg(ct::quiesce, "auc"));
  t.on(lc::elements_drained{});
  t.on(lc::aucs_drained{});
  BOOST_REQUIRE(t.m.current() == phase::awaiting_finish);
  return t;
}

} // namespace

BOOST_AUTO_TEST_SUITE(lifecycle_steps)

BOOST_AUTO_TEST_CASE(a_single_node_runs_drains_reports_and_exits_without_peers) {
  one a{config_for("auc", {"auc"}, {"auc"})};
  BOOST_TEST(describe(a.last) == "start_groups");
  BOOST_TEST((a.m.current() == phase::running));
  BOOST_TEST(describe(a.on(lc::groups_finished{})) == "send_report(done → auc)");
  BOOST_TEST((a.m.current() == phase::collecting_done));
  BOOST_TEST(describe(a.on_report(ct::done, "auc", 2)) == "merge_report(2) drain_elements");
  BOOST_TEST(describe(a.on(lc::elements_drained{})) == "drain_aucs");
  BOOST_TEST(describe(a.on(lc::aucs_drained{})) == "send_report(final → auc)");
  BOOST_TEST((a.m.current() == phase::collecting_finals));
  BOOST_TEST(describe(a.on_report(ct::final, "auc")) == "merge_report(1) print_summary");
  BOOST_TEST(first<lc::print_summary>(a.last)->whole);
  BOOST_TEST(describe(a.on(lc::summary_printed{true})) == "flush_bridge");
  BOOST_TEST(describe(a.on(lc::bridge_flushed{})) == "exit(0)");
  BOOST_TEST((a.m.current() == phase::stopped));
  BOOST_TEST(a.on(lc::tick{}, 1000s).empty()); // stopped: nothing more
}

BOOST_AUTO_TEST_CASE(the_collector_of_two_nodes_step_by_step) {
  one a{config_for("auc", two, {"terms"})};
  BOOST_TEST(a.last.empty());
  BOOST_TEST((a.m.current() == phase::waiting_for_peers));
  BOOST_TEST((a.m.deadline() == t0 + 60s));
  // Barrier passed; no terminals here: straight to collecting the done reports.
  BOOST_TEST(describe(a.on(lc::peer_up{"terms"}, 1s)) == "start_groups");
  BOOST_TEST((a.m.current() == phase::collecting_done));
  BOOST_TEST((a.m.deadline() == t0 + 1s + 600s));
  // terms' done in two parts: merged once whole; then quiesce everyone and drain.
  BOOST_TEST(a.on(report(ct::done, "terms", 2)[0]).empty());
  BOOST_TEST(describe(a.on(report(ct::done, "terms", 2)[1]))
             == "merge_report(2) send(quiesce → terms) drain_elements");
  BOOST_TEST((a.m.current() == phase::draining_elements));
  BOOST_TEST(!a.m.deadline());
  BOOST_TEST(describe(a.on(lc::elements_drained{})) == "send(quiesced → terms)");
  BOOST_TEST((a.m.current() == phase::awaiting_quiesced));
  BOOST_TEST((a.m.deadline() == a.now + 30s));
  BOOST_TEST(describe(a.on(msg(ct::quiesced, "terms"))) == "drain_aucs");
  BOOST_TEST(describe(a.on(lc::aucs_drained{})) == "send_report(final → auc)");
  BOOST_TEST((a.m.current() == phase::collecting_finals));
  BOOST_TEST(describe(a.on_report(ct::final, "auc")) == "merge_report(1)");
  BOOST_TEST(describe(a.on_report(ct::final, "terms"))
             == "merge_report(1) send(finish → terms) print_summary");
  const auto p = first<lc::print_summary>(a.last);
  BOOST_TEST(p->whole);
  BOOST_TEST(!p->incomplete);
  BOOST_TEST(!p->interrupted);
  BOOST_TEST(describe(a.on(lc::summary_printed{true})) == "flush_bridge");
  BOOST_TEST((a.m.current() == phase::flushing));
  BOOST_TEST((a.m.deadline() == a.now + 2s));
  BOOST_TEST(describe(a.on(lc::bridge_flushed{})) == "exit(0)");
  BOOST_TEST(a.m.status() == 0);
}

BOOST_AUTO_TEST_CASE(the_collector_exits_1_when_a_registration_failed) {
  one a{config_for("auc", {"auc"}, {"auc"})};
  a.on(lc::groups_finished{});
  a.on_report(ct::done, "auc");
  a.on(lc::elements_drained{});
  a.on(lc::aucs_drained{});
  a.on_report(ct::final, "auc");
  BOOST_TEST(a.finish(false) == 1);
}

BOOST_AUTO_TEST_CASE(a_terminal_node_step_by_step) {
  one t{config_for("terms", two, {"terms"})};
  BOOST_TEST(t.last.empty());
  BOOST_TEST(describe(t.on(lc::peer_up{"auc"})) == "start_groups");
  BOOST_TEST((t.m.current() == phase::running));
  BOOST_TEST(!t.m.deadline()); // the groups have their own (node_runtime::wait_groups)
  BOOST_TEST(describe(t.on(lc::groups_finished{}, 5s)) == "send_report(done → auc)");
  BOOST_TEST((t.m.current() == phase::awaiting_quiesce));
  BOOST_TEST((t.m.deadline() == t.now + 600s + 30s));
  BOOST_TEST(describe(t.on(msg(ct::quiesce, "auc"))) == "drain_elements");
  // No AuC here: nothing to wait for before "draining" them.
  BOOST_TEST(describe(t.on(lc::elements_drained{})) == "send(quiesced → auc) drain_aucs");
  BOOST_TEST(describe(t.on(lc::aucs_drained{})) == "send_report(final → auc)");
  BOOST_TEST((t.m.current() == phase::awaiting_finish));
  BOOST_TEST((t.m.deadline() == t.now + 60s));
  BOOST_TEST(describe(t.on(msg(ct::finish, "auc"))) == "print_summary");
  BOOST_TEST(!first<lc::print_summary>(t.last)->whole);
  BOOST_TEST(describe(t.on(lc::summary_printed{false})) == "flush_bridge"); // not its verdict
  BOOST_TEST(describe(t.on(lc::bridge_flushed{})) == "exit(0)");
}

BOOST_AUTO_TEST_CASE(a_node_with_auc_shards_waits_for_every_quiesced_before_draining_them) {
  one s{config_for("shard", {"auc", "core", "shard", "terms"}, {"terms"}, {"auc", "shard"})};
  s.on(lc::peer_up{"auc"});
  s.on(lc::peer_up{"core"});
  BOOST_TEST(describe(s.on(lc::peer_up{"terms"})) == "start_groups");
  BOOST_TEST((s.m.current() == phase::awaiting_quiesce));
  BOOST_TEST(describe(s.on(msg(ct::quiesce, "auc"))) == "drain_elements");
  BOOST_TEST(describe(s.on(lc::elements_drained{})) == "send(quiesced → auc core terms)");
  BOOST_TEST(s.on(msg(ct::quiesced, "terms")).empty());
  BOOST_TEST(s.on(msg(ct::quiesced, "auc")).empty());
  BOOST_TEST((s.m.current() == phase::awaiting_quiesced));
  BOOST_TEST(describe(s.on(msg(ct::quiesced, "core"))) == "drain_aucs");
  BOOST_TEST(describe(s.on(lc::aucs_drained{})) == "send_report(final → auc)");
}

BOOST_AUTO_TEST_CASE(the_core_node_of_three_step_by_step) {
  one c{config_for("core", three, {"terms"})};
  c.on(lc::peer_up{"terms"});
  BOOST_TEST((c.m.current() == phase::waiting_for_peers));
  BOOST_TEST(describe(c.on(lc::peer_up{"auc"})) == "start_groups"); // no terminals, no report
  BOOST_TEST((c.m.current() == phase::awaiting_quiesce));
  BOOST_TEST(describe(c.on(msg(ct::quiesce, "auc"))) == "drain_elements");
  BOOST_TEST(describe(c.on(lc::elements_drained{})) == "send(quiesced → auc terms) drain_aucs");
  BOOST_TEST(describe(c.on(lc::aucs_drained{})) == "send_report(final → auc)");
  BOOST_TEST(describe(c.on(msg(ct::finish, "auc"))) == "print_summary");
}

BOOST_AUTO_TEST_CASE(the_collector_with_terminals_reports_to_itself) {
  auto a = collector_of_three({"auc", "terms"});
  BOOST_TEST((a.m.current() == phase::running));
  BOOST_TEST(describe(a.on(lc::groups_finished{})) == "send_report(done → auc)");
  BOOST_TEST(describe(a.on_report(ct::done, "auc", 3)) == "merge_report(3)"); // terms' missing
  BOOST_TEST(describe(a.on_report(ct::done, "terms", 2))
             == "merge_report(2) send(quiesce → core terms) drain_elements");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(lifecycle_barrier)

BOOST_AUTO_TEST_CASE(a_peer_that_never_comes_up_ends_the_node_with_status_3_naming_it) {
  one t{config_for("terms", three, {"terms"})};
  t.on(lc::peer_up{"core"});
  BOOST_TEST(t.at(59s).empty());
  const auto& a = t.at(60s);
  BOOST_TEST(logged(a, "peers not reachable after 60 s: auc"), describe(a));
  BOOST_TEST(exit_status(a) == 4);
  BOOST_TEST(!has<lc::start_groups>(a));
  BOOST_TEST(!has<lc::print_summary>(a));
  BOOST_TEST((t.m.current() == phase::stopped));
}

BOOST_AUTO_TEST_CASE(a_peer_that_goes_down_again_does_not_count_for_the_barrier) {
  one t{config_for("terms", three, {"terms"})};
  t.on(lc::peer_up{"core"});
  t.on(lc::peer_up{"auc"}); // ... that was everybody: started
  BOOST_TEST((t.m.current() == phase::running));

  one u{config_for("terms", three, {"terms"})};
  u.on(lc::peer_up{"core"});
  u.on(lc::peer_down{"core"});
  BOOST_TEST(u.on(lc::peer_up{"auc"}).empty());
  BOOST_TEST((u.m.current() == phase::waiting_for_peers));
  const auto& a = u.at(60s);
  BOOST_TEST(logged(a, "peers not reachable after 60 s: core"), describe(a));
  BOOST_TEST(exit_status(a) == 4);
}

BOOST_AUTO_TEST_CASE(unknown_nodes_and_this_node_do_not_count_as_peers) {
  one t{config_for("terms", two, {"terms"})};
  BOOST_TEST(t.on(lc::peer_up{"elsewhere"}).empty());
  BOOST_TEST(t.on(lc::peer_up{"terms"}).empty());
  BOOST_TEST((t.m.current() == phase::waiting_for_peers));
}

BOOST_AUTO_TEST_CASE(sigint_at_the_barrier_exits_1_at_once) {
  one t{config_for("terms", two, {"terms"})};
  const auto& a = t.on(lc::interrupted{}, 1s);
  BOOST_TEST(logged(a, "interrupted before every peer was up"));
  BOOST_TEST(exit_status(a) == 1);
  BOOST_TEST(!has<lc::start_groups>(a));
}

BOOST_AUTO_TEST_CASE(the_barrier_deadline_is_the_ready_timeout_in_milliseconds_too) {
  auto c = config_for("terms", two, {"terms"});
  c.limits.ready = 1500ms;
  one t{c};
  BOOST_TEST(logged(t.at(1500ms), "peers not reachable after 1500 ms: auc"));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(lifecycle_failures)

BOOST_AUTO_TEST_CASE(a_node_that_dies_during_quiesce_is_not_waited_for_and_the_run_fails) {
  auto a = collector_awaiting_quiesced();
  BOOST_TEST(a.on(msg(ct::quiesced, "terms")).empty());
  const auto& down = a.on(lc::peer_down{"core"});
  BOOST_TEST(logged(down, "node core went down before it quiesced"), describe(down));
  BOOST_TEST(has<lc::drain_aucs>(down));
  a.on(lc::aucs_drained{});
  a.on_report(ct::final, "auc");
  // Its final report will not come either: not waited for (given up on once, said once), and no
  // finish sent to it.
  const auto fin = a.on_report(ct::final, "terms");
  BOOST_TEST(!has<lc::log>(fin), describe(fin));
  BOOST_TEST(sent(fin, ct::finish) == std::vector<std::string>{"terms"});
  BOOST_TEST(has<lc::print_summary>(fin));
  BOOST_TEST(a.finish() == 1);
}

BOOST_AUTO_TEST_CASE(a_node_that_dies_after_it_quiesced_is_not_waited_for_its_final_report) {
  auto a = collector_awaiting_the_final_of_core();
  const auto& down = a.on(lc::peer_down{"core"}, 1s);
  BOOST_TEST(logged(down, "node core went down before its final report"), describe(down));
  BOOST_TEST(sent(down, ct::finish) == std::vector<std::string>{"terms"});
  BOOST_TEST(has<lc::print_summary>(down));
  BOOST_TEST(a.finish() == 1);
}

BOOST_AUTO_TEST_CASE(a_node_that_went_down_before_the_quiesce_is_given_up_on_when_waited_for) {
  auto a = collector_of_three({"terms"});
  a.on(lc::peer_down{"core"}); // while the groups run: it may come back, nobody waits on it yet
  BOOST_TEST((a.m.current() == phase::collecting_done));
  const auto q = a.on_report(ct::done, "terms");
  BOOST_TEST(sent(q, ct::quiesce) == std::vector<std::string>{"terms"}); // core gets it if back
  a.on(msg(ct::quiesced, "terms"));
  const auto& d = a.on(lc::elements_drained{});
  BOOST_TEST(logged(d, "node core went down before it quiesced"), describe(d));
  BOOST_TEST(has<lc::drain_aucs>(d));
}

BOOST_AUTO_TEST_CASE(a_node_silent_during_quiesce_is_given_up_on_after_finish_timeout) {
  auto a = collector_awaiting_quiesced();
  const auto start = a.now;
  a.on(msg(ct::quiesced, "terms"));
  BOOST_TEST(a.on(lc::tick{}, 29s).empty());
  const auto& late = a.on(lc::tick{}, start + 30s - a.now);
  BOOST_TEST(logged(late, "no quiesced after 30 s from core: the AuCs drain without them"),
             describe(late));
  BOOST_TEST(has<lc::drain_aucs>(late));
  // A quiesced after the deadline changes nothing.
  BOOST_TEST(a.on(msg(ct::quiesced, "core")).empty());
  a.on(lc::aucs_drained{});
  a.on_report(ct::final, "auc");
  a.on_report(ct::final, "terms");
  a.on_report(ct::final, "core");
  BOOST_TEST(a.finish() == 1);
}

BOOST_AUTO_TEST_CASE(a_missing_final_report_ends_the_wait_after_finish_timeout_and_fails_the_run) {
  auto a = collector_awaiting_the_final_of_core();
  const auto start = a.now;
  BOOST_TEST(a.on(lc::tick{}, 29s).empty());
  const auto& late = a.on(lc::tick{}, start + 30s - a.now);
  BOOST_TEST(logged(late, "some nodes sent no final report after 30 s: core"), describe(late));
  BOOST_TEST(sent(late, ct::finish) == (std::vector<std::string>{"core", "terms"}));
  BOOST_TEST(has<lc::print_summary>(late));
  BOOST_TEST(a.finish() == 1);
}

BOOST_AUTO_TEST_CASE(a_missing_done_report_makes_the_run_time_out) {
  auto a = collector_of_three({"core", "terms"});
  a.on_report(ct::done, "terms");
  BOOST_TEST(a.on(lc::tick{}, 599s).empty());
  const auto& late = a.on(lc::tick{}, 1s);
  BOOST_TEST(logged(late, "no done report after 600 s from core"), describe(late));
  BOOST_TEST(sent(late, ct::quiesce) == (std::vector<std::string>{"core", "terms"}));
  BOOST_TEST(has<lc::drain_elements>(late));
  a.on(lc::elements_drained{});
  a.on(msg(ct::quiesced, "terms"));
  a.on(msg(ct::quiesced, "core"));
  a.on(lc::aucs_drained{});
  a.on_report(ct::final, "auc");
  a.on_report(ct::final, "terms");
  const auto fin = a.on_report(ct::final, "core");
  BOOST_TEST(first<lc::print_summary>(fin)->incomplete);
  BOOST_TEST(a.finish() == 1);
}

BOOST_AUTO_TEST_CASE(a_node_without_quiesce_from_the_collector_finishes_on_its_own) {
  auto t = terms_running();
  t.on(lc::groups_finished{});
  t.on(lc::peer_down{"auc"}); // the collector may be restarted: still waiting
  BOOST_TEST((t.m.current() == phase::awaiting_quiesce));
  BOOST_TEST(t.on(lc::tick{}, 629s).empty());
  const auto& late = t.on(lc::tick{}, 1s);
  BOOST_TEST(logged(late, "no quiesce from the collector auc after 630 s"), describe(late));
  BOOST_TEST(has<lc::drain_elements>(late));
  BOOST_TEST(describe(t.on(lc::elements_drained{})) == "drain_aucs"); // nobody up to tell
  const auto& drained = t.on(lc::aucs_drained{});
  // The collector is down: no final report sent, no finish to wait for.
  BOOST_TEST(!has<lc::send_report>(drained));
  BOOST_TEST(logged(drained, "the collector auc went down before it sent finish"));
  BOOST_TEST((t.m.current() == phase::reporting));
  BOOST_TEST(t.finish() == 1);
}

BOOST_AUTO_TEST_CASE(a_node_whose_collector_goes_down_before_finish_stops_at_once) {
  auto t = terms_awaiting_finish();
  const auto& down = t.on(lc::peer_down{"auc"}, 1s);
  BOOST_TEST(logged(down, "the collector auc went down before it sent finish"), describe(down));
  BOOST_TEST(has<lc::print_summary>(down));
  BOOST_TEST(t.finish() == 1);
}

BOOST_AUTO_TEST_CASE(a_node_without_finish_stops_after_twice_finish_timeout) {
  auto c = config_for("terms", two, {"terms"});
  c.limits.finish = 10s;
  auto t = terms_awaiting_finish(c);
  BOOST_TEST(t.on(lc::tick{}, 19s).empty());
  const auto& late = t.on(lc::tick{}, 1s);
  BOOST_TEST(logged(late, "no finish from the collector auc after 20 s"), describe(late));
  BOOST_TEST(has<lc::print_summary>(late));
  BOOST_TEST(t.finish() == 1);
}

BOOST_AUTO_TEST_CASE(a_bridge_that_never_empties_is_reported_and_left_after_flush_timeout) {
  auto t = terms_awaiting_finish();
  t.on(msg(ct::finish, "auc"));
  t.on(lc::summary_printed{true});
  BOOST_TEST(t.on(lc::tick{}, 1999ms).empty());
  const auto& late = t.on(lc::tick{}, 1ms);
  BOOST_TEST(logged(late, "the bridge still held frames for other nodes after 2 s"),
             describe(late));
  BOOST_TEST(exit_status(late) == 0); // everything acknowledged was delivered
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(lifecycle_signal)

BOOST_AUTO_TEST_CASE(sigint_while_the_groups_run_stops_them_and_nobody_is_waited_for) {
  auto a = collector_of_three({"auc", "terms"});
  const auto& sig = a.on(lc::interrupted{}, 1s);
  BOOST_TEST(logged(sig, "interrupted: stopping the terminal groups"), describe(sig));
  BOOST_TEST(has<lc::stop_groups>(sig));
  BOOST_TEST((a.m.current() == phase::running));
  BOOST_TEST(describe(a.on(lc::groups_finished{}))
             == "send_report(done → auc) send(quiesce → core terms) drain_elements");
  BOOST_TEST(describe(a.on(lc::elements_drained{}))
             == "send(quiesced → core terms) drain_aucs"); // no quiesced awaited
  BOOST_TEST(describe(a.on(lc::aucs_drained{})) == "send_report(final → auc)");
  // Its own reports (handed back at once) are still in the summary; the others' are not waited for.
  a.on_report(ct::done, "auc");
  BOOST_TEST(describe(a.on_report(ct::final, "auc"))
             == "merge_report(1) send(finish → core terms) print_summary");
  BOOST_TEST(first<lc::print_summary>(a.last)->interrupted);
  BOOST_TEST(a.finish() == 1);
}

BOOST_AUTO_TEST_CASE(sigint_on_a_node_awaiting_quiesce_finishes_it_without_waiting) {
  auto t = terms_running();
  t.on(lc::groups_finished{});
  const auto& sig = t.on(lc::interrupted{});
  BOOST_TEST(logged(sig, "interrupted: the other nodes are not waited for"));
  BOOST_TEST(has<lc::drain_elements>(sig));
  t.on(lc::elements_drained{});
  BOOST_TEST(describe(t.on(lc::aucs_drained{})) == "send_report(final → auc) print_summary");
  BOOST_TEST(first<lc::print_summary>(t.last)->interrupted);
  BOOST_TEST(t.finish() == 1);
}

BOOST_AUTO_TEST_CASE(sigint_while_awaiting_quiesced_drains_the_aucs_at_once) {
  auto a = collector_awaiting_quiesced();
  const auto& sig = a.on(lc::interrupted{});
  BOOST_TEST(has<lc::drain_aucs>(sig), describe(sig));
}

BOOST_AUTO_TEST_CASE(sigint_while_collecting_finals_reports_what_is_in) {
  auto a = collector_draining_aucs();
  a.on(lc::aucs_drained{});
  a.on_report(ct::final, "auc");
  const auto& sig = a.on(lc::interrupted{});
  BOOST_TEST(has<lc::print_summary>(sig), describe(sig));
  BOOST_TEST(sent(sig, ct::finish) == (std::vector<std::string>{"core", "terms"}));
}

BOOST_AUTO_TEST_CASE(sigint_while_awaiting_finish_stops_at_once) {
  auto t = terms_awaiting_finish();
  BOOST_TEST(has<lc::print_summary>(t.on(lc::interrupted{})));
}

BOOST_AUTO_TEST_CASE(sigint_while_draining_skips_the_waits_that_follow) {
  auto a = collector_draining_aucs();
  BOOST_TEST((a.m.current() == phase::draining_aucs));
  BOOST_TEST(all_of<lc::log>(a.on(lc::interrupted{})).size() == 1);
  BOOST_TEST(describe(a.on(lc::aucs_drained{})) == "send_report(final → auc)");
  BOOST_TEST(has<lc::print_summary>(a.on_report(ct::final, "auc"))); // not the others'
}

BOOST_AUTO_TEST_CASE(a_second_signal_is_the_same_signal) {
  auto t = terms_running();
  BOOST_TEST(has<lc::stop_groups>(t.on(lc::interrupted{})));
  BOOST_TEST(t.on(lc::interrupted{}).empty());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(lifecycle_order_and_duplicates)

BOOST_AUTO_TEST_CASE(a_quiesce_while_the_groups_still_run_is_acted_on_once_they_finish) {
  auto t = terms_running();
  BOOST_TEST(t.on(msg(ct::quiesce, "auc")).empty());
  BOOST_TEST((t.m.current() == phase::running));
  BOOST_TEST(describe(t.on(lc::groups_finished{})) == "send_report(done → auc) drain_elements");
}

BOOST_AUTO_TEST_CASE(quiesced_before_the_quiesce_and_finals_before_the_own_drain_are_kept) {
  auto a = collector_of_three({"terms"});
  // terms and core quiesce when told; their quiesced and even their finals may reach the
  // collector before it has drained its own elements.
  a.on_report(ct::done, "terms");
  BOOST_TEST(a.on(msg(ct::quiesced, "core")).empty());
  BOOST_TEST(a.on(msg(ct::quiesced, "terms")).empty());
  BOOST_TEST(describe(a.on_report(ct::final, "terms")) == "merge_report(1)");
  BOOST_TEST((a.m.current() == phase::draining_elements));
  BOOST_TEST(describe(a.on(lc::elements_drained{})) == "send(quiesced → core terms) drain_aucs");
  a.on_report(ct::final, "core");
  a.on(lc::aucs_drained{});
  BOOST_TEST(describe(a.on_report(ct::final, "auc"))
             == "merge_report(1) send(finish → core terms) print_summary");
}

BOOST_AUTO_TEST_CASE(a_finish_before_the_final_report_lets_the_node_stop_once_drained) {
  auto t = terms_running();
  t.on(lc::groups_finished{});
  t.on(msg(ct::quiesce, "auc"));
  BOOST_TEST(t.on(msg(ct::finish, "auc")).empty()); // the collector gave up on this node
  t.on(lc::elements_drained{});
  BOOST_TEST(describe(t.on(lc::aucs_drained{})) == "send_report(final → auc) print_summary");
}

BOOST_AUTO_TEST_CASE(parts_of_several_nodes_reports_interleave) {
  auto a = collector_of_three({"core", "terms"});
  const auto c = report(ct::done, "core", 3);
  const auto t = report(ct::done, "terms", 2);
  BOOST_TEST(a.on(c[0]).empty());
  BOOST_TEST(a.on(t[0]).empty());
  BOOST_TEST(a.on(c[1]).empty());
  BOOST_TEST(describe(a.on(t[1])) == "merge_report(2)");
  BOOST_TEST(describe(a.on(c[2])) == "merge_report(3) send(quiesce → core terms) drain_elements");
}

BOOST_AUTO_TEST_CASE(a_second_quiesce_drains_nothing_more) {
  auto t = terms_running();
  t.on(lc::groups_finished{});
  BOOST_TEST(has<lc::drain_elements>(t.on(msg(ct::quiesce, "auc"))));
  BOOST_TEST(t.on(msg(ct::quiesce, "auc")).empty());
  t.on(lc::elements_drained{});
  t.on(lc::aucs_drained{});
  BOOST_TEST(t.on(msg(ct::quiesce, "auc")).empty());
  BOOST_TEST(has<lc::print_summary>(t.on(msg(ct::finish, "auc"))));
  BOOST_TEST(t.on(msg(ct::finish, "auc")).empty());
  BOOST_TEST(t.on(lc::elements_drained{}).empty()); // out of phase: ignored
}

BOOST_AUTO_TEST_CASE(a_report_twice_is_merged_once_and_a_part_twice_is_ignored) {
  auto a = collector_of_three({"terms"});
  const auto r = report(ct::done, "terms", 3);
  a.on(r[0]);
  BOOST_TEST(a.on(r[1]).empty());
  BOOST_TEST(a.on(r[1]).empty()); // the same part again
  BOOST_TEST(describe(a.on(r[2])) == "merge_report(3) send(quiesce → core terms) drain_elements");
  // The whole report again (sent again to a collector seen down and up): not merged twice.
  for (const auto& m : r) BOOST_TEST(a.on(m).empty());
  a.on(lc::elements_drained{});
  a.on(msg(ct::quiesced, "terms"));
  BOOST_TEST(a.on(msg(ct::quiesced, "terms")).empty());
  BOOST_TEST(describe(a.on(msg(ct::quiesced, "core"))) == "drain_aucs");
  a.on(lc::aucs_drained{});
  BOOST_TEST(describe(a.on_report(ct::final, "auc")) == "merge_report(1)");
  BOOST_TEST(a.on_report(ct::final, "auc").empty());
  BOOST_TEST(describe(a.on_report(ct::final, "core")) == "merge_report(1)");
  BOOST_TEST(a.on_report(ct::final, "core").empty());
  BOOST_TEST(has<lc::print_summary>(a.on_report(ct::final, "terms")));
}

BOOST_AUTO_TEST_CASE(a_report_cut_short_and_sent_again_is_merged_once_whole) {
  one a{config_for("auc", two, {"terms"})};
  a.on(lc::peer_up{"terms"});
  const auto r = report(ct::done, "terms", 3);
  a.on(r[0]);
  a.on(r[1]); // r[2] lost: terms went down and came back, and sends it all again
  BOOST_TEST(a.on(r[0]).empty());
  BOOST_TEST(a.on(r[1]).empty());
  BOOST_TEST(describe(a.on(r[2])) == "merge_report(3) send(quiesce → terms) drain_elements");
}

BOOST_AUTO_TEST_CASE(malformed_part_numbers_are_ignored) {
  one a{config_for("auc", two, {"terms"})};
  a.on(lc::peer_up{"terms"});
  BOOST_TEST(a.on(msg(ct::done, "terms", 0, 0)).empty());
  BOOST_TEST(a.on(msg(ct::done, "terms", 1, 2)).empty()); // a head is part 0
  BOOST_TEST(a.on(msg(ct::latencies, "terms", 2, 2)).empty());
  BOOST_TEST(a.on(msg(ct::latencies, "terms", 0, 2)).empty());
  a.on(msg(ct::done, "terms", 0, 2));
  BOOST_TEST(a.on(msg(ct::latencies, "terms", 1, 3)).empty()); // not this report's
  BOOST_TEST(has<lc::merge_report>(a.on(msg(ct::latencies, "terms", 1, 2))));
}

BOOST_AUTO_TEST_CASE(messages_from_strangers_and_reports_at_other_nodes_are_ignored) {
  one a{config_for("auc", two, {"terms"})};
  a.on(lc::peer_up{"terms"});
  BOOST_TEST(a.on_report(ct::done, "stranger").empty());
  BOOST_TEST(a.on(msg(ct::quiesce, "terms")).empty()); // only the collector says quiesce
  BOOST_TEST((a.m.current() == phase::collecting_done));

  one t{config_for("terms", three, {"terms"})};
  t.on(lc::peer_up{"auc"});
  t.on(lc::peer_up{"core"});
  BOOST_TEST(t.on_report(ct::done, "core").empty());
  BOOST_TEST(t.on_report(ct::final, "auc").empty());
  BOOST_TEST(t.on(msg(ct::quiesce, "core")).empty());
  BOOST_TEST(t.on(msg(ct::finish, "core")).empty());
  t.on(lc::groups_finished{});
  BOOST_TEST((t.m.current() == phase::awaiting_quiesce));
}

BOOST_AUTO_TEST_CASE(a_peer_that_comes_back_gets_again_what_it_was_sent) {
  one t{config_for("terms", three, {"terms"})};
  t.on(lc::peer_up{"auc"});
  t.on(lc::peer_up{"core"});
  t.on(lc::groups_finished{});
  t.on(lc::peer_down{"auc"}); // the collector restarts: the done report is lost with it
  BOOST_TEST(describe(t.on(lc::peer_up{"auc"})) == "send_report(done → auc)");
  t.on(msg(ct::quiesce, "auc"));
  t.on(lc::elements_drained{});
  t.on(lc::peer_down{"core"});
  BOOST_TEST(describe(t.on(lc::peer_up{"core"})) == "send(quiesced → core)");
  BOOST_TEST(t.on(lc::peer_up{"core"}).empty()); // up twice is not a comeback

  auto a = collector_of_three({"terms"});
  a.on(lc::peer_down{"core"});
  const auto q = a.on_report(ct::done, "terms");
  BOOST_TEST(sent(q, ct::quiesce) == std::vector<std::string>{"terms"});
  BOOST_TEST(describe(a.on(lc::peer_up{"core"})) == "send(quiesce → core)");
  a.on(lc::elements_drained{});
  a.on(lc::peer_down{"terms"});
  BOOST_TEST(describe(a.on(lc::peer_up{"terms"})) == "send(quiesce → terms) send(quiesced → terms)");
}

BOOST_AUTO_TEST_CASE(a_report_for_a_collector_that_is_down_waits_for_its_comeback) {
  one t{config_for("terms", three, {"terms"})};
  t.on(lc::peer_up{"auc"});
  t.on(lc::peer_up{"core"});
  t.on(lc::peer_down{"auc"});
  BOOST_TEST(t.on(lc::groups_finished{}).empty()); // nothing sent into the void
  BOOST_TEST(describe(t.on(lc::peer_up{"auc"})) == "send_report(done → auc)");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(lifecycle_network)

namespace {

/// Runs a whole emulation; every node exits 0, no AuC drained early, one drain each.
void run_clean(std::vector<std::string> nodes, std::vector<std::string> terminals,
               std::set<std::string> aucs, unsigned seed) {
  BOOST_TEST_CONTEXT("seed " << seed) {
    network net{nodes, terminals, aucs, seed};
    net.start_all();
    net.run_steps_only(); // no deadline needed: acknowledgements only
    BOOST_TEST(net.all_exited());
    std::size_t parts = 0;
    for (const auto& n : nodes) {
      BOOST_TEST_CONTEXT("node " << n) {
        const auto& x = net[n];
        BOOST_TEST(x.status.value_or(-1) == 0);
        BOOST_TEST(!x.aucs_drained_early);
        BOOST_TEST(x.drained_elements == 1);
        BOOST_TEST(x.drained_aucs == 1);
        BOOST_TEST(x.log.empty());
        parts += std::count(terminals.begin(), terminals.end(), n) != 0 ? 2 + 1 : 1;
      }
    }
    BOOST_TEST(net["auc"].merged_parts == parts); // done (2 parts) per terminal node, final each
  }
}

/// For seeds 1..`seeds`: {auc, core, terms} (terminals on terms) started and `seed % spread`
/// steps on, handed to `body`.
template <class Body>
void for_each_seed(unsigned seeds, unsigned spread, Body&& body) {
  for (unsigned seed = 1; seed <= seeds; ++seed) {
    BOOST_TEST_CONTEXT("seed " << seed) {
      network net{three, {"terms"}, {"auc"}, seed};
      net.start_all();
      for (unsigned i = 0; i < seed % spread; ++i) net.step();
      body(net);
    }
  }
}

} // namespace

BOOST_AUTO_TEST_CASE(two_nodes_end_cleanly_in_every_interleaving) {
  for (unsigned seed = 1; seed <= 100; ++seed) run_clean(two, {"terms"}, {"auc"}, seed);
}

BOOST_AUTO_TEST_CASE(three_nodes_end_with_no_auc_drained_before_the_envelopes_toward_it) {
  for (unsigned seed = 1; seed <= 300; ++seed) run_clean(three, {"terms"}, {"auc"}, seed);
}

BOOST_AUTO_TEST_CASE(auc_shards_on_several_nodes_each_wait_for_every_quiesced) {
  const std::vector<std::string> four{"auc", "core", "shard", "terms"};
  for (unsigned seed = 1; seed <= 300; ++seed)
    run_clean(four, {"auc", "terms"}, {"auc", "shard", "core"}, seed);
}

BOOST_AUTO_TEST_CASE(without_the_quiesced_acknowledgement_an_auc_could_drain_too_early) {
  // The check has teeth: a shard that drained on the collector's word alone (its own elements
  // drained, nobody else's quiesced awaited) is caught with envelopes still in flight.
  bool caught = false;
  for (unsigned seed = 1; seed <= 100 && !caught; ++seed) {
    network net{{"auc", "core", "shard", "terms"}, {"terms"}, {"auc", "shard"}, seed};
    net.start_all();
    while (net.step()) {
      if (net["shard"].drained_elements == 1 && net.data_in_flight_to("shard") != 0) caught = true;
    }
  }
  BOOST_TEST(caught);
}

BOOST_AUTO_TEST_CASE(a_node_killed_during_quiesce_fails_the_run_but_nobody_hangs) {
  for (unsigned seed = 1; seed <= 50; ++seed) {
    BOOST_TEST_CONTEXT("seed " << seed) {
      network net{three, {"terms"}, {"auc"}, seed};
      net.start_all();
      while (net.step() && net["core"].drained_elements == 0) {
      }
      BOOST_REQUIRE(net["core"].drained_elements == 1);
      net.kill("core");
      net.run();
      BOOST_TEST(net.all_exited());
      BOOST_TEST(net["auc"].status.value_or(-1) == 1);
      BOOST_TEST(net["terms"].status.value_or(-1) == 0); // acknowledged by finish
      BOOST_TEST((net.now() < t0 + 1s)); // DOWN ends the waits, no deadline needed
    }
  }
}

BOOST_AUTO_TEST_CASE(a_lost_finish_costs_the_node_its_deadline_not_a_hang) {
  network net{three, {"terms"}, {"auc"}, 7};
  net.drop("auc", "terms", ct::finish);
  net.start_all();
  net.run();
  BOOST_TEST(net["auc"].status.value_or(-1) == 0);
  BOOST_TEST(net["core"].status.value_or(-1) == 0);
  BOOST_TEST(net["terms"].status.value_or(-1) == 1);
  BOOST_TEST(net["terms"].log.size() == 1);
  BOOST_TEST((net.now() == t0 + 60s));
}

BOOST_AUTO_TEST_CASE(a_lost_quiesced_costs_finish_timeout_and_is_reported) {
  network net{three, {"terms"}, {"auc"}, 3};
  net.drop("core", "auc", ct::quiesced);
  net.start_all();
  net.run();
  BOOST_TEST(net.all_exited());
  BOOST_TEST(net["auc"].status.value_or(-1) == 1);
  BOOST_TEST(net["auc"].log.size() == 1);
  BOOST_TEST(net["auc"].log.front().find("no quiesced after 30 s from core") == 0);
}

BOOST_AUTO_TEST_CASE(the_collector_restarted_while_the_groups_run_still_gets_every_report) {
  for_each_seed(100, 5, [](network& net) {
    net.kill("auc");
    net.run_steps_only(); // terms may finish its groups and send done into the void
    net.restart("auc");
    net.run_steps_only();
    BOOST_TEST(net.all_exited());
    for (const auto& n : three) BOOST_TEST(net[n].status.value_or(-1) == 0);
    BOOST_TEST(!net["auc"].aucs_drained_early);
  });
}

BOOST_AUTO_TEST_CASE(sigint_to_every_node_at_once_ends_them_all_without_deadlines) {
  for_each_seed(50, 7, [](network& net) {
    for (const auto& n : three) net.handle(n, lc::interrupted{});
    net.run_steps_only();
    BOOST_TEST(net.all_exited());
    for (const auto& n : three) {
      BOOST_TEST(net[n].status.value_or(-1) == 1);
      BOOST_TEST(net[n].drained_aucs == 1); // sessions persisted
    }
  });
}

BOOST_AUTO_TEST_CASE(a_failed_registration_fails_the_run_on_the_collector_only) {
  network net{three, {"terms"}, {"auc"}, 1};
  net.set_all_established(false);
  net.start_all();
  net.run_steps_only();
  BOOST_TEST(net["auc"].status.value_or(-1) == 1);
  BOOST_TEST(net["core"].status.value_or(-1) == 0);
  BOOST_TEST(net["terms"].status.value_or(-1) == 0);
}

BOOST_AUTO_TEST_SUITE_END()
