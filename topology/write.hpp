// Writing a topology back as a topology file (e.g. to save the embedded default for editing).
#pragma once

#include "topology/model.hpp"

#include <string>

namespace ngn::topology {

/// The topology as a TOML topology file that parse_string reads back to the same topology;
/// every field is written, defaults included.
std::string to_toml(const topology& t);

} // namespace ngn::topology
