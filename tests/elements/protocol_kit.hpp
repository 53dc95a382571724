// The scenario suite's protocol list: what the suite must know of each protocol to run every
// case once for all of them — a datagram the protocol cannot decode (answered with its own
// error), and how it numbers its refusals. Tampering works on any protocol's bytes (a value is
// replaced wherever it is carried: raw, hex or as text), so it needs no entry here. Adding a
// protocol adds a row in protocol_kit.cpp.
#pragma once

#include "protocols/common/bytes.hpp"
#include "protocols/common/protocol.hpp"
#include "protocols/dialogue/content.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace ngn::test {

struct protocol_kit {
  protocol proto;
  /// A registration request the binding cannot decode but answers with the protocol's own error.
  std::string malformed_request;
  /// The protocol's number for a refusal with neutral code `c` (SIP status, MGCP X-RSLT, H.248
  /// error code, RAS result), as the binding puts it on the wire.
  unsigned (*wire_code)(dialogue::code c);
  /// The refusal number a datagram of this protocol carries (a rejection or error answer), if any.
  std::optional<unsigned> (*refusal_of)(std::string_view datagram);
};

const protocol_kit& kit(protocol p);

/// Replaces `from` by `to` (same length) wherever `wire` carries it: as raw bytes, as lower- or
/// upper-case hex. Returns how many places changed.
std::size_t replace_value(std::string& wire, byte_view from, byte_view to);

/// Renames a mechanism wherever `wire` names it (the name as text, same length).
std::size_t rename_mechanism(std::string& wire, std::string_view from, std::string_view to);

/// `b` with its first byte's low bit flipped.
bytes flipped(byte_view b);

} // namespace ngn::test
