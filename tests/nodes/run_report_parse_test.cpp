// nodes/run_report_parse: the JSON run report read back — every figure run_report_json writes
// comes back (the text re-made from the parsed report is the same), malformed reports are refused
// with the field named, and two node-scope reports merge into one emulation.
#include "nodes/run_report_parse.hpp"
#include "nodes/run_report.hpp"

#include "report_fixture.hpp"

#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>

using namespace ngn::nodes;
using json = nlohmann::ordered_json;

namespace {

/// `text` with `edit` applied to its JSON.
template <class Edit>
std::string edited(const std::string& text, Edit&& edit) {
  auto j = json::parse(text);
  edit(j);
  return j.dump();
}

std::string error_of(const std::string& text) {
  auto r = parse_run_report(text);
  BOOST_REQUIRE(!r);
  return r.error().detail;
}

emulation_report node_report(const std::string& node, ngn::micros shift) {
  auto r = test::make_report();
  r.scope = "node";
  r.scope_node = node;
  r.run_name = "20261206T083102Z-4f2a9c";
  r.started += shift;
  r.ended += shift;
  for (auto& g : r.groups) {
    g.name = node + "-" + g.name;
    g.node = node;
    g.first_start += shift;
    g.last_done += shift;
  }
  for (auto& p : r.series) p.at += shift;
  for (auto& a : r.aucs) a.name = "auc-" + node;
  return r;
}

} // namespace

BOOST_AUTO_TEST_SUITE(run_report_parse_suite)

BOOST_AUTO_TEST_CASE(round_trip_gives_the_same_report) {
  auto r = test::make_report();
  r.run_name = "20261206T083102Z-4f2a9c";
  r.groups[0].life.esp_dropped[1] = 3;
  r.edges.esp_bad_icv = 4;
  r.stats_path = "s.csv";
  r.stats_lines = 4;
  r.series[1].latency_p50_ms = -1; // a second without latencies: null
  r.series[1].latency_p99_ms = -1;
  ngn::storage::session_tables t;
  t.counts.push_back({"sip", "failed", "wrong response", 2});
  t.slowest.push_back({"unit.db", 17, "t000017@ngn.example", "sip", "proxy", 12.5, "ab12"});
  t.failed.push_back({"unit.db", 3, "t000003@ngn.example", "sip", "wrong response",
                      1'700'000'000'500'000});
  r.sessions = t;
  const auto text = run_report_json(r);
  auto back = parse_run_report(text);
  BOOST_REQUIRE_MESSAGE(back, (back ? "" : back.error().detail));
  BOOST_TEST(back->run_name == r.run_name);
  BOOST_TEST(back->groups.size() == 2u);
  BOOST_TEST(back->groups[0].latency == r.groups[0].latency);
  BOOST_TEST(back->groups[0].life.esp_dropped[1] == 3u);
  BOOST_TEST(back->sessions->slowest.at(0).wire_session_id.value() == "ab12");
  BOOST_TEST(run_report_json(*back) == text);
  // And so the summary rebuilt from it is the end of run's.
  BOOST_TEST(format_report(*back) == format_report(r));
}

BOOST_AUTO_TEST_CASE(malformed_reports_are_refused_with_the_field) {
  const auto text = run_report_json(test::make_report());
  BOOST_TEST(error_of("{ not json") == "the run report is not JSON");
  BOOST_TEST(error_of("[1, 2]") == "the run report is not a JSON object");
  BOOST_TEST(error_of(edited(text, [](json& j) { j["groups"][1].erase("established"); }))
             == "groups[1].established: missing");
  BOOST_TEST(error_of(edited(text, [](json& j) { j["groups"][0]["failed"] = -3; }))
             == "groups[0].failed: not a count (a non-negative integer)");
  BOOST_TEST(error_of(edited(text, [](json& j) { j["groups"][0]["protocol"] = "smtp"; }))
             == "groups[0].protocol: 'smtp' is not a protocol");
  BOOST_TEST(error_of(edited(text, [](json& j) { j["groups"][0]["histogram"][0]["low_us"] = 4001; }))
               .find("is not a bucket of the latency histogram")
             != std::string::npos);
  BOOST_TEST(error_of(edited(text, [](json& j) { j["series"][2]["latency_p50_ms"] = "fast"; }))
             == "series[2].latency_p50_ms: not a number");
  BOOST_TEST(error_of(edited(text, [](json& j) { j.erase("totals"); })) == ".totals: missing");
  BOOST_TEST(error_of(edited(text, [](json& j) { j["scope"] = "galaxy"; }))
             == ".scope: 'galaxy' is not emulation or node");
  auto newer = parse_run_report(edited(text, [](json& j) { j["schema_version"] = 99; }));
  BOOST_REQUIRE(!newer);
  BOOST_TEST(newer.error().detail.find("newer") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(two_node_reports_make_one_emulation) {
  const auto a = node_report("n1", 0);
  const auto b = node_report("n2", 400'000); // its seconds end 0.4 s later: the same wall second
  auto pa = parse_run_report(run_report_json(a));
  auto pb = parse_run_report(run_report_json(b));
  BOOST_REQUIRE(pa);
  BOOST_REQUIRE(pb);
  BOOST_TEST(pa->scope == "node");
  BOOST_TEST(pa->scope_node == "n1");
  const auto w = merge_node_reports({*pa, *pb});
  const auto j = json::parse(run_report_json(w));
  BOOST_TEST(j["scope"] == "emulation");
  BOOST_TEST(j["run"]["id"] == "20261206T083102Z-4f2a9c");
  const auto& t = j["totals"];
  BOOST_TEST(t["attempted"].get<std::uint64_t>() == 2 * 402u);
  BOOST_TEST(t["established"].get<std::uint64_t>() == 2 * 400u);
  BOOST_TEST(t["failures"]["wrong response"].get<std::uint64_t>() == 4u);
  BOOST_TEST(t["latency_ms"]["count"].get<std::uint64_t>() == 800u);
  BOOST_TEST(j["groups"].size() == 4u);
  BOOST_TEST(j["aucs"].size() == 2u);
  BOOST_TEST(j["nodes"].size() == 2u);
  BOOST_TEST(j["nodes"][1]["node"] == "n2");
  // The histogram bucket-wise: each bucket twice what one node had.
  const auto one = json::parse(run_report_json(a))["histogram"];
  BOOST_REQUIRE(j["histogram"].size() == one.size());
  for (std::size_t i = 0; i < one.size(); ++i)
    BOOST_TEST(j["histogram"][i]["count"].get<std::uint64_t>()
               == 2 * one[i]["count"].get<std::uint64_t>());
  // The series by wall-clock second: three seconds, each the sum of the two nodes'.
  BOOST_REQUIRE(j["series"].size() == 3u);
  BOOST_TEST(j["series"][0]["started"].get<std::uint64_t>() == 2 * 134u);
  BOOST_TEST(j["series"][2]["failed"].get<std::uint64_t>() == 4u);
  // The window spans both nodes: from the first node's first request to the second's last.
  BOOST_TEST(t["window_s"].get<double>() == 2.4);
}

BOOST_AUTO_TEST_SUITE_END()
