// Issue 12 items 5 and 6: the database file and its -wal/-shm are created 0600 whatever the
// umask, a symbolic link at the database path is refused, storage errors have their own type,
// and secrets of a subscriber live in wiping types.
#include "protocols/common/private_file.hpp"
#include "storage/db.hpp"
#include "storage/records.hpp"
#include "storage/schema.hpp"
#include "tests/storage/temp_dir.hpp"

#include <boost/test/unit_test.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <type_traits>

using namespace ngn;
using namespace ngn::storage;

namespace {

unsigned mode_of(const std::string& path) {
  struct stat st {};
  BOOST_REQUIRE_EQUAL(::stat(path.c_str(), &st), 0);
  return st.st_mode & 0777u;
}

/// Sets the umask for one scope.
struct umask_guard {
  explicit umask_guard(mode_t m) : old(::umask(m)) {}
  ~umask_guard() { ::umask(old); }
  mode_t old;
};

} // namespace

BOOST_AUTO_TEST_SUITE(file_mode)

BOOST_AUTO_TEST_CASE(database_and_wal_are_0600_with_a_permissive_umask) {
  test::temp_dir dir;
  umask_guard u{0};
  const auto path = dir.file("a.db");
  auto conn = open_database(path); // WAL journal: -wal and -shm exist while it is open
  conn.exec("INSERT INTO subscribers (identity, protocol, k, opc, amf, sqn, flags, created_at) "
            "VALUES ('x', 'any', zeroblob(16), zeroblob(16), x'8000', 0, 0, 0)");
  BOOST_TEST(mode_of(path) == 0600u);
  BOOST_TEST(mode_of(path + "-wal") == 0600u);
  BOOST_TEST(mode_of(path + "-shm") == 0600u);
}

BOOST_AUTO_TEST_CASE(an_existing_database_keeps_its_mode) {
  test::temp_dir dir;
  const auto path = dir.file("b.db");
  { auto conn = open_database(path); }
  BOOST_REQUIRE_EQUAL(::chmod(path.c_str(), 0640), 0);
  { auto conn = open_database(path); }
  BOOST_TEST(mode_of(path) == 0640u);
}

BOOST_AUTO_TEST_CASE(a_symbolic_link_at_the_database_path_is_refused) {
  test::temp_dir dir;
  const auto target = dir.file("target.db");
  const auto link = dir.file("link.db");
  BOOST_REQUIRE_EQUAL(::symlink(target.c_str(), link.c_str()), 0); // dangling: create through it
  BOOST_CHECK_EXCEPTION(open_database(link), storage_error, [](const storage_error& e) {
    return std::string(e.what()).find("symbolic link") != std::string::npos;
  });
  struct stat st {};
  BOOST_TEST(::lstat(target.c_str(), &st) != 0); // nothing created at the link's target
  { auto conn = open_database(target); }
  BOOST_CHECK_THROW(open_database(link), storage_error); // an existing target: refused too
}

BOOST_AUTO_TEST_CASE(a_database_that_cannot_be_opened_is_a_storage_error) {
  test::temp_dir dir;
  BOOST_CHECK_THROW(db(dir.file("missing.db"), db::open_mode::read_only), storage_error);
  std::ofstream{dir.file("junk.db")} << "this is not a SQLite database, only some text......";
  BOOST_CHECK_THROW(open_database(dir.file("junk.db"), db::open_mode::read_only), storage_error);
}

BOOST_AUTO_TEST_CASE(open_private_file_is_0600_and_refuses_links) {
  test::temp_dir dir;
  umask_guard u{0};
  const auto path = dir.file("out.csv");
  std::ofstream{path} << "old";
  BOOST_REQUIRE_EQUAL(::chmod(path.c_str(), 0644), 0);
  auto f = open_private_file(path);
  BOOST_REQUIRE_MESSAGE(f.fd >= 0, f.error);
  ::close(f.fd);
  BOOST_TEST(mode_of(path) == 0600u);
  struct stat st {};
  BOOST_REQUIRE_EQUAL(::stat(path.c_str(), &st), 0);
  BOOST_TEST(st.st_size == 0); // truncated
  const auto link = dir.file("link.csv");
  BOOST_REQUIRE_EQUAL(::symlink(path.c_str(), link.c_str()), 0);
  auto g = open_private_file(link);
  BOOST_TEST(g.fd < 0);
  BOOST_TEST(g.error.find("symbolic link") != std::string::npos);
  auto h = open_private_file(dir.path().string()); // a directory
  BOOST_TEST(h.fd < 0);
}

BOOST_AUTO_TEST_CASE(subscriber_secrets_are_wiping_types) {
  static_assert(std::is_same_v<decltype(subscriber::k), crypto::key128>);
  static_assert(std::is_same_v<decltype(subscriber::opc), crypto::key128>);
  static_assert(std::is_same_v<decltype(subscriber::op), std::optional<crypto::key128>>);
  // TS 35.208 test set 1: OPc of K and OP.
  crypto::key128 k, op, want;
  const std::uint8_t kb[16] = {0x46, 0x5b, 0x5c, 0xe8, 0xb1, 0x99, 0xb4, 0x9f,
                               0xaa, 0x5f, 0x0a, 0x2e, 0xe2, 0x38, 0xa6, 0xbc};
  const std::uint8_t ob[16] = {0xcd, 0xc2, 0x02, 0xd5, 0x12, 0x3e, 0x20, 0xf6,
                               0x2b, 0x6d, 0x67, 0x6a, 0xc7, 0x2c, 0xb3, 0x18};
  const std::uint8_t cb[16] = {0xcd, 0x63, 0xcb, 0x71, 0x95, 0x4a, 0x9f, 0x4e,
                               0x48, 0xa5, 0x99, 0x4e, 0x37, 0xa0, 0x2b, 0xaf};
  BOOST_REQUIRE(crypto::key128::from(byte_view{kb, 16}, k));
  BOOST_REQUIRE(crypto::key128::from(byte_view{ob, 16}, op));
  BOOST_REQUIRE(crypto::key128::from(byte_view{cb, 16}, want));
  BOOST_TEST((opc_of(k, op) == want));
}

BOOST_AUTO_TEST_SUITE_END()
