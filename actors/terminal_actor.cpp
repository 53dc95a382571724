#include "actors/terminal_actor.hpp"

#include "actors/atoms.hpp"

#include <caf/all.hpp>

namespace ngn::actors {

namespace {

class terminal_actor : public caf::event_based_actor {
public:
  terminal_actor(caf::actor_config& cfg, const router* r, caf::actor group, std::uint32_t index,
                 terminal_fsm fsm, element_id self_id)
    : caf::event_based_actor(cfg), router_(r), group_(std::move(group)), fsm_(std::move(fsm)),
      self_id_(self_id), index_(index) {}

  caf::behavior make_behavior() override {
    return {
      [this](atoms::start) { act([&](terminal_output& out) { fsm_.start(unix_micros(), out); }); },
      [this](atoms::tick) { act([&](terminal_output& out) { fsm_.on_tick(unix_micros(), out); }); },
      [this](envelope& e) {
        act([&](terminal_output& out) { fsm_.on_datagram(e.payload, unix_micros(), out); });
      },
    };
  }

private:
  template <class F>
  void act(F&& f) {
    terminal_output out;
    f(out);
    bool unreachable = false;
    for (auto& d : out.sends)
      unreachable |= !router_->send(this, envelope{d.to, self_id_, kind_of(d.proto),
                                                   std::move(d.bytes)});
    if (unreachable && !out.done) {
      // The message did not leave this node (its destination's node is down): fail fast.
      out.sends.clear();
      fsm_.on_unreachable("its node is down", unix_micros(), out);
      for (auto& d : out.sends)
        router_->send(this, envelope{d.to, self_id_, kind_of(d.proto), std::move(d.bytes)});
    }
    if (out.done) {
      terminal_report r;
      r.index = index_;
      r.established = out.done->established;
      r.attempts = out.done->attempts;
      r.resyncs = out.done->resyncs;
      r.latency = out.done->latency;
      r.mechanism = std::move(out.done->mechanism);
      r.reason = std::move(out.done->reason);
      send(group_, std::move(r));
    }
  }

  const router* router_;
  caf::actor group_;
  terminal_fsm fsm_;
  element_id self_id_;
  std::uint32_t index_;
};

} // namespace

caf::actor spawn_terminal(caf::actor_system& sys, const router& r, caf::actor group,
                          std::uint32_t index, terminal_fsm fsm, element_id self_id) {
  return sys.spawn<terminal_actor, caf::lazy_init>(&r, std::move(group), index, std::move(fsm),
                                                   self_id);
}

} // namespace ngn::actors
