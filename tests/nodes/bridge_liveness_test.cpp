// nodes::bridge liveness: start barrier, heartbeat down/up with fail-fast sends, restart of a peer
// on the same endpoint (slow and fast), shutdown without hangs.
#include "tests/nodes/bridge_harness.hpp"

#include <boost/test/unit_test.hpp>

#include <future>

using namespace ngn;
using namespace ngn::nodes;
using namespace ngn::nodes::test;
using elements::envelope;

namespace {

/// Exchanges one envelope each way and waits for both.
void exchange(test_node& x, test_node& y) {
  const auto x0 = x.received.load();
  const auto y0 = y.received.load();
  BOOST_TEST((x.br->send(base_of(y.name), base_of(x.name), elements::kind_of(ngn::protocol::sip), "ping")
              == send_status::ok));
  BOOST_TEST((y.br->send(base_of(x.name), base_of(y.name), elements::kind_of(ngn::protocol::sip), "pong")
              == send_status::ok));
  BOOST_TEST(wait_until([&] { return x.received.load() > x0 && y.received.load() > y0; }));
}

/// Destroys b and brings up a new bridge named "b" on b's bound endpoint; returns it started.
std::unique_ptr<test_node> restart(zmq::context_t& ctx, test_node& a, std::unique_ptr<test_node> b,
                                   const bridge_options& o, bool wait_for_down) {
  const std::string ep = b->br->endpoint();
  b.reset();
  if (wait_for_down) {
    BOOST_REQUIRE(wait_until([&] { return a.saw("b", false); }));
    BOOST_TEST((a.br->state("b") == peer_state::down));
    BOOST_TEST((a.br->send(2000, 1000, elements::kind_of(ngn::protocol::sip), "lost") == send_status::peer_down));
  }
  auto b2 = std::make_unique<test_node>(ctx, "b", std::vector<std::string>{"a"}, o, ep);
  b2->br->set_peer_endpoint("a", a.br->endpoint());
  std::string err;
  BOOST_REQUIRE_MESSAGE(b2->br->start(&err), err);
  BOOST_TEST(b2->br->endpoint() == ep);
  return b2;
}

void restart_after_silence(zmq::context_t& ctx, const std::string& ep_b) {
  const bridge_options o = fast_options();
  test_node a(ctx, "a", {"b"}, o);
  auto b = std::make_unique<test_node>(ctx, "b", std::vector<std::string>{"a"}, o, ep_b);
  BOOST_REQUIRE(start_all({&a, b.get()}));
  BOOST_REQUIRE(a.br->wait_ready({"b"}, 10s));
  exchange(a, *b);
  b = restart(ctx, a, std::move(b), o, true);
  BOOST_REQUIRE(b->br->wait_ready({"a"}, 10s));
  BOOST_REQUIRE(a.br->wait_ready({"b"}, 10s));
  BOOST_REQUIRE(wait_until([&] { return a.event_list().size() == 3; })); // up, down, up
  BOOST_TEST((a.event_list().back() == std::pair<std::string, bool>("b", true)));
  exchange(a, *b);
  BOOST_TEST(a.br->stats().peer_downs == 1u);
  BOOST_TEST(a.br->stats().refused_peer_down == 1u);
}

} // namespace

BOOST_FIXTURE_TEST_SUITE(bridge_liveness, ctx_fixture)

BOOST_AUTO_TEST_CASE(wait_ready_succeeds_once_all_peers_are_heard) {
  test_node a(ctx, "a", {"b", "c"}, {});
  test_node b(ctx, "b", {"a", "c"}, {});
  test_node c(ctx, "c", {"a", "b"}, {});
  BOOST_REQUIRE(start_all({&a, &b, &c}));
  // Hello answered by an immediate heartbeat: far quicker than the 1 s interval.
  const auto t0 = std::chrono::steady_clock::now();
  BOOST_TEST(a.br->wait_ready({"a", "b", "c"}, 10s));
  BOOST_TEST(b.br->wait_ready({"a", "c"}, 10s));
  BOOST_TEST(c.br->wait_ready({"a", "b"}, 10s));
  BOOST_TEST((std::chrono::steady_clock::now() - t0 < 900ms));
  BOOST_TEST(a.br->missing().empty());
  BOOST_TEST((a.br->state("c") == peer_state::up));
  // The state turns UP just before peer_event runs on the bridge thread.
  BOOST_TEST(wait_until([&] { return a.saw("b", true) && a.saw("c", true); }));
  BOOST_TEST(a.br->stats().control_in >= 2u);
}

