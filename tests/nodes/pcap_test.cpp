// nodes/pcap_writer: the file format (libpcap, Ethernet / IPv4 / UDP with both checksums), the
// timestamp order, the byte bound (drops, never blocking the caller) and the I/O errors.
#include "nodes/pcap_writer.hpp"
#include "tests/nodes/pcap_file.hpp"

#include <boost/test/unit_test.hpp>

#include <atomic>
#include <chrono>
#include <csignal>
#include <thread>

#include <fcntl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace ngn::nodes;
using namespace ngn::nodes::test;
using namespace std::chrono_literals;

namespace {

constexpr std::uint32_t t_ip = 0xC000020A;  // 192.0.2.10
constexpr std::uint32_t ss_ip = 0xC0000201; // 192.0.2.1

pcap_options one_batch() {
  // The writer drains only on close()/flush(): what was written before is one batch.
  pcap_options o;
  o.flush_interval = 3600s;
  return o;
}

pcap_file read_back(const std::string& path) {
  auto f = parse_pcap(read_all(path));
  BOOST_REQUIRE(f.has_value());
  return *f;
}

std::uint16_t fold_sum(std::uint32_t acc) {
  while (acc >> 16) acc = (acc & 0xffff) + (acc >> 16);
  return static_cast<std::uint16_t>(acc);
}

} // namespace

BOOST_AUTO_TEST_SUITE(pcap_writer_format)

BOOST_AUTO_TEST_CASE(headers_and_checksums) {
  temp_dir d;
  const auto path = d.file("t.pcap");
  const std::string odd = "REGISTER sip:ngn.example SIP/2.0\r\n\r\n!"; // odd length
  // A payload whose UDP sum is 0xffff: the checksum must then be sent as 0xffff (RFC 768).
  std::string zero_sum = "abcd";
  {
    std::uint32_t acc = (t_ip >> 16) + (t_ip & 0xffff) + (ss_ip >> 16) + (ss_ip & 0xffff) + 17
                        + 12 + 5060 + 5060 + 12 + ('a' << 8 | 'b');
    const std::uint16_t w = static_cast<std::uint16_t>(0xffff - fold_sum(acc));
    zero_sum[2] = static_cast<char>(w >> 8);
    zero_sum[3] = static_cast<char>(w & 0xff);
  }
  const std::string largest(pcap_writer::max_payload, 'x');
  pcap_writer w(path);
  BOOST_TEST(w.write(1700000000123456, t_ip, 5060, ss_ip, 5060, odd));
  BOOST_TEST(w.write(1700000000123457, ss_ip, 2727, t_ip, 2427, ""));
  BOOST_TEST(w.write(1700000000123458, t_ip, 5060, ss_ip, 5060, zero_sum));
  BOOST_TEST(w.write(1700000000123459, ss_ip, 1719, t_ip, 1719, largest));
  BOOST_TEST(!w.write(1700000000123460, ss_ip, 1719, t_ip, 1719, largest + "y"));
  w.close();
  const auto s = w.stats();
  BOOST_TEST(s.packets_written == 4u);
  BOOST_TEST(s.packets_dropped == 1u);
  BOOST_TEST(s.error.empty());
  BOOST_TEST(s.bytes_written == read_all(path).size());

  const auto f = read_back(path);
  BOOST_TEST(f.magic == 0xa1b2c3d4u);
  BOOST_TEST(f.linktype == 1u); // LINKTYPE_ETHERNET
  BOOST_TEST(!f.truncated);
  BOOST_REQUIRE(f.frames.size() == 4u);
  const auto& a = f.frames[0];
  BOOST_TEST(a.ts == 1700000000123456);
  BOOST_TEST(a.src_ip == t_ip);
  BOOST_TEST(a.dst_ip == ss_ip);
  BOOST_TEST(a.src_port == 5060);
  BOOST_TEST(a.dst_port == 5060);
  BOOST_TEST(a.payload == odd);
  BOOST_TEST(f.frames[1].src_port == 2727);
  BOOST_TEST(f.frames[1].dst_port == 2427);
  BOOST_TEST(f.frames[1].payload.empty());
  BOOST_TEST(f.frames[2].udp_checksum == 0xffff);
  BOOST_TEST(f.frames[3].payload == largest);
  for (std::size_t i = 0; i < f.frames.size(); ++i) {
    const auto& fr = f.frames[i];
    BOOST_TEST(fr.ip_checksum_ok);
    BOOST_TEST(fr.udp_checksum_ok);
    BOOST_TEST(fr.ttl == 64);
    BOOST_TEST(fr.dont_fragment);
    BOOST_TEST(fr.macs_from_ips);
    BOOST_TEST(fr.ip_id == i);
  }
}

