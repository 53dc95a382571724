#include "nodes/plan.hpp"

#include "actors/listener_id.hpp"
#include "topology/query.hpp"

namespace ngn::nodes {

using topology::element_kind;

namespace {

// 10.0.0.0/16 for the infrastructure, 10.128.0.0/9 for terminals (8 M addresses).
constexpr std::uint32_t infra_base = 0x0a000000u;
constexpr std::uint32_t terminal_base = 0x0a800000u;

} // namespace

plan::plan(const topology::topology& t) : t_(&t) {
  auto add = [&](const std::string& name, element_kind kind, const std::string& node) {
    element_plan e;
    e.name = name;
    e.kind = kind;
    e.node = node;
    e.id = elements_.size() + 1;
    e.ipv4 = infra_base + static_cast<std::uint32_t>(e.id);
    by_name_[name] = elements_.size();
    by_id_[e.id] = elements_.size();
    elements_.push_back(std::move(e));
  };
  for (const auto& a : t.aucs) add(a.name, element_kind::auc, a.node);
  for (const auto& s : t.softswitches) add(s.name, element_kind::softswitch, s.node);
  for (const auto& p : t.proxies) add(p.name, element_kind::proxy, p.node);
  std::uint64_t number = 1;
  for (std::size_t g = 0; g < t.terminals.size(); ++g) {
    const auto& tg = t.terminals[g];
    group_plan gp;
    gp.group = &tg;
    gp.index = static_cast<std::uint32_t>(g);
    gp.first_number = number;
    gp.next_hop = id_of(tg.via);
    gp.via_proxy = topology::proxy_of(t, tg) != nullptr;
    number += tg.count;
    groups_.push_back(gp);
  }
  auto listener = [&](const std::string& name, const std::string& node,
                      const std::optional<topology::listen_endpoint>& ep) {
    if (!ep || listeners_.size() >= actors::max_listeners) return;
    listeners_.push_back(listener_plan{static_cast<std::uint32_t>(listeners_.size()), id_of(name),
                                       name, node, *ep});
  };
  for (const auto& s : t.softswitches) listener(s.name, s.node, s.listen);
  for (const auto& p : t.proxies) listener(p.name, p.node, p.listen);
}

const element_plan* plan::find(std::string_view name) const {
  auto i = by_name_.find(std::string(name));
  return i == by_name_.end() ? nullptr : &elements_[i->second];
}

const element_plan* plan::find(elements::element_id id) const {
  auto i = by_id_.find(id);
  return i == by_id_.end() ? nullptr : &elements_[i->second];
}

elements::element_id plan::id_of(std::string_view name) const {
  const auto* e = find(name);
  return e == nullptr ? elements::no_element : e->id;
}

const std::string& plan::node_of(elements::element_id id) const {
  if (actors::is_listener_client(id)) {
    const auto l = actors::listener_of(id);
    return l < listeners_.size() ? listeners_[l].node : unknown_;
  }
  if (elements::is_terminal(id)) {
    const auto g = static_cast<std::size_t>((id >> 32) - 1);
    return g < groups_.size() ? groups_[g].group->node : unknown_;
  }
  const auto* e = find(id);
  return e == nullptr ? unknown_ : e->node;
}

dialogue::address plan::address_of(elements::element_id id, ngn::protocol proto) const {
  dialogue::address a;
  if (actors::is_listener_client(id)) {
    a.ipv4 = actors::client_ipv4(id);
    a.port = actors::client_port(id);
    return a;
  }
  const bool terminal = elements::is_terminal(id);
  if (terminal) {
    const auto g = static_cast<std::size_t>((id >> 32) - 1);
    const std::uint64_t n =
      (g < groups_.size() ? groups_[g].first_number : 0) + (id & 0xffffffffu);
    a.ipv4 = terminal_base + static_cast<std::uint32_t>(n & 0x7fffff);
  } else {
    const auto* e = find(id);
    a.ipv4 = e == nullptr ? 0 : e->ipv4;
  }
  a.port = terminal ? info(proto).terminal_port : info(proto).server_port;
  return a;
}

elements::element_id plan::representative(std::string_view node) const {
  for (const auto& e : elements_)
    if (e.node == node) return e.id;
  for (const auto& g : groups_)
    if (g.group->node == node && g.group->count > 0) return elements::terminal_id(g.index, 0);
  return elements::no_element;
}

std::string plan::name_of(elements::element_id id) const {
  if (actors::is_listener_client(id)) {
    const auto l = actors::listener_of(id);
    return "client " + address_of(id, ngn::protocol::sip).host_port() + " of "
           + (l < listeners_.size() ? listeners_[l].element_name : std::string{"?"});
  }
  if (elements::is_terminal(id)) {
    const auto g = static_cast<std::size_t>((id >> 32) - 1);
    if (g >= groups_.size()) return "?";
    return groups_[g].group->name + "#" + std::to_string(id & 0xffffffffu);
  }
  const auto* e = find(id);
  return e == nullptr ? "?" : e->name;
}

} // namespace ngn::nodes
