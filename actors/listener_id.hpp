// Element ids of external clients (real SIP user agents reaching a proxy or soft switch through
// a UDP listener, nodes/udp_listener.hpp). The elements treat such a client like a terminal: it
// is the `from` of the datagrams it sent and the `to` of the answers, and the router hands
// envelopes addressed to it to the listener that received it.
//
// Layout (64 bits):  0xFF | listener index (8 bits) | IPv4 address (32 bits) | UDP port (16 bits)
//
// Terminal ids are (group + 1) << 32 | index (actors/common.hpp); they would need more than
// 0xFEFFFFFF terminal groups (a topology holds a vector of them) to reach the top byte 0xFF, so
// the two ranges never meet. Infrastructure elements are below 2^32.
#pragma once

#include "elements/common.hpp"

#include <cstdint>

namespace ngn::actors {

using elements::element_id;
using elements::terminal_id;

/// Listeners per process that client ids can tell apart.
constexpr std::uint32_t max_listeners = 256;

/// The id of the client at `ipv4`:`port` (host byte order) of listener `listener`.
constexpr element_id listener_client_id(std::uint32_t listener, std::uint32_t ipv4,
                                        std::uint16_t port) noexcept {
  return element_id{0xFF} << 56 | element_id{listener & 0xFFu} << 48 | element_id{ipv4} << 16
         | port;
}

constexpr bool is_listener_client(element_id id) noexcept { return id >> 56 == 0xFF; }
constexpr std::uint32_t listener_of(element_id id) noexcept {
  return static_cast<std::uint32_t>(id >> 48 & 0xFFu);
}
constexpr std::uint32_t client_ipv4(element_id id) noexcept {
  return static_cast<std::uint32_t>(id >> 16 & 0xFFFFFFFFu);
}
constexpr std::uint16_t client_port(element_id id) noexcept {
  return static_cast<std::uint16_t>(id & 0xFFFFu);
}

static_assert(is_listener_client(listener_client_id(3, 0x7f000001u, 5060)));
static_assert(listener_of(listener_client_id(3, 0x7f000001u, 5060)) == 3);
static_assert(client_ipv4(listener_client_id(3, 0x7f000001u, 5060)) == 0x7f000001u);
static_assert(client_port(listener_client_id(3, 0x7f000001u, 5060)) == 5060);
static_assert(!is_listener_client(terminal_id(0xFEFFFFFEu, 0xFFFFFFFFu)));

} // namespace ngn::actors
