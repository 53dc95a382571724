#include "nodes/run_report.hpp"
#include "protocols/common/utc_text.hpp"

#include "nodes/clock_offset.hpp"
#include "nodes/report_html.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <map>

namespace ngn::nodes {

namespace {

using json = nlohmann::ordered_json;

/// ISO 8601 UTC with milliseconds of a Unix µs time; "" for 0 (not known).
std::string iso_time(micros t) { return utc_text(t, utc_style::millis); }

/// Percentiles in ms from a histogram (latency_histogram.hpp: within 1/32 of the exact value);
/// null where there are no latencies.
json latency_json(const latency_counts& c) {
  json j;
  j["count"] = latency_total(c);
  for (auto [name, p] : {std::pair{"p50", 50.0}, {"p90", 90.0}, {"p95", 95.0}, {"p99", 99.0},
                         {"max", 100.0}}) {
    const double us = latency_percentile(c, p);
    j[name] = us < 0 ? json(nullptr) : json(us / 1000.0);
  }
  return j;
}

/// The non-empty buckets: [low, high) in µs and their count.
json histogram_json(const latency_counts& c) {
  json a = json::array();
  for (std::size_t b = 0; b < c.size(); ++b)
    if (c[b] > 0)
      a.push_back({{"low_us", latency_bucket_low(b)}, {"high_us", latency_bucket_high(b)},
                   {"count", c[b]}});
  return a;
}

json life_json(const life_totals& l) {
  json drops;
  for (std::size_t i = 0; i < elements::esp_drop_causes; ++i)
    drops[std::string(to_string(static_cast<elements::esp_drop>(i)))] = l.esp_dropped[i];
  return {{"registrations", l.registrations},   {"reregistrations", l.reregistrations},
          {"keepalives", l.keepalives},         {"deregistrations", l.deregistrations},
          {"expirations", l.expirations},       {"failures", l.failures},
          {"esp_sent", l.esp_sent},             {"esp_received", l.esp_received},
          {"esp_dropped", l.dropped()},         {"esp_dropped_by_cause", drops},
          {"unprotected_dropped", l.unprotected_dropped}};
}

json edges_json(const elements::edge_stats& e) {
  return {{"esp_sent", e.esp_sent},         {"esp_received", e.esp_received},
          {"esp_dropped", e.esp_dropped()}, {"esp_bad_icv", e.esp_bad_icv},
          {"esp_replayed", e.esp_replayed}, {"esp_unknown_spi", e.esp_unknown_spi},
          {"esp_malformed", e.esp_malformed}, {"esp_misdirected", e.esp_misdirected},
          {"unprotected_dropped", e.unprotected_dropped}, {"expired", e.expired},
          {"deregistered", e.deregistered}, {"superseded", e.superseded},
          {"keepalives", e.keepalives}};
}

json map_json(const std::map<std::string, std::uint64_t>& m) {
  json j = json::object();
  for (const auto& [k, v] : m) j[k.empty() ? "(none)" : k] = v;
  return j;
}

double rate_of(std::uint64_t n, micros first, micros last) {
  return last > first ? double(n) * 1e6 / double(last - first) : 0.0;
}

/// What the figures of several groups add up to (a protocol's, the run's).
struct sums {
  std::uint64_t count = 0, established = 0, failed = 0, attempts = 0, resyncs = 0, still = 0;
  std::map<std::string, std::uint64_t> failures, mechanisms;
  latency_counts latency{};
  life_totals life;
  micros first = 0, last = 0;

