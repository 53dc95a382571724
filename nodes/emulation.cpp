#include "nodes/emulation.hpp"

#include "nodes/listeners.hpp"
#include "nodes/runtime.hpp"

#include <cstdio>

namespace ngn::nodes {

emulation_report run_emulation(const emulation_options& o) {
  node_runtime rt{o};
  rt.start();
  // UDP listeners for real SIP clients (nodes/listeners.hpp), open before the run starts.
  listeners ls{rt.addressing(), rt.routing(), [&rt](const std::string& n) { return rt.hosts(n); },
               listener_limits_of(o)};
  std::fprintf(stderr, "%s", ls.describe().c_str());
  // Their clients' registrations join the per-second series, --stats and --metrics.
  for (std::size_t i = 0; i < ls.all().size(); ++i)
    rt.add_listener(ls.names()[i], ls.nodes()[i], ls.all()[i]->progress());
  const auto stop = stop_after(o.stop, o.topo.emulation.run_time);
  rt.start_groups();
  rt.wait_groups(o.timeout, o.progress, o.stop); // the duration, if any, is the groups' own end
  // With listeners: until a signal or the duration, a sample of the run every second.
  ls.serve(stop, o.progress, [&rt] { rt.sample_second(); });
  ls.stop();
  if (!ls.empty()) rt.sample_second(); // the last second, the listeners' final counts
  rt.drain_elements();
  rt.drain_aucs();
  auto report = rt.snapshot();
  add_listener_results(ls, report);
  rt.shutdown(report);
  return report;
}

} // namespace ngn::nodes
