// The terminal's retries and failures (elements/terminal_fsm.hpp, the fixture of
// terminal_support.hpp): transient and final rejections, back-off and its cap, step timeouts, the
// registration timeout, max attempts, undeliverable messages, and what counts as in flight and as
// a timeout. Each case runs for every protocol.
#include "terminal_support.hpp"

#include <boost/test/unit_test.hpp>

using namespace ngn;
using namespace ngn::test;
using namespace ngn::test::unit;
using namespace ngn::test::terminal_unit;
using elements::terminal_state;

BOOST_AUTO_TEST_SUITE(terminal_retry_unit)

BOOST_DATA_TEST_CASE(transient_rejections_back_off_and_retry, every_protocol * data::make({
                       code::unavailable, code::timeout, code::server_error}),
                     proto, c) {
  fixture f{proto};
  auto req = f.start();
  const auto rej = f.rejection(req, c, "try later");
  f.deliver(rej, t0 + ms);
  BOOST_TEST(f.term().state() == terminal_state::backing_off);
  BOOST_TEST(f.out.outcomes.empty());
  // A rejection that is a command (MGCP, H.248) is acknowledged, and nothing else is sent.
  const auto ack = f.ack_of(rej);
  const auto sent = sent_to(f.out, ss_id);
  BOOST_REQUIRE_EQUAL(sent.size(), ack.empty() ? 0u : 1u);
  BOOST_TEST(steps_to(f.b, f.out, ss_id).empty());
  // First back-off: 500 ms, but never before a Retry-After (SIP 503 says 1 s, RFC 3261 §21.5.4).
  const micros first = proto == protocol::sip && c == code::unavailable ? seconds : 500 * ms;
  BOOST_TEST(f.term().deadline() == t0 + ms + first);
  f.tick(t0 + first);
  BOOST_TEST(f.out.empty());
  f.tick(t0 + ms + first);
  BOOST_TEST(f.term().state() == terminal_state::requested);
  auto again = f.request_in(f.out);
  BOOST_TEST(again.c.identity == f.sub.identity);
  // The second attempt is a new transaction.
  BOOST_TEST(again.c.tid != req.c.tid);
  // Second rejection: the back-off doubles.
  f.deliver(f.rejection(again, c, "try later"), t0 + 2 * seconds);
  BOOST_TEST(f.term().deadline() == t0 + 2 * seconds + 1000 * ms);
}

BOOST_DATA_TEST_CASE(other_rejections_are_final, every_protocol * data::make({
                       code::forbidden, code::not_found, code::sec_agree_required,
                       code::bad_request}),
                     proto, c) {
  fixture f{proto};
  auto req = f.start();
  f.deliver(f.rejection(req, c, "go away"), t0 + 4 * ms);
  BOOST_TEST(f.term().state() == terminal_state::failed);
  auto o = f.outcome();
  BOOST_TEST(!o.established);
  BOOST_TEST(o.reason.rfind("rejected: ", 0) == 0u, o.reason);
  BOOST_TEST(o.latency == 4 * ms);
  BOOST_TEST(o.attempts == 1u);
  // No retry follows.
  f.tick(t0 + 100 * seconds);
  BOOST_TEST(f.out.empty());
}

BOOST_DATA_TEST_CASE(a_rejection_of_the_registration_message_carries_its_code_and_reason,
                     every_protocol, proto) {
  fixture f{proto};
  auto v = make_vector(f.sub, 32, 1);
  auto msg = f.to_responded(v);
  f.deliver(f.rejection(msg, code::forbidden, "verification words differ"), t0 + 5 * ms);
  BOOST_TEST(f.term().state() == terminal_state::failed);
  auto o = f.outcome();
  BOOST_TEST(contains(o.reason, "rejected: 403"), o.reason);
  BOOST_TEST(contains(o.reason, "verification words differ"), o.reason);
}

