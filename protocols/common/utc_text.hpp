// Unix times as the user reads them: ISO 8601 in UTC (sessions, runs, reports, timelines).
#pragma once

#include <cstdint>
#include <string>

namespace ngn {

enum class utc_style {
  seconds,       ///< 2026-12-06T09:32:16Z
  millis,        ///< 2026-12-06T09:32:16.827Z
  micros,        ///< 2026-12-06T09:32:16.827726Z
  time_micros,   ///< 09:32:16.827726 (the time of day only)
};

/// `us` (Unix µs, ≥ 0) in `style`; `none` for 0 or a negative time (not known).
std::string utc_text(std::int64_t us, utc_style style, const char* none = "");

} // namespace ngn
