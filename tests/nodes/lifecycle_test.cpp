// nodes::lifecycle, the life of one node of a multi-node emulation as a pure state machine: every
// step for one, two and three nodes, collector and not, and the start barrier. The failures and
// signals are in lifecycle_failures_test.cpp, reordering and duplicates in
// lifecycle_order_test.cpp, whole emulations over simulated links in lifecycle_network_test.cpp.
#include "tests/nodes/lifecycle_one.hpp"

using namespace ngn;
using namespace ngn::nodes;
using namespace ngn::nodes::test;

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
