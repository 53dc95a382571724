// storage/writer.hpp: group commit, tickets, on_commit, atomic batches, flush, destructor,
// concurrency, restart.
#include "storage/schema.hpp"
#include "storage/session_query.hpp"
#include "storage/subscriber_store.hpp"
#include "storage/writer.hpp"
#include "tests/storage/session_rows.hpp"
#include "tests/storage/store_fixture.hpp"

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <set>
#include <thread>

using namespace ngn;
using namespace ngn::storage;

namespace {

std::int64_t count_rows(const std::string& path, const char* table) {
  db conn = open_database(path, db::open_mode::read_only);
  return conn.query_int(std::string("SELECT count(*) FROM ") + table);
}

/// Records every on_commit call.
struct commit_log {
  std::mutex m;
  std::vector<std::uint64_t> tickets;
  std::vector<std::string> errors;
  void attach(writer& w) {
    w.on_commit([this](std::uint64_t t, const std::string& e) {
      std::lock_guard<std::mutex> lk(m);
      tickets.push_back(t);
      errors.push_back(e);
    });
  }
};

event_insert event(std::int64_t session, int i) {
  return test::make_event(session, 1700000000000000 + i, "auc", "challenge", "n=" + std::to_string(i));
}

} // namespace

BOOST_AUTO_TEST_SUITE(storage_writer)

BOOST_AUTO_TEST_CASE(submitted_ops_are_visible_after_flush) {
  test::temp_dir dir;
  const std::string path = dir.file("ngn.db");
  test::provision(path, 10);
  writer w(path);
  for (int i = 1; i <= 10; ++i) {
    char id[32];
    std::snprintf(id, sizeof id, "t%06d@ngn.example", i);
    w.submit(sqn_update{id, static_cast<std::uint64_t>(i * 32)});
    w.submit(session_insert{test::sample_row(w.next_session_id(), i)});
    w.submit(event(i, i));
  }
  BOOST_TEST(w.flush());
  BOOST_TEST(count_rows(path, "sessions") == 10);
  BOOST_TEST(count_rows(path, "events") == 10);
  subscriber_store store(path);
  BOOST_TEST(store.load("t000007@ngn.example")->sqn == 224u);
  auto st = w.get_stats();
  BOOST_TEST(st.ops == 30u);
  BOOST_TEST(st.errors == 0u);
  BOOST_TEST(st.rejected == 0u);
  BOOST_TEST(st.queued == 0u);
  BOOST_TEST(st.transactions >= 1u);
  BOOST_TEST(st.transactions <= 30u);
  BOOST_TEST(w.last_error().empty());
}

BOOST_AUTO_TEST_CASE(tickets_are_monotonic_and_on_commit_reports_the_highest) {
  test::temp_dir dir;
  const std::string path = dir.file("ngn.db");
  writer w(path);
  commit_log log;
  log.attach(w);
  std::uint64_t last = 0;
  for (int i = 0; i < 1000; ++i) {
    std::uint64_t t = w.submit(event(1, i));
    BOOST_REQUIRE(t == last + 1);
    last = t;
  }
  std::vector<write_op> three{event(2, 1), event(2, 2), event(2, 3)};
  BOOST_TEST(w.submit(std::move(three)) == last + 3); // ticket of the last of them
  last += 3;
  BOOST_TEST(w.submit(std::vector<write_op>{}) == last);
  BOOST_TEST(w.flush());
  std::lock_guard<std::mutex> lk(log.m);
  BOOST_REQUIRE(!log.tickets.empty());
  BOOST_TEST(log.tickets.back() == last);
  BOOST_TEST(std::is_sorted(log.tickets.begin(), log.tickets.end()));
  BOOST_TEST((std::adjacent_find(log.tickets.begin(), log.tickets.end()) == log.tickets.end()));
  for (const auto& e : log.errors) BOOST_TEST(e.empty());
}

