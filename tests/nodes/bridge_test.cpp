// nodes::bridge data path: round trips over tcp:// and ipc://, per-(source, destination) order,
// batching and coalescing, strict inbound validation, send() statuses, the backlog bound and a
// mutual flood.
#include "nodes/bridge_wire.hpp"
#include "tests/nodes/bridge_harness.hpp"

#include <boost/test/unit_test.hpp>

#include <cstring>
#include <map>

using namespace ngn;
using namespace ngn::nodes;
using namespace ngn::nodes::test;
using elements::envelope;
using elements::envelope_kind;

namespace {

/// a and b exchange envelopes; b echoes each one back from its bridge thread (send() inside the
/// deliver callback), with the payload reversed.
void round_trip(zmq::context_t& ctx, const std::string& ep_a, const std::string& ep_b) {
  test_node a(ctx, "a", {"b"}, {}, ep_a);
  test_node b(ctx, "b", {"a"}, {}, ep_b);
  std::atomic<int> echo_failures{0}; // no BOOST_TEST on the bridge thread (not thread-safe)
  b.on_envelope = [&b, &echo_failures](const envelope& e) {
    std::string rev(e.payload.rbegin(), e.payload.rend());
    if (b.br->send(e.from, e.to, e.kind, rev) != send_status::ok)
      ++echo_failures;
  };
  std::string err;
  BOOST_REQUIRE_MESSAGE(start_all({&a, &b}, &err), err);
  BOOST_TEST(a.br->endpoint().find(ep_a.substr(0, 6)) == 0u); // same transport
  BOOST_TEST(a.br->endpoint().find('*') == std::string::npos);
  BOOST_REQUIRE(a.br->wait_ready({"a", "b"}, 10s));
  BOOST_REQUIRE(b.br->wait_ready({"a"}, 10s));

  const std::string binary("\0\xFF\x01payload\r\n", 12);
  BOOST_TEST((a.br->send(2001, 1001, elements::kind_of(ngn::protocol::sip), "REGISTER sip:x SIP/2.0") == send_status::ok));
  BOOST_TEST((a.br->send(envelope{2002, 1002, envelope_kind::auc, binary}) == send_status::ok));
  BOOST_TEST((a.br->send(2003, 1003, elements::kind_of(ngn::protocol::h248), "") == send_status::ok));
  BOOST_REQUIRE(wait_until([&] { return a.received.load() == 3; }));
  BOOST_TEST(echo_failures.load() == 0);

  auto at_b = b.snapshot();
  BOOST_REQUIRE_EQUAL(at_b.size(), 3u);
  BOOST_TEST(at_b[0].to == 2001u);
  BOOST_TEST(at_b[0].from == 1001u);
  BOOST_TEST((at_b[0].kind == elements::kind_of(ngn::protocol::sip)));
  BOOST_TEST(at_b[0].payload == "REGISTER sip:x SIP/2.0");
  BOOST_TEST((at_b[1].kind == envelope_kind::auc));
  BOOST_TEST(at_b[1].payload == binary);
  BOOST_TEST(at_b[2].payload.empty());

  auto at_a = a.snapshot();
  BOOST_REQUIRE_EQUAL(at_a.size(), 3u);
  BOOST_TEST(at_a[0].to == 1001u);
  BOOST_TEST(at_a[0].from == 2001u);
  BOOST_TEST(at_a[0].payload == "0.2/PIS x:pis RETSIGER");
  BOOST_TEST(at_a[1].payload == std::string(binary.rbegin(), binary.rend()));
  BOOST_TEST(a.br->stats().records_out == 3u);
  BOOST_TEST(b.br->stats().records_in == 3u);
  BOOST_TEST(a.br->stats().malformed_frames == 0u);
  BOOST_TEST(a.saw("b", true));
}

/// A raw ZeroMQ PUSH socket (a misbehaving or hostile peer).
struct raw_peer {
  zmq::socket_t s;
  raw_peer(zmq::context_t& ctx, const std::string& ep) : s(ctx, zmq::socket_type::push) {
    s.set(zmq::sockopt::linger, 0);
    s.connect(ep);
  }
  void send(const std::string& bytes) {
    zmq::message_t m(bytes.data(), bytes.size());
    BOOST_REQUIRE(s.send(m, zmq::send_flags::none));
  }
};

} // namespace

BOOST_FIXTURE_TEST_SUITE(bridge_data, ctx_fixture)

