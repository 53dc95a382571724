// actors/element_shell.hpp driven by CAF 0.17.6's deterministic test coordinator: no scheduler
// threads, messages run when the test says so, and time is the coordinator's clock, so the
// periodic ticks fire when the test advances it. Shows the shell's whole contract: envelopes in,
// the state machine's envelopes out through actors::router, ticks as time, typed statistics on
// request, outcomes to the watcher, the undeliverable path, and the mailbox wait the router
// stamps (overload control). CAF is included here only.
#include "tests/elements/harness.hpp"
#include "tests/common/test_bindings.hpp"

#include "actors/atoms.hpp"
#include "actors/element_shell.hpp"
#include "actors/router.hpp"
#include "actors/spawn.hpp"
#include "protocols/auc/codec.hpp"

#include <caf/all.hpp>
#include <caf/scheduler/test_coordinator.hpp>

#include <boost/test/unit_test.hpp>

#include <chrono>
#include <memory>
#include <vector>

using namespace ngn;
using namespace ngn::test;
using elements::element_id;
using elements::envelope;
using elements::terminal_outcome;
using std::chrono::milliseconds;

namespace {

constexpr element_id auc_id = 1, ss_id = 2;
constexpr element_id t1 = elements::terminal_id(0, 1);
constexpr element_id nowhere = 99; // an element no router knows

/// What a stub actor received.
struct inbox {
  std::vector<envelope> envelopes;
  std::vector<std::pair<element_id, terminal_outcome>> outcomes;
};

/// Stands in for an element (or a watcher): records what it gets.
caf::behavior stub(caf::event_based_actor*, inbox* box) {
  return {
    [box](envelope& e) { box->envelopes.push_back(std::move(e)); },
    [box](element_id id, terminal_outcome& o) { box->outcomes.emplace_back(id, std::move(o)); },
  };
}

auc::message decode_auc(const envelope& e) {
  BOOST_REQUIRE(e.kind == elements::envelope_kind::auc);
  auto m = auc::decode(e.payload);
  BOOST_REQUIRE(m);
  return *m;
}

struct keys {
  std::string identity = "alice@ngn.example";
  crypto::key128 k, opc;
  keys() {
    seeded_random r{61};
    r.fill(k.data(), k.size());
    r.fill(opc.data(), opc.size());
  }
};

/// One actor system on the test coordinator, a router, and helpers to spawn shells.
struct fixture {
  static caf::actor_system_config& init(caf::actor_system_config& c) {
    c.set("scheduler.policy", caf::atom("testing"));
    c.set("logger.file-verbosity", caf::atom("quiet"));
    c.set("logger.console-verbosity", caf::atom("quiet"));
    return c;
  }

  fixture()
    : sys(init(cfg)), self(sys, true),
      sched(dynamic_cast<caf::scheduler::test_coordinator&>(sys.scheduler())) {
    ss_cfg.name = "ss1";
    ss_cfg.node = "core";
    rng.fill(ss_cfg.edge.key.data(), ss_cfg.edge.key.size());
    ss_cfg.edge.role = crypto::kek_role::softswitch;
    ss_cfg.edge.supported = {{"aes-gcm", 900}, {"hmac-sha256", 500}};
    ss_cfg.self = dialogue::address{0x0a000001u, 5060};
    ss_cfg.auc_timeout = 2 * seconds;
    ss_cfg.bindings = &bindings();
    ss_cfg.auc_for = [](std::string_view) { return auc_id; };
    ss_cfg.peer = [](element_id, element_id) {
      elements::peer_info p;
      p.terminal_node = "terminals";
      return p;
    };
    profile.binding = &binding_for(protocol::sip);
    profile.offered = {{"aes-gcm", 900}, {"hmac-sha256", 500}};
    profile.next_hop = ss_id;
    profile.next_hop_addr = ss_cfg.self;
  }

  ~fixture() {
    // Every shell quits (the system waits for them), then the router drops its handles.
    for (auto& a : spawned) caf::anon_send_exit(a, caf::exit_reason::user_shutdown);
    sched.run();
    spawned.clear();
    r.clear();
  }

  caf::actor add(element_id id, caf::actor a) {
    r.add(id, a);
    spawned.push_back(a);
    return a;
  }

  /// A stub at `id` recording into `box`.
  caf::actor stub_at(element_id id, inbox& box) { return add(id, sys.spawn(stub, &box)); }

  caf::actor softswitch(caf::timespan tick = milliseconds(100)) {
    actors::shell_options o;
    o.tick = tick;
    return add(ss_id, sys.spawn<actors::element_shell<elements::softswitch_fsm>>(
                        &r, ss_id, std::move(o), ss_cfg, rng));
  }

