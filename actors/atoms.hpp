// The atoms of ngnemu's actors (CAF 0.17: atom_constant, at most 10 characters).
#pragma once

#include <caf/atom.hpp>

namespace ngn::actors::atoms {

using start = caf::atom_constant<caf::atom("ngn_start")>;      ///< begin registering
using tick = caf::atom_constant<caf::atom("ngn_tick")>;        ///< periodic sweep
using committed = caf::atom_constant<caf::atom("ngn_commit")>; ///< writer committed a ticket
using rejected = caf::atom_constant<caf::atom("ngn_reject")>; ///< writer refused a batch
using storage_failed = caf::atom_constant<caf::atom("ngn_sfail")>; ///< writer cannot commit
using stop = caf::atom_constant<caf::atom("ngn_stop")>;        ///< finish and quit
using stats = caf::atom_constant<caf::atom("ngn_stats")>;      ///< report counters
using leave = caf::atom_constant<caf::atom("ngn_leave")>;      ///< a terminal de-registers (run end)

} // namespace ngn::actors::atoms
