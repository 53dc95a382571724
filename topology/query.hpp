// Questions a node process asks of a (validated) topology.
#pragma once

#include "topology/model.hpp"

#include <string_view>
#include <vector>

namespace ngn::topology {

/// The elements placed on one node, in file order.
struct node_elements {
  std::vector<const auc*> aucs;
  std::vector<const softswitch*> softswitches;
  std::vector<const proxy*> proxies;
  std::vector<const terminal_group*> terminals;

  bool empty() const noexcept {
    return aucs.empty() && softswitches.empty() && proxies.empty() && terminals.empty();
  }
};

/// What runs on `node_name` (nothing for an unknown node). Pointers into `t`.
node_elements elements_on(const topology& t, std::string_view node_name);

/// The node an element or terminal group is placed on; nullptr if `element_name` is unknown.
const node* node_of(const topology& t, std::string_view element_name) noexcept;

/// The soft switch that serves a terminal group: its `via`, or the `via` proxy's soft switch.
const softswitch* softswitch_of(const topology& t, const terminal_group& g) noexcept;

/// The group's security edge (DESIGN.md §1): the proxy if it registers via one, else nullptr
/// (then the soft switch is the edge).
const proxy* proxy_of(const topology& t, const terminal_group& g) noexcept;

} // namespace ngn::topology
