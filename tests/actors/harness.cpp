#include "harness.hpp"

#include "actors/crypto_hooks.hpp"
#include "crypto/milenage.hpp"

namespace ngn::test {

using namespace actors;

namespace {

template <class T>
const T* as(const storage::write_op& op) {
  return std::get_if<T>(&op);
}

ngn::mechanism_list default_mechanisms() {
  return {{"aes-gcm", 900}, {"hmac-sha256", 500}};
}

softswitch_config ss_config() {
  softswitch_config c;
  c.name = "ss1";
  c.node = "core";
  seeded_random r{7};
  r.fill(c.kss.data(), c.kss.size());
  c.supported = default_mechanisms();
  c.self = dialogue::address{0x0a000001, 5060};
  return c;
}

proxy_config sp_config() {
  proxy_config c;
  c.name = "sp1";
  c.node = "core";
  seeded_random r{8};
  r.fill(c.ksp.data(), c.ksp.size());
  c.supported = default_mechanisms();
  c.self = dialogue::address{0x0a000002, 5060};
  c.softswitch = scenario::ss_id;
  return c;
}

} // namespace

std::optional<storage::session_state> recording_sink::state_of(std::int64_t id) const {
  std::optional<storage::session_state> s;
  for (const auto& op : ops) {
    if (auto* i = as<storage::session_insert>(op); i && i->row.id == id) s = i->row.state;
    if (auto* u = as<storage::session_update>(op); u && u->id == id) s = u->state;
  }
  return s;
}

std::string recording_sink::reason_of(std::int64_t id) const {
  std::string r;
  for (const auto& op : ops) {
    if (auto* i = as<storage::session_insert>(op); i && i->row.id == id) r = i->row.failure_reason;
    if (auto* u = as<storage::session_update>(op); u && u->id == id && !u->failure_reason.empty())
      r = u->failure_reason;
  }
  return r;
}

std::string recording_sink::mechanism_of(std::int64_t id) const {
  std::string m;
  for (const auto& op : ops)
    if (auto* u = as<storage::session_update>(op); u && u->id == id && !u->mechanism.empty())
      m = u->mechanism;
  return m;
}

std::vector<std::int64_t> recording_sink::sessions_in(storage::session_state state) const {
  std::vector<std::int64_t> out;
  for (std::int64_t id = 1; id <= last_id; ++id)
    if (state_of(id) == state) out.push_back(id);
  return out;
}

std::size_t recording_sink::count_resyncs() const {
  std::size_t n = 0;
  for (const auto& op : ops) n += as<storage::session_resync>(op) != nullptr;
  return n;
}

std::uint64_t recording_sink::sqn_of(const std::string& identity) const {
  std::uint64_t sqn = 0;
  for (const auto& op : ops)
    if (auto* u = as<storage::sqn_update>(op); u && u->identity == identity) sqn = u->sqn;
  return sqn;
}

scenario::scenario(ngn::protocol p, bool proxy, std::size_t terminals, bool mixed_protocols)
  : proto(p), with_proxy(proxy), auc(auc_config{"auc1", "core", 120 * seconds}, rng, sink),
    ss(ss_config(), rng, [](std::string_view) { return auc_id; }) {
  install_crypto_hooks();
  if (with_proxy) sp.emplace(sp_config());
  auc.add_element("ss1", "softswitch", ss.config().kss);
  if (sp) auc.add_element("sp1", "proxy", sp->config().ksp);
  profile.proto = proto;
  profile.offered = default_mechanisms();
  profile.next_hop = with_proxy ? sp_id : ss_id;
  profile.next_hop_addr = with_proxy ? sp->config().self : ss.config().self;
  seeded_random keygen{1234};
  for (std::size_t i = 0; i < terminals; ++i) {
    keys k;
    k.identity = "t" + std::to_string(i + 1) + "@ngn.example";
    keygen.fill(k.k.data(), 16);
    block<16> op;
    keygen.fill(op.data(), 16);
    auto opc = crypto::milenage_opc(k.k, op);
    crypto::key128::from(byte_view{opc}, k.opc);
    auc_subscriber s;
    s.k = k.k;
    s.opc = k.opc;
    auc.add_subscriber(k.identity, s);
    const actors::terminal_profile* own = &profile;
    if (mixed_protocols) {
      auto& pp = per_protocol[i % 4];
      pp = profile;
      pp.proto = static_cast<ngn::protocol>(i % 4);
      own = &pp;
    }
    terminals_.emplace_back(*own, k.identity, k.k, k.opc,
                            dialogue::address{0x0a010000u + static_cast<std::uint32_t>(i), 5060},
                            static_cast<std::uint32_t>(i + 1));
    keys_.push_back(std::move(k));
  }
  outcomes_.resize(terminals);
}

void scenario::give_wrong_key(std::size_t i) {
  crypto::key128 wrong = keys_[i].k;
  wrong.data()[0] ^= 0x01;
  terminals_[i] = terminal_fsm(profile, keys_[i].identity, wrong, keys_[i].opc,
                               dialogue::address{0x0a010000u + static_cast<std::uint32_t>(i), 5060},
                               static_cast<std::uint32_t>(i + 1));
}

void scenario::make_unknown(std::size_t i) {
  terminals_[i] = terminal_fsm(profile, "nobody" + std::to_string(i) + "@ngn.example",
                               keys_[i].k, keys_[i].opc,
                               dialogue::address{0x0a010000u + static_cast<std::uint32_t>(i), 5060},
                               static_cast<std::uint32_t>(i + 1));
}

void scenario::collect(std::size_t i, terminal_output& out) {
  route(first_terminal + i, out.sends);
  if (out.done) outcomes_[i] = out.done;
  out.clear();
}

void scenario::start(std::size_t i) {
  terminal_output out;
  outcomes_[i].reset();
  terminals_[i].start(now, out);
  collect(i, out);
}

void scenario::start_all() {
  for (std::size_t i = 0; i < terminals_.size(); ++i) start(i);
}

void scenario::route(element_id from, const std::vector<datagram>& sends) {
  for (const auto& d : sends) queue_.push_back(envelope{from, d.to, d.proto, d.bytes, false});
}

void scenario::inject(element_id from, element_id to, ngn::protocol p, std::string bytes) {
  queue_.push_back(envelope{from, to, p, std::move(bytes), false});
}

void scenario::commit() {
  if (hold_commits) return;
  auc_output out;
  auc.on_committed(sink.ticket, out);
  for (auto& [to, m] : out.replies)
    queue_.push_back(envelope{auc_id, to, proto, auc::encode(m), true});
}

void scenario::deliver_one(envelope e) {
  now += 50; // 50 µs per hop
  if (e.auc_leg) {
    auto m = auc::decode(e.bytes);
    if (!m) return;
    if (intercept_auc_leg && !intercept_auc_leg(e.from, e.to, *m)) return;
    if (e.to == auc_id) {
      if (drop_auc) return;
      auc_output out;
      auc.on_message(e.from, *m, now, out);
      for (auto& [to, r] : out.replies)
        queue_.push_back(envelope{auc_id, to, proto, auc::encode(r), true});
    } else if (e.to == ss_id) {
      softswitch_output out;
      ss.on_auc(*m, now, out);
      route(ss_id, out.sends);
      for (auto& [to, r] : out.to_auc)
        queue_.push_back(envelope{ss_id, to, proto, auc::encode(r), true});
    }
    return;
  }
  if (intercept && !intercept(e.from, e.to, e.bytes)) return;
  trace.push_back(record{e.from, e.to, e.bytes});
  if (e.to == ss_id) {
    peer_info peer;
    peer.is_proxy = e.from == sp_id;
    peer.name = peer.is_proxy ? "sp1" : "";
    peer.node = peer.is_proxy ? "core" : "terminals";
    softswitch_output out;
    ss.on_datagram(e.from, peer, e.proto, e.bytes, now, out);
    route(ss_id, out.sends);
    for (auto& [to, r] : out.to_auc)
      queue_.push_back(envelope{ss_id, to, e.proto, auc::encode(r), true});
  } else if (e.to == sp_id && sp) {
    proxy_output out;
    if (e.from == ss_id) sp->on_from_softswitch(e.proto, e.bytes, now, out);
    else sp->on_from_terminal(e.from, e.proto, e.bytes, now, out);
    route(sp_id, out.sends);
    for (auto& r : out.reports)
      queue_.push_back(envelope{sp_id, ss_id, e.proto, auc::encode(auc::message{r}), true});
  } else if (e.to >= first_terminal && e.to - first_terminal < terminals_.size()) {
    const auto i = static_cast<std::size_t>(e.to - first_terminal);
    terminal_output out;
    terminals_[i].on_datagram(e.bytes, now, out);
    collect(i, out);
  }
}

void scenario::deliver() {
  for (std::size_t guard = 0; !queue_.empty() && guard < 1'000'000; ++guard) {
    auto e = std::move(queue_.front());
    queue_.pop_front();
    deliver_one(std::move(e));
    if (queue_.empty()) commit();
  }
}

bool scenario::all_done() const {
  for (const auto& o : outcomes_)
    if (!o) return false;
  return true;
}

void scenario::tick_all() {
  for (std::size_t i = 0; i < terminals_.size(); ++i) {
    terminal_output out;
    terminals_[i].on_tick(now, out);
    collect(i, out);
  }
  softswitch_output so;
  ss.on_tick(now, so);
  route(ss_id, so.sends);
  for (auto& [to, r] : so.to_auc)
    queue_.push_back(envelope{ss_id, to, proto, auc::encode(r), true});
  if (sp) {
    proxy_output po;
    sp->on_tick(now, po);
    route(sp_id, po.sends);
  }
  auc_output ao;
  auc.on_tick(now, ao);
  deliver();
}

void scenario::run(micros max_time, micros tick) {
  const micros end = now + max_time;
  deliver();
  while (!all_done() && now < end) {
    now += tick;
    tick_all();
  }
  deliver();
}

void scenario::advance(micros duration, micros tick) {
  const micros end = now + duration;
  deliver();
  while (now < end) {
    now += tick;
    tick_all();
  }
}

} // namespace ngn::test
