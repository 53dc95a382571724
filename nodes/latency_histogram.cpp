#include "nodes/latency_histogram.hpp"

namespace ngn::nodes {

std::size_t latency_bucket(std::uint64_t v) noexcept {
  if (v < latency_exact) return static_cast<std::size_t>(v);
  const unsigned msb = 63u - static_cast<unsigned>(__builtin_clzll(v)); // ≥ 6
  if (msb > latency_max_msb) return latency_buckets - 1;
  const unsigned shift = msb - 5;                          // keeps 6 bits: 32..63
  const auto sub = static_cast<std::size_t>(v >> shift) - latency_sub;
  return latency_exact + (msb - 6) * latency_sub + sub;
}

std::uint64_t latency_bucket_low(std::size_t b) noexcept {
  if (b < latency_exact) return b;
  const std::size_t k = b - latency_exact;
  const unsigned msb = 6 + static_cast<unsigned>(k / latency_sub);
  return static_cast<std::uint64_t>(latency_sub + k % latency_sub) << (msb - 5);
}

std::uint64_t latency_bucket_high(std::size_t b) noexcept {
  if (b + 1 < latency_buckets) return latency_bucket_low(b + 1);
  return std::uint64_t{1} << (latency_max_msb + 1);
}

std::uint64_t latency_total(const latency_counts& c) noexcept {
  std::uint64_t n = 0;
  for (auto x : c) n += x;
  return n;
}

double latency_percentile(const latency_counts& c, double p) noexcept {
  const std::uint64_t n = latency_total(c);
  if (n == 0) return -1;
  // The nearest-rank method: the smallest value with at least p % of the values at or below it.
  auto rank = static_cast<std::uint64_t>(p / 100.0 * static_cast<double>(n) + 0.999999);
  if (rank < 1) rank = 1;
  if (rank > n) rank = n;
  std::uint64_t seen = 0;
  for (std::size_t b = 0; b < c.size(); ++b) {
    seen += c[b];
    if (seen >= rank) {
      if (b < latency_exact) return static_cast<double>(b);
      return (static_cast<double>(latency_bucket_low(b)) + static_cast<double>(latency_bucket_high(b))) / 2;
    }
  }
  return static_cast<double>(latency_bucket_low(c.size() - 1));
}

void latency_add(latency_counts& a, const latency_counts& b) noexcept {
  for (std::size_t i = 0; i < a.size(); ++i) a[i] += b[i];
}

void latency_subtract(latency_counts& a, const latency_counts& earlier) noexcept {
  for (std::size_t i = 0; i < a.size(); ++i) a[i] = a[i] >= earlier[i] ? a[i] - earlier[i] : 0;
}

latency_counts latency_histogram::snapshot() const noexcept {
  latency_counts c{};
  for (std::size_t i = 0; i < c.size(); ++i) c[i] = counts_[i].load(std::memory_order_relaxed);
  return c;
}

} // namespace ngn::nodes
