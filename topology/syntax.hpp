// The syntax of single topology values: names, durations, endpoints, listeners, shards, hex.
// Pure string functions, no TOML; the parser uses them and so can a command line.
// Grammar of each: topology/README.md "Value syntax".
#pragma once

#include "topology/model.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ngn::topology {

/// A value, or why the text is not one (a short phrase: "port out of range 1..65535").
template <class T>
struct value_or_error {
  std::optional<T> value;
  std::string error;

  static value_or_error ok(T v) { return {std::move(v), {}}; }
  static value_or_error fail(std::string why) { return {std::nullopt, std::move(why)}; }
  explicit operator bool() const noexcept { return value.has_value(); }
};

/// Element and node names: 1..64 of [A-Za-z0-9_.-], starting with a letter or digit.
/// Returns "" if valid, else why not.
std::string check_name(std::string_view s);

/// A domain (realm): a DNS name, 1..253 characters, labels of [A-Za-z0-9-]. "" if valid.
std::string check_domain(std::string_view s);

/// An ssh target for scripts/launch: [user@]host, no whitespace, not starting with '-'.
/// "" if valid.
std::string check_ssh_target(std::string_view s);

/// A database path: 1..4096 printable characters. "" if valid.
std::string check_database_path(std::string_view s);

/// True for a dotted-quad IPv4 address, an IPv6 address (no brackets) or a DNS host name.
bool valid_host(std::string_view s) noexcept;

/// "1h", "1m30s", "250ms", "0s", "0": groups of <digits><unit>, unit h|m|s|ms, each unit at most
/// once and in that order; at most 30 days.
value_or_error<duration> parse_duration(std::string_view s);

/// The shortest text parse_duration reads back to `d` ("1m30s", "250ms", "0s").
std::string format_duration(duration d);

/// A node's ZeroMQ endpoint: "tcp://host:port" (host as valid_host, IPv6 in brackets,
/// port 1..65535) or "ipc://path" (1..107 characters: the sun_path limit). Returns the
/// canonical form (host name lower-cased, port without leading zeros).
value_or_error<std::string> normalize_endpoint(std::string_view s);

/// A listener: "udp:host:port" (IPv6 host in brackets), port 1..65535, or 0 for any free port.
value_or_error<listen_endpoint> parse_listen(std::string_view s);

/// `shard = "index/count"`, 0 <= index < count <= max_shards.
value_or_error<std::pair<std::uint32_t, std::uint32_t>> parse_shard(std::string_view s);

/// A CURVE key in Z85 (ZeroMQ RFC 32): 40 characters of the Z85 alphabet, each group of five a
/// value below 2^32. "" if valid, else why not.
std::string check_z85_key(std::string_view s);

/// Hex digits (either case), even length, optional "0x" prefix, at most 256 characters.
value_or_error<std::vector<std::uint8_t>> parse_hex(std::string_view s);

} // namespace ngn::topology
