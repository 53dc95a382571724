// `ngnemu runs`: one line per emulation recorded in the database(s) (schema.cpp, table runs).
// With several --db the rows of one run name are merged into one: times min / max, counts
// summed (each database holds its own part: the sessions of its AuC shard), the rate and the
// latency percentiles recomputed from the sessions of every database, CPU and peak RSS summed
// over the writing processes (rows of one process, e.g. two AuC shards, carry the same nodes
// and the same figures: counted once).
#include "nodes/cli.hpp"
#include "protocols/common/utc_text.hpp"
#include "nodes/db_set.hpp"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <iostream>
#include <memory>
#include <set>

namespace ngn::nodes {

namespace {

struct runs_args {
  std::vector<std::string> dbs{"ngnemu.db"};
  bool json = false, csv = false;
};

/// One run over every database that holds it.
struct merged_run {
  std::string name;
  std::int64_t started_at = 0, ended_at = 0; ///< ended 0: some part has not ended
  bool open = false;
  std::string outcome, nodes, options;
  std::vector<std::string> databases;
  bool has_figures = false;
  std::int64_t attempted = 0, established = 0, failed = 0, registrations = 0;
  double rate = 0, p50_ms = 0, p99_ms = 0, cpu_s = 0;
  std::int64_t peak_rss_kib = 0;
  std::vector<std::pair<db_entry*, const storage::run_row*>> parts;
};

/// The outcome of a run from its parts: the first of these any part has.
std::string merge_outcome(const std::vector<std::string>& outcomes) {
  for (const char* o : {"running", "failed", "timed out", "interrupted", "completed"})
    if (std::find(outcomes.begin(), outcomes.end(), o) != outcomes.end()) return o;
  return outcomes.empty() ? std::string() : outcomes.front();
}

std::vector<merged_run> merge_runs(std::vector<db_entry>& dbs) {
  std::vector<merged_run> out;
  for (auto& d : dbs)
    for (const auto& r : d.runs) {
      auto it = std::find_if(out.begin(), out.end(),
                             [&](const merged_run& m) { return m.name == r.name; });
      if (it == out.end()) {
        out.push_back({});
        it = out.end() - 1;
        it->name = r.name;
        it->options = r.options;
      }
      it->parts.emplace_back(&d, &r);
    }
  for (auto& m : out) {
    std::vector<std::string> outcomes, nodes_seen;
    std::set<std::string> processes;
    for (const auto& [d, r] : m.parts) {
      m.databases.push_back(d->path);
      if (m.started_at == 0 || r->started_at < m.started_at) m.started_at = r->started_at;
      if (r->ended_at == 0) m.open = true;
      m.ended_at = std::max(m.ended_at, r->ended_at);
      outcomes.push_back(r->outcome);
      // Nodes: the union, in order of appearance.
      std::size_t from = 0;
      while (from <= r->nodes.size() && !r->nodes.empty()) {
        const auto comma = r->nodes.find(',', from);
        auto n = r->nodes.substr(from, comma == std::string::npos ? std::string::npos
                                                                  : comma - from);
        if (std::find(nodes_seen.begin(), nodes_seen.end(), n) == nodes_seen.end())
          nodes_seen.push_back(n);
        if (comma == std::string::npos) break;
        from = comma + 1;
      }
      if (!r->has_figures) continue;
      m.has_figures = true;
      m.attempted += r->attempted;
      m.established += r->established;
      m.failed += r->failed;
      m.registrations += r->registrations;
      if (processes.insert(r->nodes).second) {
        m.cpu_s += r->cpu_s;
        m.peak_rss_kib += r->peak_rss_kib;
      }
    }
    if (m.open) m.ended_at = 0;
    m.outcome = merge_outcome(outcomes);
    for (const auto& n : nodes_seen) m.nodes += (m.nodes.empty() ? "" : ",") + n;
    if (m.parts.size() == 1) {
      const auto* r = m.parts.front().second;
      m.rate = r->rate;
      m.p50_ms = r->p50_ms;
      m.p99_ms = r->p99_ms;
    } else if (m.has_figures) {
      // Percentiles do not add up: recomputed from the sessions of every database.
      storage::run_sample all;
      for (const auto& [d, r] : m.parts) {
        auto s = storage::read_run_sample(d->conn, *r);
        all.latencies_us.insert(all.latencies_us.end(), s.latencies_us.begin(),
                                s.latencies_us.end());
        if (s.first_request != 0 && (all.first_request == 0 || s.first_request < all.first_request))
          all.first_request = s.first_request;
        all.last_success = std::max(all.last_success, s.last_success);
      }
      std::sort(all.latencies_us.begin(), all.latencies_us.end());
      m.p50_ms = storage::nearest_rank_ms(all.latencies_us, 50);
      m.p99_ms = storage::nearest_rank_ms(all.latencies_us, 99);
      if (all.last_success > all.first_request)
        m.rate = double(all.latencies_us.size()) * 1e6
                 / double(all.last_success - all.first_request);
    }
  }
  std::stable_sort(out.begin(), out.end(), [](const merged_run& x, const merged_run& y) {
    return x.started_at < y.started_at;
  });
  return out;
}

std::string iso_seconds(std::int64_t us) { return utc_text(us, utc_style::seconds); }

nlohmann::json or_null(bool has, double v) { return has ? nlohmann::json(v) : nlohmann::json(); }

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

int list(const runs_args& a) {
  auto dbs = open_databases(a.dbs);
  const auto runs = merge_runs(dbs);
  if (a.json) {
    auto arr = nlohmann::json::array();
    for (const auto& m : runs) {
      const bool ended = m.ended_at != 0;
      arr.push_back(
        {{"run", m.name}, {"started", iso_seconds(m.started_at)},
         {"ended", ended ? nlohmann::json(iso_seconds(m.ended_at)) : nlohmann::json()},
         {"duration_s", or_null(ended, double(m.ended_at - m.started_at) / 1e6)},
         {"outcome", m.outcome}, {"nodes", m.nodes}, {"databases", m.databases},
         {"options", m.options},
         {"terminals_attempted", or_null(m.has_figures, double(m.attempted))},
         {"terminals_established", or_null(m.has_figures, double(m.established))},
         {"terminals_failed", or_null(m.has_figures, double(m.failed))},
         {"registrations", or_null(m.has_figures, double(m.registrations))},
         {"registrations_per_s", or_null(m.has_figures, m.rate)},
         {"latency_p50_ms", or_null(m.has_figures && m.registrations > 0, m.p50_ms)},
         {"latency_p99_ms", or_null(m.has_figures && m.registrations > 0, m.p99_ms)},
         {"cpu_s", or_null(m.has_figures, m.cpu_s)},
         {"peak_rss_kib", or_null(m.has_figures, double(m.peak_rss_kib))}});
    }
    std::cout << arr.dump(2) << "\n";
    return 0;
  }
  if (a.csv) {
    std::printf("run,started,ended,duration_s,outcome,nodes,databases,terminals_attempted,"
                "terminals_established,terminals_failed,registrations,registrations_per_s,"
                "latency_p50_ms,latency_p99_ms,cpu_s,peak_rss_kib,options\n");
    for (const auto& m : runs) {
      std::string dbl;
      for (const auto& d : m.databases) dbl += (dbl.empty() ? "" : ";") + d;
      char dur[32] = "", figures[256] = ",,,,,,,,";
      if (m.ended_at != 0)
        std::snprintf(dur, sizeof dur, "%.3f", double(m.ended_at - m.started_at) / 1e6);
      if (m.has_figures) {
        char p50[32] = "", p99[32] = "";
        if (m.registrations > 0) {
          std::snprintf(p50, sizeof p50, "%.3f", m.p50_ms);
          std::snprintf(p99, sizeof p99, "%.3f", m.p99_ms);
        }
        std::snprintf(figures, sizeof figures, "%lld,%lld,%lld,%lld,%.1f,%s,%s,%.2f,%lld",
                      static_cast<long long>(m.attempted), static_cast<long long>(m.established),
                      static_cast<long long>(m.failed), static_cast<long long>(m.registrations),
                      m.rate, p50, p99, m.cpu_s, static_cast<long long>(m.peak_rss_kib));
      }
      std::printf("%s,%s,%s,%s,%s,%s,%s,%s,%s\n", m.name.c_str(),
                  iso_seconds(m.started_at).c_str(), iso_seconds(m.ended_at).c_str(), dur,
                  m.outcome.c_str(), csv_field(m.nodes).c_str(), csv_field(dbl).c_str(),
                  figures, csv_field(m.options).c_str());
    }
    return 0;
  }
  std::printf("%-24s %-20s %-20s %9s %-11s %-16s %9s %9s %7s %9s %9s %9s\n", "run", "started",
              "ended", "duration", "outcome", "nodes", "attempted", "establ.", "failed", "reg/s",
              "p50 ms", "p99 ms");
  for (const auto& m : runs) {
    char dur[32] = "";
    if (m.ended_at != 0)
      std::snprintf(dur, sizeof dur, "%.1f s", double(m.ended_at - m.started_at) / 1e6);
    char figures[128] = "";
    if (m.has_figures) {
      char p50[32] = "", p99[32] = "";
      if (m.registrations > 0) {
        std::snprintf(p50, sizeof p50, "%.2f", m.p50_ms);
        std::snprintf(p99, sizeof p99, "%.2f", m.p99_ms);
      }
      std::snprintf(figures, sizeof figures, "%9lld %9lld %7lld %9.0f %9s %9s",
                    static_cast<long long>(m.attempted), static_cast<long long>(m.established),
                    static_cast<long long>(m.failed), m.rate, p50, p99);
    }
    std::printf("%-24s %-20s %-20s %9s %-11s %-16s %s\n", m.name.c_str(),
                iso_seconds(m.started_at).c_str(), iso_seconds(m.ended_at).c_str(), dur,
                m.outcome.c_str(), m.nodes.c_str(), figures);
  }
  return 0;
}

} // namespace

void add_runs_command(CLI::App& app, std::function<int()>& action) {
  auto a = std::make_shared<runs_args>();
  auto* cmd = app.add_subcommand(
    "runs", "List the emulations recorded in the database(s), oldest first; the rows of one run "
            "in several databases are merged");
  cmd->add_option("--db", a->dbs,
                  "AuC database; repeat it to read several (AuC shards, other hosts' files) as "
                  "one emulation")
    ->capture_default_str();
  auto* json = cmd->add_flag("--json", a->json, "JSON array");
  auto* csv = cmd->add_flag("--csv", a->csv, "CSV");
  json->excludes(csv);
  cmd->callback([a, &action] { action = [a] { return list(*a); }; });
}

} // namespace ngn::nodes
