// storage/session_query.hpp: rows written by the writer come back intact through every filter.
#include "storage/schema.hpp"
#include "storage/session_query.hpp"
#include "storage/writer.hpp"
#include "tests/storage/session_rows.hpp"
#include "tests/storage/temp_dir.hpp"

#include <boost/test/unit_test.hpp>

using namespace ngn;
using namespace ngn::storage;

namespace {

std::vector<std::int64_t> ids(const std::vector<session_row>& rows) {
  std::vector<std::int64_t> out;
  for (const auto& r : rows) out.push_back(r.id);
  return out;
}

/// 12 sessions: ids 1..12, n = id - 1; sessions 4..6 established, 7..8 failed, 9 expired.
void write_sessions(const std::string& path) {
  writer w(path);
  for (int n = 0; n < 12; ++n) w.submit(session_insert{test::sample_row(w.next_session_id(), n)});
  for (std::int64_t id = 4; id <= 6; ++id) {
    session_update u;
    u.id = id;
    u.state = session_state::established;
    u.mechanism = "aes-gcm";
    u.t_response = 1700000000000000 + (id - 1) * 1000 + 500;
    u.t_success = u.t_response + 100;
    w.submit(u);
  }
  for (std::int64_t id = 7; id <= 8; ++id) {
    session_update u;
    u.id = id;
    u.state = session_state::failed;
    u.failure_reason = "verification-mismatch";
    u.t_end = 1700000000000000 + id * 1000;
    w.submit(u);
  }
  session_update expired;
  expired.id = 9;
  expired.state = session_state::expired;
  expired.failure_reason = "timeout";
  w.submit(expired);
  BOOST_REQUIRE(w.flush());
}

} // namespace

BOOST_AUTO_TEST_SUITE(storage_session_query)

BOOST_AUTO_TEST_CASE(rows_round_trip_with_every_field) {
  test::temp_dir dir;
  const std::string path = dir.file("ngn.db");
  write_sessions(path);
  db conn = open_database(path, db::open_mode::read_only);
  auto rows = query_sessions(conn, {});
  BOOST_REQUIRE(rows.size() == 12u);

  // Session 2 (n = 1): inserted, never updated.
  session_row want = test::sample_row(2, 1);
  const session_row& got = rows[1];
  BOOST_TEST(got.id == want.id);
  BOOST_TEST(got.identity == want.identity);
  BOOST_TEST(got.protocol == want.protocol);
  BOOST_TEST(got.proxy == want.proxy);
  BOOST_TEST(got.softswitch == want.softswitch);
  BOOST_TEST(got.auc == want.auc);
  BOOST_TEST(got.terminal_node == want.terminal_node);
  BOOST_TEST(got.proxy_node == want.proxy_node);
  BOOST_TEST(got.softswitch_node == want.softswitch_node);
  BOOST_TEST(got.auc_node == want.auc_node);
  BOOST_TEST(got.mechanism.empty());
  BOOST_TEST(got.state == session_state::challenged);
  BOOST_TEST(got.failure_reason.empty());
  BOOST_TEST(got.rand == want.rand);
  BOOST_TEST(got.sk_fingerprint == want.sk_fingerprint);
  BOOST_TEST(got.resyncs == 0u);
  BOOST_TEST(got.t_request == want.t_request);
  BOOST_TEST(got.t_challenge == want.t_challenge);
  BOOST_TEST(got.t_response == 0);
  BOOST_TEST(got.t_success == 0);
  BOOST_TEST(got.t_end == 0);

  // Session 1 (n = 0) is direct: proxy is NULL in the database.
  BOOST_TEST(rows[0].proxy.empty());
  BOOST_TEST(conn.query_int("SELECT count(*) FROM sessions WHERE proxy IS NULL") == 4);

  // Session 5: updated to established; the update left the other fields alone.
  const session_row& est = rows[4];
  BOOST_TEST(est.state == session_state::established);
  BOOST_TEST(est.mechanism == "aes-gcm");
  BOOST_TEST(est.t_success == 1700000000000000 + 4 * 1000 + 600);
  BOOST_TEST(est.t_challenge == test::sample_row(5, 4).t_challenge);
  BOOST_TEST(est.rand == test::sample_row(5, 4).rand);
}

