// Validation of a topology built in code; parse_file / parse_string run the same rules.
#pragma once

#include "topology/error.hpp"
#include "topology/model.hpp"

#include <string_view>
#include <vector>

namespace ngn::topology {

/// Every rule of topology/README.md "Validation" (names, references, clashes, shards, ranges,
/// identity patterns). Errors carry `source` as their file name and, where an element has a
/// `defined_at`, its line. Empty if the topology is valid.
std::vector<topology_error> validate(const topology& t, std::string_view source = "<built-in>");

/// Sets what validation assumes but a builder may leave out: each terminal group's via_kind
/// from the element its `via` names.
void resolve(topology& t) noexcept;

} // namespace ngn::topology
