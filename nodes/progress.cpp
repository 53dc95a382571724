#include "nodes/progress.hpp"

#include "elements/sa.hpp"

#include <algorithm>
#include <cstdio>
#include <string>
#include <utility>

namespace ngn::nodes {

using elements::esp_drop;
using elements::esp_drop_causes;

stats_sample sample_of(const std::vector<std::shared_ptr<const group_progress>>& ps, micros t0) {
  stats_sample x;
  for (const auto& p : ps) {
    x.started += p->started.load(std::memory_order_relaxed);
    x.first_established += p->established.load(std::memory_order_relaxed);
    x.first_failed += p->failed.load(std::memory_order_relaxed);
    x.life += life_totals::of(p->life);
    x.active += p->life.active.load(std::memory_order_relaxed);
    x.in_flight += p->life.in_flight.load(std::memory_order_relaxed);
    latency_add(x.latency, p->latency.snapshot());
  }
  x.time_s = double(unix_micros() - t0) / 1e6;
  return x;
}

std::int64_t series_second(micros at) noexcept { return (at + 500'000) / 1'000'000; }

void merge_point(series_point& into, const series_point& p) {
  const auto weight = into.latencies + p.latencies;
  if (p.latencies > 0) {
    into.latency_p50_ms = into.latencies == 0 ? p.latency_p50_ms
                          : (into.latency_p50_ms * double(into.latencies)
                             + p.latency_p50_ms * double(p.latencies)) / double(weight);
    into.latency_p99_ms = std::max(into.latency_p99_ms, p.latency_p99_ms);
  }
  into.latencies = weight;
  into.at = std::max(into.at, p.at);
  for (auto [a, b] : {std::pair{&into.started, p.started}, {&into.established, p.established},
                      {&into.failed, p.failed}, {&into.registrations, p.registrations},
                      {&into.reregistrations, p.reregistrations}, {&into.keepalives, p.keepalives},
                      {&into.deregistrations, p.deregistrations},
                      {&into.expirations, p.expirations}, {&into.failures, p.failures},
                      {&into.esp_sent, p.esp_sent}, {&into.esp_received, p.esp_received},
                      {&into.esp_dropped, p.esp_dropped}, {&into.timeouts, p.timeouts}})
    *a += b;
  into.active += p.active;
  into.in_flight += p.in_flight;
  into.cpu_seconds += p.cpu_seconds;
  into.rss_kb += p.rss_kb;
}

void series_recorder::add(const stats_sample& s, micros at, double cpu_seconds, long rss_kb) {
  auto d = [](std::uint64_t now, std::uint64_t before) { return now >= before ? now - before : 0; };
  series_point p;
  p.at = at;
  p.started = d(s.started, last_.started);
  p.established = d(s.first_established, last_.first_established);
  p.failed = d(s.first_failed, last_.first_failed);
  const auto &l = s.life, &b = last_.life;
  p.registrations = d(l.registrations, b.registrations);
  p.reregistrations = d(l.reregistrations, b.reregistrations);
  p.keepalives = d(l.keepalives, b.keepalives);
  p.deregistrations = d(l.deregistrations, b.deregistrations);
  p.expirations = d(l.expirations, b.expirations);
  p.failures = d(l.failures, b.failures);
  p.timeouts = d(l.timeouts, b.timeouts);
  p.esp_sent = d(l.esp_sent, b.esp_sent);
  p.esp_received = d(l.esp_received, b.esp_received);
  p.esp_dropped = d(l.dropped(), b.dropped());
  latency_counts interval = s.latency;
  latency_subtract(interval, last_.latency);
  p.latencies = latency_total(interval);
  if (p.latencies > 0) {
    p.latency_p50_ms = latency_percentile(interval, 50) / 1000;
    p.latency_p99_ms = latency_percentile(interval, 99) / 1000;
  }
  p.cpu_seconds = cpu_seconds > last_cpu_ ? cpu_seconds - last_cpu_ : 0;
  last_cpu_ = cpu_seconds;
  last_ = s;
  if (!points_.empty() && series_second(points_.back().at) == series_second(at)) {
    // The same second again (the last sample of a run): its counts add, its levels are the
    // latest; the latencies combine as merge_point() says.
    auto& q = points_.back();
    merge_point(q, p);
    q.active = s.active;
    q.in_flight = s.in_flight;
    q.rss_kb = rss_kb;
    return;
  }
  p.active = s.active;
  p.in_flight = s.in_flight;
  p.rss_kb = rss_kb;
  points_.push_back(p);
}

void print_progress(const std::vector<std::shared_ptr<const group_progress>>& ps, std::uint64_t total,
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
  // packets of the terminals (sent, received, dropped by cause); then active registrations,
  // registrations in flight, failures so far, timeouts of the interval and so far.
  std::string drops;
  for (std::size_t i = 0; i < esp_drop_causes; ++i)
    if (now_totals.esp_dropped[i] > 0)
      drops += " " + std::string(to_string(static_cast<esp_drop>(i))) + " "
               + std::to_string(now_totals.esp_dropped[i]);
  std::fprintf(stderr,
               "  %6.1f s  started %llu/%llu  reg %.0f/s  rereg %.0f/s  keepalive %.0f/s  "
               "dereg %.0f/s  esp sent %.0f/s recv %.0f/s dropped %llu%s  active %lld  "
               "in flight %lld  failed %llu (first %llu/%llu)  timeouts %llu (%llu in all)%s\n",
               double(now - t0) / 1e6, static_cast<unsigned long long>(started),
               static_cast<unsigned long long>(total),
               per_s(now_totals.registrations, last.registrations),
               per_s(now_totals.reregistrations, last.reregistrations),
               per_s(now_totals.keepalives, last.keepalives),
               per_s(now_totals.deregistrations, last.deregistrations),
               per_s(now_totals.esp_sent, last.esp_sent),
               per_s(now_totals.esp_received, last.esp_received),
               static_cast<unsigned long long>(now_totals.dropped()), drops.c_str(),
               static_cast<long long>(active), static_cast<long long>(x.in_flight),
               static_cast<unsigned long long>(now_totals.failures),
               static_cast<unsigned long long>(first), static_cast<unsigned long long>(failed),
               static_cast<unsigned long long>(now_totals.timeouts >= last.timeouts
                                                 ? now_totals.timeouts - last.timeouts
                                                 : 0),
               static_cast<unsigned long long>(now_totals.timeouts), lat.c_str());
  last = now_totals;
  last_t = now;
}

} // namespace ngn::nodes
