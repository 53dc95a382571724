#include "topology/model.hpp"

#include <algorithm>
#include <iterator>

namespace ngn::topology {

namespace {

template <class T>
const T* find_by_name(const std::vector<T>& xs, std::string_view name) noexcept {
  auto i = std::find_if(xs.begin(), xs.end(), [&](const T& x) { return x.name == name; });
  return i == xs.end() ? nullptr : &*i;
}

} // namespace

std::string_view to_string(element_kind k) noexcept {
  // In the order of element_kind.
  static constexpr std::string_view names[] = {"node", "auc", "softswitch", "proxy", "terminals"};
  const auto i = static_cast<std::size_t>(k);
  return i < std::size(names) ? names[i] : "?";
}

std::string_view to_string(arrival_process a) noexcept {
  return a == arrival_process::poisson ? "poisson" : "uniform";
}

std::optional<arrival_process> parse_arrival_process(std::string_view s) noexcept {
  if (s == "uniform")
    return arrival_process::uniform;
  if (s == "poisson")
    return arrival_process::poisson;
  return std::nullopt;
}

std::string_view to_string(link_security s) noexcept {
  return s == link_security::none ? "none" : "curve";
}

std::optional<link_security> parse_link_security(std::string_view s) noexcept {
  if (s == "curve")
    return link_security::curve;
  if (s == "none")
    return link_security::none;
  return std::nullopt;
}

std::string_view to_string(hold_distribution h) noexcept {
  return h == hold_distribution::exponential ? "exponential" : "fixed";
}

std::optional<hold_distribution> parse_hold_distribution(std::string_view s) noexcept {
  if (s == "fixed")
    return hold_distribution::fixed;
  if (s == "exponential")
    return hold_distribution::exponential;
  return std::nullopt;
}

duration reregister_interval(const terminal_group& g) noexcept {
  return g.reregister ? *g.reregister : g.lifetime / 2;
}

std::vector<std::uint8_t> default_subscriber_secret() {
  constexpr std::string_view text = "ngnemu demo key!";
  return {text.begin(), text.end()};
}

crypto::key128 default_subscriber_op() noexcept {
  // TS 35.208 §4.3, test set 1.
  return crypto::key128{block<16>{0xcd, 0xc2, 0x02, 0xd5, 0x12, 0x3e, 0x20, 0xf6,
                                  0x2b, 0x6d, 0x67, 0x6a, 0xc7, 0x2c, 0xb3, 0x18}};
}

std::string listen_endpoint::to_string() const {
  std::string out = transport;
  out += ':';
  bool v6 = host.find(':') != std::string::npos;
  if (v6)
    out += '[';
  out += host;
  if (v6)
    out += ']';
  out += ':';
  out += std::to_string(port);
  return out;
}

const node* topology::find_node(std::string_view name) const noexcept {
  return find_by_name(nodes, name);
}

const auc* topology::find_auc(std::string_view name) const noexcept {
  return find_by_name(aucs, name);
}

const softswitch* topology::find_softswitch(std::string_view name) const noexcept {
  return find_by_name(softswitches, name);
}

const proxy* topology::find_proxy(std::string_view name) const noexcept {
  return find_by_name(proxies, name);
}

const terminal_group* topology::find_terminals(std::string_view name) const noexcept {
  return find_by_name(terminals, name);
}

std::optional<element_kind> topology::kind_of(std::string_view name) const noexcept {
  if (find_node(name))
    return element_kind::node;
  if (find_auc(name))
    return element_kind::auc;
  if (find_softswitch(name))
    return element_kind::softswitch;
  if (find_proxy(name))
    return element_kind::proxy;
  if (find_terminals(name))
    return element_kind::terminals;
  return std::nullopt;
}

std::uint64_t topology::total_terminals() const noexcept {
  std::uint64_t n = 0;
  for (const auto& g : terminals)
    n += g.count;
  return n;
}

} // namespace ngn::topology
