#include "actors/spawn.hpp"

#include "actors/element_shell.hpp"
#include "crypto/hash.hpp"
#include "crypto/random.hpp"
#include "storage/writer.hpp"

#include <chrono>

namespace ngn::actors {

using namespace elements;

namespace {

constexpr auto ss_sweep = std::chrono::milliseconds(100);
constexpr auto sp_sweep = std::chrono::milliseconds(500);
constexpr auto auc_sweep = std::chrono::milliseconds(1000);

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

/// What the soft switch's (or the proxy's) state machine refers to and the shell keeps.
struct softswitch_resources {
  std::unique_ptr<random_source> rng = make_system_random();
};

/// What the AuC's state machine refers to and the shell keeps.
struct auc_resources {
  std::unique_ptr<random_source> rng;
  std::unique_ptr<session_sink> sink;
};

} // namespace

micros shell_now(const caf::actor_clock& clock) {
  // The actor clock is steady; persisted timestamps are Unix time. One offset per process keeps
  // every element's timestamps on one scale (and a test coordinator's clock deterministic).
  static const micros offset =
    unix_micros() - to_micros(caf::actor_clock::clock_type::now().time_since_epoch());
  return offset + to_micros(clock.now().time_since_epoch());
}

caf::actor spawn_softswitch(caf::actor_system& sys, const router& r, element_id self_id,
                            softswitch_config cfg) {
  auto res = std::make_shared<softswitch_resources>();
  auto& rng = *res->rng;
  shell_options o;
  o.tick = ss_sweep;
  o.resources = std::move(res);
  return sys.spawn<element_shell<softswitch_fsm>>(&r, self_id, std::move(o), std::move(cfg), rng);
}

caf::actor spawn_proxy(caf::actor_system& sys, const router& r, element_id self_id,
                       proxy_config cfg) {
  auto res = std::make_shared<softswitch_resources>();
  auto& rng = *res->rng;
  shell_options o;
  o.tick = sp_sweep;
  o.resources = std::move(res);
  return sys.spawn<element_shell<proxy_fsm>>(&r, self_id, std::move(o), std::move(cfg), rng);
}

caf::actor spawn_auc(caf::actor_system& sys, const router& r, element_id self_id, auc_fsm fsm,
                     std::unique_ptr<random_source> rng, std::unique_ptr<session_sink> sink,
                     storage::writer& writer,
                     std::function<void(const std::string&)> on_storage_failure) {
  auto res = std::make_shared<auc_resources>();
  res->rng = std::move(rng);
  res->sink = std::move(sink);
  shell_options o;
  o.tick = auc_sweep;
  o.resources = std::move(res);
  auto a = sys.spawn<element_shell<auc_fsm>>(&r, self_id, std::move(o), std::move(fsm));
  // The writer thread reports commits; the AuC then releases the challenges they cover. A
  // failure it reports (a full disk, an I/O error: retried, still failing) stops the AuC
  // challenging until a commit succeeds again (issue 12 item 5).
  writer.on_commit([a, hook = std::move(on_storage_failure)](std::uint64_t ticket,
                                                              const std::string& error) {
    if (error.empty()) {
      caf::anon_send(a, atoms::committed::value, ticket);
      return;
    }
    caf::anon_send(a, atoms::storage_failed::value, error);
    if (hook) hook(error);
  });
  // Runs before the on_commit of the same transaction, so the AuC drops the refused challenge
  // before the commit would release it.
  writer.on_reject([a](std::uint64_t ticket, std::size_t, const std::string& reason) {
    caf::anon_send(a, atoms::rejected::value, ticket, reason);
  });
  return a;
}

caf::actor spawn_terminal(caf::actor_system& sys, const router& r, caf::actor watcher,
                          terminal_fsm fsm, element_id self_id, std::atomic<micros>* deadline) {
  shell_options o;
  o.watcher = std::move(watcher);
  o.deadline = deadline;
  return sys.spawn<element_shell<terminal_fsm>, caf::lazy_init>(&r, self_id, std::move(o),
                                                                std::move(fsm));
}

std::unique_ptr<session_sink> make_writer_sink(storage::writer& w) {
  return std::make_unique<writer_sink>(w);
}

std::unique_ptr<random_source> make_system_random() { return std::make_unique<system_random>(); }

dialogue::binding_deps crypto_binding_deps() {
  dialogue::binding_deps d;
  d.md5 = [](std::string_view data) { return crypto::md5(byte_view{data}); };
  return d;
}

} // namespace ngn::actors
