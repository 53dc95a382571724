// storage/crash_recovery.hpp: what an AuC process left open when it ended without closing it is
// closed when an AuC next starts on the database, and only that (issue 12 item 5).
#include "storage/crash_recovery.hpp"
#include "storage/schema.hpp"
#include "storage/writer.hpp"
#include "tests/storage/session_rows.hpp"
#include "tests/storage/temp_dir.hpp"

#include <boost/test/unit_test.hpp>

#include <sys/stat.h>
#include <unistd.h>

using namespace ngn;
using namespace ngn::storage;

namespace {

constexpr crash_reason reason{25, "AuC restarted: the challenge was open when its process ended"};
constexpr std::int64_t now = 1800000000000000;

/// A run `name` with one challenged and one established session (ids `first`, `first` + 1),
/// ended with `outcome` unless it is empty (the process "crashed": the run stays running).
void write_run(const std::string& path, const std::string& name, std::int64_t t,
               const std::string& outcome) {
  writer w(path);
  w.submit(run_begin{name, t, "", "ngnemu run", "n1"});
  session_row open = test::sample_row(w.next_session_id(), 1);
  open.t_request = t + 10;
  open.t_challenge = t + 20;
  session_row done = test::sample_row(w.next_session_id(), 2);
  done.state = session_state::established;
  done.t_request = t + 30;
  done.t_challenge = t + 35;
  done.t_success = t + 40;
  w.submit(session_insert{open});
  w.submit(session_insert{done});
  if (!outcome.empty()) w.submit(run_end{t + 50, outcome, 0.1, 1000, ""});
  BOOST_REQUIRE(w.flush());
}

struct session_view {
  std::string state, reason, detected_by;
  std::int64_t code = 0, t_end = 0;
};

session_view session(const std::string& path, std::int64_t id) {
  db conn = open_database(path);
  statement st(conn, "SELECT state, coalesce(failure_reason, ''), coalesce(reason_code, 0), "
                     "coalesce(t_end, 0), coalesce(detected_by, '') FROM sessions WHERE id = ?1");
  st.bind(1, id);
  BOOST_REQUIRE(st.step());
  return {st.column_string(0), st.column_string(1), st.column_string(4), st.column_int64(2),
          st.column_int64(3)};
}

std::string run_outcome(const std::string& path, const std::string& name, std::int64_t* ended) {
  db conn = open_database(path);
  statement st(conn, "SELECT outcome, coalesce(ended_at, 0) FROM runs WHERE name = ?1");
  st.bind(1, name);
  BOOST_REQUIRE(st.step());
  if (ended) *ended = st.column_int64(1);
  return st.column_string(0);
}

} // namespace

BOOST_AUTO_TEST_SUITE(storage_crash_recovery)

BOOST_AUTO_TEST_CASE(alone_closes_every_open_challenge_and_running_run) {
  test::temp_dir dir;
  const std::string path = dir.file("a.db");
  write_run(path, "r1", 1700000000000000, ""); // crashed: sessions 1 (challenged), 2
  BOOST_TEST(session(path, 1).state == "challenged");

  auc_claim claim(path, reason, now);
  BOOST_TEST(claim.recovered().alone);
  BOOST_TEST(claim.recovered().challenges == 1);
  BOOST_TEST(claim.recovered().runs == 1);
  const auto s1 = session(path, 1);
  BOOST_TEST(s1.state == "expired");
  BOOST_TEST(s1.reason == std::string(reason.text));
  BOOST_TEST(s1.code == 25);
  BOOST_TEST(s1.t_end == now);
  BOOST_TEST(s1.detected_by == "auc"); // the row's own AuC
  BOOST_TEST(session(path, 2).state == "established");
  std::int64_t ended = 0;
  BOOST_TEST(run_outcome(path, "r1", &ended) == "interrupted");
  BOOST_TEST(ended == 1700000000000040); // its last committed instant, not the restart's
}

BOOST_AUTO_TEST_CASE(a_live_process_keeps_its_running_run) {
  test::temp_dir dir;
  const std::string path = dir.file("b.db");
  write_run(path, "ended", 1700000000000000, "completed"); // sessions 1, 2
  // A live AuC process on the database (another open file description: flock treats it as
  // another process) with its run in progress.
  auc_claim live(path, reason, now);
  BOOST_TEST(live.recovered().alone);
  BOOST_TEST(live.recovered().challenges == 1); // the ended run's open challenge
  BOOST_TEST(session(path, 1).state == "expired");
  write_run(path, "in-progress", 1700000001000000, ""); // sessions 3, 4
  {
    // Another AuC starting meanwhile (e.g. a second `ngnemu run --db` on the same file).
    write_run(path, "ended-too", 1700000002000000, "failed"); // sessions 5, 6
    auc_claim second(path, reason, now + 1);
    BOOST_TEST(!second.recovered().alone);
    BOOST_TEST(second.recovered().challenges == 1); // only the ended run's
    BOOST_TEST(second.recovered().runs == 0);
    BOOST_TEST(session(path, 5).state == "expired");
    BOOST_TEST(session(path, 3).state == "challenged");
    BOOST_TEST(run_outcome(path, "in-progress", nullptr) == "running");
  }
}

BOOST_AUTO_TEST_CASE(after_the_live_process_ends_its_leftovers_are_closed) {
  test::temp_dir dir;
  const std::string path = dir.file("c.db");
  {
    auc_claim live(path, reason, now);
    write_run(path, "r", 1700000000000000, ""); // ends "by kill -9": the claim goes with it
  }
  auc_claim next(path, reason, now + 5);
  BOOST_TEST(next.recovered().alone);
  BOOST_TEST(next.recovered().challenges == 1);
  BOOST_TEST(session(path, 1).state == "expired");
  BOOST_TEST(run_outcome(path, "r", nullptr) == "interrupted");
  // A run restarted under the same name (a node restarted into its run) is running again.
  write_run(path, "r", 1700000000000100, "");
  BOOST_TEST(run_outcome(path, "r", nullptr) == "running");
}

BOOST_AUTO_TEST_CASE(lock_file_is_private_and_no_symlink_is_followed) {
  test::temp_dir dir;
  const std::string path = dir.file("d.db");
  {
    auc_claim c(path, reason, now);
    struct stat st {};
    BOOST_REQUIRE(::stat(claim_lock_path(path).c_str(), &st) == 0);
    BOOST_TEST((st.st_mode & 0777) == 0600u);
  }
  const std::string other = dir.file("e.db");
  const std::string target = dir.file("elsewhere");
  BOOST_REQUIRE(::symlink(target.c_str(), claim_lock_path(other).c_str()) == 0);
  BOOST_CHECK_THROW(auc_claim(other, reason, now), storage_error);
  struct stat st {};
  BOOST_TEST(::lstat(target.c_str(), &st) != 0); // nothing created through the link
}

BOOST_AUTO_TEST_CASE(memory_database_has_nothing_to_recover) {
  auc_claim c(":memory:", reason, now);
  BOOST_TEST(c.recovered().challenges == 0);
  BOOST_TEST(!c.recovered().alone);
}

BOOST_AUTO_TEST_SUITE_END()