BOOST_AUTO_TEST_CASE(round_trip_over_tcp_with_ephemeral_ports) {
  round_trip(ctx, "tcp://127.0.0.1:*", "tcp://127.0.0.1:*");
}

BOOST_AUTO_TEST_CASE(round_trip_over_ipc) {
  round_trip(ctx, ipc_endpoint("rt-a"), ipc_endpoint("rt-b"));
}

BOOST_AUTO_TEST_CASE(order_per_source_and_destination_is_preserved) {
  bridge_options o;
  o.frame_cap = 70 << 10; // many frames
  test_node a(ctx, "a", {"b"}, o);
  test_node b(ctx, "b", {"a"}, o);
  BOOST_REQUIRE(start_all({&a, &b}));
  BOOST_REQUIRE(a.br->wait_ready({"b"}, 10s));
  constexpr int threads = 4;
  constexpr std::uint32_t per_pair = 20000;
  std::vector<std::thread> senders;
  for (int t = 0; t < threads; ++t)
    senders.emplace_back([&a, t] {
      for (std::uint32_t i = 0; i < per_pair; ++i)
        for (int d = 0; d < 2; ++d) { // two destinations per source
          std::string p(4, '\0');
          std::memcpy(p.data(), &i, 4);
          while (a.br->send(2000 + d, 1000 + t, elements::kind_of(ngn::protocol::sip), p) == send_status::backlog_full)
            std::this_thread::yield();
        }
    });
  for (auto& s : senders)
    s.join();
  const std::uint64_t total = threads * per_pair * 2;
  BOOST_REQUIRE(wait_until([&] { return b.received.load() == total; }, 60s));
  std::map<std::pair<elements::element_id, elements::element_id>, std::uint32_t> next;
  bool in_order = true;
  for (const auto& e : b.snapshot()) {
    std::uint32_t seq = 0;
    std::memcpy(&seq, e.payload.data(), 4);
    auto& n = next[{e.from, e.to}];
    in_order = in_order && seq == n;
    n = seq + 1;
  }
  BOOST_TEST(in_order);
  BOOST_TEST(next.size() == static_cast<std::size_t>(threads * 2));
  BOOST_TEST(a.br->stats().frames_out > 1u);
}

BOOST_AUTO_TEST_CASE(records_are_batched_into_frames) {
  // Deterministic: 5000 sends before the thread runs pile up in capped frames.
  bridge_options o;
  o.frame_cap = 128 << 10;
  test_node a(ctx, "a", {"b"}, o);
  test_node b(ctx, "b", {"a"}, o);
  b.keep = false;
  const std::string payload(40, 'x'); // 69 bytes per record
  for (int i = 0; i < 5000; ++i)
    BOOST_REQUIRE((a.br->send(2000, 1000, elements::kind_of(ngn::protocol::sip), payload) == send_status::ok));
  BOOST_REQUIRE(start_all({&a, &b}));
  BOOST_REQUIRE(wait_until([&] { return b.received.load() == 5000; }));
  auto s = a.br->stats();
  BOOST_TEST(s.frames_out == 3u); // 5000 * 69 bytes over 128 KiB frames
  // A full frame holds as many records as fit (1899 of 69 bytes after the header).
  BOOST_TEST(s.max_records_per_frame
             == (o.frame_cap - wire::header_size("a")) / (wire::record_overhead + payload.size()));
  BOOST_TEST(b.br->stats().frames_in == 3u);

  // Under load: one thread sends as fast as it can; the bridge thread drains what piled up.
  for (int i = 0; i < 200000; ++i)
    while (a.br->send(2000, 1000, elements::kind_of(ngn::protocol::sip), payload) == send_status::backlog_full)
      std::this_thread::yield();
  BOOST_REQUIRE(wait_until([&] { return b.received.load() == 205000; }, 60s));
  const auto s2 = a.br->stats();
  BOOST_TEST(s2.records_out == 205000u);
  const double per_frame = 200000.0 / static_cast<double>(s2.frames_out - s.frames_out);
  BOOST_TEST(per_frame > 2.0, "records per frame under load " << per_frame);
}

