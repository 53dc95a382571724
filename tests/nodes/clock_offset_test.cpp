// nodes/clock_offset: the NTP on-wire estimate from synthetic times (a peer whose clock is ahead
// or behind, holding times, asymmetric delays), the lowest round trip kept, impossible samples
// refused; and two bridges in one process: their clocks agree, the round trip is positive.
#include "nodes/clock_offset.hpp"
#include "tests/nodes/bridge_harness.hpp"

#include <boost/test/unit_test.hpp>

#include <cstdlib>

using namespace ngn::nodes;
using namespace ngn::nodes::test;

namespace {

/// A heartbeat leaving at `t0` (our clock) with `out` µs on the wire, held `hold` µs by a peer
/// whose clock is `offset` µs ahead of ours, answered with `back` µs on the wire.
clock_sample exchange(std::int64_t t0, std::int64_t offset, std::int64_t out, std::int64_t hold,
                      std::int64_t back) {
  const std::int64_t t1 = t0 + out + offset;
  const std::int64_t t2 = t1 + hold;
  const std::int64_t t3 = t2 - offset + back;
  return {t0, t1, t2, t3};
}

} // namespace

BOOST_AUTO_TEST_SUITE(clock_offset_estimator)

BOOST_AUTO_TEST_CASE(symmetric_delays_give_the_exact_offset_and_round_trip) {
  const std::int64_t t0 = 1'700'000'000'000'000;
  for (std::int64_t offset : {0LL, 25'000LL, -40'000LL, 3'600'000'000LL}) {
    const auto e = evaluate(exchange(t0, offset, 300, 900'000, 300));
    BOOST_REQUIRE(e.has_value());
    BOOST_TEST(e->offset_us == offset);
    BOOST_TEST(e->rtt_us == 600); // the peer's 0.9 s holding time is not part of it
  }
}

BOOST_AUTO_TEST_CASE(asymmetry_skews_the_offset_by_at_most_half_the_round_trip) {
  const auto e = evaluate(exchange(1'000'000, 12'000, 100, 500'000, 4'100));
  BOOST_REQUIRE(e.has_value());
  BOOST_TEST(e->rtt_us == 4'200);
  BOOST_TEST(e->offset_us == 12'000 - 2'000); // ((100 − 4100) / 2) off
  BOOST_TEST(std::llabs(e->offset_us - 12'000) <= e->rtt_us / 2);
}

BOOST_AUTO_TEST_CASE(the_sample_with_the_lowest_round_trip_is_kept) {
  clock_estimator c;
  BOOST_TEST(!c.best().has_value());
  BOOST_TEST(c.add(exchange(1'000'000, 5'000, 3'000, 1000, 9'000))); // queued behind data
  BOOST_TEST(c.add(exchange(2'000'000, 5'000, 200, 1000, 200)));     // the clean one
  BOOST_TEST(c.add(exchange(3'000'000, 5'000, 8'000, 1000, 100)));
  BOOST_TEST(c.samples() == 3u);
  BOOST_REQUIRE(c.best().has_value());
  BOOST_TEST(c.best()->rtt_us == 400);
  BOOST_TEST(c.best()->offset_us == 5'000);
  c.reset();
  BOOST_TEST(!c.best().has_value());
  BOOST_TEST(c.samples() == 0u);
}

BOOST_AUTO_TEST_CASE(a_negative_round_trip_is_no_sample) {
  // The peer held it 2 s while only 1 s passed here: a clock stepped in between.
  clock_estimator c;
  BOOST_TEST(!evaluate({1'000'000, 1'000'100, 3'000'100, 2'000'000}).has_value());
  BOOST_TEST(!c.add({1'000'000, 1'000'100, 3'000'100, 2'000'000}));
  BOOST_TEST(c.samples() == 0u);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_FIXTURE_TEST_SUITE(bridge_clock, ctx_fixture)

// Two bridges of one process share one clock: the estimated offset is ~0 (within half the round
// trip, and the round trip on loopback well under 50 ms), the round trip is positive. The first
// sample comes at once (a hello's answer echoes it), then one per heartbeat.
BOOST_AUTO_TEST_CASE(two_bridges_in_one_process_agree_on_the_time) {
  const bridge_options o = fast_options();
  test_node a(ctx, "a", {"b"}, o);
  test_node b(ctx, "b", {"a"}, o);
  BOOST_REQUIRE(start_all({&a, &b}));
  BOOST_REQUIRE(a.br->wait_ready({"b"}, 10s));
  BOOST_REQUIRE(wait_until([&] {
    return a.br->peers().at(0).clock_samples >= 3 && b.br->peers().at(0).clock_samples >= 3;
  }));
  for (auto* n : {&a, &b}) {
    const auto p = n->br->peers().at(0);
    BOOST_TEST_MESSAGE(n->name << ": offset " << p.clock_offset_ms << " ms, rtt " << p.rtt_ms
                               << " ms, " << p.clock_samples << " samples");
    BOOST_TEST(p.rtt_ms > 0.0);
    BOOST_TEST(p.rtt_ms < 50.0);
    BOOST_TEST(std::abs(p.clock_offset_ms) <= p.rtt_ms / 2 + 0.001);
  }
}

BOOST_AUTO_TEST_SUITE_END()
