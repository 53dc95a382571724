#include "topology/error.hpp"

#include "protocols/common/escape.hpp"

namespace ngn::topology {

// Every part may come from the file or the command line: escaped (issue 12 item 7), so that a
// control or bidi character in a topology cannot rewrite or reorder what the operator reads.
std::string topology_error::to_string() const {
  std::string out = escape_text(file);
  if (line != 0) {
    out += ':';
    out += std::to_string(line);
    if (column != 0) {
      out += ':';
      out += std::to_string(column);
    }
  }
  out += ": ";
  if (!field.empty()) {
    out += escape_text(field);
    out += ": ";
  }
  out += escape_text(message);
  return out;
}

std::string to_string(const std::vector<topology_error>& errors) {
  std::string out;
  for (const auto& e : errors) {
    out += e.to_string();
    out += '\n';
  }
  return out;
}

} // namespace ngn::topology
