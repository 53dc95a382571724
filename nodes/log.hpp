// The process's log (issue 10 item 8): one logger, levels trace … error, to stderr or a file,
// one line per event with a UTC timestamp and the node's name. spdlog does the work; its headers
// stay in log.cpp so that every file that logs does not compile them.
//
// What goes where: error — the run cannot go on as asked (a peer lost, a database refusing
// writes); warn — something the user should know (a key log is written, a message dropped);
// info — the run's milestones (start, nodes, peers, end); debug — each registration that fails,
// each control message between nodes; trace — every envelope routed (kind, ends, size). Never a
// key, RES, XRES or payload byte at any level.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace ngn::log {

enum class level { trace = 0, debug, info, warn, error, off };

/// "trace", "debug", "info", "warn" (or "warning"), "error", "off".
std::optional<level> parse_level(std::string_view s) noexcept;
std::string_view to_string(level l) noexcept;

/// Sets the level, the destination (empty: stderr; else the file, appended, created 0644) and the
/// name shown on every line (the node, or "run"). Throws std::runtime_error when the file cannot
/// be opened (start-up path). Until it is called: level info, stderr, name "ngnemu".
void configure(level l, const std::string& file, const std::string& name);

/// Whether a message of level `l` would be written (one relaxed atomic load).
bool enabled(level l) noexcept;

void write(level l, std::string_view message);
void logf(level l, const char* fmt, ...) __attribute__((format(printf, 2, 3)));

/// Flushes the destination (at the end of the run, before the summary).
void flush();

} // namespace ngn::log
