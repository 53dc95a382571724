#include "nodes/cli_timeline.hpp"
#include "protocols/common/utc_text.hpp"

#include "storage/db.hpp"
#include "storage/session_query.hpp"

#include <cstdio>
#include <ctime>
#include <map>
#include <vector>

namespace ngn::nodes {

namespace {

struct event_row {
  std::int64_t t = 0, session_id = 0;
  std::string element, peer, direction, protocol, kind, identity, call_id, transaction,
    wire_session, detail;
  std::uint32_t response_code = 0;
  std::size_t session = SIZE_MAX; ///< index of the session row it belongs to
};

std::string iso(std::int64_t us) { return utc_text(us, utc_style::time_micros, "-"); }

/// `key=value; …` → value of `key`, "" when absent.
std::string field_of(const std::string& detail, std::string_view key) {
  std::size_t at = 0;
  while (at < detail.size()) {
    auto end = detail.find("; ", at);
    if (end == std::string::npos) end = detail.size();
    std::string_view part(detail.data() + at, end - at);
    if (part.size() > key.size() && part.substr(0, key.size()) == key && part[key.size()] == '=')
      return std::string(part.substr(key.size() + 1));
    at = end + 2;
  }
  return {};
}

bool has_events_table(storage::db& conn) {
  return conn.query_int("SELECT count(*) FROM pragma_table_info('events') WHERE name = 'identity'")
         > 0;
}

std::vector<event_row> load_events(storage::db& conn, const std::string& identity,
                                   std::int64_t run) {
  std::vector<event_row> out;
  if (!has_events_table(conn)) return out;
  // The identity's messages, and the AuC's answers that name its rows only by id; of one run
  // when `run` is not 0 (events.run).
  storage::statement st(
    conn,
    "SELECT t, coalesce(session_id, 0), element, peer, direction, protocol, kind, identity, "
    "call_id, transaction_id, wire_session, coalesce(response_code, 0), detail FROM events "
    "WHERE (identity = ?1 OR session_id IN (SELECT id FROM sessions WHERE identity = ?1)) "
    "AND (?2 = 0 OR run = ?2) ORDER BY t, id");
  st.bind_text_ref(1, identity);
  st.bind(2, run);
  while (st.step()) {
    event_row e;
    e.t = st.column_int64(0);
    e.session_id = st.column_int64(1);
    e.element = st.column_text(2);
    e.peer = st.column_text(3);
    e.direction = st.column_text(4);
    e.protocol = st.column_text(5);
    e.kind = st.column_text(6);
    e.identity = st.column_text(7);
    e.call_id = st.column_text(8);
    e.transaction = st.column_text(9);
    e.wire_session = st.column_text(10);
    e.response_code = static_cast<std::uint32_t>(st.column_int64(11));
    e.detail = st.column_text(12);
    out.push_back(std::move(e));
  }
  return out;
}

/// Which registration each event belongs to: by the AuC row it names or the wire session id;
/// then every message of the same protocol transaction as a matched one (a REGISTER and its
/// 401 share the Via branch); then the registration request that opens a session (the
/// unmatched messages right before its first matched one, not ESP nor keepalives); anything
/// else belongs to the registration before it.
void assign(std::vector<event_row>& events, const std::vector<storage::session_row>& rows) {
  std::map<std::int64_t, std::size_t> by_id;
  std::map<std::string, std::size_t> by_wire;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    by_id[rows[i].id] = i;
    if (!rows[i].wire_session.empty()) by_wire[rows[i].protocol + "/" + rows[i].wire_session] = i;
  }
  std::map<std::string, std::size_t> by_transaction;
  for (auto& e : events) {
    if (auto i = by_id.find(e.session_id); e.session_id != 0 && i != by_id.end())
      e.session = i->second;
    else if (auto w = by_wire.find((e.protocol == "auc" ? std::string() : e.protocol) + "/"
                                   + e.wire_session);
             !e.wire_session.empty() && w != by_wire.end())
      e.session = w->second;
    if (e.session != SIZE_MAX && !e.transaction.empty())
      by_transaction.emplace(e.protocol + "/" + e.transaction, e.session);
  }
  // AuC requests carry the wire session and the protocol's name is in the row: match by text.
  for (auto& e : events)
    if (e.session == SIZE_MAX && e.protocol == "auc" && !e.wire_session.empty())
      for (std::size_t i = 0; i < rows.size(); ++i)
        if (rows[i].wire_session == e.wire_session) e.session = i;
  for (auto& e : events)
    if (e.session == SIZE_MAX && !e.transaction.empty())
      if (auto i = by_transaction.find(e.protocol + "/" + e.transaction); i != by_transaction.end())
        e.session = i->second;
  auto opens = [](const event_row& e) {
    const auto step = field_of(e.detail, "step");
    return e.protocol != "esp" && step.rfind("keepalive", 0) != 0 && step.rfind("de-registration", 0) != 0;
  };
  std::vector<bool> started(rows.size(), false);
  for (std::size_t k = events.size(); k-- > 0;) {
    auto& e = events[k];
    if (e.session != SIZE_MAX) continue;
    // Scan forward to the next matched event: if it is its session's first, this opens it.
    std::size_t n = k + 1;
    while (n < events.size() && events[n].session == SIZE_MAX) ++n;
    if (n < events.size() && opens(e)) {
      bool first = true;
      for (std::size_t j = 0; j < n && first; ++j)
        first = events[j].session != events[n].session;
      bool contiguous = true;
      for (std::size_t j = k; j < n; ++j) contiguous &= opens(events[j]);
      if (first && contiguous) {
        e.session = events[n].session;
        continue;
      }
    }
  }
  std::size_t last = rows.empty() ? SIZE_MAX : 0;
  for (auto& e : events) {
    if (e.session == SIZE_MAX) e.session = last;
    else last = e.session;
  }
}

std::string code_text(std::uint32_t c) { return c == 0 ? "-" : std::to_string(c); }

void print_row_header(const storage::session_row& r) {
  std::printf("%s  session %lld  %s %s → %s → %s\n", r.identity.c_str(),
              static_cast<long long>(r.id), r.protocol.c_str(),
              r.proxy.empty() ? "direct" : r.proxy.c_str(), r.softswitch.c_str(), r.auc.c_str());
  std::printf("  outcome        %s%s%s\n", std::string(storage::to_string(r.state)).c_str(),
              r.failure_reason.empty() ? "" : ": ", r.failure_reason.c_str());
  if (!r.detected_by.empty()) std::printf("  detected by    %s\n", r.detected_by.c_str());
  std::printf("  wire session   %s\n", r.wire_session.empty() ? "-" : r.wire_session.c_str());
  std::printf("  response code  %s\n", code_text(r.response_code).c_str());
}

void print_events(const std::vector<const event_row*>& ev, const storage::session_row& r) {
  // The mechanism lists offered and chosen: from the messages that carry them, else the row.
  std::string offered, edge, chosen;
  for (const auto* e : ev) {
    if (offered.empty()) offered = field_of(e->detail, "offered");
    if (edge.empty()) edge = field_of(e->detail, "edge");
    auto c = field_of(e->detail, "chosen");
    if (!c.empty()) chosen = c;
  }
  if (chosen.empty()) chosen = r.mechanism;
  std::printf("  offered        %s\n", offered.empty() ? "-" : offered.c_str());
  std::printf("  edge offers    %s\n", edge.empty() ? "-" : edge.c_str());
  std::printf("  chosen         %s\n", chosen.empty() ? "-" : chosen.c_str());
  std::printf("  %-15s %10s  %-45s %-5s %-16s %5s  %s\n", "time (UTC)", "Δ ms", "from → to",
              "proto", "kind", "code", "ids");
  const std::int64_t t0 = ev.front()->t;
  for (const auto* e : ev) {
    std::string ids;
    auto add = [&ids](std::string_view k, const std::string& v) {
      if (v.empty()) return;
      if (!ids.empty()) ids += ' ';
      ids.append(k).append("=").append(v);
    };
    if (e->protocol == "sip") {
      add("call-id", e->call_id);
      add("branch", e->transaction);
    } else if (e->protocol == "auc") {
      add("ss-session", e->transaction);
      if (e->session_id != 0) add("row", std::to_string(e->session_id));
    } else if (e->protocol == "h323") {
      add("seq", e->transaction);
    } else if (e->protocol == "esp") {
      add("seq", e->transaction);
    } else {
      add("tid", e->transaction);
    }
    add("wire-session", e->wire_session);
    const std::string ends = e->element + " → " + e->peer;
    std::printf("  %-15s %10.3f  %-45s %-5s %-16s %5s  %s\n", iso(e->t).c_str(),
                double(e->t - t0) / 1000.0, ends.c_str(), e->protocol.c_str(), e->kind.c_str(),
                code_text(e->response_code).c_str(), ids.c_str());
  }
}

void print_row_times(const storage::session_row& r) {
  std::printf("  chosen         %s\n", r.mechanism.empty() ? "-" : r.mechanism.c_str());
  std::printf("  %-15s %10s  %s\n", "time (UTC)", "Δ ms", "step (the session row's timestamps)");
  const std::int64_t t0 = r.t_request;
  auto line = [t0](const char* what, std::int64_t t) {
    if (t == 0) return;
    std::printf("  %-15s %10.3f  %s\n", iso(t).c_str(), double(t - t0) / 1000.0, what);
  };
  line("authentication request reached the AuC", r.t_request);
  line("challenge released", r.t_challenge);
  line("registration message (second verification word) at the soft switch", r.t_response);
  line("success sent", r.t_success);
  line("end", r.t_end);
}

} // namespace

