#include "nodes/metrics.hpp"

#include "elements/sa.hpp"
#include "nodes/process_stats.hpp"
#include "storage/writer.hpp"

#include <prometheus/collectable.h>
#include <prometheus/exposer.h>
#include <prometheus/metric_family.h>

#include <arpa/inet.h>

#include <cstdio>
#include <exception>
#include <limits>
#include <mutex>
#include <utility>
#include <vector>

namespace ngn::nodes {

namespace {

using prometheus::ClientMetric;
using prometheus::MetricFamily;
using prometheus::MetricType;
using labels_t = std::vector<ClientMetric::Label>;

MetricFamily family(std::string name, std::string help, MetricType type) {
  MetricFamily f;
  f.name = std::move(name);
  f.help = std::move(help);
  f.type = type;
  return f;
}

void add_value(MetricFamily& f, labels_t labels, double v) {
  ClientMetric m;
  m.label = std::move(labels);
  if (f.type == MetricType::Counter) m.counter.value = v;
  else m.gauge.value = v;
  f.metric.push_back(std::move(m));
}

/// The histogram's `le` bounds: bucket boundaries B = 2^k and 1.5·2^k µs for k = 7..25 and 2^26
/// µs (128 µs … 67 s), each an exact boundary of latency_histogram's buckets, so that the
/// cumulative count of the buckets below B is exactly the number of latencies < B µs, i.e. ≤ B − 1
/// µs (latencies are whole microseconds): `le` is (B − 1) µs in seconds, no estimate involved.
std::vector<std::uint64_t> histogram_boundaries() {
  std::vector<std::uint64_t> bs;
  for (unsigned k = 7; k <= 25; ++k) {
    bs.push_back(std::uint64_t{1} << k);
    bs.push_back((std::uint64_t{3} << k) / 2);
  }
  bs.push_back(std::uint64_t{1} << 26);
  return bs;
}

/// A Prometheus histogram of `c` (counts per latency_histogram bucket). `_sum` is estimated from
/// the middle of each bucket (relative error under 1/64, latency_histogram.hpp).
ClientMetric::Histogram to_histogram(const latency_counts& c) {
  static const std::vector<std::uint64_t> boundaries = histogram_boundaries();
  ClientMetric::Histogram h;
  std::uint64_t below = 0;
  std::size_t b = 0;
  double sum_us = 0;
  for (std::uint64_t bound : boundaries) {
    const std::size_t first = latency_bucket(bound);
    if (latency_bucket_low(first) != bound) continue; // not a boundary: never the case above
    for (; b < first; ++b) {
      below += c[b];
      sum_us += double(c[b]) * double(latency_bucket_low(b) + latency_bucket_high(b) - 1) / 2;
    }
    h.bucket.push_back({below, double(bound - 1) / 1e6});
  }
  for (; b < c.size(); ++b) {
    below += c[b];
    sum_us += double(c[b]) * double(latency_bucket_low(b) + latency_bucket_high(b) - 1) / 2;
  }
  h.bucket.push_back({below, std::numeric_limits<double>::infinity()});
  h.sample_count = below;
  h.sample_sum = sum_us / 1e6;
  return h;
}

struct group_source {
  metrics_group_labels labels;
  std::shared_ptr<const group_progress> progress;
};

struct writer_source {
  std::string auc, node;
  const storage::writer* w = nullptr;
};

/// Reads every source at scrape time (prometheus::Collectable::Collect runs on a server thread).
class collector final : public prometheus::Collectable {
public:
  void add(group_source g) {
    std::lock_guard lock{mtx_};
    groups_.push_back(std::move(g));
  }
  void add(writer_source w) {
    std::lock_guard lock{mtx_};
    writers_.push_back(std::move(w));
  }

