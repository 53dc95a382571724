#include "elements/proxy_fsm.hpp"

#include "protocols/auc/codec.hpp"

#include <algorithm>

namespace ngn::elements {

using dialogue::step;

namespace {

/// How long the route of a request stays after its transport acknowledgement.
constexpr micros ack_grace = 2 * seconds;

std::string transaction_key(protocol p, std::string_view tid) {
  std::string key(1, static_cast<char>(p));
  key += tid;
  return key;
}

} // namespace

proxy_fsm::proxy_fsm(proxy_config cfg) : cfg_(std::move(cfg)), edge_(cfg_.edge) {}

void proxy_fsm::on_envelope(const envelope& e, micros now, outbox& out) {
  if (!carries_protocol(e.kind)) return; // the proxy takes part in no AuC dialogue
  if (e.from == cfg_.softswitch) from_softswitch(protocol_of(e.kind), e.payload, now, out);
  else from_terminal(e.from, protocol_of(e.kind), e.payload, now, out);
}

void proxy_fsm::report_failure(element_id terminal, protocol p, std::string identity,
                               std::string reason, micros now, outbox& out) {
  auc::auth_report r;
  r.identity = std::move(identity);
  r.proto = p;
  r.proxy = cfg_.name;
  r.proxy_node = cfg_.node;
  r.reason = std::move(reason);
  r.t_request = now;
  r.t_response = now;
  out.send(cfg_.softswitch, envelope_kind::auc, auc::encode(auc::message{std::move(r)}), terminal);
}

std::string_view proxy_fsm::chosen_for(const pending* p) const {
  if (p == nullptr || p->choice.result != negotiation::verdict::chosen) return {};
  return p->choice.mechanism;
}

void proxy_fsm::from_terminal(element_id from, protocol proto, std::string_view bytes,
                              micros now, outbox& out) {
  const auto& b = binding(proto);
  auto in = b.decode(bytes);
  if (!in) {
    // DESIGN.md §5: the protocol's own error answer, and a logged session failure.
    ++stats_.malformed;
    out.send(from, proto, b.malformed_answer(bytes, in.error(), cfg_.self));
    report_failure(from, proto, {},
                   "malformed " + std::string(to_string(proto))
                     + " message at the proxy: " + in.error().describe(),
                   now, out);
    return;
  }
  const auto& c = in->c;
  dialogue::relay_edit edit;
  edit.direction = dialogue::relay_edit::toward::softswitch;
  edit.self = cfg_.self;
  auto p = pending_.find(c.identity);
  switch (c.kind) {
    case step::reg_request: {
      // DESIGN.md §1: "SP, not SS, chooses the mechanism" — and refuses when there is none.
      auto choice = edge_.negotiate(c.offered);
      if (choice.result == negotiation::verdict::refused) {
        ++stats_.no_common_mechanism;
        std::string reason = "no common security mechanism: offered "
                             + format_mechanisms(c.offered) + ", the proxy supports "
                             + format_mechanisms(edge_.supported());
        out.send(from, proto,
                 b.rejection(*in, dialogue::code::sec_agree_required, reason, cfg_.self));
        report_failure(from, proto, c.identity, std::move(reason), now, out);
        return;
      }
      auto& pe = pending_[c.identity];
      pe = pending{};
      pe.terminal = from;
      pe.offered = c.offered;
      pe.choice = std::move(choice);
      pe.deadline = now + cfg_.session_timeout;
      break;
    }
    case step::reg_message: {
      // RFC 3329 §2.3.1: a mirror that differs from this proxy's list means a man in the middle
      // changed it (bidding-down); the soft switch refuses and records it.
      const auto& offered = p != pending_.end() ? p->second.offered : c.offered;
      if (!edge_.mirror_intact(offered, c.edge)) {
        ++stats_.sec_agree_mismatches;
        edit.sec_agree_failed = true;
      }
      edit.chosen = chosen_for(p != pending_.end() ? &p->second : nullptr);
      break;
    }
    case step::refusal:
      edge_.forget(c.identity);
      break;
    default:
      break;
  }
  std::string tid;
  if (!c.is_response) {
    // A request of T's: this proxy's own transaction id on the hop routes the answer back.
    tid = b.hop_tid(cfg_.name, next_tid_++);
    edit.tid = tid;
    transactions_[transaction_key(proto, tid)] =
      hop_transaction{from, c.tid, c.identity, now + cfg_.session_timeout};
  }
  ++stats_.relayed_up;
  out.send(cfg_.softswitch, proto, b.relay(*in, edit), from);
}

void proxy_fsm::relay_down(const dialogue::inbound& in, element_id to, protocol p,
                           const dialogue::relay_edit& edit, outbox& out) {
  ++stats_.relayed_down;
  out.send(to, p, binding(p).relay(in, edit));
}

void proxy_fsm::from_softswitch(protocol proto, std::string_view bytes, micros now,
                                outbox& out) {
  const auto& b = binding(proto);
  auto in = b.decode(bytes);
  if (!in) {
    ++stats_.malformed;
    return;
  }
  const auto& c = in->c;
  dialogue::relay_edit edit;
  edit.direction = dialogue::relay_edit::toward::terminal;
  edit.self = cfg_.self;
  // Route: answers by this proxy's hop transaction id, the soft switch's commands by identity.
  // A rejection answers a request even where the protocol carries it as a command of its own.
  element_id to = no_element;
  std::string original_tid;
  std::string identity = c.identity;
  if (c.is_response || c.kind == step::rejection) {
    auto t = transactions_.find(transaction_key(proto, c.tid));
    if (t != transactions_.end()) {
      to = t->second.terminal;
      original_tid = t->second.original_tid;
      if (identity.empty()) identity = t->second.identity;
      // A transport acknowledgement may be followed by the dialogue's answer to the same request
      // (a protocol that acknowledges a command first): keep the route a little longer.
      if (c.kind == step::ack) t->second.deadline = std::min(t->second.deadline, now + ack_grace);
      else transactions_.erase(t);
    }
    edit.tid = original_tid;
  }
  auto p = pending_.find(identity);
  if (to == no_element && p != pending_.end()) to = p->second.terminal;
  if (to == no_element) {
    ++stats_.unroutable;
    return;
  }
  switch (c.kind) {
    case step::challenge:
      if (p != pending_.end()) {
        p->second.session_id = c.session_id;
        p->second.rand = c.rand;
        edit.edge = &edge_.supported();
        edit.chosen = chosen_for(&p->second);
      }
      break;
    case step::success:
      if (p != pending_.end()) {
        auto& pe = p->second;
        edit.chosen = chosen_for(&pe);
        edit.edge = &edge_.supported();
        edit.strip_wrapped_edge = true;
        key_delivery d;
        d.identity = identity;
        d.session_id = pe.session_id;
        d.rand = &pe.rand;
        d.wrapped_edge = c.wrapped_edge;
        d.wrapped_t = c.wrapped_t;
        d.offered = &pe.offered;
        d.mechanism = edit.chosen;
        const auto mac = edge_.deliver(d, now);
        if (mac) {
          edit.mac = *mac;
          ++stats_.established;
        } else {
          ++stats_.unwrap_failures; // without a MAC the terminal refuses the key: recorded
        }
        relay_down(*in, to, proto, edit, out);
        pending_.erase(p);
        return;
      }
      break;
    case step::rejection:
      if (p != pending_.end()) pending_.erase(p);
      break;
    default:
      break;
  }
  relay_down(*in, to, proto, edit, out);
}

void proxy_fsm::on_tick(micros now, outbox& /*out*/) {
  // Both tables hold registrations in progress only, so a periodic scan is cheap.
  if (now - last_sweep_ < seconds) return;
  last_sweep_ = now;
  for (auto i = transactions_.begin(); i != transactions_.end();)
    i = i->second.deadline <= now ? transactions_.erase(i) : std::next(i);
  for (auto i = pending_.begin(); i != pending_.end();)
    i = i->second.deadline <= now ? pending_.erase(i) : std::next(i);
}

} // namespace ngn::elements
