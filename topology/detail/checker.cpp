#include "topology/detail/checker.hpp"

#include <algorithm>

namespace ngn::topology::detail {

namespace {

template <class T>
source_position defined_at_of(const std::vector<T>& xs, std::size_t index) {
  return index < xs.size() ? xs[index].defined_at : source_position{};
}

template <class T>
void add_names(const std::vector<T>& xs, std::vector<std::string_view>& out) {
  for (const auto& x : xs)
    out.emplace_back(x.name);
}

} // namespace

std::string_view describe(element_kind kind) noexcept {
  switch (kind) {
    case element_kind::node:
      return "a node";
    case element_kind::auc:
      return "an auc";
    case element_kind::softswitch:
      return "a softswitch";
    case element_kind::proxy:
      return "a proxy";
    case element_kind::terminals:
      return "a terminal group";
  }
  return "an element";
}

site checker::element(element_kind kind, std::size_t index) const {
  site s;
  s.pos = pos_ != nullptr ? pos_->of(kind, index) : nullptr;
  s.path = s.pos != nullptr ? s.pos->path
                            : std::string(to_string(kind)) + "[" + std::to_string(index) + "]";
  switch (kind) {
    case element_kind::node:
      s.fallback = defined_at_of(t_.nodes, index);
      break;
    case element_kind::auc:
      s.fallback = defined_at_of(t_.aucs, index);
      break;
    case element_kind::softswitch:
      s.fallback = defined_at_of(t_.softswitches, index);
      break;
    case element_kind::proxy:
      s.fallback = defined_at_of(t_.proxies, index);
      break;
    case element_kind::terminals:
      s.fallback = defined_at_of(t_.terminals, index);
      break;
  }
  return s;
}

site checker::emulation() const {
  return {pos_ != nullptr ? &pos_->emulation : nullptr, "emulation", {}};
}

site checker::subscribers() const {
  return {pos_ != nullptr ? &pos_->subscribers : nullptr, "subscribers", {}};
}

bool checker::reported(const site& s, std::string_view field) const noexcept {
  return s.pos != nullptr && s.pos->reported(field);
}

source_position checker::where(const site& s, std::string_view field) const noexcept {
  return s.pos != nullptr ? s.pos->at(field) : s.fallback;
}

void checker::report(const site& s, std::string_view field, std::string message) {
  if (reported(s, field))
    return;
  errors_.add(where(s, field), s.path + "." + std::string(field), std::move(message));
}

void checker::report_file(std::string field, std::string message) {
  errors_.add({}, std::move(field), std::move(message));
}

bool checker::check_reference(const site& s, std::string_view field, const std::string& target,
                              std::initializer_list<element_kind> allowed,
                              std::string_view expected) {
  if (reported(s, field))
    return false;
  if (target.empty()) {
    report(s, field, field == "node" ? "the element is placed on no node" : "required field missing");
    return false;
  }
  auto kind = t_.kind_of(target);
  if (!kind) {
    std::vector<std::string_view> names;
    for (auto k : allowed) {
      if (k == element_kind::node)
        add_names(t_.nodes, names);
      else if (k == element_kind::auc)
        add_names(t_.aucs, names);
      else if (k == element_kind::softswitch)
        add_names(t_.softswitches, names);
      else if (k == element_kind::proxy)
        add_names(t_.proxies, names);
      else
        add_names(t_.terminals, names);
    }
    auto what = allowed.size() == 1 && *allowed.begin() == element_kind::node ? "unknown node '"
                                                                              : "unknown element '";
    report(s, field, what + target + "'" + did_you_mean(target, names));
    return false;
  }
  if (std::find(allowed.begin(), allowed.end(), *kind) == allowed.end()) {
    report(s, field, "'" + target + "' is " + std::string(describe(*kind)) + ", not "
                         + std::string(expected));
    return false;
  }
  return true;
}

std::string checker::line_of(element_kind kind, std::size_t index) const {
  auto p = where(element(kind, index), "name");
  return p.line == 0 ? std::string() : "line " + std::to_string(p.line);
}

void validate(const topology& t, const positions* pos, error_sink& errors) {
  checker c(t, pos, errors);
  check_settings_and_elements(c);
  check_clashes_and_coverage(c);
}

} // namespace ngn::topology::detail