BOOST_AUTO_TEST_CASE(a_busy_link_coalesces_and_a_quiet_one_sends_at_once) {
  // bridge_options::coalesce: after a frame of several records (the link is busy), what is sent
  // within the interval waits for its end and leaves in one frame; after a frame of one record
  // (the link is quiet), or once the interval has passed, a record leaves at once.
  using ms = std::chrono::milliseconds;
  auto elapsed_ms = [](std::chrono::steady_clock::time_point since) {
    return std::chrono::duration_cast<ms>(std::chrono::steady_clock::now() - since).count();
  };
  bridge_options o;
  o.coalesce = ms(100); // the most it may be
  test_node a(ctx, "a", {"b"}, o);
  test_node b(ctx, "b", {"a"}, o);
  b.keep = false;
  const auto sip = elements::kind_of(ngn::protocol::sip);
  // Deterministic: 5 sends before the thread runs leave in one frame, which makes the link busy.
  for (int i = 0; i < 5; ++i)
    BOOST_REQUIRE((a.br->send(2000, 1000, sip, "early") == send_status::ok));
  const auto t0 = std::chrono::steady_clock::now(); // before that frame leaves
  BOOST_REQUIRE(start_all({&a, &b}));
  BOOST_REQUIRE(wait_until([&] { return b.received.load() == 5; }));
  // b counts a frame before it delivers its records (a counts its frames after the send).
  BOOST_TEST(b.br->stats().frames_in == 1u);
  for (int i = 0; i < 20; ++i)
    BOOST_REQUIRE((a.br->send(2000, 1000, sip, "next") == send_status::ok));
  BOOST_REQUIRE(wait_until([&] { return b.received.load() == 25; }));
  BOOST_TEST(elapsed_ms(t0) >= 100); // held until the interval's end
  // Not held, the 20 would have left in the rounds of the bridge thread that the sends woke.
  BOOST_TEST(b.br->stats().frames_in == 2u);

  // The interval over, a record leaves at once in a frame of its own; that frame of one record
  // makes the link quiet, so the next record does not wait either (held, it would wait ~100 ms).
  std::this_thread::sleep_for(ms(200));
  BOOST_REQUIRE((a.br->send(2000, 1000, sip, "later") == send_status::ok));
  BOOST_REQUIRE(wait_until([&] { return b.received.load() == 26; }));
  BOOST_TEST(b.br->stats().frames_in == 3u);
  const auto t1 = std::chrono::steady_clock::now();
  BOOST_REQUIRE((a.br->send(2000, 1000, sip, "again") == send_status::ok));
  BOOST_REQUIRE(wait_until([&] { return b.received.load() == 27; }));
  BOOST_TEST(elapsed_ms(t1) < 80);
  BOOST_TEST(b.br->stats().frames_in == 4u);
  BOOST_REQUIRE(wait_until([&] { return a.br->stats().records_out == 27u; }));
  BOOST_TEST(a.br->stats().frames_out == 4u);
}

BOOST_AUTO_TEST_CASE(malformed_frames_are_dropped_and_counted) {
  bridge_options o;
  o.frame_cap = 128 << 10;
  o.max_inbound_frame = 128 << 10;
  o.max_payload = 1000;
  test_node a(ctx, "a", {"b"}, o);
  BOOST_REQUIRE(a.br->bind());
  a.br->set_peer_endpoint("b", ipc_endpoint("mal-nobody"));
  BOOST_REQUIRE(a.br->start());
  raw_peer raw(ctx, a.br->endpoint());

  std::string hdr;
  wire::append_header(hdr, "b");
  std::vector<std::string> bad;
  bad.push_back("");                                     // empty
  bad.push_back("\xB1");                                 // truncated header
  bad.push_back(std::string("\xB0\x01" "b", 3));         // wrong version
  bad.push_back(std::string("\xB1\x05" "b", 3));         // name runs past the end
  std::string r = hdr;
  wire::append_record(r, 1000, 2000, 0, 0, "hello");
  bad.push_back(r.substr(0, r.size() - 1));              // truncated record
  std::string s = r;
  s[hdr.size() + 3] = 5;                                 // len below 17
  bad.push_back(s);
  std::string big = hdr;
  wire::append_record(big, 1000, 2000, 0, 0, std::string(1001, 'p')); // payload over max_payload
  bad.push_back(big);
  bad.push_back(hdr + std::string(200 << 10, '\0'));     // frame over max_inbound_frame
  std::string ctl = hdr;
  wire::append_record(ctl, 0, 0, 0, 0xFE, std::string(8, '\1')); // reserved control kind
  bad.push_back(ctl);
  std::string good_then_bad = r; // one good record, then garbage: the whole frame goes
  good_then_bad += std::string(2, '\0');
  bad.push_back(good_then_bad);
  for (const auto& f : bad)
    raw.send(f);

  std::string stranger; // well-formed, but from a node that is not a peer
  wire::append_header(stranger, "zz");
  wire::append_record(stranger, 1000, 9000, 0, 0, "who?");
  raw.send(stranger);
  raw.send(r); // valid, from "b": delivered
  BOOST_REQUIRE(wait_until([&] { return a.received.load() == 1; }));
  auto st = a.br->stats();
  BOOST_TEST(st.malformed_frames == bad.size());
  BOOST_TEST(st.unknown_node_frames == 1u);
  BOOST_TEST(st.records_in == 1u);
  auto got = a.snapshot();
  BOOST_REQUIRE_EQUAL(got.size(), 1u);
  BOOST_TEST(got[0].payload == "hello");
  BOOST_TEST(got[0].from == 2000u);
  BOOST_TEST(a.br->running());
}

