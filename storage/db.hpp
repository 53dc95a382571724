// RAII wrappers over one SQLite connection and its prepared statements (DESIGN.md §4).
//
// Error policy: opening, preparing and schema work happen at start-up and throw
// std::runtime_error naming the database path and SQLite's message. The hot path (the group-commit
// writer) uses the noexcept `*_rc` variants and reports failures itself; nothing here is called
// across threads (one connection per thread, SQLITE_OPEN_NOMUTEX).
#pragma once

#include "protocols/common/bytes.hpp"

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

struct sqlite3;      // kept out of the header: callers never see sqlite3.h
struct sqlite3_stmt;

namespace ngn::storage {

/// A database that cannot be opened, read or written (SQLite's reason, the path): `ngnemu`
/// exits 3 for it (README "Exit status"). A std::runtime_error, so older handlers still catch it.
class storage_error : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

/// One connection. Move-only; closes on destruction.
class db {
public:
  enum class open_mode { read_write_create, read_write, read_only };

  /// Opens `path` (":memory:" works). Throws storage_error("PATH: message").
  /// read_write_create creates a missing file with mode 0600 first (SQLite gives the -wal and
  /// -shm the database file's mode), and no mode that writes follows a symbolic link (issue 12
  /// item 6). read_only falls back to SQLite's immutable mode when the database cannot be read
  /// otherwise (a WAL database in a directory this user cannot write: no -shm can be created),
  /// as long as no -wal holds unmerged changes.
  explicit db(const std::string& path, open_mode mode = open_mode::read_write_create);
  ~db();
  db(db&& other) noexcept;
  db& operator=(db&& other) noexcept;
  db(const db&) = delete;
  db& operator=(const db&) = delete;

  sqlite3* handle() const noexcept { return h_; }
  const std::string& path() const noexcept { return path_; }
  bool read_only() const noexcept { return mode_ == open_mode::read_only; }

  /// Runs one or more SQL statements; throws storage_error("PATH: message (in: SQL...)").
  void exec(std::string_view sql);
  /// Like exec, without throwing: returns the SQLite result code and stores the message in `err`.
  int exec_rc(const char* sql, std::string* err = nullptr) noexcept;

  /// SQLite's message for the last failure on this connection.
  std::string errmsg() const;
  std::int64_t last_insert_rowid() const noexcept;
  /// Rows changed by the last INSERT/UPDATE/DELETE.
  int changes() const noexcept;
  /// Runs a statement returning one integer (e.g. "PRAGMA user_version"); throws on error.
  std::int64_t query_int(std::string_view sql);

  /// Throws storage_error("PATH: `what`: message") for result code `rc`.
  [[noreturn]] void fail(int rc, std::string_view what) const;

private:
  /// read_only: reopens immutable when the database cannot be read otherwise (see the ctor).
  void open_read_only_fallback();

  sqlite3* h_ = nullptr;
  std::string path_;
  open_mode mode_ = open_mode::read_write_create;
};

/// A value that statement::bind_refs binds as NULL when it is empty (text, blob) or 0 (integer).
template <class T>
struct nullable {
  T value;
};
inline nullable<std::string_view> or_null(std::string_view v) noexcept { return {v}; }
inline nullable<byte_view> or_null(byte_view v) noexcept { return {v}; }
inline nullable<std::int64_t> or_null(std::int64_t v) noexcept { return {v}; }

/// A prepared statement with typed binds (1-based indexes, as in SQLite) and columns (0-based).
class statement {
public:
  statement() noexcept = default;
  /// Prepares `sql` (persistent: meant to be cached and reused). Throws on error.
  statement(db& conn, std::string_view sql);
  ~statement();
  statement(statement&& other) noexcept;
  statement& operator=(statement&& other) noexcept;
  statement(const statement&) = delete;
  statement& operator=(const statement&) = delete;

  explicit operator bool() const noexcept { return s_ != nullptr; }

  // Binds copy their argument (SQLITE_TRANSIENT) unless noted. They do not throw: an invalid
  // index is a programming error and shows up as the result of the next step.
  void bind(int i, std::int64_t v) noexcept;
  void bind(int i, std::string_view v) noexcept;
  void bind_double(int i, double v) noexcept;
  void bind_blob(int i, byte_view v) noexcept;
  void bind_null(int i) noexcept;
  /// NULL when `v` is empty, else text.
  void bind_text_or_null(int i, std::string_view v) noexcept;
  /// NULL when `v` is empty, else a blob.
  void bind_blob_or_null(int i, byte_view v) noexcept;
  /// NULL when `v` == 0, else the integer.
  void bind_int_or_null(int i, std::int64_t v) noexcept;

  // Zero-copy binds (SQLITE_STATIC) for the hot path: the data must stay valid and unchanged
  // until the statement has been stepped; rebind before stepping again. The *_or_null ones
  // bind NULL for an empty value.
  void bind_text_ref_or_null(int i, std::string_view v) noexcept;
  void bind_text_ref(int i, std::string_view v) noexcept;
  void bind_blob_ref_or_null(int i, byte_view v) noexcept;

  /// Binds `values` to the parameters `first`, `first` + 1, ... in order, zero-copy like the
  /// binds above: an integer with bind, text with bind_text_ref, and or_null(text / blob /
  /// integer) with bind_text_ref_or_null / bind_blob_ref_or_null / bind_int_or_null.
  template <class... Values>
  void bind_refs(int first, const Values&... values) noexcept {
    int i = first;
    (bind_ref(i++, values), ...);
  }

  /// true: a row is available; false: done. Throws std::runtime_error on an error.
  bool step();
  /// The raw result code (SQLITE_ROW, SQLITE_DONE or an error); never throws.
  int step_rc() noexcept;
  /// Resets for re-execution and clears the bindings.
  void reset() noexcept;
  /// Resets for re-execution, keeping the bindings (the caller rebinds every parameter).
  void rewind() noexcept;

  bool column_is_null(int c) const noexcept;
  std::int64_t column_int64(int c) const noexcept;
  double column_double(int c) const noexcept;
  /// Valid until the next step/reset.
  std::string_view column_text(int c) const noexcept;
  /// Valid until the next step/reset.
  byte_view column_blob(int c) const noexcept;
  std::string column_string(int c) const { return std::string(column_text(c)); }
  bytes column_bytes(int c) const;

private:
  void bind_ref(int i, std::int64_t v) noexcept { bind(i, v); }
  void bind_ref(int i, std::string_view v) noexcept { bind_text_ref(i, v); }
  void bind_ref(int i, nullable<std::string_view> v) noexcept { bind_text_ref_or_null(i, v.value); }
  void bind_ref(int i, nullable<byte_view> v) noexcept { bind_blob_ref_or_null(i, v.value); }
  void bind_ref(int i, nullable<std::int64_t> v) noexcept { bind_int_or_null(i, v.value); }

  sqlite3_stmt* s_ = nullptr;
  db* db_ = nullptr;
};

/// BEGIN IMMEDIATE ... COMMIT on one connection; rolls back on destruction unless committed.
/// Start-up and CLI paths only (throws).
class transaction {
public:
  explicit transaction(db& conn);
  ~transaction();
  transaction(const transaction&) = delete;
  transaction& operator=(const transaction&) = delete;
  void commit();

private:
  db& db_;
  bool done_ = false;
};

} // namespace ngn::storage
