// The ngnemu database schema (DESIGN.md §4): tables, indexes and inspection views, documented in
// schema.cpp. One SQLite file, WAL mode, owned by the authentication center.
#pragma once

#include "storage/db.hpp"

#include <chrono>
#include <string>
#include <string_view>

namespace ngn::storage {

/// PRAGMA user_version of the schema this code writes.
constexpr int schema_version = 5;

/// The schema as SQL (CREATE ... IF NOT EXISTS only, so it can be run again).
std::string_view schema_sql() noexcept;

/// Per-connection settings: busy_timeout; for writable connections also WAL journal mode and
/// synchronous=NORMAL (a commit is durable across a process crash; an OS crash may lose the last
/// transactions but never corrupts the file). Throws std::runtime_error.
void configure(db& conn, std::chrono::milliseconds busy_timeout = std::chrono::seconds(10));

/// Creates whatever is missing (idempotent: safe on every open, and from several processes at
/// once) and sets user_version. Throws std::runtime_error naming the path if the file is not an
/// SQLite database or has a newer schema version.
void apply_schema(db& conn);

/// Opens `path`, configures the connection and applies the schema. In read_only mode the schema
/// is not changed but its version is checked (user_version must be 1..schema_version).
db open_database(const std::string& path, db::open_mode mode = db::open_mode::read_write_create);

} // namespace ngn::storage
