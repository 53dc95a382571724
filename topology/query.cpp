#include "topology/query.hpp"

namespace ngn::topology {

node_elements elements_on(const topology& t, std::string_view node_name) {
  node_elements out;
  for (const auto& a : t.aucs)
    if (a.node == node_name)
      out.aucs.push_back(&a);
  for (const auto& s : t.softswitches)
    if (s.node == node_name)
      out.softswitches.push_back(&s);
  for (const auto& p : t.proxies)
    if (p.node == node_name)
      out.proxies.push_back(&p);
  for (const auto& g : t.terminals)
    if (g.node == node_name)
      out.terminals.push_back(&g);
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
