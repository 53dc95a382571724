// node_runtime's end: draining the elements and the AuCs (their reports committed), the
// snapshot of the run's figures, shutting the actors down and closing the run in the databases
// (runtime.hpp).
#include "nodes/runtime.hpp"
#include "nodes/runtime_auc_host.hpp"

#include "actors/atoms.hpp"
#include "nodes/element_counters.hpp"
#include "nodes/event_tap.hpp"
#include "nodes/keylog_file.hpp"
#include "nodes/log.hpp"
#include "nodes/metrics.hpp"
#include "nodes/pcap_writer.hpp"
#include "nodes/process_stats.hpp"
#include "nodes/report_from_db.hpp"
#include "nodes/run_report.hpp"
#include "nodes/stats_file.hpp"
#include "protocols/common/escape.hpp"
#include "storage/runs.hpp"
#include "storage/schema.hpp"

#include <caf/all.hpp>

#include <algorithm>
#include <chrono>
#include <thread>

namespace ngn::nodes {

using namespace actors;
using namespace elements;

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
  storage::run_end e;
  e.ended_at = unix_micros();
  e.outcome = aborted_ ? "failed" : run_outcome(r);
  e.cpu_s = process_cpu_seconds();
  e.peak_rss_kib = peak_rss_kb();
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
  r.peak_rss_kb = peak_rss_kb();
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
