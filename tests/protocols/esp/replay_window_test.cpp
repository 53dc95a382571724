// The 64-packet anti-replay window of RFC 4303 §3.4.3 / Appendix A: sequence numbers from 1,
// 0 and too-old numbers rejected, duplicates detected, out-of-order arrival within 64 accepted,
// jumps shifting the window, the top of the 32-bit range, and a long randomised run against a
// reference model.
#include "protocols/esp/replay_window.hpp"

#include <boost/test/unit_test.hpp>

#include <cstdint>
#include <algorithm>
#include <random>
#include <set>
#include <utility>
#include <vector>

using namespace ngn::esp;
using verdict = replay_window::verdict;

namespace {

/// check, and record when fresh (as a receiver does once the ICV verified).
verdict receive(replay_window& w, std::uint32_t seq) {
  const verdict v = w.check(seq);
  if (v == verdict::fresh) w.record(seq);
  return v;
}

} // namespace

BOOST_AUTO_TEST_SUITE(esp_replay_window)

BOOST_AUTO_TEST_CASE(a_new_window_accepts_1_and_rejects_0) {
  replay_window w;
  BOOST_TEST(w.highest() == 0u);
  BOOST_TEST((w.check(0) == verdict::zero));
  BOOST_TEST((w.check(1) == verdict::fresh));
  BOOST_TEST((w.check(64) == verdict::fresh));
  BOOST_TEST((w.check(0xffffffffu) == verdict::fresh));
}

BOOST_AUTO_TEST_CASE(zero_is_rejected_whatever_the_window) {
  replay_window w;
  for (std::uint32_t s : {1u, 2u, 70u, 1000u}) {
    w.record(s);
    BOOST_TEST((w.check(0) == verdict::zero));
  }
  w.record(0); // no effect
  BOOST_TEST(w.highest() == 1000u);
  BOOST_TEST((w.check(0) == verdict::zero));
}

BOOST_AUTO_TEST_CASE(in_order_packets_are_fresh_once) {
  replay_window w;
  for (std::uint32_t s = 1; s <= 300; ++s) {
    BOOST_TEST((receive(w, s) == verdict::fresh), s);
    BOOST_TEST((w.check(s) == verdict::replayed), s);
    BOOST_TEST(w.highest() == s);
  }
  // The last 64 are remembered; the one before them is too old.
  for (std::uint32_t s = 237; s <= 300; ++s) BOOST_TEST((w.check(s) == verdict::replayed), s);
  BOOST_TEST((w.check(236) == verdict::too_old));
  BOOST_TEST((w.check(1) == verdict::too_old));
}

BOOST_AUTO_TEST_CASE(check_alone_never_moves_the_window) {
  // A forged packet with a high sequence number is checked, fails its ICV, is not recorded.
  replay_window w;
  receive(w, 10);
  BOOST_TEST((w.check(1'000'000) == verdict::fresh));
  BOOST_TEST(w.highest() == 10u);
  BOOST_TEST((w.check(9) == verdict::fresh));
  BOOST_TEST((w.check(10) == verdict::replayed));
}

BOOST_AUTO_TEST_CASE(out_of_order_within_64_is_accepted_once) {
  replay_window w;
  BOOST_TEST((receive(w, 64) == verdict::fresh));
  // 63 down to 1 arrive late: all inside the window (64 - 1 = 63 behind).
  for (std::uint32_t s = 63; s >= 1; --s) BOOST_TEST((receive(w, s) == verdict::fresh), s);
  for (std::uint32_t s = 1; s <= 64; ++s) BOOST_TEST((w.check(s) == verdict::replayed), s);
  BOOST_TEST(w.highest() == 64u);
}

BOOST_AUTO_TEST_CASE(the_window_edge_is_63_behind_the_highest) {
  replay_window w;
  receive(w, 100);
  BOOST_TEST((w.check(37) == verdict::fresh));   // 63 behind: the left edge
  BOOST_TEST((w.check(36) == verdict::too_old)); // 64 behind
  BOOST_TEST((w.check(99) == verdict::fresh));
  BOOST_TEST((receive(w, 37) == verdict::fresh));
  BOOST_TEST((w.check(37) == verdict::replayed));
  // Recording a too-old number changes nothing.
  w.record(36);
  BOOST_TEST((w.check(36) == verdict::too_old));
  BOOST_TEST(w.highest() == 100u);
}

BOOST_AUTO_TEST_CASE(gaps_stay_open_until_they_fall_out) {
  replay_window w;
  for (std::uint32_t s : {1u, 3u, 5u, 7u}) receive(w, s);
  for (std::uint32_t s : {2u, 4u, 6u}) BOOST_TEST((w.check(s) == verdict::fresh), s);
  for (std::uint32_t s : {1u, 3u, 5u, 7u}) BOOST_TEST((w.check(s) == verdict::replayed), s);
  receive(w, 69); // 2 is now 67 behind, 6 is 63 behind
  BOOST_TEST((w.check(2) == verdict::too_old));
  BOOST_TEST((w.check(5) == verdict::too_old));
  BOOST_TEST((w.check(6) == verdict::fresh));
  BOOST_TEST((w.check(7) == verdict::replayed));
}

