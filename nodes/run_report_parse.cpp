#include "nodes/run_report_parse.hpp"

#include "nodes/clock_offset.hpp"
#include "nodes/progress.hpp"
#include "nodes/run_report.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>

namespace ngn::nodes {

namespace {

using json = nlohmann::ordered_json;

/// Reads fields of a parsed report, remembering the first problem (by the field's path) instead
/// of throwing: every accessor returns a neutral value once something is wrong.
class reader {
public:
  std::string error;

  void fail(const std::string& path, const std::string& what) {
    if (error.empty()) error = path + ": " + what;
  }
  /// Member `key` of object `o` at `path`; null when missing (an error if `required`).
  const json* field(const json& o, const std::string& path, const char* key, bool required) {
    if (!o.is_object()) {
      fail(path, "not an object");
      return nullptr;
    }
    auto it = o.find(key);
    if (it == o.end()) {
      if (required) fail(path + "." + key, "missing");
      return nullptr;
    }
    return &*it;
  }
  std::uint64_t u64(const json& o, const std::string& path, const char* key,
                    bool required = true) {
    const json* v = field(o, path, key, required);
    if (v == nullptr) return 0;
    if (v->is_number_unsigned()) return v->get<std::uint64_t>();
    if (v->is_number_integer() && v->get<std::int64_t>() >= 0) return v->get<std::uint64_t>();
    fail(path + "." + key, "not a count (a non-negative integer)");
    return 0;
  }
  std::int64_t i64(const json& o, const std::string& path, const char* key, bool required = true) {
    const json* v = field(o, path, key, required);
    if (v == nullptr) return 0;
    if (v->is_number_integer()) return v->get<std::int64_t>();
    fail(path + "." + key, "not an integer");
    return 0;
  }
  /// A number; `null_as` for JSON null (a percentile without latencies).
  double number(const json& o, const std::string& path, const char* key, bool required = true,
                double null_as = 0) {
    const json* v = field(o, path, key, required);
    if (v == nullptr) return 0;
    if (v->is_null()) return null_as;
    if (v->is_number()) return v->get<double>();
    fail(path + "." + key, "not a number");
    return 0;
  }
  std::string text(const json& o, const std::string& path, const char* key,
                   bool required = true) {
    const json* v = field(o, path, key, required);
    if (v == nullptr) return "";
    if (v->is_string()) return v->get<std::string>();
    fail(path + "." + key, "not a string");
    return "";
  }
  bool boolean(const json& o, const std::string& path, const char* key, bool required = true) {
    const json* v = field(o, path, key, required);
    if (v == nullptr) return false;
    if (v->is_boolean()) return v->get<bool>();
    fail(path + "." + key, "not true or false");
    return false;
  }
  const json& object(const json& o, const std::string& path, const char* key,
                     bool required = true) {
    static const json empty = json::object();
    const json* v = field(o, path, key, required);
    if (v == nullptr) return empty;
    if (v->is_object()) return *v;
    fail(path + "." + key, "not an object");
    return empty;
  }
  const json& array(const json& o, const std::string& path, const char* key,
                    bool required = true) {
    static const json empty = json::array();
    const json* v = field(o, path, key, required);
    if (v == nullptr) return empty;
    if (v->is_array()) return *v;
    fail(path + "." + key, "not an array");
    return empty;
  }
  /// name → count; "(none)" is the empty name (run_report.cpp map_json).
  std::map<std::string, std::uint64_t> counts(const json& o, const std::string& path,
                                              const char* key) {
    std::map<std::string, std::uint64_t> m;
    const auto& j = object(o, path, key);
    for (auto it = j.begin(); it != j.end(); ++it)
      m[it.key() == "(none)" ? "" : it.key()] = u64(j, path + "." + key, it.key().c_str());
    return m;
  }
  /// The non-empty buckets back into a histogram; each must be a bucket of
  /// latency_histogram.hpp (its low and high bounds), each at most once.
  latency_counts histogram(const json& o, const std::string& path, const char* key) {
    latency_counts c{};
    const auto& a = array(o, path, key);
    for (std::size_t i = 0; i < a.size(); ++i) {
      const std::string p = path + "." + key + "[" + std::to_string(i) + "]";
      const auto low = u64(a[i], p, "low_us"), high = u64(a[i], p, "high_us");
      const auto n = u64(a[i], p, "count");
      if (!error.empty()) break;
      const auto b = latency_bucket(low);
      if (latency_bucket_low(b) != low || latency_bucket_high(b) != high) {
        fail(p, "[" + std::to_string(low) + ", " + std::to_string(high)
                  + ") is not a bucket of the latency histogram");
        break;
      }
      if (c[b] != 0) {
        fail(p, "bucket " + std::to_string(low) + " given twice");
        break;
      }
      c[b] = n;
    }
    return c;
  }
  life_totals life(const json& o, const std::string& path) {
    life_totals l;
    const auto& j = object(o, path, "life");
    const std::string p = path + ".life";
    l.registrations = u64(j, p, "registrations");
    l.reregistrations = u64(j, p, "reregistrations");
    l.keepalives = u64(j, p, "keepalives");
    l.deregistrations = u64(j, p, "deregistrations");
    l.expirations = u64(j, p, "expirations");
    l.failures = u64(j, p, "failures");
    l.esp_sent = u64(j, p, "esp_sent");
    l.esp_received = u64(j, p, "esp_received");
    l.unprotected_dropped = u64(j, p, "unprotected_dropped");
    const auto& causes = object(j, p, "esp_dropped_by_cause");
    for (std::size_t i = 0; i < elements::esp_drop_causes; ++i) {
      const std::string name(to_string(static_cast<elements::esp_drop>(i)));
      l.esp_dropped[i] = u64(causes, p + ".esp_dropped_by_cause", name.c_str());
    }
    return l;
  }
  elements::edge_stats edges(const json& o, const std::string& path) {
    elements::edge_stats e;
    const auto& j = object(o, path, "edges");
    const std::string p = path + ".edges";
    e.esp_sent = u64(j, p, "esp_sent");
    e.esp_received = u64(j, p, "esp_received");
    e.esp_bad_icv = u64(j, p, "esp_bad_icv");
    e.esp_replayed = u64(j, p, "esp_replayed");
    e.esp_unknown_spi = u64(j, p, "esp_unknown_spi");
    e.esp_malformed = u64(j, p, "esp_malformed");
    e.esp_misdirected = u64(j, p, "esp_misdirected");
    e.unprotected_dropped = u64(j, p, "unprotected_dropped");
    e.expired = u64(j, p, "expired");
    e.deregistered = u64(j, p, "deregistered");
    e.superseded = u64(j, p, "superseded");
    e.keepalives = u64(j, p, "keepalives");
    return e;
  }
};

group_result parse_group(reader& rd, const json& g, const std::string& p, micros run_start) {
  group_result x;
  x.name = rd.text(g, p, "name");
  x.node = rd.text(g, p, "node");
  const auto proto = rd.text(g, p, "protocol");
  if (auto k = parse_protocol(proto)) x.proto = *k;
  else if (rd.error.empty()) rd.fail(p + ".protocol", "'" + proto + "' is not a protocol");
  const auto via = rd.text(g, p, "via");
  if (via != "proxy" && via != "direct" && rd.error.empty())
    rd.fail(p + ".via", "'" + via + "' is not proxy or direct");
  x.via_proxy = via == "proxy";
  x.count = rd.u64(g, p, "attempted");
  x.established = rd.u64(g, p, "established");
  x.failed = rd.u64(g, p, "failed");
  x.failures = rd.counts(g, p, "failures");
  x.attempts = rd.u64(g, p, "attempts");
  x.resyncs = rd.u64(g, p, "resyncs");
  x.mechanisms = rd.counts(g, p, "mechanisms");
  x.latency = rd.histogram(g, p, "histogram");
  x.life = rd.life(g, p);
  x.left_registered = rd.u64(g, p, "still_registered");
  // first_us / last_us came after schema 1's first reports: else the window from the start.
  if (g.contains("first_us")) {
    x.first_start = rd.i64(g, p, "first_us");
    x.last_done = rd.i64(g, p, "last_us");
  } else {
    x.first_start = run_start;
    x.last_done = run_start + std::llround(rd.number(g, p, "window_s") * 1e6);
  }
  return x;
}

series_point parse_point(reader& rd, const json& s, const std::string& p, micros start) {
  series_point x;
  x.at = start + std::llround(rd.number(s, p, "t_s") * 1e6);
  x.started = rd.u64(s, p, "started");
  x.established = rd.u64(s, p, "established");
  x.failed = rd.u64(s, p, "failed");
  x.failures = rd.u64(s, p, "failures");
  x.registrations = rd.u64(s, p, "registrations");
  x.reregistrations = rd.u64(s, p, "reregistrations");
  x.keepalives = rd.u64(s, p, "keepalives");
  x.deregistrations = rd.u64(s, p, "deregistrations");
  x.expirations = rd.u64(s, p, "expirations");
  x.esp_sent = rd.u64(s, p, "esp_sent");
  x.esp_received = rd.u64(s, p, "esp_received");
  x.esp_dropped = rd.u64(s, p, "esp_dropped");
  x.active = rd.i64(s, p, "active");
  x.latencies = rd.u64(s, p, "latencies");
  x.latency_p50_ms = rd.number(s, p, "latency_p50_ms", true, -1);
  x.latency_p99_ms = rd.number(s, p, "latency_p99_ms", true, -1);
  x.cpu_seconds = rd.number(s, p, "cpu_s");
  x.rss_kb = static_cast<long>(rd.i64(s, p, "rss_kib"));
  return x;
}

void parse_sessions(reader& rd, const json& j, emulation_report& r) {
  if (!j.contains("sessions")) return;
  storage::session_tables t;
  const auto& counts = rd.array(j, "", "sessions");
  for (std::size_t i = 0; i < counts.size(); ++i) {
    const std::string p = "sessions[" + std::to_string(i) + "]";
    t.counts.push_back({rd.text(counts[i], p, "protocol"), rd.text(counts[i], p, "state"),
                        rd.text(counts[i], p, "reason"), rd.u64(counts[i], p, "sessions")});
  }
  const auto& slow = rd.array(j, "", "slowest_sessions", false);
  for (std::size_t i = 0; i < slow.size(); ++i) {
    const std::string p = "slowest_sessions[" + std::to_string(i) + "]";
    storage::slow_session s;
    s.identity = rd.text(slow[i], p, "identity");
    s.protocol = rd.text(slow[i], p, "protocol");
    s.path = rd.text(slow[i], p, "path");
    s.latency_ms = rd.number(slow[i], p, "latency_ms");
    s.id = rd.i64(slow[i], p, "session_id");
    s.database = rd.text(slow[i], p, "database");
    if (slow[i].is_object() && slow[i].contains("wire_session_id"))
      s.wire_session_id = rd.text(slow[i], p, "wire_session_id");
    t.slowest.push_back(std::move(s));
  }
  const auto& failed = rd.array(j, "", "failed_sessions", false);
  for (std::size_t i = 0; i < failed.size(); ++i) {
    const std::string p = "failed_sessions[" + std::to_string(i) + "]";
    t.failed.push_back({rd.text(failed[i], p, "database"), rd.i64(failed[i], p, "session_id"),
                        rd.text(failed[i], p, "identity"), rd.text(failed[i], p, "protocol"),
                        rd.text(failed[i], p, "reason"), rd.i64(failed[i], p, "time_us")});
  }
  r.sessions = std::move(t);
}

} // namespace

result<emulation_report> parse_run_report(std::string_view json_text) {
  auto bad = [](std::string why) { return make_error(errc::malformed, 0, std::move(why)); };
  const json j = json::parse(json_text.begin(), json_text.end(), nullptr, false);
  if (j.is_discarded()) return bad("the run report is not JSON");
  if (!j.is_object()) return bad("the run report is not a JSON object");
  reader rd;
  const auto version = rd.u64(j, "", "schema_version");
  if (!rd.error.empty()) return bad(rd.error);
  if (version > static_cast<std::uint64_t>(run_report_schema_version))
    return make_error(errc::unsupported, 0,
                      "schema_version " + std::to_string(version) + " is newer than this "
                      "ngnemu reads (" + std::to_string(run_report_schema_version) + ")");
  emulation_report r;
  r.scope = j.contains("scope") ? rd.text(j, "", "scope") : "emulation";
  if (r.scope != "emulation" && r.scope != "node" && rd.error.empty())
    rd.fail(".scope", "'" + r.scope + "' is not emulation or node");
  r.scope_node = rd.text(j, "", "node", false);

  const auto& run = rd.object(j, "", "run");
  r.run_name = rd.text(run, ".run", "id", false);
  r.name = rd.text(run, ".run", "name", false);
  r.started = rd.i64(run, ".run", "start_us");
  r.ended = rd.i64(run, ".run", "end_us");
  r.ended_early = rd.text(run, ".run", "ended_early", false);
  const auto outcome = rd.text(run, ".run", "outcome");
  r.timed_out = run.contains("timed_out") ? rd.boolean(run, ".run", "timed_out")
                                          : outcome == "timed out";
  const auto& opts = rd.object(run, ".run", "options");
  for (auto it = opts.begin(); it != opts.end(); ++it)
    r.options.emplace_back(it.key(), rd.text(opts, ".run.options", it.key().c_str()));

  const auto& totals = rd.object(j, "", "totals");
  r.cpu_seconds = rd.number(totals, ".totals", "cpu_s");
  r.cpu_before_leaving_seconds = rd.number(totals, ".totals", "cpu_before_leaving_s");
  r.peak_rss_kb = static_cast<long>(rd.i64(totals, ".totals", "peak_rss_kib"));
  r.rss_before_terminals_kb =
    static_cast<long>(rd.i64(totals, ".totals", "rss_before_terminals_kib", false));
  r.rss_after_kb = static_cast<long>(rd.i64(totals, ".totals", "rss_after_kib", false));
  r.edges = rd.edges(totals, ".totals");

  const auto& groups = rd.array(j, "", "groups");
  for (std::size_t i = 0; i < groups.size() && rd.error.empty(); ++i) {
    r.groups.push_back(parse_group(rd, groups[i], "groups[" + std::to_string(i) + "]", r.started));
    r.terminals += r.groups.back().count;
  }
  const auto& elems = rd.array(j, "", "elements");
  for (std::size_t i = 0; i < elems.size() && rd.error.empty(); ++i) {
    const std::string p = "elements[" + std::to_string(i) + "]";
    r.elements.push_back({rd.text(elems[i], p, "name"), rd.text(elems[i], p, "kind"),
                          rd.text(elems[i], p, "node"), rd.counts(elems[i], p, "counters")});
  }
  // Clocks (README "Several processes and hosts"): optional; null = not measured.
  auto clocks = [&](const json& o, const std::string& p, std::vector<peer_clock>& out) {
    if (!o.contains("peers") && !o.contains("clocks")) return;
    const char* key = o.contains("peers") ? "peers" : "clocks";
    const auto& a = rd.array(o, p, key);
    for (std::size_t k = 0; k < a.size() && rd.error.empty(); ++k) {
      const std::string q = p + "." + key + "[" + std::to_string(k) + "]";
      peer_clock c;
      c.node = rd.text(a[k], q, "node");
      c.samples = static_cast<std::uint32_t>(rd.u64(a[k], q, "samples"));
      c.offset_ms = rd.number(a[k], q, "clock_offset_ms");
      c.rtt_ms = rd.number(a[k], q, "rtt_ms", true, -1);
      out.push_back(std::move(c));
    }
  };
  const auto& nodes = rd.array(j, "", "nodes");
  for (std::size_t i = 0; i < nodes.size() && rd.error.empty(); ++i) {
    const std::string p = "nodes[" + std::to_string(i) + "]";
    const auto& n = nodes[i];
    r.nodes.push_back({rd.text(n, p, "node"), rd.u64(n, p, "terminals"),
                       static_cast<long>(rd.i64(n, p, "peak_rss_kib")),
                       static_cast<long>(rd.i64(n, p, "rss_before_terminals_kib")),
                       static_cast<long>(rd.i64(n, p, "rss_after_kib")), rd.number(n, p, "cpu_s"),
                       rd.edges(n, p), std::nullopt, {}});
    if (n.contains("clock_offset_ms") && !n["clock_offset_ms"].is_null())
      r.nodes.back().clock_offset_ms = rd.number(n, p, "clock_offset_ms");
    clocks(n, p, r.nodes.back().peers);
  }
  clocks(j, "", r.clocks);
  if (j.contains("clock_offset_ms")) r.clock_offset_ms = rd.number(j, "", "clock_offset_ms");
  const auto& aucs = rd.array(j, "", "aucs");
  for (std::size_t i = 0; i < aucs.size() && rd.error.empty(); ++i) {
    const std::string p = "aucs[" + std::to_string(i) + "]";
    const auto& a = aucs[i];
    auc_summary s;
    s.name = rd.text(a, p, "name");
    s.database = rd.text(a, p, "database");
    s.subscribers = rd.u64(a, p, "subscribers");
    s.provisioned = rd.u64(a, p, "provisioned");
    s.challenges = rd.u64(a, p, "challenges");
    s.resyncs = rd.u64(a, p, "resyncs");
    s.established = rd.u64(a, p, "established");
    s.failed = rd.u64(a, p, "failed");
    s.expired = rd.u64(a, p, "expired");
    s.ops = rd.u64(a, p, "writes");
    s.transactions = rd.u64(a, p, "transactions");
    s.max_batch = rd.u64(a, p, "max_batch");
    s.write_errors = rd.u64(a, p, "write_errors");
    r.aucs.push_back(std::move(s));
  }
  const auto& series = rd.array(j, "", "series");
  for (std::size_t i = 0; i < series.size() && rd.error.empty(); ++i)
    r.series.push_back(parse_point(rd, series[i], "series[" + std::to_string(i) + "]", r.started));

  const auto& files = rd.object(j, "", "files");
  if (files.contains("stats")) {
    const auto& f = rd.object(files, ".files", "stats");
    r.stats_path = rd.text(f, ".files.stats", "path");
    r.stats_lines = rd.u64(f, ".files.stats", "lines");
    r.stats_failed = rd.boolean(f, ".files.stats", "failed");
  }
  if (files.contains("pcap")) {
    const auto& f = rd.object(files, ".files", "pcap");
    r.pcap_path = rd.text(f, ".files.pcap", "path");
    r.pcap_packets = rd.u64(f, ".files.pcap", "packets");
    r.pcap_dropped = rd.u64(f, ".files.pcap", "dropped");
    r.pcap_error = rd.text(f, ".files.pcap", "error");
  }
  if (files.contains("keylog")) {
    const auto& f = rd.object(files, ".files", "keylog");
    r.keylog_path = rd.text(f, ".files.keylog", "path");
    r.keylog_lines = rd.u64(f, ".files.keylog", "lines");
    r.keylog_errors = rd.u64(f, ".files.keylog", "errors");
  }
  r.listeners = rd.text(j, "", "listeners", false);
  parse_sessions(rd, j, r);
  if (!rd.error.empty()) return bad(rd.error);
  return r;
}

emulation_report merge_node_reports(const std::vector<emulation_report>& parts) {
  emulation_report w;
  w.scope = "emulation";
  for (const auto& r : parts) {
    if (w.run_name.empty()) w.run_name = r.run_name;
    if (w.name.empty()) w.name = r.name;
    if (w.options.empty()) w.options = r.options;
    w.groups.insert(w.groups.end(), r.groups.begin(), r.groups.end());
    w.aucs.insert(w.aucs.end(), r.aucs.begin(), r.aucs.end());
    w.elements.insert(w.elements.end(), r.elements.begin(), r.elements.end());
    if (r.started != 0 && (w.started == 0 || r.started < w.started)) w.started = r.started;
    w.ended = std::max(w.ended, r.ended);
    w.timed_out = w.timed_out || r.timed_out;
    if (w.ended_early.empty()) w.ended_early = r.ended_early;
    w.terminals += r.terminals;
    if (r.nodes.empty()) {
      w.nodes.push_back({r.scope_node, r.terminals, r.peak_rss_kb, r.rss_before_terminals_kb,
                         r.rss_after_kb, r.cpu_seconds, r.edges, r.clock_offset_ms, r.clocks});
    } else {
      w.nodes.insert(w.nodes.end(), r.nodes.begin(), r.nodes.end());
    }
    w.edges += r.edges;
    w.cpu_seconds += r.cpu_seconds;
    w.cpu_before_leaving_seconds += r.cpu_before_leaving_seconds;
    w.peak_rss_kb = std::max(w.peak_rss_kb, r.peak_rss_kb);
    // The nodes' seconds by wall-clock second, as the collector adds them (node_report.cpp);
    // a node whose clock was off the collector's beyond the threshold has its seconds moved onto
    // the collector's clock first (README "Several processes and hosts").
    const micros shift = r.clock_offset_ms && std::abs(*r.clock_offset_ms) > clock_offset_threshold_ms
                           ? static_cast<micros>(*r.clock_offset_ms * 1000.0)
                           : 0;
    for (auto p : r.series) {
      p.at -= shift;
      const auto sec = series_second(p.at);
      auto it = std::lower_bound(w.series.begin(), w.series.end(), sec,
                                 [](const series_point& x, std::int64_t s) {
                                   return series_second(x.at) < s;
                                 });
      if (it != w.series.end() && series_second(it->at) == sec) merge_point(*it, p);
      else w.series.insert(it, p);
    }
    if (w.pcap_path.empty()) {
      w.pcap_path = r.pcap_path;
      w.pcap_packets = r.pcap_packets;
      w.pcap_dropped = r.pcap_dropped;
      w.pcap_error = r.pcap_error;
    }
    if (w.stats_path.empty()) {
      w.stats_path = r.stats_path;
      w.stats_lines = r.stats_lines;
    }
    w.stats_failed = w.stats_failed || r.stats_failed;
    if (w.keylog_path.empty()) {
      w.keylog_path = r.keylog_path;
      w.keylog_lines = r.keylog_lines;
      w.keylog_errors = r.keylog_errors;
    }
    w.listeners += r.listeners;
    if (r.sessions) {
      if (!w.sessions) w.sessions.emplace();
      storage::merge_session_tables(*w.sessions, *r.sessions);
    }
  }
  return w;
}

} // namespace ngn::nodes