BOOST_AUTO_TEST_CASE(send_statuses_and_explanations) {
  bridge_options o;
  o.max_payload = 100;
  o.frame_cap = 4096;
  o.max_inbound_frame = 4096;
  o.max_backlog = 4096;
  test_node a(ctx, "a", {"b"}, o);
  BOOST_REQUIRE(a.br->bind());
  a.br->set_peer_endpoint("b", ipc_endpoint("st-nobody"));
  BOOST_TEST((a.br->send(5000, 1000, elements::kind_of(ngn::protocol::sip), "x") == send_status::unknown_element));
  BOOST_TEST(a.br->explain(send_status::unknown_element, 5000).find("'a'") != std::string::npos);
  BOOST_TEST((a.br->send(2000, 1000, elements::kind_of(ngn::protocol::sip), std::string(101, 'x'))
              == send_status::invalid));
  BOOST_TEST((a.br->send(2000, 1000, static_cast<envelope_kind>(0xF1), "x") == send_status::invalid));
  BOOST_TEST((a.br->send(2000, 1000, elements::kind_of(ngn::protocol::sip), std::string(100, 'x')) == send_status::ok));
  const std::string why = a.br->explain(send_status::backlog_full, 2000);
  BOOST_TEST(why.find("node 'b'") != std::string::npos);
  BOOST_TEST(why.find("st-nobody") != std::string::npos);
  BOOST_REQUIRE(a.br->start());
  a.br->stop();
  BOOST_TEST(!a.br->running());
  BOOST_TEST((a.br->send(2000, 1000, elements::kind_of(ngn::protocol::sip), "x") == send_status::stopped));
  auto s = a.br->stats();
  BOOST_TEST(s.refused_unknown_element == 1u);
  BOOST_TEST(s.refused_invalid == 2u);
  std::string err;
  BOOST_TEST(!a.br->start(&err));
  BOOST_TEST(!err.empty());
}

