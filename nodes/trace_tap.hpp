// The router's tap for `ngnemu run --pcap FILE`: every envelope handed to the router becomes one
// UDP packet of the trace (DESIGN.md §3: "what is emulated is what would be on the wire"):
//  - kinds sip/mgcp/h248/h323: between the two elements' emulated addresses for that protocol
//    (plan::address_of: SIP 5060, MGCP 2427 gateway / 2727 call agent, H.248 2944, RAS 1719);
//  - kind auc (the SS ↔ AuC leg, ngnemu's own binary encoding, actors/auc_protocol): between the
//    elements' addresses on `auc_port` both ways, or left out. The UDP payload is auc_trace_tag
//    followed by the message: the bare encoding starts with a type byte 1–4 and a big-endian
//    session id, which tshark 4.0's heuristic dissectors claim (an auth_report with a session id
//    below 2^24 is "WireGuard Transport Data"; others DCE/RPC, R-GOOSE/CLTP, DNS). With the tag
//    no heuristic accepts it: tshark shows plain UDP data with no expert info.
// On the hot path: one address lookup per end, one clock read, one payload copy (pcap_writer).
// No CAF here (actors/envelope.hpp is CAF-free).
#pragma once

#include "elements/common.hpp"
#include "nodes/pcap_writer.hpp"

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string_view>

namespace ngn::nodes {

/// An element's emulated transport address (host byte order).
struct endpoint {
  std::uint32_t ipv4 = 0;
  std::uint16_t port = 0;
};

/// The element's address for a protocol; nullopt if the element is unknown (the runtime passes
/// plan::address_of). For the AuC leg the tap asks for the SIP address and uses its IPv4 only.
using address_fn = std::function<std::optional<endpoint>(elements::element_id, ngn::protocol)>;
/// Unix time in microseconds; non-decreasing per thread.
using clock_fn = std::function<std::int64_t()>;

/// The UDP port of the SS ↔ AuC leg in the trace (no dissector registers it in tshark 4.0).
inline constexpr std::uint16_t default_auc_port = 7471;
/// Precedes every AuC message in the trace: "ngnauc", a zero byte, the layout version 2
/// (protocols/auc/codec.hpp: 16-byte session ids since 2).
inline constexpr std::string_view auc_trace_tag{"ngnauc\0\2", 8};

struct tap_options {
  bool include_auc = true;              ///< trace the SS ↔ AuC leg
  std::uint16_t auc_port = default_auc_port;
  clock_fn clock;                       ///< empty: monotonic_unix_clock()
  /// Which envelopes this trace holds; empty: every one. `ngnemu node` traces each cross-node
  /// message once, on its sender's node (README "Several processes and hosts"): an envelope
  /// the bridge delivers from another node is not traced again where it arrives.
  std::function<bool(const elements::envelope&)> traced;
};

/// Unix microseconds that never go backwards, on any thread: the wall clock read once, advanced
/// by the steady clock (an NTP step during the run does not reorder the trace).
clock_fn monotonic_unix_clock();

class trace_tap {
public:
  trace_tap(address_fn addresses, std::shared_ptr<pcap_writer> writer, tap_options opt = {});

  /// The router's tap (actors::router::tap is std::function<void(const envelope&)>).
  void operator()(const elements::envelope& e) const;

  /// Envelopes not traced: unknown kind or element without an address (AuC leg left out by
  /// option is not counted). Packets the writer drops are in its stats().
  std::uint64_t untraced() const noexcept;
  /// Envelopes tap_options::traced left to another trace (the sender's node's).
  std::uint64_t left_to_others() const noexcept;

private:
  struct state {
    address_fn addresses;
    std::shared_ptr<pcap_writer> writer;
    tap_options opt;
    std::atomic<std::uint64_t> untraced{0};
    std::atomic<std::uint64_t> others{0};
  };
  std::shared_ptr<state> s_; // shared by the copies std::function makes
};

} // namespace ngn::nodes