BOOST_DATA_TEST_CASE(back_off_is_capped, every_protocol, proto) {
  fixture f{proto};
  f.profile.max_backoff = 1200 * ms;
  f.profile.max_attempts = 10;
  micros now = t0;
  auto req = f.start(now);
  // SIP's 503 says Retry-After: 1 (s): the terminal never comes back sooner.
  const micros floor = proto == protocol::sip ? seconds : 0;
  const micros expected[] = {std::max(500 * ms, floor), 1000 * ms, 1200 * ms, 1200 * ms};
  for (micros d : expected) {
    f.deliver(f.rejection(req, code::unavailable, ""), now);
    BOOST_TEST(f.term().deadline() == now + d);
    now += d;
    f.tick(now);
    req = f.request_in(f.out);
  }
}

BOOST_DATA_TEST_CASE(no_answer_within_the_step_timeout_retries, every_protocol, proto) {
  fixture f{proto};
  auto req = f.start();
  f.tick(t0 + f.profile.response_timeout - 1);
  BOOST_TEST(f.out.empty());
  BOOST_TEST(f.term().state() == terminal_state::requested);
  f.tick(t0 + f.profile.response_timeout);
  BOOST_TEST(f.out.empty()); // backing off, nothing sent yet
  BOOST_TEST(f.term().state() == terminal_state::backing_off);
  f.tick(t0 + f.profile.response_timeout + 500 * ms);
  auto again = f.request_in(f.out);
  BOOST_TEST(again.c.tid != req.c.tid);

  // The same after the challenge was answered (waiting for the success).
  auto v = make_vector(f.sub, 32, 1);
  const micros t1 = t0 + 10 * seconds;
  f.deliver(f.challenge(again, v), t1);
  BOOST_REQUIRE(f.term().state() == terminal_state::responded);
  f.tick(t1 + f.profile.response_timeout);
  BOOST_TEST(f.term().state() == terminal_state::backing_off);
}

// topology/README.md `registration_timeout`: it bounds one registration, retries included; the
// terminal gives up when it has passed, however many attempts remain.
BOOST_DATA_TEST_CASE(registration_timeout_ends_in_failure_before_max_attempts, every_protocol,
                     proto) {
  fixture f{proto};
  elements::life_counters life;
  f.profile.counters = &life;
  f.profile.max_attempts = 10;
  f.profile.registration_timeout = 6 * seconds; // past after the second attempt's timeout
  micros now = t0;
  f.start(now);
  BOOST_TEST(life.in_flight.load() == 1); // under way, retries included, until its outcome
  now += f.profile.response_timeout; // first attempt: no answer, back off
  f.tick(now);
  BOOST_TEST(f.out.outcomes.empty());
  BOOST_REQUIRE(f.term().state() == terminal_state::backing_off);
  now = f.term().deadline();
  f.tick(now);
  f.request_in(f.out);
  now += f.profile.response_timeout; // second attempt: no answer, and 6 s have passed
  f.tick(now);
  BOOST_TEST(f.term().state() == terminal_state::failed);
  auto o = f.outcome();
  BOOST_TEST(!o.established);
  BOOST_TEST(o.reason == "no answer from the network within 4000 ms (registration timeout of 6000 ms)");
  BOOST_TEST(o.reason_code == static_cast<std::uint16_t>(elements::reason_code::no_answer));
  BOOST_TEST(o.attempts == 2u);
  // A failure for want of an answer: a timeout; no longer in flight.
  BOOST_TEST(life.in_flight.load() == 0);
  BOOST_TEST(life.failures.load() == 1u);
  BOOST_TEST(life.timeouts.load() == 1u);
}

