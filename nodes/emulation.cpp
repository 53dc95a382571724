#include "nodes/emulation.hpp"

#include "nodes/runtime.hpp"

namespace ngn::nodes {

emulation_report run_emulation(const emulation_options& o) {
  node_runtime rt{o};
  rt.start();
  rt.start_groups();
  rt.wait_groups(o.timeout, o.progress);
  rt.drain_elements();
  rt.drain_aucs();
  auto report = rt.snapshot();
  rt.shutdown(report);
  return report;
}

} // namespace ngn::nodes
