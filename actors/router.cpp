#include "actors/router.hpp"

#include <caf/all.hpp>

#include <mutex>

namespace ngn::actors {

using namespace elements;

void router::add(element_id id, caf::actor a) {
  std::unique_lock lock{mtx_};
  if (is_terminal(id)) {
    auto g = static_cast<std::size_t>((id >> 32) - 1);
    auto i = static_cast<std::size_t>(id & 0xffffffffu);
    if (groups_.size() <= g) groups_.resize(g + 1);
    if (groups_[g].size() <= i) groups_[g].resize(i + 1);
    groups_[g][i] = std::move(a);
  } else {
    fixed_[id] = std::move(a);
  }
}

void router::reserve_group(std::uint32_t group, std::uint32_t count) {
  std::unique_lock lock{mtx_};
  if (groups_.size() <= group) groups_.resize(group + 1);
  groups_[group].reserve(count);
}

void router::remove(element_id id) {
  std::unique_lock lock{mtx_};
  if (is_terminal(id)) {
    auto g = static_cast<std::size_t>((id >> 32) - 1);
    auto i = static_cast<std::size_t>(id & 0xffffffffu);
    if (g < groups_.size() && i < groups_[g].size()) groups_[g][i] = caf::actor{};
  } else {
    fixed_.erase(id);
  }
}

caf::actor router::lookup(element_id id) const {
  std::shared_lock lock{mtx_};
  if (is_terminal(id)) {
    auto g = static_cast<std::size_t>((id >> 32) - 1);
    auto i = static_cast<std::size_t>(id & 0xffffffffu);
    if (g < groups_.size() && i < groups_[g].size()) return groups_[g][i];
    return {};
  }
  auto it = fixed_.find(id);
  return it == fixed_.end() ? caf::actor{} : it->second;
}

caf::actor router::find(element_id id) const { return lookup(id); }

bool router::to_listener(envelope&& e) const {
  if (listener_ && listener_(std::move(e))) return true;
  ++unroutable_;
  return false;
}

bool router::send(caf::event_based_actor* self, envelope&& e) const {
  if (tap_) tap_(e);
  if (is_listener_client(e.to)) return to_listener(std::move(e));
  if (auto a = lookup(e.to)) {
    e.queued = shell_now(self->clock());
    self->send(a, std::move(e));
    return true;
  }
  if (remote_ && remote_(std::move(e))) return true;
  ++unroutable_;
  return false;
}

bool router::send_from_outside(envelope&& e) const {
  if (tap_) tap_(e);
  if (is_listener_client(e.to)) return to_listener(std::move(e));
  if (auto a = lookup(e.to)) {
    e.queued = shell_now(a->home_system().clock());
    caf::anon_send(a, std::move(e));
    return true;
  }
  if (remote_ && remote_(std::move(e))) return true;
  ++unroutable_;
  return false;
}

void router::clear() {
  std::unique_lock lock{mtx_};
  fixed_.clear();
  groups_.clear();
}

} // namespace ngn::actors
