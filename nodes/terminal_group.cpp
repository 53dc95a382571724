#include "nodes/terminal_group.hpp"

#include "actors/atoms.hpp"
#include "actors/spawn.hpp"
#include "crypto/derivation.hpp"
#include "crypto/milenage.hpp"
#include "topology/identity.hpp"

#include <caf/all.hpp>

#include <deque>

namespace ngn::nodes {

using namespace actors;
using namespace elements;

namespace {

using pump_atom = caf::atom_constant<caf::atom("ngn_pump")>;
using give_up_atom = caf::atom_constant<caf::atom("ngn_giveup")>;

constexpr auto pump_period = std::chrono::milliseconds(10);
constexpr auto tick_period = std::chrono::milliseconds(250);
constexpr auto stop_grace = std::chrono::seconds(2); ///< for registrations under way at a stop
constexpr micros slow_after = 1 * seconds; ///< terminals pending longer get timer ticks
constexpr std::uint32_t batch = 1000;      ///< spawns per pump message (keeps the actor fair)

class group_actor : public caf::event_based_actor {
public:
  group_actor(caf::actor_config& cfg, router* r, group_setup s)
    : caf::event_based_actor(cfg), router_(r), s_(std::move(s)) {
    const auto& g = *s_.gp->group;
    count_ = static_cast<std::uint32_t>(g.count);
    done_.assign(count_, false);
    result_.name = g.name;
    result_.node = g.node;
    result_.proto = g.protocol;
    result_.via_proxy = s_.gp->via_proxy;
    result_.count = g.count;
    result_.latencies.reserve(count_);
    router_->reserve_group(s_.gp->index, count_);
  }

  caf::behavior make_behavior() override {
    return {
      [this](atoms::start) {
        t0_ = unix_micros();
        result_.first_start = t0_;
        if (count_ == 0) finish();
        else {
          send(this, pump_atom::value);
          delayed_send(this, tick_period, atoms::tick::value);
        }
      },
      [this](pump_atom) { pump(); },
      [this](atoms::tick) {
        if (finished_) return;
        tick_slow();
        delayed_send(this, tick_period, atoms::tick::value);
      },
      [this](element_id id, terminal_outcome& o) { record(id, o); },
      // The run ends early (SIGINT/SIGTERM, --duration, timeout): report what is known now.
      [this](atoms::stop) { interrupt(); },
      [this](give_up_atom) { give_up(); },
    };
  }

private:
  void pump() {
    if (finished_ || stopping_) return;
    const micros now = unix_micros();
    std::uint32_t target = count_;
    if (s_.rate > 0) {
      const double due = s_.rate * static_cast<double>(now - t0_) / 1e6 + 1;
      target = due >= count_ ? count_ : static_cast<std::uint32_t>(due);
    }
    const std::uint32_t until = std::min(target, started_ + batch);
    for (; started_ < until; ++started_) start_one(started_, now);
    s_.progress->started.store(started_, std::memory_order_relaxed);
    if (started_ < count_) {
      if (s_.rate > 0 && started_ >= target) delayed_send(this, pump_period, pump_atom::value);
      else send(this, pump_atom::value);
    }
  }

  void start_one(std::uint32_t i, micros now) {
    const auto& g = *s_.gp->group;
    std::string identity = topology::identity_for(g, i);
    auto k = crypto::derive_subscriber_key(byte_view{s_.secret}, identity);
    crypto::key128 opc;
    auto opc_block = crypto::milenage_opc(k, s_.op);
    crypto::key128::from(byte_view{opc_block}, opc);
    const element_id id = terminal_id(s_.gp->index, i);
    terminal_fsm fsm{*s_.profile, std::move(identity), k, opc,
                     s_.p->address_of(id, s_.gp->group->protocol),
                     static_cast<std::uint32_t>(s_.gp->first_number + i)};
    auto t = spawn_terminal(system(), *router_, caf::actor_cast<caf::actor>(this), std::move(fsm), id);
    router_->add(id, t);
    send(t, atoms::start::value);
    pending_.emplace_back(now, i);
  }

  void tick_slow() {
    while (!pending_.empty() && done_[pending_.front().second]) pending_.pop_front();
    const micros now = unix_micros();
    for (const auto& [t, i] : pending_) {
      if (now - t < slow_after) break;
      if (done_[i]) continue;
      if (auto a = router_->find(terminal_id(s_.gp->index, i))) send(a, atoms::tick::value);
    }
  }

  void record(element_id id, const terminal_outcome& r) {
    const auto index = static_cast<std::uint32_t>(id & 0xffffffffu);
    if (finished_ || id != terminal_id(s_.gp->index, index)) return;
    if (index >= count_ || done_[index]) return;
    done_[index] = true;
    ++ndone_;
    result_.attempts += r.attempts;
    result_.resyncs += r.resyncs;
    if (r.established) {
      ++result_.established;
      ++result_.mechanisms[r.mechanism];
      result_.latencies.push_back(r.latency);
      s_.progress->established.fetch_add(1, std::memory_order_relaxed);
    } else {
      ++result_.failed;
      ++result_.failures[r.reason];
      s_.progress->failed.fetch_add(1, std::memory_order_relaxed);
    }
    if (ndone_ == count_ || (stopping_ && ndone_ == started_)) finish();
  }

  /// No more terminals start (those never started are not attempted); the ones under way get
  /// a short grace to finish, then count as failed.
  void interrupt() {
    if (finished_ || stopping_) return;
    stopping_ = true;
    result_.count = started_;
    if (ndone_ == started_) finish();
    else delayed_send(this, stop_grace, give_up_atom::value);
  }

  void give_up() {
    if (finished_) return;
    for (std::uint32_t i = 0; i < started_; ++i) {
      if (done_[i]) continue;
      ++result_.failed;
      ++result_.failures["no outcome when the run ended early"];
    }
    finish();
  }

  void finish() {
    if (finished_) return;
    finished_ = true;
    result_.last_done = unix_micros();
    pending_.clear();
    if (s_.on_done) s_.on_done(std::move(result_));
  }

  router* router_;
  group_setup s_;
  std::uint32_t count_ = 0;
  std::uint32_t started_ = 0;
  std::uint32_t ndone_ = 0;
  micros t0_ = 0;
  bool finished_ = false;
  bool stopping_ = false; ///< the run ends early (atoms::stop)
  std::vector<bool> done_;
  std::deque<std::pair<micros, std::uint32_t>> pending_;
  group_result result_;
};

} // namespace

caf::actor spawn_terminal_group(caf::actor_system& sys, actors::router& r, group_setup setup) {
  return sys.spawn<group_actor>(&r, std::move(setup));
}

} // namespace ngn::nodes