  caf::actor auc() {
    elements::auc_fsm fsm{elements::auc_config{"auc1", "core", 120 * seconds}, rng, sink};
    elements::auc_subscriber s;
    s.k = subscriber.k;
    s.opc = subscriber.opc;
    fsm.add_subscriber(subscriber.identity, s);
    fsm.add_element("ss1", "softswitch", ss_cfg.edge.key);
    actors::shell_options o;
    o.tick = caf::timespan{std::chrono::seconds(1)};
    return add(auc_id, sys.spawn<actors::element_shell<elements::auc_fsm>>(&r, auc_id,
                                                                            std::move(o),
                                                                            std::move(fsm)));
  }

  caf::actor terminal(const caf::actor& watcher, element_id id = t1) {
    elements::terminal_fsm fsm{profile, subscriber.identity, subscriber.k, subscriber.opc,
                               dialogue::address{0x0a010001u, 5060}, 1};
    return add(id, actors::spawn_terminal(sys, r, watcher, std::move(fsm), id));
  }

  /// A started soft switch between stubs of the AuC (recording into `auc`) and of terminal t1
  /// (into `term`).
  caf::actor softswitch_between(inbox& auc, inbox& term, caf::timespan tick = milliseconds(100)) {
    stub_at(auc_id, auc);
    stub_at(t1, term);
    auto ss = softswitch(tick);
    sched.run();
    return ss;
  }

  /// A terminal's REGISTER, as if terminal t1 had sent it.
  envelope register_from_t1() {
    dialogue::terminal_view v;
    v.identity = subscriber.identity;
    v.domain = "ngn.example";
    v.local = dialogue::address{0x0a010001u, 5060};
    v.remote = ss_cfg.self;
    v.serial = 33;
    v.offered = &profile.offered;
    return envelope{ss_id, t1, elements::kind_of(protocol::sip),
                    binding_for(protocol::sip).reg_request(v)};
  }

  elements::softswitch_stats ss_stats(const caf::actor& ss) {
    elements::softswitch_stats out;
    bool got = false;
    auto rh = self->request(ss, caf::infinite, actors::atoms::stats::value);
    sched.run();
    rh.receive([&](elements::softswitch_stats& s) { out = s, got = true; },
               [&](caf::error& e) { BOOST_FAIL("stats request failed: " << sys.render(e)); });
    BOOST_REQUIRE(got);
    return out;
  }

  caf::actor_system_config cfg;
  caf::actor_system sys;
  caf::scoped_actor self;
  caf::scheduler::test_coordinator& sched;
  actors::router r;
  std::vector<caf::actor> spawned;
  seeded_random rng{4};
  recording_sink sink;
  keys subscriber;
  elements::softswitch_config ss_cfg;
  elements::terminal_profile profile;
};

} // namespace

BOOST_AUTO_TEST_SUITE(element_shell_unit)

BOOST_AUTO_TEST_CASE(an_envelope_in_gives_the_state_machines_envelopes_out_through_the_router) {
  fixture f;
  inbox auc, term;
  auto ss = f.softswitch_between(auc, term);
  caf::anon_send(ss, f.register_from_t1());
  BOOST_TEST(auc.envelopes.empty()); // nothing runs until the coordinator runs it
  f.sched.run();
  BOOST_REQUIRE_EQUAL(auc.envelopes.size(), 1u);
  const auto& e = auc.envelopes[0];
  BOOST_TEST(e.to == auc_id);
  BOOST_TEST(e.from == ss_id); // the shell names the sender
  auto m = decode_auc(e);
  const auto* ar = std::get_if<auc::auth_request>(&m);
  BOOST_REQUIRE(ar != nullptr);
  BOOST_TEST(ar->identity == "alice@ngn.example");
  BOOST_TEST(ar->softswitch == "ss1");
  BOOST_TEST(term.envelopes.empty()); // SIP: no acknowledgement of a REGISTER
  BOOST_TEST(f.r.unroutable() == 0u);
}

// The router stamps each envelope with the time it enters a mailbox (here the coordinator's
// clock); a new request that waited there over the soft switch's 500 ms is answered 503 with a
// Retry-After at once and never reaches the AuC (elements/overload_gate.hpp); one taken in time
// goes on.
BOOST_AUTO_TEST_CASE(a_request_that_waited_in_the_mailbox_is_refused_for_overload) {
  fixture f;
  inbox auc, term;
  auto ss = f.softswitch_between(auc, term);
  BOOST_REQUIRE(f.r.send_from_outside(f.register_from_t1()));
  f.sched.advance_time(milliseconds(600)); // nothing runs: it waits in the mailbox
  f.sched.run();
  BOOST_TEST(auc.envelopes.empty());
  BOOST_REQUIRE_EQUAL(term.envelopes.size(), 1u);
  auto rej = binding_for(protocol::sip).decode(term.envelopes[0].payload);
  BOOST_REQUIRE(rej);
  BOOST_TEST(static_cast<unsigned>(rej->c.result) == 503u);
  BOOST_TEST(rej->c.retry_after == 1u);
  BOOST_TEST(rej->c.reason == "overload: waited over 500 ms");
  BOOST_TEST(f.ss_stats(ss).overload_queue == 1u);
  // Taken at once: the AuC is asked.
  BOOST_REQUIRE(f.r.send_from_outside(f.register_from_t1()));
  f.sched.run();
  BOOST_TEST(auc.envelopes.size() == 1u);
  BOOST_TEST(f.ss_stats(ss).overload_queue == 1u);
}

