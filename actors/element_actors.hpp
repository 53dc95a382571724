// The signaling proxy, soft switch and AuC as CAF actors: thin shells around their state
// machines. Each sweeps its timers from one periodic self-message (no per-request CAF timers,
// caf-0.17.md pitfall 5).
#pragma once

#include "actors/auc_fsm.hpp"
#include "actors/proxy_fsm.hpp"
#include "actors/router.hpp"
#include "actors/softswitch_fsm.hpp"

#include <caf/fwd.hpp>

#include <functional>
#include <memory>

namespace ngn::storage {
class writer;
}

namespace ngn::actors {

/// What a soft switch knows about who sent a datagram.
using peer_lookup = std::function<peer_info(element_id)>;

caf::actor spawn_softswitch(caf::actor_system& sys, const router& r, element_id self_id,
                            softswitch_config cfg, softswitch_fsm::auc_router aucs,
                            peer_lookup peers);

caf::actor spawn_proxy(caf::actor_system& sys, const router& r, element_id self_id,
                       proxy_config cfg);

/// The AuC owns its state machine; `writer` (the group-commit writer of its database) must
/// outlive the actor. Subscribers and element keys are loaded into `fsm` beforehand.
caf::actor spawn_auc(caf::actor_system& sys, const router& r, element_id self_id,
                     std::unique_ptr<auc_fsm> fsm, std::unique_ptr<random_source> rng,
                     std::unique_ptr<session_sink> sink, storage::writer& writer);

/// The session_sink of a real database.
std::unique_ptr<session_sink> make_writer_sink(storage::writer& w);

/// crypto::random_bytes as a random_source.
std::unique_ptr<random_source> make_system_random();

} // namespace ngn::actors
