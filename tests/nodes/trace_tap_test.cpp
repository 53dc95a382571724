// nodes/trace_tap: envelope kind → the protocol's ports between the elements' addresses, the AuC
// leg on its private port (or left out), untraceable envelopes counted, and the cost per packet
// on the caller's thread.
#include "nodes/trace_tap.hpp"
#include "tests/nodes/pcap_file.hpp"
#include "tests/nodes/trace_fixture.hpp"

#include <boost/test/unit_test.hpp>

#include <chrono>
#include <ctime>

using namespace ngn;
using namespace ngn::nodes;
using namespace ngn::nodes::test;

BOOST_AUTO_TEST_SUITE(trace_tap_mapping)

BOOST_AUTO_TEST_CASE(each_kind_gets_its_ports) {
  temp_dir d;
  const auto path = d.file("t.pcap");
  auto w = std::make_shared<pcap_writer>(path);
  std::int64_t now = 1700000000000000;
  tap_options o;
  o.clock = [&now] { return now += 10; };
  trace_tap tap(fixture_addresses, w, o);
  using k = elements::envelope_kind;
  tap({fixture_ss, fixture_terminal, elements::kind_of(ngn::protocol::sip), "sip"});
  tap({fixture_ss, fixture_terminal, elements::kind_of(ngn::protocol::mgcp), "mgcp"});
  tap({fixture_terminal, fixture_ss, elements::kind_of(ngn::protocol::mgcp), "mgcp back"});
  tap({fixture_ss, fixture_terminal, elements::kind_of(ngn::protocol::h248), "h248"});
  tap({fixture_ss, fixture_terminal, elements::kind_of(ngn::protocol::h323), "ras"});
  tap({fixture_auc, fixture_ss, k::auc, "auc"});
  tap({fixture_ss, fixture_proxy, elements::kind_of(ngn::protocol::sip), "proxy hop"});
  tap({12345, fixture_ss, elements::kind_of(ngn::protocol::sip), "to nowhere"});          // no address: untraced
  tap({fixture_ss, fixture_terminal, static_cast<k>(7), "?"}); // unknown kind: untraced
  BOOST_TEST(tap.untraced() == 2u);
  w->close();
  const auto f = parse_pcap(read_all(path));
  BOOST_REQUIRE(f.has_value());
  BOOST_REQUIRE(f->frames.size() == 7u);
  struct want {
    std::uint32_t src_ip;
    std::uint16_t src_port;
    std::uint32_t dst_ip;
    std::uint16_t dst_port;
    std::string payload;
  };
  const want wants[] = {
    {fixture_t_ip, 5060, fixture_ss_ip, 5060, "sip"},
    {fixture_t_ip, 2427, fixture_ss_ip, 2727, "mgcp"},
    {fixture_ss_ip, 2727, fixture_t_ip, 2427, "mgcp back"},
    {fixture_t_ip, 2944, fixture_ss_ip, 2944, "h248"},
    {fixture_t_ip, 1719, fixture_ss_ip, 1719, "ras"},
    {fixture_ss_ip, default_auc_port, fixture_auc_ip, default_auc_port, std::string(auc_trace_tag) + "auc"},
    {fixture_sp_ip, 5060, fixture_ss_ip, 5060, "proxy hop"},
  };
  for (std::size_t i = 0; i < 7; ++i) {
    const auto& fr = f->frames[i];
    BOOST_TEST_CONTEXT("frame " << i) {
      BOOST_TEST(fr.src_ip == wants[i].src_ip);
      BOOST_TEST(fr.src_port == wants[i].src_port);
      BOOST_TEST(fr.dst_ip == wants[i].dst_ip);
      BOOST_TEST(fr.dst_port == wants[i].dst_port);
      BOOST_TEST(fr.payload == wants[i].payload);
      BOOST_TEST(fr.ts == 1700000000000000 + 10 * static_cast<std::int64_t>(i + 1));
    }
  }
}

BOOST_AUTO_TEST_CASE(the_auc_leg_can_be_left_out) {
  temp_dir d;
  const auto path = d.file("t.pcap");
  auto w = std::make_shared<pcap_writer>(path);
  tap_options o;
  o.include_auc = false;
  trace_tap tap(fixture_addresses, w, o);
  tap({fixture_auc, fixture_ss, elements::envelope_kind::auc, "auc"});
  tap({fixture_ss, fixture_terminal, elements::kind_of(ngn::protocol::sip), "sip"});
  BOOST_TEST(tap.untraced() == 0u);
  w->close();
  const auto f = parse_pcap(read_all(path));
  BOOST_REQUIRE(f.has_value());
  BOOST_REQUIRE(f->frames.size() == 1u);
  BOOST_TEST(f->frames[0].payload == "sip");
}

