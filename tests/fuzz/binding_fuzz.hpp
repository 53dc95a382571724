// What tests/fuzz/binding_fuzz.cpp shares with its seed generator (binding_seeds.cpp): the
// protocol an input's first byte selects, and a hook that sees every message the harness made a
// binding produce.
#pragma once

#include "protocols/common/protocol.hpp"

#include <cstdint>
#include <string_view>

namespace ngn::fuzz {

/// The protocol whose binding decodes the rest of an input starting with `first`.
inline protocol protocol_of_byte(std::uint8_t first) noexcept {
  return all_protocols[first % all_protocols.size()];
}

/// The first byte of an input for protocol `p` (its index in all_protocols).
inline std::uint8_t byte_of_protocol(protocol p) noexcept {
  for (std::size_t i = 0; i < all_protocols.size(); ++i)
    if (all_protocols[i] == p) return static_cast<std::uint8_t>(i);
  return 0;
}

/// Called with every non-empty message a binding produced while the harness ran (answers,
/// relays, challenges, terminal messages...) after it decoded again; null while fuzzing.
using output_sink = void (*)(protocol p, std::string_view produced);
extern output_sink binding_output_sink;

} // namespace ngn::fuzz
