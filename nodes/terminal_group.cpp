#include "nodes/terminal_group.hpp"
#include "nodes/log.hpp"

#include "actors/atoms.hpp"
#include "actors/spawn.hpp"
#include "crypto/derivation.hpp"
#include "crypto/secret.hpp"
#include "crypto/milenage.hpp"
#include "crypto/random.hpp"
#include "nodes/keylog_file.hpp"
#include "topology/identity.hpp"

#include <caf/all.hpp>

#include <cmath>

namespace ngn::nodes {

using namespace actors;
using namespace elements;

namespace {

using pump_atom = caf::atom_constant<caf::atom("ngn_pump")>;
using give_up_atom = caf::atom_constant<caf::atom("ngn_giveup")>;

constexpr auto pump_period = std::chrono::milliseconds(10);
/// The schedule's resolution: due terminals are ticked within this.
constexpr auto scan_period = std::chrono::milliseconds(100);
constexpr std::uint32_t batch = 1000; ///< spawns per pump message (keeps the actor fair)

class group_actor : public caf::event_based_actor {
public:
  group_actor(caf::actor_config& cfg, router* r, group_setup s)
    : caf::event_based_actor(cfg), router_(r), s_(std::move(s)) {
    const auto& g = *s_.gp->group;
    count_ = static_cast<std::uint32_t>(g.count);
    first_done_.assign(count_, false);
    deadlines_ = std::make_unique<std::atomic<micros>[]>(count_);
    for (std::uint32_t i = 0; i < count_; ++i) deadlines_[i].store(0, std::memory_order_relaxed);
    result_.name = g.name;
    result_.node = g.node;
    result_.proto = g.protocol;
    result_.via_proxy = s_.gp->via_proxy;
    result_.count = g.count;
    router_->reserve_group(s_.gp->index, count_);
  }

  caf::behavior make_behavior() override {
    return {
      [this](atoms::start) {
        t0_ = unix_micros();
        next_arrival_ = t0_;
        result_.first_start = t0_;
        if (count_ == 0) {
          settle();
          leave(0, 0);
        } else {
          send(this, pump_atom::value);
          delayed_send(this, scan_period, atoms::tick::value);
        }
      },
      [this](pump_atom) { pump(); },
      [this](atoms::tick) {
        if (finished_) return;
        scan();
        check();
        delayed_send(this, scan_period, atoms::tick::value);
      },
      [this](element_id id, terminal_outcome& o) { record(id, o); },
      [this](sa_record& sa) {
        if (s_.keylog) s_.keylog->write(sa);
      },
      // The run ends (its duration, a signal, the timeout): terminals stop arriving, registered
      // ones de-register, a window at a time; the group reports once they have left.
      // Interrupted (a signal, the timeout): the user wants the run to end, every terminal is
      // told at once.
      [this](atoms::stop, std::int64_t grace, bool interrupted) {
        leave(micros(grace), interrupted ? 0 : s_.leave_window);
      },
      [this](give_up_atom) {
        // With a leave window the grace counts from the last departure.
        const micros idle = unix_micros() - last_departure_;
        if (leave_window_ > 0 && idle < grace_)
          delayed_send(this, std::chrono::microseconds(grace_ - idle), give_up_atom::value);
        else
          finish();
      },
    };
  }

private:
  const life_counters& life() const { return s_.progress->life; }

  /// Seconds to the next arrival of a Poisson process of rate `rate`: Exp(rate).
  micros exponential_gap() {
    std::uint32_t r = 0;
    crypto::random_bytes(reinterpret_cast<std::uint8_t*>(&r), sizeof r);
    const double u = (static_cast<double>(r) + 1.0) / 4294967296.0;
    return static_cast<micros>(-std::log(u) / s_.rate * 1e6);
  }

