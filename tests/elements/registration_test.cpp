// Whole registrations through the pure state machines (DESIGN.md §1): the SIP messages of the
// 3-element and the 4-element flow, a proxy relaying every protocol at once, and the AuC holding
// a challenge until its SQN is committed (DESIGN.md §4). Every case every protocol shares:
// scenario_test.cpp.
#include "harness.hpp"

#include "protocols/sip/message.hpp"

#include <boost/test/unit_test.hpp>

using namespace ngn;
using namespace ngn::test;
using storage::session_state;

BOOST_AUTO_TEST_SUITE(registration)

BOOST_AUTO_TEST_CASE(three_elements_flow_on_the_wire) {
  scenario s{ngn::protocol::sip, false};
  BOOST_REQUIRE_MESSAGE(s.register_all(), s.failures());
  // Four SIP messages on the wire: REGISTER, 401, REGISTER, 200.
  BOOST_TEST(s.trace.size() == 4u);
}

BOOST_AUTO_TEST_CASE(four_elements_flow_on_the_wire) {
  scenario s{ngn::protocol::sip, true};
  BOOST_REQUIRE_MESSAGE(s.register_all(), s.failures());
  BOOST_TEST(s.trace.size() == 8u);
  // What reaches the terminal carries no proxy copy of SK; what the SS sent did.
  const auto& ss_to_sp = s.trace[6];
  const auto& sp_to_t = s.trace[7];
  BOOST_TEST(ss_to_sp.bytes.find("pkey=") != std::string::npos);
  BOOST_TEST(sp_to_t.bytes.find("pkey=") == std::string::npos);
  BOOST_TEST(sp_to_t.bytes.find("mac=") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_proxy_relaying_four_protocols_at_once_routes_every_answer_back) {
  // The proxy's hop transaction ids of different protocols share one counter: a RAS
  // requestSeqNum and a SIP branch with the same number are distinct transactions, and every
  // answer reaches its terminal with the terminal's own id on the first attempt.
  scenario s{ngn::protocol::sip, true, 64, true};
  s.start_all();
  s.run();
  for (std::size_t i = 0; i < 64; ++i) {
    BOOST_TEST_CONTEXT("terminal " << i << " protocol " << ngn::to_string(static_cast<ngn::protocol>(i % 4))) {
      auto o = s.outcome(i);
      BOOST_REQUIRE(o);
      BOOST_TEST(o->established, o->reason);
      BOOST_TEST(o->attempts == 1u);
    }
  }
  BOOST_TEST(s.sink.sessions_in(session_state::established).size() == 64u);
}

BOOST_AUTO_TEST_CASE(challenge_is_held_until_its_sqn_is_committed) {
  scenario s{ngn::protocol::sip, false};
  s.hold_commits = true;
  s.start_all();
  s.deliver();
  // REGISTER reached the SS, the AuC made the vector, but nothing left the AuC.
  BOOST_TEST(s.trace.size() == 1u);
  BOOST_TEST(s.auc.held() == 1u);
  s.hold_commits = false;
  s.run();
  BOOST_REQUIRE(s.outcome(0));
  BOOST_TEST(s.outcome(0)->established);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(auc_storage)

BOOST_AUTO_TEST_CASE(a_challenge_whose_sqn_was_refused_by_the_database_is_never_released) {
  scenario s{ngn::protocol::sip, false};
  s.hold_commits = true;
  s.start_all();
  s.deliver();
  BOOST_REQUIRE_EQUAL(s.auc.held(), 1u);
  elements::outbox out;
  s.auc.on_rejected(s.sink.ticket, "UNIQUE constraint failed", out);
  BOOST_TEST(s.auc.held() == 0u);
  BOOST_REQUIRE_EQUAL(out.messages.size(), 1u);
  const auto reply = auc::decode(out.messages[0].payload);
  BOOST_REQUIRE(reply);
  const auto* v = std::get_if<auc::auth_vector>(&*reply);
  BOOST_REQUIRE(v != nullptr);
  BOOST_TEST((v->result == auc::status::unavailable));
  // A later commit of that ticket releases nothing.
  out.clear();
  s.auc.on_committed(s.sink.ticket, out);
  BOOST_TEST(out.messages.empty());
}

BOOST_AUTO_TEST_SUITE_END()
