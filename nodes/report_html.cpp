#include "nodes/report_html.hpp"

#include "nodes/run_report.hpp"
#include "nodes/svg_plot.hpp"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <map>
#include <vector>

namespace ngn::nodes {

namespace {

using json = nlohmann::ordered_json;
using svg::escape;

// Colours that stay apart for the colour-blind (Okabe–Ito).
constexpr const char* blue = "#0072b2";
constexpr const char* orange = "#e69f00";
constexpr const char* green = "#009e73";
constexpr const char* red = "#d55e00";
constexpr const char* purple = "#cc79a7";
constexpr const char* grey = "#666666";

/// Fields of a report that may be missing or of another type: 0 / "" then.
double number(const json& j, const char* key) {
  if (!j.is_object()) return 0;
  auto it = j.find(key);
  return it != j.end() && it->is_number() ? it->get<double>() : 0.0;
}
bool has_number(const json& j, const char* key) {
  if (!j.is_object()) return false;
  auto it = j.find(key);
  return it != j.end() && it->is_number();
}
std::string text(const json& j, const char* key) {
  if (!j.is_object()) return "";
  auto it = j.find(key);
  if (it == j.end()) return "";
  if (it->is_string()) return it->get<std::string>();
  if (it->is_number() || it->is_boolean()) return it->dump();
  return "";
}
const json& member(const json& j, const char* key) {
  static const json none;
  if (!j.is_object()) return none;
  auto it = j.find(key);
  return it != j.end() ? *it : none;
}
const json& array(const json& j, const char* key) {
  static const json empty = json::array();
  const auto& a = member(j, key);
  return a.is_array() ? a : empty;
}

std::string fmt(double v, const char* f = "%.0f") {
  char b[48];
  std::snprintf(b, sizeof b, f, v);
  return b;
}
std::string ms(const json& lat, const char* key) {
  return has_number(lat, key) ? fmt(number(lat, key), "%.2f") : "–";
}

std::string td(const std::string& s, bool numeric = false) {
  return std::string(numeric ? "<td class=\"n\">" : "<td>") + escape(s) + "</td>";
}

/// A figure (right-aligned in a table): digits, a decimal point, or "–" (none).
bool is_figure(const std::string& v) {
  if (v == "–") return true;
  return !v.empty() && v.find_first_not_of("0123456789.-") == std::string::npos;
}

/// A table whose first `text_columns` columns are text; figures after them are right-aligned.
std::string table(const std::vector<std::string>& head, const std::vector<std::vector<std::string>>& rows,
                  const char* id, std::size_t text_columns = 1) {
  std::string s = std::string("<table id=\"") + id + "\"><thead><tr>";
  for (const auto& h : head) s += "<th>" + escape(h) + "</th>";
  s += "</tr></thead><tbody>\n";
  for (const auto& r : rows) {
    s += "<tr>";
    for (std::size_t i = 0; i < r.size(); ++i) s += td(r[i], i >= text_columns && is_figure(r[i]));
    s += "</tr>\n";
  }
  if (rows.empty())
    s += "<tr><td colspan=\"" + std::to_string(head.size()) + "\">none</td></tr>\n";
  return s + "</tbody></table>\n";
}

/// A line per series column over the run's seconds.
svg::line column(const json& series, const char* key, std::string label, const char* color,
                 double scale = 1) {
  svg::line l{std::move(label), color, {}};
  for (const auto& p : series)
    if (has_number(p, key)) l.points.emplace_back(number(p, "t_s"), number(p, key) * scale);
  return l;
}

std::string join_counts(const json& m) {
  std::string s;
  if (!m.is_object()) return s;
  for (auto it = m.begin(); it != m.end(); ++it)
    if (it->is_number() && it->get<double>() > 0)
      s += (s.empty() ? "" : ", ") + it.key() + " " + fmt(it->get<double>());
  return s;
}

constexpr const char* style = R"(
body { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; margin: 24px auto;
       max-width: 1200px; color: #222; background: #fff; font-size: 14px; }
h1 { font-size: 24px; margin-bottom: 4px; }
h2 { font-size: 18px; margin: 28px 0 8px; border-bottom: 1px solid #ccc; padding-bottom: 4px; }
p.meta { color: #555; margin-top: 0; }
.outcome-passed { color: #006d4f; font-weight: bold; }
.outcome-failed, .outcome-error, .outcome-timed-out, .outcome-interrupted { color: #b33c00; font-weight: bold; }
svg.plot { width: 100%; height: auto; display: block; margin: 8px 0 18px; background: #fcfcfc;
           border: 1px solid #e2e2e2; }
svg .title { font-size: 17px; font-weight: bold; fill: #222; }
svg .axis-label { font-size: 14px; fill: #333; }
svg .tick, svg .value { font-size: 12px; fill: #444; }
svg .legend { font-size: 13px; fill: #222; }
svg .no-data { font-size: 16px; fill: #999; }
svg .axis { stroke: #444; stroke-width: 1.2; }
svg .grid { stroke: #e4e4e4; stroke-width: 1; }
svg .series { fill: none; stroke-width: 2.2; stroke-linejoin: round; }
table { border-collapse: collapse; margin: 8px 0 16px; font-size: 13px; }
th, td { border: 1px solid #d6d6d6; padding: 4px 9px; text-align: left; }
th { background: #f1f3f6; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
)";

std::string summary_table(const json& run, const json& t) {
  const auto& lat = member(t, "latency_ms");
  std::vector<std::vector<std::string>> rows = {
    {"terminals attempted", fmt(number(t, "attempted"))},
    {"established", fmt(number(t, "established"))},
    {"failed", fmt(number(t, "failed"))},
    {"failures by reason", join_counts(member(t, "failures"))},
    {"registrations tried / SQN resynchronisations",
     fmt(number(t, "attempts")) + " / " + fmt(number(t, "resyncs"))},
    {"rate (registrations/s)", fmt(number(t, "registrations_per_s"))},
    {"window (s, first request to last outcome)", fmt(number(t, "window_s"), "%.2f")},
    {"latency p50 / p90 / p99 / max (ms)", ms(lat, "p50") + " / " + ms(lat, "p90") + " / "
                                             + ms(lat, "p99") + " / " + ms(lat, "max")},
    {"CPU (s, before the terminals left / in all)",
     fmt(number(t, "cpu_before_leaving_s"), "%.2f") + " / " + fmt(number(t, "cpu_s"), "%.2f")},
    {"CPU per registration (µs)", fmt(number(t, "cpu_us_per_registration"), "%.1f")},
    {"peak RSS (MiB)", fmt(number(t, "peak_rss_kib") / 1024, "%.1f")},
    {"mechanisms", join_counts(member(t, "mechanisms"))},
    {"duration (s)", fmt(number(run, "duration_s"), "%.2f")},
  };
  if (has_number(t, "kib_per_idle_terminal"))
    rows.push_back({"KiB per registered idle terminal", fmt(number(t, "kib_per_idle_terminal"), "%.2f")});
  const auto& life = member(t, "life");
  rows.push_back({"registrations / re-registrations / keepalives / de-registrations / expired",
                  fmt(number(life, "registrations")) + " / " + fmt(number(life, "reregistrations"))
                    + " / " + fmt(number(life, "keepalives")) + " / "
                    + fmt(number(life, "deregistrations")) + " / "
                    + fmt(number(life, "expirations"))});
  rows.push_back({"ESP at the terminals: sent / received / dropped",
                  fmt(number(life, "esp_sent")) + " / " + fmt(number(life, "esp_received")) + " / "
                    + fmt(number(life, "esp_dropped"))});
  std::string s = "<table id=\"summary\"><tbody>\n";
  for (const auto& r : rows) s += "<tr><th>" + escape(r[0]) + "</th>" + td(r[1], true) + "</tr>\n";
  return s + "</tbody></table>\n";
}

/// The run's sessions as the databases hold them (README "Run report": sessions,
/// slowest_sessions, failed_sessions): counts per protocol, state and reason, the slowest
/// established sessions and the first failed ones. Nothing when the report has no such section.
std::string sessions_section(const json& j) {
  if (!member(j, "sessions").is_array()) return "";
  std::string s = "<h2>Sessions (from the database)</h2>\n";
  std::vector<std::vector<std::string>> counts;
  for (const auto& c : array(j, "sessions"))
    counts.push_back({text(c, "protocol"), text(c, "state"), text(c, "reason"),
                      fmt(number(c, "sessions"))});
  s += table({"protocol", "state", "reason", "sessions"}, counts, "sessions", 3);
  std::vector<std::vector<std::string>> slow;
  for (const auto& x : array(j, "slowest_sessions"))
    slow.push_back({text(x, "identity"), text(x, "protocol"), text(x, "path"),
                    text(x, "database"), fmt(number(x, "latency_ms"), "%.2f"),
                    fmt(number(x, "session_id")),
                    text(x, "wire_session_id").empty() ? "–" : text(x, "wire_session_id")});
  s += "<h3>Slowest sessions</h3>\n"
       + table({"identity", "protocol", "path", "database", "latency ms", "session",
                "wire session"},
               slow, "slowest-sessions", 4);
  std::vector<std::vector<std::string>> failed;
  for (const auto& x : array(j, "failed_sessions"))
    failed.push_back({text(x, "time"), text(x, "identity"), text(x, "protocol"),
                      text(x, "reason"), text(x, "database"), fmt(number(x, "session_id"))});
  s += "<h3>Failed sessions</h3>\n"
       + table({"time", "identity", "protocol", "reason", "database", "session"}, failed,
               "failed-sessions", 5);
  return s;
}

std::string body(const json& j) {
  const auto& run = member(j, "run");
  const auto& t = member(j, "totals");
  const auto& series = array(j, "series");
  std::string s;
  const std::string name = text(run, "name").empty() ? "ngnemu" : text(run, "name");
  std::string outcome = text(run, "outcome");
  std::string outcome_class = outcome;
  for (auto& c : outcome_class)
    if (c == ' ') c = '-';
  const std::string id = text(run, "id");
  s += "<h1>Run report: " + escape(name) + (id.empty() ? "" : " · run " + escape(id))
       + "</h1>\n<p class=\"meta\">" + escape(text(run, "start"))
       + " – " + escape(text(run, "end")) + " · " + fmt(number(run, "duration_s"), "%.1f")
       + " s · outcome <span class=\"outcome-" + escape(outcome_class) + "\">" + escape(outcome)
       + "</span>";
  if (!text(run, "ended_early").empty()) s += " (" + escape(text(run, "ended_early")) + ")";
  std::string opts;
  const auto& o = member(run, "options");
  if (o.is_object())
    for (auto it = o.begin(); it != o.end(); ++it)
      opts += " " + it.key() + (it->is_string() && !it->get<std::string>().empty()
                                  ? " " + it->get<std::string>() : "");
  if (!opts.empty()) s += "<br>options:" + escape(opts);
  s += "</p>\n<h2>Summary</h2>\n" + summary_table(run, t);

  s += "<h2>Over time</h2>\n";
  auto offered = column(series, "started", "offered (terminals started)", blue);
  offered.dashed = true; // the achieved rate often covers it
  s += svg::line_plot("rate", "Offered and achieved rate", "time since the start (s)",
                      "registrations per second",
                      {offered,
                       column(series, "established", "achieved (established)", green),
                       column(series, "failed", "failed", red)});
  s += svg::line_plot("latency", "Latency of the registrations established each second",
                      "time since the start (s)", "latency (ms)",
                      {column(series, "latency_p50_ms", "p50", blue),
                       column(series, "latency_p99_ms", "p99", orange)});
  s += svg::line_plot("active", "Active registrations, and registrations in flight",
                      "time since the start (s)", "registrations",
                      {column(series, "active", "active", purple),
                       column(series, "in_flight", "in flight (no outcome yet)",
                              orange)});
  s += svg::line_plot("life", "Life per second", "time since the start (s)",
                      "events per second",
                      {column(series, "reregistrations", "re-registrations", blue),
                       column(series, "keepalives", "keepalives", green),
                       column(series, "deregistrations", "de-registrations", orange),
                       column(series, "failures", "failures", red),
                       column(series, "timeouts", "timeouts", purple),
                       column(series, "esp_dropped", "ESP dropped", grey)});
  s += svg::line_plot("resources", "Process resources", "time since the start (s)",
                      "CPU (% of one core) · RSS (MiB)",
                      {column(series, "cpu_s", "CPU % of one core", red, 100),
                       column(series, "rss_kib", "RSS MiB", blue, 1.0 / 1024)});

  s += "<h2>Latency</h2>\n";
  std::vector<svg::bucket> buckets;
  for (const auto& b : array(j, "histogram"))
    buckets.push_back({number(b, "low_us") / 1000, number(b, "high_us") / 1000, number(b, "count")});
  s += svg::histogram_plot("histogram", "Latency histogram (every established registration)",
                           "latency (ms, logarithmic)", "registrations", buckets);

  s += "<h2>Failures</h2>\n";
  std::vector<std::string> reasons;
  svg::bar_series counts{"failed registrations", red, {}};
  const auto& failures = member(t, "failures");
  if (failures.is_object())
    for (auto it = failures.begin(); it != failures.end(); ++it) {
      reasons.push_back(it.key());
      counts.values.push_back(it->is_number() ? it->get<double>() : 0);
    }
  s += svg::bar_plot("failures", "Failures by reason", "registrations", reasons, {counts});
  std::vector<std::string> element_names;
  svg::bar_series refused{"refused", red, {}}, established{"established", green, {}};
  for (const auto& e : array(j, "elements")) {
    element_names.push_back(text(e, "name") + " (" + text(e, "kind") + ")");
    double n = 0;
    const auto& r = member(e, "refusals");
    if (r.is_object())
      for (const auto& v : r) n += v.is_number() ? v.get<double>() : 0;
    refused.values.push_back(n);
    established.values.push_back(number(member(e, "counters"), "established"));
  }
  s += svg::bar_plot("element-refusals", "Refusals by element", "registrations", element_names,
                     {established, refused});

  s += "<h2>Protocols and terminal groups</h2>\n";
  std::vector<std::string> protos;
  svg::bar_series p_est{"established", green, {}}, p_failed{"failed", red, {}};
  svg::bar_series p50{"p50 ms", blue, {}}, p99{"p99 ms", orange, {}};
  std::vector<std::vector<std::string>> proto_rows;
  for (const auto& p : array(j, "protocols")) {
    protos.push_back(text(p, "protocol"));
    p_est.values.push_back(number(p, "established"));
    p_failed.values.push_back(number(p, "failed"));
    const auto& lat = member(p, "latency_ms");
    p50.values.push_back(number(lat, "p50"));
    p99.values.push_back(number(lat, "p99"));
    proto_rows.push_back({text(p, "protocol"), fmt(number(p, "attempted")),
                          fmt(number(p, "established")), fmt(number(p, "failed")),
                          fmt(number(p, "registrations_per_s")), ms(lat, "p50"), ms(lat, "p99"),
                          join_counts(member(p, "failures"))});
  }
  s += svg::bar_plot("protocols", "Per protocol: registrations", "terminals", protos,
                     {p_est, p_failed})
       + svg::bar_plot("protocol-latency", "Per protocol: latency", "latency (ms)", protos,
                       {p50, p99});
  std::vector<std::string> groups;
  svg::bar_series g_est{"established", green, {}}, g_failed{"failed", red, {}};
  std::vector<std::vector<std::string>> group_rows;
  for (const auto& g : array(j, "groups")) {
    groups.push_back(text(g, "name"));
    g_est.values.push_back(number(g, "established"));
    g_failed.values.push_back(number(g, "failed"));
    const auto& lat = member(g, "latency_ms");
    group_rows.push_back({text(g, "name"), text(g, "node"), text(g, "protocol"), text(g, "via"),
                          fmt(number(g, "attempted")), fmt(number(g, "established")),
                          fmt(number(g, "failed")), fmt(number(g, "registrations_per_s")),
                          ms(lat, "p50"), ms(lat, "p99"), ms(lat, "max"),
                          join_counts(member(g, "failures"))});
  }
  s += svg::bar_plot("groups", "Per terminal group", "terminals", groups, {g_est, g_failed});
  s += "<h3>Protocols</h3>\n"
       + table({"protocol", "attempted", "established", "failed", "reg/s", "p50 ms", "p99 ms",
                "failures"},
               proto_rows, "protocols", 1);
  s += "<h3>Terminal groups</h3>\n"
       + table({"group", "node", "protocol", "via", "attempted", "established", "failed", "reg/s",
                "p50 ms", "p99 ms", "max ms", "failures"},
               group_rows, "groups", 4);

  s += "<h2>Elements</h2>\n";
  std::vector<std::vector<std::string>> element_rows;
  for (const auto& e : array(j, "elements")) {
    std::string other;
    const auto& c = member(e, "counters");
    if (c.is_object())
      for (auto it = c.begin(); it != c.end(); ++it)
        if (it.key().rfind("refused_", 0) != 0 && it.key() != "established" && it->is_number()
            && it->get<double>() > 0)
          other += (other.empty() ? "" : ", ") + it.key() + " " + fmt(it->get<double>());
    element_rows.push_back({text(e, "name"), text(e, "kind"), text(e, "node"),
                            fmt(number(c, "established")), join_counts(member(e, "refusals")),
                            other});
  }
  s += table({"element", "kind", "node", "established", "refusals", "other counters"},
             element_rows, "elements", 3);
  if (!array(j, "nodes").empty()) {
    std::vector<std::vector<std::string>> node_rows;
    for (const auto& n : array(j, "nodes"))
      node_rows.push_back({text(n, "node"), fmt(number(n, "terminals")),
                           fmt(number(n, "peak_rss_kib") / 1024, "%.1f"),
                           fmt(number(n, "cpu_s"), "%.2f")});
    s += "<h2>Nodes</h2>\n"
         + table({"node", "terminals", "peak RSS MiB", "CPU s"}, node_rows, "nodes");
  }
  std::vector<std::vector<std::string>> auc_rows;
  for (const auto& a : array(j, "aucs"))
    auc_rows.push_back({text(a, "name"), text(a, "database"), fmt(number(a, "subscribers")),
                        fmt(number(a, "challenges")), fmt(number(a, "established")),
                        fmt(number(a, "failed")), fmt(number(a, "expired")),
                        fmt(number(a, "writes")), fmt(number(a, "transactions")),
                        fmt(number(a, "write_errors"))});
  s += "<h2>Authentication centres</h2>\n"
       + table({"AuC", "database", "subscribers", "challenges", "established", "failed", "expired",
                "writes", "transactions", "write errors"},
               auc_rows, "aucs", 2);
  s += sessions_section(j);
  return s;
}

std::string page(const std::string& title, const std::string& content) {
  return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>"
         + escape(title) + "</title>\n<style>" + style + "</style>\n</head>\n<body>\n" + content
         + "</body>\n</html>\n";
}

} // namespace

std::optional<std::string> run_report_problem(std::string_view json_text) {
  const auto j = json::parse(json_text.begin(), json_text.end(), nullptr, false);
  if (j.is_discarded()) return "not JSON";
  if (!j.is_object()) return "not a run report (not a JSON object)";
  const auto it = j.find("schema_version");
  if (it == j.end() || !it->is_number_integer()) return "not a run report (no schema_version)";
  if (it->get<long long>() > run_report_schema_version)
    return "schema_version " + it->dump() + " is newer than this ngnemu reads ("
           + std::to_string(run_report_schema_version) + ")";
  return std::nullopt;
}

std::string run_report_html(std::string_view json_text) {
  if (auto problem = run_report_problem(json_text))
    return page("ngnemu run report", "<h1>No run report</h1>\n<p>" + escape(*problem) + "</p>\n");
  const auto j = json::parse(json_text.begin(), json_text.end(), nullptr, false);
  const std::string name = text(member(j, "run"), "name");
  return page("ngnemu run report" + (name.empty() ? "" : ": " + name), body(j));
}

} // namespace ngn::nodes
