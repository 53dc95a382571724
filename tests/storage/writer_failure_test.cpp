// storage/writer.hpp under failure: start-up errors throw; a full database (SQLITE_FULL) is
// retried, reported through on_commit and never loses or crashes; recovery commits the backlog;
// the destructor gives up only after reporting.
#include "storage/schema.hpp"
#include "storage/writer.hpp"
#include "storage/writer_batch.hpp"
#include "tests/storage/session_rows.hpp"
#include "tests/storage/temp_dir.hpp"

#include <boost/test/unit_test.hpp>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <stdexcept>

using namespace ngn;
using namespace ngn::storage;
using namespace std::chrono_literals;

namespace {

/// Collects on_commit calls; lets a test wait for an error or a committed ticket.
struct watcher {
  std::mutex m;
  std::condition_variable cv;
  std::vector<std::string> errors;
  std::uint64_t committed = 0;

  void attach(writer& w) {
    w.on_commit([this](std::uint64_t t, const std::string& e) {
      std::lock_guard<std::mutex> lk(m);
      if (e.empty())
        committed = std::max(committed, t);
      else
        errors.push_back(e);
      cv.notify_all();
    });
  }
  bool wait_error(std::chrono::seconds limit) {
    std::unique_lock<std::mutex> lk(m);
    return cv.wait_for(lk, limit, [&] { return !errors.empty(); });
  }
};

writer::options fast_retries(std::int64_t max_pages) {
  writer::options o;
  o.max_delay = 0us;
  o.retry_backoff = 1ms;
  o.retry_max_backoff = 20ms;
  o.retries_before_report = 2;
  o.max_page_count = max_pages;
  return o;
}

/// Fills `path` with ~2 MB of padding events and returns its page count.
std::int64_t pad(const std::string& path) {
  db conn = open_database(path);
  conn.exec("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 64) "
            "INSERT INTO events (session_id, kind, detail) "
            "SELECT -1, 'padding', hex(randomblob(16384)) FROM c");
  conn.exec("PRAGMA wal_checkpoint(TRUNCATE)");
  return conn.query_int("PRAGMA page_count");
}

event_insert big_event(int i) {
  return test::make_event(1, i, "auc", "big", std::string(20000, 'x'));
}

} // namespace

BOOST_AUTO_TEST_SUITE(storage_writer_failure)

BOOST_AUTO_TEST_CASE(unopenable_path_throws_at_construction) {
  test::temp_dir dir;
  const std::string path = dir.file("missing/dir/ngn.db");
  try {
    writer w(path);
    BOOST_FAIL("expected an exception");
  } catch (const std::runtime_error& e) {
    BOOST_TEST(std::string(e.what()).find(path) != std::string::npos);
  }
}

BOOST_AUTO_TEST_CASE(full_database_is_reported_retried_and_recovers) {
  test::temp_dir dir;
  const std::string path = dir.file("ngn.db");
  const std::int64_t pages = pad(path);

  writer w(path, fast_retries(pages)); // may not grow: commits that need pages fail
  watcher seen;
  seen.attach(w);
  std::uint64_t last = 0;
  for (int i = 0; i < 20; ++i) last = w.submit(big_event(i));

  BOOST_REQUIRE(seen.wait_error(10s));
  {
    std::lock_guard<std::mutex> lk(seen.m);
    BOOST_TEST(seen.errors.front().find("full") != std::string::npos, seen.errors.front());
    BOOST_TEST(seen.committed < last);
  }
  BOOST_TEST(!w.flush()); // returns on the next failure report instead of hanging
  auto st = w.get_stats();
  BOOST_TEST(st.errors >= 2u);
  BOOST_TEST(st.ops == 0u);
  BOOST_TEST(!w.last_error().empty());
  // Issue 12 item 5: SQLite's own words and its result code (SQLITE_FULL = 13), for the summary.
  BOOST_TEST(st.failures >= 1u);
  BOOST_TEST(w.last_failure().find("database or disk is full (SQLite result code 13)")
               != std::string::npos, w.last_failure());

  // Free space: the padding's pages go to the free list and the retries succeed.
  {
    db other = open_database(path);
    other.exec("DELETE FROM events WHERE kind = 'padding'");
  }
  bool done = false;
  for (auto until = std::chrono::steady_clock::now() + 20s;
       !done && std::chrono::steady_clock::now() < until;)
    done = w.flush();
  BOOST_REQUIRE(done);
  {
    std::lock_guard<std::mutex> lk(seen.m);
    BOOST_TEST(seen.committed == last);
  }
  db check = open_database(path, db::open_mode::read_only);
  BOOST_TEST(check.query_int("SELECT count(*) FROM events WHERE kind = 'big'") == 20);
  BOOST_TEST(w.get_stats().ops == 20u);
}

