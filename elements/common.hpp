// Vocabulary of the element state machines (DESIGN.md §3: pure, events in, actions out, clock and
// randomness injected): element addresses, the envelope every element-to-element message travels
// in (in-process and across nodes), the outbox a state machine fills, injected randomness.
// No CAF here: the state machines build and are tested without an actor system.
#pragma once

#include "protocols/common/clock.hpp"
#include "protocols/common/protocol.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace ngn::elements {

/// Every element (terminal, proxy, soft switch, AuC) has a numeric address, unique in an
/// emulation; nodes route envelopes by it (the plan of an emulation maps names to ids).
using element_id = std::uint64_t;
constexpr element_id no_element = 0;

/// Terminal ids: (group + 1) << 32 | index; infrastructure elements are below 2^32.
constexpr element_id terminal_id(std::uint32_t group, std::uint32_t index) noexcept {
  return (element_id{group} + 1) << 32 | index;
}
constexpr bool is_terminal(element_id id) noexcept { return id >> 32 != 0; }

/// What an envelope's payload is: a protocol message (its wire bytes; the kind is the protocol's
/// number, protocols/common/protocol.hpp), the SS ↔ AuC protocol (protocols/auc), an ESP packet
/// between a terminal and its security edge (DESIGN.md §1.2: the protocol message inside it, in
/// a UDP datagram between the protocol's ports), or control between node processes (never
/// delivered to an element).
enum class envelope_kind : std::uint8_t { auc = 16, esp = 32, control = 64 };
static_assert(protocol_count <= 16, "protocol numbers are the envelope kinds below auc");

constexpr envelope_kind kind_of(protocol p) noexcept { return static_cast<envelope_kind>(p); }
constexpr bool carries_protocol(envelope_kind k) noexcept {
  return static_cast<std::uint8_t>(k) < protocol_count;
}
/// The protocol of an envelope that carries_protocol().
constexpr protocol protocol_of(envelope_kind k) noexcept { return static_cast<protocol>(k); }

/// DESIGN.md §3: destination element, source element, kind, payload; `origin` is the terminal on
/// whose behalf a proxy relays a message (so that the soft switch knows where the terminal runs).
struct envelope {
  element_id to = no_element;
  element_id from = no_element;
  envelope_kind kind = envelope_kind::auc;
  std::string payload;
  element_id origin = no_element;
  /// When it entered its destination's mailbox (Unix µs on the receiving process's clock, set by
  /// the router; 0: not known): the element's overload control measures the wait from it
  /// (elements/overload_gate.hpp). Local to a process: not part of the wire form.
  micros queued = 0;
};

/// How long `e` waited in its destination's mailbox before being handled at `now` (0: unknown).
inline micros waited(const envelope& e, micros now) noexcept {
  return e.queued > 0 && now > e.queued ? now - e.queued : 0;
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, envelope& x) {
  return f(x.to, x.from, x.kind, x.payload, x.origin);
}

/// Which registration of a terminal an outcome is about.
enum class registration_kind : std::uint8_t {
  initial,         ///< the terminal's first registration
  reregistration,  ///< a refresh of a live registration (fresh AKA, DESIGN.md §1.2)
  rearrival,       ///< registering again after it left (traffic model `rearrive`)
  /// Not a registration: the terminal told to leave (terminal_fsm::leave) has left, its
  /// de-registration answered or not. One per leave(), so that its group can bound the
  /// de-registrations under way at the end of a run.
  departure,
};

/// A terminal's registration ended (its group counts it).
struct terminal_outcome {
  registration_kind kind = registration_kind::initial;
  bool established = false;
  std::string reason;      ///< failure reason, in full (the catalogue's text and particulars)
  std::uint16_t reason_code = 0;  ///< elements::reason_code of the failure (0: not catalogued)
  std::string mechanism;   ///< chosen mechanism when established
  micros latency = 0;      ///< first request → success
  std::uint8_t attempts = 0;
  std::uint8_t resyncs = 0;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, terminal_outcome& x) {
  return f(x.kind, x.established, x.reason, x.reason_code, x.mechanism, x.latency, x.attempts,
           x.resyncs);
}

/// An SA a terminal installed, as Wireshark's `esp_sa` key log needs it (DESIGN.md §1.2): only
/// produced when the key log is on (it carries keying material).
struct sa_record {
  std::uint32_t src_ipv4 = 0, dst_ipv4 = 0; ///< host byte order
  std::uint32_t spi = 0;
  std::string mechanism;                    ///< "aes-gcm" or "hmac-sha256"
  std::vector<std::uint8_t> material;       ///< key ‖ salt, or the HMAC key
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, sa_record& x) {
  return f(x.src_ipv4, x.dst_ipv4, x.spi, x.mechanism, x.material);
}

/// What a state machine does in answer to an event: envelopes to send (the shell sets `from`),
/// outcomes for whoever watches the element, and SAs for the key log.
struct outbox {
  std::vector<envelope> messages;
  std::vector<terminal_outcome> outcomes;
  std::vector<sa_record> sas;

  void send(element_id to, envelope_kind kind, std::string payload,
            element_id origin = no_element) {
    if (payload.empty()) return;
    messages.push_back(envelope{to, no_element, kind, std::move(payload), origin});
  }
  void send(element_id to, protocol p, std::string bytes, element_id origin = no_element) {
    send(to, kind_of(p), std::move(bytes), origin);
  }
  bool empty() const noexcept { return messages.empty() && outcomes.empty() && sas.empty(); }
  void clear() {
    messages.clear();
    outcomes.clear();
    sas.clear();
  }
};

/// Injected randomness (crypto::random_bytes in production, a seeded generator in tests).
class random_source {
public:
  virtual ~random_source() = default;
  virtual void fill(std::uint8_t* out, std::size_t n) = 0;
  std::uint32_t next_u32() {
    std::uint8_t b[4];
    fill(b, 4);
    return (std::uint32_t{b[0]} << 24) | (std::uint32_t{b[1]} << 16) | (std::uint32_t{b[2]} << 8)
           | b[3];
  }
};

} // namespace ngn::elements
