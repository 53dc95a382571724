// The envelope every element-to-element message travels in, in-process and across nodes
// (DESIGN.md §3: destination element, source element, kind, payload).
#pragma once

#include "actors/common.hpp"

#include <cstdint>
#include <string>

namespace ngn::actors {

/// What the payload is: a protocol datagram (SIP/MGCP/H.248/RAS bytes) or the AuC protocol.
/// Control messages between node processes (nodes/node_report.hpp) never reach an element.
enum class envelope_kind : std::uint8_t {
  sip = 0, mgcp = 1, h248 = 2, h323 = 3, auc = 16, control = 64 };

inline envelope_kind kind_of(ngn::protocol p) noexcept {
  return static_cast<envelope_kind>(static_cast<std::uint8_t>(p));
}
inline ngn::protocol protocol_of(envelope_kind k) noexcept {
  return static_cast<ngn::protocol>(static_cast<std::uint8_t>(k) & 3);
}

struct envelope {
  element_id to = no_element;
  element_id from = no_element;
  envelope_kind kind = envelope_kind::sip;
  std::string payload;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, envelope& x) {
  return f(x.to, x.from, x.kind, x.payload);
}

/// A terminal's final outcome, reported to its group.
struct terminal_report {
  std::uint32_t index = 0;
  bool established = false;
  std::uint8_t attempts = 0;
  std::uint8_t resyncs = 0;
  std::int64_t latency = 0; ///< µs
  std::string mechanism;
  std::string reason;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, terminal_report& x) {
  return f(x.index, x.established, x.attempts, x.resyncs, x.latency, x.mechanism, x.reason);
}

} // namespace ngn::actors