  void pump() {
    if (finished_ || leaving_) return;
    const micros now = unix_micros();
    std::uint32_t target = count_;
    if (s_.rate > 0 && !s_.poisson) {
      const double due = s_.rate * static_cast<double>(now - t0_) / 1e6 + 1;
      target = due >= count_ ? count_ : static_cast<std::uint32_t>(due);
    }
    std::uint32_t spawned = 0;
    while (started_ < count_ && spawned < batch) {
      if (s_.rate > 0 && s_.poisson) {
        if (next_arrival_ > now) break;
        next_arrival_ += exponential_gap();
      } else if (started_ >= target) {
        break;
      }
      if (s_.window > 0 && started_ - nfirst_ >= s_.window) break; // record() pumps again

      start_one(started_++);
      ++spawned;
    }
    s_.progress->started.store(started_, std::memory_order_relaxed);
    if (started_ < count_) {
      if (spawned == batch) send(this, pump_atom::value);
      else if (!window_full()) delayed_send(this, pump_period, pump_atom::value);
      else pump_waits_ = true; // the next first outcome pumps
    }
  }

  bool window_full() const { return s_.window > 0 && started_ - nfirst_ >= s_.window; }

  void start_one(std::uint32_t i) {
    const auto& g = *s_.gp->group;
    std::string identity = topology::identity_for(g, i);
    auto k = crypto::derive_subscriber_key(byte_view{s_.secret}, identity);
    crypto::key128 opc;
    auto opc_block = crypto::milenage_opc(k, s_.op.raw());
    crypto::key128::from(byte_view{opc_block}, opc);
    crypto::secure_zero(opc_block.data(), opc_block.size());
    const element_id id = terminal_id(s_.gp->index, i);
    terminal_fsm fsm{*s_.profile, std::move(identity), k, opc,
                     s_.p->address_of(id, s_.gp->group->protocol),
                     static_cast<std::uint32_t>(s_.gp->first_number + i)};
    auto t = spawn_terminal(system(), *router_, caf::actor_cast<caf::actor>(this), std::move(fsm),
                            id, &deadlines_[i]);
    router_->add(id, t);
    send(t, atoms::start::value);
  }

  /// The group's schedule: every terminal whose published deadline has come gets a tick. The
  /// slot is cleared first (compare-exchange, so that a deadline the terminal published since is
  /// kept); the terminal publishes its next one once it handled the tick.
  void scan() {
    const micros now = unix_micros();
    for (std::uint32_t i = 0; i < started_; ++i) {
      micros d = deadlines_[i].load(std::memory_order_relaxed);
      if (d == 0 || d > now) continue;
      if (!deadlines_[i].compare_exchange_strong(d, 0, std::memory_order_relaxed)) continue;
      if (auto a = router_->find(terminal_id(s_.gp->index, i))) send(a, atoms::tick::value);
    }
  }

  void record(element_id id, const terminal_outcome& r) {
    const auto index = static_cast<std::uint32_t>(id & 0xffffffffu);
    if (finished_ || id != terminal_id(s_.gp->index, index) || index >= count_) return;
    if (r.kind == registration_kind::departure) {
      ++departed_;
      last_departure_ = unix_micros();
      s_.progress->departed.fetch_add(1, std::memory_order_relaxed);
      pump_leaves();
      check();
      return;
    }
    result_.attempts += r.attempts;
    result_.resyncs += r.resyncs;
    // The rate's window ends at the last registration outcome, not at the de-registrations that
    // end the run.
    if (!leaving_) result_.last_done = unix_micros();
    if (r.established) {
      ++result_.mechanisms[r.mechanism];
      // Every established registration's latency (refreshes included): one atomic add; the
      // group's result takes a snapshot of the histogram when it finishes.
      s_.progress->latency.record(r.latency > 0 ? static_cast<std::uint64_t>(r.latency) : 0);
    } else {
      // Counted under the catalogue's text, as the database's reasons table words it
      // (elements/reasons.hpp); the particulars stay in the session row and the debug log.
      const auto text = reason_text(static_cast<reason_code>(r.reason_code));
      ++result_.failures[text.empty() ? r.reason : std::string(text)];
      if (log::enabled(log::level::debug))
        log::logf(log::level::debug, "%s: registration failed: %s",
                  topology::identity_for(*s_.gp->group, index).c_str(), r.reason.c_str());
    }
    if (r.kind == registration_kind::initial && !first_done_[index]) {
      first_done_[index] = true;
      ++nfirst_;
      if (r.established) {
        ++result_.established;
        s_.progress->established.fetch_add(1, std::memory_order_relaxed);
      } else {
        ++result_.failed;
        s_.progress->failed.fetch_add(1, std::memory_order_relaxed);
      }
      if (pump_waits_ && !window_full()) {
        pump_waits_ = false;
        pump();
      }
    }
    check();
  }

