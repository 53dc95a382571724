// Overload control and flood bounds of the soft switch: the bookkeeping (admission.hpp).
#include "elements/admission.hpp"

#include "actors/listener_id.hpp"

namespace ngn::elements {

std::string_view to_string(admission_refusal r) noexcept {
  switch (r) {
    case admission_refusal::none: return "admitted";
    case admission_refusal::auc_pending: return "overload: too many requests to the AuC outstanding";
    case admission_refusal::identity: return "too many challenges open for this identity";
    case admission_refusal::source: return "too many challenges open for this source address";
  }
  return "?";
}

element_id admission::source_of(element_id from, element_id origin) noexcept {
  const element_id who = origin != no_element ? origin : from;
  // A real client's address, whatever its port (a flood may use many).
  if (actors::is_listener_client(who)) return who & ~element_id{0xFFFF};
  return who;
}

admission_refusal admission::check(const std::string& identity, element_id source,
                                   bool returning) const {
  // RFC 6357 §4: a client refused for overload that comes back goes before new arrivals, up to
  // twice the AuC bound (so that each is refused about once).
  if (auc_pending_ >= (returning ? 2 : 1) * cfg_.max_auc_pending)
    return admission_refusal::auc_pending;
  if (auto i = identities_.find(identity);
      i != identities_.end() && i->second.open >= cfg_.max_open_per_identity)
    return admission_refusal::identity;
  if (auto s = sources_.find(source); s != sources_.end() && s->second >= cfg_.max_open_per_source)
    return admission_refusal::source;
  return admission_refusal::none;
}

ngn::session_id admission::latest(const std::string& identity) const {
  auto i = identities_.find(identity);
  return i == identities_.end() ? ngn::session_id{} : i->second.latest;
}

void admission::opened(ngn::session_id id, const std::string& identity, element_id source) {
  auto [it, fresh] = sessions_.try_emplace(id, entry{identity, source, false});
  if (!fresh) return;
  auto& pi = identities_[identity];
  ++pi.open;
  pi.latest = id;
  ++sources_[source];
}

void admission::awaiting_auc(ngn::session_id id, bool waiting) {
  auto i = sessions_.find(id);
  if (i == sessions_.end() || i->second.waiting == waiting) return;
  i->second.waiting = waiting;
  waiting ? ++auc_pending_ : --auc_pending_;
}

void admission::refused(admission_refusal r) noexcept {
  if (r != admission_refusal::none) ++refused_[static_cast<std::size_t>(r)];
}

std::uint64_t admission::refusals(admission_refusal r) const noexcept {
  return refused_[static_cast<std::size_t>(r)];
}

void admission::closed(ngn::session_id id) {
  auto i = sessions_.find(id);
  if (i == sessions_.end()) return;
  if (i->second.waiting) --auc_pending_;
  if (auto p = identities_.find(i->second.identity); p != identities_.end()) {
    if (p->second.latest == id) p->second.latest = {};
    if (--p->second.open == 0) identities_.erase(p);
  }
  if (auto s = sources_.find(i->second.source); s != sources_.end() && --s->second == 0)
    sources_.erase(s);
  sessions_.erase(i);
}

} // namespace ngn::elements
