// Test-only: running tshark (or any command) from the codec wire checks, and skipping them when
// tshark is not installed.
#pragma once

#include <boost/test/unit_test.hpp>

#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <string>
#include <vector>

namespace ngn::pcap_test {

/// What a command printed on its standard output, and its exit status (-1 if it did not run).
struct command_output {
  int status = -1;
  std::string out;
};

inline command_output run(const std::string& command) {
  command_output r;
  std::FILE* p = ::popen(command.c_str(), "r");
  if (!p) return r;
  char buf[4096];
  for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, p)) > 0;) r.out.append(buf, n);
  r.status = ::pclose(p);
  return r;
}

/// The lines of `text`.
inline std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

/// Boost.Test precondition: the test unit runs only if tshark is installed, else it is skipped
/// with "tshark is not installed: skipping <what>".
struct tshark_present {
  const char* what;
  boost::test_tools::assertion_result operator()(boost::unit_test::test_unit_id) const {
    boost::test_tools::assertion_result ok(std::system("tshark -v > /dev/null 2>&1") == 0);
    if (!ok) ok.message() << "tshark is not installed: skipping " << what;
    return ok;
  }
};

} // namespace ngn::pcap_test
