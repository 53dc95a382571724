// The topology model: nodes, elements, terminal groups and their placement (DESIGN.md §3).
// Plain structs, filled by the parser (topology/parse.hpp) or in code (topology/defaults.hpp).
// The file format is documented in topology/README.md.
#pragma once

#include "crypto/secret.hpp"
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

/// How the ZeroMQ links between nodes are secured (`security`; topology/README.md "Secured node
/// links"): CURVE (encrypted, every peer authenticated by its public key) unless explicitly none.
enum class link_security : std::uint8_t { curve, none };

/// "curve", "none".
std::string_view to_string(link_security s) noexcept;
/// The inverse of to_string (exact, lower case); nullopt for anything else.
std::optional<link_security> parse_link_security(std::string_view s) noexcept;

/// Length of a CURVE key in Z85 (32 bytes).
inline constexpr std::size_t z85_key_length = 40;

/// Settings that apply to the whole emulation (`[emulation]`).
struct emulation_settings {
  std::string name = "ngnemu";                       ///< label for logs and reports
  std::string domain = "ngn.example";                ///< realm / home domain
  duration run_time{0};                              ///< `duration`; 0 = until all terminals are done
  duration heartbeat{std::chrono::seconds(1)};       ///< node liveness heartbeat interval
  /// Node links: on a busy link, a peer's next frame leaves no sooner than this after its
  /// previous one (records of the interval share one frame); 0 = at once. 0..100 ms.
  duration link_coalesce{std::chrono::milliseconds(2)};
  duration auc_timeout{std::chrono::seconds(2)};     ///< SS/SP wait for an AuC answer
  duration registration_timeout{std::chrono::seconds(10)};  ///< a terminal's whole registration
  link_security security = link_security::curve;     ///< node links: CURVE unless "none"
};

/// The built-in master secret: the 16 ASCII bytes "ngnemu demo key!". Emulation only.
std::vector<std::uint8_t> default_subscriber_secret();

/// The built-in OP: TS 35.208 test set 1 (cdc202d5123e20f62b6d676ac72cb318).
crypto::key128 default_subscriber_op() noexcept;

/// How subscribers and element keys get into the AuC databases (`[subscribers]`).
/// Each subscriber's K and each proxy's / soft switch's key are derived from `secret`; the
/// derivation itself belongs to the crypto/storage layers.
struct subscriber_settings {
  bool provision = true;               ///< create missing subscribers and element keys at start-up
  std::vector<std::uint8_t> secret = default_subscriber_secret();  ///< master secret, 16..64 bytes
  crypto::key128 op = default_subscriber_op();  ///< Milenage OP (OPc per subscriber); wiped (issue 12 item 6)
  std::uint16_t amf = 0x8000;          ///< authentication management field
};

/// A node: one OS process hosting any mix of elements (DESIGN.md §3 "Distribution").
struct node {
  std::string name;
  std::string endpoint;   ///< ZeroMQ endpoint peers connect to: "tcp://host:port" or "ipc://path"
  std::string host;       ///< ssh target for scripts/launch ("10.0.0.2", "user@h"); "" = local
  /// CURVE public key in Z85 (40 characters); "" = derived from the subscriber secret. Either
  /// every node lists one or none does (validation).
  std::string public_key;
  /// The node's CURVE secret key file (`ngnemu keys generate`); "" = give it with
  /// `ngnemu node --key-file`. Only with public_key.
  std::string secret_key_file;
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

/// How a terminal group's arrivals are spaced at its `rate` (`arrival`).
enum class arrival_process : std::uint8_t {
  uniform,  ///< evenly: one arrival every 1/rate seconds
  poisson,  ///< a Poisson process: exponential inter-arrival times of mean 1/rate
};

/// "uniform", "poisson".
std::string_view to_string(arrival_process a) noexcept;
/// The inverse of to_string (exact, lower case); nullopt for anything else.
std::optional<arrival_process> parse_arrival_process(std::string_view s) noexcept;

/// How long each terminal stays registered, given a group's `hold` (`hold_distribution`).
enum class hold_distribution : std::uint8_t {
  fixed,        ///< exactly `hold`
  exponential,  ///< drawn per stay from an exponential distribution of mean `hold`
};

/// "fixed", "exponential".
std::string_view to_string(hold_distribution h) noexcept;
/// The inverse of to_string (exact, lower case); nullopt for anything else.
std::optional<hold_distribution> parse_hold_distribution(std::string_view s) noexcept;

/// The limits of a requested registration lifetime: whole seconds, 1 .. 2^32-1 (the wire
/// encodings carry 32-bit seconds).
inline constexpr duration min_lifetime = std::chrono::seconds(1);
inline constexpr duration max_lifetime = std::chrono::seconds(4'294'967'295LL);

/// A group of identical terminals (`[[terminals]]`). The traffic model (DESIGN.md §1.2,
/// topology/README.md "Traffic model"): terminals arrive at `rate` by `arrival`, register asking
/// for `lifetime`, refresh every reregister_interval(), keep alive every `keepalive`, leave
/// (de-register) after `hold` and, with `rearrive`, come back that long after leaving.
struct terminal_group {
  std::string name;
  std::string node;
  std::uint64_t count = 0;                    ///< 1..max_terminals_per_group
  ngn::protocol protocol = ngn::protocol::sip;  ///< the wire protocol (DESIGN.md §1.1)
  std::string identity;                       ///< pattern with one {n} / {n:0W} placeholder
  std::uint64_t first = 1;                    ///< n of the group's first terminal
  std::string via;                            ///< a proxy or a soft switch
  element_kind via_kind = element_kind::proxy;  ///< set by validation (proxy or softswitch)
  double rate = 0;                            ///< arrivals per second; 0 = all at once
  arrival_process arrival = arrival_process::uniform;  ///< how arrivals are spaced at `rate`
  /// The registration lifetime each terminal requests: whole seconds, min_lifetime..max_lifetime.
  duration lifetime{std::chrono::seconds(3600)};
  /// Refresh (re-register with a fresh AKA) this long after each registration; 0 = never refresh
  /// (the registration then expires at the end of its lifetime). Absent = half the lifetime:
  /// read it with reregister_interval().
  std::optional<duration> reregister;
  duration keepalive{0};                      ///< keepalive interval while registered; 0 = none
  /// Time registered before de-registering (the mean, if exponential); 0 = until the run ends.
  duration hold{0};
  /// Whether `hold` is exact or the mean of an exponential distribution. (The member has the
  /// name of its type, as the TOML key; outside this struct `hold_distribution` is the type.)
  ngn::topology::hold_distribution hold_distribution = ngn::topology::hold_distribution::fixed;
  /// After leaving (de-registered after `hold`, or expired), register again this long later;
  /// absent = never come back.
  std::optional<duration> rearrive;
  mechanism_list mechanisms;                  ///< offered by each terminal, with priorities
  source_position defined_at;
};

/// The refresh interval in effect: `reregister` if set, else half of `lifetime`. 0 = never refresh.
duration reregister_interval(const terminal_group& g) noexcept;

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
