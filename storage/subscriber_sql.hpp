// Internal to storage/: the SQL shared by subscriber_store.cpp and subscriber_csv.cpp.
#pragma once

#include "storage/db.hpp"
#include "storage/records.hpp"

#include <cstdint>
#include <string_view>

namespace ngn::storage::detail {

constexpr std::uint64_t sqn_max = (std::uint64_t{1} << 48) - 1; // TS 33.102: SQN is 48 bits

constexpr std::string_view select_subscriber_sql =
  "SELECT identity, protocol, k, op, opc, amf, sqn, flags FROM subscribers";

/// ?1 identity ?2 protocol ?3 k ?4 op ?5 opc ?6 amf ?7 sqn ?8 flags ?9 created_at. The SQN never
/// decreases (DESIGN.md §2: no SQN reuse).
constexpr std::string_view upsert_subscriber_sql =
  "INSERT INTO subscribers (identity, protocol, k, op, opc, amf, sqn, flags, created_at) "
  "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) "
  "ON CONFLICT (identity) DO UPDATE SET protocol = excluded.protocol, k = excluded.k, "
  "op = excluded.op, opc = excluded.opc, amf = excluded.amf, "
  "sqn = max(sqn, excluded.sqn), flags = excluded.flags";

/// Same parameters as upsert_subscriber_sql; an existing identity is left untouched.
constexpr std::string_view insert_new_subscriber_sql =
  "INSERT INTO subscribers (identity, protocol, k, op, opc, amf, sqn, flags, created_at) "
  "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) ON CONFLICT (identity) DO NOTHING";

/// A row of select_subscriber_sql; throws std::runtime_error naming `conn` on a malformed row.
subscriber read_subscriber(const statement& st, const db& conn);

/// Binds ?1..?9 of upsert_subscriber_sql.
void bind_subscriber(statement& st, const subscriber& s, std::int64_t created_at) noexcept;

/// Wall clock, Unix time in microseconds.
std::int64_t now_unix_us() noexcept;

} // namespace ngn::storage::detail
