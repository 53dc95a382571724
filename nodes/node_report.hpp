// What a node process tells the collector node of a multi-node emulation: its terminal groups'
// results and latencies, its AuCs' figures, its resource usage. A compact binary encoding of our
// own (byte_io), split so that no message exceeds the bridge's payload limit.
#pragma once

#include "nodes/emulation.hpp"
#include "protocols/common/result.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace ngn::nodes {

/// The control messages between the nodes of an emulation (envelope_kind::control payloads).
enum class control_type : std::uint8_t {
  done = 1,       ///< node → collector: its terminal groups are finished (a report part)
  quiesce = 2,    ///< collector → nodes: let soft switches and proxies drain
  quiesced = 3,   ///< node → collector
  finish = 4,     ///< collector → nodes: drain the AuCs, send the final report, stop
  final = 5,      ///< node → collector: the final report (parts), then the node stops
  latencies = 6,  ///< node → collector: a chunk of one group's latencies
};

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

/// Encodes `m`; the report's group latencies are not included (send them as `latencies`).
std::string encode(const control_message& m);
result<control_message> decode_control(std::string_view bytes);

/// A node's report as messages: one `type` message, then one `latencies` message per chunk.
std::vector<control_message> split_report(control_type type, const std::string& node,
                                          const emulation_report& r);

/// Adds a received message to the collector's view of the whole emulation.
void merge(emulation_report& whole, const control_message& m);

} // namespace ngn::nodes
