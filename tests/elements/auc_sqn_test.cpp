// The AuC's sequence numbers (elements/auc_fsm.hpp, TS 33.102 §6.3.5 and Annex C, issue 12 item
// 4), with the fixture of auc_support.hpp: resynchronisation with AUTS (good, bad, for no open
// session, never below the stored SQN), SQN = SEQ ‖ IND strictly increasing, and the end of the
// SQN space refused instead of wrapped.
#include "auc_support.hpp"

#include "elements/reasons.hpp"

#include <boost/test/unit_test.hpp>

using namespace ngn;
using namespace ngn::test;
using namespace ngn::test::unit;
using namespace ngn::test::auc_unit;
using storage::session_state;

BOOST_AUTO_TEST_SUITE(auc_sqn_unit)

BOOST_AUTO_TEST_CASE(a_good_auts_resynchronises_and_gives_a_fresh_challenge) {
  fixture f;
  auto v = f.challenge();
  crypto::milenage m{f.sub.k, f.sub.opc.raw()};
  auc::resync_request r;
  r.session_id = ngn::session_id::of_number(9);
  r.db_id = v.db_id;
  r.identity = f.sub.identity;
  r.rand = v.rand;
  r.auts = crypto::make_auts(m, v.rand, 1'000'000);
  r.t = t0 + seconds;
  const auto ops_before = f.sink.ops.size();
  auto out = f.send(auc::message{r}, t0 + seconds);
  BOOST_TEST(out.empty()); // held until committed, like every challenge
  BOOST_TEST(f.fsm.stats().resyncs == 1u);
  BOOST_REQUIRE_EQUAL(f.sink.ops.size(), ops_before + 2);
  const auto* sqn = as<storage::sqn_update>(f.sink.ops[ops_before]);
  const auto* rs = as<storage::session_resync>(f.sink.ops[ops_before + 1]);
  BOOST_REQUIRE(sqn != nullptr);
  BOOST_REQUIRE(rs != nullptr);
  // SQN_MS = 1'000'000 is SEQ 31250: the next SEQ 31251, IND 31251 mod 32 = 19.
  BOOST_TEST(sqn->sqn == 1'000'032u + 19u);
  BOOST_TEST(rs->id == v.db_id);
  BOOST_TEST(rs->t_challenge == t0 + seconds);
  auto fresh = only_auc<auc::auth_vector>(f.commit(f.sink.ticket));
  BOOST_TEST(fresh.result == auc::status::ok);
  BOOST_TEST(fresh.db_id == v.db_id);
  BOOST_TEST(fresh.session_id == ngn::session_id::of_number(9));
  BOOST_TEST((fresh.rand != v.rand));
  BOOST_TEST((rs->rand == bytes(fresh.rand.begin(), fresh.rand.end())));
  BOOST_TEST(f.sqn_of(fresh) == 1'000'051u);
  BOOST_TEST(f.fsm.open_sessions() == 1u);
  // A resynchronisation to an SQN below the AuC's keeps the AuC's.
  r.rand = fresh.rand;
  r.auts = crypto::make_auts(m, fresh.rand, 5);
  f.send(auc::message{r}, t0 + 2 * seconds);
  auto third = only_auc<auc::auth_vector>(f.commit(f.sink.ticket));
  BOOST_TEST(f.sqn_of(third) == 1'000'064u + 20u);
}

// Issue 12 item 4, TS 33.102 Annex C.1.1: SQN = SEQ ‖ IND, SEQ one above the last, IND round-robin
// over the a = 32 entries; every SQN the AuC commits is the one in AUTN and above all before it.
BOOST_AUTO_TEST_CASE(sqns_are_seq_and_ind_and_strictly_increasing) {
  fixture f;
  std::uint64_t last = 0;
  for (std::uint32_t i = 1; i <= 2 * crypto::ind_entries + 3; ++i) {
    const auto ops_before = f.sink.ops.size();
    const std::uint64_t sqn = f.sqn_of(f.challenge(100 + i));
    const auto* u = as<storage::sqn_update>(f.sink.ops[ops_before]);
    BOOST_REQUIRE(u != nullptr);
    BOOST_TEST(u->sqn == sqn);
    BOOST_TEST(crypto::seq_of(sqn) == i);
    BOOST_TEST(crypto::ind_of(sqn) == i % crypto::ind_entries);
    BOOST_TEST(sqn > last);
    last = sqn;
  }
}

