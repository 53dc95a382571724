// Security mechanism lists in topology files: the shared rule of protocols/common/mechanism.hpp
// ("aes-gcm;q=0.9,hmac-sha256;q=0.5"; q optional, distinct; only q), as a topology value.
#pragma once

#include "topology/model.hpp"
#include "topology/syntax.hpp"

#include <string>
#include <string_view>

namespace ngn::topology {

/// The list every element offers unless its table says otherwise.
inline constexpr std::string_view default_mechanisms = "aes-gcm;q=0.9,hmac-sha256;q=0.5";

/// ngn::parse_mechanisms as a topology value (the error text names what is wrong).
value_or_error<mechanism_list> parse_mechanisms(std::string_view s);

/// "aes-gcm;q=0.9,hmac-sha256;q=0.5" (ngn::format_mechanisms).
inline std::string to_string(const mechanism_list& list) { return format_mechanisms(list); }

} // namespace ngn::topology
