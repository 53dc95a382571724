// The soft switch's admission (elements/softswitch_fsm.hpp, elements/admission.hpp; the fixture of
// softswitch_support.hpp): the registrar's checks (the domain, the realm), the identity's open
// challenge sent again for an equivalent request, a different request not aborting it, and the
// overload bound on the AuC leg answered "unavailable" (SIP 503 with Retry-After).
#include "softswitch_support.hpp"

#include <boost/test/unit_test.hpp>

using namespace ngn;
using namespace ngn::test;
using namespace ngn::test::unit;
using namespace ngn::test::softswitch_unit;

BOOST_AUTO_TEST_SUITE(softswitch_admission_unit)

BOOST_AUTO_TEST_CASE(a_request_for_another_domain_is_not_admitted) {
  fixture f{protocol::sip};
  f.alice.domain = "other.example";
  auto out = f.send(f.alice.request(), t0);
  auto rej = only_step_to(f.b, out, t1);
  BOOST_TEST(rej.c.result == code::not_found);
  auto r = f.report(out);
  BOOST_TEST(r.db_id == 0);
  BOOST_TEST(r.reason
             == "Request-URI sip:other.example is not in the registrar's domain ngn.example");
  BOOST_TEST(f.ss->stats().not_admitted == 1u);
  BOOST_TEST(f.ss->stats().rejected == 1u);
  BOOST_TEST(f.ss->stats().requests == 0u);
}

BOOST_AUTO_TEST_CASE(credentials_for_another_realm_fail_the_open_challenge) {
  fixture f{protocol::sip};
  auto v = f.vector();
  f.challenged(v);
  dialogue::challenge_fields cf;
  cf.session_id = f.ar.session_id;
  cf.rand = v.rand;
  cf.autn = v.autn;
  cf.realm = "evil.example";
  auto evil = decode_ok(f.b, f.b.challenge(decode_ok(f.b, f.alice.request()), cf));
  f.check_rejected(f.send(f.alice.message(evil, v.res), t0 + 5 * ms), code::forbidden,
                   "credentials for realm 'evil.example', not 'ngn.example'");
  BOOST_TEST(f.ss->stats().not_admitted == 1u);
}

BOOST_AUTO_TEST_CASE(other_bindings_admit_everything) {
  for (auto p : {protocol::mgcp, protocol::h248, protocol::h323}) {
    fixture f{p};
    f.alice.domain = "other.example";
    f.request();
    BOOST_TEST(f.ss->stats().not_admitted == 0u);
  }
}

// Issue 12: a request equivalent to the identity's open challenge (a lost 401, a flood) gets that
// challenge again: no AuC request, no new session (TS 33.203 §6.1: one authentication at a time).
BOOST_DATA_TEST_CASE(an_equivalent_request_gets_the_open_challenge_again, every_protocol, proto) {
  fixture f{proto};
  auto v = f.vector();
  auto ch = f.challenged(v);
  ++f.alice.sequence; // a new transaction, the same registration
  auto out = f.send(f.alice.request(), t0 + 2 * ms);
  BOOST_TEST(auc_sent(out).empty());
  auto again = only_step_to(f.b, out, f.peer());
  BOOST_REQUIRE(again.c.kind == step::challenge);
  BOOST_TEST(again.c.session_id == ch.c.session_id);
  BOOST_TEST((again.c.rand == v.rand));
  BOOST_TEST((again.c.autn == v.autn));
  BOOST_TEST(f.ss->stats().challenges_reused == 1u);
  BOOST_TEST(f.ss->stats().requests == 1u);
  BOOST_TEST(f.ss->sessions() == 1u);
  // The answer to it still succeeds.
  out = f.send(f.alice.message(again, v.res), t0 + 3 * ms);
  auto ok = only_step_to(f.b, out, f.peer());
  BOOST_TEST(ok.c.kind == step::success);
}

// A request that differs (another SPI) does not end the open challenge: it gets its own.
BOOST_DATA_TEST_CASE(a_different_request_does_not_abort_the_open_challenge, every_protocol, proto) {
  fixture f{proto};
  auto v = f.vector();
  f.challenged(v);
  f.alice.spi = 0x0badcafe;
  auto out = f.send(f.alice.request(), t0 + 2 * ms);
  BOOST_TEST(auc_sent(out).size() == 1u);
  BOOST_TEST(f.ss->sessions() == 2u);
  BOOST_TEST(f.ss->stats().challenges_reused == 0u);
}

// Overload control on the AuC leg: past max_auc_pending outstanding requests the answer is the
// binding's "unavailable" (SIP 503), and the AuC is not asked.
BOOST_DATA_TEST_CASE(past_the_auc_bound_requests_are_answered_unavailable, every_protocol, proto) {
  fixture f{proto};
  auto c = f.cfg();
  c.admission.max_auc_pending = 1;
  f.ss.emplace(std::move(c), f.rng);
  f.request();
  terminal_wire bob;
  bob.b = &f.b;
  bob.identity = "bob@ngn.example";
  auto out = f.send(bob.request(), t0 + ms);
  BOOST_TEST(auc_sent(out).empty());
  auto rej = only_step_to(f.b, out, f.peer());
  BOOST_TEST(rej.c.kind == step::rejection);
  BOOST_TEST((rej.c.result == code::unavailable));
  BOOST_TEST(f.ss->stats().overload_auc == 1u);
  BOOST_TEST(f.ss->sessions() == 1u);
}

BOOST_AUTO_TEST_CASE(a_sip_503_says_when_to_come_back) {
  fixture f{protocol::sip};
  auto c = f.cfg();
  c.admission.max_auc_pending = 0;
  f.ss.emplace(std::move(c), f.rng);
  auto out = f.send(f.alice.request(), t0);
  auto to = sent_to(out, t1);
  BOOST_REQUIRE_EQUAL(to.size(), 1u);
  BOOST_TEST(to[0].payload.find("SIP/2.0 503") == 0u);
  BOOST_TEST(to[0].payload.find("\r\nRetry-After: 1\r\n") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