namespace {
/// The fixture's subscriber, provisioned with `stored` as its highest SQN issued.
void provision_at(fixture& f, std::uint64_t stored) {
  elements::auc_subscriber s;
  s.k = f.sub.k;
  s.opc = f.sub.opc;
  s.sqn = stored;
  f.fsm.add_subscriber(f.sub.identity, s);
}
} // namespace

// Issue 12 item 4: at the end of the SQN space the AuC refuses instead of wrapping (before: after
// 2^48 − 1 it issued SQN 32 again). SEQ = seq_max − 1 gets one more vector, SEQ = seq_max none.
BOOST_AUTO_TEST_CASE(at_the_end_of_the_sqn_space_the_auc_refuses_instead_of_wrapping) {
  for (const std::uint64_t stored : {crypto::make_sqn(crypto::seq_max - 1, 7),
                                     crypto::make_sqn(crypto::seq_max - 1, 31)}) {
    fixture f;
    provision_at(f, stored);
    const std::uint64_t sqn = f.sqn_of(f.challenge(1)); // one more
    BOOST_TEST(crypto::seq_of(sqn) == crypto::seq_max);
    BOOST_TEST(sqn > stored);
    BOOST_TEST(f.sink.sqn_of(f.sub.identity) == sqn);
    const auto ops_before = f.sink.ops.size();
    auto v = only_auc<auc::auth_vector>(f.send(auc::message{f.request(2)})); // at once
    BOOST_TEST(v.result == auc::status::sqn_exhausted);
    BOOST_TEST(v.db_id != 0);
    BOOST_TEST(state(f.sink, v.db_id) == "failed");
    const std::string reason = f.sink.reason_of(v.db_id);
    BOOST_TEST(reason.rfind(std::string(elements::reason_text(
                              elements::reason_code::sqn_exhausted)), 0) == 0u, reason);
    BOOST_TEST(reason.find(f.sub.identity) != std::string::npos, reason);
    BOOST_TEST(f.sink.following(v.db_id).reason_code
               == static_cast<std::uint32_t>(elements::reason_code::sqn_exhausted));
    for (auto i = ops_before; i < f.sink.ops.size(); ++i)
      BOOST_TEST(as<storage::sqn_update>(f.sink.ops[i]) == nullptr); // no SQN written
    BOOST_TEST(f.fsm.find_subscriber(f.sub.identity)->sqn == sqn);
    BOOST_TEST(f.fsm.held() == 0u);
  }
  // Provisioned at the very end (2^48 − 1, or 2^48 − 2: SEQ at its maximum as well): refused.
  for (const std::uint64_t stored : {crypto::sqn_max, crypto::sqn_max - 1}) {
    fixture f;
    provision_at(f, stored);
    auto v = only_auc<auc::auth_vector>(f.send(auc::message{f.request(2)}));
    BOOST_TEST(v.result == auc::status::sqn_exhausted);
    BOOST_TEST(f.sink.sqn_of(f.sub.identity) == 0u);
    BOOST_TEST(f.fsm.find_subscriber(f.sub.identity)->sqn == stored);
  }
}

