// nodes/listener_meter.hpp: the real clients' registrations a UDP listener counts from the
// REGISTER transactions it passes on and the final responses it sends back.
#include "nodes/listener_meter.hpp"

#include <boost/test/unit_test.hpp>

#include <cmath>

using namespace ngn::nodes;
using ngn::elements::life_counters;

namespace {

constexpr std::int64_t ms = 1000, s = 1000 * ms;

struct meter_fixture {
  group_progress p;
  listener_meter m{p, listener_meter_config{10 * s, 3600, 4}};
  life_totals life() const { return life_totals::of(p.life); }
};

} // namespace

BOOST_AUTO_TEST_SUITE(listener_meter_suite)

// RFC 3310: REGISTER, 401, REGISTER with credentials, 200 — one registration, its latency from
// the first REGISTER to the 200.
BOOST_AUTO_TEST_CASE(a_challenged_registration_is_one_registration_with_its_latency) {
  meter_fixture f;
  f.m.on_register(1, "call-a", 3600, 0);
  BOOST_TEST(f.m.in_flight() == 1u);
  BOOST_TEST(f.p.life.in_flight.load() == 1);
  BOOST_TEST(f.p.started.load() == 1u);
  f.m.on_final(1, "call-a", 401, 2 * ms);
  BOOST_TEST(f.m.in_flight() == 1u); // challenged: still under way
  f.m.on_register(1, "call-a", 3600, 3 * ms);
  f.m.on_final(1, "call-a", 200, 5 * ms);
  BOOST_TEST(f.m.in_flight() == 0u);
  BOOST_TEST(f.p.life.in_flight.load() == 0);
  BOOST_TEST(f.p.established.load() == 1u);
  BOOST_TEST(f.life().registrations == 1u);
  BOOST_TEST(f.p.life.active.load() == 1);
  const auto lat = f.p.latency.snapshot();
  BOOST_TEST(latency_total(lat) == 1u);
  // The histogram keeps it within 1/32 (latency_histogram.hpp).
  const double p50 = latency_percentile(lat, 50);
  BOOST_TEST(std::abs(p50 - 5000.0) <= 5000.0 / 32, "p50 " << p50);
  BOOST_TEST(f.m.first_start() == 0);
  BOOST_TEST(f.m.last_done() == 5 * ms);
}

// The same Call-ID again while registered: a refresh; Expires 0: a de-registration, not counted
// as a registration, and the client is no longer registered.
BOOST_AUTO_TEST_CASE(refresh_and_deregistration_on_the_same_call_id) {
  meter_fixture f;
  f.m.on_register(1, "c", -1, 0);
  f.m.on_final(1, "c", 200, 1 * ms);
  f.m.on_register(1, "c", 3600, 10 * ms);
  BOOST_TEST(f.p.started.load() == 1u); // a refresh is not a first registration
  f.m.on_final(1, "c", 401, 11 * ms);
  f.m.on_register(1, "c", 3600, 12 * ms);
  f.m.on_final(1, "c", 200, 13 * ms);
  BOOST_TEST(f.life().reregistrations == 1u);
  BOOST_TEST(f.life().registrations == 1u);
  f.m.on_register(1, "c", 0, 20 * ms);
  BOOST_TEST(f.m.in_flight() == 0u);
  f.m.on_final(1, "c", 200, 21 * ms);
  BOOST_TEST(f.life().deregistrations == 1u);
  BOOST_TEST(f.p.life.active.load() == 0);
  BOOST_TEST(latency_total(f.p.latency.snapshot()) == 2u);
}

BOOST_AUTO_TEST_CASE(a_final_refusal_fails_the_registration) {
  meter_fixture f;
  f.m.on_register(7, "x", 3600, 0);
  f.m.on_final(7, "x", 401, ms);
  f.m.on_register(7, "x", 3600, 2 * ms);
  f.m.on_final(7, "x", 403, 3 * ms);
  BOOST_TEST(f.p.failed.load() == 1u);
  BOOST_TEST(f.life().failures == 1u);
  BOOST_TEST(f.life().timeouts == 0u);
  BOOST_TEST(f.m.in_flight() == 0u);
  BOOST_TEST(f.p.established.load() == 0u);
}

