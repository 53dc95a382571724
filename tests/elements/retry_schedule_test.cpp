// elements/retry_schedule: the Retry-After of refused clients is booked at the rate the element
// takes new requests, between the floor and the ceiling, and falls back to the floor once the booked slots
// are in the past.
#include "elements/retry_schedule.hpp"

#include <boost/test/unit_test.hpp>

#include <map>

using ngn::elements::retry_schedule;

namespace {
constexpr retry_schedule::micros second = 1'000'000;

/// `n` new requests taken, spread over the first second, the window then closed at t = 1 s.
retry_schedule measured(std::uint32_t n, std::uint32_t floor_s = 1, std::uint32_t ceiling_s = 30) {
  retry_schedule s{floor_s, ceiling_s};
  for (std::uint32_t i = 0; i < n; ++i) s.on_taken(i * (second / n));
  s.on_taken(second); // rolls the window: the rate of the first second
  return s;
}
} // namespace

BOOST_AUTO_TEST_SUITE(retry_schedule_suite)

BOOST_AUTO_TEST_CASE(before_a_rate_is_measured_every_client_gets_the_floor) {
  retry_schedule s{2, 30};
  for (int i = 0; i < 10'000; ++i) BOOST_TEST(s.next(i) == 2u);
  BOOST_TEST(s.rate() == 0.0);
  BOOST_TEST(s.booked_ahead(0) == 0);
}

BOOST_AUTO_TEST_CASE(refused_clients_come_back_at_the_taken_rate) {
  auto s = measured(1000);
  BOOST_TEST(s.rate() == 1000.0);
  // 5,000 refusals in the same instant: one second's worth per Retry-After value.
  std::map<std::uint32_t, int> per_value;
  std::uint32_t last = 0;
  for (int i = 0; i < 5000; ++i) {
    const auto ra = s.next(second);
    BOOST_TEST(ra >= last); // booked in order
    last = ra;
    ++per_value[ra];
  }
  BOOST_TEST(per_value.begin()->first == 1u);
  BOOST_TEST(last == 6u);
  for (std::uint32_t v = 2; v <= 5; ++v) BOOST_TEST(per_value[v] == 1000);
  BOOST_TEST(s.booked_ahead(second) == 6 * second);
}

BOOST_AUTO_TEST_CASE(never_beyond_the_ceiling_nor_below_the_floor) {
  auto s = measured(10, 3, 7);
  std::uint32_t lo = 1000, hi = 0;
  for (int i = 0; i < 1000; ++i) {
    const auto ra = s.next(second);
    lo = std::min(lo, ra);
    hi = std::max(hi, ra);
  }
  BOOST_TEST(lo == 3u);
  BOOST_TEST(hi == 7u);
  BOOST_TEST(s.booked_ahead(second) <= 7 * second + second / 10);
}

BOOST_AUTO_TEST_CASE(a_drained_schedule_starts_again_at_the_floor) {
  auto s = measured(100);
  for (int i = 0; i < 500; ++i) s.next(second);
  BOOST_TEST(s.next(second) == 6u);
  // Ten seconds later the slots booked are all in the past (the element kept taking requests).
  for (int i = 0; i < 100; ++i) s.on_taken(second + i * (second / 100));
  const auto later = 11 * second;
  for (int i = 0; i < 100; ++i) s.on_taken(later - second + i * (second / 100));
  BOOST_TEST(s.next(later) == 1u);
}

BOOST_AUTO_TEST_CASE(an_element_that_stops_taking_requests_spreads_the_returns) {
  auto s = measured(1000);
  BOOST_TEST(s.next(second) == 1u);
  // Nothing taken for three seconds: the rate falls with the silence.
  s.on_taken(4 * second);
  BOOST_TEST(s.rate() < 1.0);
  // One request in three seconds: the refused clients are spread three seconds apart.
  BOOST_TEST(s.next(4 * second) == 1u);
  BOOST_TEST(s.next(4 * second) == 4u);
}

BOOST_AUTO_TEST_SUITE_END()
