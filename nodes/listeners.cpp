#include "nodes/listeners.hpp"

#include "actors/listener_id.hpp"
#include "nodes/process_stats.hpp"

#include <cstdio>
#include <thread>

namespace ngn::nodes {

namespace {

using ull = unsigned long long;

/// The clients' registrations a listener counted (listener_meter.hpp), for the summary.
std::string registrations_line(const udp_listener& l) {
  const auto& p = *l.progress();
  const auto t = life_totals::of(p.life);
  const auto s = l.stats();
  char buf[512];
  std::snprintf(buf, sizeof buf,
                "    registrations: %llu begun, %llu established (%llu refreshes), %llu failed "
                "(%llu timeouts), %llu de-registrations, %llu expired, %lld in flight, %lld "
                "registered at the end%s\n",
                ull(p.started.load()), ull(t.registrations + t.reregistrations),
                ull(t.reregistrations), ull(t.failures), ull(t.timeouts), ull(t.deregistrations),
                ull(t.expirations), static_cast<long long>(p.life.in_flight.load()),
                static_cast<long long>(p.life.active.load()),
                s.registrations_untracked > 0
                  ? ("; " + std::to_string(s.registrations_untracked)
                     + " REGISTERs not counted (too many clients)").c_str()
                  : "");
  return buf;
}

std::string line(const std::string& name, const udp_listener& l) {
  const auto s = l.stats();
  const auto& t = s.transactions;
  char buf[512];
  std::snprintf(buf, sizeof buf,
                "  listener %s (%s): %llu datagrams in, %llu requests to the element, "
                "%llu retransmissions absorbed (%llu answered again), %llu answers sent, "
                "%llu refused (503; %llu over --max-pending %zu; Retry-After up to %u s), %llu too large, %llu undecodable passed on / %llu dropped, "
                "%llu responses/ACKs ignored, %zu transactions open\n",
                l.local().c_str(), name.c_str(), static_cast<unsigned long long>(s.received),
                static_cast<unsigned long long>(s.delivered),
                static_cast<unsigned long long>(t.absorbed),
                static_cast<unsigned long long>(t.resent), static_cast<unsigned long long>(s.sent),
                static_cast<unsigned long long>(s.overload_503),
                static_cast<unsigned long long>(s.pending_503), l.max_pending(), s.retry_after_max,
                static_cast<unsigned long long>(s.too_large),
                static_cast<unsigned long long>(s.junk_delivered),
                static_cast<unsigned long long>(s.junk_dropped),
                static_cast<unsigned long long>(s.responses_dropped), s.open_transactions);
  return buf;
}

} // namespace

listeners::listeners(const plan& p, actors::router& r,
                     const std::function<bool(const std::string&)>& hosts, listener_limits limits) {
  // Indexed by listener number (the client ids' middle byte); null for those hosted elsewhere.
  auto table = std::make_shared<std::vector<std::shared_ptr<udp_listener>>>();
  // The topology's bound on one registration applies to the real clients' too.
  limits.registrations.registration_timeout =
    std::chrono::duration_cast<std::chrono::microseconds>(p.topo().emulation.registration_timeout)
      .count();
  for (const auto& lp : p.listeners()) {
    if (!hosts(lp.node)) continue;
    auto deliver = [&r](elements::envelope&& e) { return r.send_from_outside(std::move(e)); };
    auto l = std::make_shared<udp_listener>(lp.index, lp.element, lp.endpoint, deliver, limits);
    if (table->size() <= lp.index) table->resize(lp.index + 1);
    (*table)[lp.index] = l;
    open_.push_back(std::move(l));
    names_.push_back(lp.element_name);
    nodes_.push_back(lp.node);
  }
  if (open_.empty()) return;
  // The sink holds the listeners (shared): an element answering late, even after this object is
  // gone, only meets a stopped listener that drops and counts the answer.
  r.set_listener_sink([table](elements::envelope&& e) {
    const auto i = actors::listener_of(e.to);
    if (i >= table->size() || !(*table)[i]) return false;
    return (*table)[i]->send(std::move(e));
  });
}

listeners::~listeners() { stop(); }

listener_limits listener_limits_of(const emulation_options& o) {
  listener_limits l;
  if (o.max_pending > 0) l.max_pending = o.max_pending;
  return l;
}

void listeners::stop() {
  for (auto& l : open_) l->stop();
}

void listeners::serve(const std::function<bool()>& stop, bool progress,
                      const std::function<void()>& each_second) {
  if (open_.empty()) return;
  const double cpu0 = process_cpu_seconds();
  const auto t0 = std::chrono::steady_clock::now();
  auto last = t0;
  struct before {
    std::uint64_t delivered = 0, done = 0, timeouts = 0;
    latency_counts latency{};
  };
  std::vector<before> prev(open_.size());
  while (!(stop && stop())) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    const auto now = std::chrono::steady_clock::now();
    if (now - last < std::chrono::seconds(1)) continue;
    const double dt = std::chrono::duration<double>(now - last).count();
    last = now;
    if (each_second) each_second();
    if (!progress) continue;
    for (std::size_t i = 0; i < open_.size(); ++i) {
      // The clients' registrations of this second (listener_meter.hpp), then the transactions.
      const auto s = open_[i]->stats();
      const auto& p = *open_[i]->progress();
      const auto t = life_totals::of(p.life);
      const auto lat = p.latency.snapshot();
      auto& b = prev[i];
      latency_counts interval = lat;
      latency_subtract(interval, b.latency);
      std::string pct;
      if (latency_total(interval) > 0) {
        char x[64];
        std::snprintf(x, sizeof x, "  p50 %.1f ms p99 %.1f ms",
                      latency_percentile(interval, 50) / 1000,
                      latency_percentile(interval, 99) / 1000);
        pct = x;
      }
      const auto done = t.registrations + t.reregistrations;
      std::fprintf(stderr,
                   "  %6.1f s  %s (%s): reg %.0f/s  established %llu  failed %llu  in flight %lld"
                   "  timeouts %llu (%llu in all)%s  |  %llu requests (%.0f/s), %llu answers, "
                   "%llu retransmissions absorbed, %zu transactions open\n",
                   std::chrono::duration<double>(now - t0).count(), open_[i]->local().c_str(),
                   names_[i].c_str(), double(done - b.done) / dt, ull(done), ull(t.failures),
                   static_cast<long long>(p.life.in_flight.load()), ull(t.timeouts - b.timeouts),
                   ull(t.timeouts), pct.c_str(), ull(s.delivered),
                   double(s.delivered - b.delivered) / dt, ull(s.sent),
                   ull(s.transactions.absorbed), s.open_transactions);
      b = before{s.delivered, done, t.timeouts, lat};
    }
  }
  cpu_seconds_ += process_cpu_seconds() - cpu0;
}

