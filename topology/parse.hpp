// Reading a topology file (TOML; format in topology/README.md). Never throws: every problem of
// the file comes back as a topology_error naming file, line, column and field (DESIGN.md §5).
#pragma once

#include "topology/error.hpp"
#include "topology/model.hpp"

#include <functional>
#include <string>
#include <string_view>

namespace ngn::topology {

/// Largest topology file accepted.
inline constexpr std::size_t max_file_size = 4 * 1024 * 1024;

/// A change the caller makes to the topology as read, before it is validated: `ngnemu run`
/// applies its command-line options (--duration, --hold, ...) this way, so that the rules that
/// combine several keys see file and options together and errors keep the file's positions.
/// It may change values only: it must not add, remove or reorder elements.
using adjustment = std::function<void(topology&)>;

/// Parses and validates the file at `path`; errors name `path` as given.
parse_result parse_file(const std::string& path, const adjustment& adjust = {});

/// Parses and validates `text`; `name` is the file name used in errors.
parse_result parse_string(std::string_view text, std::string_view name = "<string>",
                          const adjustment& adjust = {});

} // namespace ngn::topology
