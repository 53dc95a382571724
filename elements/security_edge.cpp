#include "elements/security_edge.hpp"

#include "elements/mvw.hpp"

namespace ngn::elements {

auc::registration_end to_report(registration_ended&& x) {
  auc::registration_end m;
  m.session_id = x.session_id;
  m.successor_session = x.successor_session;
  m.db_id = x.db_id;
  m.successor = x.successor_db_id;
  m.identity = std::move(x.identity);
  m.cause = x.cause;
  m.lifetime = x.lifetime;
  m.protected_sent = static_cast<std::int64_t>(x.sent);
  m.protected_received = static_cast<std::int64_t>(x.received);
  m.protected_dropped = static_cast<std::int64_t>(x.dropped);
  m.t_end = x.t_end;
  return m;
}

std::uint64_t& edge_stats::dropped(esp_drop why) noexcept {
  switch (why) {
    case esp_drop::malformed: return esp_malformed;
    case esp_drop::unknown_spi: return esp_unknown_spi;
    case esp_drop::replayed: return esp_replayed;
    case esp_drop::bad_icv: return esp_bad_icv;
    case esp_drop::misdirected: break;
  }
  return esp_misdirected;
}

edge_stats& edge_stats::operator+=(const edge_stats& o) noexcept {
  esp_sent += o.esp_sent;
  esp_received += o.esp_received;
  esp_malformed += o.esp_malformed;
  esp_unknown_spi += o.esp_unknown_spi;
  esp_replayed += o.esp_replayed;
  esp_bad_icv += o.esp_bad_icv;
  esp_misdirected += o.esp_misdirected;
  unprotected_dropped += o.unprotected_dropped;
  expired += o.expired;
  deregistered += o.deregistered;
  superseded += o.superseded;
  keepalives += o.keepalives;
  return *this;
}

security_edge::security_edge(edge_config cfg) : cfg_(std::move(cfg)) {}
security_edge::~security_edge() = default;
security_edge::security_edge(security_edge&&) noexcept = default;
security_edge& security_edge::operator=(security_edge&&) noexcept = default;

negotiation security_edge::negotiate(const mechanism_list& offered) const {
  negotiation n;
  if (offered.empty()) {
    n.result = negotiation::verdict::unprotected;
    n.mechanism = std::string(no_sec_agree);
    return n;
  }
  if (auto m = choose(offered, cfg_.supported)) {
    n.result = negotiation::verdict::chosen;
    n.mechanism = std::move(m->name);
  }
  return n;
}

bool security_edge::mirror_intact(const mechanism_list& offered,
                                  const mechanism_list& mirror) const {
  return offered.empty() || mirror == cfg_.supported;
}

std::uint32_t security_edge::allocate_spi(random_source& rng, micros now, micros hold) {
  for (;;) {
    const std::uint32_t spi = random_spi(rng);
    if (by_spi_.count(spi) != 0 || reserved_spis_.count(spi) != 0) continue;
    reserved_spis_.emplace(spi, now + hold);
    reserved_order_.emplace_back(now + hold, spi);
    return spi;
  }
}

void security_edge::arm(const registration& r, timer t, micros at) {
  timers_.push(timer_entry{at, r.handle, t});
}

void security_edge::index(node& n, const registration& r) {
  by_handle_[r.handle] = &n;
  if (r.sas) {
    by_spi_[r.sas->in.spi] = &n;
    reserved_spis_.erase(r.sas->in.spi); // installed: in use from now on
  }
  if (r.terminal != no_element) by_terminal_[r.terminal] = &n;
}

void security_edge::unindex(const registration& r) {
  by_handle_.erase(r.handle);
  if (auto t = by_terminal_.find(r.terminal); t != by_terminal_.end()) {
    // The terminal stays indexed while another registration of the same owner is its.
    const auto& e = t->second->second;
    const auto other = [&](const std::unique_ptr<registration>& o) {
      return o && o->handle != r.handle && o->terminal == r.terminal;
    };
    if (!other(e.live) && !other(e.newest)) by_terminal_.erase(t);
  }
  if (r.sas) {
    auto i = by_spi_.find(r.sas->in.spi);
    // A colliding SPI of another terminal's registration is not ours to remove.
    if (i != by_spi_.end()) {
      const auto& e = i->second->second;
      const bool ours = (e.live && e.live->handle == r.handle)
                        || (e.newest && e.newest->handle == r.handle);
      if (ours) by_spi_.erase(i);
    }
  }
}

std::optional<block<crypto::mvw_size>> security_edge::deliver(
  const key_delivery& d, micros now, std::vector<registration_ended>& ended) {
  if (d.rand == nullptr || d.offered == nullptr) return std::nullopt;
  // DESIGN.md §1: the edge decrypts its copy of SK ...
  auto sk = crypto::unwrap_session_key(cfg_.key, *d.rand, cfg_.role, d.identity, d.wrapped_edge);
  if (!sk) return std::nullopt;
  // ... and computes the message verification word over the success response, the mechanism
  // parameters and both SPIs included (DESIGN.md §2, §1.2).
  auto mac = compute_mvw(*sk, d.identity, d.session_id, *d.offered, cfg_.supported, d.mechanism,
                         d.wrapped_t, d.terminal_spi, d.edge_spi);
  auto r = std::make_unique<registration>();
  r->sk = *sk;
  r->session_id = d.session_id;
  r->lifetime = d.lifetime;
  r->expires = now + static_cast<micros>(d.lifetime) * seconds;
  r->db_id = d.db_id;
  r->terminal = d.terminal;
  r->proto = d.proto;
  r->mechanism = intern(d.mechanism.empty() ? no_sec_agree : d.mechanism);
  r->handle = next_handle_++;
  if (d.audited && cfg_.audit > 0) r->next_audit = now + cfg_.audit;
  // DESIGN.md §1.2: SAs for a mechanism with an ESP transform, under the SPIs both receivers
  // chose (the edge's own for what it receives).
  if (auto t = esp::transform_for(d.mechanism);
      t && d.terminal_spi >= esp::min_spi && d.edge_spi >= esp::min_spi)
    r->sas = make_sa_pair(sa_side::edge, *sk, d.session_id, *t, d.edge_spi, d.terminal_spi);
  auto& n = *registrations_.try_emplace(std::string(d.identity)).first;
  auto& e = n.second;
  if (e.newest) {
    // A registration that was never taken into use is replaced by this one.
    unindex(*e.newest);
    e.newest.reset();
  }
  e.newest = std::move(r);
  index(n, *e.newest);
  arm(*e.newest, timer::expiry, e.newest->expires);
  if (e.newest->next_audit != 0) arm(*e.newest, timer::audit, e.newest->next_audit);
  // Without SAs there is nothing to wait for: the new registration is the live one now.
  if (!e.newest->sas) promote(n, now, ended);
  return mac;
}

void security_edge::promote(node& n, micros now, std::vector<registration_ended>& ended) {
  auto& e = n.second;
  if (!e.newest) return;
  if (e.live) close(n, e.live, auc::end_cause::superseded, now, ended, e.newest.get());
  e.live = std::move(e.newest);
}

void security_edge::close(node& n, std::unique_ptr<registration>& r, auc::end_cause cause,
                          micros now, std::vector<registration_ended>& ended,
                          const registration* successor) {
  registration_ended x;
  x.identity = n.first;
  x.session_id = r->session_id;
  x.db_id = r->db_id;
  x.cause = cause;
  x.lifetime = r->lifetime;
  x.sent = r->sent;
  x.received = r->received;
  x.dropped = r->dropped;
  x.t_end = now;
  if (successor != nullptr) {
    x.successor_session = successor->session_id;
    x.successor_db_id = successor->db_id;
  }
  ended.push_back(std::move(x));
  switch (cause) {
    case auc::end_cause::expired: ++stats_.expired; break;
    case auc::end_cause::deregistered: ++stats_.deregistered; break;
    case auc::end_cause::superseded: ++stats_.superseded; break;
  }
  unindex(*r);
  r.reset(); // SAs deleted, SK wiped (crypto::secret)
}

void security_edge::erase_if_empty(node& n) {
  if (!n.second.live && !n.second.newest) registrations_.erase(n.first);
}

void security_edge::forget(const std::string& identity, const ngn::session_id& session_id) {
  auto i = registrations_.find(identity);
  if (i == registrations_.end()) return;
  auto& e = i->second;
  for (auto* r : {&e.newest, &e.live}) {
    if (*r && (*r)->session_id == session_id) {
      unindex(**r);
      r->reset();
    }
  }
  erase_if_empty(*i);
}

std::optional<protected_message> security_edge::open(element_id from, std::string_view packet,
                                                     micros now,
                                                     std::vector<registration_ended>& ended) {
  const auto spi = spi_of(packet);
  if (!spi) {
    drop(esp_drop::malformed);
    return std::nullopt;
  }
  auto i = by_spi_.find(*spi);
  if (i == by_spi_.end()) {
    drop(esp_drop::unknown_spi);
    return std::nullopt;
  }
  node& n = *i->second;
  auto& e = n.second;
  registration* r = nullptr;
  if (e.live && e.live->sas && e.live->sas->in.spi == *spi) r = e.live.get();
  else if (e.newest && e.newest->sas && e.newest->sas->in.spi == *spi) r = e.newest.get();
  if (r == nullptr) {
    drop(esp_drop::unknown_spi);
    return std::nullopt;
  }
  esp_drop why{};
  auto d = elements::open(r->sas->in, packet, why);
  if (!d) {
    ++r->dropped;
    drop(why);
    return std::nullopt;
  }
  const auto& ports = info(r->proto);
  if (from != r->terminal || d->src_port != ports.terminal_port
      || d->dst_port != ports.server_port) {
    // Authentic, but not from where this registration's terminal is, or not its protocol.
    ++r->dropped;
    drop(esp_drop::misdirected);
    return std::nullopt;
  }
  ++r->received;
  ++stats_.esp_received;
  protected_message m{std::move(d->message), r->proto, n.first, r->terminal};
  // TS 33.203 §7.4: the first packet under the new SAs takes them into use.
  if (r == e.newest.get()) promote(n, now, ended);
  return m;
}

bool security_edge::requires_protection(const std::string& identity, element_id from) const {
  const entry* e = nullptr;
  if (!identity.empty()) {
    auto i = registrations_.find(identity);
    if (i != registrations_.end()) e = &i->second;
  } else if (auto t = by_terminal_.find(from); t != by_terminal_.end()) {
    e = &t->second->second;
  }
  return e != nullptr && ((e->live && e->live->sas) || (e->newest && e->newest->sas));
}

std::optional<std::string> security_edge::protect(const std::string& identity, element_id to,
                                                  protocol p, std::string_view message) {
  auto i = registrations_.find(identity);
  if (i == registrations_.end() || !i->second.live || !i->second.live->sas) return std::nullopt;
  auto& r = *i->second.live;
  if (r.terminal != to) return std::nullopt;
  const auto& ports = info(p);
  auto packet = seal(r.sas->out, ports.server_port, ports.terminal_port, message);
  if (!packet.empty()) {
    ++r.sent;
    ++stats_.esp_sent;
  }
  return packet; // empty: the SA cannot carry it (exhausted), nothing is sent
}

void security_edge::end(const std::string& identity, micros now,
                        std::vector<registration_ended>& ended) {
  auto i = registrations_.find(identity);
  if (i == registrations_.end()) return;
  auto& e = i->second;
  if (e.live) close(*i, e.live, auc::end_cause::deregistered, now, ended);
  if (e.newest) close(*i, e.newest, auc::end_cause::deregistered, now, ended);
  erase_if_empty(*i);
}

void security_edge::on_tick(micros now, std::vector<registration_ended>& ended,
                            std::vector<audit_due>& audits) {
  // Reservations of registrations that never installed their SAs (failed, abandoned).
  while (!reserved_order_.empty() && reserved_order_.front().first <= now) {
    const auto [until, spi] = reserved_order_.front();
    reserved_order_.pop_front();
    auto r = reserved_spis_.find(spi);
    if (r != reserved_spis_.end() && r->second == until) reserved_spis_.erase(r);
  }
  while (!timers_.empty() && timers_.top().at <= now) {
    const timer_entry t = timers_.top();
    timers_.pop();
    auto h = by_handle_.find(t.handle);
    if (h == by_handle_.end()) continue; // the registration ended
    node& n = *h->second;
    auto& e = n.second;
    const bool is_live = e.live && e.live->handle == t.handle;
    auto& r = is_live ? e.live : e.newest;
    if (!r || r->handle != t.handle) continue;
    if (t.what == timer::audit) {
      if (r->next_audit != t.at) continue;
      r->next_audit = now + cfg_.audit;
      arm(*r, timer::audit, r->next_audit);
      // A registration not in use yet is not audited, but keeps its schedule: it is audited
      // once it takes over (its first packet, or the old registration's expiry).
      if (!is_live) continue;
      audits.push_back(audit_due{n.first, r->terminal, r->proto});
      ++stats_.keepalives;
      continue;
    }
    if (r->expires > now) continue;
    if (is_live && e.newest) {
      // The refresh was never used before the old lifetime ended: it takes over now.
      promote(n, now, ended);
    } else {
      // DESIGN.md §1.2: not refreshed in time — SAs deleted, keys wiped, row expired.
      close(n, r, auc::end_cause::expired, now, ended);
      erase_if_empty(n);
    }
  }
}

const crypto::key128* security_edge::session_key(const std::string& identity) const {
  auto i = registrations_.find(identity);
  if (i == registrations_.end()) return nullptr;
  const auto& e = i->second;
  if (e.newest) return &e.newest->sk;
  return e.live ? &e.live->sk : nullptr;
}

std::string_view security_edge::mechanism(const std::string& identity) const {
  auto i = registrations_.find(identity);
  if (i == registrations_.end()) return {};
  const auto& e = i->second;
  const auto* r = e.newest ? e.newest.get() : e.live.get();
  return r != nullptr ? std::string_view{mechanisms_[r->mechanism]} : std::string_view{};
}

ngn::session_id security_edge::session_of(const std::string& identity) const {
  auto i = registrations_.find(identity);
  return i == registrations_.end() || !i->second.live ? ngn::session_id{}
                                                       : i->second.live->session_id;
}

std::uint8_t security_edge::intern(std::string_view mechanism) {
  for (std::size_t i = 0; i < mechanisms_.size(); ++i)
    if (mechanisms_[i] == mechanism) return static_cast<std::uint8_t>(i);
  if (mechanisms_.size() >= 0xff) return 0;
  mechanisms_.emplace_back(mechanism);
  return static_cast<std::uint8_t>(mechanisms_.size() - 1);
}

} // namespace ngn::elements
