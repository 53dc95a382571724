#include "nodes/cli_log.hpp"
#include "nodes/log.hpp"

#include <CLI/CLI.hpp>

#include <cstdio>
#include <stdexcept>

namespace ngn::nodes {

void add_log_options(CLI::App* cmd, log_args& a) {
  cmd->add_option("--log-level", a.level,
                  "trace | debug | info | warn | error | off (README \"Logs\"); keys are never "
                  "logged")
    ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error", "off"}))
    ->capture_default_str();
  cmd->add_option("--log-file", a.file, "Append the log to this file instead of stderr");
}

bool apply_log_options(const log_args& a, const std::string& name) {
  const auto l = log::parse_level(a.level);
  if (!l) {
    std::fprintf(stderr, "ngnemu: --log-level: '%s' is not a level\n", a.level.c_str());
    return false;
  }
  try {
    log::configure(*l, a.file, name);
  } catch (const std::runtime_error& e) {
    std::fprintf(stderr, "ngnemu: %s\n", e.what());
    return false;
  }
  return true;
}

} // namespace ngn::nodes
