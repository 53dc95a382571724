// `ngnemu sessions`: list and filter the persisted session log (table, JSON or CSV).
#include "nodes/cli.hpp"
#include "nodes/cli_timeline.hpp"
#include "protocols/common/hex.hpp"
#include "storage/db.hpp"
#include "storage/session_query.hpp"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <ctime>
#include <iostream>
#include <memory>
#include <optional>

namespace ngn::nodes {

namespace {

struct sessions_args {
  std::string db = "ngnemu.db";
  std::string state, identity, protocol, node, reason, since, until;
  std::size_t limit = 0;
  bool json = false, csv = false, summary = false, newest = false;
  bool timeline = false;
};

/// "2026-11-28T01:00:00[.fff][Z]" (UTC) or Unix seconds → Unix µs.
std::optional<std::int64_t> parse_time(const std::string& s) {
  if (s.empty()) return std::nullopt;
  if (s.find_first_not_of("0123456789") == std::string::npos)
    return std::stoll(s) * 1'000'000;
  std::tm tm{};
  double frac = 0;
  int y, mo, d, h = 0, mi = 0;
  double sec = 0;
  if (std::sscanf(s.c_str(), "%d-%d-%dT%d:%d:%lf", &y, &mo, &d, &h, &mi, &sec) < 3)
    throw std::runtime_error("bad time '" + s + "' (use 2026-11-28T01:00:00 or Unix seconds)");
  tm.tm_year = y - 1900;
  tm.tm_mon = mo - 1;
  tm.tm_mday = d;
  tm.tm_hour = h;
  tm.tm_min = mi;
  tm.tm_sec = static_cast<int>(sec);
  frac = sec - tm.tm_sec;
  return static_cast<std::int64_t>(timegm(&tm)) * 1'000'000
         + static_cast<std::int64_t>(frac * 1e6);
}

std::string iso(std::int64_t us) {
  if (us == 0) return "";
  std::time_t t = us / 1'000'000;
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[80];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%06lldZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                static_cast<long long>(us % 1'000'000));
  return buf;
}

double latency_ms(const storage::session_row& r) {
  return r.t_success != 0 && r.t_request != 0 ? double(r.t_success - r.t_request) / 1000 : -1;
}

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

int list(const sessions_args& a) {
  if (a.timeline) {
    if (a.identity.empty()) {
      std::fprintf(stderr, "ngnemu sessions: --timeline needs --identity\n");
      return 2;
    }
    return print_timeline(a.db, a.identity);
  }
  storage::db conn{a.db, storage::db::open_mode::read_only};
  storage::session_filter f;
  if (!a.state.empty()) {
    f.state = storage::parse_session_state(a.state);
    if (!f.state) {
      std::fprintf(stderr, "ngnemu sessions: --state must be challenged, established, failed, "
                           "expired, deregistered or superseded\n");
      return 2;
    }
  }
  f.identity = a.identity;
  f.protocol = a.protocol;
  f.node = a.node;
  f.failure_reason = a.reason;
  f.since = parse_time(a.since);
  f.until = parse_time(a.until);
  f.limit = a.limit;
  f.newest_first = a.newest;
  if (a.summary) {
    for (const auto& c : storage::count_sessions(conn, f))
      std::printf("%-5s %-12s %8llu  %s\n", c.protocol.c_str(),
                  std::string(storage::to_string(c.state)).c_str(),
                  static_cast<unsigned long long>(c.count), c.failure_reason.c_str());
    return 0;
  }
  if (a.json) {
    auto arr = nlohmann::json::array();
    storage::for_each_session(conn, f, [&](const storage::session_row& r) {
      arr.push_back({{"id", r.id}, {"identity", r.identity}, {"protocol", r.protocol},
                     {"proxy", r.proxy}, {"softswitch", r.softswitch}, {"auc", r.auc},
                     {"terminal_node", r.terminal_node}, {"proxy_node", r.proxy_node},
                     {"softswitch_node", r.softswitch_node}, {"auc_node", r.auc_node},
                     {"mechanism", r.mechanism}, {"state", storage::to_string(r.state)},
                     {"failure_reason", r.failure_reason}, {"rand", to_hex(r.rand)},
                     {"sk_fingerprint", to_hex(r.sk_fingerprint)}, {"resyncs", r.resyncs},
                     {"requested", iso(r.t_request)}, {"challenged", iso(r.t_challenge)},
                     {"responded", iso(r.t_response)}, {"succeeded", iso(r.t_success)},
                     {"ended", iso(r.t_end)}, {"latency_ms", latency_ms(r)},
                     {"lifetime", r.lifetime}, {"successor", r.successor},
                     {"protected_sent", r.protected_sent},
                     {"protected_received", r.protected_received},
                     {"protected_dropped", r.protected_dropped}});
    });
    std::cout << arr.dump(2) << "\n";
    return 0;
  }
  if (a.csv) {
    std::printf("id,identity,protocol,proxy,softswitch,auc,terminal_node,proxy_node,"
                "softswitch_node,auc_node,mechanism,state,failure_reason,requested,succeeded,"
                "latency_ms,ended,lifetime,successor,protected_sent,protected_received,"
                "protected_dropped\n");
    storage::for_each_session(conn, f, [&](const storage::session_row& r) {
      std::printf("%lld,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%.3f,%s,%u,%lld,%llu,%llu,%llu\n",
                  static_cast<long long>(r.id), csv_field(r.identity).c_str(),
                  r.protocol.c_str(), r.proxy.c_str(), r.softswitch.c_str(), r.auc.c_str(),
                  r.terminal_node.c_str(), r.proxy_node.c_str(), r.softswitch_node.c_str(),
                  r.auc_node.c_str(), r.mechanism.c_str(),
                  std::string(storage::to_string(r.state)).c_str(),
                  csv_field(r.failure_reason).c_str(), iso(r.t_request).c_str(),
                  iso(r.t_success).c_str(), latency_ms(r), iso(r.t_end).c_str(), r.lifetime,
                  static_cast<long long>(r.successor),
                  static_cast<unsigned long long>(r.protected_sent),
                  static_cast<unsigned long long>(r.protected_received),
                  static_cast<unsigned long long>(r.protected_dropped));
    });
    return 0;
  }
  std::printf("%-8s %-24s %-5s %-6s %-6s %-12s %-11s %-27s %9s  %s\n", "id", "identity", "proto",
              "proxy", "ss", "mechanism", "state", "requested", "ms", "reason / nodes");
  storage::for_each_session(conn, f, [&](const storage::session_row& r) {
    std::string nodes = r.failure_reason;
    if (nodes.empty())
      nodes = "T@" + r.terminal_node + " SP@" + r.proxy_node + " SS@" + r.softswitch_node
              + " AuC@" + r.auc_node;
    std::printf("%-8lld %-24s %-5s %-6s %-6s %-12s %-11s %-27s %9.2f  %s\n",
                static_cast<long long>(r.id), r.identity.c_str(), r.protocol.c_str(),
                r.proxy.empty() ? "-" : r.proxy.c_str(), r.softswitch.c_str(),
                r.mechanism.empty() ? "-" : r.mechanism.c_str(),
                std::string(storage::to_string(r.state)).c_str(), iso(r.t_request).c_str(),
                latency_ms(r), nodes.c_str());
  });
  return 0;
}

} // namespace

void add_sessions_command(CLI::App& app, std::function<int()>& action) {
  auto a = std::make_shared<sessions_args>();
  auto* cmd = app.add_subcommand("sessions", "List the sessions persisted by the AuC");
  cmd->add_option("--db", a->db, "AuC database")->capture_default_str();
  cmd->add_option("--state", a->state, "challenged | established | failed | expired | deregistered | superseded");
  cmd->add_option("--identity", a->identity, "Identity glob, e.g. 't0000*'");
  cmd->add_option("--protocol", a->protocol, "sip | mgcp | h248 | h323");
  cmd->add_option("--node", a->node, "Sessions any element of which ran on this node");
  cmd->add_option("--reason", a->reason, "Exact failure reason");
  cmd->add_option("--since", a->since, "Requested at or after (2026-11-28T01:00:00 or Unix s)");
  cmd->add_option("--until", a->until, "Requested before");
  cmd->add_option("--limit", a->limit, "At most this many rows");
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