// `ngnemu node`: a message is traced by its sender's node only (tap_options::traced); what the
// predicate leaves out is counted apart from the untraceable.
BOOST_AUTO_TEST_CASE(the_predicate_leaves_messages_to_the_senders_trace) {
  temp_dir d;
  const auto path = d.file("t.pcap");
  auto w = std::make_shared<pcap_writer>(path);
  tap_options o;
  o.traced = [](const elements::envelope& e) { return e.from != fixture_proxy; };
  trace_tap tap(fixture_addresses, w, o);
  const auto sip = elements::kind_of(ngn::protocol::sip);
  // envelope{to, from, ...}
  tap({fixture_proxy, fixture_ss, sip, "ours"});
  tap({fixture_ss, fixture_proxy, sip, "the proxy's node traces it"});
  tap({fixture_ss, fixture_proxy, sip, "again"});
  BOOST_TEST(tap.left_to_others() == 2u);
  BOOST_TEST(tap.untraced() == 0u);
  w->close();
  const auto f = parse_pcap(read_all(path));
  BOOST_REQUIRE(f.has_value());
  BOOST_REQUIRE(f->frames.size() == 1u);
  BOOST_TEST(f->frames[0].payload == "ours");
}

BOOST_AUTO_TEST_CASE(the_default_clock_is_unix_time_and_never_goes_back) {
  const auto clock = monotonic_unix_clock();
  const auto wall = std::chrono::duration_cast<std::chrono::microseconds>(
                      std::chrono::system_clock::now().time_since_epoch())
                      .count();
  std::int64_t last = clock();
  BOOST_TEST(std::abs(last - wall) < 5000000); // within 5 s of the wall clock
  bool monotonic = true;
  for (int i = 0; i < 100000; ++i) {
    const auto t = clock();
    if (t < last) monotonic = false;
    last = t;
  }
  BOOST_TEST(monotonic);
}

BOOST_AUTO_TEST_CASE(cost_per_packet_on_the_callers_thread) {
  // The router calls the tap for every envelope: address lookups, clock, one payload copy under
  // the queue's lock. Measured as the calling thread's CPU time (this machine may be shared, so
  // wall time includes other processes) over rounds of 100,000 packets after a warm-up round
  // (the queue's pages are faulted in once, then reused from its start after every drain); the
  // best round is what the code costs, the others add the machine's noise.
  auto w = std::make_shared<pcap_writer>("/dev/null"); // the caller's cost, not the disk's
  trace_tap tap(fixture_addresses, w);                  // the real clock
  elements::envelope e{fixture_ss, fixture_terminal, elements::kind_of(ngn::protocol::sip),
                     std::string(fixture_register)};
  constexpr int n = 100000; // ~50 MB per round: fits the default 64 MiB bound
  const auto cpu = [] {
    timespec t{};
    ::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) * 1e9 + static_cast<double>(t.tv_nsec);
  };
  double best = 1e12;
  for (int round = 0; round < 4; ++round) {
    const double c0 = cpu();
    const auto t0 = std::chrono::steady_clock::now();
    for (int i = 0; i < n; ++i) tap(e);
    const auto t1 = std::chrono::steady_clock::now();
    const double cpu_ns = (cpu() - c0) / n;
    w->flush();
    const double wall_ns = std::chrono::duration<double, std::nano>(t1 - t0).count() / n;
    BOOST_TEST_MESSAGE("trace tap + pcap_writer::write, " << e.payload.size() << "-byte payload, "
                       << (round == 0 ? "warm-up" : "round") << ": " << cpu_ns
                       << " ns CPU per packet on the caller's thread (" << wall_ns << " ns wall)");
    if (round > 0 && cpu_ns < best) best = cpu_ns;
  }
  w->close();
  BOOST_TEST(w->stats().packets_written == std::uint64_t{4 * n});
  BOOST_TEST(w->stats().packets_dropped == 0u);
#if defined(__SANITIZE_ADDRESS__)
  BOOST_TEST(best < 5000.0); // ASan/UBSan instrument every access: only a sanity bound
#else
  BOOST_TEST(best < 1000.0); // the requirement: under 1 µs per packet, even unoptimised
#endif
}

BOOST_AUTO_TEST_SUITE_END()