BOOST_AUTO_TEST_CASE(destructor_closes_and_later_writes_are_refused) {
  temp_dir d;
  const auto path = d.file("t.pcap");
  {
    pcap_writer w(path);
    BOOST_TEST(w.write(1, t_ip, 5060, ss_ip, 5060, "x"));
  }
  BOOST_TEST(read_back(path).frames.size() == 1u);

  pcap_writer w(d.file("u.pcap"));
  BOOST_TEST(w.write(1, t_ip, 5060, ss_ip, 5060, "x"));
  w.close();
  w.close(); // idempotent
  BOOST_TEST(!w.write(2, t_ip, 5060, ss_ip, 5060, "y"));
  w.flush(); // returns at once
  BOOST_TEST(w.stats().packets_written == 1u);
  BOOST_TEST(w.stats().packets_dropped == 1u);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(pcap_writer_order)

BOOST_AUTO_TEST_CASE(sorted_stably_within_a_batch) {
  temp_dir d;
  const auto path = d.file("t.pcap");
  pcap_writer w(path, one_batch());
  // Two "threads" (by port) with non-decreasing timestamps each, interleaved out of order.
  BOOST_TEST(w.write(300, t_ip, 1, ss_ip, 9, "a300"));
  BOOST_TEST(w.write(100, t_ip, 2, ss_ip, 9, "b100"));
  BOOST_TEST(w.write(300, t_ip, 1, ss_ip, 9, "a300'"));
  BOOST_TEST(w.write(100, t_ip, 2, ss_ip, 9, "b100'"));
  BOOST_TEST(w.write(200, t_ip, 2, ss_ip, 9, "b200"));
  w.close();
  const auto f = read_back(path);
  std::vector<std::string> got;
  for (const auto& fr : f.frames) got.push_back(fr.payload);
  const std::vector<std::string> want{"b100", "b100'", "b200", "a300", "a300'"};
  BOOST_TEST(got == want, boost::test_tools::per_element());
  BOOST_TEST(w.stats().timestamps_raised == 0u);
  for (std::size_t i = 0; i < f.frames.size(); ++i) BOOST_TEST(f.frames[i].ip_id == i);
}

BOOST_AUTO_TEST_CASE(a_late_packet_is_raised_to_the_last_written_timestamp) {
  temp_dir d;
  const auto path = d.file("t.pcap");
  pcap_writer w(path, one_batch());
  BOOST_TEST(w.write(2000, t_ip, 5060, ss_ip, 5060, "first"));
  w.flush(); // batch boundary
  BOOST_TEST(w.write(1000, t_ip, 5060, ss_ip, 5060, "late"));
  BOOST_TEST(w.write(1500, t_ip, 5060, ss_ip, 5060, "late2"));
  BOOST_TEST(w.write(2500, t_ip, 5060, ss_ip, 5060, "on time"));
  w.close();
  const auto f = read_back(path);
  BOOST_REQUIRE(f.frames.size() == 4u);
  BOOST_TEST(f.frames[1].payload == "late");
  BOOST_TEST(f.frames[1].ts == 2000);
  BOOST_TEST(f.frames[2].ts == 2000);
  BOOST_TEST(f.frames[3].ts == 2500);
  BOOST_TEST(w.stats().timestamps_raised == 2u);
}

BOOST_AUTO_TEST_CASE(many_threads_give_a_file_in_timestamp_order) {
  temp_dir d;
  const auto path = d.file("t.pcap");
  constexpr int threads = 4, per_thread = 20000;
  pcap_options o;
  o.flush_interval = 1ms; // many batch boundaries
  pcap_writer w(path, o);
  std::atomic<std::int64_t> clock{1700000000000000};
  std::atomic<int> refused{0}; // Boost.Test assertions are not thread-safe: count instead
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t)
    pool.emplace_back([&, t] {
      for (int i = 0; i < per_thread; ++i) {
        const std::int64_t ts = clock.fetch_add(1) / 4; // shared, so equal stamps happen too
        const std::string p = std::to_string(t) + ":" + std::to_string(i);
        if (!w.write(ts, t_ip + static_cast<std::uint32_t>(t), 5060, ss_ip, 5060, p)) ++refused;
      }
    });
  for (auto& th : pool) th.join();
  BOOST_TEST(refused.load() == 0);
  w.close();
  const auto s = w.stats();
  BOOST_TEST(s.packets_written == std::uint64_t{threads * per_thread});
  BOOST_TEST(s.packets_dropped == 0u);
  const auto f = read_back(path);
  BOOST_REQUIRE(f.frames.size() == std::size_t{threads * per_thread});
  std::vector<int> next(threads, 0);
  bool ordered = true, per_thread_order = true, ids = true;
  for (std::size_t i = 0; i < f.frames.size(); ++i) {
    const auto& fr = f.frames[i];
    if (i > 0 && fr.ts < f.frames[i - 1].ts) ordered = false;
    if (fr.ip_id != static_cast<std::uint16_t>(i)) ids = false;
    const int t = static_cast<int>(fr.src_ip - t_ip);
    if (fr.payload != std::to_string(t) + ":" + std::to_string(next[t]++)) per_thread_order = false;
  }
  BOOST_TEST(ordered);
  BOOST_TEST(per_thread_order);
  BOOST_TEST(ids);
  BOOST_TEST_MESSAGE("4 threads x 20000 packets: " << s.timestamps_raised
                                                   << " timestamps raised across batches");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(pcap_writer_limits)

BOOST_AUTO_TEST_CASE(a_stalled_writer_makes_write_drop_not_block) {
  temp_dir d;
  const auto fifo = d.file("trace.fifo");
  BOOST_REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  const int rd = ::open(fifo.c_str(), O_RDONLY | O_NONBLOCK); // a reader that does not read
  BOOST_REQUIRE(rd >= 0);
  pcap_options o;
  o.max_buffer_bytes = 64 * 1024;
  o.flush_interval = 1ms;
  pcap_writer w(fifo, o);
  const std::string payload(500, 'x');
  constexpr int total = 5000;
  int refused = 0;
  // If write() waited for the pipe, this loop would never end: nobody reads the pipe yet.
  const auto t0 = std::chrono::steady_clock::now();
  for (int i = 0; i < total; ++i)
    if (!w.write(i, t_ip, 5060, ss_ip, 5060, payload)) ++refused;
  const auto took = std::chrono::steady_clock::now() - t0;
  BOOST_TEST(refused > total / 2);
  BOOST_TEST(w.stats().packets_dropped == std::uint64_t(refused));
  BOOST_TEST(std::chrono::duration_cast<std::chrono::milliseconds>(took).count() < 2000);

  // Now read everything: close() drains what was accepted.
  BOOST_REQUIRE(::fcntl(rd, F_SETFL, 0) == 0);
  std::string got;
  std::thread reader([&] {
    char buf[65536];
    ssize_t n;
    while ((n = ::read(rd, buf, sizeof buf)) > 0) got.append(buf, static_cast<std::size_t>(n));
  });
  w.close();
  reader.join();
  ::close(rd);
  const auto s = w.stats();
  BOOST_TEST(s.error.empty());
  BOOST_TEST(s.packets_written + s.packets_dropped == std::uint64_t{total});
  const auto f = parse_pcap(got);
  BOOST_REQUIRE(f.has_value());
  BOOST_TEST(!f->truncated);
  BOOST_TEST(f->frames.size() == s.packets_written);
  BOOST_TEST(f->frames.size() == std::size_t(total - refused));
}

BOOST_AUTO_TEST_CASE(a_file_that_cannot_be_created_throws_with_its_path) {
  const std::string path = "/nonexistent-ngn-dir/sub/trace.pcap";
  try {
    pcap_writer w(path);
    BOOST_FAIL("no exception");
  } catch (const std::runtime_error& e) {
    const std::string what = e.what();
    BOOST_TEST(what.find(path) != std::string::npos, what);
    BOOST_TEST(what.find("No such file or directory") != std::string::npos, what);
  }
}

BOOST_AUTO_TEST_CASE(disk_full_is_reported_and_writes_go_on_without_blocking) {
  pcap_options o;
  o.flush_interval = 1ms;
  pcap_writer w("/dev/full", o); // opens fine; every write(2) fails with ENOSPC
  std::uint64_t total = 0;
  for (int i = 0; i < 100; ++i, ++total) w.write(i, t_ip, 5060, ss_ip, 5060, "REGISTER");
  w.flush();
  const auto s = w.stats();
  BOOST_TEST(s.error == "/dev/full: disk full (No space left on device) after 0 packets");
  BOOST_TEST(s.packets_written == 0u);
  BOOST_TEST(s.packets_dropped == 100u);
  const auto t0 = std::chrono::steady_clock::now();
  bool any = false;
  for (int i = 0; i < 100000; ++i, ++total) any |= w.write(i, t_ip, 5060, ss_ip, 5060, "x");
  const auto took = std::chrono::steady_clock::now() - t0;
  BOOST_TEST(!any);
  BOOST_TEST(std::chrono::duration_cast<std::chrono::milliseconds>(took).count() < 2000);
  w.close();
  BOOST_TEST(w.stats().packets_dropped == total);
}

BOOST_AUTO_TEST_CASE(an_error_midway_leaves_a_readable_file) {
  // RLIMIT_FSIZE gives a short write and then EFBIG after ~3 MiB (SIGXFSZ ignored meanwhile):
  // the file is cut back to its last whole chunk and holds exactly the packets counted written.
  temp_dir d;
  const auto path = d.file("t.pcap");
  rlimit old{};
  BOOST_REQUIRE(::getrlimit(RLIMIT_FSIZE, &old) == 0);
  const auto old_handler = std::signal(SIGXFSZ, SIG_IGN);
  rlimit lim = old;
  lim.rlim_cur = 3 * 1024 * 1024 + 123;
  BOOST_REQUIRE(::setrlimit(RLIMIT_FSIZE, &lim) == 0);
  constexpr int total = 20000;
  pcap_writer::stats_type s;
  {
    pcap_writer w(path);
    const std::string payload(500, 'p');
    for (int i = 0; i < total; ++i) w.write(i, t_ip, 5060, ss_ip, 5060, payload);
    w.close();
    s = w.stats();
  }
  ::setrlimit(RLIMIT_FSIZE, &old);
  std::signal(SIGXFSZ, old_handler);
  BOOST_TEST(s.error.find(path + ": file too large (File too large) after ") == 0u, s.error);
  BOOST_TEST(s.packets_written > 0u);
  BOOST_TEST(s.packets_written + s.packets_dropped == std::uint64_t{total});
  const auto bytes = read_all(path);
  BOOST_TEST(bytes.size() == s.bytes_written);
  const auto f = parse_pcap(bytes);
  BOOST_REQUIRE(f.has_value());
  BOOST_TEST(!f->truncated);
  BOOST_TEST(f->frames.size() == s.packets_written);
}

BOOST_AUTO_TEST_SUITE_END()
