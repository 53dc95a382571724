// nodes::lifecycle: messages reordered across nodes and duplicated, peers that come back.
#include "tests/nodes/lifecycle_one.hpp"

using namespace ngn;
using namespace ngn::nodes;
using namespace ngn::nodes::test;

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