BOOST_AUTO_TEST_CASE(a_submitted_vector_is_one_transaction_even_beyond_max_batch) {
  test::temp_dir dir;
  const std::string path = dir.file("ngn.db");
  writer::options o;
  o.max_batch = 4;
  writer w(path, o);
  commit_log log;
  log.attach(w);
  std::uint64_t first = w.submit(event(1, 0)) + 1;
  std::vector<write_op> group;
  for (int i = 0; i < 10; ++i) group.push_back(event(2, i));
  std::uint64_t end = w.submit(std::move(group));
  BOOST_TEST(end == first + 9);
  w.submit(event(3, 0));
  BOOST_TEST(w.flush());
  BOOST_TEST(w.get_stats().max_batch >= 10u);
  std::lock_guard<std::mutex> lk(log.m);
  for (std::uint64_t t : log.tickets) BOOST_TEST((t < first || t >= end)); // never mid-group
}

BOOST_AUTO_TEST_CASE(a_rejected_op_rejects_its_whole_group_only) {
  test::temp_dir dir;
  const std::string path = dir.file("ngn.db");
  writer w(path);
  std::mutex m;
  std::vector<std::pair<std::uint64_t, std::size_t>> rejected; // (ticket, ops)
  std::string first_reason;
  w.on_reject([&](std::uint64_t t, std::size_t n, const std::string& why) {
    std::lock_guard<std::mutex> lk(m);
    if (rejected.empty()) first_reason = why;
    rejected.emplace_back(t, n);
  });
  w.submit(session_insert{test::sample_row(1, 1)});
  // The group: a new session 2, its event, then a duplicate id 1 → all three skipped.
  std::uint64_t group = w.submit(std::vector<write_op>{
    session_insert{test::sample_row(2, 2)}, event(2, 0), session_insert{test::sample_row(1, 3)}});
  w.submit(session_insert{test::sample_row(3, 3)});
  std::uint64_t unknown = w.submit(sqn_update{"nobody@x", 5}); // unknown subscriber
  w.submit(sqn_update{"nobody@x", 1ull << 48});                // beyond 48 bits (and unknown)
  session_update missing;
  missing.id = 999;
  missing.state = session_state::failed;
  std::uint64_t last = w.submit(missing);
  BOOST_TEST(w.flush());
  {
    std::lock_guard<std::mutex> lk(m);
    BOOST_REQUIRE(rejected.size() == 4u);
    BOOST_TEST(rejected[0].first == group);
    BOOST_TEST(rejected[0].second == 3u);
    BOOST_TEST(first_reason.find("UNIQUE") != std::string::npos, first_reason);
    BOOST_TEST(rejected[1].first == unknown);
    BOOST_TEST(rejected[3].first == last);
  }
  auto st = w.get_stats();
  BOOST_TEST(st.rejected == 6u);
  BOOST_TEST(st.ops == 2u);
  BOOST_TEST(st.errors == 0u);
  BOOST_TEST(w.last_error().find("999") != std::string::npos);
  db conn = open_database(path, db::open_mode::read_only);
  auto rows = query_sessions(conn, {});
  BOOST_REQUIRE(rows.size() == 2u);
  BOOST_TEST(rows[0].id == 1);
  BOOST_TEST(rows[0].identity == test::sample_row(1, 1).identity); // not overwritten
  BOOST_TEST(rows[1].id == 3);
  BOOST_TEST(conn.query_int("SELECT count(*) FROM events") == 0);
}

