// Reading a JSON run report back (README "Run report"): the inverse of run_report_json, so that
// `ngnemu report` rebuilds the end-of-run summary from the report stored with the run, and the
// node-scope reports of a multi-node run (one per AuC node's database) merge into the whole
// emulation's. parse(run_report_json(r)) gives back every figure run_report_json writes.
#pragma once

#include "nodes/emulation.hpp"
#include "protocols/common/result.hpp"

#include <string_view>
#include <vector>

namespace ngn::nodes {

/// The report in `json_text`, or why it is not one this version reads (not JSON, a missing field
/// or one of the wrong type — named by its path, e.g. `groups[2].life.esp_sent` —, a histogram
/// bucket that is not one of latency_histogram.hpp's, a newer schema_version).
result<emulation_report> parse_run_report(std::string_view json_text);

/// One emulation from the node-scope reports of its nodes (each a different node): groups,
/// elements and AuCs side by side, each node's usage under `nodes`, the series added by
/// wall-clock second (progress.hpp merge_point) and the histograms bucket-wise (they belong to
/// the groups). The result has scope "emulation".
emulation_report merge_node_reports(const std::vector<emulation_report>& parts);

} // namespace ngn::nodes
