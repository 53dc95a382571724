// The embedded default topology (`ngnemu run` without --topology): everything on one node.
// topology/examples/single-host.toml is the same topology as a file.
#pragma once

#include "topology/model.hpp"

#include <cstdint>

namespace ngn::topology {

/// How the default terminals reach the soft switch.
enum class via_mode : std::uint8_t {
  mixed,   ///< half via the proxy sp1 ("proxied", the odd one too), half directly to ss1 ("direct")
  proxy,   ///< all via sp1
  direct,  ///< all directly to ss1
};

/// One node "local" (tcp://127.0.0.1:7000), AuC "auc1" (database "ngnemu.db"), soft switch
/// "ss1", proxy "sp1", and `terminals` SIP terminals t000001@ngn.example, t000002@... split
/// per `mode` into the groups "proxied" and "direct" (a group that would be empty is left
/// out); every element offers "aes-gcm;q=0.9,hmac-sha256;q=0.5". validate() finds nothing
/// wrong for any terminals <= max_terminals_per_group (0 = no terminal groups).
topology default_topology(std::uint64_t terminals = 1000, via_mode mode = via_mode::mixed);

} // namespace ngn::topology
