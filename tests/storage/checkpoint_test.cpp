// storage/wal_checkpointer.hpp through the writer: WAL checkpoints run off the commit path, keep
// the WAL file short, lose nothing, and the old behaviour (SQLite's automatic checkpoint inside
// a commit) stays available with checkpoint_period 0.
#include "storage/schema.hpp"
#include "storage/writer.hpp"
#include "tests/storage/session_rows.hpp"
#include "tests/storage/store_fixture.hpp"

#include <boost/test/unit_test.hpp>

#include <chrono>
#include <filesystem>
#include <thread>

using namespace ngn;
using namespace ngn::storage;

namespace {

/// Writes `batches` transactions of 200 session rows each (ids from `first`), flushing each.
void write_rows(writer& w, int first, int batches) {
  for (int b = 0; b < batches; ++b) {
    std::vector<write_op> ops;
    for (int n = 0; n < 200; ++n) {
      const int id = first + b * 200 + n;
      ops.emplace_back(std::in_place_type<session_insert>, session_insert{test::sample_row(id, id)});
    }
    w.submit(std::move(ops));
    BOOST_REQUIRE(w.flush());
  }
}

/// Bytes of the database's WAL file (0 when there is none).
std::uintmax_t wal_bytes(const std::string& path) {
  std::error_code ec;
  const auto n = std::filesystem::file_size(path + "-wal", ec);
  return ec ? 0 : n;
}

} // namespace

BOOST_AUTO_TEST_SUITE(storage_checkpoints)

BOOST_AUTO_TEST_CASE(checkpoints_run_beside_the_writer_and_the_wal_starts_again) {
  test::temp_dir dir;
  const std::string path = dir.file("ngn.db");
  writer::options o;
  o.checkpoint_period = std::chrono::milliseconds{20};
  writer w(path, o);
  // About 4 MB of rows: with SQLite's automatic checkpoint the commits would checkpoint (every
  // 1,000 pages); here the writer's connection never does.
  write_rows(w, 1, 20);
  const auto grown = wal_bytes(path);
  BOOST_TEST(grown > 0u);
  // The checkpointer catches up; the next transaction then starts the WAL from its beginning, so
  // a small write leaves the file no longer than before (it is reused, not appended to).
  for (int i = 0; i < 100 && w.get_stats().checkpoints < 3; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  std::this_thread::sleep_for(std::chrono::milliseconds(60));
  const auto st = w.get_stats();
  BOOST_TEST(st.checkpoints >= 3u);
  BOOST_TEST(st.max_wal_frames > 0u);
  write_rows(w, 4001, 1);
  BOOST_TEST(wal_bytes(path) <= grown);
  db conn = open_database(path, db::open_mode::read_only);
  BOOST_TEST(conn.query_int("SELECT count(*) FROM sessions") == 4200);
  BOOST_TEST(conn.query_int("PRAGMA wal_autocheckpoint") == 1000); // a reader's own default
}

BOOST_AUTO_TEST_CASE(period_zero_keeps_sqlites_automatic_checkpoint) {
  test::temp_dir dir;
  const std::string path = dir.file("ngn.db");
  writer::options o;
  o.checkpoint_period = std::chrono::milliseconds{0};
  {
    writer w(path, o);
    write_rows(w, 1, 20);
    BOOST_TEST(w.get_stats().checkpoints == 0u);
    // The commits checkpointed: the WAL holds about 1,000 pages, not the 4 MB written.
    BOOST_TEST(wal_bytes(path) < 3'000'000u);
  }
  db conn = open_database(path, db::open_mode::read_only);
  BOOST_TEST(conn.query_int("SELECT count(*) FROM sessions") == 4000);
}

BOOST_AUTO_TEST_CASE(an_in_memory_database_has_no_checkpointer) {
  writer w(":memory:");
  write_rows(w, 1, 1);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  BOOST_TEST(w.get_stats().checkpoints == 0u);
}

BOOST_AUTO_TEST_SUITE_END()
