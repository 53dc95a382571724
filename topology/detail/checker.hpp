// Internal: the validator's view of a topology: where each field is and how to report on it.
#pragma once

#include "topology/detail/diagnostics.hpp"
#include "topology/model.hpp"

#include <initializer_list>
#include <string>
#include <string_view>

namespace ngn::topology::detail {

/// A table of the topology: an element (kind + index), [emulation] or [subscribers].
struct site {
  const element_positions* pos = nullptr;  ///< nullptr for topologies built in code
  std::string path;                        ///< "terminals[1]"
  source_position fallback;                ///< defined_at of an element built in code
};

/// Reports validation errors at the right place, once per field.
class checker {
public:
  checker(const topology& t, const positions* pos, error_sink& errors)
    : t_(t), pos_(pos), errors_(errors) {}

  const topology& topo() const noexcept { return t_; }

  site element(element_kind kind, std::size_t index) const;
  site emulation() const;
  site subscribers() const;

  /// True if the reader already reported this field.
  bool reported(const site& s, std::string_view field) const noexcept;
  source_position where(const site& s, std::string_view field) const noexcept;

  /// Reports at the field unless it was already reported.
  void report(const site& s, std::string_view field, std::string message);
  /// Reports a whole-file problem (no position) under `field`.
  void report_file(std::string field, std::string message);

  /// Checks that `target` (the value of `field`) names an element of one of `allowed` kinds;
  /// `expected` names them in messages ("a node", "a proxy or softswitch"). True if it does.
  bool check_reference(const site& s, std::string_view field, const std::string& target,
                       std::initializer_list<element_kind> allowed, std::string_view expected);

  /// "line 12" or "" (for messages that point at another definition).
  std::string line_of(element_kind kind, std::size_t index) const;

private:
  const topology& t_;
  const positions* pos_;
  error_sink& errors_;
};

/// "a node", "an auc", "a terminal group".
std::string_view describe(element_kind kind) noexcept;

/// The rules of validate(), in two files.
void check_settings_and_elements(checker& c);
void check_clashes_and_coverage(checker& c);

/// Runs every rule.
void validate(const topology& t, const positions* pos, error_sink& errors);

} // namespace ngn::topology::detail
