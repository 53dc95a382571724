// The machine-readable run report (`ngnemu run --report FILE.json`, README "Run report"): every
// figure of the summary and more — per group, protocol, element, node and AuC, the per-second
// series, the latency histograms — as one JSON document. The HTML report (report_html.hpp) is a
// pure function of this text, so that a report stored in the database renders the same later.
#pragma once

#include "nodes/emulation.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace ngn::nodes {

/// The format's version: a reader refuses a larger major version (README "Run report").
inline constexpr int run_report_schema_version = 1;

/// The run report of `r` as JSON text (UTF-8, indented).
std::string run_report_json(const emulation_report& r);

enum class report_format { json, html };

/// What `--report FILE` writes: FILE ending in .json or .html (any case); nullopt otherwise.
std::optional<report_format> report_format_of(std::string_view path);

/// Writes the report of `r` to `path` in the format its name says; "" or why it could not.
std::string write_run_report(const emulation_report& r, const std::string& path);

} // namespace ngn::nodes
