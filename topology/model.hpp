// The topology model: nodes, elements, terminal groups and their placement (DESIGN.md §3).
// Plain structs, filled by the parser (topology/parse.hpp) or in code (topology/defaults.hpp).
// The file format is documented in topology/README.md.
#pragma once

#include "protocols/common/mechanism.hpp"
#include "protocols/common/protocol.hpp"

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ngn::topology {

/// All durations of a topology (timers, intervals) have millisecond resolution.
using duration = std::chrono::milliseconds;

/// Where something was defined in a topology file; 1-based, 0 = unknown (built in code).
struct source_position {
  std::size_t line = 0;
  std::size_t column = 0;
};

/// What a name of the topology refers to. All names share one namespace.
enum class element_kind : std::uint8_t { node, auc, softswitch, proxy, terminals };

/// "node", "auc", "softswitch", "proxy", "terminals" (the TOML table names).
std::string_view to_string(element_kind k) noexcept;

/// A UDP listener of a proxy or soft switch: `listen = "udp:127.0.0.1:5060"`.
struct listen_endpoint {
  std::string transport = "udp";  ///< only "udp" for now
  std::string host;               ///< IPv4 address, host name, or IPv6 address without brackets
  std::uint16_t port = 0;         ///< 1..65535

  /// "udp:127.0.0.1:5060" ("udp:[::1]:5060" for IPv6).
  std::string to_string() const;
};

/// Settings that apply to the whole emulation (`[emulation]`).
struct emulation_settings {
  std::string name = "ngnemu";                       ///< label for logs and reports
  std::string domain = "ngn.example";                ///< realm / home domain
  duration run_time{0};                              ///< `duration`; 0 = until all terminals are done
  duration heartbeat{std::chrono::seconds(1)};       ///< node liveness heartbeat interval
  duration auc_timeout{std::chrono::seconds(2)};     ///< SS/SP wait for an AuC answer
  duration registration_timeout{std::chrono::seconds(10)};  ///< a terminal's whole registration
};

/// The built-in master secret: the 16 ASCII bytes "ngnemu demo key!". Emulation only.
std::vector<std::uint8_t> default_subscriber_secret();

/// The built-in OP: TS 35.208 test set 1 (cdc202d5123e20f62b6d676ac72cb318).
std::array<std::uint8_t, 16> default_subscriber_op() noexcept;

/// How subscribers and element keys get into the AuC databases (`[subscribers]`).
/// Each subscriber's K and each proxy's / soft switch's key are derived from `secret`; the
/// derivation itself belongs to the crypto/storage layers.
struct subscriber_settings {
  bool provision = true;               ///< create missing subscribers and element keys at start-up
  std::vector<std::uint8_t> secret = default_subscriber_secret();  ///< master secret, 16..64 bytes
  std::array<std::uint8_t, 16> op = default_subscriber_op();  ///< Milenage OP (OPc per subscriber)
  std::uint16_t amf = 0x8000;          ///< authentication management field
};

/// A node: one OS process hosting any mix of elements (DESIGN.md §3 "Distribution").
struct node {
  std::string name;
  std::string endpoint;   ///< ZeroMQ endpoint peers connect to: "tcp://host:port" or "ipc://path"
  std::string host;       ///< ssh target for scripts/launch ("10.0.0.2", "user@h"); "" = local
  source_position defined_at;
};

/// An authentication center; with several, subscribers are sharded by identity
/// (auc_for_identity in topology/identity.hpp).
struct auc {
  std::string name;
  std::string node;
  std::string database;             ///< SQLite file, relative to the node process's directory
  std::uint32_t shard_index = 0;    ///< `shard = "index/count"`
  std::uint32_t shard_count = 1;
  source_position defined_at;
};

/// A soft switch.
struct softswitch {
  std::string name;
  std::string node;
  std::vector<std::string> aucs;          ///< AuCs it asks (`auc`); every shard must be present
  mechanism_list mechanisms;              ///< what it supports as a security edge
  std::optional<listen_endpoint> listen;  ///< SIP UDP listener for external clients
  source_position defined_at;
};

/// A signaling proxy in front of one soft switch.
struct proxy {
  std::string name;
  std::string node;
  std::string softswitch;
  mechanism_list mechanisms;              ///< offered to terminals; the proxy chooses (§1)
  std::optional<listen_endpoint> listen;
  source_position defined_at;
};

/// A group of identical terminals (`[[terminals]]`).
struct terminal_group {
  std::string name;
  std::string node;
  std::uint64_t count = 0;                    ///< 1..max_terminals_per_group
  ngn::protocol protocol = ngn::protocol::sip;  ///< the wire protocol (DESIGN.md §1.1)
  std::string identity;                       ///< pattern with one {n} / {n:0W} placeholder
  std::uint64_t first = 1;                    ///< n of the group's first terminal
  std::string via;                            ///< a proxy or a soft switch
  element_kind via_kind = element_kind::proxy;  ///< set by validation (proxy or softswitch)
  double rate = 0;                            ///< registrations started per second; 0 = unpaced
  duration reregister{0};                     ///< re-registration interval; 0 = register once
  mechanism_list mechanisms;                  ///< offered by each terminal, with priorities
  source_position defined_at;
};

/// Limits of the model (checked by validation).
inline constexpr std::uint64_t max_terminals_per_group = 10'000'000;
inline constexpr std::uint64_t max_first_index = 1'000'000'000'000;
inline constexpr std::size_t max_elements_per_kind = 4096;
inline constexpr std::uint32_t max_shards = 256;

/// A whole topology. Names are unique across nodes and all element kinds.
struct topology {
  emulation_settings emulation;
  subscriber_settings subscribers;
  std::vector<node> nodes;
  std::vector<auc> aucs;
  std::vector<softswitch> softswitches;
  std::vector<proxy> proxies;
  std::vector<terminal_group> terminals;

  // -- lookups by name (linear; topologies have few elements) ----------------------------------
  const node* find_node(std::string_view name) const noexcept;
  const auc* find_auc(std::string_view name) const noexcept;
  const softswitch* find_softswitch(std::string_view name) const noexcept;
  const proxy* find_proxy(std::string_view name) const noexcept;
  const terminal_group* find_terminals(std::string_view name) const noexcept;

  /// What `name` refers to, or nullopt.
  std::optional<element_kind> kind_of(std::string_view name) const noexcept;

  /// Sum of all terminal group counts.
  std::uint64_t total_terminals() const noexcept;
};

} // namespace ngn::topology
