// Overload control and flood bounds (issue 12): the soft switch's admission bookkeeping
// (elements/admission.hpp), the AuC's refusal aggregation (elements/refusal_meter.hpp) and the
// AuC writing counted refusals instead of a session row each.
#include "unit_support.hpp"

#include "actors/listener_id.hpp"
#include "elements/admission.hpp"
#include "elements/auc_fsm.hpp"
#include "elements/refusal_meter.hpp"

#include <boost/test/unit_test.hpp>

using namespace ngn;
using namespace ngn::test;
using namespace ngn::test::unit;

namespace {
/// Session `n` (a 128-bit id whose last 32 bits are n).
ngn::session_id sid(std::uint32_t n) { return ngn::session_id::of_number(n); }
} // namespace

BOOST_AUTO_TEST_SUITE(admission_unit)

BOOST_AUTO_TEST_CASE(the_auc_bound_counts_sessions_waiting_for_the_auc) {
  elements::admission a{{2, 4, 100}};
  BOOST_TEST((a.check("a", 1) == elements::admission_refusal::none));
  a.opened(sid(1), "a", 1);
  a.awaiting_auc(sid(1), true);
  a.opened(sid(2), "b", 2);
  a.awaiting_auc(sid(2), true);
  BOOST_TEST(a.auc_pending() == 2u);
  BOOST_TEST((a.check("c", 3) == elements::admission_refusal::auc_pending));
  a.awaiting_auc(sid(1), false); // challenged: no longer waiting for the AuC
  a.awaiting_auc(sid(1), false); // twice changes nothing
  BOOST_TEST(a.auc_pending() == 1u);
  BOOST_TEST((a.check("c", 3) == elements::admission_refusal::none));
  a.closed(sid(2));
  a.closed(sid(2));
  BOOST_TEST(a.auc_pending() == 0u);
  BOOST_TEST(a.open() == 1u);
  a.closed(sid(1));
  BOOST_TEST(a.open() == 0u);
  BOOST_TEST(a.latest("a").none());
}

BOOST_AUTO_TEST_CASE(identity_and_source_bounds) {
  elements::admission a{{100, 2, 3}};
  a.opened(sid(1), "a", 7);
  a.opened(sid(2), "a", 7);
  BOOST_TEST(a.latest("a") == sid(2));
  BOOST_TEST((a.check("a", 8) == elements::admission_refusal::identity));
  a.opened(sid(3), "b", 7);
  BOOST_TEST((a.check("c", 7) == elements::admission_refusal::source));
  BOOST_TEST((a.check("c", 8) == elements::admission_refusal::none));
  a.closed(sid(1));
  BOOST_TEST((a.check("a", 8) == elements::admission_refusal::none));
  BOOST_TEST((a.check("c", 7) == elements::admission_refusal::none));
  BOOST_TEST(a.latest("a") == sid(2));
}

BOOST_AUTO_TEST_CASE(a_listener_clients_source_is_its_address_whatever_the_port) {
  const auto c1 = actors::listener_client_id(0, 0x7f000002u, 5060);
  const auto c2 = actors::listener_client_id(0, 0x7f000002u, 40000);
  const auto c3 = actors::listener_client_id(0, 0x7f000003u, 5060);
  BOOST_TEST(elements::admission::source_of(c1, elements::no_element)
             == elements::admission::source_of(c2, elements::no_element));
  BOOST_TEST(elements::admission::source_of(c1, elements::no_element)
             != elements::admission::source_of(c3, elements::no_element));
  // Relayed by a proxy: the origin (the client) is the source, not the proxy.
  BOOST_TEST(elements::admission::source_of(sp_id, c2)
             == elements::admission::source_of(c1, elements::no_element));
  BOOST_TEST(elements::admission::source_of(t1, elements::no_element) == t1);
}

BOOST_AUTO_TEST_CASE(refusals_are_counted_per_bound) {
  elements::admission a;
  a.refused(elements::admission_refusal::identity);
  a.refused(elements::admission_refusal::identity);
  a.refused(elements::admission_refusal::source);
  a.refused(elements::admission_refusal::none); // admitted: not a refusal
  BOOST_TEST(a.refusals(elements::admission_refusal::identity) == 2u);
  BOOST_TEST(a.refusals(elements::admission_refusal::source) == 1u);
  BOOST_TEST(a.refusals(elements::admission_refusal::auc_pending) == 0u);
  BOOST_TEST(a.refusals(elements::admission_refusal::none) == 0u);
}

