#include "nodes/emulation.hpp"

#include "actors/atoms.hpp"
#include "actors/crypto_hooks.hpp"
#include "actors/element_actors.hpp"
#include "crypto/derivation.hpp"
#include "nodes/pcap_writer.hpp"
#include "nodes/plan.hpp"
#include "nodes/trace_tap.hpp"
#include "storage/derived.hpp"
#include "storage/writer.hpp"
#include "topology/identity.hpp"
#include "topology/query.hpp"

#include <caf/all.hpp>

#include <malloc.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <thread>

namespace ngn::nodes {

using namespace actors;

namespace {

/// Returns freed memory to the operating system: jemalloc's purge when the executable runs on it
/// (weak: the tests link glibc malloc), else glibc's malloc_trim.
extern "C" int mallctl(const char*, void*, std::size_t*, void*, std::size_t) __attribute__((weak));

void release_free_memory() {
  if (mallctl != nullptr) mallctl("arena.4096.purge", nullptr, nullptr, nullptr, 0); // all arenas
  else malloc_trim(0);
}

/// Current resident set size in KiB (/proc/self/statm).
long current_rss_kb() {
  long pages_total = 0, pages_resident = 0;
  if (FILE* f = std::fopen("/proc/self/statm", "r")) {
    if (std::fscanf(f, "%ld %ld", &pages_total, &pages_resident) != 2) pages_resident = 0;
    std::fclose(f);
  }
  return pages_resident * (sysconf(_SC_PAGESIZE) / 1024);
}

micros now_micros() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
           std::chrono::system_clock::now().time_since_epoch())
    .count();
}

bool hosted(const emulation_options& o, const std::string& node) {
  return o.host_nodes.empty()
         || std::find(o.host_nodes.begin(), o.host_nodes.end(), node) != o.host_nodes.end();
}

/// One AuC of this process: its database writer and what it loaded.
struct auc_host {
  const topology::auc* def = nullptr;
  std::string path;
  std::unique_ptr<storage::writer> writer;
  caf::actor actor;
  auc_summary summary;
};

/// Provisions the AuC's database from the topology (derived keys) and loads it into an FSM.
std::unique_ptr<auc_fsm> prepare_auc(const topology::topology& t, auc_host& h,
                                     random_source& rng, session_sink& sink) {
  storage::subscriber_store store{h.path};
  if (t.subscribers.provision) {
    std::vector<std::string> ids;
    for (const auto& g : t.terminals)
      for (std::uint64_t i = 0; i < g.count; ++i) {
        auto id = topology::identity_for(g, i);
        const auto* owner = topology::auc_for_identity(t, id);
        if (owner != nullptr && owner->name == h.def->name) ids.push_back(std::move(id));
      }
    storage::derived_options d;
    d.secret = t.subscribers.secret;
    d.op = t.subscribers.op;
    d.amf = {static_cast<std::uint8_t>(t.subscribers.amf >> 8),
             static_cast<std::uint8_t>(t.subscribers.amf & 0xff)};
    h.summary.provisioned = storage::provision_derived(store, ids, d);
    for (const auto& p : t.proxies)
      storage::set_element_key(store, p.name, "proxy",
                               crypto::derive_element_key(byte_view{t.subscribers.secret}, p.name));
    for (const auto& s : t.softswitches)
      storage::set_element_key(store, s.name, "softswitch",
                               crypto::derive_element_key(byte_view{t.subscribers.secret}, s.name));
  }
  auc_config cfg;
  cfg.name = h.def->name;
  cfg.node = h.def->node;
  auto fsm = std::make_unique<auc_fsm>(cfg, rng, sink);
  for (auto& s : store.load_all()) {
    auc_subscriber a;
    a.k = s.k;
    crypto::key128::from(byte_view{s.opc}, a.opc);
    a.amf = s.amf;
    a.sqn = s.sqn;
    a.flags = s.flags;
    fsm->add_subscriber(std::move(s.identity), std::move(a));
  }
  for (auto& e : store.load_elements()) fsm->add_element(e.name, e.kind, e.key);
  h.summary.subscribers = fsm->subscriber_count();
  return fsm;
}

struct completion {
  std::mutex mtx;
  std::condition_variable cv;
  std::vector<group_result> results;
};

void print_progress(const std::vector<std::shared_ptr<group_progress>>& ps, std::uint64_t total,
                    micros t0, std::uint64_t& last_est, micros& last_t) {
  std::uint64_t started = 0, est = 0, failed = 0;
  for (const auto& p : ps) {
    started += p->started.load(std::memory_order_relaxed);
    est += p->established.load(std::memory_order_relaxed);
    failed += p->failed.load(std::memory_order_relaxed);
  }
  const micros now = now_micros();
  const double rate = now > last_t ? double(est - last_est) * 1e6 / double(now - last_t) : 0;
  std::fprintf(stderr, "  %6.1f s  started %llu/%llu  established %llu  failed %llu  %.0f reg/s\n",
               double(now - t0) / 1e6, static_cast<unsigned long long>(started),
               static_cast<unsigned long long>(total), static_cast<unsigned long long>(est),
               static_cast<unsigned long long>(failed), rate);
  last_est = est;
  last_t = now;
}

} // namespace