BOOST_AUTO_TEST_CASE(ticks_follow_the_test_clock_a_silent_auc_gives_504_and_a_report) {
  fixture f;
  inbox auc, term;
  f.stub_at(auc_id, auc);
  f.stub_at(t1, term);
  auto ss = f.softswitch(milliseconds(100));
  f.sched.run();
  caf::anon_send(ss, f.register_from_t1());
  f.sched.run();
  BOOST_REQUIRE_EQUAL(auc.envelopes.size(), 1u);
  const auto session_id = std::get<auc::auth_request>(decode_auc(auc.envelopes[0])).session_id;
  // 1.9 s of simulated time: ticks run, the AuC's time is not up.
  for (int i = 0; i < 19; ++i) {
    f.sched.advance_time(milliseconds(100));
    f.sched.run();
  }
  BOOST_TEST(term.envelopes.empty());
  BOOST_TEST(auc.envelopes.size() == 1u);
  // At 2 s the soft switch gives up on the AuC: a 504 to the terminal, a report to the AuC.
  f.sched.advance_time(milliseconds(100));
  f.sched.run();
  BOOST_REQUIRE_EQUAL(term.envelopes.size(), 1u);
  auto rej = binding_for(protocol::sip).decode(term.envelopes[0].payload);
  BOOST_REQUIRE(rej);
  BOOST_TEST((rej->c.kind == dialogue::step::rejection));
  BOOST_TEST(static_cast<unsigned>(rej->c.result) == 504u);
  BOOST_TEST(term.envelopes[0].from == ss_id);
  BOOST_REQUIRE_EQUAL(auc.envelopes.size(), 2u);
  auto m = decode_auc(auc.envelopes[1]);
  const auto* rep = std::get_if<auc::auth_report>(&m);
  BOOST_REQUIRE(rep != nullptr);
  BOOST_TEST(rep->session_id == session_id);
  BOOST_TEST(rep->reason == "authentication center did not answer");
  BOOST_TEST(f.ss_stats(ss).auc_timeouts == 1u);
}

BOOST_AUTO_TEST_CASE(without_a_tick_period_only_explicit_ticks_run_the_sweep) {
  fixture f;
  inbox auc, term;
  auto ss = f.softswitch_between(auc, term, caf::timespan{0});
  caf::anon_send(ss, f.register_from_t1());
  f.sched.run();
  BOOST_TEST(!f.sched.has_pending_timeout()); // the shell armed no timer
  f.sched.advance_time(std::chrono::seconds(5));
  f.sched.run();
  BOOST_TEST(term.envelopes.empty());
  caf::anon_send(ss, actors::atoms::tick::value);
  f.sched.run();
  BOOST_TEST(term.envelopes.size() == 1u);
  BOOST_TEST(f.ss_stats(ss).auc_timeouts == 1u);
}

BOOST_AUTO_TEST_CASE(typed_statistics_on_request) {
  fixture f;
  inbox auc, term;
  auto ss = f.softswitch_between(auc, term);
  auto before = f.ss_stats(ss);
  BOOST_TEST(before.requests == 0u);
  caf::anon_send(ss, f.register_from_t1());
  caf::anon_send(ss, envelope{ss_id, t1, elements::kind_of(protocol::sip), "garbage"});
  f.sched.run();
  auto after = f.ss_stats(ss);
  BOOST_TEST(after.requests == 1u);
  BOOST_TEST(after.malformed == 1u);
  BOOST_TEST(after.challenges == 0u);
}

