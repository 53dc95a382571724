#include "nodes/group_progress.hpp"

namespace ngn::nodes {

using elements::esp_drop_causes;
using elements::life_counters;

life_totals life_totals::of(const life_counters& c) {
  life_totals t;
  t.registrations = life_counters::get(c.registrations);
  t.reregistrations = life_counters::get(c.reregistrations);
  t.keepalives = life_counters::get(c.keepalives);
  t.deregistrations = life_counters::get(c.deregistrations);
  t.expirations = life_counters::get(c.expirations);
  t.failures = life_counters::get(c.failures);
  t.timeouts = life_counters::get(c.timeouts);
  t.esp_sent = life_counters::get(c.esp_sent);
  t.esp_received = life_counters::get(c.esp_received);
  t.unprotected_dropped = life_counters::get(c.unprotected_dropped);
  for (std::size_t i = 0; i < esp_drop_causes; ++i)
    t.esp_dropped[i] = life_counters::get(c.esp_dropped[i]);
  return t;
}

life_totals& life_totals::operator+=(const life_totals& o) {
  registrations += o.registrations;
  reregistrations += o.reregistrations;
  keepalives += o.keepalives;
  deregistrations += o.deregistrations;
  expirations += o.expirations;
  failures += o.failures;
  timeouts += o.timeouts;
  esp_sent += o.esp_sent;
  esp_received += o.esp_received;
  unprotected_dropped += o.unprotected_dropped;
  for (std::size_t i = 0; i < esp_drop_causes; ++i) esp_dropped[i] += o.esp_dropped[i];
  return *this;
}

std::uint64_t life_totals::dropped() const noexcept {
  std::uint64_t n = 0;
  for (auto d : esp_dropped) n += d;
  return n;
}
} // namespace ngn::nodes
