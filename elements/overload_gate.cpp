#include "elements/overload_gate.hpp"

#include <algorithm>
#include <functional>

namespace ngn::elements {

std::size_t overload_gate::bucket(std::string_view identity) noexcept {
  return std::hash<std::string_view>{}(identity) & (buckets - 1);
}

std::string overload_gate::reason() const {
  return "overload: waited over " + std::to_string(cfg_.max_queue_delay / ms) + " ms";
}

bool overload_gate::admits(std::string_view identity, micros waited) const noexcept {
  if (cfg_.max_queue_delay <= 0) return true;
  // RFC 6357 §4: work already refused once comes before new arrivals.
  return waited <= (returning(identity) ? 2 * cfg_.max_queue_delay : cfg_.max_queue_delay);
}

void overload_gate::taken(std::string_view identity, micros now) {
  if (!returning_.empty()) {
    auto& back = returning_[bucket(identity)];
    if (back > 0) --back;
  }
  retry_.on_taken(now);
}

std::uint32_t overload_gate::refuse(std::string_view identity, micros now) {
  if (returning_.empty()) returning_.assign(buckets, 0);
  // A bucket counts its refusals not yet come back (saturating; a collision or a client that
  // never returns only leaves some later request the priority of a returning one).
  auto& back = returning_[bucket(identity)];
  if (back < 255) ++back;
  ++refused_;
  const std::uint32_t after = retry_.next(now);
  retry_after_max_ = std::max(retry_after_max_, after);
  return after;
}

} // namespace ngn::elements
