#include "topology/defaults.hpp"

#include "topology/mechanism.hpp"
#include "topology/validate.hpp"

namespace ngn::topology {

topology default_topology(std::uint64_t terminals, via_mode mode) {
  const auto mechanisms = *parse_mechanisms(default_mechanisms).value;
  topology t;
  t.emulation.name = "ngnemu";
  t.emulation.domain = "ngn.example";
  t.nodes.push_back({"local", "tcp://127.0.0.1:7000", "", "", "", {}});
  t.aucs.push_back({"auc1", "local", "ngnemu.db", 0, 1, {}});
  t.softswitches.push_back({"ss1", "local", {"auc1"}, mechanisms, std::nullopt, {}});
  t.proxies.push_back({"sp1", "local", "ss1", mechanisms, std::nullopt, {}});

  std::uint64_t proxied = 0;
  switch (mode) {
    case via_mode::mixed:
      proxied = terminals - terminals / 2;
      break;
    case via_mode::proxy:
      proxied = terminals;
      break;
    case via_mode::direct:
      proxied = 0;
      break;
  }
  auto group = [&](std::string name, std::uint64_t count, std::uint64_t first, std::string via) {
    terminal_group g;
    g.name = std::move(name);
    g.node = "local";
    g.count = count;
    g.protocol = protocol::sip;
    g.identity = "t{n:06}@ngn.example";
    g.first = first;
    g.via = std::move(via);
    g.mechanisms = mechanisms;
    t.terminals.push_back(std::move(g));
  };
  if (proxied > 0)
    group("proxied", proxied, 1, "sp1");
  if (terminals > proxied)
    group("direct", terminals - proxied, 1 + proxied, "ss1");
  resolve(t);
  return t;
}

} // namespace ngn::topology
