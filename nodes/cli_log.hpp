// --log-level and --log-file of `ngnemu run` and `ngnemu node` (nodes/log.hpp).
#pragma once

#include <string>

namespace CLI {
class App;
}

namespace ngn::nodes {

struct log_args {
  std::string level = "info";
  std::string file;  ///< empty: stderr
};

void add_log_options(CLI::App* cmd, log_args& a);
/// Configures the log, named `name` on every line; false after a message when the file cannot
/// be opened.
bool apply_log_options(const log_args& a, const std::string& name);

} // namespace ngn::nodes
