// One CAF 0.17 shell for every element state machine (elements/): envelope in, the state
// machine's outbox out through the router, periodic or driven ticks, typed statistics on
// request, the actor clock as the state machine's time (so that CAF's deterministic test
// coordinator can drive it). What only some state machines have — a start (terminals), storage
// commits (the AuC), a drain point at the end of a run — is picked up at compile time.
// Include only in .cpp files that spawn elements: it pulls in CAF.
#pragma once

#include "actors/atoms.hpp"
#include "actors/router.hpp"
#include "elements/common.hpp"

#include <caf/all.hpp>

#include <atomic>
#include <memory>
#include <tuple>
#include <type_traits>
#include <utility>

namespace ngn::actors {

struct shell_options {
  /// The period of the state machine's own sweep; zero when someone else sends the ticks (a
  /// terminal group sends its terminals theirs).
  caf::timespan tick{0};
  /// Receives (element_id, elements::terminal_outcome) for each outcome the state machine reports,
  /// and each elements::sa_record (the key log).
  caf::actor watcher;
  /// Where the shell publishes the state machine's next_deadline() after each event (a terminal
  /// group's schedule: one slot per terminal, no timer per actor); nullptr: none.
  std::atomic<micros>* deadline = nullptr;
  /// Owns what the state machine refers to (its randomness, its storage sink); outlives it.
  std::shared_ptr<void> resources;
};

namespace detail {
template <class T, class = void>
struct has_start : std::false_type {};
template <class T>
struct has_start<T, std::void_t<decltype(std::declval<T&>().start(micros{},
                                                                  std::declval<elements::outbox&>()))>>
  : std::true_type {};
template <class T, class = void>
struct has_undeliverable : std::false_type {};
template <class T>
struct has_undeliverable<T, std::void_t<decltype(std::declval<T&>().on_undeliverable(
                              micros{}, std::declval<elements::outbox&>()))>> : std::true_type {};
template <class T, class = void>
struct has_storage : std::false_type {};
template <class T>
struct has_storage<T, std::void_t<decltype(std::declval<T&>().on_committed(
                        std::uint64_t{}, std::declval<elements::outbox&>()))>> : std::true_type {};
template <class T, class = void>
struct has_stats : std::false_type {};
template <class T>
struct has_stats<T, std::void_t<decltype(std::declval<const T&>().stats())>> : std::true_type {};
template <class T, class = void>
struct has_next_deadline : std::false_type {};
template <class T>
struct has_next_deadline<T, std::void_t<decltype(std::declval<const T&>().next_deadline())>>
  : std::true_type {};
template <class T, class = void>
struct has_leave : std::false_type {};
template <class T>
struct has_leave<T, std::void_t<decltype(std::declval<T&>().leave(micros{},
                                                                  std::declval<elements::outbox&>()))>>
  : std::true_type {};
template <class T, class = void>
struct has_unacknowledged : std::false_type {};
template <class T>
struct has_unacknowledged<
  T, std::void_t<decltype(std::declval<const T&>().unacknowledged_reports())>> : std::true_type {};
template <class T, class = void>
struct has_close : std::false_type {};
template <class T>
struct has_close<T, std::void_t<decltype(std::declval<T&>().close_open(micros{}))>>
  : std::true_type {};
} // namespace detail

template <class Fsm>
class element_shell : public caf::event_based_actor {
public:
  template <class... Args>
  element_shell(caf::actor_config& cfg, const router* r, elements::element_id self,
                shell_options o, Args&&... fsm_args)
    : caf::event_based_actor(cfg), router_(r), self_(self), o_(std::move(o)),
      fsm_(std::forward<Args>(fsm_args)...) {}

