// nodes/node_report: a node's report through the wire and into the collector's view — histograms
// (sparse) merged across nodes, series merged by second, elements kept — and hostile bytes refused
// with an error, never a crash.
#include "nodes/node_report.hpp"

#include "report_fixture.hpp"

#include <boost/test/unit_test.hpp>

#include <random>

using namespace ngn::nodes;

namespace {

/// `r` as node `node` sends it, each part through encode/decode, merged into `whole`.
void deliver(emulation_report& whole, const std::string& node, const emulation_report& r) {
  for (const auto& m : split_report(ngn::nodes::control_type::done, node, r)) {
    const auto bytes = encode(m);
    BOOST_TEST(bytes.size() < 65536u);
    auto back = decode_control(bytes);
    BOOST_TEST_REQUIRE(static_cast<bool>(back));
    merge(whole, *back);
  }
}

} // namespace

BOOST_AUTO_TEST_SUITE(node_report_suite)

BOOST_AUTO_TEST_CASE(histograms_series_and_elements_survive_the_wire) {
  const auto r = test::make_report();
  emulation_report whole;
  deliver(whole, "n1", r);
  BOOST_TEST_REQUIRE(whole.groups.size() == 2u);
  for (std::size_t i = 0; i < 2; ++i) {
    BOOST_TEST(whole.groups[i].name == r.groups[i].name);
    BOOST_TEST((whole.groups[i].latency == r.groups[i].latency));
  }
  BOOST_TEST(latency_total(merged_latency(whole)) == 400u);
  BOOST_TEST_REQUIRE(whole.series.size() == 3u);
  BOOST_TEST(whole.series[2].failed == 2u);
  BOOST_TEST(whole.series[1].latency_p99_ms == 22.0);
  BOOST_TEST(whole.series[0].cpu_seconds == 0.4);
  BOOST_TEST_REQUIRE(whole.elements.size() == 2u);
  BOOST_TEST(whole.elements[1].counters.at("refused_rejected") == 2u);
  BOOST_TEST(whole.started == r.started);
  BOOST_TEST(whole.ended == r.ended);
}

BOOST_AUTO_TEST_CASE(two_nodes_merge_by_second) {
  auto a = test::make_report();
  auto b = test::make_report();
  b.groups = {test::make_group("c-h248", ngn::protocol::h248, false, 50, 0, 3000)};
  b.elements.clear();
  b.series.resize(2);
  for (auto& p : b.series) p.at += 200'000; // the same seconds, 0.2 s later
  b.series[0].latency_p99_ms = 99;
  emulation_report whole;
  deliver(whole, "n1", a);
  deliver(whole, "n2", b);
  BOOST_TEST(whole.groups.size() == 3u);
  BOOST_TEST(latency_total(merged_latency(whole)) == 450u);
  BOOST_TEST_REQUIRE(whole.series.size() == 3u);
  BOOST_TEST(whole.series[0].established == 268u);
  BOOST_TEST(whole.series[0].active == 268);
  BOOST_TEST(whole.series[0].latency_p99_ms == 99.0);  // the larger
  BOOST_TEST(whole.series[0].latency_p50_ms == 5.0);   // both 5 ms, weighted
  BOOST_TEST(whole.series[2].established == 132u);     // n2 had no third second
  BOOST_TEST(whole.nodes.size() == 2u);
}

BOOST_AUTO_TEST_CASE(a_long_series_is_split_under_the_payload_limit) {
  auto r = test::make_report();
  r.series.clear();
  for (int s = 0; s < 1000; ++s) {
    series_point p;
    p.at = r.started + s * 1'000'000;
    p.started = 1;
    r.series.push_back(p);
  }
  const auto parts = split_report(ngn::nodes::control_type::done, "n1", r);
  BOOST_TEST(parts.size() == 1u + 2u + 4u); // head, two histograms, 1000 / 256 series chunks
  emulation_report whole;
  deliver(whole, "n1", r);
  BOOST_TEST(whole.series.size() == 1000u);
}

BOOST_AUTO_TEST_CASE(hostile_parts_are_refused) {
  const auto r = test::make_report();
  const auto parts = split_report(ngn::nodes::control_type::done, "n1", r);
  const auto histogram = encode(parts[1]);
  const auto series = encode(parts[3]);
  // Every truncation is an error.
  for (const auto* bytes : {&histogram, &series})
    for (std::size_t n = 0; n < bytes->size(); ++n)
      BOOST_TEST(!decode_control(std::string_view(*bytes).substr(0, n)));
  BOOST_TEST(!decode_control(histogram + "x")); // trailing bytes
  // The histogram part: [type u8][node str][part u16][parts u16][kind u8][group str][n u32]...
  const std::size_t kind_at = 1 + 2 + 2 + 2 + 2;
  const std::size_t n_at = kind_at + 1 + 2 + parts[1].group.size();
  auto with = [](std::string s, std::size_t at, std::initializer_list<unsigned char> b) {
    for (auto c : b) s[at++] = static_cast<char>(c);
    return s;
  };
  BOOST_TEST(!decode_control(with(histogram, kind_at, {9})));          // unknown part
  BOOST_TEST(!decode_control(with(histogram, n_at, {0, 0, 0x10, 0}))); // 4096 buckets
  // The first bucket's index past the last bucket, then equal to the next one (not ascending).
  BOOST_TEST(!decode_control(with(histogram, n_at + 4, {0xff, 0xff})));
  const auto hi = static_cast<unsigned char>(histogram[n_at + 4 + 10]);
  const auto lo = static_cast<unsigned char>(histogram[n_at + 4 + 10 + 1]);
  BOOST_TEST(!decode_control(with(histogram, n_at + 4, {hi, lo})));
  // A series chunk claiming more points than a part may hold.
  BOOST_TEST(!decode_control(with(series, kind_at + 1, {0, 0, 0x10, 0})));
  // Random bytes after a valid type never crash the decoder.
  std::mt19937 rng{7};
  for (int i = 0; i < 20000; ++i) {
    std::string s(1 + rng() % 200, '\0');
    for (auto& c : s) c = static_cast<char>(rng());
    s[0] = static_cast<char>(rng() % 2 ? 6 : 1 + rng() % 6);
    (void)decode_control(s);
  }
}

BOOST_AUTO_TEST_SUITE_END()
