// `ngnemu keys generate|derive`: CURVE key pairs of the node links (topology/README.md "Secured
// node links"; nodes/bridge_keys.hpp).
#include "nodes/bridge_keys.hpp"
#include "nodes/cli.hpp"
#include "topology/parse.hpp"
#include "topology/syntax.hpp"

#include <CLI/CLI.hpp>

#include <cstdio>
#include <memory>

namespace ngn::nodes {

namespace {

struct keys_args {
  std::string out = ".";
  std::vector<std::string> names;
  std::string topology;
};

int generate(const keys_args& a) {
  for (const auto& name : a.names)
    if (auto why = topology::check_name(name); !why.empty()) {
      std::fprintf(stderr, "ngnemu keys generate: %s\n", why.c_str());
      return 2;
    }
  for (const auto& name : a.names) {
    auto k = generate_curve_keys();
    if (!k) {
      std::fprintf(stderr, "ngnemu keys generate: %s\n", k.error.c_str());
      return 1;
    }
    if (auto why = write_key_files(a.out, name, k.value); !why.empty()) {
      std::fprintf(stderr, "ngnemu keys generate: %s\n", why.c_str());
      return 1;
    }
    // Ready to paste into the node's [[node]] table.
    std::printf("%s public_key = \"%s\"   # secret key: %s/%s.key\n", name.c_str(),
                k.value.public_key.c_str(), a.out.c_str(), name.c_str());
  }
  return 0;
}

int derive(const keys_args& a) {
  auto parsed = topology::parse_file(a.topology);
  if (!parsed) {
    std::fprintf(stderr, "%s", topology::to_string(parsed.errors()).c_str());
    return 2;
  }
  const auto& t = parsed.value();
  if (t.emulation.security == topology::link_security::none) {
    std::fprintf(stderr, "ngnemu keys derive: %s says security = \"none\": no keys\n",
                 a.topology.c_str());
    return 2;
  }
  if (!t.nodes.empty() && !t.nodes.front().public_key.empty()) {
    std::fprintf(stderr, "ngnemu keys derive: %s lists every node's public_key: its nodes use "
                         "those, not derived keys\n", a.topology.c_str());
    return 2;
  }
  for (const auto& n : t.nodes) {
    auto k = derive_curve_keys(t.subscribers.secret, n.name);
    if (!k) {
      std::fprintf(stderr, "ngnemu keys derive: %s\n", k.error.c_str());
      return 1;
    }
    std::printf("%s public_key = \"%s\"\n", n.name.c_str(), k.value.public_key.c_str());
  }
  return 0;
}

} // namespace

void add_keys_command(CLI::App& app, std::function<int()>& action) {
  auto a = std::make_shared<keys_args>();
  auto* cmd = app.add_subcommand(
    "keys", "CURVE key pairs of the links between nodes (topology/README.md \"Secured node "
            "links\")");
  cmd->require_subcommand(1);
  auto* gen = cmd->add_subcommand(
    "generate", "Write a new key pair per node: DIR/NAME.key (secret, mode 0600) and DIR/NAME.pub; "
                "print each public key for the node's public_key");
  gen->add_option("--out,-o", a->out, "Directory of the key files")
    ->check(CLI::ExistingDirectory)
    ->capture_default_str();
  gen->add_option("names", a->names, "Node names")->required();
  gen->callback([a, &action] { action = [a] { return generate(*a); }; });
  auto* der = cmd->add_subcommand(
    "derive", "Print the public key each node of a topology derives from its subscriber secret "
              "(the topology lists no public_key)");
  der->add_option("--topology,-t", a->topology, "Topology file (TOML)")->required();
  der->callback([a, &action] { action = [a] { return derive(*a); }; });
}

} // namespace ngn::nodes
