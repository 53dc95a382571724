// `ngnemu topology check|nodes|databases FILE`: validate a topology, list its nodes and its AuC
// databases (for scripts/launch and scripts/lab), show what runs where.
#include "nodes/cli.hpp"
#include "topology/parse.hpp"
#include "topology/query.hpp"

#include <CLI/CLI.hpp>

#include <cstdio>
#include <memory>

namespace ngn::nodes {

namespace {

struct topo_args {
  std::string file;
};

enum class listing { check, nodes, databases };

int check(const topo_args& a, listing what) {
  auto parsed = topology::parse_file(a.file);
  if (!parsed) {
    std::fprintf(stderr, "%s", topology::to_string(parsed.errors()).c_str());
    return 2;
  }
  const auto& t = parsed.value();
  const std::string collector = t.aucs.empty() ? t.nodes.front().name : t.aucs.front().node;
  if (what == listing::databases) {
    // One line per AuC: node database — the files scripts/launch brings back from each host.
    for (const auto& x : t.aucs) std::printf("%s %s\n", x.node.c_str(), x.database.c_str());
    return 0;
  }
  if (what == listing::nodes) {
    // One line per node: name endpoint host collector(0|1) — for scripts.
    for (const auto& n : t.nodes)
      std::printf("%s %s %s %d\n", n.name.c_str(), n.endpoint.c_str(),
                  n.host.empty() ? "-" : n.host.c_str(), n.name == collector ? 1 : 0);
    return 0;
  }
  std::printf("%s: valid; %zu nodes, %llu terminals\n", a.file.c_str(), t.nodes.size(),
              static_cast<unsigned long long>(t.total_terminals()));
  for (const auto& n : t.nodes) {
    auto e = topology::elements_on(t, n.name);
    std::printf("  node %s (%s%s%s)%s:", n.name.c_str(), n.endpoint.c_str(),
                n.host.empty() ? "" : ", host ", n.host.c_str(),
                n.name == collector ? " [collector]" : "");
    for (auto* x : e.aucs) std::printf(" auc %s", x->name.c_str());
    for (auto* x : e.softswitches) std::printf(" softswitch %s", x->name.c_str());
    for (auto* x : e.proxies) std::printf(" proxy %s", x->name.c_str());
    for (auto* x : e.terminals)
      std::printf(" terminals %s (%llu %s via %s)", x->name.c_str(),
                  static_cast<unsigned long long>(x->count),
                  std::string(to_string(x->protocol)).c_str(), x->via.c_str());
    std::printf("\n");
  }
  return 0;
}

} // namespace

void add_topology_command(CLI::App& app, std::function<int()>& action) {
  auto a = std::make_shared<topo_args>();
  auto* cmd = app.add_subcommand("topology", "Check a topology file or list its nodes or databases");
  cmd->require_subcommand(1);
  auto* chk = cmd->add_subcommand("check", "Validate and show what runs on which node");
  chk->add_option("file", a->file, "Topology file (TOML)")->required();
  chk->callback([a, &action] { action = [a] { return check(*a, listing::check); }; });
  auto* nodes = cmd->add_subcommand("nodes", "One line per node: name endpoint host collector");
  nodes->add_option("file", a->file, "Topology file (TOML)")->required();
  nodes->callback([a, &action] { action = [a] { return check(*a, listing::nodes); }; });
  auto* dbs = cmd->add_subcommand("databases", "One line per AuC: node database (its path as "
                                               "the node sees it)");
  dbs->add_option("file", a->file, "Topology file (TOML)")->required();
  dbs->callback([a, &action] { action = [a] { return check(*a, listing::databases); }; });
}

} // namespace ngn::nodes
