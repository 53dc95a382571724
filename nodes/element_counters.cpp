#include "nodes/element_counters.hpp"

namespace ngn::nodes {

using elements::edge_stats;
using elements::proxy_stats;
using elements::softswitch_stats;

namespace {

/// The counters of an edge's registrations' life, by name (the run report's per element).
void add_edge_counters(std::map<std::string, std::uint64_t>& c, const edge_stats& e) {
  c["esp_sent"] = e.esp_sent;
  c["esp_received"] = e.esp_received;
  c["esp_dropped"] = e.esp_dropped();
  c["unprotected_dropped"] = e.unprotected_dropped;
  c["expired"] = e.expired;
  c["deregistered"] = e.deregistered;
  c["superseded"] = e.superseded;
  c["keepalives"] = e.keepalives;
}

} // namespace

/// A proxy's counters (proxy_stats) by name; refusals are the ones named refused_*.
std::map<std::string, std::uint64_t> counters_of(const proxy_stats& s) {
  std::map<std::string, std::uint64_t> c{{"relayed_up", s.relayed_up},
                                         {"relayed_down", s.relayed_down},
                                         {"established", s.established},
                                         {"refused_malformed", s.malformed},
                                         {"refused_unroutable", s.unroutable},
                                         {"refused_sec_agree_mismatch", s.sec_agree_mismatches},
                                         {"refused_unwrap_failure", s.unwrap_failures},
                                         {"refused_no_common_mechanism", s.no_common_mechanism},
                                         {"refused_overload_queue", s.overload_queue},
                                         {"retry_after_max_s", s.retry_after_max}};
  add_edge_counters(c, s.life);
  return c;
}

/// A soft switch's counters (softswitch_stats) by name; refusals are the ones named refused_*.
std::map<std::string, std::uint64_t> counters_of(const softswitch_stats& s) {
  std::map<std::string, std::uint64_t> c{{"requests", s.requests},
                                         {"challenges", s.challenges},
                                         {"established", s.established},
                                         {"resyncs", s.resyncs},
                                         {"rechallenged", s.rechallenged},
                                         {"refused_rejected", s.rejected},
                                         {"refused_malformed", s.malformed},
                                         {"refused_replay", s.replays},
                                         {"refused_auc_timeout", s.auc_timeouts},
                                         {"refused_by_auc", s.refusals},
                                         {"refused_not_admitted", s.not_admitted},
                                         {"refused_no_common_mechanism", s.no_common_mechanism},
                                         {"refused_overload_auc", s.overload_auc},
                                         {"refused_overload_identity", s.overload_identity},
                                         {"refused_overload_source", s.overload_source},
                                         {"refused_overload_queue", s.overload_queue},
                                         {"retry_after_max_s", s.retry_after_max},
                                         {"challenges_reused", s.challenges_reused},
                                         {"reports_resent", s.reports_resent},
                                         {"reports_lost", s.reports_lost},
                                         {"deregistrations", s.deregistrations},
                                         {"ends", s.ends},
                                         {"ends_unresolved", s.ends_unresolved}};
  add_edge_counters(c, s.life);
  return c;
}

} // namespace ngn::nodes
