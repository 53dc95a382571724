#include "nodes/stats_file.hpp"

#include <cerrno>
#include <cstring>

namespace ngn::nodes {

namespace {
using ull = unsigned long long;

/// The counters of the life line, in column order.
constexpr const char* counter_names[] = {"registrations", "reregistrations", "keepalives",
                                         "deregistrations", "expirations", "failures",
                                         "esp_sent", "esp_received", "esp_dropped"};

void counters(const life_totals& t, std::uint64_t (&v)[9]) {
  v[0] = t.registrations;
  v[1] = t.reregistrations;
  v[2] = t.keepalives;
  v[3] = t.deregistrations;
  v[4] = t.expirations;
  v[5] = t.failures;
  v[6] = t.esp_sent;
  v[7] = t.esp_received;
  v[8] = t.dropped();
}
} // namespace

std::unique_ptr<stats_file> stats_file::open(const std::string& path, std::string& error) {
  std::FILE* f = std::fopen(path.c_str(), "w");
  if (f == nullptr) {
    error = "--stats " + path + ": " + std::strerror(errno);
    return nullptr;
  }
  std::unique_ptr<stats_file> s{new stats_file(path, f)};
  std::string header = "time_s,started_c,first_established_c,first_failed_c,active";
  for (const char* n : counter_names) header += std::string(",") + n + "_p," + n + "_c";
  header += ",latency_p50_ms_p,latency_p99_ms_p";
  header += ",in_flight,timeouts_p,timeouts_c,in_flight_max_p";
  header += "\n";
  if (std::fputs(header.c_str(), f) < 0) s->failed_ = true;
  return s;
}

stats_file::~stats_file() {
  if (f_ != nullptr) std::fclose(f_);
}

void stats_file::write(const stats_sample& s) {
  std::uint64_t now[9], before[9];
  counters(s.life, now);
  counters(last_, before);
  std::string line(128, '\0');
  int n = std::snprintf(line.data(), line.size(), "%.3f,%llu,%llu,%llu,%lld", s.time_s,
                        static_cast<ull>(s.started), static_cast<ull>(s.first_established),
                        static_cast<ull>(s.first_failed), static_cast<long long>(s.active));
  line.resize(n > 0 ? static_cast<std::size_t>(n) : 0);
  for (int i = 0; i < 9; ++i) {
    // Counters only grow; a difference below zero cannot happen, but is never printed wrapped.
    const std::uint64_t p = now[i] >= before[i] ? now[i] - before[i] : 0;
    line += "," + std::to_string(p) + "," + std::to_string(now[i]);
  }
  // The latency percentiles of the registrations established in this interval (empty if none).
  latency_counts interval = s.latency;
  latency_subtract(interval, last_latency_);
  for (double p : {50.0, 99.0}) {
    const double us = latency_percentile(interval, p);
    char v[32] = "";
    if (us >= 0) std::snprintf(v, sizeof v, "%.3f", us / 1000);
    line += std::string(",") + v;
  }
  last_latency_ = s.latency;
  // Registrations under way now; those that failed for want of an answer (interval, in all).
  line += "," + std::to_string(s.in_flight) + ","
          + std::to_string(s.life.timeouts >= last_.timeouts ? s.life.timeouts - last_.timeouts : 0)
          + "," + std::to_string(s.life.timeouts) + "," + std::to_string(s.in_flight_max);
  line += "\n";
  if (std::fputs(line.c_str(), f_) < 0 || std::fflush(f_) != 0) failed_ = true;
  last_ = s.life;
  ++lines_;
}

} // namespace ngn::nodes
