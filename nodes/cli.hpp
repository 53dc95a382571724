// The `ngnemu` command line: one registration function per subcommand (cli_*.cpp).
#pragma once

#include <functional>
#include <string>

namespace CLI {
class App;
}

namespace ngn::nodes {

/// Each adds its subcommand to `app`; when the subcommand is chosen, `action` is set to what
/// runs it (returning the process exit status).
void add_run_command(CLI::App& app, std::function<int()>& action);
void add_node_command(CLI::App& app, std::function<int()>& action);
void add_topology_command(CLI::App& app, std::function<int()>& action);
void add_subscribers_command(CLI::App& app, std::function<int()>& action);
void add_sessions_command(CLI::App& app, std::function<int()>& action);
void add_vector_command(CLI::App& app, std::function<int()>& action);
void add_runs_command(CLI::App& app, std::function<int()>& action);
void add_report_command(CLI::App& app, std::function<int()>& action);
void add_keys_command(CLI::App& app, std::function<int()>& action);

/// The exit status of every command (README "Exit status").
enum exit_status : int {
  exit_ok = 0,      ///< done; run/node: every registration established
  exit_failed = 1,  ///< some registration failed or timed out; an output could not be written
  exit_usage = 2,   ///< usage or configuration error: an option, the topology, an input file
  exit_storage = 3, ///< a database cannot be opened, read or written (storage::storage_error)
  exit_unreachable = 4, ///< node: the other nodes were not reachable at start (lifecycle.cpp)
};

/// The exit statuses in one paragraph, the footer of every --help.
const char* exit_status_text();

/// `v` as the user would type it: 1000, 2.5, 0.001 (no trailing zeros).
std::string number_text(double v);

/// The command line as typed (arguments with spaces or quotes shell-quoted), kept with a run
/// (runs.options); set by main before parsing.
const std::string& typed_command_line();

} // namespace ngn::nodes
