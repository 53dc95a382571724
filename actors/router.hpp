// Addressing by element (DESIGN.md §3): the router maps element ids to local actors, or hands
// the envelope to the node's transport (the ZeroMQ bridge) when the element lives elsewhere.
// Its strong handles keep terminals alive (caf-0.17.md pitfall 2). Set up before the elements
// start; thread-safe for lookups afterwards (registration takes a lock).
#pragma once

#include "elements/common.hpp"
#include "actors/listener_id.hpp"

#include <caf/actor.hpp>
#include <caf/fwd.hpp>

#include <atomic>
#include <functional>
#include <shared_mutex>
#include <unordered_map>
#include <vector>

namespace ngn::actors {

using elements::element_id;
using elements::envelope;

/// Unix microseconds from the actor clock (steady): the offset is taken once per process. The
/// time of the element shells and of the envelopes' `queued` stamps.
micros shell_now(const caf::actor_clock& clock);

class router {
public:
  /// Where envelopes for non-local elements go (the bridge); returns false if it cannot.
  using remote_sink = std::function<bool(envelope&&)>;
  /// Sees every envelope handed to the router (the pcap export).
  using tap = std::function<void(const envelope&)>;
  /// Where envelopes for the external clients of UDP listeners go (actors/listener_id.hpp);
  /// returns false if it cannot take it.
  using listener_sink = std::function<bool(envelope&&)>;

  void add(element_id id, caf::actor a);
  /// Reserves room for `count` terminals of `group`.
  void reserve_group(std::uint32_t group, std::uint32_t count);
  void remove(element_id id);
  void set_remote(remote_sink sink) { remote_ = std::move(sink); }
  void set_tap(tap t) { tap_ = std::move(t); }
  /// The tap set so far (to chain another after it).
  const tap& get_tap() const noexcept { return tap_; }
  /// Set before the elements start (not synchronised with send()).
  void set_listener_sink(listener_sink sink) { listener_ = std::move(sink); }

  /// The local actor for `id`, or an invalid handle.
  caf::actor find(element_id id) const;

  /// Delivers `e` from inside actor `self` (an internal enqueue), or through the remote sink.
  /// Returns false if `e.to` is unknown everywhere (the envelope is dropped and counted). An
  /// envelope for a local actor is stamped with the time it enters its mailbox (`queued`), so
  /// does send_from_outside().
  bool send(caf::event_based_actor* self, envelope&& e) const;
  /// From a thread that is not an actor (bridge, writer, main).
  bool send_from_outside(envelope&& e) const;

  std::uint64_t unroutable() const noexcept { return unroutable_; }
  /// Drops every handle (shutdown).
  void clear();

private:
  caf::actor lookup(element_id id) const;

  mutable std::shared_mutex mtx_;
  std::unordered_map<element_id, caf::actor> fixed_;
  std::vector<std::vector<caf::actor>> groups_;
  bool to_listener(envelope&& e) const;

  remote_sink remote_;
  tap tap_;
  listener_sink listener_;
  mutable std::atomic<std::uint64_t> unroutable_{0};
};

} // namespace ngn::actors
