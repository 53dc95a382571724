// The message verification word of DESIGN.md §1/§2 as the terminal, the proxy and the soft
// switch compute it: one definition of the covered fields and their order.
#pragma once

#include "protocols/common/session_id.hpp"

#include "crypto/key_distribution.hpp"
#include "protocols/common/mechanism.hpp"

#include <cstdint>
#include <string_view>
#include <vector>

namespace ngn::elements {

/// HMAC-SHA256(SK, identity ‖ session id ‖ T's offered list ‖ edge's list ‖ chosen ‖ E_Kc(SK) ‖
/// terminal SPI ‖ edge SPI), truncated to 128 bits; lists in canonical RFC 3329 text
/// (ngn::format_mechanisms), the session id and the SPIs (DESIGN.md §1.2, 0 when none was
/// exchanged) as 4 big-endian bytes, each field length-prefixed
/// (crypto::message_verification_word).
block<crypto::mvw_size> compute_mvw(const crypto::key128& sk, std::string_view identity,
                                    const ngn::session_id& session_id,
                                    const ngn::mechanism_list& offered,
                                    const ngn::mechanism_list& edge, std::string_view chosen,
                                    byte_view wrapped_t, std::uint32_t terminal_spi,
                                    std::uint32_t edge_spi);

} // namespace ngn::elements