std::string listeners::describe() const {
  std::string out;
  for (std::size_t i = 0; i < open_.size(); ++i)
    out += "listening on " + open_[i]->local() + " (" + names_[i] + ")\n";
  return out;
}

std::string listeners::summary() const {
  std::string out;
  for (std::size_t i = 0; i < open_.size(); ++i)
    out += line(names_[i], *open_[i]) + registrations_line(*open_[i]);
  return out;
}

void add_listener_results(const listeners& ls, emulation_report& r) {
  r.listeners = ls.summary();
  r.listeners_cpu_seconds = ls.cpu_seconds();
  r.listener_results.clear();
  for (std::size_t i = 0; i < ls.all().size(); ++i) {
    const auto& l = *ls.all()[i];
    const auto& p = *l.progress();
    const auto st = l.stats();
    listener_result x;
    x.element = ls.names()[i];
    x.endpoint = l.local();
    x.started = p.started.load();
    x.established = p.established.load();
    x.failed = p.failed.load();
    x.life = life_totals::of(p.life);
    x.in_flight = p.life.in_flight.load();
    x.latency = p.latency.snapshot();
    x.first_start = st.first_registration;
    x.last_done = st.last_outcome;
    r.listener_results.push_back(std::move(x));
  }
}

std::function<bool()> stop_after(std::function<bool()> stop, std::chrono::milliseconds run_time) {
  const auto deadline = std::chrono::steady_clock::now() + run_time;
  const bool timed = run_time.count() > 0;
  return [stop = std::move(stop), deadline, timed] {
    return (stop && stop()) || (timed && std::chrono::steady_clock::now() >= deadline);
  };
}

} // namespace ngn::nodes
