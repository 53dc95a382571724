#include "topology/detail/diagnostics.hpp"

#include <algorithm>
#include <cstdint>
#include <iterator>

namespace ngn::topology::detail {

namespace {

char lower(char c) noexcept {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

/// Levenshtein distance ignoring ASCII case, bounded: returns limit + 1 as soon as it must exceed limit.
std::size_t edit_distance(std::string_view a, std::string_view b, std::size_t limit) {
  if ((a.size() > b.size() ? a.size() - b.size() : b.size() - a.size()) > limit)
    return limit + 1;
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j)
    row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diag = row[0];
    row[0] = i;
    std::size_t best = row[0];
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t up = row[j];
      bool same = lower(a[i - 1]) == lower(b[j - 1]);  // "SIP" is close to "sip"
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (same ? 0 : 1)});
      diag = up;
      best = std::min(best, row[j]);
    }
    if (best > limit)
      return limit + 1;
  }
  return row[b.size()];
}

} // namespace

source_position element_positions::at(std::string_view field) const noexcept {
  for (const auto& f : fields)
    if (f.field == field)
      return f.pos;
  return table;
}

bool element_positions::reported(std::string_view field) const noexcept {
  for (const auto& f : fields)
    if (f.field == field)
      return f.reported;
  return false;
}

void element_positions::set(std::string_view field, source_position pos) {
  for (auto& f : fields)
    if (f.field == field) {
      f.pos = pos;
      return;
    }
  fields.push_back({std::string(field), pos, false});
}

void element_positions::mark_reported(std::string_view field) {
  for (auto& f : fields)
    if (f.field == field) {
      f.reported = true;
      return;
    }
  fields.push_back({std::string(field), table, true});
}

const element_positions* positions::of(element_kind kind, std::size_t index) const noexcept {
  // In the order of element_kind.
  static constexpr std::vector<element_positions> positions::*by_kind[] = {
    &positions::nodes, &positions::aucs, &positions::softswitches, &positions::proxies,
    &positions::terminals};
  const auto k = static_cast<std::size_t>(kind);
  if (k >= std::size(by_kind))
    return nullptr;
  const std::vector<element_positions>& v = this->*by_kind[k];
  return index < v.size() ? &v[index] : nullptr;
}

void error_sink::add(source_position pos, std::string field, std::string message) {
  if (errors_.size() >= max_errors) {
    if (!overflowed_)
      errors_.push_back({file_, 0, 0, "", "too many errors; stopped after "
                                             + std::to_string(max_errors)});
    overflowed_ = true;
    return;
  }
  errors_.push_back({file_, pos.line, pos.column, std::move(field), std::move(message)});
}

std::vector<topology_error> error_sink::take() {
  // Errors without a position (whole-file problems) go last, then "too many errors".
  auto key = [](const topology_error& e) {
    return std::make_pair(e.line == 0 ? SIZE_MAX : e.line, e.column);
  };
  auto end = overflowed_ ? errors_.end() - 1 : errors_.end();
  std::stable_sort(errors_.begin(), end,
                   [&](const topology_error& a, const topology_error& b) { return key(a) < key(b); });
  return std::move(errors_);
}

std::string did_you_mean(std::string_view word, const std::vector<std::string_view>& candidates) {
  // Close enough: at most a third of the word's letters edited (at least one), or half of
  // them when both share a prefix of four letters ("proxies" -> "proxy").
  const std::size_t close = std::max<std::size_t>(1, word.size() / 3);
  const std::size_t related = std::max(close, word.size() / 2);
  std::string_view best;
  std::size_t best_distance = SIZE_MAX;
  for (auto c : candidates) {
    auto d = edit_distance(word, c, related);
    bool shared_prefix = word.size() >= 4 && c.size() >= 4 && word.substr(0, 4) == c.substr(0, 4);
    if ((d <= close || (shared_prefix && d <= related)) && d < best_distance && d < word.size()) {
      best = c;
      best_distance = d;
    }
  }
  if (best.empty())
    return {};
  return " (did you mean '" + std::string(best) + "'?)";
}

} // namespace ngn::topology::detail
