// The AuC's aggregation of refusals that have no AuC session of their own (issue 12 item 2): an
// unknown identity, a malformed message, a replayed or forged registration message, a request
// refused before the dialogue. The first rows_per_second of each reason in each second still
// get a session row (with every detail, for `sessions --timeline`); the others are only counted,
// per reason and second, and written as one `refusals` row per reason and second
// (storage/refusals.hpp). A flood thus adds at most (rows_per_second + 1) rows per reason and
// second to the database, whatever its rate. Pure: no I/O, the clock injected (Unix µs).
#pragma once

#include "elements/common.hpp"
#include "storage/refusals.hpp"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace ngn::elements {

class refusal_meter {
public:
  /// `rows_per_second`: session rows per reason and second before refusals are only counted.
  explicit refusal_meter(std::string auc, std::uint32_t rows_per_second = 10)
    : auc_(std::move(auc)), rows_per_second_(rows_per_second) {}

  /// A refusal of `reason_code` at `now`: true when it gets its own session row (within the
  /// second's budget), false when it was counted here instead.
  bool admit_row(std::uint32_t reason_code, micros now);
  /// Counts a refusal that admit_row() turned away; the first of its reason and second is the
  /// sample (`reason`, `source`, `identity`).
  void count(std::uint32_t reason_code, const std::string& reason, const std::string& source,
             const std::string& identity, micros now);
  /// A refusal without an AuC session: true when it gets its own session row (admit_row()),
  /// false when it was counted here instead (count()) for the refusals table.
  bool record(std::uint32_t reason_code, const std::string& reason, const std::string& source,
              const std::string& identity, micros now);
  /// The counts of the seconds that ended before `now` (all of them when `all`), to be written.
  std::vector<storage::refusal_insert> flush(micros now, bool all = false);

  std::uint64_t counted() const noexcept { return counted_; }
  std::uint64_t rows() const noexcept { return rows_; }

private:
  static micros second_of(micros t) { return t - t % 1'000'000; }
  std::string auc_;
  std::uint32_t rows_per_second_;
  micros row_second_ = -1;                       ///< the second the row budget counts
  std::map<std::uint32_t, std::uint32_t> rows_in_second_;
  /// (second, reason) → the pending count.
  std::map<std::pair<micros, std::uint32_t>, storage::refusal_insert> pending_;
  std::uint64_t counted_ = 0, rows_ = 0;
};

} // namespace ngn::elements
