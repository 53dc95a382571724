#include "storage/db.hpp"
#include "protocols/common/escape.hpp"
#include "protocols/common/private_file.hpp"

#include <sqlite3.h>
#include <sys/stat.h>

#include <mutex>
#include <stdexcept>
#include <utility>

namespace ngn::storage {

namespace {

std::string shorten(std::string_view sql) {
  constexpr std::size_t max = 80;
  std::string s(sql.substr(0, max));
  for (char& c : s)
    if (c == '\n' || c == '\r') c = ' ';
  if (sql.size() > max) s += "...";
  return s;
}

/// Process-wide SQLite settings, applied once before SQLite initialises: no memory statistics
/// (they put a global mutex around every allocation, ~12% of the writer's instructions). Fails
/// harmlessly (SQLITE_MISUSE) if something else initialised SQLite first.
void configure_sqlite_once() noexcept {
  static std::once_flag once;
  std::call_once(once, [] { sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); });
}

/// A plain file name, not ":memory:", "" (a temporary database) or a "file:" URI.
bool is_file_path(const std::string& path) {
  return !path.empty() && path != ":memory:" && path.rfind("file:", 0) != 0;
}

/// `path` as a SQLite URI (https://sqlite.org/uri.html) with `query`: '%', '?' and '#' are
/// percent-encoded; an absolute path gets an empty authority ("file:///abs").
std::string uri_of(const std::string& path, const char* query) {
  std::string u = path.front() == '/' ? "file://" : "file:";
  for (char c : path) {
    if (c == '%') u += "%25";
    else if (c == '?') u += "%3f";
    else if (c == '#') u += "%23";
    else u += c;
  }
  return u + "?" + query;
}

/// Whether `rc` means the database could be opened but not read without writing (the WAL's
/// -shm cannot be created or written).
bool cannot_read_without_writing(int rc) {
  const int primary = rc & 0xff;
  return primary == SQLITE_READONLY || primary == SQLITE_CANTOPEN;
}

} // namespace

db::db(const std::string& path, open_mode mode) : path_(path), mode_(mode) {
  configure_sqlite_once();
  int flags = SQLITE_OPEN_NOMUTEX; // one connection per thread; we never share one
  switch (mode) {
    case open_mode::read_write_create:
      flags |= SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOFOLLOW;
      // Created here rather than by SQLite, whose new files get 0644 & ~umask: K and OPc
      // live in it (issue 12 item 6).
      if (is_file_path(path))
        if (auto why = precreate_private_file(path); !why.empty())
          throw storage_error(why);
      break;
    case open_mode::read_write: flags |= SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOFOLLOW; break;
    case open_mode::read_only: flags |= SQLITE_OPEN_READONLY; break;
  }
  int rc = sqlite3_open_v2(path.c_str(), &h_, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = h_ ? sqlite3_errmsg(h_) : sqlite3_errstr(rc);
    sqlite3_close_v2(h_);
    h_ = nullptr;
    throw storage_error(escape_text(path) + ": cannot open database: " + msg);
  }
  sqlite3_extended_result_codes(h_, 1);
  if (mode == open_mode::read_only && is_file_path(path)) open_read_only_fallback();
}

