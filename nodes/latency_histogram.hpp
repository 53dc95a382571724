// A fixed-size log-linear histogram of latencies in microseconds (HdrHistogram's idea, not its
// code): values below 64 µs exactly, above in 32 linear sub-buckets per power of two (a relative
// error of at most 1/32), up to 2^41 µs. Counters are atomic so that the group actor records while
// the progress line reads; snapshots subtract and merge (across groups, later across nodes).
#pragma once

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>

namespace ngn::nodes {

inline constexpr std::size_t latency_exact = 64;  ///< values 0..63 have a bucket each
inline constexpr std::size_t latency_sub = 32;    ///< sub-buckets per power of two above
inline constexpr unsigned latency_max_msb = 40;   ///< the highest bit of the largest value kept
inline constexpr std::size_t latency_buckets =
  latency_exact + (latency_max_msb - 5) * latency_sub;  // 64 + 35·32 = 1184

using latency_counts = std::array<std::uint64_t, latency_buckets>;

/// The bucket of `v` µs (values past the range go to the last bucket).
std::size_t latency_bucket(std::uint64_t v) noexcept;
/// The smallest value of bucket `b`, and the smallest of the next one.
std::uint64_t latency_bucket_low(std::size_t b) noexcept;
std::uint64_t latency_bucket_high(std::size_t b) noexcept;

/// The `p`-th percentile (0 < p ≤ 100) of `c` in µs — the middle of its bucket — or -1 if `c` is
/// empty.
double latency_percentile(const latency_counts& c, double p) noexcept;
/// How many values `c` holds.
std::uint64_t latency_total(const latency_counts& c) noexcept;
/// `a` += `b` (merge), and `a` −= `b` where `b` is an earlier snapshot of the same histogram.
void latency_add(latency_counts& a, const latency_counts& b) noexcept;
void latency_subtract(latency_counts& a, const latency_counts& earlier) noexcept;

class latency_histogram {
public:
  void record(std::uint64_t micros) noexcept {
    counts_[latency_bucket(micros)].fetch_add(1, std::memory_order_relaxed);
  }
  latency_counts snapshot() const noexcept;

private:
  std::array<std::atomic<std::uint64_t>, latency_buckets> counts_{};
};

} // namespace ngn::nodes