BOOST_AUTO_TEST_CASE(many_inserts_in_one_batch_round_trip) {
  // 40 sessions and 37 events in one transaction: multi-row INSERTs (16 rows) plus single rows.
  test::temp_dir dir;
  const std::string path = dir.file("ngn.db");
  {
    writer w(path);
    std::vector<write_op> ops;
    for (int n = 0; n < 40; ++n) {
      // emplace with in_place_type: GCC 12 -O3 warns (falsely) on push_back of a variant temporary
      ops.emplace_back(std::in_place_type<session_insert>,
                       session_insert{test::sample_row(n + 1, n)});
      if (n < 37) ops.emplace_back(std::in_place_type<event_insert>, event(n + 1, n));
      if (n % 5 == 0) {
        auto& u = std::get<session_update>(ops.emplace_back(std::in_place_type<session_update>));
        u.id = n + 1;
        u.state = session_state::failed;
        u.failure_reason = "timeout";
      }
    }
    w.submit(std::move(ops));
    BOOST_TEST(w.flush());
    BOOST_TEST(w.get_stats().transactions == 1u);
  }
  db conn = open_database(path, db::open_mode::read_only);
  auto rows = query_sessions(conn, {});
  BOOST_REQUIRE(rows.size() == 40u);
  for (int n = 0; n < 40; ++n) {
    const session_row& got = rows[n];
    session_row want = test::sample_row(n + 1, n);
    BOOST_TEST(got.id == want.id);
    BOOST_TEST(got.identity == want.identity);
    BOOST_TEST(got.protocol == want.protocol);
    BOOST_TEST(got.proxy == want.proxy);
    BOOST_TEST(got.terminal_node == want.terminal_node);
    BOOST_TEST(got.rand == want.rand);
    BOOST_TEST(got.sk_fingerprint == want.sk_fingerprint);
    BOOST_TEST(got.t_request == want.t_request);
    BOOST_TEST(got.t_challenge == want.t_challenge);
    BOOST_TEST(got.state == (n % 5 == 0 ? session_state::failed : session_state::challenged));
  }
  statement ev(conn, "SELECT session_id, t, detail FROM events ORDER BY id");
  for (int n = 0; n < 37; ++n) {
    BOOST_REQUIRE(ev.step());
    BOOST_TEST(ev.column_int64(0) == n + 1);
    BOOST_TEST(ev.column_int64(1) == 1700000000000000 + n);
    BOOST_TEST(ev.column_text(2) == "n=" + std::to_string(n));
  }
  BOOST_TEST(!ev.step());
}

BOOST_AUTO_TEST_CASE(a_duplicate_inside_a_multi_row_insert_rejects_only_its_own_op) {
  test::temp_dir dir;
  const std::string path = dir.file("ngn.db");
  writer::options o;
  o.max_delay = std::chrono::seconds(30); // everything below lands in one batch (flush ends it)
  writer w(path, o);
  std::uint64_t rejected_ticket = 0;
  w.on_reject([&](std::uint64_t t, std::size_t, const std::string&) { rejected_ticket = t; });
  std::vector<std::uint64_t> tickets;
  for (int n = 0; n < 20; ++n) // the 18th reuses id 3
    tickets.push_back(w.submit(session_insert{test::sample_row(n == 17 ? 3 : n + 1, n)}));
  BOOST_TEST(w.flush());
  BOOST_TEST(w.get_stats().transactions == 1u);
  BOOST_TEST(w.get_stats().rejected == 1u);
  BOOST_TEST(w.get_stats().ops == 19u);
  BOOST_TEST(rejected_ticket == tickets[17]);
  db conn = open_database(path, db::open_mode::read_only);
  auto rows = query_sessions(conn, {});
  BOOST_TEST(rows.size() == 19u);
  BOOST_TEST(rows[2].identity == test::sample_row(3, 2).identity); // the first id 3 kept
}

BOOST_AUTO_TEST_CASE(update_and_resync_change_only_what_they_carry) {
  test::temp_dir dir;
  const std::string path = dir.file("ngn.db");
  writer w(path);
  std::int64_t id = w.next_session_id();
  w.submit(session_insert{test::sample_row(id, 0)});
  session_resync rs;
  rs.id = id;
  rs.rand = bytes(16, 0xee);
  rs.t_challenge = 1700000000009999;
  w.submit(rs);
  w.submit(rs);
  session_update u;
  u.id = id;
  u.state = session_state::established;
  u.t_success = 1700000000012345;
  u.proxy_node = "node-p2";
  w.submit(u);
  BOOST_TEST(w.flush());
  db conn = open_database(path, db::open_mode::read_only);
  auto r = query_sessions(conn, {}).at(0);
  BOOST_TEST(r.resyncs == 2u);
  BOOST_TEST(r.rand == bytes(16, 0xee));
  BOOST_TEST(r.sk_fingerprint == test::sample_row(id, 0).sk_fingerprint); // empty: unchanged
  BOOST_TEST(r.t_challenge == 1700000000009999);
  BOOST_TEST(r.state == session_state::established);
  BOOST_TEST(r.t_success == 1700000000012345);
  BOOST_TEST(r.proxy_node == "node-p2");
  BOOST_TEST(r.terminal_node == "node-t0"); // empty in the update: unchanged
  BOOST_TEST(r.t_response == 0);
}

