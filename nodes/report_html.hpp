// The HTML run report (`ngnemu run --report FILE.html`, README "Run report"): one self-contained
// page — inline CSS and inline SVG plots, no script, no font, image or anything else fetched — made
// from the JSON run report's text alone (run_report.hpp), so that a report stored in the database
// renders the same later.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace ngn::nodes {

/// Why `json_text` is not a run report this version can render (not JSON, not an object, a newer
/// schema_version), or nullopt if it is one.
std::optional<std::string> run_report_problem(std::string_view json_text);

/// The page. Plots (each <svg class="plot" data-plot=NAME>): rate, latency, histogram, failures,
/// element-refusals, active, life, resources, protocols, groups. Tables: summary, groups,
/// protocols, elements, nodes, aucs, and with the report's sessions sections sessions,
/// slowest-sessions, failed-sessions. Fields missing from the JSON show as empty; for a text
/// run_report_problem() refuses, the page says why instead.
std::string run_report_html(std::string_view json_text);

} // namespace ngn::nodes
