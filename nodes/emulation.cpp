#include "nodes/emulation.hpp"

#include "nodes/listeners.hpp"
#include "nodes/runtime.hpp"

#include <cstdio>

namespace ngn::nodes {

emulation_report run_emulation(const emulation_options& o) {
  node_runtime rt{o};
  rt.start();
  // UDP listeners for real SIP clients (nodes/listeners.hpp), open before the run starts.
  listeners ls{rt.addressing(), rt.routing(), [&rt](const std::string& n) { return rt.hosts(n); }};
  std::fprintf(stderr, "%s", ls.describe().c_str());
  const auto stop = stop_after(o.stop, o.topo.emulation.run_time);
  rt.start_groups();
  rt.wait_groups(o.timeout, o.progress, o.stop); // the duration, if any, is the groups' own end
  ls.serve(stop, o.progress); // with listeners: until a signal or the duration
  ls.stop();
  rt.drain_elements();
  rt.drain_aucs();
  auto report = rt.snapshot();
  report.listeners = ls.summary();
  rt.shutdown(report);
  return report;
}

} // namespace ngn::nodes