BOOST_AUTO_TEST_CASE(a_registration_through_three_shells_reaches_the_watcher) {
  fixture f;
  inbox watcher;
  auto w = f.sys.spawn(stub, &watcher);
  f.spawned.push_back(w);
  auto auc = f.auc();
  auto ss = f.softswitch();
  auto t = f.terminal(w);
  f.sched.run();
  caf::anon_send(t, actors::atoms::start::value);
  f.sched.run();
  // The AuC holds the challenge until the writer commits its SQN.
  BOOST_TEST(watcher.outcomes.empty());
  BOOST_REQUIRE_EQUAL(f.sink.ticket, 1u);
  caf::anon_send(auc, actors::atoms::committed::value, f.sink.ticket);
  f.sched.run();
  BOOST_REQUIRE_EQUAL(watcher.outcomes.size(), 1u);
  const auto& [id, o] = watcher.outcomes[0];
  BOOST_TEST(id == t1);
  BOOST_TEST(o.established, o.reason);
  BOOST_TEST(o.mechanism == "aes-gcm");
  BOOST_TEST(o.attempts == 1u);
  BOOST_TEST(f.ss_stats(ss).established == 1u);
  // The success report is acknowledged once committed.
  caf::anon_send(auc, actors::atoms::committed::value, f.sink.ticket);
  f.sched.run();
  BOOST_TEST(f.ss_stats(ss).reports_resent == 0u);
  f.sched.advance_time(std::chrono::seconds(3));
  f.sched.run();
  BOOST_TEST(f.ss_stats(ss).reports_resent == 0u);
}

BOOST_AUTO_TEST_CASE(the_stop_drain_point_closes_the_aucs_open_challenges) {
  fixture f;
  inbox ss;
  f.stub_at(ss_id, ss);
  auto auc = f.auc();
  f.sched.run();
  auc::auth_request req;
  req.session_id = ngn::session_id::of_number(5);
  req.identity = "alice@ngn.example";
  req.softswitch = "ss1";
  caf::anon_send(auc, envelope{auc_id, ss_id, elements::envelope_kind::auc,
                               auc::encode(auc::message{req})});
  f.sched.run();
  BOOST_TEST(ss.envelopes.empty()); // held: not committed
  bool answered = false;
  auto rh = f.self->request(auc, caf::infinite, actors::atoms::stop::value);
  f.sched.run();
  rh.receive([&](std::uint64_t) { answered = true; },
             [&](caf::error& e) { BOOST_FAIL("stop failed: " << f.sys.render(e)); });
  BOOST_TEST(answered);
  bool expired = false;
  for (const auto& op : f.sink.ops)
    if (const auto* u = std::get_if<storage::session_update>(&op))
      expired |= u->state == storage::session_state::expired;
  BOOST_TEST(expired);
}

BOOST_AUTO_TEST_CASE(an_undeliverable_request_makes_the_terminal_back_off_then_fail) {
  fixture f;
  f.profile.next_hop = nowhere;
  f.profile.max_attempts = 2;
  inbox watcher;
  auto w = f.sys.spawn(stub, &watcher);
  f.spawned.push_back(w);
  auto t = f.terminal(w);
  f.sched.run();
  caf::anon_send(t, actors::atoms::start::value);
  f.sched.run();
  // The router could not deliver: the terminal backs off at once, no outcome yet.
  BOOST_TEST(f.r.unroutable() == 1u);
  BOOST_TEST(watcher.outcomes.empty());
  // The back-off (500 ms) is over at the next tick (terminals are ticked by their group).
  f.sched.advance_time(milliseconds(499));
  caf::anon_send(t, actors::atoms::tick::value);
  f.sched.run();
  BOOST_TEST(f.r.unroutable() == 1u);
  f.sched.advance_time(milliseconds(1));
  caf::anon_send(t, actors::atoms::tick::value);
  f.sched.run();
  BOOST_TEST(f.r.unroutable() == 2u);
  BOOST_REQUIRE_EQUAL(watcher.outcomes.size(), 1u);
  const auto& [id, o] = watcher.outcomes[0];
  BOOST_TEST(id == t1);
  BOOST_TEST(!o.established);
  BOOST_TEST(o.reason == "next hop unreachable: its node is down (after 2 attempts)");
  BOOST_TEST(o.reason_code == static_cast<std::uint16_t>(elements::reason_code::next_hop_unreachable));
  BOOST_TEST(o.attempts == 2u);
}

BOOST_AUTO_TEST_CASE(a_remote_sink_takes_what_is_not_local) {
  fixture f;
  std::vector<envelope> remote;
  f.r.set_remote([&](envelope&& e) {
    remote.push_back(std::move(e));
    return true;
  });
  inbox term;
  f.stub_at(t1, term);
  auto ss = f.softswitch(); // the AuC lives on another node
  f.sched.run();
  caf::anon_send(ss, f.register_from_t1());
  f.sched.run();
  BOOST_REQUIRE_EQUAL(remote.size(), 1u);
  BOOST_TEST(remote[0].to == auc_id);
  BOOST_TEST(remote[0].from == ss_id);
  BOOST_TEST(f.r.unroutable() == 0u);
}

BOOST_AUTO_TEST_SUITE_END()
