// The addressing plan of an emulation, derived from its topology identically on every node:
// element ids (what envelopes are routed by), emulated IPv4 addresses and ports (what appears
// in Via/Contact/mId/rasAddress and in the pcap), and which node hosts what.
#pragma once

#include "elements/common.hpp"
#include "protocols/dialogue/binding.hpp"
#include "topology/model.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace ngn::nodes {

struct element_plan {
  std::string name;
  topology::element_kind kind = topology::element_kind::auc;
  std::string node;
  elements::element_id id = elements::no_element;
  std::uint32_t ipv4 = 0;
};

struct group_plan {
  const topology::terminal_group* group = nullptr;
  std::uint32_t index = 0;          ///< terminal ids: elements::terminal_id(index, i)
  std::uint64_t first_number = 0;   ///< emulation-wide terminal number of the group's first
  elements::element_id next_hop = elements::no_element;
  bool via_proxy = false;
};

/// A UDP listener of a proxy or soft switch (topology `listen`), numbered in topology order
/// (soft switches, then proxies): the number is part of its clients' ids (actors/listener_id.hpp).
struct listener_plan {
  std::uint32_t index = 0;
  elements::element_id element = elements::no_element;
  std::string element_name;
  std::string node;
  topology::listen_endpoint endpoint;
};

class plan {
public:
  explicit plan(const topology::topology& t);

  const topology::topology& topo() const noexcept { return *t_; }
  const element_plan* find(std::string_view name) const;
  const element_plan* find(elements::element_id id) const;
  elements::element_id id_of(std::string_view name) const;
  const std::vector<element_plan>& elements() const noexcept { return elements_; }
  const std::vector<group_plan>& groups() const noexcept { return groups_; }
  const std::vector<listener_plan>& listeners() const noexcept { return listeners_; }

  /// The node an element (or a terminal, or a listener's client: its listener's) runs on.
  const std::string& node_of(elements::element_id id) const;
  /// The element's emulated address for `proto` (the protocol's default ports, protocol.hpp); a
  /// listener's client: its real address.
  dialogue::address address_of(elements::element_id id, ngn::protocol proto) const;
  /// An element hosted on `node` (its first one), the address of control messages for that node
  /// process; no_element if the node hosts nothing.
  elements::element_id representative(std::string_view node) const;
  /// Name for logs and the pcap: "sp1", "proxied#41".
  std::string name_of(elements::element_id id) const;

private:
  const topology::topology* t_;
  std::vector<element_plan> elements_;
  std::unordered_map<std::string, std::size_t> by_name_;
  std::unordered_map<elements::element_id, std::size_t> by_id_;
  std::vector<group_plan> groups_;
  std::vector<listener_plan> listeners_;
  std::string unknown_;
};

} // namespace ngn::nodes
