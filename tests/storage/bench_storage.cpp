// bench_storage [registrations] [directory] [throughput|latency]: throughput and commit latency
// of the group-commit writer for a registration-like mix. Per registration the AuC writes an
// sqn_update and a session_insert (challenge) and later a session_update (established), i.e. 3
// operations.
// Build in Release. Not a ctest.
#include "storage/subscriber_store.hpp"
#include "storage/writer.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <unistd.h>

using namespace ngn;
using namespace ngn::storage;
using clock_type = std::chrono::steady_clock;

namespace {

double seconds_since(clock_type::time_point t0) {
  return std::chrono::duration<double>(clock_type::now() - t0).count();
}

/// CPU seconds used so far by each thread of this process (Linux /proc), by thread id.
std::map<int, double> thread_cpu() {
  std::map<int, double> out;
  const double tick = 100.0; // USER_HZ
  for (const auto& e : std::filesystem::directory_iterator("/proc/self/task")) {
    std::ifstream f(e.path() / "stat");
    std::string line;
    std::getline(f, line);
    auto close = line.rfind(')');
    if (close == std::string::npos) continue;
    std::istringstream rest(line.substr(close + 2));
    std::string field;
    double utime = 0, stime = 0;
    for (int i = 3; i <= 15 && rest >> field; ++i) {
      if (i == 14) utime = std::stod(field);
      if (i == 15) stime = std::stod(field);
    }
    out[std::stoi(e.path().filename().string())] = (utime + stime) / tick;
  }
  return out;
}

/// CPU seconds of every thread other than the main one between two thread_cpu() samples.
double other_threads_cpu(const std::map<int, double>& before, const std::map<int, double>& after) {
  const int main_tid = static_cast<int>(getpid());
  double sum = 0;
  for (const auto& [tid, cpu] : after) {
    if (tid == main_tid) continue;
    auto it = before.find(tid);
    sum += cpu - (it == before.end() ? 0.0 : it->second);
  }
  return sum;
}

std::int64_t unix_us() {
  using namespace std::chrono;
  return duration_cast<microseconds>(system_clock::now().time_since_epoch()).count();
}

double per_transaction(const writer::stats& st) {
  const auto tx = std::max<std::uint64_t>(1, st.transactions);
  return static_cast<double>(st.ops) / static_cast<double>(tx);
}

session_row challenge_row(std::int64_t id, const std::string& identity, std::int64_t now) {
  session_row r;
  r.id = id;
  r.identity = identity;
  r.protocol = "sip";
  r.proxy = "sp1";
  r.softswitch = "ss1";
  r.auc = "auc";
  r.terminal_node = "node1";
  r.proxy_node = "node1";
  r.softswitch_node = "node1";
  r.auc_node = "node1";
  r.rand = bytes(16, static_cast<std::uint8_t>(id));
  r.sk_fingerprint = bytes(32, static_cast<std::uint8_t>(id >> 8));
  r.t_request = now;
  r.t_challenge = now + 150;
  return r;
}

session_update success(std::int64_t id, std::int64_t now) {
  session_update u;
  u.id = id;
  u.state = session_state::established;
  u.mechanism = "aes-gcm";
  u.t_response = now + 900;
  u.t_success = now + 1000;
  return u;
}

std::vector<std::string> identities(std::size_t n) {
  std::vector<std::string> ids;
  ids.reserve(n);
  identity_pattern p("t{n:06}@ngn.example");
  for (std::size_t i = 1; i <= n; ++i) ids.push_back(p.format(i));
  return ids;
}

std::string fresh_db(const std::filesystem::path& dir, const std::string& name, std::size_t subs) {
  std::string path = (dir / name).string();
  for (const char* ext : {"", "-wal", "-shm"}) std::filesystem::remove(path + ext);
  subscriber_store store(path);
  provision_options o;
  o.count = subs;
  auto t0 = clock_type::now();
  store.provision(o);
  std::printf("  provisioned %zu subscribers in %.3f s\n", subs, seconds_since(t0));
  return path;
}

/// As fast as one producer thread can submit.
void throughput(const std::filesystem::path& dir, std::size_t regs,
                std::chrono::microseconds max_delay) {
  std::printf("throughput, max_delay = %lld us, %zu registrations (3 ops each):\n",
              static_cast<long long>(max_delay.count()), regs);
  auto ids = identities(regs);
  std::string path = fresh_db(dir, "bench_tp.db", regs);
  writer::options o;
  o.max_delay = max_delay;
  writer w(path, o);
  const std::int64_t now = unix_us();
  auto cpu0 = thread_cpu();
  auto t0 = clock_type::now();
  for (std::size_t i = 0; i < regs; ++i) {
    std::int64_t id = w.next_session_id();
    w.submit(sqn_update{ids[i], 32});
    w.submit(session_insert{challenge_row(id, ids[i], now)});
    w.submit(success(id, now));
  }
  double submit_s = seconds_since(t0);
  bool ok = w.flush();
  double total_s = seconds_since(t0);
  auto cpu1 = thread_cpu();
  const int main_tid = static_cast<int>(getpid());
  double producer_cpu = cpu1[main_tid] - cpu0[main_tid];
  double writer_cpu = other_threads_cpu(cpu0, cpu1);
  auto st = w.get_stats();
  std::printf("  submitted in %.3f s; all committed after %.3f s (%s)\n", submit_s, total_s,
              ok ? "ok" : "FAILED");
  std::printf("  %.0f ops/s, %.0f registrations/s, %llu transactions (%.0f/s), "
              "avg %.0f ops/transaction, max %llu, errors %llu, rejected %llu\n",
              static_cast<double>(st.ops) / total_s, static_cast<double>(regs) / total_s,
              static_cast<unsigned long long>(st.transactions),
              static_cast<double>(st.transactions) / total_s,
              per_transaction(st),
              static_cast<unsigned long long>(st.max_batch),
              static_cast<unsigned long long>(st.errors),
              static_cast<unsigned long long>(st.rejected));
  std::printf("  CPU: writer thread %.3f s (%.0f ops per writer-CPU-second), producer %.3f s "
              "(%.2f us per submit)\n",
              writer_cpu, static_cast<double>(st.ops) / std::max(writer_cpu, 1e-9), producer_cpu,
              producer_cpu * 1e6 / static_cast<double>(3 * regs));
}

/// Registrations offered at `rate` per second; latency from submitting the sqn_update to its
/// on_commit (how long the AuC holds a challenge, DESIGN.md §4).
void latency(const std::filesystem::path& dir, std::size_t rate, double secs,
             std::chrono::microseconds max_delay) {
  const auto regs = static_cast<std::size_t>(static_cast<double>(rate) * secs);
  std::printf("commit latency at %zu registrations/s for %.0f s, max_delay = %lld us:\n", rate,
              secs, static_cast<long long>(max_delay.count()));
  auto ids = identities(regs);
  std::string path = fresh_db(dir, "bench_lat.db", regs);
  writer::options o;
  o.max_delay = max_delay;
  writer w(path, o);
  std::mutex m;
  std::vector<std::pair<std::uint64_t, clock_type::time_point>> commits;
  commits.reserve(regs * 3);
  w.on_commit([&](std::uint64_t t, const std::string&) {
    auto now = clock_type::now();
    std::lock_guard<std::mutex> lk(m);
    commits.emplace_back(t, now);
  });
  std::vector<std::pair<std::uint64_t, clock_type::time_point>> sqn_tickets;
  sqn_tickets.reserve(regs);
  const std::int64_t now = unix_us();
  auto t0 = clock_type::now();
  const auto step = std::chrono::nanoseconds(1000000000 / rate);
  for (std::size_t i = 0; i < regs; ++i) {
    auto due = t0 + step * static_cast<long long>(i);
    if (clock_type::now() < due) std::this_thread::sleep_until(due);
    std::int64_t id = w.next_session_id();
    auto ts = clock_type::now();
    sqn_tickets.emplace_back(w.submit(sqn_update{ids[i], 32}), ts);
    w.submit(session_insert{challenge_row(id, ids[i], now)});
    w.submit(success(id, now)); // in reality ~ms later; same load on the writer
  }
  w.flush();
  std::vector<double> lat_us;
  {
    std::lock_guard<std::mutex> lk(m);
    std::size_t c = 0;
    for (const auto& [ticket, ts] : sqn_tickets) {
      while (c < commits.size() && commits[c].first < ticket) ++c;
      if (c == commits.size()) break;
      lat_us.push_back(std::chrono::duration<double, std::micro>(commits[c].second - ts).count());
    }
  }
  std::sort(lat_us.begin(), lat_us.end());
  auto pct = [&](double p) {
    return lat_us.empty() ? 0.0 : lat_us[static_cast<std::size_t>(p * (lat_us.size() - 1))];
  };
  auto st = w.get_stats();
  std::printf("  sqn commit latency p50 %.0f us, p99 %.0f us, max %.0f us; %llu transactions "
              "(avg %.1f ops)\n",
              pct(0.5), pct(0.99), pct(1.0), static_cast<unsigned long long>(st.transactions),
              per_transaction(st));
}

} // namespace

int main(int argc, char** argv) {
  std::size_t regs = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 100000;
  std::filesystem::path dir = argc > 2 ? argv[2] : std::filesystem::temp_directory_path();
  std::string mode = argc > 3 ? argv[3] : "all";
  if (regs == 0) regs = 100000;
  try {
    if (mode != "latency") {
      throughput(dir, regs, std::chrono::microseconds(0));
      throughput(dir, regs, std::chrono::microseconds(2000));
    }
    if (mode != "throughput") {
      latency(dir, 20000, 2.0, std::chrono::microseconds(0));
      latency(dir, 20000, 2.0, std::chrono::microseconds(2000));
    }
    for (const char* name : {"bench_tp.db", "bench_lat.db"})
      for (const char* ext : {"", "-wal", "-shm"})
        std::filesystem::remove(dir / (std::string(name) + ext));
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bench_storage: %s\n", e.what());
    return 1;
  }
  return 0;
}
