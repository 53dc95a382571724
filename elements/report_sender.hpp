// Reliable delivery of the terminal authentication success / failure messages (DESIGN.md §1
// step 6) to the AuC: a report about a session the AuC opened (db_id != 0) is kept until the AuC
// acknowledges it (auc::report_ack, sent once the report is committed) and sent again with
// exponential back-off, so that a report in flight when the AuC dies is applied by the restarted
// AuC; the AuC applies a report idempotently and counts it once. Reports about failures met
// before any AuC session existed (db_id 0) are sent once.
#pragma once

#include "elements/common.hpp"
#include "protocols/auc/messages.hpp"

#include <cstdint>
#include <functional>
#include <queue>
#include <unordered_map>
#include <utility>
#include <vector>

namespace ngn::elements {

struct report_policy {
  micros retry = 1 * seconds;      ///< first re-send after this
  micros retry_max = 8 * seconds;  ///< doubling up to this
  std::uint8_t tries = 20;         ///< sends in all before giving up
};

class report_sender {
public:
  explicit report_sender(report_policy p = {}) : p_(p) {}

  /// Sends `r` to `auc` now; keeps it until acknowledged when it names a session (db_id != 0).
  void send(element_id auc, auc::auth_report r, micros now, outbox& out);
  /// The AuC committed the report about `db_id`.
  void acknowledged(std::int64_t db_id);
  /// Re-sends what is due; gives up (and counts) after `tries`.
  void on_tick(micros now, outbox& out);

  std::size_t unacknowledged() const noexcept { return unacked_.size(); }
  std::uint64_t resent() const noexcept { return resent_; }
  std::uint64_t lost() const noexcept { return lost_; }

private:
  struct pending {
    auc::auth_report report;
    element_id auc = no_element;
    micros next = 0;
    micros interval = 0;
    std::uint8_t tries = 1;
  };
  report_policy p_;
  std::unordered_map<std::int64_t, pending> unacked_;
  /// (next, db_id), earliest first; entries whose `next` moved on are outdated.
  std::priority_queue<std::pair<micros, std::int64_t>, std::vector<std::pair<micros, std::int64_t>>,
                      std::greater<>>
    due_;
  std::uint64_t resent_ = 0, lost_ = 0;
};

} // namespace ngn::elements
