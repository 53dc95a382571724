// elements/report_sender.hpp alone: reports about an AuC session are kept and sent again with
// exponential back-off until acknowledged, then given up and counted; reports without a session
// are sent once.
#include "unit_support.hpp"

#include "elements/report_sender.hpp"

#include <boost/test/unit_test.hpp>

using namespace ngn;
using namespace ngn::test;
using namespace ngn::test::unit;

namespace {

constexpr element_id auc1 = 1, auc9 = 9;

auc::auth_report report(std::int64_t db_id, std::string reason = "verification words differ") {
  auc::auth_report r;
  r.session_id = ngn::session_id::of_number(17);
  r.db_id = db_id;
  r.identity = "alice@ngn.example";
  r.proto = protocol::h248;
  r.softswitch = "ss1";
  r.reason = std::move(reason);
  r.t_request = t0 - 3;
  return r;
}

elements::report_policy policy(std::uint8_t tries = 20) {
  elements::report_policy p;
  p.retry = 1 * seconds;
  p.retry_max = 4 * seconds;
  p.tries = tries;
  return p;
}

/// The db_ids of the reports in `out`, in order, each checked to go to `to`.
std::vector<std::int64_t> reports_to(const outbox& out, element_id to) {
  std::vector<std::int64_t> ids;
  for (const auto& e : out.messages) {
    BOOST_TEST(e.to == to);
    auto m = auc::decode(e.payload);
    BOOST_REQUIRE(m);
    const auto* r = std::get_if<auc::auth_report>(&*m);
    BOOST_REQUIRE(r != nullptr);
    ids.push_back(r->db_id);
  }
  return ids;
}

using ids = std::vector<std::int64_t>;

} // namespace

BOOST_AUTO_TEST_SUITE(report_sender_unit)

BOOST_AUTO_TEST_CASE(a_report_is_sent_at_once_as_it_was_given) {
  elements::report_sender s{policy()};
  outbox out;
  s.send(auc1, report(5), t0, out);
  BOOST_REQUIRE_EQUAL(out.messages.size(), 1u);
  BOOST_TEST(out.messages[0].to == auc1);
  BOOST_TEST((out.messages[0].kind == elements::envelope_kind::auc));
  auto r = only_auc<auc::auth_report>(out);
  BOOST_TEST(r.db_id == 5);
  BOOST_TEST(r.session_id == ngn::session_id::of_number(17));
  BOOST_TEST(r.identity == "alice@ngn.example");
  BOOST_TEST(r.proto == protocol::h248);
  BOOST_TEST(r.reason == "verification words differ");
  BOOST_TEST(r.t_request == t0 - 3);
  BOOST_TEST(s.unacknowledged() == 1u);
}

BOOST_AUTO_TEST_CASE(a_report_without_a_session_is_sent_once) {
  elements::report_sender s{policy()};
  outbox out;
  s.send(auc1, report(0), t0, out);
  BOOST_TEST(out.messages.size() == 1u);
  BOOST_TEST(s.unacknowledged() == 0u);
  out.clear();
  s.on_tick(t0 + 100 * seconds, out);
  BOOST_TEST(out.empty());
  BOOST_TEST(s.resent() == 0u);
}

BOOST_AUTO_TEST_CASE(unacknowledged_reports_are_sent_again_with_doubling_intervals) {
  elements::report_sender s{policy()};
  outbox out;
  s.send(auc1, report(5), t0, out);
  out.clear();
  // Due after 1 s, then 2 s, 4 s, 4 s (capped).
  micros at = t0;
  for (micros interval : {1 * seconds, 2 * seconds, 4 * seconds, 4 * seconds}) {
    s.on_tick(at + interval - 1, out);
    BOOST_TEST(out.empty());
    s.on_tick(at + interval, out);
    BOOST_TEST((reports_to(out, auc1) == ids{5}));
    out.clear();
    at += interval;
  }
  BOOST_TEST(s.resent() == 4u);
  BOOST_TEST(s.unacknowledged() == 1u);
}

BOOST_AUTO_TEST_CASE(an_acknowledged_report_is_not_sent_again) {
  elements::report_sender s{policy()};
  outbox out;
  s.send(auc1, report(5), t0, out);
  s.send(auc1, report(6), t0, out);
  s.acknowledged(auc::report_ack{5, auc::acked::auth_report}, t0, out);
  s.acknowledged(auc::report_ack{77, auc::acked::auth_report}, t0, out); // unknown: no effect
  BOOST_TEST(s.unacknowledged() == 1u);
  out.clear();
  s.on_tick(t0 + seconds, out);
  BOOST_TEST((reports_to(out, auc1) == ids{6}));
  s.acknowledged(auc::report_ack{6, auc::acked::auth_report}, t0, out);
  out.clear();
  s.on_tick(t0 + 60 * seconds, out);
  BOOST_TEST(out.empty());
  BOOST_TEST(s.unacknowledged() == 0u);
  BOOST_TEST(s.resent() == 1u);
}

BOOST_AUTO_TEST_CASE(after_every_try_a_report_is_given_up_and_counted_lost) {
  elements::report_sender s{policy(3)};
  outbox out;
  s.send(auc1, report(5), t0, out); // try 1
  s.on_tick(t0 + 1 * seconds, out); // try 2
  s.on_tick(t0 + 3 * seconds, out); // try 3
  BOOST_TEST(out.messages.size() == 3u);
  BOOST_TEST(s.lost() == 0u);
  out.clear();
  s.on_tick(t0 + 7 * seconds, out); // due again: no try left
  BOOST_TEST(out.empty());
  BOOST_TEST(s.lost() == 1u);
  BOOST_TEST(s.resent() == 2u);
  BOOST_TEST(s.unacknowledged() == 0u);
  s.on_tick(t0 + 60 * seconds, out);
  BOOST_TEST(out.empty());
  BOOST_TEST(s.lost() == 1u);
}

BOOST_AUTO_TEST_CASE(a_report_given_again_restarts_its_schedule) {
  elements::report_sender s{policy()};
  outbox out;
  s.send(auc1, report(5, "first"), t0, out);
  s.send(auc1, report(5, "second"), t0 + 500 * ms, out);
  BOOST_TEST(s.unacknowledged() == 1u);
  out.clear();
  s.on_tick(t0 + seconds, out); // the first schedule is outdated
  BOOST_TEST(out.empty());
  s.on_tick(t0 + 1500 * ms, out);
  BOOST_TEST(only_auc<auc::auth_report>(out).reason == "second");
  BOOST_TEST(s.resent() == 1u);
}

BOOST_AUTO_TEST_CASE(each_report_goes_again_to_its_own_auc_in_due_order) {
  elements::report_sender s{policy()};
  outbox out;
  s.send(auc9, report(9), t0, out);
  s.send(auc1, report(1), t0 + 100 * ms, out);
  out.clear();
  s.on_tick(t0 + 5 * seconds, out); // both due: earliest first
  BOOST_REQUIRE_EQUAL(out.messages.size(), 2u);
  BOOST_TEST(out.messages[0].to == auc9);
  BOOST_TEST(out.messages[1].to == auc1);
  BOOST_TEST(s.resent() == 2u);
}

BOOST_AUTO_TEST_CASE(the_default_policy) {
  const elements::report_policy p;
  BOOST_TEST(p.retry == 1 * seconds);
  BOOST_TEST(p.retry_max == 8 * seconds);
  BOOST_TEST(p.tries == 20u);
}

BOOST_AUTO_TEST_SUITE_END()