  std::vector<MetricFamily> Collect() const override {
    std::lock_guard lock{mtx_};
    std::vector<MetricFamily> out;
    collect_groups(out);
    collect_writers(out);
    auto cpu = family("process_cpu_seconds_total", "User and system CPU time of the ngnemu process",
                      MetricType::Counter);
    add_value(cpu, {}, process_cpu_seconds());
    out.push_back(std::move(cpu));
    auto rss = family("process_resident_memory_bytes",
                      "Resident memory of the ngnemu process (/proc/self/statm)",
                      MetricType::Gauge);
    add_value(rss, {}, double(current_rss_kb()) * 1024.0);
    out.push_back(std::move(rss));
    return out;
  }

private:
  void collect_groups(std::vector<MetricFamily>& out) const {
    // The columns of the --stats CSV (README "Statistics file"), per terminal group.
    struct series {
      const char* name;
      const char* help;
      MetricType type;
    };
    static const series s[] = {
      {"ngnemu_terminals", "Terminals of the group", MetricType::Gauge},
      {"ngnemu_terminals_started_total", "Terminals started", MetricType::Counter},
      {"ngnemu_first_registrations_established_total",
       "Terminals whose first registration was established", MetricType::Counter},
      {"ngnemu_first_registrations_failed_total",
       "Terminals whose first registration failed", MetricType::Counter},
      {"ngnemu_active_registrations", "Registrations live now", MetricType::Gauge},
      {"ngnemu_registrations_total",
       "Registrations established (initial and re-arrivals)", MetricType::Counter},
      {"ngnemu_reregistrations_total", "Refreshes established (fresh AKA, new SAs)",
       MetricType::Counter},
      {"ngnemu_keepalives_total", "Keepalive exchanges completed", MetricType::Counter},
      {"ngnemu_deregistrations_total", "De-registrations answered", MetricType::Counter},
      {"ngnemu_expirations_total", "Registrations that ended unrefreshed at their lifetime",
       MetricType::Counter},
      {"ngnemu_failures_total",
       "Failed registrations, refreshes, keepalives and de-registrations", MetricType::Counter},
      {"ngnemu_esp_sent_packets_total", "ESP packets sent by the terminals", MetricType::Counter},
      {"ngnemu_esp_received_packets_total", "ESP packets accepted by the terminals",
       MetricType::Counter},
      {"ngnemu_unprotected_dropped_total",
       "Plain messages the terminals refused where SAs are in place", MetricType::Counter},
      {"ngnemu_registrations_in_flight", "Registrations under way: first request sent, no outcome yet",
       MetricType::Gauge},
      {"ngnemu_registration_timeouts_total",
       "Registrations that failed because no answer came in time", MetricType::Counter},
    };
    constexpr std::size_t n = sizeof s / sizeof s[0];
    std::vector<MetricFamily> fs;
    for (const auto& x : s) fs.push_back(family(x.name, x.help, x.type));
    auto dropped = family("ngnemu_esp_dropped_packets_total",
                          "ESP packets the terminals dropped, by cause", MetricType::Counter);
    auto latency = family("ngnemu_registration_latency_seconds",
                          "Latency of the established registrations, from the first request to "
                          "the success (whole microseconds; _sum estimated from the buckets)",
                          MetricType::Histogram);
    for (const auto& g : groups_) {
      const auto& p = *g.progress;
      const auto& life = p.life;
      using elements::life_counters;
      const labels_t labels{{"group", g.labels.group},
                            {"node", g.labels.node},
                            {"path", g.labels.path},
                            {"protocol", g.labels.protocol}};
      const double v[n] = {
        double(g.labels.terminals),
        double(p.started.load(std::memory_order_relaxed)),
        double(p.established.load(std::memory_order_relaxed)),
        double(p.failed.load(std::memory_order_relaxed)),
        double(life.active.load(std::memory_order_relaxed)),
        double(life_counters::get(life.registrations)),
        double(life_counters::get(life.reregistrations)),
        double(life_counters::get(life.keepalives)),
        double(life_counters::get(life.deregistrations)),
        double(life_counters::get(life.expirations)),
        double(life_counters::get(life.failures)),
        double(life_counters::get(life.esp_sent)),
        double(life_counters::get(life.esp_received)),
        double(life_counters::get(life.unprotected_dropped)),
        double(life.in_flight.load(std::memory_order_relaxed)),
        double(life_counters::get(life.timeouts)),
      };
      for (std::size_t i = 0; i < n; ++i) add_value(fs[i], labels, v[i]);
      for (std::size_t c = 0; c < elements::esp_drop_causes; ++c) {
        auto l = labels;
        l.push_back({"cause", std::string(to_string(static_cast<elements::esp_drop>(c)))});
        add_value(dropped, std::move(l), double(life_counters::get(life.esp_dropped[c])));
      }
      ClientMetric m;
      m.label = labels;
      m.histogram = to_histogram(p.latency.snapshot());
      latency.metric.push_back(std::move(m));
    }
    for (auto& f : fs) out.push_back(std::move(f));
    out.push_back(std::move(dropped));
    out.push_back(std::move(latency));
  }