  caf::behavior make_behavior() override {
    if (o_.tick.count() > 0) delayed_send(this, o_.tick, atoms::tick::value);
    // One behavior with exactly this state machine's handlers, built in one piece: chaining
    // message handlers (or_else) allocates a combinator per link in every actor — a terminal
    // paid about 450 bytes for its chain — and tries the links one after the other.
    auto common = std::make_tuple(
      [this](elements::envelope& e) {
        act([&](elements::outbox& out) { fsm_.on_envelope(e, now(), out); });
      },
      [this](atoms::tick) {
        act([&](elements::outbox& out) { fsm_.on_tick(now(), out); });
        if (o_.tick.count() > 0) delayed_send(this, o_.tick, atoms::tick::value);
      },
      // Answered once everything queued before it is handled: a drain point. The answer is the
      // number of reports still waiting for the AuC's acknowledgement (a soft switch's; 0 for the
      // others), so that the runtime drains the AuCs only once they have everything.
      [this](atoms::stop) {
        // What is overdue happens first (a registration past its lifetime expires, DESIGN.md
        // §1.2): a loaded machine may have delayed the last tick past the end of the run.
        act([&](elements::outbox& out) { fsm_.on_tick(now(), out); });
        if constexpr (detail::has_close<Fsm>::value) fsm_.close_open(now());
        if constexpr (detail::has_unacknowledged<Fsm>::value)
          return static_cast<std::uint64_t>(fsm_.unacknowledged_reports());
        else
          return std::uint64_t{0};
      });
    return std::apply([](auto&&... hs) { return caf::behavior{std::move(hs)...}; },
                      std::tuple_cat(std::move(common), specific()));
  }

  const Fsm& fsm() const noexcept { return fsm_; }

private:
  micros now() { return shell_now(clock()); }

  /// The handlers only some state machines have, as a tuple (empty where none applies).
  auto specific() {
    auto stats = [this] {
      if constexpr (detail::has_stats<Fsm>::value)
        return std::make_tuple([this](atoms::stats) { return fsm_.stats(); });
      else
        return std::tuple<>{};
    };
    auto start = [this] {
      if constexpr (detail::has_start<Fsm>::value)
        return std::make_tuple([this](atoms::start) {
          act([&](elements::outbox& out) { fsm_.start(now(), out); });
        });
      else
        return std::tuple<>{};
    };
    auto leave = [this] {
      if constexpr (detail::has_leave<Fsm>::value)
        return std::make_tuple([this](atoms::leave) {
          act([&](elements::outbox& out) { fsm_.leave(now(), out); });
        });
      else
        return std::tuple<>{};
    };
    auto storage = [this] {
      if constexpr (detail::has_storage<Fsm>::value)
        return std::make_tuple(
          [this](atoms::committed, std::uint64_t ticket) {
            act([&](elements::outbox& out) { fsm_.on_committed(ticket, out); });
          },
          [this](atoms::rejected, std::uint64_t ticket, const std::string& reason) {
            act([&](elements::outbox& out) { fsm_.on_rejected(ticket, reason, out); });
          },
          [this](atoms::storage_failed, const std::string& error) {
            act([&](elements::outbox& out) { fsm_.on_storage_failed(error, now(), out); });
          });
      else
        return std::tuple<>{};
    };
    return std::tuple_cat(stats(), start(), leave(), storage());
  }

  /// Runs `f` on the state machine and flushes its outbox.
  template <class F>
  void act(F&& f) {
    elements::outbox out;
    f(out);
    bool undeliverable = false;
    for (auto& e : out.messages) {
      e.from = self_;
      undeliverable |= !router_->send(this, std::move(e));
    }
    if constexpr (detail::has_undeliverable<Fsm>::value) {
      if (undeliverable && out.outcomes.empty()) {
        // The message did not leave this node (its destination's node is down): fail fast.
        elements::outbox again;
        fsm_.on_undeliverable(now(), again);
        for (auto& e : again.messages) {
          e.from = self_;
          router_->send(this, std::move(e));
        }
        for (auto& o : again.outcomes) out.outcomes.push_back(std::move(o));
      }
    }
    if (o_.watcher) {
      for (auto& o : out.outcomes) send(o_.watcher, self_, std::move(o));
      for (auto& sa : out.sas) send(o_.watcher, std::move(sa));
    }
    if constexpr (detail::has_next_deadline<Fsm>::value) {
      if (o_.deadline != nullptr) o_.deadline->store(fsm_.next_deadline(), std::memory_order_relaxed);
    }
  }

  const router* router_;
  elements::element_id self_;
  shell_options o_;
  Fsm fsm_;
};

} // namespace ngn::actors
