// nodes::lifecycle over simulated links that keep order per pair (ZeroMQ): every node ends cleanly
// and no AuC drains while an envelope toward it is in flight, whatever the interleaving.
#include "tests/nodes/lifecycle_one.hpp"

using namespace ngn;
using namespace ngn::nodes;
using namespace ngn::nodes::test;

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