BOOST_AUTO_TEST_CASE(every_filter_selects_what_it_says) {
  test::temp_dir dir;
  const std::string path = dir.file("ngn.db");
  write_sessions(path);
  db conn = open_database(path, db::open_mode::read_only);

  session_filter f;
  f.state = session_state::established;
  BOOST_TEST((ids(query_sessions(conn, f)) == std::vector<std::int64_t>{4, 5, 6}));

  f = {};
  f.identity = "t10000[0-2]@*";
  BOOST_TEST((ids(query_sessions(conn, f)) == std::vector<std::int64_t>{1, 2, 3}));
  f.identity = "T100000@*"; // GLOB is case-sensitive
  BOOST_TEST(query_sessions(conn, f).empty());

  f = {};
  f.protocol = "mgcp";
  BOOST_TEST((ids(query_sessions(conn, f)) == std::vector<std::int64_t>{2, 4, 6, 8, 10, 12}));

  f = {};
  f.node = "node-t1"; // terminal_node of n = 1, 5, 9
  BOOST_TEST((ids(query_sessions(conn, f)) == std::vector<std::int64_t>{2, 6, 10}));
  f.node = "node-p"; // proxy_node: sessions with a proxy
  BOOST_TEST(query_sessions(conn, f).size() == 8u);
  f.node = "node-a"; // auc_node: all
  BOOST_TEST(query_sessions(conn, f).size() == 12u);

  f = {};
  f.failure_reason = "timeout";
  BOOST_TEST((ids(query_sessions(conn, f)) == std::vector<std::int64_t>{9}));

  f = {};
  f.since = 1700000000000000 + 3 * 1000; // n >= 3
  f.until = 1700000000000000 + 6 * 1000; // n < 6
  BOOST_TEST((ids(query_sessions(conn, f)) == std::vector<std::int64_t>{4, 5, 6}));

  f = {};
  f.limit = 2;
  BOOST_TEST((ids(query_sessions(conn, f)) == std::vector<std::int64_t>{1, 2}));
  f.newest_first = true;
  BOOST_TEST((ids(query_sessions(conn, f)) == std::vector<std::int64_t>{12, 11}));

  // Conditions combine.
  f = {};
  f.protocol = "sip";
  f.state = session_state::failed;
  f.node = "node-s";
  BOOST_TEST((ids(query_sessions(conn, f)) == std::vector<std::int64_t>{7}));

  std::size_t seen = 0;
  for_each_session(conn, {}, [&](const session_row&) { ++seen; });
  BOOST_TEST(seen == 12u);
}

BOOST_AUTO_TEST_CASE(counts_per_state_and_reason) {
  test::temp_dir dir;
  const std::string path = dir.file("ngn.db");
  write_sessions(path);
  db conn = open_database(path, db::open_mode::read_only);
  auto counts = count_sessions(conn);
  std::uint64_t total = 0;
  auto find = [&](const char* proto, session_state st, const char* reason) -> std::uint64_t {
    for (const auto& c : counts)
      if (c.protocol == proto && c.state == st && c.failure_reason == reason) return c.count;
    return 0;
  };
  for (const auto& c : counts) total += c.count;
  BOOST_TEST(total == 12u);
  // challenged: ids 1,2,3,10,11,12 → sip 1,3,11; mgcp 2,10,12
  BOOST_TEST(find("sip", session_state::challenged, "") == 3u);
  BOOST_TEST(find("mgcp", session_state::challenged, "") == 3u);
  BOOST_TEST(find("sip", session_state::established, "") == 1u);  // 5
  BOOST_TEST(find("mgcp", session_state::established, "") == 2u); // 4, 6
  BOOST_TEST(find("sip", session_state::failed, "verification-mismatch") == 1u);  // 7
  BOOST_TEST(find("mgcp", session_state::failed, "verification-mismatch") == 1u); // 8
  BOOST_TEST(find("sip", session_state::expired, "timeout") == 1u);               // 9

  session_filter f;
  f.protocol = "mgcp";
  std::uint64_t mgcp = 0;
  for (const auto& c : count_sessions(conn, f)) mgcp += c.count;
  BOOST_TEST(mgcp == 6u);
}

BOOST_AUTO_TEST_CASE(session_state_names) {
  for (auto s : {session_state::challenged, session_state::established, session_state::failed,
                 session_state::expired})
    BOOST_TEST((parse_session_state(to_string(s)) == s));
  BOOST_TEST(!parse_session_state("Established").has_value());
}

BOOST_AUTO_TEST_SUITE_END()
