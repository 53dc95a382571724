// Local overload control (elements/overload_gate.hpp): the gate's rule (the bound on a request's
// wait in the mailbox, twice it for a client coming back after a refusal, Retry-After slots
// booked at the rate new requests are taken); the proxy and the soft switch refusing a new
// request that waited too long, for every protocol, while answers to challenges always pass;
// the soft switch's AuC bound booking slots and letting a returning client use twice it; the
// terminal's registration timeout counting again from the retry after an "unavailable".
#include "softswitch_support.hpp"
#include "terminal_support.hpp"

#include "elements/overload_gate.hpp"
#include "elements/proxy_fsm.hpp"

#include <boost/test/unit_test.hpp>

using namespace ngn;
using namespace ngn::test;
using namespace ngn::test::unit;
using elements::overload_config;
using elements::overload_gate;

namespace {

overload_config bound(micros max_queue_delay) {
  overload_config c;
  c.max_queue_delay = max_queue_delay;
  c.retry_after_s = 1;
  c.retry_after_max_s = 30;
  return c;
}

/// `bytes` in an envelope that entered the mailbox `waited` before `now`.
envelope waited_for(envelope e, micros now, micros waited) {
  e.queued = now - waited;
  return e;
}

} // namespace

BOOST_AUTO_TEST_SUITE(overload_gate_unit)

BOOST_AUTO_TEST_CASE(the_wait_is_bounded_and_a_returning_client_gets_twice_the_bound) {
  overload_gate g{bound(500 * ms)};
  BOOST_TEST(g.admits("a@x", 0));
  BOOST_TEST(g.admits("a@x", 500 * ms));
  BOOST_TEST(!g.admits("a@x", 501 * ms));
  BOOST_TEST(!g.returning("a@x"));
  BOOST_TEST(g.refuse("a@x", t0) == 1u); // nothing measured yet: the floor
  BOOST_TEST(g.returning("a@x"));
  BOOST_TEST(g.refused() == 1u);
  // Coming back, it may have waited up to twice the bound; a new client may not.
  BOOST_TEST(g.admits("a@x", 1000 * ms));
  BOOST_TEST(!g.admits("a@x", 1001 * ms));
  BOOST_TEST(!g.admits("b@x", 501 * ms));
  // Taken: its priority is used up.
  g.taken("a@x", t0 + seconds);
  BOOST_TEST(!g.returning("a@x"));
  BOOST_TEST(!g.admits("a@x", 501 * ms));
}

BOOST_AUTO_TEST_CASE(a_zero_bound_never_refuses) {
  overload_gate g{bound(0)};
  BOOST_TEST(g.admits("a@x", 3600 * seconds));
}

