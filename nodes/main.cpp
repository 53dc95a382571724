// ngnemu: an actor-based emulator of key distribution in Next Generation Networks.
#include "nodes/cli.hpp"

#include <CLI/CLI.hpp>

#include <cstdio>
#include <exception>

int main(int argc, char** argv) {
  CLI::App app{"ngnemu: key distribution in NGN (SIP, MGCP, H.248, H.323 RAS) as CAF actors"};
  app.require_subcommand(1);
  std::function<int()> action;
  ngn::nodes::add_run_command(app, action);
  ngn::nodes::add_node_command(app, action);
  ngn::nodes::add_topology_command(app, action);
  ngn::nodes::add_subscribers_command(app, action);
  ngn::nodes::add_sessions_command(app, action);
  ngn::nodes::add_vector_command(app, action);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  try {
    return action ? action() : 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "ngnemu: %s\n", e.what());
    return 2;
  }
}