BOOST_AUTO_TEST_CASE(session_end_closes_only_an_established_registration) {
  test::temp_dir dir;
  const std::string path = dir.file("ngn.db");
  writer w(path);
  const std::int64_t first = w.next_session_id(), second = w.next_session_id(),
                     pending = w.next_session_id();
  for (std::int64_t id : {first, second, pending}) w.submit(session_insert{test::sample_row(id)});
  for (std::int64_t id : {first, second}) {
    session_update u;
    u.id = id;
    u.state = session_state::established;
    u.t_success = 1700000000100000;
    w.submit(u);
  }
  session_end superseded;
  superseded.id = first;
  superseded.state = session_state::superseded;
  superseded.t_end = 1700000060100000;
  superseded.lifetime = 60;
  superseded.protected_sent = 5;
  superseded.protected_received = 6;
  superseded.protected_dropped = 1;
  superseded.successor = second;
  superseded.reason = "re-registered";
  w.submit(superseded);
  session_end again = superseded; // a second end changes nothing
  again.state = session_state::expired;
  again.protected_sent = 99;
  w.submit(again);
  session_end early = superseded; // nor does an end of a registration not yet established
  early.id = pending;
  w.submit(early);
  BOOST_TEST(w.flush());

  db conn = open_database(path, db::open_mode::read_only);
  auto rows = query_sessions(conn, {});
  BOOST_REQUIRE(rows.size() == 3u);
  const session_row& r = rows[0].id == first ? rows[0] : rows[1];
  BOOST_TEST(r.state == session_state::superseded);
  BOOST_TEST(r.t_end == 1700000060100000);
  BOOST_TEST(r.lifetime == 60u);
  BOOST_TEST(r.protected_sent == 5u);
  BOOST_TEST(r.protected_received == 6u);
  BOOST_TEST(r.protected_dropped == 1u);
  BOOST_TEST(r.successor == second);
  BOOST_TEST(r.failure_reason == "re-registered");
  for (const auto& row : rows) {
    if (row.id == second) BOOST_TEST(row.state == session_state::established);
    if (row.id == pending) BOOST_TEST(row.state == session_state::challenged);
    if (row.id != first) BOOST_TEST(row.successor == 0);
  }
}

BOOST_AUTO_TEST_CASE(destructor_commits_everything) {
  test::temp_dir dir;
  const std::string path = dir.file("ngn.db");
  {
    writer::options o;
    o.max_delay = std::chrono::seconds(30); // would linger; destruction must not
    writer w(path, o);
    for (int i = 0; i < 5000; ++i) w.submit(event(i, i));
  }
  BOOST_TEST(count_rows(path, "events") == 5000);
}

BOOST_AUTO_TEST_CASE(flush_does_not_wait_for_max_delay) {
  test::temp_dir dir;
  writer::options o;
  o.max_delay = std::chrono::seconds(30);
  writer w(dir.file("ngn.db"), o);
  w.submit(event(1, 1));
  auto t0 = std::chrono::steady_clock::now();
  BOOST_TEST(w.flush());
  BOOST_TEST((std::chrono::steady_clock::now() - t0 < std::chrono::seconds(10)));
}

BOOST_AUTO_TEST_CASE(without_max_delay_a_lone_op_commits_promptly) {
  test::temp_dir dir;
  writer::options o;
  o.max_delay = std::chrono::microseconds(0);
  writer w(dir.file("ngn.db"), o);
  std::mutex m;
  std::condition_variable cv;
  std::uint64_t seen = 0;
  w.on_commit([&](std::uint64_t t, const std::string&) {
    std::lock_guard<std::mutex> lk(m);
    seen = t;
    cv.notify_all();
  });
  std::uint64_t t = w.submit(event(1, 1));
  std::unique_lock<std::mutex> lk(m);
  BOOST_TEST(cv.wait_for(lk, std::chrono::seconds(10), [&] { return seen >= t; }));
}

