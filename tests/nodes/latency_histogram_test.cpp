// nodes/latency_histogram: buckets, percentiles within the bucket error, merge and subtraction.
#include "nodes/latency_histogram.hpp"

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

using namespace ngn::nodes;

BOOST_AUTO_TEST_SUITE(latency_histogram_suite)

BOOST_AUTO_TEST_CASE(buckets_cover_every_value_in_order) {
  // Exact below 64; then every bucket's range starts where the previous one ends.
  for (std::uint64_t v = 0; v < 64; ++v) BOOST_TEST(latency_bucket(v) == v);
  for (std::size_t b = 1; b < latency_buckets; ++b)
    BOOST_TEST(latency_bucket_low(b) == latency_bucket_high(b - 1));
  for (std::size_t b = 0; b + 1 < latency_buckets; ++b) {
    BOOST_TEST(latency_bucket(latency_bucket_low(b)) == b);
    BOOST_TEST(latency_bucket(latency_bucket_high(b) - 1) == b);
  }
  BOOST_TEST(latency_bucket(64) == 64u);
  BOOST_TEST(latency_bucket(127) == 64u + 31u);
  BOOST_TEST(latency_bucket(~std::uint64_t{0}) == latency_buckets - 1);
}

BOOST_AUTO_TEST_CASE(relative_error_is_at_most_one_in_32) {
  for (std::uint64_t v : {64ull, 100ull, 1000ull, 12345ull, 999999ull, 123456789ull}) {
    const auto b = latency_bucket(v);
    const double width = double(latency_bucket_high(b) - latency_bucket_low(b));
    BOOST_TEST(width / double(latency_bucket_low(b)) <= 1.0 / 32 + 1e-12);
  }
}

BOOST_AUTO_TEST_CASE(percentiles_match_the_exact_ones_within_the_bucket_error) {
  std::mt19937_64 rng{7};
  std::lognormal_distribution<double> d{8.0, 1.0}; // around 3 ms, a long tail
  std::vector<std::uint64_t> values;
  latency_histogram h;
  for (int i = 0; i < 100000; ++i) {
    const auto v = static_cast<std::uint64_t>(d(rng));
    values.push_back(v);
    h.record(v);
  }
  std::sort(values.begin(), values.end());
  const auto c = h.snapshot();
  BOOST_TEST(latency_total(c) == values.size());
  for (double p : {50.0, 90.0, 99.0, 99.9, 100.0}) {
    const auto rank = static_cast<std::size_t>(std::ceil(p / 100 * double(values.size())));
    const double exact = double(values[rank - 1]);
    BOOST_TEST(std::abs(latency_percentile(c, p) - exact) <= exact / 32 + 1, "p" << p);
  }
}

BOOST_AUTO_TEST_CASE(empty_merge_and_interval) {
  latency_histogram a, b;
  BOOST_TEST(latency_percentile(a.snapshot(), 50) == -1);
  for (int i = 0; i < 100; ++i) a.record(10);
  const auto before = a.snapshot();
  for (int i = 0; i < 100; ++i) a.record(5000);
  for (int i = 0; i < 300; ++i) b.record(20);
  // The interval since `before` holds only the 5 ms values.
  auto interval = a.snapshot();
  latency_subtract(interval, before);
  BOOST_TEST(latency_total(interval) == 100u);
  BOOST_TEST(std::abs(latency_percentile(interval, 50) - 5000) <= 5000.0 / 32);
  // Merged with b: 500 values, the median is b's 20 µs.
  auto merged = a.snapshot();
  latency_add(merged, b.snapshot());
  BOOST_TEST(latency_total(merged) == 500u);
  BOOST_TEST(latency_percentile(merged, 50) == 20);
  BOOST_TEST(latency_percentile(merged, 20) == 10);
}

BOOST_AUTO_TEST_SUITE_END()