void db::open_read_only_fallback() {
  // Reading the schema is what needs the WAL index (-shm): try it now rather than fail on the
  // first query (issue 12 item 5: `sessions` on a read-only database).
  const int rc = exec_rc("SELECT count(*) FROM sqlite_master");
  if (rc == SQLITE_OK || !cannot_read_without_writing(rc)) return;
  struct stat wal {};
  if (::stat((path_ + "-wal").c_str(), &wal) == 0 && wal.st_size > 0)
    throw storage_error(escape_text(path_) + ": cannot be read here: it is read-only and its "
                        "-wal holds changes not yet merged into it (open it once where it is "
                        "writable, or copy the three files to a writable directory)");
  // SQLite's documented way for a database on read-only media: immutable=1 (no locks, no
  // -shm); sound here because no -wal holds anything and nothing can write to it.
  sqlite3_close_v2(h_);
  h_ = nullptr;
  const std::string uri = uri_of(path_, "mode=ro&immutable=1");
  const int rc2 = sqlite3_open_v2(uri.c_str(), &h_,
                                  SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX,
                                  nullptr);
  if (rc2 != SQLITE_OK) {
    std::string msg = h_ ? sqlite3_errmsg(h_) : sqlite3_errstr(rc2);
    sqlite3_close_v2(h_);
    h_ = nullptr;
    throw storage_error(escape_text(path_) + ": cannot open database read-only: " + msg);
  }
  sqlite3_extended_result_codes(h_, 1);
}

db::~db() {
  if (h_) sqlite3_close_v2(h_);
}

db::db(db&& other) noexcept
  : h_(std::exchange(other.h_, nullptr)), path_(std::move(other.path_)), mode_(other.mode_) {}

db& db::operator=(db&& other) noexcept {
  if (this != &other) {
    if (h_) sqlite3_close_v2(h_);
    h_ = std::exchange(other.h_, nullptr);
    path_ = std::move(other.path_);
    mode_ = other.mode_;
  }
  return *this;
}

void db::exec(std::string_view sql) {
  std::string text(sql);
  std::string err;
  int rc = exec_rc(text.c_str(), &err);
  if (rc != SQLITE_OK)
    throw storage_error(escape_text(path_) + ": " + err + " (in: " + shorten(sql) + ")");
}

int db::exec_rc(const char* sql, std::string* err) noexcept {
  char* msg = nullptr;
  int rc = sqlite3_exec(h_, sql, nullptr, nullptr, &msg);
  if (rc != SQLITE_OK && err) {
    try {
      *err = msg ? msg : sqlite3_errstr(rc);
    } catch (...) {
      // out of memory while reporting: the result code still says what happened
    }
  }
  sqlite3_free(msg);
  return rc;
}

std::string db::errmsg() const { return h_ ? sqlite3_errmsg(h_) : "no connection"; }

std::int64_t db::last_insert_rowid() const noexcept { return sqlite3_last_insert_rowid(h_); }

int db::changes() const noexcept { return sqlite3_changes(h_); }

std::int64_t db::query_int(std::string_view sql) {
  statement st(*this, sql);
  if (!st.step()) fail(SQLITE_ERROR, "no row from " + shorten(sql));
  return st.column_int64(0);
}

void db::fail(int rc, std::string_view what) const {
  std::string msg = escape_text(path_) + ": " + std::string(what) + ": ";
  msg += (h_ && sqlite3_errcode(h_) == rc) ? sqlite3_errmsg(h_) : sqlite3_errstr(rc);
  throw storage_error(msg);
}

// ---------------------------------------------------------------------------------------------

namespace {

/// NULL at `i` for an absent value, else what `bind_value` binds.
template <class Bind>
void bind_or_null(statement& st, int i, bool absent, Bind&& bind_value) noexcept {
  if (absent)
    st.bind_null(i);
  else
    bind_value();
}

} // namespace

statement::statement(db& conn, std::string_view sql) : db_(&conn) {
  int rc = sqlite3_prepare_v3(conn.handle(), sql.data(), static_cast<int>(sql.size()),
                              SQLITE_PREPARE_PERSISTENT, &s_, nullptr);
  if (rc != SQLITE_OK) {
    sqlite3_finalize(s_);
    s_ = nullptr;
    conn.fail(rc, "cannot prepare `" + shorten(sql) + "`");
  }
}

statement::~statement() { sqlite3_finalize(s_); }

statement::statement(statement&& other) noexcept
  : s_(std::exchange(other.s_, nullptr)), db_(other.db_) {}

