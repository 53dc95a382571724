#include "elements/proxy_fsm.hpp"

#include "protocols/auc/codec.hpp"
#include "protocols/dialogue/wire_ids.hpp"

#include <algorithm>

namespace ngn::elements {

using dialogue::step;

namespace {

/// How long the route of a request stays after its transport acknowledgement.
constexpr micros ack_grace = 2 * seconds;
/// How long an audit's transaction is remembered (its answer is consumed here).
constexpr micros audit_grace = 8 * seconds;

std::string transaction_key(protocol p, std::string_view tid) {
  std::string key(1, static_cast<char>(p));
  key += tid;
  return key;
}

std::string_view domain_of(std::string_view identity) {
  const auto at = identity.find('@');
  return at == std::string_view::npos ? std::string_view{} : identity.substr(at + 1);
}

/// A plain message a terminal may send although it agreed protection: a new registration
/// dialogue authenticates itself (TS 33.203 §7.1: a terminal that lost its SAs starts again).
bool allowed_in_clear(step s) {
  return s == step::reg_request || s == step::reg_message || s == step::refusal;
}

} // namespace

proxy_fsm::proxy_fsm(proxy_config cfg, random_source& rng)
  : cfg_(std::move(cfg)), rng_(&rng), edge_(cfg_.edge), gate_(cfg_.overload) {}

proxy_stats proxy_fsm::stats() const noexcept {
  proxy_stats s = stats_;
  s.retry_after_max = gate_.retry_after_max();
  s.life = edge_.stats();
  return s;
}

void proxy_fsm::on_envelope(const envelope& e, micros now, outbox& out) {
  const micros wait = waited(e, now);
  if (e.kind == envelope_kind::esp) {
    std::vector<registration_ended> ended;
    auto m = edge_.open(e.from, e.payload, now, ended);
    report_ends(ended, out);
    if (m) from_terminal(e.from, m->proto, m->message, now, wait, out, &*m);
    return;
  }
  if (!carries_protocol(e.kind)) return; // the proxy takes part in no AuC dialogue
  if (e.from == cfg_.softswitch) from_softswitch(protocol_of(e.kind), e.payload, now, out);
  else from_terminal(e.from, protocol_of(e.kind), e.payload, now, wait, out);
}

void proxy_fsm::report_failure(element_id terminal, protocol p, std::string identity,
                               std::string reason, std::uint16_t response_code, reason_code rc,
                               micros now, outbox& out) {
  auc::auth_report r;
  r.identity = std::move(identity);
  r.proto = p;
  r.proxy = cfg_.name;
  r.proxy_node = cfg_.node;
  r.reason = std::move(reason);
  r.t_request = now;
  r.t_response = now;
  r.response_code = response_code;
  r.reason_code = static_cast<std::uint16_t>(rc);
  r.detected_by = cfg_.name;
  out.send(cfg_.softswitch, envelope_kind::auc, auc::encode(auc::message{std::move(r)}), terminal);
}

void proxy_fsm::report_ends(std::vector<registration_ended>& ended, outbox& out) {
  // DESIGN.md §1.2: the proxy knows the soft switch's session ids, not the AuC's rows.
  for (auto& x : ended)
    out.send(cfg_.softswitch, envelope_kind::auc,
             auc::encode(auc::message{to_report(std::move(x))}));
  ended.clear();
}

std::string_view proxy_fsm::chosen_for(const pending* p) const {
  if (p == nullptr || p->choice.result != negotiation::verdict::chosen) return {};
  return p->choice.mechanism;
}

void proxy_fsm::to_terminal(element_id to, const std::string& identity, protocol p,
                            std::string bytes, bool protect, outbox& out) {
  if (bytes.empty()) return;
  if (protect) {
    if (auto packet = edge_.protect(identity, to, p, bytes)) {
      if (!packet->empty()) out.send(to, envelope_kind::esp, std::move(*packet));
      return;
    }
  }
  out.send(to, p, std::move(bytes));
}

void proxy_fsm::answer_keepalive(element_id from, protocol p, const dialogue::inbound& in,
                                 const std::string& identity, bool protect, outbox& out) {
  dialogue::keepalive_fields f;
  f.local = cfg_.self;
  f.realm = domain_of(identity);
  f.session_id = edge_.session_of(identity);
  edge_.kept_alive();
  to_terminal(from, identity, p, binding(p).answer_keepalive(in, f), protect, out);
}

void proxy_fsm::from_terminal(element_id from, protocol proto, std::string_view bytes,
                              micros now, micros wait, outbox& out,
                              const protected_message* sa) {
  const auto& b = binding(proto);
  auto in = b.decode(bytes);
  if (!in) {
    // DESIGN.md §5: the protocol's own error answer, and a logged session failure.
    ++stats_.malformed;
    auto answer = b.malformed_answer(bytes, in.error(), cfg_.self);
    const std::uint16_t code =
      answer.empty() ? 0 : dialogue::wire_code(proto, dialogue::code::bad_request);
    out.send(from, proto, std::move(answer));
    report_failure(from, proto, {},
                   "malformed " + std::string(to_string(proto))
                     + " message at the proxy: " + in.error().describe(),
                   code, reason_code::malformed, now, out);
    return;
  }
  const auto& c = in->c;
  if (sa != nullptr && !c.identity.empty() && c.identity != sa->identity) {
    // An SA protects one terminal's messages only.
    edge_.drop(esp_drop::misdirected);
    return;
  }
  const std::string& identity = sa != nullptr ? sa->identity : c.identity;
  if (sa == nullptr && !allowed_in_clear(c.kind) && edge_.requires_protection(identity, from)) {
    // DESIGN.md §1.2: protection was agreed; a plain keepalive, de-registration, ... is dropped.
    edge_.drop_unprotected();
    return;
  }
  dialogue::relay_edit edit;
  edit.direction = dialogue::relay_edit::toward::softswitch;
  edit.self = cfg_.self;
  auto p = pending_.find(c.identity);
  bool deregistration = false;
  bool foreign = false;
  switch (c.kind) {
    case step::reg_request: {
      // Overload (overload_gate.hpp): a request that waited too long is refused before any work.
      if (!gate_.admits(identity, wait)) {
        ++stats_.overload_queue;
        const auto after = gate_.refuse(identity, now);
        to_terminal(from, identity, proto, b.unavailable(*in, gate_.reason(), cfg_.self, after),
                    sa != nullptr, out);
        return;
      }
      gate_.taken(identity, now);
      // DESIGN.md §1: "SP, not SS, chooses the mechanism" — and refuses when there is none.
      auto choice = edge_.negotiate(c.offered);
      if (choice.result == negotiation::verdict::refused) {
        ++stats_.no_common_mechanism;
        std::string reason = "no common security mechanism: offered "
                             + format_mechanisms(c.offered) + ", the proxy supports "
                             + format_mechanisms(edge_.supported());
        to_terminal(from, identity, proto,
                    b.rejection(*in, dialogue::code::sec_agree_required, reason, cfg_.self),
                    sa != nullptr, out);
        report_failure(from, proto, c.identity, std::move(reason),
                       dialogue::wire_code(proto, dialogue::code::sec_agree_required),
                       reason_code::no_common_mechanism, now, out);
        return;
      }
      auto& pe = pending_[c.identity];
      pe = pending{};
      pe.terminal = from;
      pe.offered = c.offered;
      pe.terminal_spi = c.terminal_spi;
      // DESIGN.md §1.2: the SPI this edge receives under, announced in the challenge.
      if (choice.result == negotiation::verdict::chosen && esp::transform_for(choice.mechanism))
        pe.edge_spi = edge_.allocate_spi(*rng_, now, cfg_.session_timeout);
      pe.choice = std::move(choice);
      pe.deadline = now + cfg_.session_timeout;
      pe.protect = sa != nullptr;
      break;
    }
    case step::reg_message: {
      if (p != pending_.end() && p->second.session_id && c.session_id != p->second.session_id) {
        // Issue 12 item 3: not the answer to the challenge open for this identity (all 128 bits
        // compared): relayed for the soft switch to refuse, never touching that registration.
        p = pending_.end();
        foreign = true;
      }
      // RFC 3329 §2.3.1: a mirror that differs from this proxy's list means a man in the middle
      // changed it (bidding-down); the soft switch refuses and records it.
      const auto& offered = p != pending_.end() ? p->second.offered : c.offered;
      if (!edge_.mirror_intact(offered, c.edge)) {
        ++stats_.sec_agree_mismatches;
        edit.sec_agree_failed = true;
      }
      edit.chosen = chosen_for(p != pending_.end() ? &p->second : nullptr);
      if (p != pending_.end()) {
        if (p->second.terminal_spi == 0) p->second.terminal_spi = c.terminal_spi;
        p->second.protect = sa != nullptr;
      }
      break;
    }
    case step::refusal:
      edge_.forget(c.identity, c.session_id);
      break;
    case step::keepalive:
      // DESIGN.md §1.2: the edge answers keepalives; they go no further.
      answer_keepalive(from, proto, *in, identity, sa != nullptr, out);
      return;
    case step::ack:
    case step::keepalive_answer: {
      // The answer to one of this proxy's audits stays here.
      auto a = audits_.find(transaction_key(proto, c.tid));
      if (a != audits_.end()) {
        audits_.erase(a);
        return;
      }
      break;
    }
    case step::deregistration:
      deregistration = true;
      break;
    default:
      break;
  }
  std::string tid;
  if (!c.is_response) {
    // A request of T's: this proxy's own transaction id on the hop routes the answer back.
    tid = b.hop_tid(cfg_.name, next_tid_++);
    edit.tid = tid;
    auto& t = transactions_[transaction_key(proto, tid)];
    t = hop_transaction{from, c.tid, identity, now + cfg_.session_timeout};
    t.deregistration = deregistration;
    t.protect = sa != nullptr;
    t.foreign = foreign;
  }
  ++stats_.relayed_up;
  out.send(cfg_.softswitch, proto, b.relay(std::move(*in), edit), from); // in: done with it
}

void proxy_fsm::relay_down(dialogue::inbound&& in, element_id to, const std::string& identity,
                           protocol p, const dialogue::relay_edit& edit, bool protect,
                           outbox& out) {
  ++stats_.relayed_down;
  to_terminal(to, identity, p, binding(p).relay(std::move(in), edit), protect, out);
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
  bool ends_registration = false;
  std::optional<bool> protect;
  bool foreign = false;
  if (c.is_response || c.kind == step::rejection) {
    auto t = transactions_.find(transaction_key(proto, c.tid));
    if (t != transactions_.end()) {
      to = t->second.terminal;
      original_tid = t->second.original_tid;
      if (identity.empty()) identity = t->second.identity;
      ends_registration = t->second.deregistration;
      protect = t->second.protect;
      foreign = t->second.foreign;
      // A transport acknowledgement may be followed by the dialogue's answer to the same request
      // (a protocol that acknowledges a command first): keep the route a little longer.
      if (c.kind == step::ack && !ends_registration)
        t->second.deadline = std::min(t->second.deadline, now + ack_grace);
      else transactions_.erase(t);
    }
    edit.tid = original_tid;
  }
  auto p = foreign ? pending_.end() : pending_.find(identity);
  if (to == no_element && p != pending_.end()) to = p->second.terminal;
  if (to == no_element) {
    ++stats_.unroutable;
    return;
  }
  // The soft switch's own commands (a challenge or key sent as a command) follow the
  // registration they belong to.
  if (!protect) protect = p != pending_.end() && p->second.protect;
  switch (c.kind) {
    case step::challenge:
      if (p != pending_.end()) {
        p->second.session_id = c.session_id;
        p->second.rand = c.rand;
        edit.edge = &edge_.supported();
        edit.chosen = chosen_for(&p->second);
        edit.edge_spi = p->second.edge_spi;
      }
      break;
    case step::success:
      if (p != pending_.end()) {
        auto& pe = p->second;
        edit.chosen = chosen_for(&pe);
        edit.edge = &edge_.supported();
        edit.edge_spi = pe.edge_spi;
        edit.strip_wrapped_edge = true;
        key_delivery d;
        d.identity = identity;
        d.session_id = pe.session_id;
        d.rand = &pe.rand;
        d.wrapped_edge = c.wrapped_edge;
        d.wrapped_t = c.wrapped_t;
        d.offered = &pe.offered;
        d.mechanism = edit.chosen;
        d.terminal_spi = pe.terminal_spi;
        d.edge_spi = pe.edge_spi;
        d.lifetime = c.lifetime;
        d.terminal = to;
        d.proto = proto;
        d.audited = b.keepalive_by_edge();
        std::vector<registration_ended> ended;
        const auto mac = edge_.deliver(d, now, ended);
        if (mac) {
          edit.mac = *mac;
          ++stats_.established;
        } else {
          ++stats_.unwrap_failures; // without a MAC the terminal refuses the key: recorded
        }
        // Under the SAs in use until now (a refresh's), or in clear (a first registration).
        relay_down(std::move(*in), to, identity, proto, edit, *protect, out);
        report_ends(ended, out);
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
  relay_down(std::move(*in), to, identity, proto, edit, *protect, out); // in->c stays
  if (ends_registration && (c.kind == step::deregistered || c.kind == step::ack)) {
    // DESIGN.md §1.2: the de-registration's answer went out under the SAs; now they go.
    std::vector<registration_ended> ended;
    edge_.end(identity, now, ended);
    report_ends(ended, out);
  }
}

void proxy_fsm::audit(const audit_due& a, micros now, outbox& out) {
  const auto& b = binding(a.proto);
  dialogue::edge_keepalive_fields f;
  f.identity = a.identity;
  f.local = cfg_.self;
  f.sequence = ++audit_seq_;
  auto bytes = b.edge_keepalive(f);
  if (bytes.empty()) return;
  // Its answer is recognised by its transaction id and consumed here.
  if (auto self = b.decode(bytes)) audits_[transaction_key(a.proto, self->c.tid)] = now + audit_grace;
  to_terminal(a.terminal, a.identity, a.proto, std::move(bytes), true, out);
}

void proxy_fsm::on_tick(micros now, outbox& out) {
  std::vector<registration_ended> ended;
  std::vector<audit_due> audits;
  edge_.on_tick(now, ended, audits);
  report_ends(ended, out);
  for (const auto& a : audits) audit(a, now, out);
  // The tables below hold registrations in progress only, so a periodic scan is cheap.
  if (now - last_sweep_ < seconds) return;
  last_sweep_ = now;
  absl::erase_if(transactions_, [now](const auto& t) { return t.second.deadline <= now; });
  absl::erase_if(pending_, [now](const auto& p) { return p.second.deadline <= now; });
  absl::erase_if(audits_, [now](const auto& a) { return a.second <= now; });
}

} // namespace ngn::elements
