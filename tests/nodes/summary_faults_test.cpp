// The summary after crash recovery and a storage failure (issue 12 item 5): the AuC lines say how
// many open challenges were closed at start and SQLite's reason; after a storage failure the
// terminals counted established are those the databases committed, the rest count failed.
#include "nodes/emulation.hpp"

#include "report_fixture.hpp"

#include <boost/test/unit_test.hpp>

using namespace ngn::nodes;

namespace {
bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}
} // namespace

BOOST_AUTO_TEST_SUITE(summary_faults)

BOOST_AUTO_TEST_CASE(without_faults_nothing_is_added) {
  const auto text = format_report(test::make_report());
  BOOST_TEST(has(text, "  terminals      402 attempted, 400 established, 2 failed"), text);
  BOOST_TEST(!has(text, "STORAGE FAILED"));
  BOOST_TEST(!has(text, "earlier process"));
}

BOOST_AUTO_TEST_CASE(after_a_storage_failure_established_counts_committed_rows) {
  auto r = test::make_report();
  r.aucs[0].storage_error = "database or disk is full (SQLite result code 13)";
  r.aucs[0].storage_refused = 17;
  r.aucs[0].committed_established = 390; // 10 reports never committed
  const auto text = format_report(r);
  BOOST_TEST(has(text, "  terminals      402 attempted, 390 established, 12 failed"), text);
  BOOST_TEST(has(text, "failed:     10  established at the terminal, not recorded: storage failed"),
             text);
  BOOST_TEST(has(text, "STORAGE FAILED: database or disk is full (SQLite result code 13); 17 "
                       "requests refused since; 390 terminals committed as established"),
             text);
}

BOOST_AUTO_TEST_CASE(an_unknown_committed_count_leaves_the_terminals_count) {
  auto r = test::make_report();
  r.aucs[0].storage_error = "disk I/O error (SQLite result code 778)";
  const auto text = format_report(r);
  BOOST_TEST(has(text, "400 established, 2 failed"), text);
  BOOST_TEST(has(text, "STORAGE FAILED: disk I/O error (SQLite result code 778); 0 requests "
                       "refused since\n"),
             text);
}

BOOST_AUTO_TEST_CASE(recovered_challenges_are_counted) {
  auto r = test::make_report();
  r.aucs[0].recovered = 7;
  const auto text = format_report(r);
  BOOST_TEST(has(text, "7 challenges an earlier process left open closed as expired (AuC restarted)"),
             text);
}

BOOST_AUTO_TEST_SUITE_END()
