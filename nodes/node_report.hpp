// What a node process tells the collector node of a multi-node emulation: its terminal groups'
// results and latency histograms, its AuCs' and elements' figures, its resource usage, its
// per-second series. A compact binary encoding of our own (byte_io), split so that no message
// exceeds the bridge's payload limit: a head (`done`/`final`), then `latencies` parts, each either
// one group's latency histogram (sparse: only the non-empty buckets) or a chunk of the series.
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
  emulation_report report;   ///< done / final: groups (without histograms or series), AuCs, usage
  /// latencies: one group's histogram (`group` names it), or (`group` empty) a chunk of the
  /// node's per-second series in `series`.
  std::string group;
  latency_counts latency{};
  std::vector<series_point> series;
};

/// Series points per message (≤ 140 bytes each), well under the bridge's 64 KiB payload limit.
/// A histogram part is at most 1184 × 10 bytes.
constexpr std::size_t series_per_message = 256;

/// What the lifecycle reads of `m`.
control_header header_of(const control_message& m);

/// Encodes `m`; the report's group histograms and series are not in the head (split_report sends
/// them as `latencies` parts).
std::string encode(const control_message& m);
result<control_message> decode_control(std::string_view bytes);

/// A node's report as messages: one `type` message, then a `latencies` message per group with
/// latencies and one per chunk of the series.
std::vector<control_message> split_report(control_type type, const std::string& node,
                                          const emulation_report& r);

/// Adds a received message to the collector's view of the whole emulation.
void merge(emulation_report& whole, const control_message& m);

} // namespace ngn::nodes