  void add(const group_result& g) {
    count += g.count;
    established += g.established;
    failed += g.failed;
    attempts += g.attempts;
    resyncs += g.resyncs;
    still += g.left_registered;
    for (const auto& [k, v] : g.failures) failures[k] += v;
    for (const auto& [k, v] : g.mechanisms) mechanisms[k] += v;
    latency_add(latency, g.latency);
    life += g.life;
    if (g.first_start != 0 && (first == 0 || g.first_start < first)) first = g.first_start;
    last = std::max(last, g.last_done);
  }
  void into(json& j) const {
    j["attempted"] = count;
    j["established"] = established;
    j["failed"] = failed;
    j["failures"] = map_json(failures);
    j["attempts"] = attempts;
    j["resyncs"] = resyncs;
    j["mechanisms"] = map_json(mechanisms);
    j["window_s"] = last > first ? double(last - first) / 1e6 : 0.0;
    j["first_us"] = first;  // Unix µs of the first request and the last outcome
    j["last_us"] = last;
    j["registrations_per_s"] = rate_of(established, first, last);
    j["latency_ms"] = latency_json(latency);
    j["life"] = life_json(life);
    j["still_registered"] = still;
  }
};

std::string outcome_of(const emulation_report& r, const sums& t) {
  if (r.ended_early == "interrupted") return "interrupted";
  if (r.timed_out) return "timed out";
  if (!r.pcap_error.empty() || r.stats_failed) return "error";
  return t.failed == 0 && t.life.failures == 0 ? "passed" : "failed";
}

json series_json(const emulation_report& r) {
  json a = json::array();
  for (const auto& p : r.series) {
    const double t = r.started > 0 ? double(p.at - r.started) / 1e6 : 0.0;
    auto ms = [](double v) { return v < 0 ? json(nullptr) : json(v); };
    a.push_back({{"t_s", t},
                 {"started", p.started},
                 {"established", p.established},
                 {"failed", p.failed},
                 {"failures", p.failures},
                 {"registrations", p.registrations},
                 {"reregistrations", p.reregistrations},
                 {"keepalives", p.keepalives},
                 {"deregistrations", p.deregistrations},
                 {"expirations", p.expirations},
                 {"esp_sent", p.esp_sent},
                 {"esp_received", p.esp_received},
                 {"esp_dropped", p.esp_dropped},
                 {"active", p.active},
                 {"latencies", p.latencies},
                 {"latency_p50_ms", ms(p.latency_p50_ms)},
                 {"latency_p99_ms", ms(p.latency_p99_ms)},
                 {"cpu_s", p.cpu_seconds},
                 {"rss_kib", p.rss_kb}});
  }
  return a;
}

/// README "Run report": sessions, slowest_sessions, failed_sessions (storage/run_sessions.hpp).
void sessions_into(json& j, const storage::session_tables& t) {
  json counts = json::array();
  for (const auto& c : t.counts)
    counts.push_back({{"protocol", c.protocol}, {"state", c.state}, {"reason", c.reason},
                      {"sessions", c.sessions}});
  j["sessions"] = counts;
  json slow = json::array();
  for (const auto& s : t.slowest) {
    json x = {{"identity", s.identity}, {"protocol", s.protocol}, {"path", s.path},
              {"latency_ms", s.latency_ms}, {"session_id", s.id}, {"database", s.database}};
    if (s.wire_session_id) x["wire_session_id"] = *s.wire_session_id;
    slow.push_back(std::move(x));
  }
  j["slowest_sessions"] = slow;
  json failed = json::array();
  for (const auto& f : t.failed)
    failed.push_back({{"identity", f.identity}, {"protocol", f.protocol}, {"reason", f.reason},
                      {"time", iso_time(f.time_us)}, {"time_us", f.time_us},
                      {"session_id", f.id}, {"database", f.database}});
  j["failed_sessions"] = failed;
  // Refusals the AuC counted instead of a session row each (table refusals, issue 12).
  json refused = json::object();
  for (const auto& [reason, n] : t.refusals) refused[reason] = n;
  j["refusals_counted"] = refused;
}

} // namespace

std::string run_report_json(const emulation_report& r) {
  sums total;
  std::map<ngn::protocol, sums> by_protocol;
  for (const auto& g : r.groups) {
    total.add(g);
    by_protocol[g.proto].add(g);
  }
  json j;
  j["schema_version"] = run_report_schema_version;
  j["generator"] = "ngnemu";
  j["scope"] = r.scope.empty() ? std::string("emulation") : r.scope;
  if (!r.scope_node.empty()) j["node"] = r.scope_node;

  json run;
  if (!r.run_name.empty()) run["id"] = r.run_name;
  if (!r.name.empty()) run["name"] = r.name;
  run["start"] = iso_time(r.started);
  run["end"] = iso_time(r.ended);
  run["start_us"] = r.started;
  run["end_us"] = r.ended;
  run["duration_s"] = r.ended > r.started ? double(r.ended - r.started) / 1e6 : 0.0;
  run["outcome"] = outcome_of(r, total);
  if (!r.ended_early.empty()) run["ended_early"] = r.ended_early;
  run["timed_out"] = r.timed_out;
  json opts = json::object();
  for (const auto& [k, v] : r.options) opts[k] = v;
  run["options"] = opts;
  run["nodes"] = r.nodes.empty() ? 1 : r.nodes.size();
  j["run"] = run;

  // The AuCs' established beyond the emulated terminals' are real clients' (--listen).
  std::uint64_t auc_established = 0;
  for (const auto& a : r.aucs) auc_established += a.established;
  const double registrations = double(std::max(total.established, auc_established));
  json totals;
  total.into(totals);
  double cpu = r.cpu_seconds, cpu_before = r.cpu_before_leaving_seconds;
  long peak = r.peak_rss_kb;
  if (!r.nodes.empty()) {
    cpu = 0;
    peak = 0;
    for (const auto& n : r.nodes) {
      cpu += n.cpu_seconds;
      peak = std::max(peak, n.peak_rss_kb);
    }
    cpu_before = cpu;
  }
  totals["cpu_s"] = cpu;
  totals["cpu_before_leaving_s"] = cpu_before;
  totals["cpu_us_per_registration"] = registrations > 0 ? cpu_before * 1e6 / registrations : 0.0;
  totals["peak_rss_kib"] = peak;
  if (r.nodes.empty()) {
    totals["rss_before_terminals_kib"] = r.rss_before_terminals_kb;
    totals["rss_after_kib"] = r.rss_after_kb;
    totals["kib_per_idle_terminal"] =
      total.count > 0 ? double(r.rss_after_kb - r.rss_before_terminals_kb) / double(total.count)
                      : 0.0;
  }
  totals["edges"] = edges_json(r.edges);
  j["totals"] = totals;

  json groups = json::array();
  for (const auto& g : r.groups) {
    json x;
    x["name"] = g.name;
    x["node"] = g.node;
    x["protocol"] = std::string(ngn::to_string(g.proto));
    x["via"] = g.via_proxy ? "proxy" : "direct";
    sums s;
    s.add(g);
    s.into(x);
    x["histogram"] = histogram_json(g.latency);
    groups.push_back(std::move(x));
  }
  j["groups"] = groups;

  json protocols = json::array();
  for (const auto& [p, s] : by_protocol) {
    json x;
    x["protocol"] = std::string(ngn::to_string(p));
    s.into(x);
    protocols.push_back(std::move(x));
  }
  j["protocols"] = protocols;

  json elems = json::array();
  for (const auto& e : r.elements) {
    json refusals = json::object();
    for (const auto& [k, v] : e.counters)
      if (k.rfind("refused_", 0) == 0) refusals[k.substr(8)] = v;
    elems.push_back({{"name", e.name}, {"kind", e.kind}, {"node", e.node},
                     {"counters", map_json(e.counters)}, {"refusals", refusals}});
  }
  j["elements"] = elems;

  // README "Several processes and hosts": each node's clock against the collector's, flagged
  // beyond the threshold, and the round trips it measured to its peers.
  auto clocks_json = [](const std::vector<peer_clock>& cs) {
    json a = json::array();
    for (const auto& c : cs)
      a.push_back({{"node", c.node},
                   {"clock_offset_ms", c.samples > 0 ? json(c.offset_ms) : json(nullptr)},
                   {"rtt_ms", c.samples > 0 ? json(c.rtt_ms) : json(nullptr)},
                   {"samples", c.samples}});
    return a;
  };
  json nodes = json::array();
  for (const auto& n : r.nodes) {
    json x = {{"node", n.node}, {"terminals", n.terminals}, {"peak_rss_kib", n.peak_rss_kb},
              {"rss_before_terminals_kib", n.rss_before_terminals_kb},
              {"rss_after_kib", n.rss_after_kb}, {"cpu_s", n.cpu_seconds},
              {"edges", edges_json(n.edges)}};
    if (n.clock_offset_ms || !n.peers.empty()) {
      x["clock_offset_ms"] = n.clock_offset_ms ? json(*n.clock_offset_ms) : json(nullptr);
      x["clock_offset_flagged"] =
        n.clock_offset_ms && std::abs(*n.clock_offset_ms) > clock_offset_threshold_ms;
      x["peers"] = clocks_json(n.peers);
    }
    nodes.push_back(std::move(x));
  }
  j["nodes"] = nodes;
  if (!r.clocks.empty()) { // `ngnemu node`: this process's measurements
    j["clock_offset_threshold_ms"] = clock_offset_threshold_ms;
    j["clocks"] = clocks_json(r.clocks);
    if (r.clock_offset_ms) j["clock_offset_ms"] = *r.clock_offset_ms;
  }

  json aucs = json::array();
  for (const auto& a : r.aucs)
    aucs.push_back({{"name", a.name}, {"database", a.database}, {"subscribers", a.subscribers},
                    {"provisioned", a.provisioned}, {"challenges", a.challenges},
                    {"resyncs", a.resyncs}, {"established", a.established}, {"failed", a.failed},
                    {"expired", a.expired}, {"writes", a.ops}, {"transactions", a.transactions},
                    {"max_batch", a.max_batch}, {"write_errors", a.write_errors}});
  j["aucs"] = aucs;

  j["series"] = series_json(r);
  j["histogram"] = histogram_json(total.latency);

  json files = json::object();
  if (!r.stats_path.empty())
    files["stats"] = {{"path", r.stats_path}, {"lines", r.stats_lines}, {"failed", r.stats_failed}};
  if (!r.pcap_path.empty())
    files["pcap"] = {{"path", r.pcap_path}, {"packets", r.pcap_packets},
                     {"dropped", r.pcap_dropped}, {"error", r.pcap_error}};
  if (!r.keylog_path.empty())
    files["keylog"] = {{"path", r.keylog_path}, {"lines", r.keylog_lines},
                       {"errors", r.keylog_errors}};
  j["files"] = files;
  if (!r.listeners.empty()) j["listeners"] = r.listeners;
  // Listener runs (--listen): each second's registrations in flight and timeouts, and the real
  // clients' registrations each UDP listener counted (nodes/listener_meter.hpp).
  for (std::size_t i = 0; i < r.series.size(); ++i) {
    j["series"][i]["in_flight"] = r.series[i].in_flight;
    j["series"][i]["timeouts"] = r.series[i].timeouts;
  }
  if (!r.listener_results.empty()) {
    json ls = json::array();
    for (const auto& l : r.listener_results) {
      const double secs = l.last_done > l.first_start ? double(l.last_done - l.first_start) / 1e6 : 0;
      const auto est = l.life.registrations + l.life.reregistrations;
      ls.push_back({{"element", l.element}, {"endpoint", l.endpoint}, {"started", l.started},
                    {"established", l.established}, {"failed", l.failed},
                    {"registrations", l.life.registrations},
                    {"reregistrations", l.life.reregistrations},
                    {"deregistrations", l.life.deregistrations},
                    {"expirations", l.life.expirations}, {"failures", l.life.failures},
                    {"timeouts", l.life.timeouts}, {"in_flight", l.in_flight},
                    {"rate_per_s", secs > 0 ? double(est) / secs : 0.0},
                    {"latency", latency_json(l.latency)}});
    }
    j["listener_clients"] = ls;
    j["listeners_cpu_s"] = r.listeners_cpu_seconds;
  }
  if (r.sessions) sessions_into(j, *r.sessions);
  // Names and reasons come from the topology and the peers: never fail on bad UTF-8.
  return j.dump(1, ' ', false, json::error_handler_t::replace) + "\n";
}

std::string sessions_report_json(const std::string& run_name, micros started, micros ended,
                                 const std::string& outcome, const storage::session_tables& t,
                                 const storage::run_sample& sample) {
  json j;
  j["schema_version"] = run_report_schema_version;
  j["generator"] = "ngnemu";
  j["scope"] = "sessions";
  json run;
  if (!run_name.empty()) run["id"] = run_name;
  run["start"] = iso_time(started);
  run["end"] = iso_time(ended);
  run["start_us"] = started;
  run["end_us"] = ended;
  run["duration_s"] = ended > started ? double(ended - started) / 1e6 : 0.0;
  run["outcome"] = outcome;
  j["run"] = run;
  json totals;
  const auto& v = sample.latencies_us;
  const auto window = sample.last_success > sample.first_request
                        ? double(sample.last_success - sample.first_request) / 1e6 : 0.0;
  totals["registrations"] = v.size();
  totals["window_s"] = window;
  totals["registrations_per_s"] = window > 0 ? double(v.size()) / window : 0.0;
  json lat;
  lat["count"] = v.size();
  for (auto [name, p] : {std::pair{"p50", 50.0}, {"p90", 90.0}, {"p95", 95.0}, {"p99", 99.0},
                         {"max", 100.0}})
    lat[name] = v.empty() ? json(nullptr) : json(storage::nearest_rank_ms(v, p));
  totals["latency_ms"] = lat;
  j["totals"] = totals;
  sessions_into(j, t);
  return j.dump(1, ' ', false, json::error_handler_t::replace) + "\n";
}

std::optional<report_format> report_format_of(std::string_view path) {
  auto ends = [&](std::string_view ext) {
    if (path.size() <= ext.size()) return false;
    auto tail = path.substr(path.size() - ext.size());
    return std::equal(tail.begin(), tail.end(), ext.begin(), [](char a, char b) {
      return std::tolower(static_cast<unsigned char>(a)) == b;
    });
  };
  if (ends(".json")) return report_format::json;
  if (ends(".html")) return report_format::html;
  return std::nullopt;
}

std::string write_run_report(const emulation_report& r, const std::string& path) {
  return write_report_text(run_report_json(r), path);
}

std::string check_report_path(const std::string& path) {
  if (path.empty()) return "";
  if (!report_format_of(path))
    return "--report " + path + ": the file name must end in .json (the JSON report) or .html "
           "(the HTML report)";
  std::FILE* f = std::fopen(path.c_str(), "w");
  if (f == nullptr) return "--report " + path + ": " + std::strerror(errno);
  std::fclose(f);
  return "";
}

std::string write_report_text(const std::string& json_text, const std::string& path) {
  const auto f = report_format_of(path);
  if (!f) return "the report's file name must end in .json or .html";
  std::string text = *f == report_format::html ? run_report_html(json_text) : json_text;
  std::FILE* out = std::fopen(path.c_str(), "w");
  if (out == nullptr) return std::strerror(errno);
  const bool ok = std::fwrite(text.data(), 1, text.size(), out) == text.size();
  const int err = errno;
  if (std::fclose(out) != 0 || !ok) return std::strerror(ok ? errno : err);
  return "";
}

} // namespace ngn::nodes
