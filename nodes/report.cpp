// The end-of-run summary of `ngnemu run` / `ngnemu node`.
#include "nodes/emulation.hpp"
#include "nodes/text_line.hpp"
#include "nodes/clock_offset.hpp"

#include <algorithm>
#include <cmath>
#include <cstdarg>
#include <cstdio>
#include <map>

namespace ngn::nodes {

latency_counts merged_latency(const emulation_report& r) {
  latency_counts c{};
  for (const auto& g : r.groups) latency_add(c, g.latency);
  return c;
}

namespace {

/// Percentile `p` of `c` in ms, 0 if empty. From the histogram: the middle of the bucket that
/// holds the nearest rank, within 1/32 of the exact value (latency_histogram.hpp).
double percentile_ms(const latency_counts& c, double p) {
  const double us = latency_percentile(c, p);
  return us < 0 ? 0 : us / 1000.0;
}


using ull = unsigned long long;

} // namespace

namespace {
/// README "Several processes and hosts": each node's clock against the collector's (flagged
/// beyond the threshold) and the round trips it measured; on a node, what it measured itself.
std::string clock_lines(const emulation_report& r) {
  std::string out;
  auto peers = [](const std::vector<peer_clock>& cs) {
    std::string s;
    for (const auto& c : cs) {
      if (c.samples == 0) continue;
      char b[128];
      std::snprintf(b, sizeof b, "%s%s %+.2f ms rtt %.2f ms", s.empty() ? "" : ", ", c.node.c_str(),
                    c.offset_ms, c.rtt_ms);
      s += b;
    }
    return s;
  };
  char b[512];
  for (const auto& n : r.nodes) {
    if (!n.clock_offset_ms) continue;
    const bool over = std::abs(*n.clock_offset_ms) > clock_offset_threshold_ms;
    std::snprintf(b, sizeof b, "  clock %-9s %+.2f ms from the collector's%s%s%s\n", n.node.c_str(),
                  *n.clock_offset_ms,
                  over ? " — OVER THE THRESHOLD (" : "",
                  over ? (std::to_string(static_cast<int>(clock_offset_threshold_ms))
                          + " ms): its seconds are moved by it in the series").c_str() : "",
                  peers(n.peers).empty() ? "" : ("; it measured " + peers(n.peers)).c_str());
    out += b;
  }
  if (r.nodes.empty() && !r.clocks.empty() && !peers(r.clocks).empty()) {
    const bool over = r.clock_offset_ms && std::abs(*r.clock_offset_ms) > clock_offset_threshold_ms;
    std::snprintf(b, sizeof b, "  clocks         %s%s\n", peers(r.clocks).c_str(),
                  over ? " — this node's clock is OVER THE THRESHOLD off the collector's" : "");
    out += b;
  }
  return out;
}
} // namespace

std::string format_report(const emulation_report& r) {
  std::uint64_t attempted = 0, est = 0, failed = 0, attempts = 0, resyncs = 0;
  std::map<std::string, std::uint64_t> failures, mechanisms;
  ngn::micros first = 0, last = 0;
  for (const auto& g : r.groups) {
    attempted += g.count;
    est += g.established;
    failed += g.failed;
    attempts += g.attempts;
    resyncs += g.resyncs;
    for (const auto& [k, v] : g.failures) failures[k] += v;
    for (const auto& [k, v] : g.mechanisms) mechanisms[k] += v;
    if (first == 0 || g.first_start < first) first = g.first_start;
    last = std::max(last, g.last_done);
  }
  // The UDP listeners' real clients (nodes/listener_meter.hpp): their registrations (refreshes
  // included) count in the rate, the latency and the CPU per registration like the terminals'.
  latency_counts lat = merged_latency(r);
  std::uint64_t client_est = 0, timeouts = 0;
  for (const auto& g : r.groups) timeouts += g.life.timeouts;
  for (const auto& l : r.listener_results) {
    client_est += l.life.registrations + l.life.reregistrations;
    timeouts += l.life.timeouts;
    latency_add(lat, l.latency);
    if (l.first_start != 0 && (first == 0 || l.first_start < first)) first = l.first_start;
    last = std::max(last, l.last_done);
  }
  // Issue 12 item 5: after a storage failure (a process hosting every AuC) the databases say
  // what is established: a registration the terminal saw succeed but whose record was not
  // committed counts as failed.
  {
    bool storage_failed = false, known = r.nodes.empty() && !r.aucs.empty();
    std::uint64_t committed = 0;
    for (const auto& a : r.aucs) {
      storage_failed = storage_failed || !a.storage_error.empty();
      if (a.committed_established < 0) known = false;
      else committed += static_cast<std::uint64_t>(a.committed_established);
    }
    if (storage_failed && known && committed < est) {
      failures["established at the terminal, not recorded: storage failed"] += est - committed;
      failed += est - committed;
      est = committed;
    }
  }
  const double secs = last > first ? double(last - first) / 1e6 : 0;
  // Sessions of real clients of the UDP listeners are the AuC's beyond the emulated terminals'.
  std::uint64_t auc_est = 0, auc_failed = 0;
  for (const auto& a : r.aucs) {
    auc_est += a.established;
    auc_failed += a.failed;
  }
  const std::uint64_t external_est = auc_est > est ? auc_est - est : 0;
  const std::uint64_t external_failed = auc_failed > failed ? auc_failed - failed : 0;
  // CPU per registration counts every established registration, emulated or external.
  const double registrations = double(std::max(est + client_est, auc_est));
  std::string out = "\nngnemu summary\n";
  if (!r.run_name.empty()) out += text_line("  run            %s", r.run_name.c_str());
  out += text_line("  terminals      %llu attempted, %llu established, %llu failed%s", ull(attempted),
              ull(est), ull(failed),
              !r.timed_out             ? ""
              : r.ended_early.empty() ? " (the run ended before every outcome)"
                                      : (" (" + r.ended_early + " before every outcome)").c_str());
  for (const auto& g : r.groups)
    out += text_line("    %-12s %-5s %-7s %8llu established %6llu failed", g.name.c_str(),
                std::string(ngn::to_string(g.proto)).c_str(),
                g.via_proxy ? "proxy" : "direct", ull(g.established), ull(g.failed));
  for (const auto& [reason, n] : failures)
    out += text_line("    failed: %6llu  %s", ull(n), reason.c_str());
  for (const auto& [m, n] : mechanisms)
    out += text_line("    mechanism %-12s %llu", m.empty() ? "(none)" : m.c_str(), ull(n));
  if (!r.listeners.empty()) {
    life_totals cl;
    std::int64_t in_flight = 0;
    for (const auto& l : r.listener_results) {
      cl += l.life;
      in_flight += l.in_flight;
    }
    out += text_line("  clients        %llu registrations established (%llu refreshes), %llu failed "
                "(%llu timeouts), %llu de-registrations, %lld in flight at the end (real clients "
                "of the UDP listeners)", ull(client_est), ull(cl.reregistrations), ull(cl.failures),
                ull(cl.timeouts), ull(cl.deregistrations), static_cast<long long>(in_flight));
    out += text_line("                 the AuCs: %llu established, %llu failed beyond the terminals'",
                ull(external_est), ull(external_failed));
  }
  out += text_line("  attempts       %llu registrations tried, %llu SQN resynchronisations",
              ull(attempts), ull(resyncs));
  out += text_line("  rate           %.0f registrations/s (%.2f s from first request to last outcome)",
              secs > 0 ? double(est + client_est) / secs : 0.0, secs);
  out += text_line("  latency        p50 %.2f ms  p95 %.2f ms  p99 %.2f ms  max %.2f ms",
              percentile_ms(lat, 50), percentile_ms(lat, 95), percentile_ms(lat, 99),
              percentile_ms(lat, 100));
  out += text_line("  timeouts       %llu registrations failed for want of an answer in time",
              ull(timeouts));
  if (r.nodes.empty()) {
    out += text_line("  memory         peak RSS %.1f MiB; %.2f KiB per registered idle terminal "
                "(RSS %.1f MiB before the terminals, %.1f MiB after)",
                double(r.peak_rss_kb) / 1024,
                attempted > 0 ? double(r.rss_after_kb - r.rss_before_terminals_kb)
                                  / double(attempted)
                              : 0.0,
                double(r.rss_before_terminals_kb) / 1024, double(r.rss_after_kb) / 1024);
    // Until the run's end, before the terminals de-register: the cost of registering (and, in a
    // soak, of living: refreshes, keepalives, ESP); the de-registrations come on top.
    // Per protected message: the whole run's CPU over every ESP packet (each counted once, at
    // the edge that sent or received it).
    const auto esp = r.edges.esp_sent + r.edges.esp_received;
    char per_esp[64] = "";
    if (esp > 0)
      std::snprintf(per_esp, sizeof per_esp, ", %.2f µs per protected message",
                    r.cpu_seconds * 1e6 / double(esp));
    if (r.groups.empty() && !r.listener_results.empty())
      // A listener run: the CPU time spent serving the real clients, over their registrations.
      out += text_line("  cpu            %.2f s serving the listener clients (%.1f µs per "
                  "registration), %.2f s in all%s",
                  r.listeners_cpu_seconds,
                  registrations > 0 ? r.listeners_cpu_seconds * 1e6 / registrations : 0.0,
                  r.cpu_seconds, per_esp);
    else
      out += text_line("  cpu            %.2f s before the terminals left (%.1f µs per registration), "
                  "%.2f s in all%s",
                  r.cpu_before_leaving_seconds,
                  registrations > 0 ? r.cpu_before_leaving_seconds * 1e6 / registrations : 0.0,
                  r.cpu_seconds, per_esp);
  } else {
    double cpu = 0;
    for (const auto& n : r.nodes) {
      cpu += n.cpu_seconds;
      out += text_line("  node %-10s %llu terminals, peak RSS %.1f MiB%s, cpu %.2f s", n.node.c_str(),
                  ull(n.terminals), double(n.peak_rss_kb) / 1024,
                  n.terminals > 0
                    ? (" (" + std::to_string(double(n.rss_after_kb - n.rss_before_terminals_kb)
                                             / double(n.terminals))
                       + " KiB per idle terminal)").c_str()
                    : "",
                  n.cpu_seconds);
    }
    out += text_line("  cpu            %.2f s on all nodes (%.1f µs per registration)", cpu,
                registrations > 0 ? cpu * 1e6 / registrations : 0.0);
    out += clock_lines(r);
  }
  if (r.nodes.empty()) out += clock_lines(r);
  // DESIGN.md §1.2: the registrations' life, as the terminals and the security edges count it.
  life_totals life;
  std::uint64_t still_registered = 0;
  for (const auto& g : r.groups) {
    life += g.life;
    still_registered += g.left_registered;
  }
  const auto& e = r.edges;
  if (life.registrations + life.reregistrations + life.esp_sent + e.esp_received > 0) {
    out += text_line("  life           %llu registrations, %llu re-registrations, %llu keepalives, "
                "%llu de-registrations, %llu expired; %llu failures%s",
                ull(life.registrations), ull(life.reregistrations), ull(life.keepalives),
                ull(life.deregistrations), ull(life.expirations), ull(life.failures),
                still_registered > 0
                  ? (", " + std::to_string(still_registered) + " still registered at the end").c_str()
                  : "");
    std::string causes;
    for (std::size_t i = 0; i < elements::esp_drop_causes; ++i)
      if (life.esp_dropped[i] > 0)
        causes += std::string(causes.empty() ? " (" : ", ")
                  + std::string(to_string(static_cast<elements::esp_drop>(i))) + " "
                  + std::to_string(life.esp_dropped[i]);
    if (!causes.empty()) causes += ")";
    out += text_line("  esp terminals  %llu sent, %llu received, %llu dropped%s; %llu in clear dropped",
                ull(life.esp_sent), ull(life.esp_received), ull(life.dropped()), causes.c_str(),
                ull(life.unprotected_dropped));
    out += text_line("  esp edges      %llu sent, %llu received, %llu dropped (bad ICV %llu, replayed "
                "%llu, unknown SPI %llu, malformed %llu, misdirected %llu); %llu in clear dropped",
                ull(e.esp_sent), ull(e.esp_received), ull(e.esp_dropped()), ull(e.esp_bad_icv),
                ull(e.esp_replayed), ull(e.esp_unknown_spi), ull(e.esp_malformed),
                ull(e.esp_misdirected), ull(e.unprotected_dropped));
    out += text_line("  ends           %llu superseded, %llu de-registered, %llu expired (as the edges "
                "ended them); %llu keepalives answered or audits sent",
                ull(e.superseded), ull(e.deregistered), ull(e.expired), ull(e.keepalives));
  }
  // Overload control (elements/overload_gate.hpp, elements/admission.hpp): new requests refused
  // with 503 + Retry-After; the terminals come back (a 503 is not an outcome).
  std::uint64_t waited_too_long = 0, auc_bound = 0, retry_after_max = 0;
  for (const auto& el : r.elements) {
    auto counter = [&](const char* name) {
      auto i = el.counters.find(name);
      return i == el.counters.end() ? std::uint64_t{0} : i->second;
    };
    waited_too_long += counter("refused_overload_queue");
    auc_bound += counter("refused_overload_auc");
    retry_after_max = std::max(retry_after_max, counter("retry_after_max_s"));
  }
  if (waited_too_long + auc_bound > 0)
    out += text_line("  overload       %llu new requests refused for their wait in a mailbox, %llu "
                     "for the AuC bound (unavailable; Retry-After up to %llu s)",
                     ull(waited_too_long), ull(auc_bound), ull(retry_after_max));
  if (!r.stats_path.empty())
    out += text_line("  stats          %s: %llu lines%s", r.stats_path.c_str(), ull(r.stats_lines),
                r.stats_failed ? "; a write failed, the file is incomplete" : "");
  if (!r.keylog_path.empty())
    out += text_line("  keylog         %s: %llu SAs%s", r.keylog_path.c_str(), ull(r.keylog_lines),
                r.keylog_errors > 0
                  ? ("; " + std::to_string(r.keylog_errors) + " not written").c_str()
                  : "");
  for (const auto& a : r.aucs)
    out += text_line("  auc %-10s %s: %llu subscribers (%llu new), %llu challenges, %llu established, "
                "%llu failed, %llu expired; %llu writes in %llu transactions (max %llu), "
                "%llu write errors",
                a.name.c_str(), a.database.c_str(), ull(a.subscribers), ull(a.provisioned),
                ull(a.challenges), ull(a.established), ull(a.failed), ull(a.expired), ull(a.ops),
                ull(a.transactions), ull(a.max_batch), ull(a.write_errors));
  for (const auto& a : r.aucs) {
    if (a.recovered > 0)
      out += text_line("  auc %-10s %llu challenges an earlier process left open closed as expired "
                       "(AuC restarted)", a.name.c_str(), ull(a.recovered));
    if (!a.storage_error.empty())
      out += text_line("  auc %-10s STORAGE FAILED: %s; %llu requests refused since%s",
                       a.name.c_str(), a.storage_error.c_str(), ull(a.storage_refused),
                       a.committed_established < 0
                         ? ""
                         : ("; " + std::to_string(a.committed_established) +
                            " terminals committed as established").c_str());
  }
  if (!r.report_path.empty())
    out += text_line("  report         %s%s%s", r.report_path.c_str(),
                r.report_error.empty() ? "" : ": NOT WRITTEN: ", r.report_error.c_str());
  if (!r.pcap_path.empty())
    out += text_line("  trace          %s: %llu packets written, %llu dropped%s%s", r.pcap_path.c_str(),
                ull(r.pcap_packets), ull(r.pcap_dropped), r.pcap_error.empty() ? "" : "; ERROR: ",
                r.pcap_error.c_str());
  return out;
}

} // namespace ngn::nodes

namespace ngn::nodes {

std::string text_line(const char* fmt, ...) {
  char buf[512];
  va_list ap;
  va_start(ap, fmt);
  std::vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  return std::string(buf) + "\n";
}

} // namespace ngn::nodes
