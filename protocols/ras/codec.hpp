// H.225.0 RAS codec: RasMessage in ALIGNED PER (ITU-T X.691 aligned variant), as sent on UDP 1719.
#pragma once

#include "protocols/common/result.hpp"
#include "protocols/ras/message.hpp"
#include "protocols/ras/per.hpp"

#include <cstddef>
#include <cstdint>
#include <vector>

namespace ngn::ras {

/// Decodes one RasMessage. Errors: incomplete (input ends early), malformed (violates the ASN.1 or
/// X.691), unsupported (another RasMessage alternative, a SIGNED{} token or a root alternative this
/// model does not name), limit_exceeded (see `limits`, and X.691 fragmentation). Never reads
/// outside [data, data + size). Trailing octets after the message are ignored.
[[nodiscard]] result<ras_message> decode(const std::uint8_t* data, std::size_t size);

inline result<ras_message> decode(const std::vector<std::uint8_t>& octets) {
  return decode(octets.data(), octets.size());
}

/// Encodes `msg` in canonical ALIGNED PER. errc::invalid_model if a value violates its ASN.1
/// constraint (requestSeqNum 0, string too long, OID with fewer than two arcs, misordered or
/// clashing unknown extensions ...), errc::limit_exceeded if a length would need fragmentation.
[[nodiscard]] result<std::vector<std::uint8_t>> encode(const ras_message& msg);

} // namespace ngn::ras