  void collect_writers(std::vector<MetricFamily>& out) const {
    if (writers_.empty()) return;
    auto tx = family("ngnemu_auc_writer_transactions_total",
                     "Transactions the AuC's database writer committed", MetricType::Counter);
    auto ops = family("ngnemu_auc_writer_operations_total",
                      "Operations the AuC's database writer committed", MetricType::Counter);
    auto errors = family("ngnemu_auc_writer_errors_total",
                         "Failed transaction attempts of the AuC's database writer",
                         MetricType::Counter);
    auto rejected = family("ngnemu_auc_writer_rejected_total",
                           "Operations the AuC's database refused", MetricType::Counter);
    auto queued = family("ngnemu_auc_writer_queued_operations",
                         "Operations waiting in the AuC's database writer", MetricType::Gauge);
    auto batch = family("ngnemu_auc_writer_max_batch_operations",
                        "Most operations in one committed transaction", MetricType::Gauge);
    for (const auto& w : writers_) {
      const auto st = w.w->get_stats(); // under the writer's mutex
      const labels_t l{{"auc", w.auc}, {"node", w.node}};
      add_value(tx, l, double(st.transactions));
      add_value(ops, l, double(st.ops));
      add_value(errors, l, double(st.errors));
      add_value(rejected, l, double(st.rejected));
      add_value(queued, l, double(st.queued));
      add_value(batch, l, double(st.max_batch));
    }
    for (auto* f : {&tx, &ops, &errors, &rejected, &queued, &batch}) out.push_back(std::move(*f));
  }

  mutable std::mutex mtx_;
  std::vector<group_source> groups_;
  std::vector<writer_source> writers_;
};

} // namespace

std::string metrics_address::to_string() const {
  return (ipv6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

topology::value_or_error<metrics_address> parse_metrics_address(std::string_view s) {
  using r = topology::value_or_error<metrics_address>;
  const std::string text{s};
  const auto colon = s.rfind(':');
  if (colon == std::string_view::npos)
    return r::fail("'" + text + "' is not ADDR:PORT (e.g. 127.0.0.1:9464)");
  metrics_address a;
  std::string_view host = s.substr(0, colon);
  const std::string_view port = s.substr(colon + 1);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    a.ipv6 = true;
    host = host.substr(1, host.size() - 2);
  }
  a.host = std::string(host);
  unsigned char buf[16];
  if (inet_pton(a.ipv6 ? AF_INET6 : AF_INET, a.host.c_str(), buf) != 1)
    return r::fail("'" + a.host + "' is not a numeric " + (a.ipv6 ? "IPv6" : "IPv4")
                   + " address (IPv6 goes in brackets: [::1]:9464)");
  if (port.empty() || port.size() > 5 || port.find_first_not_of("0123456789") != port.npos
      || std::stoul(std::string(port)) > 65535)
    return r::fail("'" + std::string(port) + "' is not a port (0..65535; 0: any free port)");
  a.port = static_cast<std::uint16_t>(std::stoul(std::string(port)));
  return r::ok(std::move(a));
}

struct metrics_endpoint::impl {
  metrics_address address;
  std::shared_ptr<collector> sources = std::make_shared<collector>();
  std::unique_ptr<prometheus::Exposer> exposer;
};

metrics_endpoint::metrics_endpoint(std::unique_ptr<impl> p) : p_(std::move(p)) {}

metrics_endpoint::~metrics_endpoint() {
  if (p_ && p_->exposer) p_->exposer.reset(); // stops the server before the sources go
}

std::unique_ptr<metrics_endpoint> metrics_endpoint::open(const std::string& address,
                                                          std::string& error) {
  auto a = parse_metrics_address(address);
  if (!a) {
    error = "--metrics " + address + ": " + a.error;
    return nullptr;
  }
  auto p = std::make_unique<impl>();
  p->address = *a.value;
  try {
    // One server thread is enough for a scraper or two; civetweb's listening_ports syntax is
    // ADDR:PORT ([ADDR]:PORT for IPv6).
    p->exposer = std::make_unique<prometheus::Exposer>(p->address.to_string(), 1);
  } catch (const std::exception&) { // civetweb says only "problem binding to port"
    error = "--metrics " + address
            + ": cannot listen there (port in use, or not an address of this host)";
    return nullptr;
  }
  const auto ports = p->exposer->GetListeningPorts();
  if (!ports.empty()) p->address.port = static_cast<std::uint16_t>(ports.front());
  p->exposer->RegisterCollectable(p->sources);
  return std::unique_ptr<metrics_endpoint>(new metrics_endpoint(std::move(p)));
}

std::string metrics_endpoint::url() const {
  return "http://" + p_->address.to_string() + "/metrics";
}

void metrics_endpoint::add_group(metrics_group_labels labels,
                                 std::shared_ptr<const group_progress> progress) {
  p_->sources->add(group_source{std::move(labels), std::move(progress)});
}

void metrics_endpoint::add_writer(std::string auc, std::string node, const storage::writer* w) {
  p_->sources->add(writer_source{std::move(auc), std::move(node), w});
}

} // namespace ngn::nodes