BOOST_AUTO_TEST_CASE(the_refusal_meter_keeps_a_row_budget_per_reason_and_second) {
  elements::refusal_meter m{"auc1", 2};
  const micros s0 = 1'700'000'000'000'000;
  BOOST_TEST(m.admit_row(15, s0));
  BOOST_TEST(m.admit_row(15, s0 + 10));
  BOOST_TEST(!m.admit_row(15, s0 + 20));  // over the budget of reason 15
  BOOST_TEST(m.admit_row(21, s0 + 30));   // another reason has its own
  m.count(15, "unknown identity", "ss1", "x@ngn.example", s0 + 20);
  m.count(15, "unknown identity", "ss1", "y@ngn.example", s0 + 40);
  BOOST_TEST(m.admit_row(15, s0 + 1'000'000)); // the next second: a new budget
  m.count(15, "unknown identity", "ss1", "z@ngn.example", s0 + 1'000'001);
  BOOST_TEST(m.flush(s0 + 500'000).empty()); // the second is not over
  auto done = m.flush(s0 + 1'000'500);
  BOOST_REQUIRE_EQUAL(done.size(), 1u);
  BOOST_TEST(done[0].interval_start == s0 - s0 % 1'000'000);
  BOOST_TEST(done[0].count == 2u);
  BOOST_TEST(done[0].reason_code == 15u);
  BOOST_TEST(done[0].sample_identity == "x@ngn.example");
  BOOST_TEST(done[0].auc == "auc1");
  auto rest = m.flush(s0 + 1'000'500, true);
  BOOST_REQUIRE_EQUAL(rest.size(), 1u);
  BOOST_TEST(rest[0].count == 1u);
  BOOST_TEST(m.counted() == 3u);
  BOOST_TEST(m.flush(s0 + 9'000'000, true).empty());
}

BOOST_AUTO_TEST_CASE(the_refusal_meter_records_a_row_within_the_budget_else_counts) {
  elements::refusal_meter m{"auc1", 1};
  const micros s0 = 1'700'000'000'000'000;
  BOOST_TEST(m.record(15, "unknown identity", "ss1", "x@ngn.example", s0));      // its row
  BOOST_TEST(!m.record(15, "unknown identity", "ss1", "y@ngn.example", s0 + 1)); // counted
  BOOST_TEST(!m.record(15, "unknown identity", "ss1", "z@ngn.example", s0 + 2)); // counted
  BOOST_TEST(m.rows() == 1u);
  BOOST_TEST(m.counted() == 2u);
  auto done = m.flush(s0, true);
  BOOST_REQUIRE_EQUAL(done.size(), 1u);
  BOOST_TEST(done[0].count == 2u);
  BOOST_TEST(done[0].sample_identity == "y@ngn.example"); // the first one counted
}

BOOST_AUTO_TEST_CASE(a_flood_of_unknown_identities_is_counted_not_a_row_each) {
  recording_sink sink;
  seeded_random rng{5};
  elements::auc_config c;
  c.name = "auc1";
  c.refusal_rows_per_second = 3;
  elements::auc_fsm fsm{c, rng, sink};
  fsm.add_element("ss1", "softswitch", make_key(7));
  const micros now = 1'700'000'000'000'000;
  for (std::uint32_t i = 1; i <= 50; ++i) {
    auc::auth_request r;
    r.session_id = sid(i);
    r.identity = "flood" + std::to_string(i) + "@ngn.example";
    r.proto = protocol::sip;
    r.softswitch = "ss1";
    outbox out;
    fsm.on_envelope(auc_envelope(auc_id, ss_id, auc::message{r}), now + i, out);
    // Every request is still answered (the soft switch answers 404).
    auto v = only_auc<auc::auth_vector>(out);
    BOOST_TEST((v.result == auc::status::unknown_identity));
  }
  std::size_t inserts = 0;
  for (const auto& op : sink.ops) inserts += std::holds_alternative<storage::session_insert>(op);
  BOOST_TEST(inserts == 3u);
  BOOST_TEST(fsm.refusals_counted() == 47u);
  outbox out;
  fsm.on_tick(now + 2 * seconds, out);
  std::uint64_t counted = 0;
  std::size_t rows = 0;
  for (const auto& op : sink.ops)
    if (auto* r = std::get_if<storage::refusal_insert>(&op)) {
      ++rows;
      counted += r->count;
      BOOST_TEST(r->reason == "unknown identity");
      BOOST_TEST(r->sample_source == "ss1");
    }
  BOOST_TEST(rows == 1u);
  BOOST_TEST(counted == 47u);
}

BOOST_AUTO_TEST_SUITE_END()
