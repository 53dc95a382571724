// The security edge of DESIGN.md §1: the element that ends up sharing SK with the terminal — the
// signaling proxy when there is one, else the soft switch. Written once for both: it negotiates
// the mechanism (§1 step 8, RFC 3329 §2.3.1), unwraps its copy of SK, computes the message
// verification word over the success response (authenticating itself to the terminal and
// covering both mechanism lists: no bidding-down), and keeps the terminal's registration.
#pragma once

#include "crypto/key_distribution.hpp"
#include "crypto/secret.hpp"
#include "protocols/common/bytes.hpp"
#include "protocols/common/clock.hpp"
#include "protocols/common/mechanism.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace ngn::elements {

/// What an edge records as the mechanism of a terminal that offered none: a client without
/// sec-agree (RFC 3329 makes it optional; DESIGN.md §1.2: such clients register without SAs).
inline constexpr std::string_view no_sec_agree = "no-sec-agree";

struct edge_config {
  crypto::key128 key;                          ///< Ksp (proxy) or Kss (soft switch)
  crypto::kek_role role = crypto::kek_role::proxy;
  /// The edge's policy: the mechanisms it supports, with its priorities (topology `mechanisms`).
  /// `null` is accepted only if listed here.
  mechanism_list supported;
};

/// The outcome of negotiating a terminal's offer.
struct negotiation {
  enum class verdict : std::uint8_t {
    chosen,       ///< `mechanism` protects the terminal's later traffic
    unprotected,  ///< the terminal offered no list (no sec-agree): no mechanism, no SAs
    refused,      ///< nothing in common: a refusal (RFC 3329 §2.3.1: 494), never a success
  };
  verdict result = verdict::refused;
  std::string mechanism;  ///< chosen: its name; unprotected: no_sec_agree
};

/// What the success response carries past the edge (DESIGN.md §1 with a proxy; §2 MAC fields).
struct key_delivery {
  std::string_view identity;
  std::uint32_t session_id = 0;
  const block<16>* rand = nullptr;       ///< the challenge's RAND (the KEK is bound to it)
  byte_view wrapped_edge;                ///< E_edge(SK)
  byte_view wrapped_t;                   ///< E_Kc(SK), covered by the MAC
  const mechanism_list* offered = nullptr; ///< T's list as the edge received it
  std::string_view mechanism;            ///< the negotiated mechanism
};

class security_edge {
public:
  explicit security_edge(edge_config cfg);

  const mechanism_list& supported() const noexcept { return cfg_.supported; }

  /// DESIGN.md §1 step 8: the mechanism both support with the terminal's highest priority.
  negotiation negotiate(const mechanism_list& offered) const;

  /// RFC 3329 §2.3.1: the terminal's registration message mirrors the list the edge sent in its
  /// challenge; a mirror that differs means someone changed that list on the way (bidding-down).
  /// A terminal that offered nothing (no sec-agree) has nothing to mirror.
  bool mirror_intact(const mechanism_list& offered, const mechanism_list& mirror) const;

  /// The success response passes the edge: unwraps its copy of SK (integrity-checked, bound to
  /// RAND and identity) and computes the message verification word; the terminal is registered
  /// here with SK. nullopt if the wrap does not open (the terminal will refuse the key).
  std::optional<block<crypto::mvw_size>> deliver(const key_delivery& d, micros now);

  /// The terminal refused the key or its registration ended: SK is wiped.
  void forget(const std::string& identity);

  /// SK shared with `identity`, or nullptr.
  const crypto::key128* session_key(const std::string& identity) const;
  /// The mechanism of `identity`'s registration, or "".
  std::string_view mechanism(const std::string& identity) const;
  std::size_t registered() const noexcept { return registrations_.size(); }

private:
  /// A registered terminal (compact: one per idle terminal).
  struct registration {
    crypto::key128 sk;
    micros since = 0;
    std::uint8_t mechanism = 0; ///< into mechanisms_
  };
  std::uint8_t intern(std::string_view mechanism);

  edge_config cfg_;
  std::unordered_map<std::string, registration> registrations_;
  std::vector<std::string> mechanisms_;
};

} // namespace ngn::elements