// Issue 12 item 4: after AUTS the AuC continues above the higher of SQN_MS and the stored SQN,
// and a resynchronisation to the end of the SQN space is refused, never wrapped.
BOOST_AUTO_TEST_CASE(a_resync_never_goes_below_the_stored_sqn_nor_wraps) {
  fixture f;
  elements::auc_subscriber s;
  s.k = f.sub.k;
  s.opc = f.sub.opc;
  s.sqn = crypto::make_sqn(5000, 3);
  f.fsm.add_subscriber(f.sub.identity, s);
  auto v = f.challenge();
  const std::uint64_t issued = f.sqn_of(v);
  BOOST_TEST(crypto::seq_of(issued) == 5001u);
  crypto::milenage m{f.sub.k, f.sub.opc.raw()};
  auc::resync_request r;
  r.session_id = ngn::session_id::of_number(9);
  r.db_id = v.db_id;
  r.identity = f.sub.identity;
  r.rand = v.rand;
  r.auts = crypto::make_auts(m, v.rand, crypto::make_sqn(40, 9)); // SQN_MS below the stored
  f.send(auc::message{r}, t0 + seconds);
  auto fresh = only_auc<auc::auth_vector>(f.commit(f.sink.ticket));
  BOOST_TEST(fresh.result == auc::status::ok);
  BOOST_TEST(crypto::seq_of(f.sqn_of(fresh)) == 5002u);
  // SQN_MS at the end of the space: the session fails with the reason, nothing is issued.
  r.rand = fresh.rand;
  r.auts = crypto::make_auts(m, fresh.rand, crypto::sqn_max);
  const auto ops_before = f.sink.ops.size();
  auto a = only_auc<auc::auth_vector>(f.send(auc::message{r}, t0 + 2 * seconds));
  BOOST_TEST(a.result == auc::status::sqn_exhausted);
  BOOST_TEST(state(f.sink, v.db_id) == "failed");
  BOOST_TEST(f.sink.following(v.db_id).reason_code
             == static_cast<std::uint32_t>(elements::reason_code::sqn_exhausted));
  for (auto i = ops_before; i < f.sink.ops.size(); ++i)
    BOOST_TEST(as<storage::sqn_update>(f.sink.ops[i]) == nullptr);
  BOOST_TEST(f.sink.sqn_of(f.sub.identity) == f.sqn_of(fresh));
  BOOST_TEST(f.fsm.open_sessions() == 0u);
}

BOOST_AUTO_TEST_CASE(a_bad_auts_fails_the_session) {
  fixture f;
  auto v = f.challenge();
  crypto::milenage m{f.sub.k, f.sub.opc.raw()};
  auc::resync_request r;
  r.session_id = ngn::session_id::of_number(9);
  r.db_id = v.db_id;
  r.identity = f.sub.identity;
  r.rand = v.rand;
  r.auts = crypto::make_auts(m, v.rand, 1'000'000);
  r.auts[13] ^= 0x01; // MAC-S
  auto out = f.send(auc::message{r}, t0 + seconds);
  auto a = only_auc<auc::auth_vector>(out);
  BOOST_TEST(a.result == auc::status::resync_failed);
  BOOST_TEST(a.db_id == v.db_id);
  BOOST_TEST(state(f.sink, v.db_id) == "failed");
  BOOST_TEST(f.sink.reason_of(v.db_id) == "resynchronisation failed: AUTS MAC-S mismatch");
  BOOST_TEST(f.fsm.stats().failed == 1u);
  BOOST_TEST(f.fsm.stats().resyncs == 0u);
  BOOST_TEST(f.fsm.open_sessions() == 0u);
  BOOST_TEST(f.fsm.find_subscriber(f.sub.identity)->sqn == 33u);
}

BOOST_AUTO_TEST_CASE(a_resync_for_no_open_session_is_refused) {
  fixture f;
  auto v = f.challenge();
  auc::resync_request r;
  r.session_id = ngn::session_id::of_number(9);
  r.db_id = v.db_id + 1; // no such session
  r.identity = f.sub.identity;
  r.rand = v.rand;
  auto a = only_auc<auc::auth_vector>(f.send(auc::message{r}));
  BOOST_TEST(a.result == auc::status::unknown_session);
  r.db_id = v.db_id;
  r.identity = "bob@ngn.example"; // another subscriber's session
  a = only_auc<auc::auth_vector>(f.send(auc::message{r}));
  BOOST_TEST(a.result == auc::status::unknown_session);
  BOOST_TEST(f.fsm.open_sessions() == 1u);
}

BOOST_AUTO_TEST_SUITE_END()
