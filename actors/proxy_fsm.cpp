#include "actors/proxy_fsm.hpp"

#include "actors/mvw.hpp"
#include "crypto/key_distribution.hpp"

namespace ngn::actors {

using dialogue::step;

proxy_fsm::proxy_fsm(proxy_config cfg) : cfg_(std::move(cfg)) {}

const crypto::key128* proxy_fsm::session_key(const std::string& identity) const {
  auto i = registered_.find(identity);
  return i == registered_.end() ? nullptr : &i->second.sk;
}

std::pair<std::uint64_t, std::string> proxy_fsm::new_tid(ngn::protocol proto) {
  const auto n = next_tid_++;
  switch (proto) {
    case ngn::protocol::sip:
      // RFC 3261 §8.1.1.7: branch starts with the magic cookie.
      return {hop_key(proto, n), "z9hG4bK-" + cfg_.name + "-" + std::to_string(n)};
    case ngn::protocol::h323: {
      const std::uint64_t seq = 1 + n % 65535; // RAS RequestSeqNum (1..65535)
      return {hop_key(proto, seq), std::to_string(seq)};
    }
    default: {
      const std::uint64_t tx = 1 + n % 999'999'999; // MGCP / H.248 transaction id
      return {hop_key(proto, tx), std::to_string(tx)};
    }
  }
}

std::uint64_t proxy_fsm::hop_key(ngn::protocol proto, std::uint64_t number) {
  // Each protocol numbers its hop transactions from the same counter but in its own range (a
  // RAS sequence number 501 and a SIP branch ending in 501 are different transactions).
  return number << 2 | static_cast<std::uint64_t>(proto);
}

std::uint64_t proxy_fsm::tid_key(std::string_view tid) {
  std::size_t i = tid.size();
  while (i > 0 && tid[i - 1] >= '0' && tid[i - 1] <= '9') --i;
  std::uint64_t v = 0;
  for (std::size_t k = i; k < tid.size() && k < i + 18; ++k)
    v = v * 10 + static_cast<std::uint64_t>(tid[k] - '0');
  return v;
}

std::uint8_t proxy_fsm::intern_mechanism(const std::string& name) {
  for (std::size_t i = 0; i < mechanisms_.size(); ++i)
    if (mechanisms_[i] == name) return static_cast<std::uint8_t>(i);
  if (mechanisms_.size() >= 0xff) return 0;
  mechanisms_.push_back(name);
  return static_cast<std::uint8_t>(mechanisms_.size() - 1);
}

void proxy_fsm::on_from_terminal(element_id from, ngn::protocol proto,
                                 std::string_view bytes, micros now, proxy_output& out) {
  const auto& b = dialogue::binding_for(proto);
  auto in = b.decode(bytes);
  if (!in) {
    ++stats_.malformed;
    auto answer = b.malformed_answer(bytes, in.error(), cfg_.self);
    if (!answer.empty()) out.sends.push_back(datagram{from, proto, std::move(answer)});
    // DESIGN.md §5: a logged session failure too, through the soft switch.
    auc::auth_report r;
    r.proto = proto;
    r.proxy = cfg_.name;
    r.proxy_node = cfg_.node;
    r.reason = "malformed " + std::string(ngn::to_string(proto))
               + " message at the proxy: " + in.error().describe();
    r.t_request = now;
    r.t_response = now;
    out.reports.push_back(std::move(r));
    return;
  }
  dialogue::relay_edit edit;
  edit.direction = dialogue::relay_edit::toward::softswitch;
  edit.self = cfg_.self;
  const auto& c = in->c;
  std::pair<std::uint64_t, std::string> tid;
  if (!c.is_response) {
    // A request of T's: our own transaction id for this hop routes the answer back.
    tid = new_tid(proto);
    edit.tid = tid.second;
    transactions_[tid.first] = hop_transaction{from, c.tid, now + cfg_.session_timeout};
  }
  switch (c.kind) {
    case step::reg_request: {
      auto& p = pending_[c.identity];
      p = pending{};
      p.terminal = from;
      p.offered = c.offered;
      p.deadline = now + cfg_.session_timeout;
      break;
    }
    case step::reg_message: {
      // RFC 3329 §2.3.1: Security-Verify must mirror the list this proxy sent; otherwise a man
      // in the middle changed it (bidding-down). The soft switch rejects and records it. A client
      // that offered no mechanisms (no sec-agree: a plain Digest-AKA client such as SIPp) has
      // nothing to mirror.
      auto p = pending_.find(c.identity);
      const bool negotiated = p != pending_.end() ? !p->second.offered.empty() : !c.offered.empty();
      if (negotiated && !(c.edge == cfg_.supported)) {
        ++stats_.sec_agree_mismatches;
        edit.sec_agree_failed = true;
      }
      break;
    }
    case step::refusal:
      registered_.erase(c.identity);
      break;
    default:
      break;
  }
  ++stats_.relayed_up;
  out.sends.push_back(datagram{cfg_.softswitch, proto, b.relay(*in, edit)});
}

void proxy_fsm::relay_down(const dialogue::inbound& in, element_id to, ngn::protocol proto,
                           dialogue::relay_edit& edit, proxy_output& out) {
  ++stats_.relayed_down;
  out.sends.push_back(
    datagram{to, proto, dialogue::binding_for(proto).relay(in, edit)});
}

void proxy_fsm::on_from_softswitch(ngn::protocol proto, std::string_view bytes, micros now,
                                   proxy_output& out) {
  const auto& b = dialogue::binding_for(proto);
  auto in = b.decode(bytes);
  if (!in) {
    ++stats_.malformed;
    return;
  }
  const auto& c = in->c;
  dialogue::relay_edit edit;
  edit.direction = dialogue::relay_edit::toward::terminal;
  edit.self = cfg_.self;
  // Route: answers by our hop transaction id, the SS's own commands by identity.
  element_id to = no_element;
  std::string original_tid;
  if (c.is_response) {
    auto t = transactions_.find(hop_key(proto, tid_key(c.tid)));
    if (t != transactions_.end()) {
      to = t->second.terminal;
      original_tid = std::move(t->second.original_tid);
      transactions_.erase(t);
    }
    edit.tid = original_tid;
  }
  auto p = pending_.find(c.identity);
  if (to == no_element && p != pending_.end()) to = p->second.terminal;
  if (to == no_element) {
    ++stats_.unroutable;
    return;
  }
  switch (c.kind) {
    case step::challenge:
      if (p != pending_.end()) {
        // DESIGN.md §1: "SP, not SS, chooses the mechanism."
        auto chosen = ngn::choose(p->second.offered, cfg_.supported);
        p->second.chosen = chosen ? chosen->name : std::string{};
        p->second.session_id = c.session_id;
        p->second.rand = c.rand;
        edit.edge = &cfg_.supported;
        edit.chosen = p->second.chosen;
      }
      break;
    case step::success:
      if (p != pending_.end()) {
        auto& pe = p->second;
        edit.chosen = pe.chosen;
        edit.edge = &cfg_.supported;
        edit.strip_wrapped_edge = true;
        // DESIGN.md §1: SP decrypts its copy with Ksp and computes the message verification
        // word over the success response, mechanism parameters included.
        auto sk = crypto::unwrap_session_key(cfg_.ksp, pe.rand, crypto::kek_role::proxy,
                                             c.identity, byte_view{c.wrapped_edge});
        block<crypto::mvw_size> mac{};
        if (sk) {
          mac = compute_mvw(*sk, c.identity, pe.session_id, pe.offered, cfg_.supported,
                            pe.chosen, c.wrapped_t);
          edit.mac = mac.data();
          edit.mac_size = mac.size();
          registered_[c.identity] = registration{*sk, intern_mechanism(pe.chosen)};
          ++stats_.established;
        } else {
          // Without a MAC the terminal refuses the key, which the SS records.
          ++stats_.unwrap_failures;
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

void proxy_fsm::on_tick(micros now, proxy_output& /*out*/) {
  // Both tables hold registrations in progress only, so a periodic scan is cheap.
  if (now - last_sweep_ < seconds) return;
  last_sweep_ = now;
  for (auto i = transactions_.begin(); i != transactions_.end();)
    i = i->second.deadline <= now ? transactions_.erase(i) : std::next(i);
  for (auto i = pending_.begin(); i != pending_.end();)
    i = i->second.deadline <= now ? pending_.erase(i) : std::next(i);
}

} // namespace ngn::actors
