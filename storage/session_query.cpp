#include "storage/session_query.hpp"

#include <stdexcept>
#include <variant>

namespace ngn::storage {

namespace {

/// A WHERE clause with numbered parameters ?1, ?2, ... and their values.
struct where_clause {
  std::string sql;
  std::vector<std::variant<std::string, std::int64_t>> params;

  /// Adds `cond`, in which every `?` stands for the same new parameter `value`.
  template <class T>
  void add(std::string_view cond, T value) {
    params.emplace_back(std::move(value));
    std::string n = "?" + std::to_string(params.size());
    sql += params.size() == 1 ? " WHERE " : " AND ";
    for (char c : cond) {
      if (c == '?')
        sql += n;
      else
        sql += c;
    }
  }

  void bind(statement& st) const {
    for (std::size_t i = 0; i < params.size(); ++i) {
      int idx = static_cast<int>(i + 1);
      if (auto* s = std::get_if<std::string>(&params[i]))
        st.bind(idx, *s);
      else
        st.bind(idx, std::get<std::int64_t>(params[i]));
    }
  }
};

where_clause make_where(const session_filter& f) {
  where_clause w;
  if (f.state) {
    // The redundant second term lets SQLite use the partial index sessions_state (schema.cpp).
    w.add(*f.state == session_state::established ? "state = ?"
                                                 : "state = ? AND state <> 'established'",
          std::string(to_string(*f.state)));
  }
  if (!f.identity.empty()) w.add("identity GLOB ?", f.identity);
  if (!f.protocol.empty()) w.add("protocol = ?", f.protocol);
  if (!f.node.empty())
    w.add("(terminal_node = ? OR proxy_node = ? OR softswitch_node = ? OR auc_node = ?)", f.node);
  if (!f.failure_reason.empty()) w.add("failure_reason = ?", f.failure_reason);
  if (f.since) w.add("t_request >= ?", *f.since);
  if (f.until) w.add("t_request < ?", *f.until);
  if (f.run) {
    w.add("run = ?", f.run->id);
    w.add("id >= ?", f.run->first_session);
    if (f.run->last_session != 0) w.add("id <= ?", f.run->last_session);
  }
  return w;
}

session_state read_state(const statement& st, int c, const db& conn) {
  auto s = parse_session_state(st.column_text(c));
  if (!s)
    throw std::runtime_error(conn.path() + ": unknown session state '" +
                             std::string(st.column_text(c)) + "'");
  return *s;
}

} // namespace

void for_each_session(db& conn, const session_filter& f,
                      const std::function<void(const session_row&)>& fn) {
  where_clause w = make_where(f);
  std::string sql =
    "SELECT id, identity, protocol, proxy, softswitch, auc, terminal_node, proxy_node, "
    "softswitch_node, auc_node, mechanism, state, failure_reason, rand, sk_fingerprint, resyncs, "
    "t_request, t_challenge, t_response, t_success, t_end, lifetime, successor, protected_sent, "
    "protected_received, protected_dropped, " +
    std::string(conn.query_int("PRAGMA user_version") >= 3 ? "run" : "NULL") + ", " + // schema 3
    // Schema 4 columns (following one registration); an older file read as it is has none.
    std::string(conn.query_int("SELECT count(*) FROM pragma_table_info('sessions') "
                               "WHERE name = 'wire_session'") > 0
                  ? "wire_session, response_code, detected_by, reason_code"
                  : "NULL, NULL, NULL, NULL") +
    " FROM sessions" + w.sql;
  sql += f.newest_first ? " ORDER BY t_request DESC, id DESC" : " ORDER BY t_request, id";
  if (f.limit > 0) sql += " LIMIT " + std::to_string(f.limit);
  statement st(conn, sql);
  w.bind(st);
  session_row r;
  while (st.step()) {
    r.id = st.column_int64(0);
    r.identity = st.column_text(1);
    r.protocol = st.column_text(2);
    r.proxy = st.column_text(3);
    r.softswitch = st.column_text(4);
    r.auc = st.column_text(5);
    r.terminal_node = st.column_text(6);
    r.proxy_node = st.column_text(7);
    r.softswitch_node = st.column_text(8);
    r.auc_node = st.column_text(9);
    r.mechanism = st.column_text(10);
    r.state = read_state(st, 11, conn);
    r.failure_reason = st.column_text(12);
    byte_view rand = st.column_blob(13);
    r.rand.assign(rand.begin(), rand.end());
    byte_view fp = st.column_blob(14);
    r.sk_fingerprint.assign(fp.begin(), fp.end());
    r.resyncs = static_cast<std::uint32_t>(st.column_int64(15));
    r.t_request = st.column_int64(16);
    r.t_challenge = st.column_int64(17);
    r.t_response = st.column_int64(18);
    r.t_success = st.column_int64(19);
    r.t_end = st.column_int64(20);
    r.lifetime = static_cast<std::uint32_t>(st.column_int64(21));
    r.successor = st.column_int64(22);
    r.protected_sent = static_cast<std::uint64_t>(st.column_int64(23));
    r.protected_received = static_cast<std::uint64_t>(st.column_int64(24));
    r.protected_dropped = static_cast<std::uint64_t>(st.column_int64(25));
    r.run = st.column_int64(26);
    r.wire_session = st.column_text(27);
    r.response_code = static_cast<std::uint32_t>(st.column_int64(28));
    r.detected_by = st.column_text(29);
    r.reason_code = static_cast<std::uint32_t>(st.column_int64(30));
    fn(r);
  }
}

std::vector<session_row> query_sessions(db& conn, const session_filter& f) {
  std::vector<session_row> out;
  for_each_session(conn, f, [&](const session_row& r) { out.push_back(r); });
  return out;
}

std::vector<session_count> count_sessions(db& conn, const session_filter& f) {
  where_clause w = make_where(f);
  // The catalogue's text where the row has a reason code (the words the run's summary uses),
  // else the row's own text; a database older than version 4 has no catalogue.
  const bool catalogue = conn.query_int("PRAGMA user_version") >= 4;
  statement st(conn, std::string("SELECT protocol, state, ")
                       + (catalogue ? "coalesce((SELECT text FROM reasons WHERE code = "
                                      "reason_code AND text <> ''), failure_reason, '')"
                                    : "coalesce(failure_reason, '')")
                       + ", count(*) FROM sessions" + w.sql +
                     " GROUP BY 1, 2, 3 ORDER BY 1, 2, 4 DESC, 3");
  w.bind(st);
  std::vector<session_count> out;
  while (st.step()) {
    session_count c;
    c.protocol = st.column_text(0);
    c.state = read_state(st, 1, conn);
    c.failure_reason = st.column_text(2);
    c.count = static_cast<std::uint64_t>(st.column_int64(3));
    out.push_back(std::move(c));
  }
  return out;
}

} // namespace ngn::storage