// registration_timeout: unanswered by the element → a timeout; unanswered by the client (it never
// answered the challenge) → a failure that is not a timeout. A late answer matches nothing.
BOOST_AUTO_TEST_CASE(registrations_without_an_outcome_are_given_up_at_the_timeout) {
  meter_fixture f;
  f.m.on_register(1, "silent-element", 3600, 0);
  f.m.on_register(2, "silent-client", 3600, 0);
  f.m.on_final(2, "silent-client", 401, ms);
  f.m.sweep(10 * s - 1);
  BOOST_TEST(f.m.in_flight() == 2u);
  f.m.sweep(10 * s);
  BOOST_TEST(f.m.in_flight() == 0u);
  BOOST_TEST(f.p.life.in_flight.load() == 0);
  BOOST_TEST(f.life().failures == 2u);
  BOOST_TEST(f.life().timeouts == 1u);
  BOOST_TEST(f.p.failed.load() == 2u);
  f.m.on_final(1, "silent-element", 200, 11 * s);
  BOOST_TEST(f.m.unmatched() == 1u);
  BOOST_TEST(f.p.established.load() == 0u);
}

// Overload back-pressure: a 503 with Retry-After 20 s tells the client not to come back before;
// the registration is given up only the registration timeout (10 s) after that.
BOOST_AUTO_TEST_CASE(a_retry_after_defers_giving_the_registration_up) {
  meter_fixture f;
  f.m.on_register(3, "r", 3600, 0);
  BOOST_TEST(!f.m.deferred(3, "r"));
  f.m.on_final(3, "r", 503, ms, 20);
  BOOST_TEST(f.m.deferred(3, "r")); // the listener admits its return before new registrations
  BOOST_TEST(!f.m.deferred(3, "other call"));
  f.m.sweep(29 * s);
  BOOST_TEST(f.m.in_flight() == 1u);
  BOOST_TEST(f.p.failed.load() == 0u);
  // It came back at 21 s and was served: established, latency from its first REGISTER.
  f.m.on_register(3, "r", 3600, 21 * s);
  BOOST_TEST(!f.m.deferred(3, "r")); // back
  f.m.on_final(3, "r", 401, 21 * s + ms);
  f.m.on_register(3, "r", 3600, 21 * s + 2 * ms);
  f.m.on_final(3, "r", 200, 21 * s + 3 * ms);
  BOOST_TEST(f.p.established.load() == 1u);
  // Another one never comes back: given up at 1 ms + 20 s + 10 s, not before.
  f.m.on_register(4, "q", 3600, 0);
  f.m.on_final(4, "q", 503, ms, 20);
  f.m.sweep(30 * s);
  BOOST_TEST(f.p.failed.load() == 0u);
  f.m.sweep(30 * s + ms);
  BOOST_TEST(f.p.failed.load() == 1u);
  BOOST_TEST(f.m.in_flight() == 0u);
}

BOOST_AUTO_TEST_CASE(a_registration_not_refreshed_expires) {
  meter_fixture f;
  f.m.on_register(1, "c", 2, 0);
  f.m.on_final(1, "c", 200, ms);
  f.m.sweep(2 * s);
  BOOST_TEST(f.p.life.active.load() == 1);
  f.m.sweep(2 * s + ms);
  BOOST_TEST(f.p.life.active.load() == 0);
  BOOST_TEST(f.life().expirations == 1u);
}

// The same Call-ID from two clients are two registrations; beyond max_tracked clients nothing is
// counted (memory bound), and that is said.
BOOST_AUTO_TEST_CASE(clients_are_told_apart_and_bounded) {
  meter_fixture f;
  for (std::uint64_t c = 1; c <= 5; ++c) f.m.on_register(c, "same", 3600, 0);
  BOOST_TEST(f.m.in_flight() == 4u);
  BOOST_TEST(f.m.untracked() == 1u);
  f.m.on_final(3, "same", 200, ms);
  BOOST_TEST(f.p.established.load() == 1u);
  BOOST_TEST(f.m.in_flight() == 3u);
}

BOOST_AUTO_TEST_SUITE_END()
