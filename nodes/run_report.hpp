// The machine-readable run report (`ngnemu run --report FILE.json`, README "Run report"): every
// figure of the summary and more — per group, protocol, element, node and AuC, the per-second
// series, the latency histograms — as one JSON document. The HTML report (report_html.hpp) is a
// pure function of this text, so that a report stored in the database renders the same later.
#pragma once

#include "nodes/emulation.hpp"
#include "storage/runs.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace ngn::nodes {

/// The format's version: a reader refuses a larger major version (README "Run report").
inline constexpr int run_report_schema_version = 1;

/// The run report of `r` as JSON text (UTF-8, indented).
std::string run_report_json(const emulation_report& r);

/// The report of a run without a stored one (`ngnemu report` on an older database or a crashed
/// run), from its sessions alone: scope "sessions", `run` (id, start/end, outcome), `totals`
/// (registrations, registrations_per_s, window_s, latency_ms) and the sessions tables.
std::string sessions_report_json(const std::string& run_name, micros started, micros ended,
                                 const std::string& outcome, const storage::session_tables& t,
                                 const storage::run_sample& sample);

enum class report_format { json, html };

/// What `--report FILE` writes: FILE ending in .json or .html (any case); nullopt otherwise.
std::optional<report_format> report_format_of(std::string_view path);

/// Writes the report of `r` to `path` in the format its name says; "" or why it could not.
std::string write_run_report(const emulation_report& r, const std::string& path);

/// Writes the JSON report `json_text` to `path` in the format its name says (.html: the page of
/// run_report_html); "" or why it could not.
std::string write_report_text(const std::string& json_text, const std::string& path);

/// --report FILE of `ngnemu run` / `ngnemu node`: a .json or .html name and a file that can be
/// created, checked before the run so that a long run does not end without its report; "" or
/// the message (naming the option).
std::string check_report_path(const std::string& path);

} // namespace ngn::nodes
