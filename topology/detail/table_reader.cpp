#include "topology/detail/table_reader.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

namespace ngn::topology::detail {

source_position position_of(const toml::source_region& r) noexcept {
  return {static_cast<std::size_t>(r.begin.line), static_cast<std::size_t>(r.begin.column)};
}

std::string_view type_name(toml::node_type t) noexcept {
  using nt = toml::node_type;
  static constexpr std::pair<nt, std::string_view> names[] = {
    {nt::none, "nothing"},        {nt::table, "a table"},     {nt::array, "an array"},
    {nt::string, "a string"},     {nt::integer, "an integer"}, {nt::floating_point, "a float"},
    {nt::boolean, "a boolean"},   {nt::date, "a date"},       {nt::time, "a time"},
    {nt::date_time, "a date-time"},
  };
  for (const auto& [type, name] : names)
    if (type == t)
      return name;
  return "a value";
}

table_reader::table_reader(const toml::table& table, std::string path, element_positions& pos,
                           error_sink& errors)
  : table_(table), path_(std::move(path)), pos_(pos), errors_(errors) {
  pos_.table = position_of(table.source());
  pos_.path = path_;
}

std::string table_reader::field(std::string_view key) const {
  return path_.empty() ? std::string(key) : path_ + "." + std::string(key);
}

const toml::node* table_reader::lookup(std::string_view key, bool required) {
  known_.push_back(key);
  const auto* n = table_.get(key);
  if (n == nullptr) {
    if (required) {
      missing_.push_back(key);  // reported by finish() unless a misspelt key stands for it
      pos_.mark_reported(key);
    }
    return nullptr;
  }
  pos_.set(key, position_of(n->source()));
  return n;
}

void table_reader::wrong_type(std::string_view key, const toml::node& n,
                              std::string_view expected) {
  fail(key, "expected " + std::string(expected) + ", found " + std::string(type_name(n.type())));
}

void table_reader::fail(std::string_view key, std::string message) {
  errors_.add(pos_.at(key), field(key), std::move(message));
  pos_.mark_reported(key);
}

void table_reader::reject(std::string_view key, std::string message) {
  if (lookup(key, false) != nullptr)
    fail(key, std::move(message));
}

template <class T, class Out>
bool table_reader::get_value(std::string_view key, Out& out, bool required,
                             std::string_view expected) {
  const auto* n = lookup(key, required);
  if (n == nullptr)
    return false;
  const auto* v = n->as<T>();
  if (v == nullptr) {
    wrong_type(key, *n, expected);
    return false;
  }
  out = v->get();
  return true;
}

bool table_reader::get_string(std::string_view key, std::string& out, bool required) {
  return get_value<std::string>(key, out, required, "a string");
}

bool table_reader::get_integer(std::string_view key, std::int64_t& out, bool required) {
  return get_value<std::int64_t>(key, out, required, "an integer");
}

bool table_reader::get_number(std::string_view key, double& out, bool required) {
  const auto* n = lookup(key, required);
  if (n == nullptr)
    return false;
  if (const auto* i = n->as_integer()) {
    out = static_cast<double>(i->get());
    return true;
  }
  const auto* f = n->as_floating_point();
  if (f == nullptr) {
    wrong_type(key, *n, "a number");
    return false;
  }
  if (!std::isfinite(f->get())) {
    fail(key, "expected a finite number");
    return false;
  }
  out = f->get();
  return true;
}

bool table_reader::get_bool(std::string_view key, bool& out, bool required) {
  return get_value<bool>(key, out, required, "true or false");
}

bool table_reader::get_duration(std::string_view key, duration& out, bool required) {
  const auto* n = lookup(key, required);
  if (n == nullptr)
    return false;
  if (n->is_integer() || n->is_floating_point()) {
    fail(key, "a duration needs a unit: write it as a string such as \"2s\" or \"500ms\"");
    return false;
  }
  const auto* s = n->as_string();
  if (s == nullptr) {
    wrong_type(key, *n, "a duration string such as \"2s\"");
    return false;
  }
  auto d = parse_duration(s->get());
  if (!d) {
    fail(key, std::move(d.error));
    return false;
  }
  out = *d.value;
  return true;
}

bool table_reader::get_string_list(std::string_view key, std::vector<std::string>& out,
                                   bool required) {
  const auto* n = lookup(key, required);
  if (n == nullptr)
    return false;
  if (const auto* s = n->as_string()) {
    out.assign(1, s->get());
    pos_.set(std::string(key) + "[0]", position_of(n->source()));
    return true;
  }
  const auto* a = n->as_array();
  if (a == nullptr) {
    wrong_type(key, *n, "a string or an array of strings");
    return false;
  }
  std::vector<std::string> items;
  bool ok = true;
  for (std::size_t i = 0; i < a->size(); ++i) {
    const auto& item = *a->get(i);
    auto item_key = std::string(key) + "[" + std::to_string(i) + "]";
    pos_.set(item_key, position_of(item.source()));
    if (const auto* s = item.as_string()) {
      items.push_back(s->get());
    } else {
      fail(item_key, "expected a string, found " + std::string(type_name(item.type())));
      ok = false;
    }
  }
  if (!ok) {
    pos_.mark_reported(key);
    return false;
  }
  out = std::move(items);
  return true;
}

void table_reader::finish() {
  std::vector<std::string_view> suggested;
  for (auto&& [k, v] : table_) {
    auto key = k.str();
    if (std::find(known_.begin(), known_.end(), key) != known_.end())
      continue;
    auto where = position_of(k.source());
    if (where.line == 0)
      where = position_of(v.source());
    auto hint = did_you_mean(key, known_);
    for (auto m : missing_)
      if (!hint.empty() && hint == did_you_mean(key, {m}))
        suggested.push_back(m);
    errors_.add(where, field(key), "unknown key '" + std::string(key) + "'" + hint);
  }
  for (auto key : missing_) {
    if (std::find(suggested.begin(), suggested.end(), key) != suggested.end())
      continue;  // "unknown key 'endpont' (did you mean 'endpoint'?)" says it already
    if (key == "node")
      errors_.add(pos_.table, field(key),
                  "the element is placed on no node (add node = \"<node name>\")");
    else
      errors_.add(pos_.table, field(key), "required field missing");
  }
}

} // namespace ngn::topology::detail
