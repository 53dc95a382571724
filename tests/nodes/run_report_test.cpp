// nodes/run_report: the JSON run report of a hand-built emulation report — every section present,
// the totals the sums of the groups, the histograms' counts the established registrations.
#include "nodes/run_report.hpp"

#include "report_fixture.hpp"

#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>

using namespace ngn::nodes;
using json = nlohmann::json;

namespace {
std::uint64_t histogram_count(const json& buckets) {
  std::uint64_t n = 0;
  for (const auto& b : buckets) {
    BOOST_TEST(b["low_us"].get<std::uint64_t>() < b["high_us"].get<std::uint64_t>());
    n += b["count"].get<std::uint64_t>();
  }
  return n;
}
} // namespace

BOOST_AUTO_TEST_SUITE(run_report_suite)

BOOST_AUTO_TEST_CASE(every_section_is_present) {
  const auto j = json::parse(run_report_json(test::make_report()));
  BOOST_TEST(j["schema_version"].get<int>() == run_report_schema_version);
  for (const char* k : {"run", "totals", "groups", "protocols", "elements", "nodes", "aucs",
                        "series", "histogram", "files"})
    BOOST_TEST(j.contains(k), k);
  BOOST_TEST(j["run"]["name"] == "unit");
  BOOST_TEST(j["run"]["start"] == "2023-11-14T22:13:20.000Z");
  BOOST_TEST(j["run"]["duration_s"].get<double>() == 3.0);
  BOOST_TEST(j["run"]["outcome"] == "failed"); // two registrations failed
  BOOST_TEST(j["run"]["options"]["--protocol"] == "mixed");
  BOOST_TEST(j["aucs"][0]["challenges"].get<int>() == 402);
  BOOST_TEST(j["elements"][1]["refusals"]["rejected"].get<int>() == 2);
  BOOST_TEST(j["elements"][0]["kind"] == "proxy");
}

BOOST_AUTO_TEST_CASE(totals_are_the_sums_of_the_groups) {
  const auto j = json::parse(run_report_json(test::make_report()));
  std::uint64_t attempted = 0, established = 0, failed = 0;
  for (const auto& g : j["groups"]) {
    attempted += g["attempted"].get<std::uint64_t>();
    established += g["established"].get<std::uint64_t>();
    failed += g["failed"].get<std::uint64_t>();
    // Each group's histogram holds its established registrations.
    BOOST_TEST(histogram_count(g["histogram"]) == g["established"].get<std::uint64_t>());
  }
  const auto& t = j["totals"];
  BOOST_TEST(t["attempted"].get<std::uint64_t>() == attempted);
  BOOST_TEST(t["established"].get<std::uint64_t>() == established);
  BOOST_TEST(t["failed"].get<std::uint64_t>() == failed);
  BOOST_TEST(established == 400u);
  BOOST_TEST(t["failures"]["wrong response"].get<int>() == 2);
  BOOST_TEST(histogram_count(j["histogram"]) == established);
  BOOST_TEST(t["latency_ms"]["count"].get<std::uint64_t>() == established);
  // 400 established in the 2 s of the groups' window.
  BOOST_TEST(t["registrations_per_s"].get<double>() == 200.0);
  BOOST_TEST(t["cpu_us_per_registration"].get<double>() == 1.2e6 / 400, boost::test_tools::tolerance(1e-9));
  // The per-protocol figures add up to the same.
  std::uint64_t by_protocol = 0;
  for (const auto& p : j["protocols"]) by_protocol += p["established"].get<std::uint64_t>();
  BOOST_TEST(by_protocol == established);
  BOOST_TEST(j["protocols"].size() == 2u);
}

BOOST_AUTO_TEST_CASE(percentiles_come_from_the_merged_histogram) {
  const auto j = json::parse(run_report_json(test::make_report()));
  const auto& lat = j["totals"]["latency_ms"];
  // 300 latencies from 4 ms up, 100 from 20 ms up: p50 among the first, p90 among the second,
  // each within 1/32 of the true value.
  const double p50 = lat["p50"].get<double>(), p90 = lat["p90"].get<double>();
  BOOST_TEST(p50 > 4.0 * (1 - 1.0 / 32));
  BOOST_TEST(p50 < (4000 + 300 * 37) / 1000.0 * (1 + 1.0 / 32));
  BOOST_TEST(p90 > 20.0 * (1 - 1.0 / 32));
  BOOST_TEST(lat["max"].get<double>() >= p90);
}

BOOST_AUTO_TEST_CASE(the_series_is_relative_to_the_start) {
  const auto j = json::parse(run_report_json(test::make_report()));
  const auto& s = j["series"];
  BOOST_TEST(s.size() == 3u);
  BOOST_TEST(s[0]["t_s"].get<double>() == 1.0);
  BOOST_TEST(s[2]["failed"].get<int>() == 2);
  std::uint64_t established = 0;
  for (const auto& p : s) established += p["established"].get<std::uint64_t>();
  BOOST_TEST(established == 400u);
  BOOST_TEST(s[1]["latency_p99_ms"].get<double>() == 22.0);
}

BOOST_AUTO_TEST_CASE(an_empty_report_has_no_latency) {
  const auto j = json::parse(run_report_json(emulation_report{}));
  BOOST_TEST(j["totals"]["latency_ms"]["p50"].is_null());
  BOOST_TEST(j["histogram"].empty());
  BOOST_TEST(j["run"]["outcome"] == "passed");
}

BOOST_AUTO_TEST_CASE(the_file_name_says_the_format) {
  BOOST_TEST((report_format_of("r.json") == report_format::json));
  BOOST_TEST((report_format_of("dir/R.HTML") == report_format::html));
  BOOST_TEST(!report_format_of("r.txt"));
  BOOST_TEST(!report_format_of(".json"));
  BOOST_TEST(!report_format_of("json"));
  BOOST_TEST(!write_run_report(emulation_report{}, "r.csv").empty());
  BOOST_TEST(!write_run_report(emulation_report{}, "/nonexistent-dir/r.json").empty());
}

BOOST_AUTO_TEST_SUITE_END()
