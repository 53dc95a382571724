// The terminal's arrival and departure (elements/terminal_fsm.hpp, the fixture of
// terminal_support.hpp; DESIGN.md §1.2): only an idle terminal starts, a registered one refreshes
// keeping its SQN, a failed one stays failed, and leave() is answered by exactly one departure.
// Each case runs for every protocol.
#include "terminal_support.hpp"

#include <boost/test/unit_test.hpp>

using namespace ngn;
using namespace ngn::test;
using namespace ngn::test::unit;
using namespace ngn::test::terminal_unit;
using elements::terminal_state;

BOOST_AUTO_TEST_SUITE(terminal_life_unit)

// start() is the terminal's arrival: only an idle terminal starts. A registered one lives its
// registration (DESIGN.md §1.2): it refreshes it with a fresh AKA over its SAs, and the SQN it
// saw stays (the same vector is now stale and resynchronised).
BOOST_DATA_TEST_CASE(start_only_from_idle_and_a_refresh_keeps_the_sqn, every_protocol, proto) {
  fixture f{proto};
  f.profile.reregister = 60 * seconds;
  auto v = make_vector(f.sub, 32, 1);
  auto edge = f.to_registered(v);
  f.out.clear();
  f.term().start(t0 + 10 * seconds, f.out);
  BOOST_TEST(f.out.empty());
  BOOST_TEST(f.term().state() == terminal_state::registered);
  BOOST_TEST(f.term().next_deadline() == t0 + 2 * ms + 60 * seconds);
  // The refresh: a new registration request, under the SAs.
  f.tick(t0 + 2 * ms + 60 * seconds);
  BOOST_TEST(f.term().state() == terminal_state::requested);
  BOOST_TEST(f.term().registered()); // the old registration stays in place meanwhile
  BOOST_TEST(sent_to(f.out, ss_id).empty());
  auto reqs = f.opened(edge.in);
  BOOST_REQUIRE_EQUAL(reqs.size(), 1u);
  auto req = decode_ok(f.b, reqs[0]);
  BOOST_TEST(req.c.kind == step::reg_request);
  f.deliver_esp(edge.out, f.challenge(req, v), t0 + 61 * seconds);
  auto answers = f.opened(edge.in);
  BOOST_REQUIRE(!answers.empty());
  BOOST_TEST(decode_ok(f.b, answers.back()).c.auts.has_value());
  BOOST_TEST(f.term().state() == terminal_state::requested);
}

// A failed terminal stays failed: start() does not bring it back.
BOOST_DATA_TEST_CASE(a_failed_terminal_does_not_start_again, every_protocol, proto) {
  fixture f{proto};
  auto req = f.start();
  f.deliver(f.rejection(req, code::forbidden, "no"), t0 + ms);
  BOOST_REQUIRE(f.term().state() == terminal_state::failed);
  f.out.clear();
  f.term().start(t0 + seconds, f.out);
  BOOST_TEST(f.out.empty());
  BOOST_TEST(f.term().state() == terminal_state::failed);
  BOOST_TEST(f.term().next_deadline() == 0);
}

// leave() gets exactly one departure notice (registration_kind::departure), whatever the
// state: at once for a terminal with nothing to de-register, once the registration under way
// has failed, and not before the de-registration is sent for a registered one (its group bounds
// the departures under way with them: nodes/terminal_group.cpp).
BOOST_DATA_TEST_CASE(leave_is_answered_by_one_departure, every_protocol, proto) {
  auto departures = [](const outbox& o) {
    std::size_t n = 0;
    for (const auto& x : o.outcomes) n += x.kind == elements::registration_kind::departure;
    return n;
  };
  {  // failed: at once
    fixture f{proto};
    auto req = f.start();
    f.deliver(f.rejection(req, code::forbidden, "no"), t0 + ms);
    BOOST_REQUIRE(f.term().state() == terminal_state::failed);
    f.out.clear();
    f.term().leave(t0 + 2 * ms, f.out);
    BOOST_TEST(departures(f.out) == 1u);
    BOOST_TEST(f.out.messages.empty());
  }
  {  // registering: when the registration under way fails, with its outcome
    fixture f{proto};
    auto req = f.start();
    f.out.clear();
    f.term().leave(t0 + ms, f.out);
    BOOST_TEST(departures(f.out) == 0u);
    f.deliver(f.rejection(req, code::forbidden, "no"), t0 + 2 * ms);
    BOOST_TEST(departures(f.out) == 1u);
    BOOST_TEST(f.out.outcomes.size() == 2u); // the failure, then the departure
  }
  {  // registered: the de-registration goes out; no departure until it is answered or times out
    fixture f{proto};
    auto v = make_vector(f.sub, 32, 1);
    auto msg = f.to_responded(v);
    f.deliver(f.success(msg, v, {}), t0 + 7 * ms);
    BOOST_REQUIRE(f.term().state() == terminal_state::registered);
    f.out.clear();
    f.term().leave(t0 + 10 * ms, f.out);
    BOOST_TEST(f.term().state() == terminal_state::leaving);
    BOOST_TEST(departures(f.out) == 0u);
    BOOST_TEST(!f.out.messages.empty());
    f.out.clear();
    f.tick(t0 + 10 * ms + f.profile.response_timeout);  // no answer: it leaves all the same
    BOOST_TEST(f.term().state() == terminal_state::left);
    BOOST_TEST(departures(f.out) == 1u);
    f.out.clear();
    f.term().leave(t0 + 20 * seconds, f.out);  // left: told again, it answers again
    BOOST_TEST(departures(f.out) == 1u);
  }
}

BOOST_AUTO_TEST_SUITE_END()
