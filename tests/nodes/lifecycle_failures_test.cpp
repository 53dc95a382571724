// nodes::lifecycle: every failure (a node that dies or goes silent during quiesce, missing done /
// final / finish, a bridge that never empties) and SIGINT in every phase.
#include "tests/nodes/lifecycle_one.hpp"

using namespace ngn;
using namespace ngn::nodes;
using namespace ngn::nodes::test;

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
