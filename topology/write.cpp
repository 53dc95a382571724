#include "topology/write.hpp"

#include "topology/mechanism.hpp"
#include "protocols/common/hex.hpp"
#include "topology/syntax.hpp"

#include <cmath>
#include <cstdio>

namespace ngn::topology {

namespace {

/// A TOML basic string (TOML 1.0 §String): quotes, backslashes and control characters escaped.
std::string quoted(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (u < 0x20 || u == 0x7f) {
      char buf[8];
      std::snprintf(buf, sizeof(buf), "\\u%04x", u);
      out += buf;
    } else {
      out += c;
    }
  }
  out += '"';
  return out;
}

class writer {
public:
  void header(std::string_view h) {
    if (!out_.empty())
      out_ += '\n';
    out_ += h;
    out_ += '\n';
  }
  void raw(std::string_view key, std::string_view value) {
    out_ += key;
    out_ += " = ";
    out_ += value;
    out_ += '\n';
  }
  void str(std::string_view key, std::string_view value) { raw(key, quoted(value)); }
  void num(std::string_view key, std::uint64_t value) { raw(key, std::to_string(value)); }
  /// The start of an element's table: every element has a name and the node it runs on.
  void element(std::string_view h, const std::string& name, const std::string& node) {
    header(h);
    str("name", name);
    str("node", node);
  }
  /// The edge fields of a soft switch or proxy: its mechanisms and, if it has one, its listen
  /// address.
  template <class Edge>
  void edge(const Edge& e) {
    str("mechanisms", to_string(e.mechanisms));
    if (e.listen)
      str("listen", e.listen->to_string());
  }
  std::string take() { return std::move(out_); }

private:
  std::string out_;
};

std::string number(double v) {
  if (std::floor(v) == v && std::fabs(v) < 1e15)
    return std::to_string(static_cast<long long>(v));
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%.17g", v);
  return buf;
}

} // namespace

std::string to_toml(const topology& t) {
  writer w;
  const auto& e = t.emulation;
  w.header("[emulation]");
  w.str("name", e.name);
  w.str("domain", e.domain);
  w.str("duration", format_duration(e.run_time));
  w.str("heartbeat", format_duration(e.heartbeat));
  w.str("auc_timeout", format_duration(e.auc_timeout));
  w.str("registration_timeout", format_duration(e.registration_timeout));
  w.str("security", to_string(e.security));
  w.str("link_coalesce", format_duration(e.link_coalesce));

  const auto& s = t.subscribers;
  w.header("[subscribers]");
  w.raw("provision", s.provision ? "true" : "false");
  w.str("secret", to_hex(s.secret.data(), s.secret.size()));
  w.str("op", to_hex(s.op.data(), s.op.size()));
  const std::uint8_t amf[] = {static_cast<std::uint8_t>(s.amf >> 8),
                              static_cast<std::uint8_t>(s.amf & 0xff)};
  w.str("amf", to_hex(amf, 2));

  for (const auto& n : t.nodes) {
    w.header("[[node]]");
    w.str("name", n.name);
    w.str("endpoint", n.endpoint);
    if (!n.host.empty())
      w.str("host", n.host);
    if (!n.public_key.empty())
      w.str("public_key", n.public_key);
    if (!n.secret_key_file.empty())
      w.str("secret_key_file", n.secret_key_file);
  }
  for (const auto& a : t.aucs) {
    w.element("[[auc]]", a.name, a.node);
    w.str("database", a.database);
    w.str("shard", std::to_string(a.shard_index) + "/" + std::to_string(a.shard_count));
  }
  for (const auto& ss : t.softswitches) {
    w.element("[[softswitch]]", ss.name, ss.node);
    std::string list = "[";
    for (const auto& a : ss.aucs)
      list += (list.size() > 1 ? ", " : "") + quoted(a);
    w.raw("auc", list + "]");
    w.edge(ss);
  }
  for (const auto& p : t.proxies) {
    w.element("[[proxy]]", p.name, p.node);
    w.str("softswitch", p.softswitch);
    w.edge(p);
  }
  for (const auto& g : t.terminals) {
    w.element("[[terminals]]", g.name, g.node);
    w.num("count", g.count);
    w.str("protocol", to_string(g.protocol));
    w.str("identity", g.identity);
    w.num("first", g.first);
    w.str("via", g.via);
    w.raw("rate", number(g.rate));
    w.str("arrival", to_string(g.arrival));
    w.str("lifetime", format_duration(g.lifetime));
    if (g.reregister)  // absent = half the lifetime
      w.str("reregister", format_duration(*g.reregister));
    w.str("keepalive", format_duration(g.keepalive));
    w.str("hold", format_duration(g.hold));
    w.str("hold_distribution", to_string(g.hold_distribution));
    if (g.rearrive)  // absent = never
      w.str("rearrive", format_duration(*g.rearrive));
    w.str("mechanisms", to_string(g.mechanisms));
  }
  return w.take();
}

} // namespace ngn::topology