emulation_report run_emulation(const emulation_options& o) {
  install_crypto_hooks();
  const auto& t = o.topo;
  plan p{t};
  emulation_report report;

  // -- storage: one writer per hosted AuC, provisioned and loaded before anything starts ------
  std::vector<std::unique_ptr<auc_host>> aucs;
  std::vector<std::unique_ptr<random_source>> rngs;
  std::vector<std::unique_ptr<session_sink>> sinks;
  std::vector<std::unique_ptr<auc_fsm>> fsms;
  for (const auto& a : t.aucs) {
    if (!hosted(o, a.node)) continue;
    auto h = std::make_unique<auc_host>();
    h->def = &a;
    h->path = !o.db_override.empty() && t.aucs.size() == 1 ? o.db_override : a.database;
    h->summary.name = a.name;
    h->summary.database = h->path;
    h->writer = std::make_unique<storage::writer>(h->path);
    rngs.push_back(make_system_random());
    sinks.push_back(make_writer_sink(*h->writer));
    fsms.push_back(prepare_auc(t, *h, *rngs.back(), *sinks.back()));
    aucs.push_back(std::move(h));
  }

  // -- the actor system -----------------------------------------------------------------------
  caf::actor_system_config cfg;
  cfg.set("scheduler.max-threads", static_cast<std::size_t>(std::max(1u, o.threads)));
  if (o.policy == "stealing") cfg.set("scheduler.policy", caf::atom("stealing"));
  else cfg.set("scheduler.policy", caf::atom("sharing"));
  auto sys = std::make_unique<caf::actor_system>(cfg);
  router r;
  std::shared_ptr<pcap_writer> pcap;
  if (!o.pcap_path.empty()) {
    // The trace never slows the emulation down: bounded buffer, drops counted (pcap_writer.hpp).
    pcap = std::make_shared<pcap_writer>(o.pcap_path);
    auto addresses = [&p](element_id id, dialogue::protocol proto) -> std::optional<endpoint> {
      auto a = p.address_of(id, proto);
      if (a.ipv4 == 0) return std::nullopt;
      return endpoint{a.ipv4, a.port};
    };
    r.set_tap(trace_tap{addresses, pcap});
  }
  std::vector<caf::actor> infrastructure; // soft switches, proxies, then AuCs (drain order)

  const auto secret = byte_view{t.subscribers.secret};
  for (const auto& s : t.softswitches) {
    if (!hosted(o, s.node)) continue;
    softswitch_config c;
    c.name = s.name;
    c.node = s.node;
    c.kss = crypto::derive_element_key(secret, s.name);
    c.supported = to_dialogue(s.mechanisms);
    c.domain = t.emulation.domain;
    c.self = p.address_of(p.id_of(s.name), dialogue::protocol::sip);
    c.auc_timeout = std::chrono::duration_cast<std::chrono::microseconds>(t.emulation.auc_timeout)
                      .count();
    std::vector<element_id> mine;
    for (const auto& a : s.aucs) mine.push_back(p.id_of(a));
    auto aucs_of = [&t, &p, mine](std::string_view identity) {
      const auto* a = identity.empty() ? nullptr : topology::auc_for_identity(t, identity);
      return a != nullptr ? p.id_of(a->name) : (mine.empty() ? no_element : mine.front());
    };
    auto peers = [&p](element_id from) {
      peer_info pi;
      const auto* e = p.find(from);
      pi.is_proxy = e != nullptr && e->kind == topology::element_kind::proxy;
      if (pi.is_proxy) pi.name = e->name;
      pi.node = p.node_of(from);
      return pi;
    };
    const auto id = p.id_of(s.name);
    auto a = spawn_softswitch(*sys, r, id, std::move(c), aucs_of, peers);
    r.add(id, a);
    infrastructure.push_back(a);
  }
  for (const auto& sp : t.proxies) {
    if (!hosted(o, sp.node)) continue;
    proxy_config c;
    c.name = sp.name;
    c.node = sp.node;
    c.ksp = crypto::derive_element_key(secret, sp.name);
    c.supported = to_dialogue(sp.mechanisms);
    c.self = p.address_of(p.id_of(sp.name), dialogue::protocol::sip);
    c.softswitch = p.id_of(sp.softswitch);
    const auto id = p.id_of(sp.name);
    auto a = spawn_proxy(*sys, r, id, std::move(c));
    r.add(id, a);
    infrastructure.push_back(a);
  }

  for (std::size_t i = 0; i < aucs.size(); ++i) {
    auto& h = *aucs[i];
    const auto id = p.id_of(h.def->name);
    h.actor = spawn_auc(*sys, r, id, std::move(fsms[i]), std::move(rngs[i]), std::move(sinks[i]),
                        *h.writer);
    r.add(id, h.actor);
    infrastructure.push_back(h.actor);
  }

  // -- terminal groups --------------------------------------------------------------------------
  completion done;
  std::vector<std::shared_ptr<group_progress>> progress;
  std::vector<caf::actor> drivers;
  std::vector<std::shared_ptr<terminal_profile>> profiles;
  for (const auto& gp : p.groups()) {
    const auto& g = *gp.group;
    if (!hosted(o, g.node)) continue;
    auto prof = std::make_shared<terminal_profile>();
    prof->proto = to_dialogue(g.protocol);
    prof->domain = t.emulation.domain;
    prof->offered = to_dialogue(g.mechanisms);
    prof->next_hop = gp.next_hop;
    prof->next_hop_addr = p.address_of(gp.next_hop, prof->proto);
    profiles.push_back(prof);
    group_setup s;
    s.p = &p;
    s.gp = &gp;
    s.profile = prof;
    s.secret = t.subscribers.secret;
    s.op = t.subscribers.op;
    s.rate = o.rate >= 0 ? o.rate : g.rate;
    s.progress = std::make_shared<group_progress>();
    s.on_done = [&done](group_result res) {
      std::lock_guard lock{done.mtx};
      done.results.push_back(std::move(res));
      done.cv.notify_all();
    };
    progress.push_back(s.progress);
    report.terminals += g.count;
    drivers.push_back(spawn_terminal_group(*sys, r, std::move(s)));
  }

  release_free_memory();
  report.rss_before_terminals_kb = current_rss_kb();

  // -- run ----------------------------------------------------------------------------------------
  report.started = now_micros();
  for (auto& d : drivers) caf::anon_send(d, atoms::start::value);
  {
    std::uint64_t last_est = 0;
    micros last_t = report.started;
    micros last_print = report.started;
    std::unique_lock lock{done.mtx};
    const auto deadline = std::chrono::steady_clock::now() + o.timeout;
    while (done.results.size() < drivers.size()) {
      if (done.cv.wait_until(lock, std::min(deadline, std::chrono::steady_clock::now()
                                                        + std::chrono::milliseconds(100)))
            == std::cv_status::timeout
          && std::chrono::steady_clock::now() >= deadline) {
        report.timed_out = true;
        break;
      }
      if (o.progress && now_micros() - last_print >= seconds) {
        lock.unlock();
        print_progress(progress, report.terminals, report.started, last_est, last_t);
        last_print = now_micros();
        lock.lock();
      }
    }
    report.groups = done.results;
  }
  report.ended = now_micros();

  // -- drain: soft switches first (their reports), then the AuCs, then the writers ---------------
  {
    caf::scoped_actor self{*sys, true};
    for (auto& a : infrastructure)
      self->request(a, std::chrono::seconds(10), atoms::stats::value)
        .receive([](std::vector<std::uint64_t>&) {}, [](caf::error&) {});
    for (auto& h : aucs)
      self->request(h->actor, std::chrono::seconds(10), atoms::stats::value)
        .receive(
          [&](std::vector<std::uint64_t>& v) {
            if (v.size() >= 6) {
              h->summary.challenges = v[1];
              h->summary.resyncs = v[2];
              h->summary.established = v[3];
              h->summary.failed = v[4];
              h->summary.expired = v[5];
            }
          },
          [](caf::error&) {});
  }
  for (auto& h : aucs) {
    h->writer->flush();
    auto st = h->writer->get_stats();
    h->summary.transactions = st.transactions;
    h->summary.ops = st.ops;
    h->summary.max_batch = st.max_batch;
    h->summary.write_errors = st.errors;
  }

  // Idle: every terminal registered. Memory freed by the burst is handed back first, as the
  // allocator would on its own after a while, so that this measures what idle terminals hold.
  release_free_memory();
  report.rss_after_kb = current_rss_kb();
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  report.peak_rss_kb = ru.ru_maxrss;
  report.cpu_seconds = double(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec)
                       + double(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;

  // -- shut down (caf-0.17.md §3.13 order) -------------------------------------------------------
  for (auto& d : drivers) caf::anon_send_exit(d, caf::exit_reason::user_shutdown);
  for (auto& a : infrastructure) caf::anon_send_exit(a, caf::exit_reason::user_shutdown);
  for (const auto& gp : p.groups())
    for (std::uint32_t i = 0; i < gp.group->count; ++i)
      if (auto a = r.find(terminal_id(gp.index, i)))
        caf::anon_send_exit(a, caf::exit_reason::user_shutdown);
  r.clear();
  drivers.clear();
  infrastructure.clear();
  for (auto& h : aucs) h->actor = caf::actor{};
  sys.reset();
  for (auto& h : aucs) {
    h->writer.reset(); // commits anything left
    report.aucs.push_back(h->summary);
  }
  if (pcap) {
    pcap->close();
    const auto st = pcap->stats();
    report.pcap_path = o.pcap_path;
    report.pcap_packets = st.packets_written;
    report.pcap_dropped = st.packets_dropped;
    report.pcap_error = st.error;
  }
  return report;
}

} // namespace ngn::nodes