BOOST_AUTO_TEST_CASE(destructor_gives_up_only_after_reporting) {
  test::temp_dir dir;
  const std::string path = dir.file("ngn.db");
  const std::int64_t pages = pad(path);
  watcher seen;
  auto t0 = std::chrono::steady_clock::now();
  {
    writer w(path, fast_retries(pages));
    seen.attach(w);
    for (int i = 0; i < 5; ++i) w.submit(big_event(i));
  } // must return although nothing can be committed
  BOOST_TEST((std::chrono::steady_clock::now() - t0 < 30s));
  std::lock_guard<std::mutex> lk(seen.m);
  BOOST_REQUIRE(!seen.errors.empty());
  BOOST_TEST(seen.errors.back().find("operations not committed") != std::string::npos,
             seen.errors.back());
  BOOST_TEST(seen.committed == 0u);
}

BOOST_AUTO_TEST_CASE(a_throwing_callback_does_not_stop_the_writer) {
  test::temp_dir dir;
  writer w(dir.file("ngn.db"));
  int calls = 0;
  w.on_commit([&](std::uint64_t, const std::string&) {
    ++calls;
    throw std::runtime_error("callback failure");
  });
  w.submit(test::make_event(1, 1, "a", "b", "c"));
  BOOST_TEST(w.flush());
  w.submit(test::make_event(1, 2, "a", "b", "c"));
  BOOST_TEST(w.flush());
  BOOST_TEST(calls >= 2);
  BOOST_TEST(w.get_stats().ops == 2u);
}

BOOST_AUTO_TEST_CASE(transactions_with_an_sqn_commit_with_synchronous_full) {
  // Issue 12 item 5: NORMAL can lose the last commits on power loss; a committed SQN must not be
  // lost (a challenge leaves once its SQN is committed), so its transaction syncs the WAL.
  test::temp_dir dir;
  const std::string path = dir.file("ngn.db");
  {
    db conn = open_database(path);
    conn.exec("INSERT INTO subscribers (identity, protocol, k, opc, amf, sqn, created_at) "
              "VALUES ('a@x', 'sip', zeroblob(16), zeroblob(16), x'8000', 0, 0)");
  }
  detail::batch_runner r(path, 0);
  std::vector<write_op> events{test::make_event(1, 1, "a", "b", "c")};
  std::vector<detail::op_group> one{{1, 1}};
  BOOST_REQUIRE(r.run(events, one).committed);
  BOOST_TEST(r.synchronous_level() == 1); // NORMAL
  std::vector<write_op> sqn{sqn_update{"a@x", 32}, test::make_event(1, 2, "a", "b", "c")};
  std::vector<detail::op_group> two{{2, 2}};
  BOOST_REQUIRE(r.run(sqn, two).committed);
  BOOST_TEST(r.synchronous_level() == 2); // FULL
  BOOST_REQUIRE(r.run(events, one).committed);
  BOOST_TEST(r.synchronous_level() == 1);
}

BOOST_AUTO_TEST_SUITE_END()