BOOST_AUTO_TEST_CASE(bad_options_are_refused_by_start) {
  bridge_options o;
  o.frame_cap = 1000; // cannot hold a 64 KiB payload
  test_node a(ctx, "a", {"b"}, o);
  a.br->set_peer_endpoint("b", ipc_endpoint("opt-nobody"));
  std::string err;
  BOOST_TEST(!a.br->start(&err));
  BOOST_TEST(err.find("frame_cap") != std::string::npos);

  bridge_options slow;
  slow.coalesce = std::chrono::milliseconds(101);
  test_node e(ctx, "e", {"b"}, slow);
  e.br->set_peer_endpoint("b", ipc_endpoint("opt-nobody"));
  BOOST_TEST(!e.br->start(&err));
  BOOST_TEST(err.find("coalescing interval") != std::string::npos);

  test_node c(ctx, "c", {"c"}, {}); // a peer named like the node itself
  c.br->set_peer_endpoint("c", ipc_endpoint("opt-self"));
  BOOST_TEST(!c.br->start(&err));
  test_node d(ctx, "d", {"b"}, {}, "bogus://endpoint");
  d.br->set_peer_endpoint("b", ipc_endpoint("opt-nobody"));
  BOOST_TEST(!d.br->start(&err));
  BOOST_TEST(err.find("bogus") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(backlog_is_bounded_and_drains_when_the_peer_appears) {
  bridge_options o;
  o.sndhwm = 1;
  o.frame_cap = 80 << 10;
  o.max_backlog = 160 << 10;
  const std::string ghost_ep = ipc_endpoint("bl-ghost");
  test_node a(ctx, "a", {"b"}, o);
  BOOST_REQUIRE(a.br->bind());
  a.br->set_peer_endpoint("b", ghost_ep); // nobody bound there yet
  BOOST_REQUIRE(a.br->start());
  const std::string payload(1000, 'q');
  std::uint64_t accepted = 0;
  auto fill = [&] { // until refused; never blocks
    send_status st = send_status::ok;
    for (int i = 0; i < 100000 && st == send_status::ok; ++i) {
      st = a.br->send(2000, 1000, elements::kind_of(ngn::protocol::sip), payload);
      accepted += st == send_status::ok ? 1 : 0;
      if (i % 64 == 0)
        std::this_thread::sleep_for(1ms); // let the bridge thread move frames to ZeroMQ
    }
    return st;
  };
  BOOST_REQUIRE((fill() == send_status::backlog_full));
  std::this_thread::sleep_for(100ms); // ZeroMQ's pipe (SNDHWM 1) takes what it can
  BOOST_REQUIRE((fill() == send_status::backlog_full));
  BOOST_TEST(accepted < 1000u);
  auto info = a.br->peers().at(0);
  BOOST_TEST(info.backlog <= o.max_backlog);
  BOOST_TEST(info.backlog > o.max_backlog - 2000);
  BOOST_TEST(a.br->stats().backlog_hwm <= o.max_backlog);
  BOOST_TEST(a.br->stats().refused_backlog_full == 2u);
  BOOST_TEST((info.state == peer_state::pending));

  test_node b(ctx, "b", {"a"}, o, ghost_ep);
  BOOST_REQUIRE(b.br->bind());
  b.br->set_peer_endpoint("a", a.br->endpoint());
  BOOST_REQUIRE(b.br->start());
  BOOST_REQUIRE(wait_until([&] { return b.received.load() == accepted; }));
  BOOST_REQUIRE(wait_until([&] { return a.br->peers().at(0).backlog == 0; }));
  BOOST_TEST((a.br->send(2000, 1000, elements::kind_of(ngn::protocol::sip), payload) == send_status::ok));
  BOOST_REQUIRE(wait_until([&] { return b.received.load() == accepted + 1; }));
}

BOOST_AUTO_TEST_CASE(mutual_flood_with_small_hwms_does_not_deadlock) {
  bridge_options o;
  o.sndhwm = 2;
  o.rcvhwm = 2;
  o.frame_cap = 128 << 10;
  o.max_backlog = 256 << 10;
  o.dead_after = 10; // liveness must hold through the flood; leave room for a loaded machine
  test_node a(ctx, "a", {"b"}, o);
  test_node b(ctx, "b", {"a"}, o);
  a.keep = b.keep = false;
  BOOST_REQUIRE(start_all({&a, &b}));
  BOOST_REQUIRE(a.br->wait_ready({"b"}, 10s));
  BOOST_REQUIRE(b.br->wait_ready({"a"}, 10s));
  constexpr std::uint64_t n = 1000000;
  std::atomic<std::uint64_t> full_a{0}, full_b{0};
  auto flood = [n](test_node& from, elements::element_id to, std::atomic<std::uint64_t>& full) {
    const elements::element_id me = base_of(from.name);
    for (std::uint64_t i = 0; i < n; ++i) {
      send_status st;
      while ((st = from.br->send(to, me, elements::kind_of(ngn::protocol::sip), "0123456789abcdef"))
             == send_status::backlog_full) {
        full.fetch_add(1);
        std::this_thread::yield();
      }
      if (st != send_status::ok)
        return; // a failure: the counts below will not match
    }
  };
  std::thread ta([&] { flood(a, 2000, full_a); });
  std::thread tb([&] { flood(b, 1000, full_b); });
  ta.join();
  tb.join();
  BOOST_REQUIRE(wait_until([&] { return a.received.load() == n && b.received.load() == n; }, 90s));
  BOOST_TEST_MESSAGE("flood: a refused " << full_a.load() << " times, b " << full_b.load()
                                         << "; a records/frame " << a.br->stats().records_per_frame());
  BOOST_TEST(a.br->stats().backlog_hwm <= o.max_backlog);
  BOOST_TEST(b.br->stats().backlog_hwm <= o.max_backlog);
  BOOST_TEST(a.br->stats().peer_downs == 0u);
  BOOST_TEST(b.br->stats().peer_downs == 0u);
  BOOST_TEST(a.br->stats().refused_backlog_full + b.br->stats().refused_backlog_full > 0u);
}

BOOST_AUTO_TEST_SUITE_END()
