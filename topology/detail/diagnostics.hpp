// Internal: where each field of a parsed topology came from, and the error collector shared by
// the reader and the validator.
#pragma once

#include "topology/error.hpp"
#include "topology/model.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace ngn::topology::detail {

/// Positions of one table's fields ("via", "auc[1]") and whether a field already has an error
/// (so that the validator does not report it again).
struct element_positions {
  struct field_position {
    std::string field;
    source_position pos;
    bool reported = false;
  };

  std::string path;   ///< "terminals[1]" (index as in the file), "emulation"
  source_position table;
  std::vector<field_position> fields;

  /// The field's position, else the table's.
  source_position at(std::string_view field) const noexcept;
  bool reported(std::string_view field) const noexcept;
  void set(std::string_view field, source_position pos);
  void mark_reported(std::string_view field);
};

/// Positions of a whole file, parallel to the topology's vectors.
struct positions {
  element_positions emulation;
  element_positions subscribers;
  std::vector<element_positions> nodes, aucs, softswitches, proxies, terminals;

  /// nullptr if out of range.
  const element_positions* of(element_kind kind, std::size_t index) const noexcept;
};

/// Collects errors of one file, at most max_errors (then one "too many errors").
class error_sink {
public:
  static constexpr std::size_t max_errors = 100;

  explicit error_sink(std::string file) : file_(std::move(file)) {}

  void add(source_position pos, std::string field, std::string message);
  bool empty() const noexcept { return errors_.empty(); }

  /// The errors, sorted by line and column (stable: same position keeps the order of finding).
  std::vector<topology_error> take();

private:
  std::string file_;
  std::vector<topology_error> errors_;
  bool overflowed_ = false;
};

/// " (did you mean 'x'?)" for the candidate nearest to `word` (edit distance at most a third
/// of its length, or half with a common 4-letter prefix), else "".
std::string did_you_mean(std::string_view word, const std::vector<std::string_view>& candidates);

} // namespace ngn::topology::detail
