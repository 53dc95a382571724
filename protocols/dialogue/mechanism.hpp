// Security mechanisms with priorities (RFC 3329 §2.2: "q" = relative preference, higher is more
// preferred, all q values distinct) and the negotiation rule of DESIGN.md §1 step 8.
#pragma once

#include "protocols/common/result.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ngn::dialogue {

struct mechanism {
  std::string name;     ///< e.g. "aes-gcm", "hmac-sha256", "null"
  std::uint16_t q = 0;  ///< preference in thousandths (RFC 3329 qvalue 0.000..1.000)
  friend bool operator==(const mechanism& a, const mechanism& b) {
    return a.name == b.name && a.q == b.q;
  }
};

using mechanism_list = std::vector<mechanism>;

/// Parses "aes-gcm;q=0.9, hmac-sha256;q=0.5" (RFC 3329 sec-mechanism syntax; parameters other
/// than q are ignored, a missing q counts as 0). Rejects empty lists, bad q values and duplicate
/// q values or names (RFC 3329 §2.2).
result<mechanism_list> parse_mechanisms(std::string_view text);

/// "aes-gcm;q=0.9,hmac-sha256;q=0.5": the canonical text form, also the form covered by the
/// message verification word.
std::string format_mechanisms(const mechanism_list& list);

/// DESIGN.md §1 step 8: among the mechanisms both sides support, the one with the terminal's
/// highest priority; nullopt if they share none.
std::optional<mechanism> choose(const mechanism_list& offered, const mechanism_list& supported);

/// True if `name` appears in `list`.
bool contains(const mechanism_list& list, std::string_view name);

} // namespace ngn::dialogue
