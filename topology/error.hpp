// Topology errors name the file, line, column and field (DESIGN.md §5).
#pragma once

#include "topology/model.hpp"

#include <cstddef>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace ngn::topology {

/// One problem of a topology file.
struct topology_error {
  std::string file;        ///< as given to parse_file / parse_string
  std::size_t line = 0;    ///< 1-based; 0 = the whole file / not from a file
  std::size_t column = 0;  ///< 1-based; 0 = unknown
  std::string field;       ///< "terminals[1].via" (0-based array index), "" if none
  std::string message;     ///< "unknown element 'sp9' (did you mean 'sp1'?)"

  /// "three.toml:12:3: terminals[1].via: unknown element 'sp9'"; parts that are unknown are
  /// left out ("three.toml: auc: no authentication center defined").
  std::string to_string() const;
};

/// All errors, one per line.
std::string to_string(const std::vector<topology_error>& errors);

/// A topology, or every error found in the file (never empty then).
class [[nodiscard]] parse_result {
public:
  parse_result(topology t) : v_(std::in_place_index<0>, std::move(t)) {}  // NOLINT
  parse_result(std::vector<topology_error> e) : v_(std::in_place_index<1>, std::move(e)) {}  // NOLINT

  bool ok() const noexcept { return v_.index() == 0; }
  explicit operator bool() const noexcept { return ok(); }

  topology& value() & { return std::get<0>(v_); }
  const topology& value() const& { return std::get<0>(v_); }
  topology&& value() && { return std::get<0>(std::move(v_)); }
  const topology* operator->() const { return &value(); }

  const std::vector<topology_error>& errors() const& { return std::get<1>(v_); }

private:
  std::variant<topology, std::vector<topology_error>> v_;
};

} // namespace ngn::topology
