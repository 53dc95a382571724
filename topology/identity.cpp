#include "topology/identity.hpp"

#include "protocols/common/decimal.hpp"

namespace ngn::topology {

namespace {

bool is_identity_char(char c) noexcept {
  if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
    return true;
  constexpr std::string_view extra = "-._+@/";
  return extra.find(c) != std::string_view::npos;
}

} // namespace

value_or_error<identity_pattern> parse_identity_pattern(std::string_view pattern) {
  using r = value_or_error<identity_pattern>;
  auto open = pattern.find('{');
  if (open == std::string_view::npos)
    return r::fail("identity pattern '" + std::string(pattern)
                   + "' has no {n} placeholder (e.g. \"t{n:06}@ngn.example\")");
  auto close = pattern.find('}', open);
  if (close == std::string_view::npos)
    return r::fail("unclosed '{' in identity pattern '" + std::string(pattern) + "'");
  identity_pattern p;
  auto placeholder = pattern.substr(open + 1, close - open - 1);
  if (placeholder.substr(0, 3) == "n:0" && placeholder.size() >= 4 && placeholder.size() <= 5) {
    unsigned w = 0;
    for (char c : placeholder.substr(3)) {
      if (c < '0' || c > '9')
        return r::fail("bad placeholder {" + std::string(placeholder) + "}; use {n} or {n:06}");
      w = w * 10 + static_cast<unsigned>(c - '0');
    }
    if (w == 0 || w > 20)
      return r::fail("placeholder width must be 1..20 in {" + std::string(placeholder) + "}");
    p.width = w;
  } else if (placeholder != "n") {
    return r::fail("unknown placeholder {" + std::string(placeholder)
                   + "}; use {n}, {n:06}, {group} or {domain}");
  }
  p.prefix = pattern.substr(0, open);
  p.suffix = pattern.substr(close + 1);
  for (auto part : {p.prefix, p.suffix})
    for (char c : part) {
      if (c == '{' || c == '}')
        return r::fail("identity pattern '" + std::string(pattern)
                       + "' has a stray brace or more than one placeholder");
      if (!is_identity_char(c))
        return r::fail("identity pattern '" + std::string(pattern)
                       + "' contains '" + std::string(1, c)
                       + "'; use letters, digits and -._+@/");
    }
  if (p.prefix.size() + p.suffix.size() + 20 > max_identity_length)
    return r::fail("identity pattern '" + std::string(pattern) + "' is too long (identities up to "
                   + std::to_string(max_identity_length) + " characters)");
  return r::ok(p);
}

std::string expand_names(std::string_view pattern, std::string_view group,
                         std::string_view domain) {
  std::string out;
  out.reserve(pattern.size() + group.size() + domain.size());
  while (!pattern.empty()) {
    if (pattern.substr(0, 7) == "{group}") {
      out += group;
      pattern.remove_prefix(7);
    } else if (pattern.substr(0, 8) == "{domain}") {
      out += domain;
      pattern.remove_prefix(8);
    } else {
      out += pattern.front();
      pattern.remove_prefix(1);
    }
  }
  return out;
}

std::string identity_for(const terminal_group& g, std::uint64_t index) {
  auto p = parse_identity_pattern(g.identity);
  if (!p)
    return {};
  std::string out;
  out.reserve(p.value->prefix.size() + p.value->suffix.size() + 20);
  out += p.value->prefix;
  append_decimal(out, g.first + index, p.value->width);
  out += p.value->suffix;
  return out;
}

std::uint64_t fnv1a_64(std::string_view data) noexcept {
  std::uint64_t h = 14695981039346656037ULL;
  for (char c : data) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ULL;
  }
  return h;
}

const auc* auc_for_identity(const topology& t, std::string_view identity) noexcept {
  if (t.aucs.empty())
    return nullptr;
  auto count = t.aucs.front().shard_count;
  if (count == 0)
    return nullptr;
  auto shard = static_cast<std::uint32_t>(fnv1a_64(identity) % count);
  for (const auto& a : t.aucs)
    if (a.shard_count == count && a.shard_index == shard)
      return &a;
  return nullptr;
}

} // namespace ngn::topology
