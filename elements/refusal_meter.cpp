// The AuC's aggregation of refusals without a session of their own (refusal_meter.hpp).
#include "elements/refusal_meter.hpp"

namespace ngn::elements {

bool refusal_meter::admit_row(std::uint32_t reason_code, micros now) {
  const micros s = second_of(now);
  if (s != row_second_) {
    row_second_ = s;
    rows_in_second_.clear();
  }
  auto& n = rows_in_second_[reason_code];
  if (n >= rows_per_second_) return false;
  ++n;
  ++rows_;
  return true;
}

void refusal_meter::count(std::uint32_t reason_code, const std::string& reason,
                          const std::string& source, const std::string& identity, micros now) {
  const micros s = second_of(now);
  auto [it, fresh] = pending_.try_emplace({s, reason_code});
  auto& r = it->second;
  if (fresh) {
    r.interval_start = s;
    r.auc = auc_;
    r.reason_code = reason_code;
    r.reason = reason;
    r.sample_source = source;
    r.sample_identity = identity;
  }
  ++r.count;
  ++counted_;
}

bool refusal_meter::record(std::uint32_t reason_code, const std::string& reason,
                           const std::string& source, const std::string& identity, micros now) {
  if (admit_row(reason_code, now)) return true;
  count(reason_code, reason, source, identity, now);
  return false;
}

std::vector<storage::refusal_insert> refusal_meter::flush(micros now, bool all) {
  std::vector<storage::refusal_insert> out;
  const micros s = second_of(now);
  for (auto it = pending_.begin(); it != pending_.end();) {
    if (!all && it->first.first >= s) break; // ordered by second: the rest is still open
    out.push_back(std::move(it->second));
    it = pending_.erase(it);
  }
  return out;
}

} // namespace ngn::elements
