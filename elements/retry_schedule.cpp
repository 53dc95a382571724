#include "elements/retry_schedule.hpp"

#include <algorithm>

namespace ngn::elements {

namespace {
constexpr retry_schedule::micros second = 1'000'000;
}

retry_schedule::retry_schedule(std::uint32_t floor_s, std::uint32_t ceiling_s)
  : floor_s_(std::max<std::uint32_t>(1, floor_s)),
    ceiling_s_(std::max(std::max<std::uint32_t>(1, floor_s), ceiling_s)) {}

void retry_schedule::roll(micros now) {
  if (window_start_ < 0) {
    window_start_ = now;
    return;
  }
  if (now - window_start_ < second) return;
  // A second (or more, when nothing was answered for a while) has passed: its rate is what the
  // element can take back; an idle gap counts as such.
  const auto elapsed = now - window_start_;
  rate_ = static_cast<double>(taken_) * second / static_cast<double>(elapsed);
  taken_ = 0;
  window_start_ = now;
}

void retry_schedule::on_taken(micros now) {
  roll(now);
  ++taken_;
}

std::uint32_t retry_schedule::next(micros now) {
  roll(now);
  const micros earliest = now + micros{floor_s_} * second;
  if (rate_ <= 0) return floor_s_; // nothing measured yet: the floor, nothing booked
  if (next_slot_ < earliest) next_slot_ = earliest; // the schedule has caught up with time
  // Booked beyond the ceiling: those clients come back at the ceiling anyway.
  next_slot_ = std::min(next_slot_, now + micros{ceiling_s_} * second);
  const micros slot = next_slot_;
  next_slot_ += static_cast<micros>(second / rate_);
  const micros ahead = slot - now;
  const auto seconds = static_cast<std::uint64_t>((ahead + second - 1) / second); // round up
  return static_cast<std::uint32_t>(
    std::clamp<std::uint64_t>(seconds, floor_s_, ceiling_s_));
}

} // namespace ngn::elements
