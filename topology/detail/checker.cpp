#include "topology/detail/checker.hpp"

#include <algorithm>
#include <iterator>

namespace ngn::topology::detail {

namespace {

template <class T>
source_position defined_at_of(const std::vector<T>& xs, std::size_t index) {
  return index < xs.size() ? xs[index].defined_at : source_position{};
}

/// `f(list)` for the list of the topology's elements of kind `kind`.
template <class F>
auto with_elements(const topology& t, element_kind kind, F&& f) {
  if (kind == element_kind::node) return f(t.nodes);
  if (kind == element_kind::auc) return f(t.aucs);
  if (kind == element_kind::softswitch) return f(t.softswitches);
  if (kind == element_kind::proxy) return f(t.proxies);
  return f(t.terminals);
}

template <class T>
void add_names(const std::vector<T>& xs, std::vector<std::string_view>& out) {
  for (const auto& x : xs)
    out.emplace_back(x.name);
}

} // namespace

std::string_view describe(element_kind kind) noexcept {
  // In the order of element_kind.
  static constexpr std::string_view described[] = {"a node", "an auc", "a softswitch", "a proxy",
                                                   "a terminal group"};
  const auto i = static_cast<std::size_t>(kind);
  return i < std::size(described) ? described[i] : "an element";
}

site checker::element(element_kind kind, std::size_t index) const {
  site s;
  s.pos = pos_ != nullptr ? pos_->of(kind, index) : nullptr;
  s.path = s.pos != nullptr ? s.pos->path
                            : std::string(to_string(kind)) + "[" + std::to_string(index) + "]";
  s.fallback = with_elements(t_, kind, [&](const auto& xs) { return defined_at_of(xs, index); });
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
    for (auto k : allowed)
      with_elements(t_, k, [&](const auto& xs) { add_names(xs, names); });
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
