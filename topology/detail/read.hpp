// Internal: TOML document -> topology model, with field positions; types and value syntax only
// (cross-element rules are in validate.cpp).
#pragma once

#include "topology/detail/diagnostics.hpp"
#include "topology/model.hpp"

#include <toml++/toml.h>

namespace ngn::topology::detail {

/// The default identity pattern of a terminal group.
inline constexpr std::string_view default_identity = "{group}-{n:06}@{domain}";

/// Reads every table of `root`; errors go to `errors`, positions to `pos`.
topology read_topology(const toml::table& root, positions& pos, error_sink& errors);

} // namespace ngn::topology::detail