statement& statement::operator=(statement&& other) noexcept {
  if (this != &other) {
    sqlite3_finalize(s_);
    s_ = std::exchange(other.s_, nullptr);
    db_ = other.db_;
  }
  return *this;
}

void statement::bind(int i, std::int64_t v) noexcept { sqlite3_bind_int64(s_, i, v); }

void statement::bind_double(int i, double v) noexcept { sqlite3_bind_double(s_, i, v); }

void statement::bind(int i, std::string_view v) noexcept {
  sqlite3_bind_text64(s_, i, v.data(), v.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
}

void statement::bind_blob(int i, byte_view v) noexcept {
  // A zero-length blob must not be bound from a null pointer (SQLite would store NULL).
  static const std::uint8_t empty = 0;
  sqlite3_bind_blob64(s_, i, v.data() ? v.data() : &empty, v.size(), SQLITE_TRANSIENT);
}

void statement::bind_null(int i) noexcept { sqlite3_bind_null(s_, i); }

void statement::bind_text_or_null(int i, std::string_view v) noexcept {
  bind_or_null(*this, i, v.empty(), [&] { bind(i, v); });
}

void statement::bind_blob_or_null(int i, byte_view v) noexcept {
  bind_or_null(*this, i, v.empty(), [&] { bind_blob(i, v); });
}

void statement::bind_int_or_null(int i, std::int64_t v) noexcept {
  bind_or_null(*this, i, v == 0, [&] { bind(i, v); });
}

void statement::bind_text_ref(int i, std::string_view v) noexcept {
  sqlite3_bind_text64(s_, i, v.data(), v.size(), SQLITE_STATIC, SQLITE_UTF8);
}

void statement::bind_text_ref_or_null(int i, std::string_view v) noexcept {
  bind_or_null(*this, i, v.empty(), [&] { bind_text_ref(i, v); });
}

void statement::bind_blob_ref_or_null(int i, byte_view v) noexcept {
  bind_or_null(*this, i, v.empty(),
               [&] { sqlite3_bind_blob64(s_, i, v.data(), v.size(), SQLITE_STATIC); });
}

bool statement::step() {
  int rc = sqlite3_step(s_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  std::string sql = sqlite3_sql(s_) ? sqlite3_sql(s_) : "";
  db_->fail(rc, "`" + shorten(sql) + "`");
}

int statement::step_rc() noexcept { return sqlite3_step(s_); }

void statement::reset() noexcept {
  sqlite3_reset(s_);
  sqlite3_clear_bindings(s_);
}

void statement::rewind() noexcept { sqlite3_reset(s_); }

bool statement::column_is_null(int c) const noexcept {
  return sqlite3_column_type(s_, c) == SQLITE_NULL;
}

std::int64_t statement::column_int64(int c) const noexcept { return sqlite3_column_int64(s_, c); }

double statement::column_double(int c) const noexcept { return sqlite3_column_double(s_, c); }

std::string_view statement::column_text(int c) const noexcept {
  auto* p = reinterpret_cast<const char*>(sqlite3_column_text(s_, c));
  if (!p) return {};
  return {p, static_cast<std::size_t>(sqlite3_column_bytes(s_, c))};
}

byte_view statement::column_blob(int c) const noexcept {
  auto* p = static_cast<const std::uint8_t*>(sqlite3_column_blob(s_, c));
  if (!p) return {};
  return {p, static_cast<std::size_t>(sqlite3_column_bytes(s_, c))};
}

bytes statement::column_bytes(int c) const {
  byte_view v = column_blob(c);
  return bytes(v.begin(), v.end());
}

// ---------------------------------------------------------------------------------------------

transaction::transaction(db& conn) : db_(conn) { db_.exec("BEGIN IMMEDIATE"); }

transaction::~transaction() {
  if (!done_) db_.exec_rc("ROLLBACK");
}

void transaction::commit() {
  db_.exec("COMMIT");
  done_ = true;
}

} // namespace ngn::storage