// Every registration is in flight from its first request to its outcome, and a success or a
// final rejection is not a timeout; a terminal leaving while it backs off is no longer in flight.
BOOST_DATA_TEST_CASE(in_flight_and_timeouts_are_counted_from_request_to_outcome, every_protocol,
                     proto) {
  {
    fixture f{proto};
    elements::life_counters life;
    f.profile.counters = &life;
    auto v = make_vector(f.sub, 32, 1);
    auto msg = f.to_responded(v);
    BOOST_TEST(life.in_flight.load() == 1);
    f.deliver(f.success(msg, v, {}), t0 + 7 * ms);
    BOOST_REQUIRE(f.term().state() == terminal_state::registered);
    BOOST_TEST(life.in_flight.load() == 0);
    BOOST_TEST(life.timeouts.load() == 0u);
  }
  {
    fixture f{proto};
    elements::life_counters life;
    f.profile.counters = &life;
    auto req = f.start();
    f.deliver(f.rejection(req, code::forbidden, "go away"), t0 + 4 * ms);
    BOOST_TEST(life.in_flight.load() == 0);
    BOOST_TEST(life.failures.load() == 1u);
    BOOST_TEST(life.timeouts.load() == 0u);
  }
  {
    fixture f{proto};
    elements::life_counters life;
    f.profile.counters = &life;
    f.start();
    f.tick(t0 + f.profile.response_timeout); // no answer: backs off
    BOOST_REQUIRE(f.term().state() == terminal_state::backing_off);
    BOOST_TEST(life.in_flight.load() == 1);
    f.term().leave(t0 + f.profile.response_timeout + ms, f.out);
    BOOST_TEST(life.in_flight.load() == 0);
    BOOST_TEST(life.timeouts.load() == 0u); // given up, not failed
  }
}

// The edge's "the AuC did not answer" (504) ends a registration as a timeout once it gives up.
BOOST_DATA_TEST_CASE(an_auc_timeout_rejection_that_ends_the_registration_is_a_timeout,
                     every_protocol, proto) {
  fixture f{proto};
  elements::life_counters life;
  f.profile.counters = &life;
  f.profile.max_attempts = 1;
  auto req = f.start();
  f.deliver(f.rejection(req, code::timeout, "AuC did not answer"), t0 + 4 * ms);
  BOOST_TEST(f.term().state() == terminal_state::failed);
  BOOST_TEST(life.in_flight.load() == 0);
  BOOST_TEST(life.timeouts.load() == 1u);
}

BOOST_DATA_TEST_CASE(max_attempts_ends_in_failure, every_protocol, proto) {
  fixture f{proto};
  f.profile.max_attempts = 3;
  micros now = t0;
  f.start(now);
  for (int attempt = 1; attempt <= 3; ++attempt) {
    now += f.profile.response_timeout;
    f.tick(now);
    if (attempt < 3) {
      BOOST_TEST(f.out.outcomes.empty());
      now = f.term().deadline();
      f.tick(now);
      f.request_in(f.out);
    }
  }
  BOOST_TEST(f.term().state() == terminal_state::failed);
  auto o = f.outcome();
  BOOST_TEST(!o.established);
  BOOST_TEST(o.reason == "no answer from the network within 4000 ms (after 3 attempts)");
  BOOST_TEST(o.attempts == 3u);
  BOOST_TEST(o.latency == now - t0);
}

BOOST_DATA_TEST_CASE(undeliverable_backs_off_at_once, every_protocol, proto) {
  fixture f{proto};
  f.profile.max_attempts = 2;
  // Idle: nothing to do.
  f.term().on_undeliverable(t0, f.out);
  BOOST_TEST(f.out.empty());
  BOOST_TEST(f.term().state() == terminal_state::idle);
  f.start();
  f.out.clear();
  f.term().on_undeliverable(t0 + 1, f.out);
  BOOST_TEST(f.out.empty());
  BOOST_TEST(f.term().state() == terminal_state::backing_off);
  BOOST_TEST(f.term().deadline() == t0 + 1 + 500 * ms);
  // Backing off: undeliverable again changes nothing.
  f.term().on_undeliverable(t0 + 2, f.out);
  BOOST_TEST(f.term().deadline() == t0 + 1 + 500 * ms);
  f.tick(t0 + 1 + 500 * ms);
  f.request_in(f.out);
  f.out.clear();
  f.term().on_undeliverable(t0 + seconds, f.out);
  auto o = f.outcome();
  BOOST_TEST(o.reason == "next hop unreachable: its node is down (after 2 attempts)");
  BOOST_TEST(o.reason_code == static_cast<std::uint16_t>(elements::reason_code::next_hop_unreachable));
  BOOST_TEST(f.term().state() == terminal_state::failed);
}

BOOST_AUTO_TEST_SUITE_END()
