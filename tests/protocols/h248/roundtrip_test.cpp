// Round trip in both directions on constructed models covering every element of the subset:
// parse(encode(m)) == m, and encode(parse(encode(m))) == encode(m).
#include "tests/protocols/h248/golden.hpp"

#include <boost/test/unit_test.hpp>

using namespace ngn;
using namespace ngn::h248;

namespace {

void expect_round_trip(const message& m) {
  auto text = encode(m);
  BOOST_TEST_REQUIRE(text.ok(), (text.ok() ? "" : text.error().describe()));
  auto back = parse(*text);
  BOOST_TEST_REQUIRE(back.ok(), (back.ok() ? "" : back.error().describe() + "\n" + *text));
  BOOST_TEST((*back == m), *text);
  auto again = encode(*back);
  BOOST_TEST_REQUIRE(again.ok());
  BOOST_TEST(*again == *text);
}

message everything_request() {
  message m;
  m.version = 2;
  m.mid = "<mg1.example.net>:2944";

  service_change_parm p;
  p.method = service_change_method::extension;
  p.method_extension = "X-NGN";
  p.reason = "903 MGC Directed Change; see {notes}, #1 = <x>";
  p.delay = 4294967295u;
  p.mgc_id = "[2001:db8::1]:2944";
  p.profile = service_change_profile{"ResGW_v2", 99};
  p.version = 3;
  p.timestamp = time_notation{"20240101", "12000000"};
  p.extensions.push_back(make_parameter("X+AB12", "plain-value"));
  p.extensions.push_back(make_parameter("X-Q", "a, b; c")); // quoted by make_parameter

  amm_request add;
  add.kind = amm_kind::add;
  add.termination_id = "*gw/line$1@host-a.example";
  std::vector<parameter> on_params{make_parameter("strict", "exact"),
                                    make_uint_parameter("Stream", 1)};
  add.events = make_events(all_request_id, {requested_event{"pkg/*", {}},
                                            requested_event{"*/*", {}},
                                            requested_event{"al/on", on_params}});
  add.signals = signals_descriptor{};

  amm_request move;
  move.kind = amm_kind::move;
  move.termination_id = "$";
  move.signals = make_signals({signal_request{"cg/rt", {make_parameter("SignalType", "Brief"),
                                                         make_parameter("Duration", "100")}},
                               signal_request{"an/apf", {}}});

  amm_request modify;
  modify.kind = amm_kind::modify;
  modify.termination_id = "*";
  modify.events = events_descriptor{};

  notify_request n;
  n.termination_id = "A4444";
  n.observed_events.request_id = 0;
  n.observed_events.events.push_back(observed_event{"dd/ce", {make_parameter("ds", "12345")}, {}});
  n.observed_events.events.push_back(
    observed_event{"xsec/resp", {make_parameter("secm", "digest;q=0.3 tls;q=0.2")},
                   time_notation{"19991231", "23595999"}});
  n.error = error_descriptor{500, ""};

  action_request a1{12345, {make_service_change("ROOT", p), command_request{add}}};
  action_request a2{choose_context_id, {command_request{move}, command_request{modify},
                                        command_request{subtract_request{"A1"}}}};
  action_request a3{all_context_id, {command_request{n}}};
  m.transactions.push_back(transaction_request{0, {a1, a2}});
  m.transactions.push_back(transaction_request{4294967295u, {a3}});
  m.transactions.push_back(transaction_pending{77});
  return m;
}

message everything_reply() {
  message m;
  m.version = 3;
  m.mid = "MTP{0A0B0c}";

  service_change_res_parm r;
  r.mgc_id = "mgc_1";
  r.timestamp = time_notation{"20240101", "00000000"};
  transaction_reply t1;
  t1.transaction_id = 5;
  t1.imm_ack_required = true;
  t1.action_replies.push_back(action_reply{
    null_context_id,
    {make_service_change_reply("ROOT", r),
     make_service_change_reply("ROOT", error_descriptor{501, "Not Implemented"}),
     make_service_change_reply("ROOT", service_change_res_parm{}),
     make_modify_reply("A1", std::nullopt, amms_kind::add),
     make_modify_reply("A2", error_descriptor{430, "Unknown TerminationID"}, amms_kind::move),
     make_modify_reply("A3", std::nullopt, amms_kind::subtract),
     make_notify_reply("A4", error_descriptor{402, "Unauthorized"}),
     // terminationAudit with an ObservedEvents descriptor, alone and after an Error.
     amms_reply{amms_kind::modify, "A5", std::nullopt,
                observed_events_descriptor{9, {observed_event{"xsec/resp", {}, {}}}}},
     amms_reply{amms_kind::modify, "A6", error_descriptor{402, "key refused"},
                observed_events_descriptor{
                  10, {observed_event{"xsec/resp", {make_parameter("vw", "0011")}, {}}}}}},
    error_descriptor{400, "trailing error"}});
  t1.action_replies.push_back(action_reply{7, {}, error_descriptor{411, "only an error"}});

  transaction_reply t2;
  t2.transaction_id = 6;
  t2.imm_ack_required = true;
  t2.error = error_descriptor{9999, "\xc3\xa9t\xc3\xa9 UTF-8 \t tab"};

  m.transactions.push_back(t1);
  m.transactions.push_back(t2);
  m.transactions.push_back(transaction_pending{0});
  return m;
}

} // namespace