// The Retry-After slots follow the rate new requests were taken at (elements/retry_schedule):
// 100 taken in a second, so 100 refused clients are spread over one more second.
BOOST_AUTO_TEST_CASE(refused_clients_are_booked_at_the_rate_taken) {
  overload_gate g{bound(500 * ms)};
  for (int i = 0; i < 100; ++i) g.taken("t" + std::to_string(i) + "@x", t0 + i * 10 * ms);
  const micros now = t0 + seconds; // the second is complete: 100/s measured
  std::uint32_t first = g.refuse("r0@x", now), last = first;
  for (int i = 1; i < 300; ++i) last = g.refuse("r" + std::to_string(i) + "@x", now);
  BOOST_TEST(first == 1u);
  BOOST_TEST(last == 4u); // 300 clients at 100/s: the last slot is 1 + 2.99 s ahead, rounded up
  BOOST_TEST(g.retry_after_max() == 4u);
  BOOST_TEST(g.refused() == 300u);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(overload_proxy_unit)

namespace {

struct proxy_fixture {
  explicit proxy_fixture(protocol p) : b(binding_for(p)) {
    elements::proxy_config c;
    c.edge.key = make_key(8);
    c.edge.role = crypto::kek_role::proxy;
    c.edge.supported = {{"hmac-sha256", 700}, {"aes-gcm", 600}};
    c.self = dialogue::address{0x0a000002u, 5060};
    c.softswitch = ss_id;
    c.bindings = &bindings();
    c.overload = bound(500 * ms);
    sp.emplace(std::move(c), rng);
    alice.b = &b;
    alice.identity = "alice@ngn.example";
    alice.remote = sp->config().self;
  }
  outbox from_terminal(std::string bytes, micros now, micros waited) {
    outbox out;
    sp->on_envelope(waited_for(wire(sp_id, t1, b.proto(), std::move(bytes)), now, waited), now,
                    out);
    return out;
  }

  const dialogue::binding& b;
  seeded_random rng{3};
  std::optional<elements::proxy_fsm> sp;
  terminal_wire alice;
};

} // namespace

BOOST_DATA_TEST_CASE(a_request_that_waited_too_long_is_answered_unavailable_at_once,
                     every_protocol, proto) {
  proxy_fixture f{proto};
  auto out = f.from_terminal(f.alice.request(), t0, 600 * ms);
  BOOST_TEST(sent_to(out, ss_id).empty()); // no work, nothing relayed
  auto rej = only_step_to(f.b, out, t1);
  BOOST_TEST(rej.c.kind == step::rejection);
  BOOST_TEST((rej.c.result == code::unavailable));
  BOOST_TEST(contains(rej.c.reason, "overload: waited over 500 ms"));
  // SIP says when to come back (RFC 3261 §20.33); the others have no such field.
  BOOST_TEST(rej.c.retry_after == (proto == protocol::sip ? 1u : 0u));
  BOOST_TEST(f.sp->stats().overload_queue == 1u);
  BOOST_TEST(f.sp->in_progress() == 0u);
  // Within the bound, it is relayed.
  auto again = f.from_terminal(f.alice.request(), t0 + seconds, 400 * ms);
  BOOST_TEST(steps_to(f.b, again, ss_id).size() == 1u);
  BOOST_TEST(f.sp->stats().relayed_up == 1u);
}

// An answer to a challenge is never refused for its wait: work was invested in it, and its
// challenge expires.
BOOST_DATA_TEST_CASE(an_answer_to_a_challenge_is_relayed_however_long_it_waited, every_protocol,
                     proto) {
  proxy_fixture f{proto};
  auto up = f.from_terminal(f.alice.request(), t0, 0);
  auto request = decode_ok(f.b, sent_to(up, ss_id).at(0).payload);
  auto v = make_vector(make_subscriber("alice@ngn.example", 5), 32, 1, make_key(8),
                       crypto::kek_role::proxy);
  dialogue::challenge_fields cf;
  cf.session_id = ngn::session_id::of_number(9);
  cf.rand = v.rand;
  cf.autn = v.autn;
  cf.realm = "ngn.example";
  cf.local = dialogue::address{0x0a000001u, 5060};
  outbox down;
  f.sp->on_envelope(wire(sp_id, ss_id, f.b.proto(), f.b.challenge(request, cf)), t0 + ms, down);
  auto challenge = only_step_to(f.b, down, t1);
  auto out = f.from_terminal(f.alice.message(challenge, v.res), t0 + 10 * seconds, 5 * seconds);
  auto relayed = steps_to(f.b, out, ss_id);
  BOOST_REQUIRE_EQUAL(relayed.size(), 1u);
  BOOST_TEST(relayed[0].c.kind == step::reg_message);
  BOOST_TEST(f.sp->stats().overload_queue == 0u);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(overload_softswitch_unit)

using softswitch_fixture = softswitch_unit::fixture;

BOOST_DATA_TEST_CASE(a_direct_request_that_waited_too_long_reaches_no_auc, every_protocol,
                     proto) {
  softswitch_fixture f{proto};
  auto c = f.cfg();
  c.overload = bound(500 * ms);
  f.ss.emplace(std::move(c), f.rng);
  outbox out;
  f.ss->on_envelope(waited_for(wire(ss_id, t1, f.b.proto(), f.alice.request()), t0, 2 * seconds),
                    t0, out);
  BOOST_TEST(auc_sent(out).empty());
  auto rej = only_step_to(f.b, out, t1);
  BOOST_TEST((rej.c.result == code::unavailable));
  BOOST_TEST(contains(rej.c.reason, "overload: waited over 500 ms"));
  BOOST_TEST(f.ss->stats().overload_queue == 1u);
  BOOST_TEST(f.ss->stats().requests == 0u);
  BOOST_TEST(f.ss->sessions() == 0u);
  // Coming back after its Retry-After it may have waited twice the bound.
  outbox back;
  f.ss->on_envelope(
    waited_for(wire(ss_id, t1, f.b.proto(), f.alice.request()), t0 + 2 * seconds, 900 * ms),
    t0 + 2 * seconds, back);
  BOOST_TEST(auc_sent(back).size() == 1u);
  BOOST_TEST(f.ss->stats().overload_queue == 1u);
}

// Past the AuC bound a new client is refused with a booked slot; a client that comes back after
// such a refusal may use twice the bound.
BOOST_AUTO_TEST_CASE(a_returning_client_may_use_twice_the_auc_bound) {
  softswitch_fixture f{protocol::sip};
  auto c = f.cfg();
  c.admission.max_auc_pending = 1;
  f.ss.emplace(std::move(c), f.rng);
  f.request(); // alice: the one outstanding request
  terminal_wire bob, carol;
  bob.b = carol.b = &f.b;
  bob.identity = "bob@ngn.example";
  carol.identity = "carol@ngn.example";
  auto refused = f.send(bob.request(), t0 + ms);
  BOOST_TEST(auc_sent(refused).empty());
  const auto rej = only_step_to(f.b, refused, t1);
  BOOST_TEST((rej.c.result == code::unavailable));
  BOOST_TEST(rej.c.retry_after == 1u);
  // Bob comes back: admitted (2 outstanding); Carol, new, is not.
  auto back = f.send(bob.request(), t0 + seconds);
  BOOST_TEST(auc_sent(back).size() == 1u);
  BOOST_TEST(auc_sent(f.send(carol.request(), t0 + seconds + ms)).empty());
  BOOST_TEST(f.ss->stats().overload_auc == 2u);
  BOOST_TEST(f.ss->stats().retry_after_max == 1u);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(overload_terminal_unit)

using terminal_fixture = terminal_unit::fixture;

// A registration deferred by the network's Retry-After is not failed for the time it was told to
// wait: its registration timeout counts again from the retry (as the UDP listener's meter does
// for its clients); other transient answers do not move it.
BOOST_AUTO_TEST_CASE(the_registration_timeout_counts_again_from_a_retry_after) {
  terminal_fixture f{protocol::sip};
  f.profile.registration_timeout = 10 * seconds;
  auto req = f.start(t0);
  f.deliver(f.b.unavailable(req, "overload", f.ss_addr, 20), t0 + ms);
  BOOST_TEST(f.term().state() == elements::terminal_state::backing_off);
  BOOST_TEST(f.term().deadline() == t0 + ms + 20 * seconds);
  // Back after 20 s (past the 10 s timeout): it tries again instead of failing.
  f.tick(t0 + ms + 20 * seconds);
  auto again = f.request_in(f.out);
  // Refused again at 25 s: it backs off (1 s) once more, its timeout now ends at 26 + 10 s.
  f.deliver(f.b.unavailable(again, "overload", f.ss_addr, 1), t0 + 25 * seconds);
  BOOST_TEST(f.term().state() == elements::terminal_state::backing_off);
  BOOST_TEST(f.term().deadline() == t0 + 26 * seconds);
  f.tick(f.term().deadline());
  auto third = f.request_in(f.out);
  // A server error (no Retry-After) at 35 s: within the timeout, another back-off.
  f.deliver(f.rejection(third, code::server_error, "busy"), t0 + 35 * seconds);
  BOOST_TEST(f.term().state() == elements::terminal_state::backing_off);
  f.tick(f.term().deadline());
  auto fourth = f.request_in(f.out);
  // At 36 s it has run out.
  f.deliver(f.rejection(fourth, code::server_error, "busy"), t0 + 40 * seconds);
  BOOST_TEST(f.term().state() == elements::terminal_state::failed);
  BOOST_TEST(contains(f.outcome().reason, "registration timeout of 10000 ms"));
}

// Every binding's "unavailable" is back-pressure, with or without a Retry-After to carry: the
// timeout counts again from the retry; an unanswered or erroneous network still runs it out.
BOOST_DATA_TEST_CASE(an_unavailable_answer_moves_the_timeout_in_every_protocol, every_protocol,
                     proto) {
  terminal_fixture f{proto};
  f.profile.registration_timeout = 2 * seconds;
  auto req = f.start(t0);
  f.deliver(f.rejection(req, code::unavailable, "overload"), t0 + 1900 * ms);
  BOOST_REQUIRE(f.term().state() == elements::terminal_state::backing_off);
  const micros retry = f.term().deadline();
  f.tick(retry);
  auto again = f.request_in(f.out);
  // 3.5 s after the first request, but within 2 s of the retry: another back-off, no failure.
  f.deliver(f.rejection(again, code::server_error, "busy"), retry + 1500 * ms);
  BOOST_TEST(f.term().state() == elements::terminal_state::backing_off);
  f.tick(f.term().deadline());
  auto third = f.request_in(f.out);
  // Past 2 s after the retry (the timeout moves in whole seconds, rounded up): it has run out.
  f.deliver(f.rejection(third, code::server_error, "busy"), retry + 3 * seconds);
  BOOST_TEST(f.term().state() == elements::terminal_state::failed);
  BOOST_TEST(contains(f.outcome().reason, "registration timeout of 2000 ms"));
}

BOOST_AUTO_TEST_SUITE_END()
