// Spawning the elements as CAF actors (element_shell.hpp around each state machine), and the
// production randomness and storage sink. Only CAF's forward declarations here.
#pragma once

#include "actors/router.hpp"
#include "elements/auc_fsm.hpp"
#include "elements/proxy_fsm.hpp"
#include "elements/softswitch_fsm.hpp"
#include "elements/terminal_fsm.hpp"
#include "protocols/dialogue/registry.hpp"

#include <caf/fwd.hpp>

#include <atomic>
#include <functional>
#include <memory>
#include <string>

namespace ngn::storage {
class writer;
}

namespace ngn::actors {

caf::actor spawn_softswitch(caf::actor_system& sys, const router& r, element_id self_id,
                            elements::softswitch_config cfg);

caf::actor spawn_proxy(caf::actor_system& sys, const router& r, element_id self_id,
                       elements::proxy_config cfg);

/// The AuC, with its subscribers and element keys already loaded into `fsm`; `fsm` refers to
/// `rng` and `sink`, which the actor keeps. `writer` (the group-commit writer the sink feeds)
/// must outlive the actor: it reports each commit to it. `on_storage_failure` (may be empty)
/// runs on the writer thread with SQLite's reason each time the writer reports a failure.
caf::actor spawn_auc(caf::actor_system& sys, const router& r, element_id self_id,
                     elements::auc_fsm fsm, std::unique_ptr<elements::random_source> rng,
                     std::unique_ptr<elements::session_sink> sink, storage::writer& writer,
                     std::function<void(const std::string&)> on_storage_failure = {});

/// A terminal; it reports each outcome (element_id, terminal_outcome) and each SA it installs
/// (elements::sa_record, when the key log is on) to `watcher`, starts on atoms::start, leaves on
/// atoms::leave, checks its timers on atoms::tick and publishes its next deadline in `deadline`
/// (may be null).
caf::actor spawn_terminal(caf::actor_system& sys, const router& r, caf::actor watcher,
                          elements::terminal_fsm fsm, element_id self_id,
                          std::atomic<micros>* deadline = nullptr);

/// The session_sink of a real database.
std::unique_ptr<elements::session_sink> make_writer_sink(storage::writer& w);

/// crypto::random_bytes as a random_source.
std::unique_ptr<elements::random_source> make_system_random();

/// What the protocol bindings need from crypto/ (protocols/ may not use OpenSSL): MD5.
dialogue::binding_deps crypto_binding_deps();

} // namespace ngn::actors
