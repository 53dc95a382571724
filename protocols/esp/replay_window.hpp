// The receiver's anti-replay window of RFC 4303 §3.4.3 (and Appendix A without extended
// sequence numbers): 64 packets, sequence numbers from 1. A packet is checked before its ICV and
// recorded only after the ICV verified, so that forged packets cannot move the window.
#pragma once

#include <cstdint>
#include <string_view>

namespace ngn::esp {

class replay_window {
public:
  // -- member types -----------------------------------------------------------

  enum class verdict : std::uint8_t {
    fresh,    ///< to the right of the window, or in it and not yet received
    zero,     ///< sequence number 0: never sent (RFC 4303 §3.3.3)
    too_old,  ///< to the left of the window
    replayed, ///< in the window and already received
  };

  // -- constants --------------------------------------------------------------

  static constexpr std::uint32_t size = 64;

  // -- observers --------------------------------------------------------------

  /// Whether a packet with sequence number `seq` may go on to its ICV check.
  verdict check(std::uint32_t seq) const noexcept {
    if (seq == 0) return verdict::zero;
    if (seq > top_) return verdict::fresh;
    const std::uint32_t behind = top_ - seq;
    if (behind >= size) return verdict::too_old;
    return (bits_ >> behind) & 1u ? verdict::replayed : verdict::fresh;
  }

  /// The highest sequence number recorded (0: none).
  std::uint32_t highest() const noexcept { return top_; }

  // -- modifiers --------------------------------------------------------------

  /// Records `seq` as received; call after check(seq) said fresh and the ICV verified. A
  /// number to the right shifts the window (a jump of 64 or more empties it); one inside marks
  /// its bit. Recording 0 or a number left of the window changes nothing.
  void record(std::uint32_t seq) noexcept {
    if (seq == 0) return;
    if (seq > top_) {
      const std::uint32_t shift = seq - top_;
      bits_ = shift >= size ? 1u : (bits_ << shift) | 1u;
      top_ = seq;
      return;
    }
    const std::uint32_t behind = top_ - seq;
    if (behind < size) bits_ |= std::uint64_t{1} << behind;
  }

private:
  std::uint32_t top_ = 0;  ///< the right edge of the window
  std::uint64_t bits_ = 0; ///< bit i: top_ - i was received
};

/// "fresh", "zero", "too old", "replayed".
constexpr std::string_view to_string(replay_window::verdict v) noexcept {
  switch (v) {
    case replay_window::verdict::fresh: return "fresh";
    case replay_window::verdict::zero: return "zero";
    case replay_window::verdict::too_old: return "too old";
    case replay_window::verdict::replayed: return "replayed";
  }
  return "unknown";
}

} // namespace ngn::esp
