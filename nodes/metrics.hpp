// `--metrics ADDR:PORT` (README "Live metrics"): a Prometheus/OpenMetrics text endpoint at
// http://ADDR:PORT/metrics that serves, while the run lasts, the counters of the --stats CSV and
// the progress line per terminal group, the registration latency histogram, the AuC writers'
// counters and the process's CPU time and resident memory.
//
// Nothing is recorded for it: each scrape reads the live atomics the terminals already count
// (group_progress) and the writers' stats, so a run without --metrics pays nothing and one with it
// pays only the scrapes. No prometheus-cpp or CAF headers here (the pimpl keeps them in
// metrics.cpp).
#pragma once

#include "nodes/terminal_group.hpp"
#include "topology/syntax.hpp"

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace ngn::storage {
class writer;
}

namespace ngn::nodes {

/// Where the endpoint listens: an IPv4 address or a bracketed IPv6 address, and a port (0: any
/// free port, the one chosen is printed).
struct metrics_address {
  std::string host;        ///< as given, IPv6 without brackets
  std::uint16_t port = 0;
  bool ipv6 = false;
  /// "127.0.0.1:9464", "[::1]:9464".
  std::string to_string() const;
};

/// "ADDR:PORT": a numeric IPv4 address or "[IPv6]", then a port 0..65535.
topology::value_or_error<metrics_address> parse_metrics_address(std::string_view s);

/// The labels of one terminal group's series.
struct metrics_group_labels {
  std::string group;
  std::string protocol;  ///< sip, mgcp, h248, h323
  std::string path;      ///< direct | proxy | listener (a UDP listener's real clients)
  std::string node;
  std::uint64_t terminals = 0;
};

class metrics_endpoint {
public:
  /// Binds and starts serving; nullptr and `error` ("--metrics 127.0.0.1:9464: address in use…")
  /// if the address is not one or cannot be bound.
  static std::unique_ptr<metrics_endpoint> open(const std::string& address, std::string& error);
  /// Stops serving (joins the server's threads): after it no source is read.
  ~metrics_endpoint();
  metrics_endpoint(const metrics_endpoint&) = delete;
  metrics_endpoint& operator=(const metrics_endpoint&) = delete;

  /// http://ADDR:PORT/metrics with the port actually bound.
  std::string url() const;

  /// Adds a source; thread-safe (the server may already be scraping). The group's counters stay
  /// alive as long as the endpoint (shared ownership).
  void add_group(metrics_group_labels labels, std::shared_ptr<const group_progress> progress);
  /// `w` must outlive the endpoint.
  void add_writer(std::string auc, std::string node, const storage::writer* w);

private:
  struct impl;
  explicit metrics_endpoint(std::unique_ptr<impl> p);
  std::unique_ptr<impl> p_;
};

} // namespace ngn::nodes