int print_timeline(storage::db& conn, const std::string& db_path,
                   const storage::session_filter& f) {
  const auto rows = storage::query_sessions(conn, f);
  if (rows.empty()) {
    std::fprintf(stderr, "ngnemu sessions: no session of %s in %s%s\n", f.identity.c_str(),
                 db_path.c_str(), f.run ? " in that run (--run all: every run)" : "");
    return 1;
  }
  // Per identity (a glob may match several), its rows in time order with their events.
  std::map<std::string, std::vector<storage::session_row>> per_identity;
  for (const auto& r : rows) per_identity[r.identity].push_back(r);
  bool any_events = false;
  for (const auto& [who, mine] : per_identity) {
    auto events = load_events(conn, who, f.run ? f.run->id : 0);
    assign(events, mine);
    for (std::size_t i = 0; i < mine.size(); ++i) {
      std::vector<const event_row*> ev;
      for (const auto& e : events)
        if (e.session == i) ev.push_back(&e);
      print_row_header(mine[i]);
      if (ev.empty()) {
        print_row_times(mine[i]);
      } else {
        any_events = true;
        print_events(ev, mine[i]);
      }
      std::printf("\n");
    }
  }
  if (!any_events)
    std::printf("(no events recorded: `ngnemu run --events` records every message of every hop)\n");
  return 0;
}

} // namespace ngn::nodes
