#include "elements/report_sender.hpp"

#include "protocols/auc/codec.hpp"

#include <algorithm>

namespace ngn::elements {

void report_sender::keep(key k, element_id auc, auc::message m, micros now, outbox& out) {
  out.send(auc, envelope_kind::auc, auc::encode(m));
  auto& u = unacked_[k];
  u = pending{std::move(m), auc, now + p_.retry, p_.retry, 1};
  due_.emplace(u.next, k);
}

void report_sender::send(element_id auc, auc::auth_report r, micros now, outbox& out) {
  if (r.db_id == 0) {
    out.send(auc, envelope_kind::auc, auc::encode(auc::message{std::move(r)}));
    return;
  }
  const key k = key_of(r.db_id, auc::acked::auth_report);
  keep(k, auc, auc::message{std::move(r)}, now, out);
}

void report_sender::send(element_id auc, auc::registration_end e, micros now, outbox& out) {
  if (e.db_id == 0) return; // nothing the AuC could close
  if (unacked_.count(key_of(e.db_id, auc::acked::auth_report)) != 0) {
    waiting_[e.db_id] = {auc, std::move(e)};
    return;
  }
  const key k = key_of(e.db_id, auc::acked::registration_end);
  keep(k, auc, auc::message{std::move(e)}, now, out);
}

void report_sender::acknowledged(const auc::report_ack& ack, micros now, outbox& out) {
  unacked_.erase(key_of(ack.db_id, ack.what));
  if (ack.what != auc::acked::auth_report) return;
  auto w = waiting_.find(ack.db_id);
  if (w == waiting_.end()) return;
  auto [auc, end] = std::move(w->second);
  waiting_.erase(w);
  send(auc, std::move(end), now, out);
}

void report_sender::on_tick(micros now, outbox& out) {
  while (!due_.empty() && due_.top().first <= now) {
    const auto [next, k] = due_.top();
    due_.pop();
    auto i = unacked_.find(k);
    if (i == unacked_.end() || i->second.next != next) continue; // acknowledged or re-armed
    auto& u = i->second;
    if (u.tries >= p_.tries) {
      ++lost_;
      // A registration end waiting for this report will never be applied either.
      if (const auto* r = std::get_if<auc::auth_report>(&u.m); r != nullptr && waiting_.erase(r->db_id))
        ++lost_;
      unacked_.erase(i);
      continue;
    }
    ++u.tries;
    ++resent_;
    u.interval = std::min(2 * u.interval, p_.retry_max);
    u.next = now + u.interval;
    due_.emplace(u.next, k);
    out.send(u.auc, envelope_kind::auc, auc::encode(u.m));
  }
}

} // namespace ngn::elements
