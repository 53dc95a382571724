#include "topology/syntax.hpp"

#include "protocols/common/hex.hpp"

#include <arpa/inet.h>

#include <cstring>

namespace ngn::topology {

namespace {

bool is_digit(char c) noexcept {
  return c >= '0' && c <= '9';
}

bool is_alnum(char c) noexcept {
  return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

bool is_control(char c) noexcept {
  auto u = static_cast<unsigned char>(c);
  return u < 0x20 || u == 0x7f;
}

char lower(char c) noexcept {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

/// Up to `max_digits` decimal digits (no sign); nullopt if empty, too long or not digits.
std::optional<std::uint64_t> parse_decimal(std::string_view s, std::size_t max_digits) {
  if (s.empty() || s.size() > max_digits)
    return std::nullopt;
  std::uint64_t v = 0;
  for (char c : s) {
    if (!is_digit(c))
      return std::nullopt;
    v = v * 10 + static_cast<std::uint64_t>(c - '0');
  }
  return v;
}

value_or_error<std::uint16_t> parse_port(std::string_view s) {
  auto v = parse_decimal(s, 5);
  if (!v)
    return value_or_error<std::uint16_t>::fail("port '" + std::string(s) + "' is not a number");
  if (*v == 0 || *v > 65535)
    return value_or_error<std::uint16_t>::fail("port " + std::string(s) + " out of range 1..65535");
  return value_or_error<std::uint16_t>::ok(static_cast<std::uint16_t>(*v));
}

/// An address of family `Family` (AF_INET, AF_INET6) in its text form, `Octets` long.
template <int Family, std::size_t TextSize, std::size_t Octets>
bool valid_address(std::string_view s) noexcept {
  char buf[TextSize + 1];
  if (s.size() >= sizeof(buf))
    return false;
  std::memcpy(buf, s.data(), s.size());
  buf[s.size()] = '\0';
  unsigned char out[Octets];
  return inet_pton(Family, buf, out) == 1;
}

bool valid_ipv4(std::string_view s) noexcept {
  return valid_address<AF_INET, INET_ADDRSTRLEN, 4>(s);
}

bool valid_ipv6(std::string_view s) noexcept {
  return valid_address<AF_INET6, INET6_ADDRSTRLEN, 16>(s);
}

/// RFC 1123 host name: labels of 1..63 [A-Za-z0-9-], not starting or ending with '-'.
bool valid_dns_name(std::string_view s) noexcept {
  if (s.empty() || s.size() > 253)
    return false;
  std::size_t label = 0;
  char prev = '.';
  for (char c : s) {
    if (c == '.') {
      if (label == 0 || prev == '-')
        return false;
      label = 0;
    } else if (is_alnum(c) || c == '-') {
      if (label == 0 && c == '-')
        return false;
      if (++label > 63)
        return false;
    } else {
      return false;
    }
    prev = c;
  }
  return label > 0 && prev != '-';
}

/// Splits "host:port" or "[v6]:port"; host without brackets. Empty error on success.
std::string split_host_port(std::string_view s, std::string& host, std::string_view& port) {
  if (!s.empty() && s.front() == '[') {
    auto close = s.find(']');
    if (close == std::string_view::npos)
      return "missing ']' after IPv6 address";
    host = std::string(s.substr(1, close - 1));
    if (!valid_ipv6(host))
      return "'" + host + "' is not an IPv6 address";
    if (close + 1 >= s.size() || s[close + 1] != ':')
      return "missing ':port' after the address";
    port = s.substr(close + 2);
    return {};
  }
  auto colon = s.rfind(':');
  if (colon == std::string_view::npos)
    return "missing ':port'";
  host = std::string(s.substr(0, colon));
  port = s.substr(colon + 1);
  if (host.empty())
    return "missing host";
  if (host == "*")
    return "'*' is not an address other nodes can connect to; use the node's address";
  if (host.find(':') != std::string::npos)
    return "an IPv6 address must be written in brackets: [" + host + "]";
  if (!valid_host(host))
    return "'" + host + "' is not an IP address or host name";
  for (auto& c : host)
    c = lower(c);
  return {};
}

} // namespace

std::string check_name(std::string_view s) {
  if (s.empty())
    return "empty name";
  if (s.size() > 64)
    return "name longer than 64 characters";
  if (!is_alnum(s.front()))
    return "name '" + std::string(s) + "' must start with a letter or digit";
  for (char c : s)
    if (!is_alnum(c) && c != '_' && c != '.' && c != '-')
      return "name '" + std::string(s) + "' may only contain letters, digits, '_', '.', '-'";
  return {};
}

std::string check_domain(std::string_view s) {
  if (!valid_dns_name(s))
    return "'" + std::string(s) + "' is not a domain name";
  return {};
}

std::string check_ssh_target(std::string_view s) {
  if (s.empty() || s.size() > 255)
    return "host must have 1..255 characters";
  if (s.front() == '-')
    return "host must not start with '-'";
  auto at = s.find('@');
  auto host = at == std::string_view::npos ? s : s.substr(at + 1);
  if (at != std::string_view::npos) {
    auto user = s.substr(0, at);
    if (user.empty())
      return "empty user before '@'";
    for (char c : user)
      if (!is_alnum(c) && c != '_' && c != '.' && c != '-')
        return "user '" + std::string(user) + "' may only contain letters, digits, '_', '.', '-'";
  }
  if (!valid_host(host))
    return "'" + std::string(host) + "' is not an IP address or host name";
  return {};
}

std::string check_database_path(std::string_view s) {
  if (s.empty())
    return "empty database path";
  if (s.size() > 4096)
    return "database path longer than 4096 characters";
  for (char c : s)
    if (is_control(c))
      return "control character in database path";
  return {};
}

bool valid_host(std::string_view s) noexcept {
  if (s.find(':') != std::string_view::npos)
    return valid_ipv6(s);
  bool numeric = !s.empty();
  for (char c : s)
    numeric = numeric && (is_digit(c) || c == '.');
  return numeric ? valid_ipv4(s) : valid_dns_name(s);
}

value_or_error<duration> parse_duration(std::string_view s) {
  using r = value_or_error<duration>;
  constexpr std::int64_t max_ms = 30LL * 24 * 3600 * 1000;
  if (s == "0")
    return r::ok(duration{0});
  if (s.empty())
    return r::fail("empty duration");
  // Units in the only allowed order; each at most once.
  constexpr std::string_view units[] = {"h", "m", "s", "ms"};
  constexpr std::int64_t factors[] = {3600000, 60000, 1000, 1};
  std::size_t next_unit = 0;
  std::int64_t total = 0;
  std::size_t i = 0;
  while (i < s.size()) {
    std::size_t start = i;
    while (i < s.size() && is_digit(s[i]))
      ++i;
    auto number = parse_decimal(s.substr(start, i - start), 12);
    if (!number)
      return r::fail("'" + std::string(s) + "' is not a duration such as \"1m30s\" or \"250ms\"");
    std::string_view unit;
    if (s.substr(i, 2) == "ms")
      unit = "ms";
    else if (i < s.size() && (s[i] == 'h' || s[i] == 'm' || s[i] == 's'))
      unit = s.substr(i, 1);
    else
      return r::fail("'" + std::string(s) + "' needs a unit after each number: h, m, s or ms");
    i += unit.size();
    std::size_t u = next_unit;
    while (u < 4 && units[u] != unit)
      ++u;
    if (u == 4)
      return r::fail("'" + std::string(s) + "': units must appear once each, in the order h m s ms");
    next_unit = u + 1;
    total += static_cast<std::int64_t>(*number) * factors[u];
    if (total > max_ms)
      return r::fail("'" + std::string(s) + "' is longer than 30 days");
  }
  return r::ok(duration{total});
}

std::string format_duration(duration d) {
  auto ms = d.count();
  if (ms <= 0)
    return "0s";
  std::string out;
  constexpr std::pair<std::int64_t, const char*> parts[] = {
      {3600000, "h"}, {60000, "m"}, {1000, "s"}, {1, "ms"}};
  for (auto [factor, unit] : parts) {
    if (ms >= factor) {
      out += std::to_string(ms / factor);
      out += unit;
      ms %= factor;
    }
  }
  return out;
}

value_or_error<std::string> normalize_endpoint(std::string_view s) {
  using r = value_or_error<std::string>;
  constexpr std::string_view tcp = "tcp://", ipc = "ipc://";
  if (s.substr(0, tcp.size()) == tcp) {
    std::string host;
    std::string_view port_text;
    auto why = split_host_port(s.substr(tcp.size()), host, port_text);
    if (!why.empty())
      return r::fail(why);
    auto port = parse_port(port_text);
    if (!port)
      return r::fail(port.error);
    bool v6 = host.find(':') != std::string::npos;
    return r::ok(std::string(tcp) + (v6 ? "[" + host + "]" : host) + ":"
                 + std::to_string(*port.value));
  }
  if (s.substr(0, ipc.size()) == ipc) {
    auto path = s.substr(ipc.size());
    if (path.empty())
      return r::fail("empty ipc path");
    if (path.size() > 107)
      return r::fail("ipc path longer than 107 characters (the Unix socket limit)");
    for (char c : path)
      if (is_control(c) || c == ' ')
        return r::fail("ipc path contains a space or control character");
    return r::ok(std::string(s));
  }
  auto scheme = s.find("://");
  if (scheme != std::string_view::npos)
    return r::fail("unsupported transport '" + std::string(s.substr(0, scheme))
                   + "' (expected tcp://host:port or ipc://path)");
  return r::fail("'" + std::string(s) + "' is not tcp://host:port or ipc://path");
}

value_or_error<listen_endpoint> parse_listen(std::string_view s) {
  using r = value_or_error<listen_endpoint>;
  auto colon = s.find(':');
  if (colon == std::string_view::npos)
    return r::fail("'" + std::string(s) + "' is not udp:host:port");
  auto transport = s.substr(0, colon);
  if (transport != "udp")
    return r::fail("unsupported listener transport '" + std::string(transport)
                   + "' (only udp:host:port)");
  listen_endpoint ep;
  std::string_view port_text;
  auto rest = s.substr(colon + 1);
  if (rest.substr(0, 2) == "//")
    return r::fail("write udp:host:port without '//'");
  auto why = split_host_port(rest, ep.host, port_text);
  if (!why.empty())
    return r::fail(why);
  // Port 0: any free port, chosen when the listener opens (it says which).
  auto port = port_text == "0" ? value_or_error<std::uint16_t>::ok(0) : parse_port(port_text);
  if (!port)
    return r::fail(port.error);
  ep.port = *port.value;
  return r::ok(std::move(ep));
}

value_or_error<std::pair<std::uint32_t, std::uint32_t>> parse_shard(std::string_view s) {
  using r = value_or_error<std::pair<std::uint32_t, std::uint32_t>>;
  auto slash = s.find('/');
  if (slash == std::string_view::npos)
    return r::fail("'" + std::string(s) + "' is not index/count, e.g. \"0/2\"");
  auto index = parse_decimal(s.substr(0, slash), 3);
  auto count = parse_decimal(s.substr(slash + 1), 3);
  if (!index || !count)
    return r::fail("'" + std::string(s) + "' is not index/count, e.g. \"0/2\"");
  if (*count == 0 || *count > max_shards)
    return r::fail("shard count must be 1.." + std::to_string(max_shards));
  if (*index >= *count)
    return r::fail("shard index " + std::to_string(*index) + " must be below the count "
                   + std::to_string(*count));
  return r::ok({static_cast<std::uint32_t>(*index), static_cast<std::uint32_t>(*count)});
}

std::string check_z85_key(std::string_view s) {
  // ZeroMQ RFC 32 (Z85): 85 printable characters, each group of 5 encodes 4 bytes big-endian.
  static constexpr std::string_view alphabet =
      "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-:+=^!/*?&<>()[]{}@%$#";
  if (s.size() != z85_key_length)
    return "a CURVE key in Z85 has " + std::to_string(z85_key_length) + " characters, not "
           + std::to_string(s.size());
  for (std::size_t g = 0; g < s.size(); g += 5) {
    std::uint64_t v = 0;
    for (std::size_t i = g; i < g + 5; ++i) {
      auto d = alphabet.find(s[i]);
      if (d == std::string_view::npos)
        return "character " + std::to_string(i + 1) + " is not in the Z85 alphabet";
      v = v * 85 + d;
    }
    if (v > 0xFFFFFFFFULL)
      return "characters " + std::to_string(g + 1) + ".." + std::to_string(g + 5)
             + " are not valid Z85 (value over 32 bits)";
  }
  return {};
}

value_or_error<std::vector<std::uint8_t>> parse_hex(std::string_view s) {
  using r = value_or_error<std::vector<std::uint8_t>>;
  if (s.substr(0, 2) == "0x" || s.substr(0, 2) == "0X")
    s.remove_prefix(2);
  if (s.size() > 256)
    return r::fail("hex value longer than 256 digits");
  if (s.size() % 2 != 0)
    return r::fail("odd number of hex digits");
  auto v = from_hex(s);
  if (!v)
    return r::fail("'" + std::string(s) + "' is not hex");
  return r::ok(std::move(*v));
}

} // namespace ngn::topology