  /// Settled: every terminal had its first outcome and, where terminals hold their registration
  /// for a while, every one has left again. A run with a duration never settles here.
  void check() {
    if (finished_) return;
    if (leaving_) {
      if (nfirst_ == started_ && life().active.load(std::memory_order_relaxed) <= 0) finish();
      return;
    }
    if (settled_ || s_.endless || nfirst_ < count_) return;
    const bool holds = s_.profile->hold > 0;
    if (holds && life().active.load(std::memory_order_relaxed) > 0) return;
    settle();
  }

  void settle() {
    if (settled_) return;
    settled_ = true;
    if (s_.on_settled) s_.on_settled();
  }

  /// DESIGN.md §1.2: at the end of a run every registered terminal de-registers; terminals under
  /// way de-register once registered; those not yet started never start.
  /// `window`: at most this many terminals leaving at once (each departure lets the next one
  /// go), 0: all at once; the de-registrations then meet no queue longer than the window, as the
  /// first registrations did (--window).
  void leave(micros grace, std::uint32_t window) {
    if (finished_ || leaving_) return;
    leaving_ = true;
    settle();
    result_.count = started_;
    leave_window_ = window;
    grace_ = grace;
    last_departure_ = unix_micros();
    pump_leaves();
    delayed_send(this, std::chrono::microseconds(grace), give_up_atom::value);
    check();
  }

  void pump_leaves() {
    while (told_ < started_ && (leave_window_ == 0 || told_ - departed_ < leave_window_)) {
      if (auto a = router_->find(terminal_id(s_.gp->index, told_)))
        send(a, atoms::leave::value);
      else
        ++departed_; // no actor: nothing to wait for
      ++told_;
    }
  }

  void finish() {
    if (finished_) return;
    finished_ = true;
    for (std::uint32_t i = 0; i < started_; ++i) {
      if (first_done_[i]) continue;
      ++result_.failed;
      ++result_.failures["no outcome when the run ended"];
    }
    const auto active = life().active.load(std::memory_order_relaxed);
    result_.left_registered = active > 0 ? static_cast<std::uint64_t>(active) : 0;
    result_.life = life_totals::of(life());
    result_.latency = s_.progress->latency.snapshot();
    if (result_.last_done == 0) result_.last_done = unix_micros();
    if (s_.on_done) s_.on_done(std::move(result_));
  }

  router* router_;
  group_setup s_;
  std::uint32_t count_ = 0;
  std::uint32_t started_ = 0;
  std::uint32_t nfirst_ = 0;   ///< terminals with their first outcome
  micros t0_ = 0;
  micros next_arrival_ = 0;    ///< Poisson arrivals
  bool settled_ = false;
  bool leaving_ = false;
  bool finished_ = false;
  bool pump_waits_ = false;    ///< the window is full: the next first outcome pumps
  std::uint32_t told_ = 0;     ///< terminals told to leave
  std::uint32_t departed_ = 0; ///< of them, those that left (registration_kind::departure)
  std::uint32_t leave_window_ = 0;
  micros grace_ = 0;
  micros last_departure_ = 0;
  std::vector<bool> first_done_;
  std::unique_ptr<std::atomic<micros>[]> deadlines_;
  group_result result_;
};

} // namespace

caf::actor spawn_terminal_group(caf::actor_system& sys, actors::router& r, group_setup setup) {
  return sys.spawn<group_actor>(&r, std::move(setup));
}

} // namespace ngn::nodes
