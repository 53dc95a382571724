// Validation, part 2: what two elements must not share (node endpoints, UDP listeners, AuC
// databases, terminal identities), and AuC shards that must cover every identity exactly once.
#include "topology/detail/checker.hpp"
#include "topology/identity.hpp"

#include <algorithm>
#include <cstdint>
#include <map>
#include <unordered_map>

namespace ngn::topology::detail {

namespace {

/// Which machine a node runs on, as far as the file tells: its ssh host ("" = local).
std::string machine_of(const topology& t, const std::string& node_name) {
  const auto* n = t.find_node(node_name);
  return n != nullptr ? n->host : std::string();
}

std::string at_line(const std::string& line) {
  return line.empty() ? std::string() : " at " + line;
}

void check_endpoint_clash(checker& c) {
  const auto& t = c.topo();
  std::unordered_map<std::string, std::size_t> seen;
  for (std::size_t i = 0; i < t.nodes.size(); ++i) {
    auto s = c.element(element_kind::node, i);
    if (c.reported(s, "endpoint"))
      continue;
    auto ep = normalize_endpoint(t.nodes[i].endpoint);
    if (!ep)
      continue;  // reported in part 1
    auto [it, inserted] = seen.emplace(*ep.value, i);
    if (!inserted)
      c.report(s, "endpoint", "endpoint clash: " + *ep.value + " is also the endpoint of node '"
                                  + t.nodes[it->second].name + "'"
                                  + at_line(c.line_of(element_kind::node, it->second)));
  }
}

bool is_wildcard(const std::string& host) {
  return host == "0.0.0.0" || host == "::";
}

void check_listener_clash(checker& c) {
  const auto& t = c.topo();
  struct listener {
    element_kind kind;
    std::size_t index;
    std::string machine;
    const listen_endpoint* ep;
  };
  std::vector<listener> all;
  for (std::size_t i = 0; i < t.softswitches.size(); ++i)
    if (t.softswitches[i].listen)
      all.push_back({element_kind::softswitch, i, machine_of(t, t.softswitches[i].node),
                     &*t.softswitches[i].listen});
  for (std::size_t i = 0; i < t.proxies.size(); ++i)
    if (t.proxies[i].listen)
      all.push_back({element_kind::proxy, i, machine_of(t, t.proxies[i].node), &*t.proxies[i].listen});
  for (std::size_t j = 0; j < all.size(); ++j)
    for (std::size_t i = 0; i < j; ++i) {
      const auto& a = all[i];
      const auto& b = all[j];
      if (a.machine != b.machine || a.ep->port != b.ep->port || a.ep->transport != b.ep->transport
          || a.ep->port == 0) // port 0: each gets a free one
        continue;
      if (a.ep->host != b.ep->host && !is_wildcard(a.ep->host) && !is_wildcard(b.ep->host))
        continue;
      const auto& other = a.kind == element_kind::proxy ? t.proxies[a.index].name
                                                        : t.softswitches[a.index].name;
      c.report(c.element(b.kind, b.index), "listen",
               "listener clash: " + b.ep->to_string() + " and " + a.ep->to_string() + " of '"
                   + other + "'" + at_line(c.line_of(a.kind, a.index))
                   + " use the same port on the same host");
      break;
    }
}

void check_database_clash(checker& c) {
  const auto& t = c.topo();
  std::map<std::pair<std::string, std::string>, std::size_t> seen;
  for (std::size_t i = 0; i < t.aucs.size(); ++i) {
    const auto& a = t.aucs[i];
    if (a.database.empty() || a.database == ":memory:")
      continue;
    auto [it, inserted] = seen.emplace(std::make_pair(machine_of(t, a.node), a.database), i);
    if (!inserted)
      c.report(c.element(element_kind::auc, i), "database",
               "database clash: '" + a.database + "' is also the database of '"
                   + t.aucs[it->second].name + "'" + at_line(c.line_of(element_kind::auc, it->second))
                   + " on the same host");
  }
}

std::string shard_text(std::uint32_t index, std::uint32_t count) {
  return std::to_string(index) + "/" + std::to_string(count);
}

/// Every identity maps to exactly one AuC: same count everywhere, each index exactly once.
/// Returns false if the shards are inconsistent (then coverage per soft switch is not checked).
bool check_shards(checker& c) {
  const auto& t = c.topo();
  if (t.aucs.empty())
    return false;
  bool ok = true;
  const auto count = t.aucs.front().shard_count;
  if (count == 0 || count > max_shards)
    return false;  // reported in part 1
  std::vector<std::size_t> owner(count, SIZE_MAX);
  for (std::size_t i = 0; i < t.aucs.size(); ++i) {
    const auto& a = t.aucs[i];
    auto s = c.element(element_kind::auc, i);
    if (c.reported(s, "shard") || a.shard_count == 0 || a.shard_index >= a.shard_count) {
      ok = false;
      continue;
    }
    if (a.shard_count != count) {
      c.report(s, "shard", "shard " + shard_text(a.shard_index, a.shard_count) + " splits the identities in "
                               + std::to_string(a.shard_count) + " but '" + t.aucs.front().name
                               + "' splits them in " + std::to_string(count)
                               + "; all AuCs must use the same count");
      ok = false;
      continue;
    }
    auto& first = owner[a.shard_index];
    if (first == SIZE_MAX) {
      first = i;
      continue;
    }
    ok = false;
    std::string hint = count == 1 ? "; with several AuCs give each one a shard: \"0/2\", \"1/2\""
                                  : "";
    c.report(s, "shard", "shards overlap: '" + a.name + "' and '" + t.aucs[first].name
                             + "' both serve shard " + shard_text(a.shard_index, count) + hint);
  }
  if (!ok)
    return false;
  for (std::uint32_t k = 0; k < count; ++k)
    if (owner[k] == SIZE_MAX) {
      c.report(c.element(element_kind::auc, 0), "shard",
               "the shards do not cover every identity: no AuC serves shard " + shard_text(k, count));
      ok = false;
    }
  return ok;
}

/// Each soft switch must reach the AuC of every shard.
void check_softswitch_coverage(checker& c) {
  const auto& t = c.topo();
  const auto count = t.aucs.front().shard_count;
  for (std::size_t i = 0; i < t.softswitches.size(); ++i) {
    auto s = c.element(element_kind::softswitch, i);
    const auto& ss = t.softswitches[i];
    if (c.reported(s, "auc") || ss.aucs.empty())
      continue;
    std::vector<bool> reached(count, false);
    for (const auto& name : ss.aucs)
      if (const auto* a = t.find_auc(name))
        reached[a->shard_index] = true;
    for (std::size_t k = 0; k < t.aucs.size(); ++k)
      if (!reached[t.aucs[k].shard_index]) {
        c.report(s, "auc", "the soft switch reaches no AuC for shard "
                               + shard_text(t.aucs[k].shard_index, count) + " (add '"
                               + t.aucs[k].name + "')");
        break;
      }
  }
}

/// Identities of two groups with the same prefix and suffix around {n} collide when their n
/// ranges intersect at a number that both paddings print alike (at least max(width) digits).
void check_identity_overlap(checker& c) {
  const auto& t = c.topo();
  std::vector<std::optional<identity_pattern>> patterns;
  patterns.reserve(t.terminals.size());
  for (const auto& g : t.terminals)
    patterns.push_back(parse_identity_pattern(g.identity).value);
  for (std::size_t j = 0; j < t.terminals.size(); ++j)
    for (std::size_t i = 0; i < j; ++i) {
      const auto& a = t.terminals[i];
      const auto& b = t.terminals[j];
      const auto& pa = patterns[i];
      const auto& pb = patterns[j];
      auto in_range = [](const terminal_group& g) {
        return g.count != 0 && g.count <= max_terminals_per_group && g.first <= max_first_index;
      };
      if (!pa || !pb || !in_range(a) || !in_range(b) || pa->prefix != pb->prefix
          || pa->suffix != pb->suffix)
        continue;
      auto lo = std::max(a.first, b.first);
      auto hi = std::min(a.first + a.count - 1, b.first + b.count - 1);
      if (pa->width != pb->width) {
        std::uint64_t min_n = 1;  // smallest number printed with max(width) digits
        for (unsigned w = std::max(pa->width, pb->width); w > 1; --w)
          min_n *= 10;
        lo = std::max(lo, min_n);
      }
      if (lo > hi)
        continue;
      c.report(c.element(element_kind::terminals, j), "identity",
               "identities overlap with group '" + a.name + "'"
                   + at_line(c.line_of(element_kind::terminals, i)) + ": both produce '"
                   + identity_for(b, lo - b.first) + "'");
      break;
    }
}

} // namespace

void check_clashes_and_coverage(checker& c) {
  check_endpoint_clash(c);
  check_listener_clash(c);
  check_database_clash(c);
  if (check_shards(c))
    check_softswitch_coverage(c);
  check_identity_overlap(c);
}

} // namespace ngn::topology::detail
