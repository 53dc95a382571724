// The registration dialogue's outcomes that do not depend on the wire binding (DESIGN.md §1):
// each case runs once for every protocol (SIP, MGCP, H.248, H.323 RAS) and, unless the flow only
// exists in one of them, with and without the security proxy. What the elements end up with and
// what the AuC records is checked here; each protocol's own file checks its wire details
// (registration_test.cpp / attacks_test.cpp, mgcp_flow_test.cpp, h248_flow_test.cpp,
// ras_flow_test.cpp).
#include "harness.hpp"

#include <boost/test/data/monomorphic.hpp>
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <ostream>

using namespace ngn;
using namespace ngn::test;
using storage::session_state;
namespace data = boost::unit_test::data;

namespace {

const ngn::protocol every_protocol[] = {ngn::protocol::sip, ngn::protocol::mgcp,
                                             ngn::protocol::h248, ngn::protocol::h323};
const bool with_and_without_proxy[] = {false, true};

const auto protocols = data::make(every_protocol);
const auto protocols_and_proxies = data::make(every_protocol) * data::make(with_and_without_proxy);

bool contains(const std::string& s, const std::string& what) {
  return s.find(what) != std::string::npos;
}

/// Index in a 3-element trace of the terminal's request carrying the verification word (what an
/// eavesdropper replays): REGISTER with Authorization, NTFY, Notify, RRQ.
std::size_t verification_request_index(ngn::protocol p) {
  switch (p) {
  case ngn::protocol::sip: return 2;
  case ngn::protocol::mgcp: return 4;
  case ngn::protocol::h248: return 3;
  case ngn::protocol::h323: return 2;
  }
  return 0;
}

} // namespace

BOOST_AUTO_TEST_SUITE(every_binding)

// Three elements: terminal and SS share SK. Four: terminal and proxy share it, the SS never
// learns it. Either way the AuC records one established session with the mechanism.
BOOST_DATA_TEST_CASE(the_terminal_shares_the_session_key_with_the_edge_only,
                     protocols_and_proxies, proto, proxy) {
  scenario s{proto, proxy};
  s.start_all();
  s.run();
  auto o = s.outcome(0);
  BOOST_REQUIRE(o);
  BOOST_TEST(o->established, o->reason);
  BOOST_TEST(o->mechanism == "aes-gcm");
  const auto& id = s.subscriber(0).identity;
  const auto* edge_sk = proxy ? s.sp->session_key(id) : s.ss.session_key(id);
  BOOST_REQUIRE(edge_sk != nullptr);
  BOOST_TEST((*edge_sk == s.terminal(0).session_key()));
  if (proxy) BOOST_TEST(s.ss.session_key(id) == nullptr);
  auto est = s.sink.sessions_in(session_state::established);
  BOOST_REQUIRE_EQUAL(est.size(), 1u);
  BOOST_TEST(s.sink.mechanism_of(est[0]) == "aes-gcm");
  BOOST_TEST(s.sink.sqn_of(id) == 32u); // SEQ 1, IND 0
}

BOOST_DATA_TEST_CASE(many_terminals_all_established_with_distinct_keys, protocols_and_proxies,
                     proto, proxy) {
  constexpr std::size_t n = 50;
  scenario s{proto, proxy, n};
  s.start_all();
  s.run();
  for (std::size_t i = 0; i < n; ++i) {
    auto o = s.outcome(i);
    BOOST_REQUIRE(o);
    BOOST_TEST(o->established, o->reason);
  }
  BOOST_TEST(!(s.terminal(0).session_key() == s.terminal(1).session_key()));
  BOOST_TEST(s.sink.sessions_in(session_state::established).size() == n);
  if (proxy) BOOST_TEST(s.sp->registered() == n);
}

BOOST_DATA_TEST_CASE(mechanism_follows_terminal_priorities, protocols_and_proxies, proto, proxy) {
  scenario s{proto, proxy};
  s.profile.offered = {{"hmac-sha256", 800}, {"aes-gcm", 300}};
  s.start_all();
  s.run();
  BOOST_REQUIRE(s.outcome(0));
  BOOST_TEST(s.outcome(0)->established, s.outcome(0)->reason);
  BOOST_TEST(s.outcome(0)->mechanism == "hmac-sha256");
}

