// The protocols that carry the registration dialogue (DESIGN.md §1.1), and all that the rest of
// the tree knows about them: a name (topology files, the command line, the database), a title
// and the default UDP ports. Nothing outside protocols/ switches on a protocol: adding one means
// a row in protocol.cpp, its codec and its binding (protocols/dialogue/registry.cpp).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>

namespace ngn {

enum class protocol : std::uint8_t { sip, mgcp, h248, h323 };

inline constexpr std::size_t protocol_count = 4;
inline constexpr std::array<protocol, protocol_count> all_protocols{
  protocol::sip, protocol::mgcp, protocol::h248, protocol::h323};

struct protocol_info {
  protocol id;
  std::string_view name;        ///< "sip", "mgcp", "h248", "h323"
  std::string_view title;       ///< "SIP", "MGCP", "H.248", "H.323 RAS"
  std::uint16_t terminal_port;  ///< a terminal's UDP port (MGCP: the gateway's 2427)
  std::uint16_t server_port;    ///< a proxy's / soft switch's (MGCP: the call agent's 2727)
};

const protocol_info& info(protocol p) noexcept;
inline std::string_view to_string(protocol p) noexcept { return info(p).name; }
/// The protocol called `name` (exactly one of the names above); nullopt for anything else.
std::optional<protocol> parse_protocol(std::string_view name) noexcept;
/// Prints the name (logs, test diagnostics).
std::ostream& operator<<(std::ostream& os, protocol p);
/// "sip|mgcp|h248|h323" with `separator` between the names (help texts, error messages).
std::string protocol_names(std::string_view separator = "|");

} // namespace ngn
