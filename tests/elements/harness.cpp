#include "harness.hpp"

#include "crypto/hash.hpp"
#include "crypto/milenage.hpp"
#include "protocols/esp/packet.hpp"

namespace ngn::test {

using namespace elements;

namespace {

template <class T>
const T* as(const storage::write_op& op) {
  return std::get_if<T>(&op);
}

ngn::mechanism_list default_mechanisms() {
  return {{"aes-gcm", 900}, {"hmac-sha256", 500}};
}

dialogue::binding_deps test_deps() {
  dialogue::binding_deps d;
  d.md5 = [](std::string_view data) { return crypto::md5(byte_view{data}); };
  return d;
}

/// What the soft switch and the proxy share: name, node, a seeded edge key, the edge's policy,
/// address, bindings.
template <class Config>
Config edge_config_of(std::string name, std::uint64_t key_seed, crypto::kek_role role,
                      std::uint32_t ipv4, const dialogue::registry& bindings) {
  Config c;
  c.name = std::move(name);
  c.node = std::string(scenario::core_node);
  seeded_random r{key_seed};
  r.fill(c.edge.key.data(), c.edge.key.size());
  c.edge.role = role;
  c.edge.supported = default_mechanisms();
  c.self = dialogue::address{ipv4, 5060};
  c.bindings = &bindings;
  return c;
}

softswitch_config ss_config(const dialogue::registry& bindings) {
  auto c = edge_config_of<softswitch_config>("ss1", 7, crypto::kek_role::softswitch, 0x0a000001,
                                             bindings);
  c.auc_for = [](std::string_view) { return scenario::auc_id; };
  c.peer = [](element_id from, element_id origin) {
    peer_info p;
    p.is_proxy = from == scenario::sp_id;
    if (p.is_proxy) {
      p.proxy = "sp1";
      p.proxy_node = std::string(scenario::core_node);
    }
    if (!p.is_proxy || origin != no_element) p.terminal_node = std::string(scenario::terminal_node);
    return p;
  };
  return c;
}

proxy_config sp_config(const dialogue::registry& bindings) {
  auto c = edge_config_of<proxy_config>("sp1", 8, crypto::kek_role::proxy, 0x0a000002, bindings);
  c.softswitch = scenario::ss_id;
  return c;
}

} // namespace

std::optional<storage::session_state> recording_sink::state_of(std::int64_t id) const {
  std::optional<storage::session_state> s;
  for (const auto& op : ops) {
    if (auto* i = as<storage::session_insert>(op); i && i->row.id == id) s = i->row.state;
    if (auto* u = as<storage::session_update>(op); u && u->id == id) s = u->state;
    // storage/writer_batch.cpp: "... WHERE id = ?1 AND state = 'established'".
    if (auto* e = as<storage::session_end>(op);
        e && e->id == id && s == storage::session_state::established)
      s = e->state;
  }
  return s;
}

std::optional<storage::session_end> recording_sink::end_of(std::int64_t id) const {
  std::optional<storage::session_state> s;
  std::optional<storage::session_end> end;
  for (const auto& op : ops) {
    if (auto* i = as<storage::session_insert>(op); i && i->row.id == id) s = i->row.state;
    if (auto* u = as<storage::session_update>(op); u && u->id == id) s = u->state;
    if (auto* e = as<storage::session_end>(op);
        e && e->id == id && s == storage::session_state::established) {
      s = e->state;
      end = *e;
    }
  }
  return end;
}

std::size_t recording_sink::ends_submitted(std::int64_t id) const {
  std::size_t n = 0;
  for (const auto& op : ops)
    if (auto* e = as<storage::session_end>(op); e && e->id == id) ++n;
  return n;
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

storage::session_row recording_sink::following(std::int64_t id) const {
  storage::session_row r;
  auto keep = [](auto& into, const auto& v) {
    if (v != std::decay_t<decltype(v)>{}) into = v;
  };
  for (const auto& op : ops) {
    const storage::session_row* i = nullptr;
    if (auto* in = as<storage::session_insert>(op); in && in->row.id == id) i = &in->row;
    if (i != nullptr) r = *i;
    if (auto* u = as<storage::session_update>(op); u && u->id == id) {
      keep(r.wire_session, u->wire_session);
      keep(r.response_code, u->response_code);
      keep(r.detected_by, u->detected_by);
      keep(r.reason_code, u->reason_code);
    }
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

std::string recording_sink::terminal_node_of(std::int64_t id) const {
  std::string n;
  for (const auto& op : ops) {
    if (auto* i = as<storage::session_insert>(op); i && i->row.id == id) n = i->row.terminal_node;
    if (auto* u = as<storage::session_update>(op); u && u->id == id && !u->terminal_node.empty())
      n = u->terminal_node;
  }
  return n;
}

std::vector<std::int64_t> recording_sink::all_sessions() const {
  std::vector<std::int64_t> out;
  for (const auto& op : ops)
    if (auto* i = as<storage::session_insert>(op)) out.push_back(i->row.id);
  return out;
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
  : proto(p), with_proxy(proxy), bindings(test_deps()),
    auc(auc_config{"auc1", "core", 120 * seconds}, rng, sink), ss(ss_config(bindings), rng) {
  if (with_proxy) sp.emplace(sp_config(bindings), rng);
  auc.add_element("ss1", "softswitch", ss.config().edge.key);
  if (sp) auc.add_element("sp1", "proxy", sp->config().edge.key);
  profile.binding = &bindings[proto];
  profile.offered = default_mechanisms();
  profile.rng = &rng;
  profile.counters = &life;
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
    const elements::terminal_profile* own = &profile;
    if (mixed_protocols) {
      auto& pp = per_protocol[i % protocol_count];
      pp = profile;
      pp.binding = &bindings[all_protocols[i % protocol_count]];
      own = &pp;
    }
    terminals_.emplace_back(*own, k.identity, k.k, k.opc,
                            dialogue::address{0x0a010000u + static_cast<std::uint32_t>(i), 5060},
                            static_cast<std::uint32_t>(i + 1));
    keys_.push_back(std::move(k));
  }
  outcomes_.resize(terminals);
  history_.resize(terminals);
}

void scenario::give_wrong_key(std::size_t i) {
  crypto::key128 wrong = keys_[i].k;
  wrong.data()[0] ^= 0x01;
  terminals_[i] = terminal_fsm(profile, keys_[i].identity, wrong, keys_[i].opc,
                               dialogue::address{0x0a010000u + static_cast<std::uint32_t>(i), 5060},
                               static_cast<std::uint32_t>(i + 1));
}

void scenario::set_edge_mechanisms(const mechanism_list& list) { set_edge(list, 0); }

void scenario::set_edge(const mechanism_list& list, micros audit) {
  auto sc = ss_config(bindings);
  sc.edge.supported = list;
  sc.edge.audit = audit;
  ss = softswitch_fsm(std::move(sc), rng);
  if (sp) {
    auto pc = sp_config(bindings);
    pc.edge.supported = list;
    pc.edge.audit = audit;
    sp.emplace(std::move(pc), rng);
  }
}

void scenario::restart_softswitch() {
  auto sc = ss_config(bindings);
  sc.edge = ss.config().edge;
  ss = softswitch_fsm(std::move(sc), rng);
}

void scenario::make_unknown(std::size_t i) {
  terminals_[i] = terminal_fsm(profile, "nobody" + std::to_string(i) + "@ngn.example",
                               keys_[i].k, keys_[i].opc,
                               dialogue::address{0x0a010000u + static_cast<std::uint32_t>(i), 5060},
                               static_cast<std::uint32_t>(i + 1));
}

void scenario::post(element_id from, outbox& out) {
  for (auto& e : out.messages) {
    e.from = from;
    queue_.push_back(std::move(e));
  }
  if (from >= first_terminal && from - first_terminal < terminals_.size()) {
    const auto i = static_cast<std::size_t>(from - first_terminal);
    if (!out.outcomes.empty()) outcomes_[i] = out.outcomes.back();
    for (auto& o : out.outcomes) history_[i].push_back(o);
    learn_keys(i);
  }
  out.clear();
}

void scenario::learn_keys(std::size_t i) {
  const auto* p = terminals_[i].sas();
  if (p == nullptr) return;
  if (p->in.keys) key_book_.insert_or_assign(p->in.spi, *p->in.keys);
  if (p->out.keys) key_book_.insert_or_assign(p->out.spi, *p->out.keys);
}

std::optional<std::string> scenario::open_esp(std::string_view packet) const {
  auto h = esp::read_header(byte_view{packet});
  if (!h) return std::nullopt;
  auto k = key_book_.find(h->spi);
  if (k == key_book_.end()) return std::nullopt;
  auto block = crypto::esp_open(k->second, byte_view{packet});
  if (!block) return std::nullopt;
  auto d = esp::parse_plaintext_block(byte_view{*block});
  if (!d) return std::nullopt;
  return std::string(reinterpret_cast<const char*>(d->message.data()), d->message.size());
}

elements::edge_stats scenario::edge_stats() const {
  return sp ? sp->stats().life : ss.stats().life;
}

void scenario::start(std::size_t i) {
  outbox out;
  outcomes_[i].reset();
  terminals_[i].start(now, out);
  post(first_terminal + i, out);
}

void scenario::leave(std::size_t i) {
  outbox out;
  terminals_[i].leave(now, out);
  post(first_terminal + i, out);
}

void scenario::start_all() {
  for (std::size_t i = 0; i < terminals_.size(); ++i) start(i);
}

void scenario::inject(element_id from, element_id to, ngn::protocol p, std::string bytes) {
  queue_.push_back(envelope{to, from, kind_of(p), std::move(bytes)});
}

void scenario::inject_esp(element_id from, element_id to, std::string packet) {
  queue_.push_back(envelope{to, from, envelope_kind::esp, std::move(packet)});
}

void scenario::commit() {
  if (hold_commits) return;
  outbox out;
  auc.on_committed(sink.ticket, out);
  post(auc_id, out);
}

void scenario::deliver_one(envelope e) {
  now += 50; // 50 µs per hop
  if (e.kind == envelope_kind::auc) {
    auto m = auc::decode(e.payload);
    if (!m) return;
    if (intercept_auc_leg && !intercept_auc_leg(e.from, e.to, *m)) return;
    if (e.to == auc_id && drop_auc) return;
  } else if (e.kind == envelope_kind::esp) {
    if (intercept_esp && !intercept_esp(e.from, e.to, e.payload)) return;
    trace.push_back(record{e.from, e.to, open_esp(e.payload).value_or(std::string{}),
                           envelope_kind::esp, e.payload});
  } else {
    if (intercept && !intercept(e.from, e.to, e.payload)) return;
    trace.push_back(record{e.from, e.to, e.payload, e.kind, {}});
  }
  outbox out;
  if (e.to == auc_id) {
    auc.on_envelope(e, now, out);
  } else if (e.to == ss_id) {
    ss.on_envelope(e, now, out);
  } else if (e.to == sp_id && sp) {
    sp->on_envelope(e, now, out);
  } else if (e.to >= first_terminal && e.to - first_terminal < terminals_.size()) {
    terminals_[static_cast<std::size_t>(e.to - first_terminal)].on_envelope(e, now, out);
  }
  post(e.to, out);
}

void scenario::deliver() {
  for (std::size_t guard = 0; !queue_.empty() && guard < 1'000'000; ++guard) {
    auto e = std::move(queue_.front());
    queue_.pop_front();
    deliver_one(std::move(e));
    if (queue_.empty()) commit();
  }
}

bool scenario::register_all() {
  start_all();
  run();
  for (const auto& o : outcomes_)
    if (!o || !o->established) return false;
  return true;
}

std::string scenario::failures() const {
  std::string out;
  for (std::size_t i = 0; i < outcomes_.size(); ++i)
    if (!outcomes_[i] || !outcomes_[i]->established)
      out += "terminal " + std::to_string(i) + ": "
             + (outcomes_[i] ? outcomes_[i]->reason : std::string("no outcome")) + "; ";
  return out;
}

bool scenario::all_done() const {
  for (const auto& o : outcomes_)
    if (!o) return false;
  return true;
}

void scenario::tick_all() {
  for (std::size_t i = 0; i < terminals_.size(); ++i) {
    outbox out;
    terminals_[i].on_tick(now, out);
    post(first_terminal + i, out);
  }
  outbox out;
  ss.on_tick(now, out);
  post(ss_id, out);
  if (sp) {
    sp->on_tick(now, out);
    post(sp_id, out);
  }
  auc.on_tick(now, out);
  post(auc_id, out);
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

bool scenario::advance_until(const std::function<bool()>& done, micros max_time, micros tick) {
  const micros end = now + max_time;
  deliver();
  if (done()) return true;
  while (now < end) {
    now += tick;
    tick_all();
    if (done()) return true;
  }
  return false;
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