BOOST_AUTO_TEST_CASE(four_threads_submitting_concurrently_lose_nothing) {
  test::temp_dir dir;
  const std::string path = dir.file("ngn.db");
  constexpr int threads = 4, per_thread = 25000;
  std::vector<std::vector<std::uint64_t>> tickets(threads);
  {
    writer w(path);
    std::vector<std::thread> ts;
    for (int k = 0; k < threads; ++k)
      ts.emplace_back([&, k] {
        for (int i = 0; i < per_thread; ++i) {
          if (i % 2 == 0) {
            session_row r = test::sample_row(w.next_session_id(), i);
            tickets[k].push_back(w.submit(session_insert{std::move(r)}));
          } else {
            tickets[k].push_back(w.submit(event(k, i)));
          }
        }
      });
    for (auto& t : ts) t.join();
    BOOST_TEST(w.flush());
    BOOST_TEST(w.get_stats().ops == std::uint64_t{threads * per_thread});
    BOOST_TEST(w.get_stats().rejected == 0u);
  }
  std::set<std::uint64_t> all;
  for (auto& v : tickets) {
    BOOST_TEST(std::is_sorted(v.begin(), v.end()));
    all.insert(v.begin(), v.end());
  }
  BOOST_TEST(all.size() == std::size_t{threads * per_thread});
  BOOST_TEST(*all.begin() == 1u);
  BOOST_TEST(*all.rbegin() == std::uint64_t{threads * per_thread});
  BOOST_TEST(count_rows(path, "sessions") == threads * per_thread / 2);
  BOOST_TEST(count_rows(path, "events") == threads * per_thread / 2);
}

// Issue 12 item 4: the store refuses any SQN not above the stored one (a lower one, as a
// resynchronisation used to write, or the same one again), with the session of its group.
BOOST_AUTO_TEST_CASE(sqn_update_not_above_the_stored_one_is_rejected) {
  test::temp_dir dir;
  const std::string path = dir.file("ngn.db");
  test::provision(path, 1);
  const std::string id = "t000001@ngn.example";
  writer w(path);
  std::mutex m;
  std::vector<std::uint64_t> rejected;
  std::string reason;
  w.on_reject([&](std::uint64_t t, std::size_t, const std::string& why) {
    std::lock_guard<std::mutex> lk(m);
    rejected.push_back(t);
    reason = why;
  });
  const std::uint64_t up = w.submit(sqn_update{id, 1000});
  const std::uint64_t lower = w.submit(std::vector<write_op>{
    sqn_update{id, 999}, session_insert{test::sample_row(w.next_session_id(), 1)}});
  const std::uint64_t same = w.submit(sqn_update{id, 1000});
  const std::uint64_t zero = w.submit(sqn_update{id, 0});
  const std::uint64_t higher = w.submit(sqn_update{id, 1001});
  BOOST_TEST(w.flush());
  {
    std::lock_guard<std::mutex> lk(m);
    BOOST_TEST((rejected == std::vector<std::uint64_t>{lower, same, zero}));
    BOOST_TEST(reason.find("not above the stored one") != std::string::npos, reason);
  }
  BOOST_TEST(up < lower);
  BOOST_TEST(higher > zero);
  BOOST_TEST(count_rows(path, "sessions") == 0); // the lower SQN's session went with it
  subscriber_store store(path);
  BOOST_TEST(store.load(id)->sqn == 1001u);
}

BOOST_AUTO_TEST_CASE(sqn_and_session_ids_survive_a_restart) {
  test::temp_dir dir;
  const std::string path = dir.file("ngn.db");
  test::provision(path, 3);
  {
    writer w(path);
    for (int i = 0; i < 10; ++i) {
      std::int64_t id = w.next_session_id();
      BOOST_TEST(id == i + 1);
      w.submit(session_insert{test::sample_row(id, i)});
    }
    w.submit(sqn_update{"t000002@ngn.example", 0xffffffffffffull}); // 2^48 - 1
    w.submit(sqn_update{"t000003@ngn.example", 64});
  } // no flush: the destructor commits
  {
    subscriber_store store(path);
    BOOST_TEST(store.load("t000002@ngn.example")->sqn == 0xffffffffffffull);
    BOOST_TEST(store.load("t000003@ngn.example")->sqn == 64u);
    BOOST_TEST(store.load("t000001@ngn.example")->sqn == 0u);
  }
  writer w(path); // simulated restart
  BOOST_TEST(w.next_session_id() == 11);
  BOOST_TEST(w.next_session_id() == 12);
}

