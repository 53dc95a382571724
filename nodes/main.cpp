// ngnemu: an actor-based emulator of key distribution in Next Generation Networks.
#include "nodes/cli.hpp"
#include "protocols/common/escape.hpp"
#include "storage/db.hpp"

#include <CLI/CLI.hpp>

#include <cstdio>
#include <exception>
#include <string>

namespace {
std::string typed;
}

const std::string& ngn::nodes::typed_command_line() { return typed; }

const char* ngn::nodes::exit_status_text() {
  return "Exit status: 0 done (run, node: every registration established); 1 some registration "
         "failed or timed out, or an output file could not be written; 2 usage or configuration "
         "error (an option, the topology, an input file); 3 storage error (a database cannot be "
         "opened, read or written); 4 node: the other nodes were not reachable at start.";
}

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
  // CLI11's messages quote the arguments: escaped like every message that echoes input.
  app.failure_message([](const CLI::App*, const CLI::Error& e) {
    return ngn::escape_text(e.what()) + "\nRun with --help for more information.\n";
  });
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
  app.footer(ngn::nodes::exit_status_text());
  for (auto* sub : app.get_subcommands({})) sub->footer(ngn::nodes::exit_status_text());
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // --help and --version exit 0; CLI11's own codes (100 and up) are usage errors: 2.
    return app.exit(e) == 0 ? ngn::nodes::exit_ok : ngn::nodes::exit_usage;
  }
  try {
    return action ? action() : ngn::nodes::exit_ok;
  } catch (const ngn::storage::storage_error& e) {
    std::fprintf(stderr, "ngnemu: %s\n", ngn::escape_text(e.what()).c_str());
    return ngn::nodes::exit_storage;
  } catch (const std::exception& e) {
    // Input that is wrong (a CSV line, a file that cannot be read) and everything else thrown
    // before anything ran.
    std::fprintf(stderr, "ngnemu: %s\n", ngn::escape_text(e.what()).c_str());
    return ngn::nodes::exit_usage;
  }
}
