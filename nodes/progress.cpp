#include "nodes/progress.hpp"

#include "elements/sa.hpp"

#include <cstdio>
#include <string>

namespace ngn::nodes {

using elements::esp_drop;
using elements::esp_drop_causes;

stats_sample sample_of(const std::vector<std::shared_ptr<group_progress>>& ps, micros t0) {
  stats_sample x;
  for (const auto& p : ps) {
    x.started += p->started.load(std::memory_order_relaxed);
    x.first_established += p->established.load(std::memory_order_relaxed);
    x.first_failed += p->failed.load(std::memory_order_relaxed);
    x.life += life_totals::of(p->life);
    x.active += p->life.active.load(std::memory_order_relaxed);
    latency_add(x.latency, p->latency.snapshot());
  }
  x.time_s = double(unix_micros() - t0) / 1e6;
  return x;
}

void print_progress(const std::vector<std::shared_ptr<group_progress>>& ps, std::uint64_t total,
                    micros t0, life_totals& last, micros& last_t, latency_counts& last_latency) {
  const auto x = sample_of(ps, t0);
  // The latency of the registrations established since the last line.
  latency_counts interval = x.latency;
  latency_subtract(interval, last_latency);
  last_latency = x.latency;
  std::string lat;
  if (latency_total(interval) > 0) {
    char b[64];
    std::snprintf(b, sizeof b, "  p50 %.1f ms p99 %.1f ms", latency_percentile(interval, 50) / 1000,
                  latency_percentile(interval, 99) / 1000);
    lat = b;
  }
  const std::uint64_t started = x.started, first = x.first_established, failed = x.first_failed;
  const life_totals& now_totals = x.life;
  const std::int64_t active = x.active;
  const micros now = unix_micros();
  const double dt = now > last_t ? double(now - last_t) / 1e6 : 1;
  auto per_s = [dt](std::uint64_t a, std::uint64_t b) { return a >= b ? double(a - b) / dt : 0.0; };
  // DESIGN.md §1.2, per second: registrations, refreshes, keepalives, de-registrations, ESP
  // packets of the terminals (sent, received, dropped by cause); then active registrations and
  // failures so far.
  std::string drops;
  for (std::size_t i = 0; i < esp_drop_causes; ++i)
    if (now_totals.esp_dropped[i] > 0)
      drops += " " + std::string(to_string(static_cast<esp_drop>(i))) + " "
               + std::to_string(now_totals.esp_dropped[i]);
  std::fprintf(stderr,
               "  %6.1f s  started %llu/%llu  reg %.0f/s  rereg %.0f/s  keepalive %.0f/s  "
               "dereg %.0f/s  esp sent %.0f/s recv %.0f/s dropped %llu%s  active %lld  "
               "failed %llu (first %llu/%llu)%s\n",
               double(now - t0) / 1e6, static_cast<unsigned long long>(started),
               static_cast<unsigned long long>(total),
               per_s(now_totals.registrations, last.registrations),
               per_s(now_totals.reregistrations, last.reregistrations),
               per_s(now_totals.keepalives, last.keepalives),
               per_s(now_totals.deregistrations, last.deregistrations),
               per_s(now_totals.esp_sent, last.esp_sent),
               per_s(now_totals.esp_received, last.esp_received),
               static_cast<unsigned long long>(now_totals.dropped()), drops.c_str(),
               static_cast<long long>(active), static_cast<unsigned long long>(now_totals.failures),
               static_cast<unsigned long long>(first), static_cast<unsigned long long>(failed),
               lat.c_str());
  last = now_totals;
  last_t = now;
}

} // namespace ngn::nodes
