// The terminal state machine's two records (terminal_fsm.hpp): the registration dialogue in
// progress and the live registration with its timers. Internal to terminal_fsm.cpp and
// terminal_life.cpp.
#pragma once

#include "elements/terminal_fsm.hpp"

#include <cstdint>
#include <optional>

namespace ngn::elements {

struct terminal_fsm::pending {
  dialogue::inbound challenge;  // the last challenge answered
  dialogue::res_t res{};
  ngn::mechanism_list edge;     // the edge's list as received in the challenge
  ngn::session_id session_id;
  std::uint32_t spi = 0;        // this terminal's inbound SPI for the new registration
  std::uint32_t edge_spi = 0;   // the edge's, from the challenge
};

struct terminal_fsm::registration {
  crypto::key128 sk;
  ngn::session_id session_id;
  std::uint32_t lifetime = 0;    // s, granted
  micros expires = 0;
  micros next_refresh = 0;       // 0: never
  micros next_keepalive = 0;     // 0: none
  micros keepalive_due = 0;      // a keepalive awaits its answer until then
  std::optional<sa_pair> sas;    // none: no ESP (no sec-agree, or null)
  /// After a refresh: the previous inbound SA, until the edge uses the new ones (TS 33.203
  /// §7.4) or the previous registration's lifetime ends.
  std::optional<sa_inbound> old_in;
  micros old_in_until = 0;
};

} // namespace ngn::elements
