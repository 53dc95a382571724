// Time in the shared vocabulary: Unix time in microseconds, the unit of every timestamp the
// elements persist and of their deadlines (state machines get it passed in, never read a clock).
#pragma once

#include <chrono>
#include <cstdint>

namespace ngn {

using micros = std::int64_t;
inline constexpr micros ms = 1000;
inline constexpr micros seconds = 1000 * ms;

/// The system clock as Unix microseconds (shells and drivers only; state machines take `now`).
inline micros unix_micros() noexcept {
  return std::chrono::duration_cast<std::chrono::microseconds>(
           std::chrono::system_clock::now().time_since_epoch())
    .count();
}

/// A std::chrono duration in microseconds.
template <class Rep, class Period>
constexpr micros to_micros(std::chrono::duration<Rep, Period> d) noexcept {
  return std::chrono::duration_cast<std::chrono::microseconds>(d).count();
}

} // namespace ngn
