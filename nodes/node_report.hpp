// What a node process tells the collector node of a multi-node emulation: its terminal groups'
// results and latencies, its AuCs' figures, its resource usage. A compact binary encoding of our
// own (byte_io), split so that no message exceeds the bridge's payload limit.
#pragma once

#include "nodes/emulation.hpp"
#include "nodes/lifecycle.hpp"
#include "protocols/common/result.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace ngn::nodes {

/// A control message (lifecycle.hpp says what each type means) with its report, if any.
struct control_message {
  control_type type = control_type::done;
  std::string node;      ///< sender
  std::uint16_t part = 0, parts = 1;
  emulation_report report;   ///< done / final: groups (without latencies), AuCs, usage
  std::string group;         ///< latencies: which group
  std::vector<std::int64_t> latencies;
};

/// Latencies per message (µs, 4 bytes each), well under the bridge's 64 KiB payload limit.
constexpr std::size_t latencies_per_message = 8000;

/// What the lifecycle reads of `m`.
control_header header_of(const control_message& m);

/// Encodes `m`; the report's group latencies are not included (send them as `latencies`).
std::string encode(const control_message& m);
result<control_message> decode_control(std::string_view bytes);

/// A node's report as messages: one `type` message, then one `latencies` message per chunk.
std::vector<control_message> split_report(control_type type, const std::string& node,
                                          const emulation_report& r);

/// Adds a received message to the collector's view of the whole emulation.
void merge(emulation_report& whole, const control_message& m);

} // namespace ngn::nodes
