// Reliable delivery of what the soft switch tells the AuC about a session: the terminal
// authentication success / failure message (DESIGN.md §1 step 6) and, later, the end of the
// registration (DESIGN.md §1.2). A message about a session the AuC opened (db_id != 0) is kept
// until the AuC acknowledges it (auc::report_ack, sent once it is committed) and sent again with
// exponential back-off, so that one in flight when the AuC dies is applied by the restarted AuC;
// the AuC applies each idempotently and counts it once. The end of a registration leaves only
// once the report that established it is acknowledged (the AuC closes only an established
// row). Reports about failures met before any AuC session existed (db_id 0) are sent once.
#pragma once

#include "elements/hash_map.hpp"
#include "elements/common.hpp"
#include "protocols/auc/messages.hpp"

#include <cstdint>
#include <functional>
#include <queue>
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
  /// Sends `e` (db_id != 0) once the report about the same session is acknowledged, then keeps
  /// it until acknowledged itself.
  void send(element_id auc, auc::registration_end e, micros now, outbox& out);
  /// The AuC committed what `ack` names.
  void acknowledged(const auc::report_ack& ack, micros now, outbox& out);
  /// Re-sends what is due; gives up (and counts) after `tries`.
  void on_tick(micros now, outbox& out);

  std::size_t unacknowledged() const noexcept { return unacked_.size() + waiting_.size(); }
  std::uint64_t resent() const noexcept { return resent_; }
  std::uint64_t lost() const noexcept { return lost_; }

private:
  /// (db_id, what) in one integer: db ids are far below 2^62.
  using key = std::int64_t;
  static key key_of(std::int64_t db_id, auc::acked what) noexcept {
    return db_id * 2 + static_cast<std::int64_t>(what);
  }
  struct pending {
    auc::message m;
    element_id auc = no_element;
    micros next = 0;
    micros interval = 0;
    std::uint8_t tries = 1;
  };
  void keep(key k, element_id auc, auc::message m, micros now, outbox& out);

  report_policy p_;
  node_map<key, pending> unacked_;
  /// Registration ends waiting for the acknowledgement of their session's report, by db_id.
  node_map<std::int64_t, std::pair<element_id, auc::registration_end>> waiting_;
  /// (next, key), earliest first; entries whose `next` moved on are outdated.
  std::priority_queue<std::pair<micros, key>, std::vector<std::pair<micros, key>>,
                      std::greater<>>
    due_;
  std::uint64_t resent_ = 0, lost_ = 0;
};

} // namespace ngn::elements
