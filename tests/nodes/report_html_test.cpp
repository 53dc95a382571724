// nodes/report_html: every plot and table of the page from the JSON alone, nothing fetched from
// elsewhere, text escaped, and a clear page for a text that is not a run report.
#include "nodes/report_html.hpp"

#include "nodes/run_report.hpp"
#include "report_fixture.hpp"

#include <boost/test/unit_test.hpp>

using namespace ngn::nodes;

namespace {
std::size_t count(const std::string& s, const std::string& what) {
  std::size_t n = 0;
  for (auto p = s.find(what); p != std::string::npos; p = s.find(what, p + 1)) ++n;
  return n;
}
} // namespace

BOOST_AUTO_TEST_SUITE(report_html_suite)

BOOST_AUTO_TEST_CASE(every_plot_and_table_is_there) {
  const auto html = run_report_html(run_report_json(test::make_report()));
  for (const char* plot : {"rate", "latency", "histogram", "failures", "element-refusals",
                           "active", "life", "resources", "protocols", "protocol-latency",
                           "groups"})
    BOOST_TEST(count(html, std::string("<svg class=\"plot\" data-plot=\"") + plot + "\"") == 1u,
               plot);
  BOOST_TEST(count(html, "<svg") == 11u);
  for (const char* table : {"summary", "protocols", "groups", "elements", "aucs"})
    BOOST_TEST(count(html, std::string("<table id=\"") + table + "\"") == 1u, table);
  // Data reached the plots: the histogram has bars, the rate plot lines, the failures a bar.
  BOOST_TEST(count(html, "<rect class=\"bar\"") > 10u);
  BOOST_TEST(count(html, "<path class=\"series\"") >= 8u);
  BOOST_TEST(html.find("wrong response") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(nothing_is_fetched_from_elsewhere) {
  const auto html = run_report_html(run_report_json(test::make_report()));
  for (const char* ref : {"http:", "https:", "src=", "<link", "@import", "url(", "<script"})
    BOOST_TEST(html.find(ref) == std::string::npos, ref);
  BOOST_TEST(html.rfind("<!DOCTYPE html>", 0) == 0);
  BOOST_TEST(html.find("</html>") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(names_are_escaped) {
  auto r = test::make_report();
  r.groups[0].name = "<script>alert(1)</script>";
  r.groups[0].failures["a & b"] = 1;
  const auto html = run_report_html(run_report_json(r));
  BOOST_TEST(html.find("<script>") == std::string::npos);
  BOOST_TEST(html.find("&lt;script&gt;") != std::string::npos);
  BOOST_TEST(html.find("a &amp; b") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_text_that_is_not_a_report_says_so) {
  BOOST_TEST(*run_report_problem("{") == "not JSON");
  BOOST_TEST(run_report_problem("[1]").has_value());
  BOOST_TEST(run_report_problem("{\"x\": 1}").has_value());
  BOOST_TEST(run_report_problem("{\"schema_version\": 99}")->find("newer") != std::string::npos);
  BOOST_TEST(!run_report_problem(run_report_json(test::make_report())));
  const auto html = run_report_html("not json");
  BOOST_TEST(html.find("No run report") != std::string::npos);
  BOOST_TEST(html.find("<svg") == std::string::npos);
  // Fields of the wrong type show as empty; the page is still made.
  const auto odd = run_report_html(
    R"({"schema_version": 1, "run": 3, "totals": {"failures": [1]}, "series": {"a": 1},
        "groups": [1, "x", {"name": 5}], "histogram": [{"low_us": "a"}]})");
  BOOST_TEST(count(odd, "<svg class=\"plot\"") == 11u);
}

BOOST_AUTO_TEST_SUITE_END()
