#include "elements/report_sender.hpp"

#include "protocols/auc/codec.hpp"

#include <algorithm>

namespace ngn::elements {

void report_sender::send(element_id auc, auc::auth_report r, micros now, outbox& out) {
  if (r.db_id != 0) {
    auto& u = unacked_[r.db_id];
    u = pending{r, auc, now + p_.retry, p_.retry, 1};
    due_.emplace(u.next, r.db_id);
  }
  out.send(auc, envelope_kind::auc, auc::encode(auc::message{std::move(r)}));
}

void report_sender::acknowledged(std::int64_t db_id) { unacked_.erase(db_id); }

void report_sender::on_tick(micros now, outbox& out) {
  while (!due_.empty() && due_.top().first <= now) {
    const auto [next, db_id] = due_.top();
    due_.pop();
    auto i = unacked_.find(db_id);
    if (i == unacked_.end() || i->second.next != next) continue; // acknowledged or re-armed
    auto& u = i->second;
    if (u.tries >= p_.tries) {
      ++lost_;
      unacked_.erase(i);
      continue;
    }
    ++u.tries;
    ++resent_;
    u.interval = std::min(2 * u.interval, p_.retry_max);
    u.next = now + u.interval;
    due_.emplace(u.next, db_id);
    out.send(u.auc, envelope_kind::auc, auc::encode(auc::message{u.report}));
  }
}

} // namespace ngn::elements
