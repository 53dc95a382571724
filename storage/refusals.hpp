// The `refusals` table (schema 5): refusals that are not worth a session row each — unknown
// identities, malformed or replayed messages, refusals without an AuC session — counted per
// reason and one-second interval by the AuC (elements/refusal_meter.hpp) and written once per
// interval, so that a flood grows the database by at most one row per reason and second instead
// of one per datagram. Each row keeps one sample: the identity and the element that met it.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ngn::storage {

class db;

/// One interval's count of one reason (a write_op of the AuC's writer).
struct refusal_insert {
  std::int64_t interval_start = 0; ///< Unix µs, start of the one-second interval
  std::string auc;                 ///< the AuC that counted them
  std::uint32_t reason_code = 0;   ///< reasons.code (elements/reasons.hpp)
  std::string reason;              ///< the catalogue text, or the first refusal's full reason
  std::uint64_t count = 0;
  std::string sample_source;       ///< the element that detected the first one (or its node)
  std::string sample_identity;     ///< the identity the first one named ("" when none)
};

/// CREATE TABLE IF NOT EXISTS refusals … and its index (schema version 4 → 5 adds them).
std::string_view refusals_ddl() noexcept;

/// The writer's statement for a refusal_insert (?1 run, ?2 … ?8 the fields in order).
std::string_view refusal_insert_sql() noexcept;

/// Refusals of a run (`run` = runs.id; 0: every row) counted per reason: (reason, count).
/// Empty when the database predates schema 5 (no table).
struct refusal_total {
  std::string reason;
  std::uint32_t reason_code = 0;
  std::uint64_t count = 0;
  std::uint64_t intervals = 0;
};
std::vector<refusal_total> refusal_totals(db& conn, std::int64_t run);

} // namespace ngn::storage