BOOST_AUTO_TEST_CASE(next_session_id_is_unique_across_threads) {
  test::temp_dir dir;
  writer w(dir.file("ngn.db"));
  std::vector<std::vector<std::int64_t>> got(4);
  std::vector<std::thread> ts;
  for (int k = 0; k < 4; ++k)
    ts.emplace_back([&, k] {
      for (int i = 0; i < 10000; ++i) got[k].push_back(w.next_session_id());
    });
  for (auto& t : ts) t.join();
  std::set<std::int64_t> all;
  for (auto& v : got) all.insert(v.begin(), v.end());
  BOOST_TEST(all.size() == 40000u);
  BOOST_TEST(*all.begin() == 1);
  BOOST_TEST(*all.rbegin() == 40000);
}

BOOST_AUTO_TEST_SUITE_END()

// Issue 10 item 5: the columns that follow one registration, through insert and update (an
// empty value leaves what is there), and an events row with every field (16 of them take the
// multi-row INSERT, the 17th the single-row one).
BOOST_AUTO_TEST_SUITE(writer_following)

BOOST_AUTO_TEST_CASE(session_and_event_columns_are_written) {
  test::temp_dir dir;
  const std::string path = dir.file("ngn.db");
  {
    writer w(path);
    auto row = test::sample_row(1);
    row.wire_session = "0000002a";
    std::vector<write_op> ops{session_insert{row}};
    session_update u;
    u.id = 1;
    u.state = session_state::failed;
    u.response_code = 403;
    u.detected_by = "ss1";
    u.reason_code = 1;
    ops.emplace_back(u);
    for (int n = 0; n < 17; ++n) {
      event_insert e;
      e.session_id = n == 0 ? 1 : 0;
      e.t = 1700000000000000 + n;
      e.element = "ss1";
      e.peer = "sp1";
      e.direction = "response";
      e.protocol = "sip";
      e.kind = "403";
      e.identity = "t1@ngn.example";
      e.call_id = "c" + std::to_string(n);
      e.transaction = "z9hG4bK-" + std::to_string(n);
      e.wire_session = "0000002a";
      e.response_code = 403;
      e.detail = "step=rejection";
      ops.emplace_back(std::move(e));
    }
    w.submit(std::move(ops));
    BOOST_TEST(w.flush());
  }
  db conn = open_database(path, db::open_mode::read_only);
  auto rows = query_sessions(conn, {});
  BOOST_REQUIRE(rows.size() == 1u);
  BOOST_TEST(rows[0].wire_session == "0000002a"); // kept: the update carried none
  BOOST_TEST(rows[0].response_code == 403u);
  BOOST_TEST(rows[0].detected_by == "ss1");
  BOOST_TEST(rows[0].reason_code == 1u);
  BOOST_TEST(conn.query_int("SELECT count(*) FROM events WHERE peer = 'sp1' AND direction = "
                            "'response' AND protocol = 'sip' AND identity = 't1@ngn.example' "
                            "AND call_id LIKE 'c%' AND transaction_id LIKE 'z9hG4bK-%' AND "
                            "wire_session = '0000002a' AND response_code = 403 AND kind = '403'")
             == 17);
  // session_id 0 is NULL (the message names no AuC row), not a row 0.
  BOOST_TEST(conn.query_int("SELECT count(*) FROM events WHERE session_id IS NULL") == 16);
  BOOST_TEST(conn.query_int("SELECT count(*) FROM events WHERE transaction_id = 'z9hG4bK-16' "
                            "AND call_id = 'c16'") == 1);
}

BOOST_AUTO_TEST_SUITE_END()
