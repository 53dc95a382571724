// `ngnemu sessions`: list and filter the persisted session log (table, JSON or CSV).
#include "nodes/cli.hpp"
#include "storage/refusals.hpp"
#include "protocols/common/utc_text.hpp"
#include "nodes/cli_checks.hpp"
#include "protocols/common/escape.hpp"
#include "nodes/cli_timeline.hpp"
#include "protocols/common/hex.hpp"
#include "nodes/db_set.hpp"
#include "storage/session_query.hpp"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <map>
#include <tuple>
#include <iostream>
#include <limits>
#include <memory>
#include <optional>

namespace ngn::nodes {

namespace {

struct sessions_args {
  std::vector<std::string> dbs{"ngnemu.db"};
  std::string run;  ///< empty: the latest run
  std::string state, identity, protocol, node, reason, since, until;
  std::size_t limit = 0;
  bool json = false, csv = false, summary = false, newest = false;
  bool timeline = false;
};

/// --since / --until (`name`) into `out` when given; false after a message when it is not a
/// time (nodes/cli_checks.hpp: no overflow, no impossible date).
bool parse_time_option(const char* name, const std::string& text,
                       std::optional<std::int64_t>& out) {
  if (text.empty()) return true;
  std::string error;
  out = parse_time_arg(text, error);
  if (!out) std::fprintf(stderr, "ngnemu sessions: %s: %s\n", name, error.c_str());
  return out.has_value();
}

std::string iso(std::int64_t us) { return utc_text(us, utc_style::micros); }

/// From request to success; none for a row that never succeeded (failed, still challenged).
std::optional<double> latency_ms(const storage::session_row& r) {
  if (r.t_success == 0 || r.t_request == 0) return std::nullopt;
  return double(r.t_success - r.t_request) / 1000;
}

/// One row with where it comes from: a session is identified by (database, id).
struct located_row {
  const db_entry* db = nullptr;
  storage::session_row row;
};

std::string run_name_of(const db_entry& d, std::int64_t run) {
  for (const auto& r : d.runs)
    if (r.id == run) return r.name;
  return {};
}

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

/// The filter of the options, without the run; nullopt after a message when one is bad.
std::optional<storage::session_filter> make_filter(const sessions_args& a) {
  storage::session_filter f;
  if (!a.state.empty()) {
    f.state = storage::parse_session_state(a.state);
    if (!f.state) {
      std::fprintf(stderr, "ngnemu sessions: --state must be challenged, established, failed, "
                           "expired, deregistered or superseded\n");
      return std::nullopt;
    }
  }
  f.identity = a.identity;
  f.protocol = a.protocol;
  f.node = a.node;
  f.failure_reason = a.reason;
  if (!parse_time_option("--since", a.since, f.since)
      || !parse_time_option("--until", a.until, f.until))
    return std::nullopt;
  f.limit = a.limit;
  f.newest_first = a.newest;
  return f;
}

void print_summary(std::vector<db_entry>& dbs, const run_choice& run,
                   const storage::session_filter& base) {
  // Counts of every database added up per protocol, state and reason.
  std::map<std::tuple<std::string, storage::session_state, std::string>, std::uint64_t> sum;
  for (auto& d : dbs) {
    auto f = base;
    if (!run.all) {
      f.run = scope_in(d, run.name);
      if (!f.run) continue;
    }
    for (const auto& c : storage::count_sessions(d.conn, f))
      sum[{c.protocol, c.state, c.failure_reason}] += c.count;
  }
  std::vector<storage::session_count> rows;
  for (const auto& [k, n] : sum)
    rows.push_back({std::get<0>(k), std::get<1>(k), std::get<2>(k), n});
  std::stable_sort(rows.begin(), rows.end(), [](const auto& x, const auto& y) {
    return std::tie(x.protocol, x.state) < std::tie(y.protocol, y.state)
           || (std::tie(x.protocol, x.state) == std::tie(y.protocol, y.state) && x.count > y.count);
  });
  for (const auto& c : rows)
    std::printf("%-5s %-12s %8llu  %s\n", c.protocol.c_str(),
                std::string(storage::to_string(c.state)).c_str(),
                static_cast<unsigned long long>(c.count), c.failure_reason.c_str());
  // Refusals the AuC counted per reason and second instead of a row each (table refusals,
  // storage/refusals.hpp): a flood's unknown identities, malformed and replayed messages.
  std::map<std::string, std::uint64_t> refused;
  for (auto& d : dbs) {
    std::int64_t id = 0;
    if (!run.all) {
      auto r = scope_in(d, run.name);
      if (!r) continue;
      id = r->id;
    }
    for (const auto& t : storage::refusal_totals(d.conn, id)) refused[t.reason] += t.count;
  }
  for (const auto& [reason, n] : refused)
    std::printf("%-5s %-12s %8llu  %s (counted, no session row each)\n", "-", "refused",
                static_cast<unsigned long long>(n), reason.c_str());
}

/// Every matching row of every database, in the order asked (by request time, then database and
/// id), at most `limit`. One database streams; several are merged.
void for_each_row(std::vector<db_entry>& dbs, const run_choice& run,
                  const storage::session_filter& base,
                  const std::function<void(const located_row&)>& fn) {
  located_row out;
  if (dbs.size() == 1) {
    auto f = base;
    if (!run.all && !(f.run = scope_in(dbs[0], run.name))) return;
    out.db = &dbs[0];
    storage::for_each_session(dbs[0].conn, f, [&](const storage::session_row& r) {
      out.row = r;
      fn(out);
    });
    return;
  }
  std::vector<located_row> rows;
  for (auto& d : dbs) {
    auto f = base;
    if (!run.all && !(f.run = scope_in(d, run.name))) continue;
    storage::for_each_session(d.conn, f, [&](const storage::session_row& r) {
      rows.push_back({&d, r});
    });
  }
  auto key = [&dbs](const located_row& x) {
    return std::make_tuple(x.row.t_request, x.db - dbs.data(), x.row.id);
  };
  std::stable_sort(rows.begin(), rows.end(), [&](const auto& x, const auto& y) {
    return base.newest_first ? key(y) < key(x) : key(x) < key(y);
  });
  if (base.limit > 0 && rows.size() > base.limit) rows.resize(base.limit);
  for (const auto& r : rows) fn(r);
}

nlohmann::json json_row(const located_row& x) {
  const auto& r = x.row;
  const std::string run = run_name_of(*x.db, r.run);
  const auto lat = latency_ms(r);
  return {{"database", x.db->path}, {"run", run.empty() ? nlohmann::json() : nlohmann::json(run)},
          {"id", r.id}, {"identity", r.identity}, {"protocol", r.protocol},
          {"proxy", r.proxy}, {"softswitch", r.softswitch}, {"auc", r.auc},
          {"terminal_node", r.terminal_node}, {"proxy_node", r.proxy_node},
          {"softswitch_node", r.softswitch_node}, {"auc_node", r.auc_node},
          {"mechanism", r.mechanism}, {"state", storage::to_string(r.state)},
          {"failure_reason", r.failure_reason}, {"rand", to_hex(r.rand)},
          {"sk_fingerprint", to_hex(r.sk_fingerprint)}, {"resyncs", r.resyncs},
          {"requested", iso(r.t_request)}, {"challenged", iso(r.t_challenge)},
          {"responded", iso(r.t_response)}, {"succeeded", iso(r.t_success)},
          {"ended", iso(r.t_end)}, {"latency_ms", lat ? nlohmann::json(*lat) : nlohmann::json()},
          {"lifetime", r.lifetime}, {"successor", r.successor},
          {"protected_sent", r.protected_sent}, {"protected_received", r.protected_received},
          {"protected_dropped", r.protected_dropped},
          {"wire_session", r.wire_session},
          {"response_code", r.response_code ? nlohmann::json(r.response_code) : nlohmann::json()},
          {"detected_by", r.detected_by},
          {"reason_code", r.reason_code ? nlohmann::json(r.reason_code) : nlohmann::json()}};
}

void csv_row(const located_row& x) {
  const auto& r = x.row;
  const auto lat = latency_ms(r);
  char latency[32] = "";
  if (lat) std::snprintf(latency, sizeof latency, "%.3f", *lat);
  std::printf("%s,%s,%lld,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%u,%s,%s,%s,%s,%s,%s,%u,%lld,"
              "%llu,%llu,%llu,%s,%s,%s,%s\n",
              csv_field(x.db->path).c_str(), csv_field(run_name_of(*x.db, r.run)).c_str(),
              static_cast<long long>(r.id), csv_field(r.identity).c_str(), r.protocol.c_str(),
              csv_field(r.proxy).c_str(), csv_field(r.softswitch).c_str(),
              csv_field(r.auc).c_str(), csv_field(r.terminal_node).c_str(),
              csv_field(r.proxy_node).c_str(), csv_field(r.softswitch_node).c_str(),
              csv_field(r.auc_node).c_str(), r.mechanism.c_str(),
              std::string(storage::to_string(r.state)).c_str(),
              csv_field(r.failure_reason).c_str(), to_hex(r.rand).c_str(),
              to_hex(r.sk_fingerprint).c_str(), r.resyncs, iso(r.t_request).c_str(),
              iso(r.t_challenge).c_str(), iso(r.t_response).c_str(), iso(r.t_success).c_str(),
              iso(r.t_end).c_str(), latency, r.lifetime, static_cast<long long>(r.successor),
              static_cast<unsigned long long>(r.protected_sent),
              static_cast<unsigned long long>(r.protected_received),
              static_cast<unsigned long long>(r.protected_dropped), csv_field(r.wire_session).c_str(),
              r.response_code ? std::to_string(r.response_code).c_str() : "",
              csv_field(r.detected_by).c_str(),
              r.reason_code ? std::to_string(r.reason_code).c_str() : "");
}

int list(const sessions_args& a) {
  if (a.timeline && (a.identity.empty() || a.dbs.size() != 1)) {
    std::fprintf(stderr, "ngnemu sessions: --timeline needs --identity and one --db\n");
    return 2;
  }
  auto dbs = open_databases(a.dbs);
  const auto f = make_filter(a);
  if (!f) return 2;
  std::string error;
  const auto run = choose_run(dbs, a.run, error);
  if (!run) {
    std::fprintf(stderr, "ngnemu sessions: --run: %s\n", escape_text(error).c_str());
    return 2;
  }
  if (a.timeline) {
    // Of the chosen run (default: the latest), as every other listing.
    auto tf = *f;
    if (!run->all) {
      tf.run = scope_in(dbs.front(), run->name);
      if (!tf.run) {
        std::fprintf(stderr, "ngnemu sessions: no run %s in %s\n", run->name.c_str(),
                     dbs.front().path.c_str());
        return 1;
      }
    }
    return print_timeline(dbs.front().conn, dbs.front().path, tf);
  }
  if (a.summary) {
    print_summary(dbs, *run, *f);
    return 0;
  }
  if (a.json) {
    auto arr = nlohmann::json::array();
    for_each_row(dbs, *run, *f, [&](const located_row& x) { arr.push_back(json_row(x)); });
    std::cout << arr.dump(2) << "\n";
    return 0;
  }
  if (a.csv) {
    std::printf("database,run,id,identity,protocol,proxy,softswitch,auc,terminal_node,proxy_node,"
                "softswitch_node,auc_node,mechanism,state,failure_reason,rand,sk_fingerprint,"
                "resyncs,requested,challenged,responded,succeeded,ended,latency_ms,lifetime,"
                "successor,protected_sent,protected_received,protected_dropped,wire_session,"
                "response_code,detected_by,reason_code\n");
    for_each_row(dbs, *run, *f, csv_row);
    return 0;
  }
  // With several databases a session is (database, id): the database comes first.
  const bool several = dbs.size() > 1;
  std::size_t dbw = 2;
  for (const auto& d : dbs) dbw = std::max(dbw, d.path.size());
  if (several) std::printf("%-*s ", static_cast<int>(dbw), "db");
  std::printf("%-8s %-24s %-5s %-6s %-6s %-12s %-11s %-27s %9s  %s\n", "id", "identity", "proto",
              "proxy", "ss", "mechanism", "state", "requested", "ms", "reason / nodes");
  for_each_row(dbs, *run, *f, [&](const located_row& x) {
    const auto& r = x.row;
    std::string nodes = r.failure_reason;
    if (nodes.empty())
      nodes = "T@" + r.terminal_node + " SP@" + r.proxy_node + " SS@" + r.softswitch_node
              + " AuC@" + r.auc_node;
    char latency[32] = "";
    if (auto lat = latency_ms(r)) std::snprintf(latency, sizeof latency, "%.2f", *lat);
    if (several) std::printf("%-*s ", static_cast<int>(dbw), x.db->path.c_str());
    std::printf("%-8lld %-24s %-5s %-6s %-6s %-12s %-11s %-27s %9s  %s\n",
                static_cast<long long>(r.id), r.identity.c_str(), r.protocol.c_str(),
                r.proxy.empty() ? "-" : r.proxy.c_str(), r.softswitch.c_str(),
                r.mechanism.empty() ? "-" : r.mechanism.c_str(),
                std::string(storage::to_string(r.state)).c_str(), iso(r.t_request).c_str(),
                latency, nodes.c_str());
  });
  return 0;
}

} // namespace

void add_sessions_command(CLI::App& app, std::function<int()>& action) {
  auto a = std::make_shared<sessions_args>();
  auto* cmd = app.add_subcommand(
    "sessions", "List the sessions persisted by the AuC (by default those of the latest run)");
  cmd->add_option("--db", a->dbs,
                  "AuC database; repeat it to read several (AuC shards, other hosts' files) as "
                  "one emulation")
    ->capture_default_str();
  cmd->add_option("--run", a->run,
                  "Run id or a unique prefix of one (ngnemu runs lists them), or 'all'; "
                  "default: the latest run");
  cmd->add_option("--state", a->state, "challenged | established | failed | expired | deregistered | superseded");
  cmd->add_option("--identity", a->identity, "Identity glob, e.g. 't0000*'");
  cmd->add_option("--protocol", a->protocol, "sip | mgcp | h248 | h323");
  cmd->add_option("--node", a->node, "Sessions any element of which ran on this node");
  cmd->add_option("--reason", a->reason, "Exact failure reason");
  cmd->add_option("--since", a->since,
                  "Requested at or after: a UTC time 2026-11-28T01:00:00[.ffffff][Z] or Unix "
                  "seconds");
  cmd->add_option("--until", a->until, "Requested before");
  cmd->add_option("--limit", a->limit, "At most this many rows (0: all, the default)")
    ->check(integer_in(0, std::numeric_limits<std::int64_t>::max()));
  cmd->add_flag("--newest", a->newest, "Newest first");
  auto* json = cmd->add_flag("--json", a->json, "JSON array");
  auto* csv = cmd->add_flag("--csv", a->csv, "CSV");
  auto* sum = cmd->add_flag("--summary", a->summary, "Counts per protocol, state and reason");
  auto* timeline = cmd->add_flag("--timeline", a->timeline,
                                 "Every step of --identity's registrations: each message "
                                 "recorded by `run --events` (else the rows' timestamps), the "
                                 "outcome, wire session id, response code, detecting element");
  timeline->excludes(json)->excludes(csv)->excludes(sum);
  json->excludes(csv)->excludes(sum);
  csv->excludes(sum);
  cmd->callback([a, &action] { action = [a] { return list(*a); }; });
}

} // namespace ngn::nodes