BOOST_DATA_TEST_CASE(wrong_kc_at_the_terminal_is_rejected_and_recorded, protocols_and_proxies,
                     proto, proxy) {
  scenario s{proto, proxy};
  s.give_wrong_key(0);
  s.start_all();
  s.run();
  BOOST_REQUIRE(s.outcome(0));
  BOOST_TEST(!s.outcome(0)->established);
  BOOST_TEST(contains(s.outcome(0)->reason, "MAC-A"));
  auto failed = s.sink.sessions_in(session_state::failed);
  BOOST_REQUIRE_EQUAL(failed.size(), 1u);
  BOOST_TEST(contains(s.sink.reason_of(failed[0]), "AUTN"));
}

BOOST_DATA_TEST_CASE(unknown_identity_is_rejected_and_recorded, protocols_and_proxies, proto,
                     proxy) {
  scenario s{proto, proxy};
  s.make_unknown(0);
  s.start_all();
  s.run();
  BOOST_REQUIRE(s.outcome(0));
  BOOST_TEST(!s.outcome(0)->established);
  BOOST_TEST(contains(s.outcome(0)->reason, "404"));
  auto failed = s.sink.sessions_in(session_state::failed);
  BOOST_REQUIRE_EQUAL(failed.size(), 1u);
  BOOST_TEST(s.sink.reason_of(failed[0]) == "unknown identity");
}

// An eavesdropper replays the terminal's verification request after the session completed.
BOOST_DATA_TEST_CASE(replayed_verification_request_is_rejected_and_recorded, protocols, proto) {
  scenario s{proto, false};
  s.start_all();
  s.run();
  BOOST_REQUIRE(s.outcome(0) && s.outcome(0)->established);
  const auto& original = s.trace.at(verification_request_index(proto));
  BOOST_REQUIRE(original.from == scenario::first_terminal);
  BOOST_REQUIRE(original.to == scenario::ss_id);
  const std::string replay = original.bytes;
  const auto attacker = scenario::first_terminal + 7;
  const auto before = s.trace.size();
  s.inject(attacker, scenario::ss_id, proto, replay);
  s.deliver();
  BOOST_TEST(s.trace.size() > before + 1); // the replay and an answer
  BOOST_TEST(s.trace.back().to == attacker);
  BOOST_TEST(s.ss.stats().replays == 1u);
  auto failed = s.sink.sessions_in(session_state::failed);
  BOOST_REQUIRE_EQUAL(failed.size(), 1u);
  BOOST_TEST(contains(s.sink.reason_of(failed[0]), "replay"));
  // The original session stays established.
  BOOST_TEST(s.sink.sessions_in(session_state::established).size() == 1u);
}

BOOST_DATA_TEST_CASE(silent_auc_gives_504_and_the_terminal_gives_up_without_hanging,
                     protocols_and_proxies, proto, proxy) {
  scenario s{proto, proxy};
  s.drop_auc = true;
  s.start_all();
  s.run(300 * ngn::seconds);
  BOOST_REQUIRE(s.outcome(0)); // no hung terminal
  BOOST_TEST(!s.outcome(0)->established);
  BOOST_TEST(contains(s.outcome(0)->reason, "504"));
  BOOST_TEST(s.outcome(0)->attempts == s.profile.max_attempts);
  BOOST_TEST(s.ss.stats().auc_timeouts == s.profile.max_attempts);
}

BOOST_DATA_TEST_CASE(auc_back_after_a_while_the_terminal_completes, protocols_and_proxies, proto,
                     proxy) {
  scenario s{proto, proxy};
  s.drop_auc = true;
  s.start_all();
  s.run(3 * ngn::seconds);
  BOOST_TEST(!s.outcome(0));
  s.drop_auc = false;
  s.run(300 * ngn::seconds);
  BOOST_REQUIRE(s.outcome(0));
  BOOST_TEST(s.outcome(0)->established, s.outcome(0)->reason);
  BOOST_TEST(s.outcome(0)->attempts > 1);
}

BOOST_DATA_TEST_CASE(sqn_out_of_range_resynchronises_then_succeeds, protocols_and_proxies, proto,
                     proxy) {
  scenario s{proto, proxy};
  s.terminal(0).set_sqn_ms(1'000'000); // the USIM saw a much higher SQN than the AuC has
  s.start_all();
  s.run();
  BOOST_REQUIRE(s.outcome(0));
  BOOST_TEST(s.outcome(0)->established, s.outcome(0)->reason);
  BOOST_TEST(s.outcome(0)->resyncs == 1);
  BOOST_TEST(s.sink.count_resyncs() == 1u);
  BOOST_TEST(s.sink.sqn_of(s.subscriber(0).identity) > 1'000'000u);
  BOOST_TEST(s.sink.sessions_in(session_state::established).size() == 1u);
}

BOOST_AUTO_TEST_SUITE_END()
