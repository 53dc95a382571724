#include "nodes/node_report.hpp"

#include "nodes/progress.hpp"
#include "protocols/common/byte_io.hpp"

#include <algorithm>

namespace ngn::nodes {

namespace {

constexpr std::size_t max_items = 100000;

void put_map(byte_writer& w, const std::map<std::string, std::uint64_t>& m) {
  w.u32(static_cast<std::uint32_t>(m.size()));
  for (const auto& [k, v] : m) {
    w.str(k);
    w.u64(v);
  }
}

bool get_map(byte_reader& r, std::map<std::string, std::uint64_t>& m) {
  const auto n = r.u32();
  if (n > max_items) return false;
  for (std::uint32_t i = 0; i < n && !r.failed(); ++i) {
    auto k = r.str();
    m[k] += r.u64();
  }
  return !r.failed();
}

void put_group(byte_writer& w, const group_result& g) {
  w.str(g.name);
  w.str(g.node);
  w.u8(static_cast<std::uint8_t>(g.proto));
  w.u8(g.via_proxy ? 1 : 0);
  w.u64(g.count);
  w.u64(g.established);
  w.u64(g.failed);
  w.u64(g.attempts);
  w.u64(g.resyncs);
  put_map(w, g.failures);
  put_map(w, g.mechanisms);
  w.i64(g.first_start);
  w.i64(g.last_done);
  const auto& l = g.life;
  for (auto v : {l.registrations, l.reregistrations, l.keepalives, l.deregistrations,
                 l.expirations, l.failures, l.esp_sent, l.esp_received, l.unprotected_dropped,
                 g.left_registered})
    w.u64(v);
  for (auto v : l.esp_dropped) w.u64(v);
}

bool get_group(byte_reader& r, group_result& g) {
  g.name = r.str();
  g.node = r.str();
  const auto p = r.u8();
  if (p > 3) return false;
  g.proto = static_cast<ngn::protocol>(p);
  g.via_proxy = r.u8() != 0;
  g.count = r.u64();
  g.established = r.u64();
  g.failed = r.u64();
  g.attempts = r.u64();
  g.resyncs = r.u64();
  if (!get_map(r, g.failures) || !get_map(r, g.mechanisms)) return false;
  g.first_start = r.i64();
  g.last_done = r.i64();
  auto& l = g.life;
  for (auto* v : {&l.registrations, &l.reregistrations, &l.keepalives, &l.deregistrations,
                  &l.expirations, &l.failures, &l.esp_sent, &l.esp_received,
                  &l.unprotected_dropped, &g.left_registered})
    *v = r.u64();
  for (auto& v : l.esp_dropped) v = r.u64();
  return !r.failed();
}

/// The edge counters in wire order.
template <class Stats, class F>
void edge_fields(Stats& e, F&& f) {
  for (auto* v : {&e.esp_sent, &e.esp_received, &e.esp_malformed, &e.esp_unknown_spi,
                  &e.esp_replayed, &e.esp_bad_icv, &e.esp_misdirected, &e.unprotected_dropped,
                  &e.expired, &e.deregistered, &e.superseded, &e.keepalives})
    f(*v);
}

void put_auc(byte_writer& w, const auc_summary& a) {
  w.str(a.name);
  w.str(a.database);
  for (auto v : {a.challenges, a.resyncs, a.established, a.failed, a.expired, a.transactions,
                 a.ops, a.max_batch, a.write_errors, a.subscribers, a.provisioned})
    w.u64(v);
}

bool get_auc(byte_reader& r, auc_summary& a) {
  a.name = r.str();
  a.database = r.str();
  for (auto* v : {&a.challenges, &a.resyncs, &a.established, &a.failed, &a.expired,
                  &a.transactions, &a.ops, &a.max_batch, &a.write_errors, &a.subscribers,
                  &a.provisioned})
    *v = r.u64();
  return !r.failed();
}

void put_element(byte_writer& w, const element_report& e) {
  w.str(e.name);
  w.str(e.kind);
  w.str(e.node);
  put_map(w, e.counters);
}

bool get_element(byte_reader& r, element_report& e) {
  e.name = r.str(256);
  e.kind = r.str(32);
  e.node = r.str(256);
  return get_map(r, e.counters);
}

/// Offsets and round trips as i64 ns.
void put_clock(byte_writer& w, const peer_clock& c) {
  w.str(c.node);
  w.i64(static_cast<std::int64_t>(c.offset_ms * 1e6));
  w.i64(static_cast<std::int64_t>(c.rtt_ms * 1e6));
  w.u32(c.samples);
}

bool get_clock(byte_reader& r, peer_clock& c) {
  c.node = r.str(64);
  c.offset_ms = double(r.i64()) / 1e6;
  c.rtt_ms = double(r.i64()) / 1e6;
  c.samples = r.u32();
  return !r.failed();
}

void put_histogram(byte_writer& w, const latency_counts& c);
bool get_histogram(byte_reader& r, latency_counts& c);

/// A UDP listener's clients' registrations (listener_result).
void put_listener(byte_writer& w, const listener_result& l) {
  w.str(l.element);
  w.str(l.endpoint);
  for (auto v : {l.started, l.established, l.failed}) w.u64(v);
  const auto& t = l.life;
  for (auto v : {t.registrations, t.reregistrations, t.keepalives, t.deregistrations, t.expirations,
                 t.failures, t.esp_sent, t.esp_received, t.unprotected_dropped, t.timeouts})
    w.u64(v);
  for (auto v : t.esp_dropped) w.u64(v);
  w.i64(l.in_flight);
  put_histogram(w, l.latency);
  w.i64(l.first_start);
  w.i64(l.last_done);
}

bool get_listener(byte_reader& r, listener_result& l) {
  l.element = r.str(256);
  l.endpoint = r.str(256);
  for (auto* v : {&l.started, &l.established, &l.failed}) *v = r.u64();
  auto& t = l.life;
  for (auto* v : {&t.registrations, &t.reregistrations, &t.keepalives, &t.deregistrations,
                  &t.expirations, &t.failures, &t.esp_sent, &t.esp_received,
                  &t.unprotected_dropped, &t.timeouts})
    *v = r.u64();
  for (auto& v : t.esp_dropped) v = r.u64();
  l.in_flight = r.i64();
  if (r.failed() || !get_histogram(r, l.latency)) return false;
  l.first_start = r.i64();
  l.last_done = r.i64();
  return !r.failed();
}

/// Sparse: the count of non-empty buckets, then each one's index (ascending) and count.
void put_histogram(byte_writer& w, const latency_counts& c) {
  std::uint32_t n = 0;
  for (auto v : c) n += v > 0 ? 1 : 0;
  w.u32(n);
  for (std::size_t b = 0; b < c.size(); ++b)
    if (c[b] > 0) {
      w.u16(static_cast<std::uint16_t>(b));
      w.u64(c[b]);
    }
}

/// Refuses more buckets than exist, an index out of range or not ascending (each bucket once).
bool get_histogram(byte_reader& r, latency_counts& c) {
  const auto n = r.u32();
  if (n > latency_buckets || r.remaining() < std::size_t{n} * 10) return false;
  long previous = -1;
  for (std::uint32_t i = 0; i < n; ++i) {
    const auto b = r.u16();
    const auto v = r.u64();
    if (r.failed() || b >= latency_buckets || long{b} <= previous) return false;
    previous = b;
    c[b] = v;
  }
  return true;
}

/// A point's fields: counts as u64; a latency in ms as i64 ns (-1 ms: none); CPU as i64 µs.
constexpr std::size_t point_bytes = 8 * 19;

void put_point(byte_writer& w, const series_point& p) {
  w.i64(p.at);
  for (auto v : {p.started, p.established, p.failed, p.registrations, p.reregistrations,
                 p.keepalives, p.deregistrations, p.expirations, p.failures, p.esp_sent,
                 p.esp_received, p.esp_dropped, p.latencies})
    w.u64(v);
  w.i64(p.active);
  w.i64(static_cast<std::int64_t>(p.latency_p50_ms * 1e6));
  w.i64(static_cast<std::int64_t>(p.latency_p99_ms * 1e6));
  w.i64(static_cast<std::int64_t>(p.cpu_seconds * 1e6));
  w.i64(p.rss_kb);
}

bool get_point(byte_reader& r, series_point& p) {
  p.at = r.i64();
  for (auto* v : {&p.started, &p.established, &p.failed, &p.registrations, &p.reregistrations,
                  &p.keepalives, &p.deregistrations, &p.expirations, &p.failures, &p.esp_sent,
                  &p.esp_received, &p.esp_dropped, &p.latencies})
    *v = r.u64();
  p.active = r.i64();
  const auto p50 = r.i64(), p99 = r.i64(), cpu = r.i64(), rss = r.i64();
  // A latency is -1 (none) or ≥ 0; CPU and RSS are ≥ 0: anything else is not ours.
  if (r.failed() || p50 < -1'000'000 || p99 < -1'000'000 || cpu < 0 || rss < 0) return false;
  p.latency_p50_ms = p50 < 0 ? -1 : double(p50) / 1e6;
  p.latency_p99_ms = p99 < 0 ? -1 : double(p99) / 1e6;
  p.cpu_seconds = double(cpu) / 1e6;
  p.rss_kb = static_cast<long>(rss);
  return true;
}

constexpr std::uint8_t part_histogram = 1, part_series = 2;

} // namespace

control_header header_of(const control_message& m) {
  return control_header{m.type, m.node, m.part, m.parts};
}

std::string encode(const control_message& m) {
  byte_writer w;
  w.u8(static_cast<std::uint8_t>(m.type));
  w.str(m.node);
  w.u16(m.part);
  w.u16(m.parts);
  switch (m.type) {
    case control_type::done:
    case control_type::final: {
      const auto& r = m.report;
      w.u32(static_cast<std::uint32_t>(r.groups.size()));
      for (const auto& g : r.groups) put_group(w, g);
      w.u32(static_cast<std::uint32_t>(r.aucs.size()));
      for (const auto& a : r.aucs) put_auc(w, a);
      w.u8(r.timed_out ? 1 : 0);
      w.u64(r.terminals);
      w.i64(r.peak_rss_kb);
      w.i64(r.rss_before_terminals_kb);
      w.i64(r.rss_after_kb);
      w.i64(static_cast<std::int64_t>(r.cpu_seconds * 1e6));
      edge_fields(const_cast<elements::edge_stats&>(r.edges), [&](std::uint64_t& v) { w.u64(v); });
      w.i64(r.started);
      w.i64(r.ended);
      w.u32(static_cast<std::uint32_t>(r.elements.size()));
      for (const auto& e : r.elements) put_element(w, e);
      w.u32(static_cast<std::uint32_t>(r.clocks.size()));
      for (const auto& c : r.clocks) put_clock(w, c);
      w.str(r.listeners);
      w.i64(static_cast<std::int64_t>(r.listeners_cpu_seconds * 1e6));
      w.u32(static_cast<std::uint32_t>(r.listener_results.size()));
      for (const auto& l : r.listener_results) put_listener(w, l);
      break;
    }
    case control_type::latencies:
      if (!m.group.empty()) {
        w.u8(part_histogram);
        w.str(m.group);
        put_histogram(w, m.latency);
      } else {
        w.u8(part_series);
        const auto n = std::min(m.series.size(), series_per_message);
        w.u32(static_cast<std::uint32_t>(n));
        for (std::size_t i = 0; i < n; ++i) put_point(w, m.series[i]);
      }
      break;
    default:
      break;
  }
  return std::move(w.out);
}

result<control_message> decode_control(std::string_view bytes) {
  byte_reader r{bytes};
  control_message m;
  const auto t = r.u8();
  if (t < 1 || t > 6) return make_error(errc::unsupported, 0, "unknown control message");
  m.type = static_cast<control_type>(t);
  m.node = r.str(64);
  m.part = r.u16();
  m.parts = r.u16();
  auto bad = [&](const char* what) { return make_error(errc::malformed, r.offset(), what); };
  switch (m.type) {
    case control_type::done:
    case control_type::final: {
      auto& rep = m.report;
      const auto ng = r.u32();
      if (ng > max_items) return bad("too many groups");
      for (std::uint32_t i = 0; i < ng && !r.failed(); ++i) {
        group_result g;
        if (!get_group(r, g)) return bad("bad group");
        rep.groups.push_back(std::move(g));
      }
      const auto na = r.u32();
      if (na > max_items) return bad("too many AuCs");
      for (std::uint32_t i = 0; i < na && !r.failed(); ++i) {
        auc_summary a;
        if (!get_auc(r, a)) return bad("bad AuC");
        rep.aucs.push_back(std::move(a));
      }
      rep.timed_out = r.u8() != 0;
      rep.terminals = r.u64();
      rep.peak_rss_kb = r.i64();
      rep.rss_before_terminals_kb = r.i64();
      rep.rss_after_kb = r.i64();
      rep.cpu_seconds = double(r.i64()) / 1e6;
      edge_fields(rep.edges, [&](std::uint64_t& v) { v = r.u64(); });
      rep.started = r.i64();
      rep.ended = r.i64();
      const auto ne = r.u32();
      if (ne > max_items) return bad("too many elements");
      for (std::uint32_t i = 0; i < ne && !r.failed(); ++i) {
        element_report e;
        if (!get_element(r, e)) return bad("bad element");
        rep.elements.push_back(std::move(e));
      }
      const auto nc = r.u32();
      if (nc > max_items) return bad("too many clocks");
      for (std::uint32_t i = 0; i < nc && !r.failed(); ++i) {
        peer_clock c;
        if (!get_clock(r, c)) return bad("bad clock");
        rep.clocks.push_back(std::move(c));
      }
      rep.listeners = r.str();
      rep.listeners_cpu_seconds = double(r.i64()) / 1e6;
      const auto nl = r.u32();
      if (nl > max_items) return bad("too many listeners");
      for (std::uint32_t i = 0; i < nl && !r.failed(); ++i) {
        listener_result l;
        if (!get_listener(r, l)) return bad("bad listener");
        rep.listener_results.push_back(std::move(l));
      }
      break;
    }
    case control_type::latencies: {
      const auto kind = r.u8();
      if (kind == part_histogram) {
        m.group = r.str();
        if (r.failed()) break;
        if (m.group.empty()) return bad("histogram of no group");
        if (!get_histogram(r, m.latency)) return bad("bad latency histogram");
      } else if (kind == part_series) {
        const auto n = r.u32();
        if (n > series_per_message || r.remaining() < std::size_t{n} * point_bytes)
          return bad("bad series length");
        m.series.resize(n);
        for (auto& p : m.series)
          if (!get_point(r, p)) return bad("bad series point");
      } else if (!r.failed()) {
        return bad("unknown report part");
      }
      break;
    }
    default:
      break;
  }
  if (r.failed()) return make_error(errc::incomplete, r.offset(), "truncated control message");
  if (!r.at_end()) return bad("trailing bytes");
  return m;
}

std::vector<control_message> split_report(control_type type, const std::string& node,
                                          const emulation_report& r) {
  std::vector<control_message> out;
  control_message head;
  head.type = type;
  head.node = node;
  head.report = r;
  for (auto& g : head.report.groups) g.latency = latency_counts{};
  head.report.series.clear();
  head.report.nodes.clear();
  out.push_back(std::move(head));
  for (const auto& g : r.groups) {
    if (latency_total(g.latency) == 0) continue;
    control_message c;
    c.type = control_type::latencies;
    c.node = node;
    c.group = g.name;
    c.latency = g.latency;
    out.push_back(std::move(c));
  }
  for (std::size_t i = 0; i < r.series.size(); i += series_per_message) {
    control_message c;
    c.type = control_type::latencies;
    c.node = node;
    const auto end = std::min(r.series.size(), i + series_per_message);
    c.series.assign(r.series.begin() + static_cast<std::ptrdiff_t>(i),
                    r.series.begin() + static_cast<std::ptrdiff_t>(end));
    out.push_back(std::move(c));
  }
  const auto parts = static_cast<std::uint16_t>(std::min<std::size_t>(out.size(), 0xffff));
  for (std::size_t i = 0; i < out.size(); ++i) {
    out[i].part = static_cast<std::uint16_t>(std::min<std::size_t>(i, 0xffff));
    out[i].parts = parts;
  }
  return out;
}

void merge(emulation_report& whole, const control_message& m) {
  switch (m.type) {
    case control_type::done:
    case control_type::final: {
      const auto& r = m.report;
      for (const auto& g : r.groups) {
        auto it = std::find_if(whole.groups.begin(), whole.groups.end(),
                               [&](const group_result& x) { return x.name == g.name; });
        if (it == whole.groups.end()) {
          whole.groups.push_back(g);
        } else {
          const auto lat = it->latency; // its histogram came in its own part
          *it = g;
          it->latency = lat;
        }
      }
      for (const auto& a : r.aucs) {
        auto it = std::find_if(whole.aucs.begin(), whole.aucs.end(),
                               [&](const auc_summary& x) { return x.name == a.name; });
        if (it == whole.aucs.end()) whole.aucs.push_back(a);
        else *it = a;
      }
      for (const auto& e : r.elements) {
        auto it = std::find_if(whole.elements.begin(), whole.elements.end(),
                               [&](const element_report& x) { return x.name == e.name; });
        if (it == whole.elements.end()) whole.elements.push_back(e);
        else *it = e;
      }
      if (r.started != 0 && (whole.started == 0 || r.started < whole.started))
        whole.started = r.started;
      whole.ended = std::max(whole.ended, r.ended);
      whole.timed_out = whole.timed_out || r.timed_out;
      node_usage u{m.node, r.terminals, r.peak_rss_kb, r.rss_before_terminals_kb, r.rss_after_kb,
                   r.cpu_seconds, r.edges, std::nullopt, r.clocks};
      // The node's UDP listeners' clients (once each, by element) and their serving time.
      bool added = false;
      for (const auto& l : r.listener_results) {
        auto x = std::find_if(whole.listener_results.begin(), whole.listener_results.end(),
                              [&](const listener_result& y) { return y.element == l.element; });
        if (x == whole.listener_results.end()) {
          whole.listener_results.push_back(l);
          added = true;
        } else {
          *x = l;
        }
      }
      if (added) { // the node's listener lines and serving time, once
        whole.listeners += r.listeners;
        whole.listeners_cpu_seconds += r.listeners_cpu_seconds;
      }
      auto it = std::find_if(whole.nodes.begin(), whole.nodes.end(),
                             [&](const node_usage& x) { return x.node == m.node; });
      if (it == whole.nodes.end()) whole.nodes.push_back(u);
      else *it = u;
      // The edges of every node, each node's latest report counted once.
      whole.edges = elements::edge_stats{};
      for (const auto& n : whole.nodes) whole.edges += n.edges;
      break;
    }
    case control_type::latencies: {
      if (!m.group.empty()) {
        auto it = std::find_if(whole.groups.begin(), whole.groups.end(),
                               [&](const group_result& x) { return x.name == m.group; });
        if (it != whole.groups.end()) latency_add(it->latency, m.latency);
        break;
      }
      // The nodes' seconds, merged by wall-clock second (progress.hpp merge_point), in order.
      for (const auto& p : m.series) {
        const auto sec = series_second(p.at);
        auto it = std::lower_bound(whole.series.begin(), whole.series.end(), sec,
                                   [](const series_point& x, std::int64_t s) {
                                     return series_second(x.at) < s;
                                   });
        if (it != whole.series.end() && series_second(it->at) == sec) merge_point(*it, p);
        else whole.series.insert(it, p);
      }
      break;
    }
    default:
      break;
  }
}

} // namespace ngn::nodes
