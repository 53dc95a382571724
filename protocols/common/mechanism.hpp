// Security mechanisms with priorities (RFC 3329 §2.2) — one rule for every place a list is
// written or read: topology files, the command line, and every protocol binding on the wire.
//   list      = mechanism *( "," mechanism )        1..max_mechanisms entries
//   mechanism = name [ ";q=" qvalue ]               spaces around , ; = allowed
//   name      = RFC 3261 token, 1..32 characters, each name once (case-insensitive)
//   qvalue    = RFC 3261 §20.10, 0..1 with at most three decimals; missing = 0
// "The higher the value the more preferred"; q values are distinct (RFC 3329 §2.2), so a list
// of several mechanisms gives each a q. The negotiation rule is DESIGN.md §1 step 8.
#pragma once

#include "protocols/common/result.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ngn {

struct mechanism {
  std::string name;     ///< e.g. "aes-gcm", "hmac-sha256", "null"
  std::uint16_t q = 0;  ///< preference in thousandths (qvalue 0.000..1.000)
  friend bool operator==(const mechanism& a, const mechanism& b) {
    return a.name == b.name && a.q == b.q;
  }
  friend bool operator!=(const mechanism& a, const mechanism& b) { return !(a == b); }
};

using mechanism_list = std::vector<mechanism>;

inline constexpr std::size_t max_mechanisms = 16;
inline constexpr std::size_t max_mechanism_name = 32;

/// RFC 3261 §20.10 qvalue in thousandths: ("0" ["." 0*3DIGIT]) / ("1" ["." 0*3("0")]).
std::optional<std::uint16_t> parse_qvalue(std::string_view text) noexcept;
/// The shortest qvalue text: 900 → "0.9", 50 → "0.05", 1000 → "1", 0 → "0" (above 1000: "1").
std::string format_qvalue(std::uint16_t q);

/// True if `name` is an RFC 3261 §25.1 token of 1..max_mechanism_name characters.
bool is_mechanism_name(std::string_view name) noexcept;

/// Parses a list written by a user or carried as text on the wire; no parameter but q.
result<mechanism_list> parse_mechanisms(std::string_view text);

/// Checks a list decoded from another grammar (e.g. SIP Security-Client, H.248 xsec, RAS
/// genericData) against the rule above: names, count, distinct names and q values.
result<void> check_mechanisms(const mechanism_list& list);

/// "aes-gcm;q=0.9,hmac-sha256;q=0.5": the canonical text, also the form covered by the message
/// verification word (DESIGN.md §2).
std::string format_mechanisms(const mechanism_list& list);

/// DESIGN.md §1 step 8: among the mechanisms of `offered` that `supported` lists too, the one
/// with the terminal's highest priority; nullopt when they share none.
std::optional<mechanism> choose(const mechanism_list& offered, const mechanism_list& supported);

/// True if `name` appears in `list` (case-insensitive, RFC 3329 §2.2 token comparison).
bool contains(const mechanism_list& list, std::string_view name);

/// The entry called `name` (case-insensitive), or nullptr.
const mechanism* find(const mechanism_list& list, std::string_view name);

} // namespace ngn
