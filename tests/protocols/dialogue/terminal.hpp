// Test-only: the terminal the binding tests register, t1@ngn.example at 10.1.0.1, its next hop
// 10.0.0.1, on the ports of the binding's protocol.
#pragma once

#include "protocols/dialogue/binding.hpp"

#include <cstdint>

namespace ngn::dialogue::test {

/// The terminal's view for registration attempt `serial`, offering `offered`.
inline terminal_view test_terminal(std::uint16_t local_port, std::uint16_t remote_port,
                                   const mechanism_list* offered, std::uint32_t serial = 17) {
  terminal_view t;
  t.identity = "t1@ngn.example";
  t.domain = "ngn.example";
  t.local = address{0x0a010001, local_port};
  t.remote = address{0x0a000001, remote_port};
  t.serial = serial;
  t.offered = offered;
  return t;
}

} // namespace ngn::dialogue::test
