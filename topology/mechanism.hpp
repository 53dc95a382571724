// Security mechanism lists with priorities, RFC 3329 style: "aes-gcm;q=0.9,hmac-sha256;q=0.5".
#pragma once

#include "topology/model.hpp"
#include "topology/syntax.hpp"

#include <string>
#include <string_view>

namespace ngn::topology {

/// At most this many mechanisms per list.
inline constexpr std::size_t max_mechanisms = 16;

/// The list every element offers unless its table says otherwise.
inline constexpr std::string_view default_mechanisms = "aes-gcm;q=0.9,hmac-sha256;q=0.5";

/// Parses `name;q=value{,name;q=value}`. Spaces around ',' ';' '=' are allowed.
/// - name: an RFC 3261 token (§25.1), 1..32 characters, distinct (case-insensitive);
/// - q: required, an RFC 3261 qvalue (§20.10): 0..1 with at most 3 decimals; distinct;
/// - no other parameters; 1..max_mechanisms entries.
/// The list keeps the written order.
value_or_error<mechanism_list> parse_mechanisms(std::string_view s);

/// "aes-gcm;q=0.9,hmac-sha256;q=0.5" (q as the shortest qvalue: 1, 0.5, 0.25, 0.125, 0).
std::string to_string(const mechanism_list& list);

/// "0.9" for 900, "1" for 1000, "0" for 0.
std::string format_qvalue(std::uint16_t q);

} // namespace ngn::topology
