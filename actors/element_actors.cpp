#include "actors/element_actors.hpp"

#include "actors/atoms.hpp"
#include "crypto/random.hpp"
#include "storage/writer.hpp"

#include <caf/all.hpp>

namespace ngn::actors {

namespace {

constexpr auto ss_sweep = std::chrono::milliseconds(100);
constexpr auto sp_sweep = std::chrono::milliseconds(500);
constexpr auto auc_sweep = std::chrono::milliseconds(1000);

// -- soft switch ----------------------------------------------------------------------------

class softswitch_actor : public caf::event_based_actor {
public:
  softswitch_actor(caf::actor_config& cfg, const router* r, element_id self_id,
                   softswitch_config sc, softswitch_fsm::auc_router aucs, peer_lookup peers,
                   std::unique_ptr<random_source> rng)
    : caf::event_based_actor(cfg), router_(r), self_id_(self_id), rng_(std::move(rng)),
      fsm_(std::move(sc), *rng_, std::move(aucs)), peers_(std::move(peers)) {}

  caf::behavior make_behavior() override {
    delayed_send(this, ss_sweep, atoms::tick::value);
    return {
      [this](envelope& e) {
        softswitch_output out;
        const auto now = unix_micros();
        if (e.kind == envelope_kind::auc) {
          auto m = auc::decode(e.payload);
          if (m) fsm_.on_auc(*m, now, out);
        } else {
          fsm_.on_datagram(e.from, peers_(e.from), protocol_of(e.kind), e.payload, now, out);
        }
        flush(out);
      },
      [this](atoms::tick) {
        softswitch_output out;
        fsm_.on_tick(unix_micros(), out);
        flush(out);
        delayed_send(this, ss_sweep, atoms::tick::value);
      },
      [this](atoms::stats) {
        const auto& s = fsm_.stats();
        return std::vector<std::uint64_t>{s.requests, s.challenges, s.established, s.rejected,
                                          s.malformed, s.replays, s.auc_timeouts, s.refusals};
      },
    };
  }

private:
  void flush(softswitch_output& out) {
    for (auto& d : out.sends)
      router_->send(this, envelope{d.to, self_id_, kind_of(d.proto), std::move(d.bytes)});
    for (auto& [to, m] : out.to_auc)
      router_->send(this, envelope{to, self_id_, envelope_kind::auc, auc::encode(m)});
  }

  const router* router_;
  element_id self_id_;
  std::unique_ptr<random_source> rng_;
  softswitch_fsm fsm_;
  peer_lookup peers_;
};

// -- proxy ----------------------------------------------------------------------------------

class proxy_actor : public caf::event_based_actor {
public:
  proxy_actor(caf::actor_config& cfg, const router* r, element_id self_id, proxy_config pc)
    : caf::event_based_actor(cfg), router_(r), self_id_(self_id), fsm_(std::move(pc)) {}

  caf::behavior make_behavior() override {
    delayed_send(this, sp_sweep, atoms::tick::value);
    return {
      [this](envelope& e) {
        proxy_output out;
        const auto now = unix_micros();
        if (e.from == fsm_.config().softswitch)
          fsm_.on_from_softswitch(protocol_of(e.kind), e.payload, now, out);
        else
          fsm_.on_from_terminal(e.from, protocol_of(e.kind), e.payload, now, out);
        flush(out);
      },
      [this](atoms::tick) {
        proxy_output out;
        fsm_.on_tick(unix_micros(), out);
        flush(out);
        delayed_send(this, sp_sweep, atoms::tick::value);
      },
      [this](atoms::stats) {
        const auto& s = fsm_.stats();
        return std::vector<std::uint64_t>{s.relayed_up, s.relayed_down, s.established,
                                          s.malformed, s.sec_agree_mismatches};
      },
    };
  }

private:
  void flush(proxy_output& out) {
    for (auto& d : out.sends)
      router_->send(this, envelope{d.to, self_id_, kind_of(d.proto), std::move(d.bytes)});
    for (auto& r : out.reports)
      router_->send(this, envelope{fsm_.config().softswitch, self_id_, envelope_kind::auc,
                                   auc::encode(auc::message{std::move(r)})});
  }

