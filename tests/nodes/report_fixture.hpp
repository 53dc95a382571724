// A hand-built emulation report for the run report's tests: two groups of two protocols with known
// latencies, failures and a three-second series, a proxy and a soft switch, one AuC.
#pragma once

#include "nodes/emulation.hpp"

namespace ngn::nodes::test {

inline group_result make_group(std::string name, ngn::protocol p, bool proxy,
                               std::uint64_t established, std::uint64_t failed,
                               std::uint64_t latency_us) {
  group_result g;
  g.name = std::move(name);
  g.node = "n1";
  g.proto = p;
  g.via_proxy = proxy;
  g.count = established + failed;
  g.established = established;
  g.failed = failed;
  g.attempts = g.count;
  if (failed > 0) g.failures["wrong response"] = failed;
  g.mechanisms["aes-gcm"] = established;
  // The latencies spread over a few buckets around `latency_us`.
  for (std::uint64_t i = 0; i < established; ++i) g.latency[latency_bucket(latency_us + i * 37)]++;
  g.first_start = 1'700'000'000'000'000;
  g.last_done = g.first_start + 2'000'000;
  g.life.registrations = established;
  g.life.failures = failed;
  return g;
}

inline emulation_report make_report() {
  emulation_report r;
  r.name = "unit";
  r.started = 1'700'000'000'000'000;
  r.ended = r.started + 3'000'000;
  r.groups.push_back(make_group("a-sip", ngn::protocol::sip, true, 300, 2, 4000));
  r.groups.push_back(make_group("b-mgcp", ngn::protocol::mgcp, false, 100, 0, 20000));
  r.cpu_seconds = 1.5;
  r.cpu_before_leaving_seconds = 1.2;
  r.peak_rss_kb = 30000;
  for (int s = 1; s <= 3; ++s) {
    series_point p;
    p.at = r.started + s * 1'000'000;
    p.started = 134;
    p.established = s == 3 ? 132 : 134;
    p.failed = s == 3 ? 2 : 0;
    p.latencies = p.established;
    p.latency_p50_ms = 4.0 + s;
    p.latency_p99_ms = 20.0 + s;
    p.active = 134 * s;
    p.cpu_seconds = 0.4;
    p.rss_kb = 28000;
    r.series.push_back(p);
  }
  r.elements.push_back(element_report{"sp1", "proxy", "n1",
                                      {{"established", 300}, {"refused_malformed", 1}}});
  r.elements.push_back(element_report{"ss1", "softswitch", "n1",
                                      {{"established", 400}, {"refused_rejected", 2}}});
  auc_summary a;
  a.name = "auc1";
  a.database = "unit.db";
  a.challenges = 402;
  a.established = 400;
  a.failed = 2;
  r.aucs.push_back(a);
  r.options = {{"--terminals", "402"}, {"--protocol", "mixed"}};
  return r;
}

} // namespace ngn::nodes::test
