// Vocabulary shared by the element state machines: element addressing, time, randomness.
// No CAF here: the state machines are pure (events in, actions out; clock and randomness
// injected) and are tested without an actor system.
#pragma once

#include "protocols/common/clock.hpp"
#include "protocols/dialogue/content.hpp"

#include <cstdint>
#include <string>

namespace ngn::actors {

/// Every element (terminal, proxy, soft switch, AuC) has a numeric address, unique in an
/// emulation; nodes route envelopes by it (DESIGN.md §3 "addressing by element name": the name
/// table of the topology maps names to ids).
using element_id = std::uint64_t;
constexpr element_id no_element = 0;

/// Terminal ids: (group + 1) << 32 | index; infrastructure elements are below 2^32.
constexpr element_id terminal_id(std::uint32_t group, std::uint32_t index) noexcept {
  return (element_id{group} + 1) << 32 | index;
}
constexpr bool is_terminal(element_id id) noexcept { return id >> 32 != 0; }

/// Injected randomness (crypto::random_bytes in production, a seeded sequence in tests).
class random_source {
public:
  virtual ~random_source() = default;
  virtual void fill(std::uint8_t* out, std::size_t n) = 0;
  std::uint32_t next_u32() {
    std::uint8_t b[4];
    fill(b, 4);
    return (std::uint32_t{b[0]} << 24) | (std::uint32_t{b[1]} << 16) | (std::uint32_t{b[2]} << 8)
           | b[3];
  }
};

/// A protocol datagram for another element: what every T/SP/SS hop carries (DESIGN.md §3:
/// "messages are wire bytes").
struct datagram {
  element_id to = no_element;
  ngn::protocol proto = ngn::protocol::sip;
  std::string bytes;
};

} // namespace ngn::actors
