// bench_bridge: two bridges in one process over tcp://127.0.0.1 (reference/caf-0.17.md §6.2, §6.3
// without CAF). Usage: bench_bridge [one_way_n=1000000] [pairs=10000] [rounds=100] [producers=1]
//  1. one-way: `producers` threads send n 32-byte envelopes a -> b, timed until b has all;
//  2. round trips: `pairs` request/response pairs in flight (window 1 each), `rounds` each; b
//     echoes from its deliver callback, a sends the next request from its own.
#include "nodes/bridge.hpp"

#include <zmq.hpp>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

using namespace ngn;
using namespace ngn::nodes;
using elements::element_id;
using elements::envelope;
using elements::envelope_kind;
using clk = std::chrono::steady_clock;

namespace {

struct node {
  std::atomic<std::uint64_t> received{0};
  std::function<void(std::vector<envelope>&)> on_batch;
  std::unique_ptr<bridge> br; // last: destroyed (thread joined) before what its callbacks use
};

/// Elements with bit 40 set are on b, the others on a; each resolves the other's to its peer 0.
constexpr element_id on_b_bit = element_id{1} << 40;
std::unique_ptr<node> make(zmq::context_t& ctx, const char* name, const char* peer, bool on_b) {
  auto n = std::make_unique<node>();
  bridge_options o;
  o.node = name;
  o.peers.push_back({peer, "", ""});
  bridge_hooks h;
  h.resolve = [on_b](element_id e) { return ((e & on_b_bit) != 0) != on_b ? 0 : -1; };
  node* self = n.get();
  h.deliver = [self](std::vector<envelope>&& batch) {
    if (self->on_batch)
      self->on_batch(batch);
    self->received.fetch_add(batch.size(), std::memory_order_relaxed);
  };
  n->br = std::make_unique<bridge>(ctx, std::move(o), std::move(h));
  return n;
}

bool start_pair(node& a, node& b) {
  std::string err;
  if (!a.br->bind(&err) || !b.br->bind(&err)) {
    std::fprintf(stderr, "%s\n", err.c_str());
    return false;
  }
  a.br->set_peer_endpoint("b", b.br->endpoint());
  b.br->set_peer_endpoint("a", a.br->endpoint());
  if (!a.br->start(&err) || !b.br->start(&err)) {
    std::fprintf(stderr, "%s\n", err.c_str());
    return false;
  }
  return a.br->wait_ready({"b"}, std::chrono::seconds(10))
         && b.br->wait_ready({"a"}, std::chrono::seconds(10));
}

double seconds_since(clk::time_point t0) {
  return std::chrono::duration<double>(clk::now() - t0).count();
}

void one_way(zmq::context_t& ctx, std::uint64_t n, unsigned producers) {
  auto a = make(ctx, "a", "b", false);
  auto b = make(ctx, "b", "a", true);
  if (!start_pair(*a, *b))
    return;
  const std::string payload(32, 'p');
  std::atomic<std::uint64_t> refused{0};
  const auto t0 = clk::now();
  std::vector<std::thread> threads;
  for (unsigned t = 0; t < producers; ++t)
    threads.emplace_back([&, t] {
      for (std::uint64_t i = t; i < n; i += producers)
        while (a->br->send(on_b_bit | (i % 100), 1 + i % 100, elements::kind_of(ngn::protocol::sip), payload)
               == send_status::backlog_full) {
          refused.fetch_add(1, std::memory_order_relaxed);
          std::this_thread::yield();
        }
    });
  for (auto& t : threads)
    t.join();
  const double sent = seconds_since(t0);
  while (b->received.load() < n)
    std::this_thread::sleep_for(std::chrono::microseconds(200));
  const double secs = seconds_since(t0);
  const auto s = a->br->stats();
  std::printf("one-way: %llu envelopes (32 B payload, %u producer%s) in %.3f s = %.2f M envelopes/s"
              " (senders done after %.3f s)\n",
              static_cast<unsigned long long>(n), producers, producers == 1 ? "" : "s", secs,
              static_cast<double>(n) / secs / 1e6, sent);
  std::printf("         %llu frames, %.1f records/frame (max %llu), %.1f MB, backlog hwm %llu B, "
              "backlog_full %llu\n",
              static_cast<unsigned long long>(s.frames_out), s.records_per_frame(),
              static_cast<unsigned long long>(s.max_records_per_frame),
              static_cast<double>(s.bytes_out) / 1e6,
              static_cast<unsigned long long>(s.backlog_hwm),
              static_cast<unsigned long long>(refused.load()));
}

void round_trips(zmq::context_t& ctx, std::uint64_t pairs, std::uint64_t rounds) {
  auto a = make(ctx, "a", "b", false);
  auto b = make(ctx, "b", "a", true);
  node* bp = b.get();
  b->on_batch = [bp](std::vector<envelope>& batch) { // echo
    for (auto& e : batch)
      bp->br->send(e.from, e.to, e.kind, e.payload);
  };
  const std::uint64_t total = pairs * rounds;
  std::atomic<std::uint64_t> issued{pairs};
  std::atomic<std::uint64_t> lost{0};
  node* ap = a.get();
  a->on_batch = [ap, &issued, &lost, total](std::vector<envelope>& batch) { // next request
    for (auto& e : batch)
      if (issued.fetch_add(1, std::memory_order_relaxed) < total
          && ap->br->send(e.from, e.to, e.kind, e.payload) != send_status::ok)
        lost.fetch_add(1);
  };
  if (!start_pair(*a, *b))
    return;
  const std::string payload(32, 'r');
  const auto t0 = clk::now();
  for (std::uint64_t i = 0; i < pairs; ++i)
    while (a->br->send(on_b_bit | i, i + 1, elements::kind_of(ngn::protocol::sip), payload) != send_status::ok)
      std::this_thread::yield();
  while (a->received.load() + lost.load() < total)
    std::this_thread::sleep_for(std::chrono::microseconds(200));
  const double secs = seconds_since(t0);
  const auto sa = a->br->stats();
  const auto sb = b->br->stats();
  std::printf("round trips: %llu pairs x %llu = %llu RTT in %.3f s = %.0f k RTT/s, %.2f M msgs/s"
              " (lost %llu)\n",
              static_cast<unsigned long long>(pairs), static_cast<unsigned long long>(rounds),
              static_cast<unsigned long long>(total), secs, static_cast<double>(total) / secs / 1e3,
              2.0 * static_cast<double>(total) / secs / 1e6,
              static_cast<unsigned long long>(lost.load()));
  std::printf("             records/frame: requests %.1f, responses %.1f\n", sa.records_per_frame(),
              sb.records_per_frame());
}

} // namespace

int main(int argc, char** argv) {
  auto arg = [&](int i, std::uint64_t def) {
    return argc > i ? std::strtoull(argv[i], nullptr, 10) : def;
  };
  const std::uint64_t n = arg(1, 1000000);
  const std::uint64_t pairs = arg(2, 10000);
  const std::uint64_t rounds = arg(3, 100);
  const auto producers = static_cast<unsigned>(arg(4, 1));
  zmq::context_t ctx(1);
  one_way(ctx, n, producers == 0 ? 1 : producers);
  round_trips(ctx, pairs, rounds);
  return 0;
}
