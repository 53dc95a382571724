#include "nodes/clock_offset.hpp"

namespace ngn::nodes {

std::optional<clock_estimate> evaluate(const clock_sample& s) noexcept {
  const std::int64_t rtt = (s.t3 - s.t0) - (s.t2 - s.t1);
  if (rtt < 0) return std::nullopt;
  // ((t1 − t0) + (t2 − t3)) / 2, rounded toward zero.
  return clock_estimate{((s.t1 - s.t0) + (s.t2 - s.t3)) / 2, rtt};
}

bool clock_estimator::add(const clock_sample& s) noexcept {
  const auto e = evaluate(s);
  if (!e) return false;
  ++samples_;
  if (!best_ || e->rtt_us < best_->rtt_us) best_ = e;
  return true;
}

} // namespace ngn::nodes