BOOST_AUTO_TEST_SUITE(h248_roundtrip)

BOOST_AUTO_TEST_CASE(golden_models) {
  for (const auto& s : golden::all()) {
    BOOST_TEST_CONTEXT(s.name) { expect_round_trip(s.model()); }
  }
}

BOOST_AUTO_TEST_CASE(every_request_element) { expect_round_trip(everything_request()); }

BOOST_AUTO_TEST_CASE(every_reply_element) { expect_round_trip(everything_reply()); }

BOOST_AUTO_TEST_CASE(every_service_change_method) {
  for (auto method : {service_change_method::failover, service_change_method::forced,
                      service_change_method::graceful, service_change_method::restart,
                      service_change_method::disconnected, service_change_method::handoff}) {
    service_change_parm p = make_restart("900 Service Restored");
    p.method = method;
    expect_round_trip(make_request("mg", 1, make_service_change("ROOT", p)));
  }
}

BOOST_AUTO_TEST_CASE(mid_forms) {
  for (const char* mid : {"[192.0.2.10]", "[192.0.2.10]:1", "[::1]", "[fe80::1:2]:65535",
                          "[::ffff:192.0.2.1]:2944", "<mgc>", "<a-b.c.d>:2944", "MTP{0a0b}",
                          "mg_1/line*$", "*gw@example.com"}) {
    BOOST_TEST_CONTEXT(mid) {
      message m = golden::notify_reply_model();
      m.mid = mid;
      expect_round_trip(m);
    }
  }
}

BOOST_AUTO_TEST_CASE(quoted_and_unquoted_values_stay_apart) {
  // `x = abc` and `x = "abc"` are different models, both round trip.
  signal_request plain{"p/s", {parameter{"x", "abc", false}}};
  signal_request quoted{"p/s", {parameter{"x", "abc", true}}};
  signal_request empty{"p/s", {parameter{"x", "", true}}};
  for (const auto& s : {plain, quoted, empty})
    expect_round_trip(make_request("mg", 1, make_modify("A", std::nullopt, make_signals({s}))));
  BOOST_TEST((plain != quoted));
}

BOOST_AUTO_TEST_CASE(limits_are_reachable) {
  // Models at every count limit still round trip (and fit in 64 KiB).
  message m;
  m.mid = "mg";
  for (std::size_t t = 0; t < max_transactions; ++t) {
    transaction_request tr{std::uint32_t(t), {}};
    for (std::size_t a = 0; a < (t == 0 ? max_actions : 1); ++a) {
      action_request ar{std::uint32_t(a + 1), {}};
      for (std::size_t c = 0; c < (a == 0 ? max_commands : 1); ++c)
        ar.commands.push_back(make_modify("A" + std::to_string(c), std::nullopt, std::nullopt));
      tr.actions.push_back(ar);
    }
    m.transactions.push_back(tr);
  }
  signal_request s{"p/s", {}};
  for (std::size_t i = 0; i < max_params; ++i)
    s.params.push_back(make_parameter("p" + std::to_string(i), "v"));
  std::vector<signal_request> signals(max_items, s);
  m.transactions.push_back(make_request("mg", 1, make_modify("B", {}, make_signals(signals)))
                             .transactions.front());
  m.transactions.erase(m.transactions.begin());
  expect_round_trip(m);
}

BOOST_AUTO_TEST_SUITE_END()
