#include "elements/security_edge.hpp"

#include "elements/mvw.hpp"

namespace ngn::elements {

security_edge::security_edge(edge_config cfg) : cfg_(std::move(cfg)) {}

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

std::optional<block<crypto::mvw_size>> security_edge::deliver(const key_delivery& d, micros now) {
  if (d.rand == nullptr || d.offered == nullptr) return std::nullopt;
  // DESIGN.md §1: the edge decrypts its copy of SK ...
  auto sk = crypto::unwrap_session_key(cfg_.key, *d.rand, cfg_.role, d.identity, d.wrapped_edge);
  if (!sk) return std::nullopt;
  // ... and computes the message verification word over the success response, the mechanism
  // parameters included (DESIGN.md §2).
  auto mac = compute_mvw(*sk, d.identity, d.session_id, *d.offered, cfg_.supported, d.mechanism,
                         d.wrapped_t);
  auto& r = registrations_[std::string(d.identity)];
  r.sk = *sk;
  r.since = now;
  r.mechanism = intern(d.mechanism.empty() ? no_sec_agree : d.mechanism);
  return mac;
}

void security_edge::forget(const std::string& identity) { registrations_.erase(identity); }

const crypto::key128* security_edge::session_key(const std::string& identity) const {
  auto i = registrations_.find(identity);
  return i == registrations_.end() ? nullptr : &i->second.sk;
}

std::string_view security_edge::mechanism(const std::string& identity) const {
  auto i = registrations_.find(identity);
  return i == registrations_.end() ? std::string_view{} : mechanisms_[i->second.mechanism];
}

std::uint8_t security_edge::intern(std::string_view mechanism) {
  for (std::size_t i = 0; i < mechanisms_.size(); ++i)
    if (mechanisms_[i] == mechanism) return static_cast<std::uint8_t>(i);
  if (mechanisms_.size() >= 0xff) return 0;
  mechanisms_.emplace_back(mechanism);
  return static_cast<std::uint8_t>(mechanisms_.size() - 1);
}

} // namespace ngn::elements
