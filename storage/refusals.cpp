#include "storage/refusals.hpp"

#include "storage/db.hpp"
#include "storage/writer_batch.hpp"

namespace ngn::storage {

namespace {

// Every column (storage/schema.cpp documents the others' the same way):
//   id               row id
//   run              runs.id of the run that counted them (NULL outside a run)
//   interval_start   Unix µs, start of the one-second interval the count covers
//   auc              the AuC that counted them
//   reason_code      reasons.code of the refusal
//   reason           its text (the catalogue's, or the first refusal's full reason)
//   count            refusals of that reason in that interval that got no session row
//   sample_source    the element (or the terminal) that detected the first of them
//   sample_identity  the identity the first of them named (empty: none)
constexpr std::string_view ddl = R"sql(
CREATE TABLE IF NOT EXISTS refusals (
  id               INTEGER PRIMARY KEY,
  run              INTEGER REFERENCES runs (id),
  interval_start   INTEGER NOT NULL,
  auc              TEXT NOT NULL,
  reason_code      INTEGER,
  reason           TEXT NOT NULL,
  count            INTEGER NOT NULL CHECK (count > 0),
  sample_source    TEXT,
  sample_identity  TEXT
);
CREATE INDEX IF NOT EXISTS refusals_run ON refusals (run, reason_code);
)sql";

} // namespace

std::string_view refusals_ddl() noexcept { return ddl; }

std::string_view refusal_insert_sql() noexcept {
  return "INSERT INTO refusals (run, interval_start, auc, reason_code, reason, count, "
         "sample_source, sample_identity) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";
}

std::vector<refusal_total> refusal_totals(db& conn, std::int64_t run) {
  std::vector<refusal_total> out;
  if (conn.query_int("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = "
                     "'refusals'") == 0)
    return out;
  statement st(conn, "SELECT reason, coalesce(reason_code, 0), sum(count), count(*) FROM refusals "
                     "WHERE ?1 = 0 OR run = ?1 GROUP BY reason, reason_code ORDER BY 3 DESC");
  st.bind(1, run);
  while (st.step()) {
    refusal_total t;
    t.reason = st.column_string(0);
    t.reason_code = static_cast<std::uint32_t>(st.column_int64(1));
    t.count = static_cast<std::uint64_t>(st.column_int64(2));
    t.intervals = static_cast<std::uint64_t>(st.column_int64(3));
    out.push_back(std::move(t));
  }
  return out;
}

namespace detail {

batch_runner::status batch_runner::apply(const refusal_insert& o, std::string& why) noexcept {
  insert_refusal_.bind_refs(1, or_null(run_), o.interval_start, std::string_view{o.auc},
                            or_null(std::int64_t{o.reason_code}), std::string_view{o.reason},
                            static_cast<std::int64_t>(o.count), or_null(o.sample_source),
                            or_null(o.sample_identity));
  return finish(insert_refusal_, why);
}

} // namespace detail

} // namespace ngn::storage