BOOST_AUTO_TEST_CASE(a_shift_by_63_keeps_the_old_top_and_by_64_drops_it) {
  replay_window w;
  receive(w, 100);
  receive(w, 163); // shift 63
  BOOST_TEST((w.check(100) == verdict::replayed));
  receive(w, 164); // shift 1: 100 is 64 behind
  BOOST_TEST((w.check(100) == verdict::too_old));
  BOOST_TEST((w.check(101) == verdict::fresh));

  replay_window v;
  for (std::uint32_t s = 1; s <= 10; ++s) receive(v, s);
  receive(v, 74); // shift 64: exactly out of the 64-bit map (no undefined shift)
  BOOST_TEST((v.check(10) == verdict::too_old));
  BOOST_TEST((v.check(11) == verdict::fresh));
  BOOST_TEST((v.check(73) == verdict::fresh));
  BOOST_TEST((v.check(74) == verdict::replayed));
}

BOOST_AUTO_TEST_CASE(a_large_jump_empties_the_window) {
  replay_window w;
  for (std::uint32_t s = 1; s <= 64; ++s) receive(w, s);
  receive(w, 1'000'000);
  BOOST_TEST(w.highest() == 1'000'000u);
  BOOST_TEST((w.check(1'000'000) == verdict::replayed));
  for (std::uint32_t s = 1'000'000 - 63; s < 1'000'000; ++s)
    BOOST_TEST((w.check(s) == verdict::fresh), s);
  BOOST_TEST((w.check(1'000'000 - 64) == verdict::too_old));
  BOOST_TEST((w.check(64) == verdict::too_old));
}

BOOST_AUTO_TEST_CASE(the_top_of_the_32_bit_range_does_not_overflow) {
  replay_window w;
  const std::uint32_t max = 0xffffffffu;
  BOOST_TEST((receive(w, max - 1) == verdict::fresh));
  BOOST_TEST((receive(w, max) == verdict::fresh));
  BOOST_TEST((w.check(max) == verdict::replayed));
  BOOST_TEST((w.check(max - 1) == verdict::replayed));
  BOOST_TEST((w.check(max - 63) == verdict::fresh));
  BOOST_TEST((w.check(max - 64) == verdict::too_old));
  BOOST_TEST((w.check(1) == verdict::too_old));
  BOOST_TEST((w.check(0) == verdict::zero));
  // The window does not wrap to small numbers: the SA must be replaced before that.
  BOOST_TEST(w.highest() == max);
  // A first packet at the very top.
  replay_window v;
  BOOST_TEST((receive(v, max) == verdict::fresh));
  BOOST_TEST((v.check(max - 63) == verdict::fresh));
  BOOST_TEST((v.check(max - 64) == verdict::too_old));
}

BOOST_AUTO_TEST_CASE(the_bitmap_wraps_round_many_times_like_a_reference_model) {
  // A sender's packets 1..20000, reordered by up to 80 positions, some duplicated and some
  // lost, against the definition: fresh iff not received before and more than (highest - 64).
  std::mt19937 rng(20240917);
  std::vector<std::uint32_t> arrivals;
  for (std::uint32_t s = 1; s <= 20000; ++s) {
    if (rng() % 50 == 0) continue; // lost
    arrivals.push_back(s);
    if (rng() % 20 == 0) arrivals.push_back(s); // duplicated
  }
  // Each packet is late by up to 79 positions: sort by position + delay.
  std::vector<std::pair<std::size_t, std::uint32_t>> keyed;
  for (std::size_t i = 0; i < arrivals.size(); ++i) keyed.emplace_back(i + rng() % 80, arrivals[i]);
  std::stable_sort(keyed.begin(), keyed.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  for (std::size_t i = 0; i < keyed.size(); ++i) arrivals[i] = keyed[i].second;
  replay_window w;
  std::set<std::uint32_t> received;
  std::uint32_t highest = 0;
  std::size_t counts[4] = {};
  for (std::uint32_t s : arrivals) {
    verdict expected = verdict::fresh;
    if (highest >= 64 && s <= highest - 64) expected = verdict::too_old;
    else if (received.count(s)) expected = verdict::replayed;
    const verdict v = receive(w, s);
    BOOST_TEST_REQUIRE((v == expected), "seq " << s << ": " << to_string(v) << ", expected "
                                                << to_string(expected));
    ++counts[static_cast<int>(v)];
    if (v == verdict::fresh) {
      received.insert(s);
      if (s > highest) highest = s;
    }
    BOOST_TEST_REQUIRE(w.highest() == highest);
  }
  // Every kind happened.
  BOOST_TEST(counts[static_cast<int>(verdict::fresh)] > 18000u);
  BOOST_TEST(counts[static_cast<int>(verdict::replayed)] > 0u);
  BOOST_TEST(counts[static_cast<int>(verdict::too_old)] > 0u);
}

BOOST_AUTO_TEST_CASE(verdicts_have_names) {
  BOOST_TEST(to_string(verdict::fresh) == "fresh");
  BOOST_TEST(to_string(verdict::zero) == "zero");
  BOOST_TEST(to_string(verdict::too_old) == "too old");
  BOOST_TEST(to_string(verdict::replayed) == "replayed");
}

BOOST_AUTO_TEST_SUITE_END()
