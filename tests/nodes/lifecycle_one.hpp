// One lifecycle machine fed event by event at a clock the test moves, and the machines of the
// usual nodes brought to a given phase: shared by the lifecycle_*_test.cpp files.
#pragma once

#include "tests/nodes/lifecycle_harness.hpp"

#include <boost/test/unit_test.hpp>

namespace ngn::nodes::test {

using ct = control_type;
using lc::phase;


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
inline one collector_of_three(std::vector<std::string> terminal_nodes) {
  one c{config_for("auc", three, std::move(terminal_nodes))};
  c.on(lc::peer_up{"core"});
  c.on(lc::peer_up{"terms"});
  return c;
}

/// The collector "auc" of {auc, core, terms}, brought to awaiting its AuCs' quiesced: every peer
/// up, terms' done in, its own elements drained.
inline one collector_awaiting_quiesced() {
  auto c = collector_of_three({"terms"});
  c.on_report(ct::done, "terms", 2);
  c.on(lc::elements_drained{});
  BOOST_REQUIRE(c.m.current() == phase::awaiting_quiesced);
  return c;
}

/// collector_awaiting_quiesced() once every quiesced is in: draining its AuCs.
inline one collector_draining_aucs() {
  auto c = collector_awaiting_quiesced();
  c.on(msg(ct::quiesced, "terms"));
  c.on(msg(ct::quiesced, "core"));
  BOOST_REQUIRE(c.m.current() == phase::draining_aucs);
  return c;
}

/// collector_draining_aucs() once its AuCs drained and the final reports of auc and terms are in:
/// awaiting core's.
inline one collector_awaiting_the_final_of_core() {
  auto c = collector_draining_aucs();
  c.on(lc::aucs_drained{});
  c.on_report(ct::final, "auc");
  c.on_report(ct::final, "terms");
  BOOST_REQUIRE(c.m.current() == phase::collecting_finals);
  return c;
}

/// "terms" of {auc, terms} (or as `c` says) once its collector "auc" is up: running its groups.
inline one terms_running(lc::config c = config_for("terms", two, {"terms"})) {
  one t{std::move(c)};
  t.on(lc::peer_up{"auc"});
  return t;
}

/// terms_running(c) once its groups finished, the collector said quiesce and its elements and
/// AuCs drained: awaiting the collector's finish.
inline one terms_awaiting_finish(lc::config c = config_for("terms", two, {"terms"})) {
  auto t = terms_running(std::move(c));
  t.on(lc::groups_finished{});
  t.on(msg(ct::quiesce, "auc"));
  t.on(lc::elements_drained{});
  t.on(lc::aucs_drained{});
  BOOST_REQUIRE(t.m.current() == phase::awaiting_finish);
  return t;
}


} // namespace ngn::nodes::test
