#include "topology/detail/read.hpp"

#include "topology/detail/table_reader.hpp"
#include "topology/identity.hpp"
#include "topology/mechanism.hpp"

#include <algorithm>

namespace ngn::topology::detail {

namespace {

const std::vector<std::string_view> root_keys = {"emulation", "subscribers", "node",     "auc",
                                                 "softswitch", "proxy",      "terminals"};

/// " (it belongs in [emulation])" for a key of [emulation] or [subscribers] written at the top.
std::string belongs_in(std::string_view key) {
  for (auto k : {"name", "domain", "duration", "heartbeat", "auc_timeout", "registration_timeout",
                 "security", "link_coalesce"})
    if (key == k)
      return " (it belongs in [emulation])";
  for (auto k : {"provision", "secret", "op", "amf"})
    if (key == k)
      return " (it belongs in [subscribers])";
  return {};
}

/// Calls read_one(table, path, positions) for each entry of the array of tables `kind`.
template <class ReadOne>
void for_each_table(const toml::table& root, std::string_view kind,
                    std::vector<element_positions>& pos, error_sink& errors, ReadOne&& read_one) {
  const auto* n = root.get(kind);
  if (n == nullptr)
    return;
  auto read_table = [&](const toml::table& t, std::string path) {
    pos.emplace_back();
    table_reader r(t, std::move(path), pos.back(), errors);
    read_one(r);
    r.finish();
  };
  const auto* a = n->as_array();
  if (a == nullptr) {
    errors.add(position_of(n->source()), std::string(kind),
               "expected [[" + std::string(kind) + "]] (an array of tables), found "
                   + std::string(type_name(n->type())));
    if (const auto* t = n->as_table())  // read it anyway: spares errors about references to it
      read_table(*t, std::string(kind) + "[0]");
    return;
  }
  if (a->size() > max_elements_per_kind) {
    errors.add(position_of(n->source()), std::string(kind),
               "more than " + std::to_string(max_elements_per_kind) + " entries");
    return;
  }
  for (std::size_t i = 0; i < a->size(); ++i) {
    const auto& item = *a->get(i);
    auto path = std::string(kind) + "[" + std::to_string(i) + "]";
    const auto* t = item.as_table();
    if (t == nullptr) {
      errors.add(position_of(item.source()), path,
                 "expected a table, found " + std::string(type_name(item.type())));
      continue;
    }
    read_table(*t, std::move(path));
  }
}

/// for_each_table over the elements of one kind: each table is read by `read_one(reader, x)`
/// into a new element x of `xs`, which remembers where its table is.
template <class T, class ReadOne>
void read_elements(const toml::table& root, std::string_view kind, std::vector<T>& xs,
                   std::vector<element_positions>& pos, error_sink& errors, ReadOne&& read_one) {
  for_each_table(root, kind, pos, errors, [&](table_reader& r) {
    auto& x = xs.emplace_back();
    x.defined_at = pos.back().table;
    read_one(r, x);
  });
}

/// An optional table such as [emulation]; nullptr (and an error if present) if not a table.
const toml::table* optional_table(const toml::table& root, std::string_view key,
                                  error_sink& errors) {
  const auto* n = root.get(key);
  if (n == nullptr)
    return nullptr;
  if (const auto* t = n->as_table())
    return t;
  errors.add(position_of(n->source()), std::string(key),
             "expected a table [" + std::string(key) + "], found " + std::string(type_name(n->type())));
  return nullptr;
}

void read_emulation(const toml::table& t, emulation_settings& e, element_positions& pos,
                    error_sink& errors) {
  table_reader r(t, "emulation", pos, errors);
  r.get_string("name", e.name, false);
  std::string domain;
  if (r.get_string("domain", domain, false)) {
    auto why = check_domain(domain);
    if (why.empty())
      e.domain = std::move(domain);
    else
      r.fail("domain", why);
  }
  r.get_duration("duration", e.run_time, false);
  r.get_duration("heartbeat", e.heartbeat, false);
  r.get_duration("auc_timeout", e.auc_timeout, false);
  r.get_duration("registration_timeout", e.registration_timeout, false);
  r.get_duration("link_coalesce", e.link_coalesce, false);
  std::string security;
  if (r.get_string("security", security, false)) {
    if (auto v = parse_link_security(security))
      e.security = *v;
    else
      r.fail("security", "unknown security '" + security + "' (expected curve or none)");
  }
  r.finish();
}

void read_subscribers(const toml::table& t, subscriber_settings& s, element_positions& pos,
                      error_sink& errors) {
  table_reader r(t, "subscribers", pos, errors);
  r.get_bool("provision", s.provision, false);
  std::vector<std::uint8_t> bytes;
  if (r.get_parsed("secret", bytes, false, parse_hex)) {
    if (bytes.size() < 16 || bytes.size() > 64)
      r.fail("secret", "secret must be 16..64 bytes (32..128 hex digits)");
    else
      s.secret = bytes;
  }
  if (r.get_parsed("op", bytes, false, parse_hex)) {
    if (!crypto::key128::from(byte_view{bytes}, s.op))
      r.fail("op", "OP must be 16 bytes (32 hex digits)");
    crypto::secure_zero(bytes.data(), bytes.size()); // OP leaves no copy behind
  }
  if (r.get_parsed("amf", bytes, false, parse_hex)) {
    if (bytes.size() != 2)
      r.fail("amf", "AMF must be 2 bytes (4 hex digits)");
    else
      s.amf = static_cast<std::uint16_t>(bytes[0] << 8 | bytes[1]);
  }
  r.finish();
}

void read_mechanisms(table_reader& r, mechanism_list& out) {
  if (!r.get_parsed("mechanisms", out, false, parse_mechanisms))
    out = *parse_mechanisms(default_mechanisms).value;
}

void read_listen(table_reader& r, std::optional<listen_endpoint>& out) {
  listen_endpoint ep;
  if (r.get_parsed("listen", ep, false, parse_listen))
    out = std::move(ep);
}

/// The name of an element and the node it runs on (what every element but a node has).
template <class T>
void read_name_and_node(table_reader& r, T& x) {
  r.get_string("name", x.name, true);
  r.get_string("node", x.node, true);
}

/// `listen` belongs to proxies and soft switches only.
void reject_listen(table_reader& r) {
  r.reject("listen", "only proxies and soft switches have a listener ([[proxy]] or [[softswitch]])");
}

/// A string key whose value is one of `names`, converted by `parse`; an error lists the names.
template <class T, class Parse>
void read_choice(table_reader& r, std::string_view key, T& out,
                 const std::vector<std::string_view>& names, Parse&& parse) {
  std::string text;
  if (!r.get_string(key, text, false))
    return;
  if (auto v = parse(text)) {
    out = *v;
    return;
  }
  std::string expected;
  for (std::size_t i = 0; i < names.size(); ++i)
    expected += (i == 0 ? "" : i + 1 == names.size() ? " or " : ", ") + std::string(names[i]);
  r.fail(key, "unknown " + std::string(key) + " '" + text + "' (expected " + expected + ")"
                  + did_you_mean(text, names));
}

/// A duration key that may be absent (then `out` stays empty).
void read_optional_duration(table_reader& r, std::string_view key, std::optional<duration>& out) {
  duration d{0};
  if (r.get_duration(key, d, false))
    out = d;
}

/// The traffic model of a group (topology/README.md "Traffic model"); cross-field rules are
/// validation's (validate.cpp).
void read_traffic(table_reader& r, terminal_group& g) {
  r.get_number("rate", g.rate, false);
  read_choice(r, "arrival", g.arrival, {"uniform", "poisson"}, parse_arrival_process);
  r.get_duration("lifetime", g.lifetime, false);
  read_optional_duration(r, "reregister", g.reregister);
  r.get_duration("keepalive", g.keepalive, false);
  r.get_duration("hold", g.hold, false);
  read_choice(r, "hold_distribution", g.hold_distribution, {"fixed", "exponential"},
              parse_hold_distribution);
  read_optional_duration(r, "rearrive", g.rearrive);
}

void read_terminals(table_reader& r, terminal_group& g, std::string_view domain) {
  read_name_and_node(r, g);
  std::int64_t n = 0;
  if (r.get_integer("count", n, true)) {
    if (n < 0)
      r.fail("count", "count must be 1.." + std::to_string(max_terminals_per_group));
    else
      g.count = static_cast<std::uint64_t>(n);
  }
  std::string text;
  if (r.get_string("protocol", text, false)) {
    if (auto p = parse_protocol(text)) {
      g.protocol = *p;
    } else {
      std::vector<std::string_view> names;
      for (auto each : all_protocols) names.push_back(to_string(each));
      r.fail("protocol", "unknown protocol '" + text + "' (expected " + protocol_names(", ")
                             + ")" + did_you_mean(text, names));
    }
  }
  if (!r.get_string("identity", text, false))
    text = std::string(default_identity);
  g.identity = expand_names(text, g.name, domain);
  if (r.get_integer("first", n, false)) {
    if (n < 0)
      r.fail("first", "first must not be negative");
    else
      g.first = static_cast<std::uint64_t>(n);
  }
  r.get_string("via", g.via, true);
  read_traffic(r, g);
  read_mechanisms(r, g.mechanisms);
  reject_listen(r);
}

} // namespace

topology read_topology(const toml::table& root, positions& pos, error_sink& errors) {
  topology t;
  if (const auto* e = optional_table(root, "emulation", errors))
    read_emulation(*e, t.emulation, pos.emulation, errors);
  if (const auto* s = optional_table(root, "subscribers", errors))
    read_subscribers(*s, t.subscribers, pos.subscribers, errors);

  read_elements(root, "node", t.nodes, pos.nodes, errors, [&](table_reader& r, node& n) {
    r.get_string("name", n.name, true);
    r.get_parsed("endpoint", n.endpoint, true, normalize_endpoint);
    r.get_string("host", n.host, false);
    r.get_string("public_key", n.public_key, false);
    r.get_string("secret_key_file", n.secret_key_file, false);
    reject_listen(r);
  });
  read_elements(root, "auc", t.aucs, pos.aucs, errors, [&](table_reader& r, auc& a) {
    read_name_and_node(r, a);
    r.get_string("database", a.database, true);
    std::pair<std::uint32_t, std::uint32_t> shard{0, 1};
    if (r.get_parsed("shard", shard, false, parse_shard)) {
      a.shard_index = shard.first;
      a.shard_count = shard.second;
    }
    reject_listen(r);
  });
  read_elements(root, "softswitch", t.softswitches, pos.softswitches, errors,
                [&](table_reader& r, softswitch& s) {
                  read_name_and_node(r, s);
                  if (!r.get_string_list("auc", s.aucs, false)
                      && !pos.softswitches.back().reported("auc"))
                    for (const auto& a : t.aucs)
                      s.aucs.push_back(a.name);  // default: every AuC
                  read_mechanisms(r, s.mechanisms);
                  read_listen(r, s.listen);
                });
  read_elements(root, "proxy", t.proxies, pos.proxies, errors, [&](table_reader& r, proxy& p) {
    read_name_and_node(r, p);
    r.get_string("softswitch", p.softswitch, true);
    read_mechanisms(r, p.mechanisms);
    read_listen(r, p.listen);
  });
  read_elements(root, "terminals", t.terminals, pos.terminals, errors,
                [&](table_reader& r, terminal_group& g) {
                  read_terminals(r, g, t.emulation.domain);
                });

  for (auto&& [k, v] : root) {
    auto key = k.str();
    if (std::find(root_keys.begin(), root_keys.end(), key) != root_keys.end())
      continue;
    auto what = (v.is_table() || v.is_array_of_tables()) ? "unknown table '" : "unknown key '";
    auto hint = did_you_mean(key, root_keys);
    if (hint.empty())
      hint = belongs_in(key);
    errors.add(position_of(k.source()), std::string(key), what + std::string(key) + "'" + hint);
  }
  return t;
}

} // namespace ngn::topology::detail