BOOST_AUTO_TEST_CASE(wait_ready_times_out_naming_the_missing_nodes) {
  test_node a(ctx, "a", {"b", "ghost"}, {});
  test_node b(ctx, "b", {"a"}, {});
  BOOST_REQUIRE(a.br->bind());
  a.br->set_peer_endpoint("ghost", ipc_endpoint("wr-ghost"));
  BOOST_REQUIRE(start_all({&a, &b}));
  const auto t0 = std::chrono::steady_clock::now();
  BOOST_TEST(!a.br->wait_ready({"b", "ghost", "nosuch"}, 300ms));
  const auto took = std::chrono::steady_clock::now() - t0;
  BOOST_TEST((took >= 300ms && took < 5s));
  BOOST_TEST((a.br->missing() == std::vector<std::string>{"ghost", "nosuch"}));
  BOOST_TEST((a.br->state("ghost") == peer_state::pending));
  BOOST_TEST(a.br->wait_ready({"b"}, 10s));
  BOOST_TEST(a.br->missing().empty());
}

BOOST_AUTO_TEST_CASE(silent_peer_goes_down_fails_fast_and_comes_back) {
  bridge_options o = fast_options();
  o.sndhwm = 1;
  o.rcvhwm = 1;
  test_node a(ctx, "a", {"b"}, o);
  test_node b(ctx, "b", {"a"}, o);
  b.keep = false;
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  // b's bridge thread stalls in its callback: no heartbeats from b, no reads.
  b.on_envelope = [released](const envelope& e) {
    if (e.payload == "block")
      released.wait_for(20s);
  };
  BOOST_REQUIRE(start_all({&a, &b}));
  BOOST_REQUIRE(a.br->wait_ready({"b"}, 10s));
  BOOST_REQUIRE(b.br->wait_ready({"a"}, 10s));
  BOOST_TEST((a.br->send(2000, 1000, elements::kind_of(ngn::protocol::sip), "block") == send_status::ok));
  // Keep a's backlog non-empty while b does not read (the kernel buffers fill up first).
  const std::string big(60000, 'z');
  std::uint64_t queued = 0;
  while (!a.saw("b", false)) {
    if (a.br->send(2000, 1000, elements::kind_of(ngn::protocol::sip), big) == send_status::ok)
      ++queued;
    std::this_thread::sleep_for(1ms);
    BOOST_REQUIRE(queued < 100000);
  }
  const auto after_down = a.br->stats();
  BOOST_TEST((a.br->state("b") == peer_state::down));
  BOOST_TEST(after_down.dropped_records > 0u);
  BOOST_TEST(after_down.dropped_frames > 0u);
  BOOST_TEST(a.br->peers().at(0).backlog == 0u);
  BOOST_TEST((a.br->send(2001, 1000, elements::kind_of(ngn::protocol::sip), "x") == send_status::peer_down));
  const std::string why = a.br->explain(send_status::peer_down, 2001);
  BOOST_TEST(why.find("node 'b'") != std::string::npos, why);
  BOOST_TEST(why.find("down") != std::string::npos, why);
  BOOST_TEST(a.br->stats().refused_peer_down >= 1u);

  release.set_value();
  BOOST_REQUIRE(wait_until([&] { return a.event_list().size() == 3; })); // up, down, up
  BOOST_TEST((a.event_list().back() == std::pair<std::string, bool>("b", true)));
  BOOST_TEST((a.br->state("b") == peer_state::up));
  BOOST_TEST(!b.saw("a", false)); // b judged a only after reading a's queued frames
  const auto got = b.received.load();
  BOOST_TEST((a.br->send(2002, 1000, elements::kind_of(ngn::protocol::sip), "after") == send_status::ok));
  BOOST_TEST(wait_until([&] { return b.received.load() > got; }));
}

BOOST_AUTO_TEST_CASE(restarted_peer_on_the_same_tcp_endpoint_is_reached_again) {
  restart_after_silence(ctx, "tcp://127.0.0.1:*");
}

