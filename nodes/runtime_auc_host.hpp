// node_runtime's record of one AuC it hosts (its claim on the database, writer, state machine,
// actor and summary); shared by runtime.cpp (start-up) and runtime_drain.cpp (drain, shutdown).
// Internal to the runtime*.cpp files: it brings CAF's actor type with it.
#pragma once

#include "elements/auc_fsm.hpp"
#include "nodes/runtime.hpp"
#include "storage/crash_recovery.hpp"
#include "storage/writer.hpp"
#include "topology/model.hpp"

#include <caf/actor.hpp>

#include <memory>
#include <optional>
#include <string>

namespace ngn::nodes {

/// One AuC of this process: its database writer and state machine.
struct node_runtime::auc_host {
  const topology::auc* def = nullptr;
  std::string path;
  /// Before the writer: released after the writer's last commit (storage/crash_recovery.hpp).
  std::unique_ptr<storage::auc_claim> claim;
  std::unique_ptr<storage::writer> writer;
  std::unique_ptr<elements::random_source> rng;
  std::unique_ptr<elements::session_sink> sink;
  std::optional<elements::auc_fsm> fsm;
  caf::actor actor;
  auc_summary summary;
};

} // namespace ngn::nodes
