#include "nodes/runtime.hpp"
#include "nodes/element_counters.hpp"

#include "actors/atoms.hpp"
#include "crypto/derivation.hpp"
#include "nodes/keylog_file.hpp"
#include "nodes/metrics.hpp"
#include "nodes/progress.hpp"
#include "nodes/report_from_db.hpp"
#include "nodes/run_report.hpp"
#include "nodes/stats_file.hpp"
#include "nodes/pcap_writer.hpp"
#include "nodes/trace_tap.hpp"
#include "nodes/event_tap.hpp"
#include "elements/reasons.hpp"
#include "storage/reasons.hpp"
#include "nodes/log.hpp"
#include "protocols/common/escape.hpp"
#include "storage/crash_recovery.hpp"
#include "storage/derived.hpp"
#include "storage/runs.hpp"
#include "storage/schema.hpp"
#include "storage/writer.hpp"
#include "topology/identity.hpp"
#include "topology/write.hpp"

#include <caf/all.hpp>

#include <malloc.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <thread>
#include <cstdio>
#include <map>

/// jemalloc's control interface when the executable runs on it (weak: the tests use glibc).
extern "C" int mallctl(const char*, void*, std::size_t*, void*, std::size_t) __attribute__((weak));

namespace ngn::nodes {


namespace {

/// An envelope's kind for the trace log: the protocol, "auc", "esp" or "control".
std::string kind_name(elements::envelope_kind k) {
  using elements::envelope_kind;
  if (elements::carries_protocol(k)) return std::string(ngn::to_string(elements::protocol_of(k)));
  switch (k) {
    case envelope_kind::auc: return "auc";
    case envelope_kind::esp: return "esp";
    case envelope_kind::control: return "control";
  }
  return "unknown";
}

/// User + system CPU time of this process so far.
double process_cpu_seconds() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  return double(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec)
         + double(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}
} // namespace

using namespace actors;
using namespace elements;

namespace {

/// Returns freed memory to the operating system (jemalloc's purge, else glibc's malloc_trim).
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

/// The group's traffic model (topology/README.md "Traffic model") in its terminals' profile.
void apply_traffic_model(terminal_profile& prof, const topology::terminal_group& g) {
  prof.lifetime = static_cast<std::uint32_t>(
    std::chrono::duration_cast<std::chrono::seconds>(g.lifetime).count());
  prof.reregister = to_micros(topology::reregister_interval(g));
  prof.keepalive = to_micros(g.keepalive);
  prof.hold = to_micros(g.hold);
  prof.hold_exponential = g.hold_distribution == topology::hold_distribution::exponential;
  prof.rearrive = g.rearrive ? to_micros(*g.rearrive) : -1;
}

/// Where the edge keeps terminals alive itself (binding::keepalive_by_edge(): MGCP audits), it
/// audits at the shortest keepalive interval of the groups it is the edge of.
micros audit_interval(const topology::topology& t, const dialogue::registry& bindings,
                      const std::string& edge) {
  micros audit = 0;
  for (const auto& g : t.terminals) {
    if (g.via != edge || g.keepalive.count() <= 0 || !bindings[g.protocol].keepalive_by_edge())
      continue;
    const micros k = to_micros(g.keepalive);
    if (audit == 0 || k < audit) audit = k;
  }
  return audit;
}

} // namespace

/// One AuC of this process: its database writer and state machine.
struct node_runtime::auc_host {
  const topology::auc* def = nullptr;
  std::string path;
  /// Before the writer: released after the writer's last commit (storage/crash_recovery.hpp).
  std::unique_ptr<storage::auc_claim> claim;
  std::unique_ptr<storage::writer> writer;
  std::unique_ptr<random_source> rng;
  std::unique_ptr<session_sink> sink;
  std::optional<auc_fsm> fsm;
  caf::actor actor;
  auc_summary summary;
};

node_runtime::node_runtime(const emulation_options& o)
  : o_(o), plan_(o_.topo), bindings_(crypto_binding_deps()) {
  report_.run_name = o_.run_name;
  report_.name = o_.topo.emulation.name;
  report_.options = o_.report_options;
}

node_runtime::~node_runtime() {
  // Left without shutdown(): set-up failed or an exception ended the run.
  aborted_ = true;
  emulation_report ignored;
  if (sys_) shutdown(ignored);
  else end_run(ignored);
}

namespace {
/// runs.outcome (storage/schema.cpp) of a run that ended with `r`, as this process saw it.
std::string run_outcome(const emulation_report& r) {
  if (r.ended_early == "interrupted") return "interrupted";
  if (r.timed_out || !r.ended_early.empty()) return "timed out";
  for (const auto& g : r.groups)
    if (g.failed + g.life.failures > 0) return "failed";
  return "completed";
}
} // namespace

void node_runtime::end_run(emulation_report& r) {
  if (!run_open_) return;
  run_open_ = false;
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  storage::run_end e;
  e.ended_at = unix_micros();
  e.outcome = aborted_ ? "failed" : run_outcome(r);
  e.cpu_s = process_cpu_seconds();
  e.peak_rss_kib = ru.ru_maxrss;
  if (!aborted_) {
    // README "Run report": the report is stored with the run, the same text --report writes,
    // with the run's worst sessions read back once every session is committed.
    std::vector<std::string> paths;
    for (auto& h : aucs_)
      if (h->writer) {
        h->writer->flush();
        paths.push_back(h->path);
      }
    std::string why;
    r.sessions = read_run_sessions(paths, o_.run_name, why);
    if (!why.empty()) log::logf(log::level::warn, "run report: sessions not read: %s", why.c_str());
    r.report_json = run_report_json(r);
    e.report = r.report_json;
  }
  for (auto& h : aucs_)
    if (h->writer) h->writer->submit(e);
}

namespace {
std::vector<std::pair<std::uint32_t, std::string_view>> reason_rows() {
  std::vector<std::pair<std::uint32_t, std::string_view>> rows;
  for (const auto& e : elements::reason_catalogue)
    if (e.code != elements::reason_code::none)
      rows.emplace_back(static_cast<std::uint32_t>(e.code), e.text);
  return rows;
}
} // namespace

void node_runtime::recover(auc_host& h) {
  // Issue 12 item 5: challenges a process that ended without closing them left open (kill -9, a
  // crash) are closed before this one writes anything, its run_begin included.
  constexpr auto code = elements::reason_code::auc_restarted;
  h.claim = std::make_unique<storage::auc_claim>(
    h.path, storage::crash_reason{static_cast<std::uint32_t>(code), elements::reason_text(code)},
    unix_micros());
  const auto& r = h.claim->recovered();
  h.summary.recovered = static_cast<std::uint64_t>(r.challenges);
  if (r.challenges > 0 || r.runs > 0)
    log::logf(log::level::warn,
              "auc %s: %lld challenge(s) an earlier process left open marked expired (%s), "
              "%lld run(s) it left running marked interrupted",
              h.def->name.c_str(), static_cast<long long>(r.challenges),
              std::string(elements::reason_text(code)).c_str(), static_cast<long long>(r.runs));
}

bool node_runtime::hosts(const std::string& node) const {
  return o_.host_nodes.empty()
         || std::find(o_.host_nodes.begin(), o_.host_nodes.end(), node) != o_.host_nodes.end();
}

void node_runtime::open_aucs() {
  const auto& t = o_.topo;
  for (const auto& a : t.aucs) {
    if (!hosts(a.node)) continue;
    auto h = std::make_unique<auc_host>();
    h->def = &a;
    h->path = !o_.db_override.empty() && t.aucs.size() == 1 ? o_.db_override : a.database;
    h->summary.name = a.name;
    h->summary.database = h->path;
    recover(*h);
    h->writer = std::make_unique<storage::writer>(h->path);
    storage::write_reasons(h->path, reason_rows()); // the `reasons` table (elements/reasons.hpp)
    if (!o_.run_name.empty()) {
      // The run's row first: every session and event the writer commits after it names it.
      storage::run_begin b;
      b.name = o_.run_name;
      b.started_at = unix_micros();
      b.topology = topology::to_toml(t);
      b.options = o_.command_line;
      for (const auto& n : t.nodes)
        if (hosts(n.name)) b.nodes += (b.nodes.empty() ? "" : ",") + n.name;
      h->writer->submit(std::move(b));
      run_open_ = true;
    }
    h->rng = make_system_random();
    h->sink = make_writer_sink(*h->writer);
    storage::subscriber_store store{h->path};
    if (t.subscribers.provision) {
      // Subscribers of this shard with keys derived from the topology's secret (every node
      // derives the same ones), and the element keys.
      std::vector<std::string> ids;
      for (const auto& g : t.terminals)
        for (std::uint64_t i = 0; i < g.count; ++i) {
          auto id = topology::identity_for(g, i);
          const auto* owner = topology::auc_for_identity(t, id);
          if (owner != nullptr && owner->name == a.name) ids.push_back(std::move(id));
        }
      storage::derived_options d;
      d.secret = t.subscribers.secret;
      d.op = t.subscribers.op;
      d.amf = {static_cast<std::uint8_t>(t.subscribers.amf >> 8),
               static_cast<std::uint8_t>(t.subscribers.amf & 0xff)};
      h->summary.provisioned = storage::provision_derived(store, ids, d);
      const auto secret = byte_view{t.subscribers.secret};
      for (const auto& p : t.proxies)
        storage::set_element_key(store, p.name, "proxy",
                                 crypto::derive_element_key(secret, p.name));
      for (const auto& s : t.softswitches)
        storage::set_element_key(store, s.name, "softswitch",
                                 crypto::derive_element_key(secret, s.name));
    }
    auc_config cfg;
    cfg.name = a.name;
    cfg.node = a.node;
    h->fsm.emplace(cfg, *h->rng, *h->sink);
    for (auto& s : store.load_all()) {
      auc_subscriber sub;
      sub.k = s.k;
      crypto::key128::from(byte_view{s.opc}, sub.opc);
      sub.amf = s.amf;
      sub.sqn = s.sqn;
      sub.flags = s.flags;
      h->fsm->add_subscriber(std::move(s.identity), std::move(sub));
    }
    for (auto& e : store.load_elements()) h->fsm->add_element(e.name, e.kind, e.key);
    h->summary.subscribers = h->fsm->subscriber_count();
    aucs_.push_back(std::move(h));
  }
}

void node_runtime::start() {
  if (!o_.metrics_address.empty()) {
    // Bound first: a port in use fails the set-up before the databases are provisioned.
    std::string error;
    metrics_ = metrics_endpoint::open(o_.metrics_address, error);
    if (!metrics_) throw std::runtime_error(error);
    std::fprintf(stderr, "metrics: %s\n", metrics_->url().c_str());
  }
  open_aucs();
  if (metrics_)
    for (const auto& h : aucs_) metrics_->add_writer(h->def->name, h->def->node, h->writer.get());
  cfg_ = std::make_unique<caf::actor_system_config>();
  cfg_->set("scheduler.max-threads", static_cast<std::size_t>(std::max(1u, o_.threads)));
  if (o_.policy == "stealing") cfg_->set("scheduler.policy", caf::atom("stealing"));
  else cfg_->set("scheduler.policy", caf::atom("sharing"));
  sys_ = std::make_unique<caf::actor_system>(*cfg_);
  actors::router::tap tap;
  if (!o_.pcap_path.empty()) {
    // The trace never slows the emulation down: bounded buffer, drops counted (pcap_writer.hpp).
    pcap_ = std::make_shared<pcap_writer>(o_.pcap_path);
    auto addresses = [this](element_id id, ngn::protocol proto) -> std::optional<endpoint> {
      auto a = plan_.address_of(id, proto);
      if (a.ipv4 == 0) return std::nullopt;
      return endpoint{a.ipv4, a.port};
    };
    tap_options topt;
    if (!o_.host_nodes.empty()) // a node process: each cross-node message traced by its sender
      topt.traced = [this](const envelope& e) {
        const auto& n = plan_.node_of(e.from);
        return n.empty() || hosts(n);
      };
    tap = trace_tap{addresses, pcap_, std::move(topt)};
  }
  if (o_.events) tap = add_event_tap(std::move(tap));
  if (tap) router_.set_tap(std::move(tap));
  if (log::enabled(log::level::trace)) {
    // Every envelope: its kind, ends and size; never its payload (it may carry keys or RES).
    router_.set_tap([inner = router_.get_tap(), this](const envelope& e) {
      if (inner) inner(e);
      log::logf(log::level::trace, "%s → %s: %s, %zu bytes", plan_.name_of(e.from).c_str(),
                plan_.name_of(e.to).c_str(), kind_name(e.kind).c_str(), e.payload.size());
    });
  }
  if (!o_.keylog_path.empty()) keylog_ = std::make_shared<keylog_file>(o_.keylog_path);
  if (!o_.stats_path.empty()) {
    std::string error;
    stats_ = stats_file::open(o_.stats_path, error);
    if (!stats_) throw std::runtime_error(error);
  }
  spawn_elements();
  spawn_groups();
  release_free_memory();
  report_.rss_before_terminals_kb = current_rss_kb();
  log::logf(log::level::info, "started: %zu AuC(s), %zu proxies, %zu soft switches, %zu terminal "
            "group(s) of %llu terminals, %u scheduler thread(s)", aucs_.size(), proxies_.size(),
            softswitches_.size(), drivers_.size(), static_cast<unsigned long long>(report_.terminals),
            o_.threads);
}

actors::router::tap node_runtime::add_event_tap(actors::router::tap other) {
  // The first hosted AuC's database receives every event of this process (README "--events").
  if (aucs_.empty())
    throw std::runtime_error("--events: no authentication center on this node to record them");
  events_ = std::make_unique<event_recorder>(event_names(plan_), bindings_,
                                             *aucs_.front()->writer);
  auto mine = events_->tap();
  if (!other) return mine;
  return [other = std::move(other), mine = std::move(mine)](const elements::envelope& e) {
    other(e);
    mine(e);
  };
}

void node_runtime::spawn_elements() {
  const auto& t = o_.topo;
  const auto secret = byte_view{t.subscribers.secret};
  const auto& p = plan_;
  // Where a message came from: the proxy that relayed it, and the node of the terminal.
  auto peers = [&p](element_id from, element_id origin) {
    peer_info pi;
    const auto* e = p.find(from);
    pi.is_proxy = e != nullptr && e->kind == topology::element_kind::proxy;
    if (pi.is_proxy) {
      pi.proxy = e->name;
      pi.proxy_node = e->node;
      if (origin != no_element) pi.terminal_node = p.node_of(origin);
    } else {
      pi.terminal_node = p.node_of(from);
    }
    return pi;
  };
  // What a soft switch and a proxy share: name, node, edge key and policy, address, bindings.
  auto edge_element = [&](auto def_config, const auto& def, crypto::kek_role role) {
    auto c = def_config;
    c.name = def.name;
    c.node = def.node;
    c.edge.key = crypto::derive_element_key(secret, def.name);
    c.edge.role = role;
    c.edge.supported = def.mechanisms;
    c.edge.audit = audit_interval(t, bindings_, def.name);
    c.self = p.address_of(p.id_of(def.name), protocol::sip);
    c.bindings = &bindings_;
    return c;
  };
  for (const auto& s : t.softswitches) {
    if (!hosts(s.node)) continue;
    auto c = edge_element(softswitch_config{}, s, crypto::kek_role::softswitch);
    c.domain = t.emulation.domain;
    c.auc_timeout = to_micros(t.emulation.auc_timeout);
    std::vector<element_id> mine;
    for (const auto& a : s.aucs) mine.push_back(p.id_of(a));
    c.auc_for = [&t, &p, mine](std::string_view identity) {
      const auto* a = identity.empty() ? nullptr : topology::auc_for_identity(t, identity);
      return a != nullptr ? p.id_of(a->name) : (mine.empty() ? no_element : mine.front());
    };
    c.peer = peers;
    const auto id = p.id_of(s.name);
    auto a = spawn_softswitch(*sys_, router_, id, std::move(c));
    router_.add(id, a);
    elements_.push_back(a);
    softswitches_.push_back(a);
    softswitch_names_.push_back(s.name);
  }
  for (const auto& sp : t.proxies) {
    if (!hosts(sp.node)) continue;
    auto c = edge_element(proxy_config{}, sp, crypto::kek_role::proxy);
    c.softswitch = p.id_of(sp.softswitch);
    const auto id = p.id_of(sp.name);
    auto a = spawn_proxy(*sys_, router_, id, std::move(c));
    router_.add(id, a);
    elements_.push_back(a);
    proxies_.push_back(a);
    proxy_names_.push_back(sp.name);
  }
  for (auto& h : aucs_) {
    const auto id = p.id_of(h->def->name);
    // Said on stderr when it happens, once (the writer reports each further failed retry).
    auto said = std::make_shared<std::atomic<bool>>(false);
    h->actor = spawn_auc(*sys_, router_, id, std::move(*h->fsm), std::move(h->rng),
                         std::move(h->sink), *h->writer,
                         [name = h->def->name, path = h->path, said](const std::string& e) {
                           if (said->exchange(true)) return;
                           log::logf(log::level::error,
                                     "auc %s: storage failed (%s): %s; challenges refused "
                                     "until a write commits",
                                     name.c_str(), path.c_str(), e.c_str());
                         });
    h->fsm.reset();
    router_.add(id, h->actor);
  }
}

void node_runtime::spawn_groups() {
  const auto& t = o_.topo;
  for (const auto& gp : plan_.groups()) {
    const auto& g = *gp.group;
    if (!hosts(g.node)) continue;
    auto prof = std::make_shared<terminal_profile>();
    prof->binding = &bindings_[g.protocol];
    prof->domain = t.emulation.domain;
    prof->offered = g.mechanisms;
    prof->next_hop = gp.next_hop;
    prof->next_hop_addr = plan_.address_of(gp.next_hop, g.protocol);
    prof->registration_timeout = to_micros(t.emulation.registration_timeout);
    apply_traffic_model(*prof, g);
    prof->keylog = keylog_ != nullptr;
    prof->rng = terminal_rng_.get();
    auto progress = std::make_shared<group_progress>();
    prof->counters = &progress->life;
    profiles_.push_back(prof);
    group_setup s;
    s.p = &plan_;
    s.gp = &gp;
    s.profile = prof;
    s.secret = t.subscribers.secret;
    s.op = t.subscribers.op;
    s.rate = o_.rate >= 0 ? o_.rate : g.rate;
    s.poisson = g.arrival == topology::arrival_process::poisson;
    s.window = static_cast<std::uint32_t>(o_.window >= 0 ? o_.window
                                          : s.rate > 0 ? 0 : default_window);
    s.leave_window = static_cast<std::uint32_t>(o_.window >= 0 ? o_.window : default_window);
    s.endless = t.emulation.run_time.count() > 0;
    s.keylog = keylog_;
    s.progress = progress;
    s.on_settled = [this] {
      std::lock_guard lock{mtx_};
      ++settled_;
      cv_.notify_all();
    };
    s.on_done = [this](group_result res) {
      std::lock_guard lock{mtx_};
      results_.push_back(std::move(res));
      cv_.notify_all();
    };
    progress_.push_back(s.progress);
    if (metrics_)
      metrics_->add_group({g.name, std::string(to_string(g.protocol)),
                           gp.via_proxy ? "proxy" : "direct", g.node, g.count},
                          s.progress);
    report_.terminals += g.count;
    drivers_.push_back(spawn_terminal_group(*sys_, router_, std::move(s)));
  }
}

void node_runtime::start_groups() {
  report_.started = unix_micros();
  if (!drivers_.empty()) log::write(log::level::info, "terminals start");
  for (auto& d : drivers_) caf::anon_send(d, atoms::start::value);
}

void node_runtime::add_listener(const std::string& element, const std::string& node,
                                std::shared_ptr<const group_progress> progress) {
  if (metrics_) metrics_->add_group({element, "sip", "listener", node, 0}, progress);
  listener_progress_.push_back(std::move(progress));
}

void node_runtime::sample_second() {
  // One sample a second: the --stats line and the run report's series (README "Run report"),
  // the terminal groups' and the UDP listeners' clients' registrations.
  auto sources = progress_;
  sources.insert(sources.end(), listener_progress_.begin(), listener_progress_.end());
  auto x = sample_of(sources, report_.started);
  for (const auto& p : sources) x.in_flight_max += p->life.take_in_flight_max();
  if (stats_) stats_->write(x);
  const micros at = unix_micros();
  const double cpu = process_cpu_seconds();
  const long rss = current_rss_kb();
  std::lock_guard lock{mtx_};
  series_.add(x, at, cpu, rss);
}

bool node_runtime::wait_groups(std::chrono::seconds timeout, bool progress,
                               const std::function<bool()>& stop) {
  life_totals last;
  latency_counts last_latency{};
  micros last_t = report_.started;
  micros last_print = report_.started;
  const auto begin = std::chrono::steady_clock::now();
  const auto run_time = o_.topo.emulation.run_time;
  // With a duration the run lasts exactly that long (a soak); without, until every group has
  // settled, within the timeout.
  const auto end = run_time.count() > 0 ? begin + run_time : begin + timeout;
  std::unique_lock lock{mtx_};
  bool ok = true;
  for (;;) {
    const bool all_settled = settled_ == drivers_.size() && run_time.count() == 0;
    if (all_settled) break;
    cv_.wait_for(lock, std::chrono::milliseconds(100));
    if (std::chrono::steady_clock::now() >= end) {
      ok = run_time.count() > 0; // the duration is the normal end; the timeout is not
      break;
    }
    if (stop && stop()) {
      ok = false;
      break;
    }
    if (unix_micros() - last_print >= seconds) {
      lock.unlock();
      sample_second();
      if (progress) print_progress(progress_, report_.terminals, report_.started, last, last_t, last_latency);
      last_print = unix_micros();
      lock.lock();
    }
  }
  if (!ok) {
    report_.ended_early = std::chrono::steady_clock::now() >= end
                            ? "timed out after " + std::to_string(timeout.count()) + " s"
                            : "interrupted";
  }
  // The registered terminals' footprint, before they leave.
  lock.unlock();
  release_free_memory();
  report_.rss_after_kb = current_rss_kb();
  report_.cpu_before_leaving_seconds = process_cpu_seconds();
  lock.lock();
  // DESIGN.md §1.2: the run ends — every group makes its terminals de-register, then reports.
  // Interrupted (a signal, the timeout), terminals get interrupt_grace_ to de-register (README
  // "those under way get 2 s"); at a normal end leave_grace_.
  const auto leave = ok ? leave_grace_ : interrupt_grace_;
  // At a normal end the groups let their terminals leave a window at a time, and the grace
  // counts from the last departure: the wait here too.
  for (auto& d : drivers_)
    caf::anon_send(d, atoms::stop::value, static_cast<std::int64_t>(leave.count()), !ok);
  auto departed = [this] {
    std::uint64_t n = 0;
    for (const auto& p : progress_) n += p->departed.load(std::memory_order_relaxed);
    return n;
  };
  auto grace = std::chrono::steady_clock::now() + leave + std::chrono::seconds(5);
  std::uint64_t seen = departed();
  while (results_.size() < drivers_.size() && std::chrono::steady_clock::now() < grace) {
    if (ok) {
      if (const auto now_departed = departed(); now_departed != seen) {
        seen = now_departed;
        grace = std::chrono::steady_clock::now() + leave + std::chrono::seconds(5);
      }
    }
    cv_.wait_for(lock, std::chrono::milliseconds(100));
    if (unix_micros() - last_print >= seconds) {
      lock.unlock();
      sample_second();
      if (progress) print_progress(progress_, report_.terminals, report_.started, last, last_t, last_latency);
      last_print = unix_micros();
      lock.lock();
    }
  }
  // The last line: the counters once the terminals have left (the de-registrations included).
  lock.unlock();
  sample_second();
  lock.lock();
  report_.timed_out = !ok;
  report_.ended = unix_micros();
  return ok;
}

void node_runtime::drain_elements() {
  // Soft switches and proxies answer once they have handled everything queued before: their
  // reports to the AuCs are sent by then.
  // Proxies first: the ends of registrations they report go to the soft switches.
  caf::scoped_actor self{*sys_, true};
  for (auto* group : {&proxies_, &softswitches_})
    for (auto& a : *group)
      self->request(a, std::chrono::seconds(10), atoms::stop::value)
        .receive([](std::uint64_t) {}, [](caf::error&) {});
  // A registration's end leaves the soft switch only once the AuC acknowledged the report that
  // established it (elements/report_sender.hpp): at the end of a short run those acks may still
  // be on their way (the AuC's writer commits, then acknowledges), and the ends follow them.
  // Wait until every soft switch has nothing unacknowledged, or give up after reports_settle_
  // (an AuC that is down) and say so.
  const auto give_up = std::chrono::steady_clock::now() + reports_settle_;
  std::uint64_t waiting = 0;
  do {
    waiting = 0;
    for (auto& a : softswitches_)
      self->request(a, std::chrono::seconds(10), atoms::stop::value)
        .receive([&waiting](std::uint64_t n) { waiting += n; }, [](caf::error&) {});
    if (waiting == 0) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  } while (std::chrono::steady_clock::now() < give_up);
  if (waiting > 0)
    log::logf(log::level::warn, "%llu report(s) to the AuC not acknowledged after %lld ms",
              static_cast<unsigned long long>(waiting),
              static_cast<long long>(reports_settle_.count()));
  // What the security edges counted of the registrations' life.
  report_.edges = edge_stats{};
  report_.elements.clear();
  const auto& t = o_.topo;
  auto node_of = [&t](const std::string& name) {
    for (const auto& p : t.proxies)
      if (p.name == name) return p.node;
    for (const auto& ss : t.softswitches)
      if (ss.name == name) return ss.node;
    return std::string{};
  };
  for (std::size_t i = 0; i < proxies_.size(); ++i)
    self->request(proxies_[i], std::chrono::seconds(10), atoms::stats::value)
      .receive(
        [&](proxy_stats& st) {
          report_.edges += st.life;
          report_.elements.push_back(
            element_report{proxy_names_[i], "proxy", node_of(proxy_names_[i]), counters_of(st)});
        },
        [](caf::error&) {});
  for (std::size_t i = 0; i < softswitches_.size(); ++i)
    self->request(softswitches_[i], std::chrono::seconds(10), atoms::stats::value)
      .receive(
        [&](softswitch_stats& st) {
          report_.edges += st.life;
          report_.elements.push_back(element_report{softswitch_names_[i], "softswitch",
                                                    node_of(softswitch_names_[i]),
                                                    counters_of(st)});
        },
        [](caf::error&) {});
}

void node_runtime::drain_aucs() {
  caf::scoped_actor self{*sys_, true};
  for (auto& h : aucs_)
    self->request(h->actor, std::chrono::seconds(10), atoms::stop::value)
      .receive([](std::uint64_t) {}, [](caf::error&) {});
  for (auto& h : aucs_)
    self->request(h->actor, std::chrono::seconds(10), atoms::stats::value)
      .receive(
        [&](auc_stats& st) {
          h->summary.challenges = st.challenges;
          h->summary.resyncs = st.resyncs;
          h->summary.established = st.established;
          h->summary.failed = st.failed;
          h->summary.expired = st.expired;
          h->summary.storage_refused = st.storage_refused;
        },
        [](caf::error&) {});
  for (auto& h : aucs_) {
    h->writer->flush();
    auto st = h->writer->get_stats();
    h->summary.transactions = st.transactions;
    h->summary.ops = st.ops;
    h->summary.max_batch = st.max_batch;
    h->summary.write_errors = st.errors;
    if (st.failures > 0) h->summary.storage_error = h->writer->last_failure();
  }
  // Issue 12 item 5: after a storage failure the summary counts what the databases hold rather
  // than what the terminals saw: a registration whose report was not committed is not counted.
  const bool failed = std::any_of(aucs_.begin(), aucs_.end(), [](const auto& h) {
    return !h->summary.storage_error.empty();
  });
  if (failed)
    for (auto& h : aucs_) count_committed(*h);
}

std::string node_runtime::storage_failures() const {
  std::string out;
  for (const auto& h : aucs_)
    if (!h->summary.storage_error.empty())
      out += (out.empty() ? "auc " : "; auc ") + h->def->name + " (" + escape_text(h->path) +
             "): " + h->summary.storage_error;
  return out;
}

void node_runtime::count_committed(auc_host& h) {
  try {
    storage::db conn = storage::open_database(h.path, storage::db::open_mode::read_only);
    if (auto n = storage::committed_established(conn, o_.run_name))
      h.summary.committed_established = *n;
  } catch (const std::exception& e) {
    log::logf(log::level::warn, "auc %s: committed sessions not read: %s",
              h.def->name.c_str(), e.what());
  }
}

emulation_report node_runtime::snapshot() {
  emulation_report r = report_;
  {
    std::lock_guard lock{mtx_};
    r.groups = results_;
  }
  r.aucs.clear();
  for (auto& h : aucs_) r.aucs.push_back(h->summary);
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  r.peak_rss_kb = ru.ru_maxrss;
  r.cpu_seconds = process_cpu_seconds();
  {
    std::lock_guard lock{mtx_};
    r.series = series_.points();
  }
  return r;
}

void node_runtime::shutdown(emulation_report& r) {
  if (!sys_) return;
  for (auto& d : drivers_) caf::anon_send_exit(d, caf::exit_reason::user_shutdown);
  for (auto& a : elements_) caf::anon_send_exit(a, caf::exit_reason::user_shutdown);
  for (auto& h : aucs_) caf::anon_send_exit(h->actor, caf::exit_reason::user_shutdown);
  for (const auto& gp : plan_.groups())
    for (std::uint32_t i = 0; i < gp.group->count; ++i)
      if (auto a = router_.find(terminal_id(gp.index, i)))
        caf::anon_send_exit(a, caf::exit_reason::user_shutdown);
  router_.clear();
  drivers_.clear();
  elements_.clear();
  proxies_.clear();
  softswitches_.clear();
  for (auto& h : aucs_) h->actor = caf::actor{};
  sys_.reset();
  if (events_) {
    events_->close(); // its last rows reach the writer before the writer commits and closes
    r.events_recorded = events_->recorded();
    r.events_database = aucs_.front()->path;
    events_.reset();
  }
  r.run_name = o_.run_name;
  if (r.name.empty()) r.name = o_.topo.emulation.name;
  if (r.options.empty()) r.options = o_.report_options;
  // The statistics file, the key log and the trace are complete once the actors are down: their
  // figures belong to the report stored with the run.
  if (stats_) {
    r.stats_path = stats_->path();
    r.stats_lines = stats_->lines();
    r.stats_failed = stats_->failed();
  }
  if (keylog_) {
    r.keylog_path = keylog_->path();
    r.keylog_lines = keylog_->lines();
    r.keylog_errors = keylog_->errors();
  }
  if (pcap_) {
    pcap_->close();
    const auto st = pcap_->stats();
    r.pcap_path = o_.pcap_path;
    r.pcap_packets = st.packets_written;
    r.pcap_dropped = st.packets_dropped;
    r.pcap_error = st.error;
    pcap_.reset();
  }
  end_run(r); // after the actors: no session is written after the run's figures
  metrics_.reset(); // the end of the run: stops serving before the writers it reads go
  for (auto& h : aucs_) h->writer.reset(); // commits anything left
  log::write(log::level::info, "stopped: actors down, databases committed");
}

} // namespace ngn::nodes
