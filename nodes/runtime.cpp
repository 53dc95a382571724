// node_runtime's start-up: the hosted AuCs' databases (recovery, provisioning, loading), the actor
// system, the elements and the terminal group drivers (runtime.hpp). Waiting is runtime_wait.cpp,
// draining and shutting down runtime_drain.cpp.
#include "nodes/runtime.hpp"
#include "nodes/runtime_auc_host.hpp"

#include "nodes/process_stats.hpp"

#include "actors/atoms.hpp"
#include "crypto/derivation.hpp"
#include "nodes/keylog_file.hpp"
#include "nodes/metrics.hpp"
#include "nodes/progress.hpp"
#include "nodes/stats_file.hpp"
#include "nodes/pcap_writer.hpp"
#include "nodes/trace_tap.hpp"
#include "nodes/event_tap.hpp"
#include "elements/reasons.hpp"
#include "storage/reasons.hpp"
#include "nodes/log.hpp"
#include "storage/crash_recovery.hpp"
#include "storage/derived.hpp"
#include "storage/runs.hpp"
#include "storage/schema.hpp"
#include "storage/writer.hpp"
#include "topology/identity.hpp"
#include "topology/write.hpp"

#include <caf/all.hpp>

#include <algorithm>
#include <atomic>
#include <cstdio>

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
} // namespace

using namespace actors;
using namespace elements;

namespace {

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

} // namespace ngn::nodes
