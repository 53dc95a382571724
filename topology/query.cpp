#include "topology/query.hpp"

namespace ngn::topology {

namespace {

/// Appends the elements of `xs` placed on `node_name` to `out`.
template <class T>
void placed_on(const std::vector<T>& xs, std::string_view node_name, std::vector<const T*>& out) {
  for (const auto& x : xs)
    if (x.node == node_name)
      out.push_back(&x);
}

} // namespace

node_elements elements_on(const topology& t, std::string_view node_name) {
  node_elements out;
  placed_on(t.aucs, node_name, out.aucs);
  placed_on(t.softswitches, node_name, out.softswitches);
  placed_on(t.proxies, node_name, out.proxies);
  placed_on(t.terminals, node_name, out.terminals);
  return out;
}

const node* node_of(const topology& t, std::string_view element_name) noexcept {
  if (const auto* a = t.find_auc(element_name))
    return t.find_node(a->node);
  if (const auto* s = t.find_softswitch(element_name))
    return t.find_node(s->node);
  if (const auto* p = t.find_proxy(element_name))
    return t.find_node(p->node);
  if (const auto* g = t.find_terminals(element_name))
    return t.find_node(g->node);
  return nullptr;
}

const softswitch* softswitch_of(const topology& t, const terminal_group& g) noexcept {
  if (const auto* p = t.find_proxy(g.via))
    return t.find_softswitch(p->softswitch);
  return t.find_softswitch(g.via);
}

const proxy* proxy_of(const topology& t, const terminal_group& g) noexcept {
  return t.find_proxy(g.via);
}

} // namespace ngn::topology
