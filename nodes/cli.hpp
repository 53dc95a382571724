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

/// `v` as the user would type it: 1000, 2.5, 0.001 (no trailing zeros).
std::string number_text(double v);

/// The command line as typed (arguments with spaces or quotes shell-quoted), kept with a run
/// (runs.options); set by main before parsing.
const std::string& typed_command_line();

} // namespace ngn::nodes
