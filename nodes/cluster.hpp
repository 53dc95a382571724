// One node of a multi-host emulation (`ngnemu node --topology F --node NAME`): the node's elements
// (node_runtime), the ZeroMQ bridge to the other nodes, and a thin driver of the node's lifecycle
// (lifecycle.hpp: start barrier, terminal groups, quiesce, final reports, finish). The node of the
// first AuC collects: every node reports its terminal groups when they finish; the collector then
// has soft switches and proxies drain (quiesce), every node's AuCs drain once every node has
// quiesced, and the collector gathers the final reports and prints the whole emulation's summary.
#pragma once

#include "nodes/emulation.hpp"

#include <chrono>
#include <string>

namespace ngn::nodes {

struct node_options {
  std::string node;                                   ///< which node of the topology this is
  std::chrono::seconds ready_timeout{60};             ///< start barrier: every peer up
  std::chrono::seconds finish_timeout{30};            ///< waiting for quiesced / final / finish
  std::chrono::milliseconds flush_timeout{2000};      ///< the bridge's last frames at exit
  std::chrono::milliseconds heartbeat{0};             ///< 0: the topology's
  /// --report FILE (.json / .html): the collector writes the whole emulation's report, any
  /// other node its own (scope "node"); checked before the run (check_report_path).
  std::string report_path;
  std::string key_file; ///< this node's CURVE secret key file; "" = the topology's (bridge_keys.hpp)
};

/// Runs the node until the emulation ends (or SIGINT/SIGTERM); prints the node's summary, and on
/// the collector the whole emulation's. Exit status: 0 if every registration was established
/// (collector) / the node ran cleanly (others), 1 if not (failures, a timeout, a node down while
/// waited for, a signal), 2 if the node or its endpoint is bad, 3 if peers never became reachable.
int run_node(const emulation_options& o, const node_options& n);

} // namespace ngn::nodes
