// Validation, part 1: settings, presence, names, placement, references and per-element values.
// Part 2 (clashes, shard coverage, identity overlap) is in validate_clashes.cpp.
#include "topology/validate.hpp"

#include "topology/detail/checker.hpp"
#include "topology/identity.hpp"
#include "topology/mechanism.hpp"
#include "topology/syntax.hpp"

#include <algorithm>
#include <cmath>
#include <unordered_map>

namespace ngn::topology {

namespace detail {

namespace {

constexpr double max_rate = 10'000'000;

void check_settings(checker& c) {
  const auto& e = c.topo().emulation;
  auto em = c.emulation();
  if (auto why = check_name(e.name); !why.empty())
    c.report(em, "name", why);
  if (auto why = check_domain(e.domain); !why.empty())
    c.report(em, "domain", why);
  if (e.run_time.count() < 0)
    c.report(em, "duration", "must not be negative");
  const std::pair<std::string_view, duration> timers[] = {
      {"heartbeat", e.heartbeat},
      {"auc_timeout", e.auc_timeout},
      {"registration_timeout", e.registration_timeout}};
  for (const auto& [field, d] : timers)
    if (d.count() <= 0)
      c.report(em, field, "must be greater than 0");
  if (e.link_coalesce > std::chrono::milliseconds(100))
    c.report(em, "link_coalesce", "must be at most 100ms (it delays every message under load)");
  const auto& s = c.topo().subscribers;
  if (s.secret.size() < 16 || s.secret.size() > 64)
    c.report(c.subscribers(), "secret", "secret must be 16..64 bytes (32..128 hex digits)");
}

void check_presence(checker& c) {
  const auto& t = c.topo();
  if (t.nodes.empty())
    c.report_file("node", "no node defined; add a [[node]] table");
  if (t.aucs.empty())
    c.report_file("auc", "no authentication center defined; add an [[auc]] table");
  if (t.softswitches.empty())
    c.report_file("softswitch", "no soft switch defined; add a [[softswitch]] table");
}

/// Names: syntax, and unique across nodes and all element kinds (they are addresses).
void check_names(checker& c) {
  struct first_use {
    element_kind kind;
    std::size_t index;
  };
  std::unordered_map<std::string_view, first_use> seen;
  auto visit = [&](element_kind kind, const auto& xs) {
    for (std::size_t i = 0; i < xs.size(); ++i) {
      auto s = c.element(kind, i);
      const std::string& name = xs[i].name;
      if (c.reported(s, "name"))
        continue;
      if (auto why = check_name(name); !why.empty()) {
        c.report(s, "name", why);
        continue;
      }
      auto [it, inserted] = seen.emplace(name, first_use{kind, i});
      if (inserted)
        continue;
      auto line = c.line_of(it->second.kind, it->second.index);
      c.report(s, "name", "duplicate name '" + name + "' (already used by "
                              + std::string(describe(it->second.kind))
                              + (line.empty() ? "" : " at " + line)
                              + "); names are unique across nodes and all elements");
    }
  };
  const auto& t = c.topo();
  visit(element_kind::node, t.nodes);
  visit(element_kind::auc, t.aucs);
  visit(element_kind::softswitch, t.softswitches);
  visit(element_kind::proxy, t.proxies);
  visit(element_kind::terminals, t.terminals);
}

/// Calls `check(site, element)` for each element of `xs`, which are of kind `kind`.
template <class T, class Check>
void for_each_element(checker& c, element_kind kind, const std::vector<T>& xs, Check&& check) {
  for (std::size_t i = 0; i < xs.size(); ++i)
    check(c.element(kind, i), xs[i]);
}

/// The nodes' CURVE keys (topology/README.md "Secured node links"): listed for every node or for
/// none (then derived from the secret), valid Z85, distinct (the ZAP handler tells nodes apart by
/// key); none at all with `security = "none"`, where a key could not apply.
void check_node_keys(checker& c) {
  const auto& t = c.topo();
  const bool none = t.emulation.security == link_security::none;
  const node* keyed = nullptr;
  for (const auto& n : t.nodes)
    if (!n.public_key.empty()) {
      keyed = &n;
      break;
    }
  std::unordered_map<std::string_view, std::string_view> owner; // key -> node
  for_each_element(c, element_kind::node, t.nodes, [&](const site& s, const node& n) {
    if (none) {
      for (auto [field, value] : {std::pair<std::string_view, const std::string&>{"public_key", n.public_key},
                                  {"secret_key_file", n.secret_key_file}})
        if (!value.empty())
          c.report(s, field, "security = \"none\" leaves the node links unsecured: a key cannot "
                             "apply (remove it, or remove security = \"none\")");
      return;
    }
    if (n.public_key.empty()) {
      if (keyed != nullptr)
        c.report(s, "public_key",
                 "node '" + n.name + "' has no public_key but node '" + keyed->name
                     + "' has one: list every node's public key (ngnemu keys generate) or none "
                       "(keys derived from the subscriber secret)");
      if (!n.secret_key_file.empty())
        c.report(s, "secret_key_file", "a secret key file needs the node's public_key");
      return;
    }
    if (auto why = check_z85_key(n.public_key); !why.empty()) {
      c.report(s, "public_key", why);
      return;
    }
    if (auto [it, inserted] = owner.emplace(n.public_key, n.name); !inserted)
      c.report(s, "public_key", "the same public key as node '" + std::string(it->second)
                                    + "': every node needs a key pair of its own");
    for (char ch : n.secret_key_file)
      if (static_cast<unsigned char>(ch) < 0x20 || ch == 0x7f) {
        c.report(s, "secret_key_file", "control character in the path");
        break;
      }
  });
}

void check_nodes(checker& c) {
  for_each_element(c, element_kind::node, c.topo().nodes, [&](const site& s, const node& n) {
    if (n.endpoint.empty()) {
      c.report(s, "endpoint", "required field missing");
    } else if (auto ep = normalize_endpoint(n.endpoint); !ep) {
      c.report(s, "endpoint", ep.error);
    }
    if (!n.host.empty())
      if (auto why = check_ssh_target(n.host); !why.empty())
        c.report(s, "host", why);
  });
  check_node_keys(c);
}

template <class T>
void check_placement(checker& c, element_kind kind, const std::vector<T>& xs) {
  for_each_element(c, kind, xs, [&](const site& s, const T& x) {
    c.check_reference(s, "node", x.node, {element_kind::node}, "a node");
  });
}

/// Re-checks a list built in code with the shared rule (protocols/common/mechanism.hpp).
void check_mechanisms(checker& c, const site& s, const mechanism_list& list) {
  if (auto ok = ngn::check_mechanisms(list); !ok) c.report(s, "mechanisms", ok.error().detail);
}

void check_listen(checker& c, const site& s, const std::optional<listen_endpoint>& listen) {
  if (!listen)
    return;
  if (auto again = parse_listen(listen->to_string()); !again)
    c.report(s, "listen", again.error);
}

/// What a soft switch and a proxy (the elements that face terminals) both have.
template <class Edge>
void check_edge(checker& c, const site& s, const Edge& e) {
  check_mechanisms(c, s, e.mechanisms);
  check_listen(c, s, e.listen);
}

void check_aucs(checker& c) {
  for_each_element(c, element_kind::auc, c.topo().aucs, [&](const site& s, const auc& a) {
    if (a.database.empty())
      c.report(s, "database", "required field missing");
    else if (auto why = check_database_path(a.database); !why.empty())
      c.report(s, "database", why);
    if (a.shard_count == 0 || a.shard_count > max_shards || a.shard_index >= a.shard_count)
      c.report(s, "shard", "shard " + std::to_string(a.shard_index) + "/"
                               + std::to_string(a.shard_count) + " is not index/count with index < count <= "
                               + std::to_string(max_shards));
  });
}

void check_softswitches(checker& c) {
  const auto& t = c.topo();
  for_each_element(c, element_kind::softswitch, t.softswitches, [&](const site& s,
                                                                   const softswitch& ss) {
    if (ss.aucs.empty() && !t.aucs.empty())
      c.report(s, "auc", "the soft switch reaches no AuC; list them: auc = [\"auc1\"]");
    if (!c.reported(s, "auc"))
      for (std::size_t j = 0; j < ss.aucs.size(); ++j) {
        auto field = "auc[" + std::to_string(j) + "]";
        c.check_reference(s, field, ss.aucs[j], {element_kind::auc}, "an auc");
        for (std::size_t k = 0; k < j; ++k)
          if (ss.aucs[k] == ss.aucs[j])
            c.report(s, field, "'" + ss.aucs[j] + "' listed twice");
      }
    check_edge(c, s, ss);
  });
}

void check_proxies(checker& c) {
  for_each_element(c, element_kind::proxy, c.topo().proxies, [&](const site& s, const proxy& p) {
    c.check_reference(s, "softswitch", p.softswitch, {element_kind::softswitch}, "a softswitch");
    check_edge(c, s, p);
  });
}

/// `d` as a duration of the file's syntax ("1m30s"); negative ones as "-…".
std::string text_of(duration d) {
  return d.count() < 0 ? "-" + format_duration(-d) : format_duration(d);
}

/// The traffic model of a group (topology/README.md "Traffic model"). A rule that combines
/// fields is skipped when one of them already has an error.
void check_traffic(checker& c, const site& s, const terminal_group& g) {
  const bool lifetime_ok = !c.reported(s, "lifetime") && g.lifetime >= min_lifetime
                           && g.lifetime.count() % 1000 == 0 && g.lifetime <= max_lifetime;
  if (g.lifetime < min_lifetime)
    c.report(s, "lifetime", "lifetime (" + text_of(g.lifetime) + ") must be at least 1s");
  else if (g.lifetime.count() % 1000 != 0)
    c.report(s, "lifetime", "lifetime (" + text_of(g.lifetime) + ") must be whole seconds");
  else if (g.lifetime > max_lifetime)
    c.report(s, "lifetime", "lifetime (" + text_of(g.lifetime)
                                + ") must be at most 4294967295s (32 bits of seconds)");

  const std::pair<std::string_view, duration> intervals[] = {
      {"reregister", g.reregister.value_or(duration{0})},
      {"keepalive", g.keepalive},
      {"hold", g.hold},
      {"rearrive", g.rearrive.value_or(duration{0})}};
  for (const auto& [field, d] : intervals)
    if (d.count() < 0)
      c.report(s, field, "must not be negative");
  bool reregister_ok = !c.reported(s, "reregister") && g.reregister.value_or(duration{0})
                                                            .count() >= 0;
  const bool hold_ok = !c.reported(s, "hold") && g.hold.count() >= 0;
  bool rearrive_ok = g.rearrive && !c.reported(s, "rearrive") && g.rearrive->count() >= 0;

  if (g.reregister && reregister_ok && lifetime_ok && *g.reregister >= g.lifetime) {
    c.report(s, "reregister", "reregister (" + text_of(*g.reregister)
                                  + ") must be shorter than lifetime (" + text_of(g.lifetime)
                                  + ")");
    reregister_ok = false;  // one error per field
  }
  if (g.hold_distribution == hold_distribution::exponential && hold_ok && g.hold.count() == 0)
    c.report(s, "hold_distribution",
             "hold_distribution = \"exponential\" needs hold > 0 (the mean of the distribution)");

  // How a terminal leaves: it de-registers after `hold`, or its registration expires when it is
  // never refreshed. `rearrive` needs one of them.
  const bool leaves = g.hold.count() > 0 || reregister_interval(g).count() == 0;
  if (rearrive_ok && hold_ok && reregister_ok && !leaves) {
    c.report(s, "rearrive", "rearrive needs a way for the terminals to leave: set hold > 0 "
                            "(they de-register), or reregister = \"0s\" (the registration expires)");
    rearrive_ok = false;  // one error per field
  }

  // Without emulation.duration the run ends when every terminal is done: failed, left, or
  // registered with hold = 0 (topology/README.md "When a run ends").
  const auto& e = c.topo().emulation;
  if (e.run_time.count() != 0 || c.reported(c.emulation(), "duration"))
    return;
  if (rearrive_ok)
    c.report(s, "rearrive", "rearrive makes the run endless: set emulation.duration (or --duration)");
  if (!hold_ok || g.hold.count() != 0)
    return;
  const std::string no_effect =
      " has no effect: terminals with hold = 0 stay until the run ends, which, without "
      "emulation.duration, is when every terminal has registered; set hold or a duration";
  if (g.keepalive.count() > 0)
    c.report(s, "keepalive", "keepalive" + no_effect);
  if (g.reregister && reregister_ok && g.reregister->count() > 0)
    c.report(s, "reregister", "reregister" + no_effect);
}

void check_terminals(checker& c) {
  for_each_element(c, element_kind::terminals, c.topo().terminals, [&](const site& s,
                                                                      const terminal_group& g) {
    if (g.count == 0)
      c.report(s, "count", "count must be 1.." + std::to_string(max_terminals_per_group));
    else if (g.count > max_terminals_per_group)
      c.report(s, "count", "count " + std::to_string(g.count) + " exceeds the limit of "
                               + std::to_string(max_terminals_per_group) + " per group");
    if (g.first > max_first_index)
      c.report(s, "first", "first must be at most " + std::to_string(max_first_index));
    if (!std::isfinite(g.rate) || g.rate < 0)
      c.report(s, "rate", "rate must not be negative (0 = unpaced)");
    else if (g.rate > max_rate)
      c.report(s, "rate", "rate above 10000000 registrations per second");
    check_traffic(c, s, g);
    if (auto p = parse_identity_pattern(g.identity); !p)
      c.report(s, "identity", p.error);
    c.check_reference(s, "via", g.via, {element_kind::proxy, element_kind::softswitch},
                      "a proxy or softswitch");
    check_mechanisms(c, s, g.mechanisms);
  });
}

} // namespace

void check_settings_and_elements(checker& c) {
  const auto& t = c.topo();
  check_settings(c);
  check_presence(c);
  check_names(c);
  check_nodes(c);
  check_placement(c, element_kind::auc, t.aucs);
  check_placement(c, element_kind::softswitch, t.softswitches);
  check_placement(c, element_kind::proxy, t.proxies);
  check_placement(c, element_kind::terminals, t.terminals);
  check_aucs(c);
  check_softswitches(c);
  check_proxies(c);
  check_terminals(c);
}

} // namespace detail

std::vector<topology_error> validate(const topology& t, std::string_view source) {
  detail::error_sink errors{std::string(source)};
  detail::validate(t, nullptr, errors);
  return errors.take();
}

void resolve(topology& t) noexcept {
  for (auto& g : t.terminals)
    if (auto k = t.kind_of(g.via); k == element_kind::softswitch || k == element_kind::proxy)
      g.via_kind = *k;
}

} // namespace ngn::topology
