#include "nodes/report_from_db.hpp"
#include "nodes/text_line.hpp"
#include "protocols/common/utc_text.hpp"

#include "nodes/run_report_parse.hpp"
#include "storage/run_sessions.hpp"
#include "storage/schema.hpp"

#include <algorithm>
#include <cstdarg>
#include <cstdio>
#include <ctime>
#include <exception>
#include <map>

namespace ngn::nodes {

namespace {

storage::run_rows rows_of(const storage::run_row& r) {
  return {r.id, r.first_session, r.last_session};
}

void add_sample(storage::run_sample& into, const storage::run_sample& s) {
  into.latencies_us.insert(into.latencies_us.end(), s.latencies_us.begin(), s.latencies_us.end());
  if (s.first_request != 0 && (into.first_request == 0 || s.first_request < into.first_request))
    into.first_request = s.first_request;
  into.last_success = std::max(into.last_success, s.last_success);
}


std::string iso_ms(std::int64_t us) { return utc_text(us, utc_style::millis, "-"); }

using ull = unsigned long long;

} // namespace

std::optional<storage::session_tables> read_run_sessions(const std::vector<std::string>& paths,
                                                         const std::string& run_name,
                                                         std::string& why) {
  storage::session_tables all;
  try {
    for (const auto& p : paths) {
      storage::db conn(p, storage::db::open_mode::read_only);
      for (const auto& r : storage::list_runs(conn))
        if (r.name == run_name)
          storage::merge_session_tables(all, storage::read_session_tables(conn, rows_of(r), p));
    }
  } catch (const std::exception& e) {
    why = e.what();
    return std::nullopt;
  }
  return all;
}

db_report read_db_report(std::vector<db_entry>& dbs, const run_choice& choice) {
  db_report out;
  out.run_name = choice.all ? std::string() : choice.name;
  std::optional<emulation_report> whole;
  std::vector<emulation_report> node_parts;
  std::vector<std::string> without;  // databases holding the run without a stored report
  std::vector<std::string> outcomes;
  for (auto& d : dbs) {
    const storage::run_row* run = nullptr;
    for (const auto& r : d.runs)
      if (!choice.all && r.name == choice.name) run = &r;
    storage::run_rows rows;  // id 0: every row (a database without runs)
    if (run != nullptr) {
      rows = rows_of(*run);
      if (out.started_at == 0 || run->started_at < out.started_at) out.started_at = run->started_at;
      out.ended_at = std::max(out.ended_at, run->ended_at);
      outcomes.push_back(run->outcome);
    } else if (!choice.all) {
      out.notes.push_back(d.path + " holds no run " + choice.name);
      continue;
    }
    storage::merge_session_tables(out.sessions, storage::read_session_tables(d.conn, rows, d.path));
    add_sample(out.sample, storage::read_rows_sample(d.conn, rows));
    if (run == nullptr) continue;
    const auto text = storage::read_run_report(d.conn, run->id);
    if (!text) {
      without.push_back(d.path);
      continue;
    }
    auto parsed = parse_run_report(*text);
    if (!parsed) {
      out.notes.push_back(d.path + ": the stored report is not readable: "
                          + parsed.error().detail);
      continue;
    }
    auto r = std::move(parsed).value();
    if (r.scope == "emulation") {
      if (!whole) whole = std::move(r); // every emulation-scope copy of one run is the same
    } else if (std::none_of(node_parts.begin(), node_parts.end(), [&](const emulation_report& x) {
                 return x.scope_node == r.scope_node;
               })) {
      node_parts.push_back(std::move(r)); // two shards of one node store the node's report once each
    }
  }
  std::sort(out.sample.latencies_us.begin(), out.sample.latencies_us.end());
  for (const char* o : {"running", "failed", "timed out", "interrupted", "completed"})
    if (out.outcome.empty() && std::find(outcomes.begin(), outcomes.end(), o) != outcomes.end())
      out.outcome = o;
  if (whole) out.report = std::move(whole);
  else if (!node_parts.empty()) out.report = merge_node_reports(node_parts);
  if (out.report) {
    out.report->sessions = out.sessions;
    for (const auto& p : without)
      if (!node_parts.empty())
        out.notes.push_back(p + " has no stored report for this run: its node's figures are only "
                                "in the sessions section");
  }
  return out;
}

std::string sessions_only_summary(const db_report& d) {
  std::string out = "\nngnemu summary (from the sessions: no stored report)\n";
  if (!d.run_name.empty()) out += text_line("  run            %s", d.run_name.c_str());
  if (!d.outcome.empty()) out += text_line("  outcome        %s", d.outcome.c_str());
  std::map<std::string, std::uint64_t> by_state, reasons;
  std::map<std::string, std::map<std::string, std::uint64_t>> by_protocol;
  std::uint64_t total = 0;
  for (const auto& c : d.sessions.counts) {
    total += c.sessions;
    by_state[c.state] += c.sessions;
    by_protocol[c.protocol][c.state] += c.sessions;
    if (c.state == "failed") reasons[c.reason.empty() ? "(no reason)" : c.reason] += c.sessions;
  }
  std::string states;
  for (const auto& [s, n] : by_state)
    states += (states.empty() ? "" : ", ") + std::to_string(n) + " " + s;
  out += text_line("  sessions       %llu in all%s%s", ull(total), states.empty() ? "" : ": ",
              states.c_str());
  for (const auto& [p, m] : by_protocol) {
    std::string s;
    for (const auto& [state, n] : m) s += (s.empty() ? "" : ", ") + std::to_string(n) + " " + state;
    out += text_line("    %-6s %s", p.c_str(), s.c_str());
  }
  for (const auto& [reason, n] : reasons)
    out += text_line("    failed: %6llu  %s", ull(n), reason.c_str());
  const auto& v = d.sample.latencies_us;
  const double secs = d.sample.last_success > d.sample.first_request
                        ? double(d.sample.last_success - d.sample.first_request) / 1e6 : 0;
  out += text_line("  rate           %.0f registrations/s (%llu reached success in %.2f s from first "
              "request to last success)",
              secs > 0 ? double(v.size()) / secs : 0.0, ull(v.size()), secs);
  out += text_line("  latency        p50 %.2f ms  p95 %.2f ms  p99 %.2f ms  max %.2f ms",
              storage::nearest_rank_ms(v, 50), storage::nearest_rank_ms(v, 95),
              storage::nearest_rank_ms(v, 99), storage::nearest_rank_ms(v, 100));
  return out;
}

std::string format_session_tables(const storage::session_tables& t) {
  std::string out = "\nsessions (from the database)\n";
  out += text_line("  %-6s %-13s %9s  %s", "proto", "state", "sessions", "reason");
  for (const auto& c : t.counts)
    out += text_line("  %-6s %-13s %9llu  %s", c.protocol.c_str(), c.state.c_str(), ull(c.sessions),
                c.reason.c_str());
  if (!t.slowest.empty()) {
    out += "slowest sessions\n";
    out += text_line("  %10s  %-28s %-5s %-6s %8s  %s", "latency ms", "identity", "proto", "path",
                "session", "database");
    for (const auto& s : t.slowest)
      out += text_line("  %10.2f  %-28s %-5s %-6s %8lld  %s%s%s", s.latency_ms, s.identity.c_str(),
                  s.protocol.c_str(), s.path.c_str(), static_cast<long long>(s.id),
                  s.database.c_str(), s.wire_session_id ? "  wire " : "",
                  s.wire_session_id ? s.wire_session_id->c_str() : "");
  }
  if (!t.failed.empty()) {
    out += "failed sessions (the first " + std::to_string(storage::failed_kept) + ")\n";
    for (const auto& f : t.failed)
      out += text_line("  %s  %-28s %-5s %8lld  %s  %s", iso_ms(f.time_us).c_str(),
                  f.identity.c_str(), f.protocol.c_str(), static_cast<long long>(f.id),
                  f.reason.c_str(), f.database.c_str());
  }
  return out;
}

} // namespace ngn::nodes
