// The terminal authentication success / failure message (DESIGN.md §1 step 6) reaches the AuC
// database even when it is lost on the way: the soft switch re-sends it until the AuC
// acknowledges the commit (auc::report_ack), and the AuC applies and counts it once.
#include "harness.hpp"

#include <boost/test/unit_test.hpp>

using namespace ngn;
using namespace ngn::test;
using storage::session_state;

namespace {

bool is_report(const auc::message& m) {
  return std::holds_alternative<auc::auth_report>(m);
}

} // namespace

BOOST_AUTO_TEST_SUITE(report_delivery)

BOOST_AUTO_TEST_CASE(a_lost_success_report_is_sent_again_until_acknowledged) {
  scenario s{ngn::protocol::sip, true};
  int reports = 0;
  s.intercept_auc_leg = [&](elements::element_id, elements::element_id to,
                            const auc::message& m) {
    if (to == scenario::auc_id && is_report(m)) return ++reports > 2; // the first two are lost
    return true;
  };
  BOOST_REQUIRE_MESSAGE(s.register_all(), s.failures());
  // The terminal is registered, the database does not know it yet.
  BOOST_TEST(s.sink.sessions_in(session_state::established).empty());
  BOOST_TEST(s.ss.unacknowledged_reports() == 1u);

  s.advance(5 * ngn::seconds); // retries after 1 s, then 2 s
  BOOST_TEST(reports == 3);
  BOOST_TEST(s.sink.sessions_in(session_state::established).size() == 1u);
  BOOST_TEST(s.ss.unacknowledged_reports() == 0u);
  BOOST_TEST(s.ss.stats().reports_resent == 2u);
  BOOST_TEST(s.auc.stats().established == 1u);

  s.advance(20 * ngn::seconds); // acknowledged: nothing more is sent
  BOOST_TEST(reports == 3);
}

BOOST_AUTO_TEST_CASE(a_lost_acknowledgement_makes_a_duplicate_report_that_counts_once) {
  scenario s{ngn::protocol::sip, false};
  int acks = 0, reports = 0;
  s.intercept_auc_leg = [&](elements::element_id, elements::element_id to,
                            const auc::message& m) {
    if (to == scenario::auc_id && is_report(m)) ++reports;
    if (std::holds_alternative<auc::report_ack>(m)) return ++acks > 1; // first ack lost
    return true;
  };
  s.start_all();
  s.run();
  s.advance(5 * ngn::seconds);
  BOOST_TEST(reports == 2);
  BOOST_TEST(s.ss.unacknowledged_reports() == 0u);
  BOOST_TEST(s.sink.sessions_in(session_state::established).size() == 1u);
  BOOST_TEST(s.auc.stats().established == 1u); // applied twice, counted once
}

BOOST_AUTO_TEST_CASE(a_report_never_acknowledged_is_given_up_and_counted) {
  scenario s{ngn::protocol::sip, false};
  s.intercept_auc_leg = [&](elements::element_id, elements::element_id to,
                            const auc::message& m) {
    return !(to == scenario::auc_id && is_report(m));
  };
  s.start_all();
  s.run();
  s.advance(300 * ngn::seconds, ngn::seconds);
  BOOST_TEST(s.ss.unacknowledged_reports() == 0u);
  BOOST_TEST(s.ss.stats().reports_lost == 1u);
  BOOST_TEST(s.ss.stats().reports_resent == s.ss.config().reports.tries - 1u);
}

BOOST_AUTO_TEST_SUITE_END()