BOOST_AUTO_TEST_CASE(restarted_peer_on_the_same_ipc_endpoint_is_reached_again) {
  restart_after_silence(ctx, ipc_endpoint("rs-b"));
}

BOOST_AUTO_TEST_CASE(quick_restart_is_detected_by_the_new_incarnation) {
  bridge_options o; // 1 s heartbeat, down after 3 s: the restart is quicker than that
  test_node a(ctx, "a", {"b"}, o);
  auto b = std::make_unique<test_node>(ctx, "b", std::vector<std::string>{"a"}, o);
  BOOST_REQUIRE(start_all({&a, b.get()}));
  BOOST_REQUIRE(a.br->wait_ready({"b"}, 10s));
  exchange(a, *b);
  const auto t0 = std::chrono::steady_clock::now();
  b = restart(ctx, a, std::move(b), o, false);
  BOOST_REQUIRE(wait_until([&] { return a.saw("b", false); }, 10s));
  BOOST_TEST((std::chrono::steady_clock::now() - t0 < 2500ms));
  BOOST_REQUIRE(b->br->wait_ready({"a"}, 10s));
  BOOST_REQUIRE(wait_until([&] { return a.event_list().size() == 3; }));
  auto ev = a.event_list(); // up, down (restart), up
  BOOST_TEST((ev[1] == std::pair<std::string, bool>("b", false)));
  BOOST_TEST((ev[2] == std::pair<std::string, bool>("b", true)));
  exchange(a, *b);
}

BOOST_AUTO_TEST_CASE(a_dead_peer_is_detected_while_another_floods_us) {
  bridge_options o = fast_options();
  o.frames_per_wakeup = 4;
  test_node a(ctx, "a", {"b", "c"}, o);
  auto b = std::make_unique<test_node>(ctx, "b", std::vector<std::string>{"a", "c"}, o);
  test_node c(ctx, "c", {"a", "b"}, o);
  a.keep = false;
  // a consumes c's envelopes slower than c produces them: a's PULL queue is never empty.
  a.on_envelope = [](const envelope& e) {
    if (e.from == 3000)
      std::this_thread::sleep_for(300us);
  };
  BOOST_REQUIRE(start_all({&a, b.get(), &c}));
  BOOST_REQUIRE(a.br->wait_ready({"b", "c"}, 10s));
  std::atomic<bool> flooding{true};
  std::thread flood([&] {
    while (flooding.load()) {
      (void)c.br->send(1000, 3000, elements::kind_of(ngn::protocol::sip), "busy");
      std::this_thread::sleep_for(100us);
    }
  });
  BOOST_REQUIRE(wait_until([&] { return a.received.load() > 300; }));
  const auto t0 = std::chrono::steady_clock::now();
  b.reset();
  const bool down = wait_until([&] { return a.saw("b", false); }, 10s);
  const auto took = std::chrono::steady_clock::now() - t0;
  flooding.store(false);
  flood.join();
  BOOST_REQUIRE(down);
  BOOST_TEST((took < 3s));
  BOOST_TEST(!a.saw("c", false));
}

BOOST_AUTO_TEST_CASE(stop_and_destroy_never_hang) {
  const auto t0 = std::chrono::steady_clock::now();
  {
    zmq::context_t own(1); // its destructor blocks if a socket were left open (pitfall 13)
    bridge_options o;
    o.sndhwm = 1;
    test_node never_started(own, "a", {"b"}, o);
    test_node bound_only(own, "c", {"b"}, o);
    BOOST_TEST(bound_only.br->bind());
    test_node busy(own, "d", {"b"}, o);
    busy.br->set_peer_endpoint("b", ipc_endpoint("sd-nobody"));
    BOOST_REQUIRE(busy.br->start());
    for (int i = 0; i < 200; ++i)
      (void)busy.br->send(2000, 4000, elements::kind_of(ngn::protocol::sip), std::string(10000, 'x'));
    busy.br->stop();
    busy.br->stop(); // idempotent
    BOOST_TEST(!busy.br->running());
    BOOST_TEST(busy.br->error().empty());
  }
  BOOST_TEST((std::chrono::steady_clock::now() - t0 < 5s));
}

BOOST_AUTO_TEST_SUITE_END()
