// The terminal as a CAF actor: a thin shell around terminal_fsm.
#pragma once

#include "actors/router.hpp"
#include "actors/terminal_fsm.hpp"

#include <caf/fwd.hpp>

namespace ngn::actors {

/// Spawns a terminal; it reports its outcome (terminal_report) to `group` and starts on
/// atoms::start, checks its timers on atoms::tick.
caf::actor spawn_terminal(caf::actor_system& sys, const router& r, caf::actor group,
                          std::uint32_t index, terminal_fsm fsm, element_id self_id);

} // namespace ngn::actors