  const router* router_;
  element_id self_id_;
  proxy_fsm fsm_;
};

// -- AuC ------------------------------------------------------------------------------------

class auc_actor : public caf::event_based_actor {
public:
  auc_actor(caf::actor_config& cfg, const router* r, element_id self_id,
            std::unique_ptr<auc_fsm> fsm, std::unique_ptr<random_source> rng,
            std::unique_ptr<session_sink> sink)
    : caf::event_based_actor(cfg), router_(r), self_id_(self_id), rng_(std::move(rng)),
      sink_(std::move(sink)), fsm_(std::move(fsm)) {}

  caf::behavior make_behavior() override {
    delayed_send(this, auc_sweep, atoms::tick::value);
    return {
      [this](envelope& e) {
        if (e.kind != envelope_kind::auc) return;
        auto m = auc::decode(e.payload);
        if (!m) return; // DESIGN.md §5: never crash on input; nothing to answer
        auc_output out;
        fsm_->on_message(e.from, *m, unix_micros(), out);
        flush(out);
      },
      [this](atoms::rejected, std::uint64_t ticket, const std::string& reason) {
        auc_output out;
        fsm_->on_rejected(ticket, reason, out);
        flush(out);
      },
      [this](atoms::committed, std::uint64_t ticket) {
        auc_output out;
        fsm_->on_committed(ticket, out);
        flush(out);
      },
      [this](atoms::tick) {
        auc_output out;
        fsm_->on_tick(unix_micros(), out);
        flush(out);
        delayed_send(this, auc_sweep, atoms::tick::value);
      },
      [this](atoms::stats) {
        const auto& s = fsm_->stats();
        return std::vector<std::uint64_t>{s.requests, s.challenges, s.resyncs, s.established,
                                          s.failed, s.expired, s.unknown};
      },
      [this](atoms::stop) {
        fsm_->close_open(unix_micros());
        return caf::unit;
      },
    };
  }

private:
  void flush(auc_output& out) {
    for (auto& [to, m] : out.replies)
      router_->send(this, envelope{to, self_id_, envelope_kind::auc, auc::encode(m)});
  }

  const router* router_;
  element_id self_id_;
  std::unique_ptr<random_source> rng_;
  std::unique_ptr<session_sink> sink_;
  std::unique_ptr<auc_fsm> fsm_;
};

class writer_sink final : public session_sink {
public:
  explicit writer_sink(storage::writer& w) : w_(&w) {}
  std::uint64_t submit(std::vector<storage::write_op> ops) override {
    return w_->submit(std::move(ops));
  }
  std::int64_t next_session_id() override { return w_->next_session_id(); }

private:
  storage::writer* w_;
};

class system_random final : public random_source {
public:
  void fill(std::uint8_t* out, std::size_t n) override { crypto::random_bytes(out, n); }
};

} // namespace

caf::actor spawn_softswitch(caf::actor_system& sys, const router& r, element_id self_id,
                            softswitch_config cfg, softswitch_fsm::auc_router aucs,
                            peer_lookup peers) {
  return sys.spawn<softswitch_actor>(&r, self_id, std::move(cfg), std::move(aucs),
                                     std::move(peers), make_system_random());
}

caf::actor spawn_proxy(caf::actor_system& sys, const router& r, element_id self_id,
                       proxy_config cfg) {
  return sys.spawn<proxy_actor>(&r, self_id, std::move(cfg));
}

caf::actor spawn_auc(caf::actor_system& sys, const router& r, element_id self_id,
                     std::unique_ptr<auc_fsm> fsm, std::unique_ptr<random_source> rng,
                     std::unique_ptr<session_sink> sink, storage::writer& writer) {
  auto a = sys.spawn<auc_actor>(&r, self_id, std::move(fsm), std::move(rng), std::move(sink));
  // The writer thread reports commits; the AuC then releases the challenges they cover.
  writer.on_commit([a](std::uint64_t ticket, const std::string& error) {
    if (error.empty()) caf::anon_send(a, atoms::committed::value, ticket);
  });
  // Runs before the on_commit of the same transaction, so the AuC drops the refused challenge
  // before the commit would release it.
  writer.on_reject([a](std::uint64_t ticket, std::size_t, const std::string& reason) {
    caf::anon_send(a, atoms::rejected::value, ticket, reason);
  });
  return a;
}

std::unique_ptr<session_sink> make_writer_sink(storage::writer& w) {
  return std::make_unique<writer_sink>(w);
}

std::unique_ptr<random_source> make_system_random() { return std::make_unique<system_random>(); }

} // namespace ngn::actors
