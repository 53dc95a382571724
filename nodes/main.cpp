// ngnemu: an actor-based emulator of key distribution in Next Generation Networks.
#include "nodes/cli.hpp"

#include <CLI/CLI.hpp>

#include <cstdio>
#include <exception>
#include <string>

namespace {
std::string typed;
}

const std::string& ngn::nodes::typed_command_line() { return typed; }

std::string ngn::nodes::number_text(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.15g", v);
  return buf;
}

int main(int argc, char** argv) {
  for (int i = 0; i < argc; ++i) {
    std::string a = argv[i];
    if (a.empty() || a.find_first_of(" \t'\"\\$*?;&|<>()") != std::string::npos) {
      std::string q = "'";
      for (char c : a) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
      a = q + "'";
    }
    typed += (i == 0 ? "" : " ") + a;
  }
  CLI::App app{"ngnemu: key distribution in NGN (SIP, MGCP, H.248, H.323 RAS) as CAF actors"};
  app.require_subcommand(1);
  // The project() version (CMakeLists.txt); scripts/launch compares it with each host's ngnemu to
  // decide whether to copy this build there.
  app.set_version_flag("--version", std::string("ngnemu ") + NGNEMU_VERSION,
                       "Print the version (ngnemu X.Y.Z) and exit");
  std::function<int()> action;
  ngn::nodes::add_run_command(app, action);
  ngn::nodes::add_node_command(app, action);
  ngn::nodes::add_topology_command(app, action);
  ngn::nodes::add_subscribers_command(app, action);
  ngn::nodes::add_sessions_command(app, action);
  ngn::nodes::add_runs_command(app, action);
  ngn::nodes::add_report_command(app, action);
  ngn::nodes::add_vector_command(app, action);
  ngn::nodes::add_keys_command(app, action);
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
