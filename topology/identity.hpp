// Terminal identities: the identity pattern of a terminal group, and subscriber sharding over
// several AuCs (topology/README.md "Identities" and "Sharding").
#pragma once

#include "topology/model.hpp"
#include "topology/syntax.hpp"

#include <cstdint>
#include <string>
#include <string_view>

namespace ngn::topology {

/// Longest identity a pattern may produce (with a 20-digit n).
inline constexpr std::size_t max_identity_length = 128;

/// A parsed identity pattern: prefix, the {n} placeholder, suffix (views into the pattern).
struct identity_pattern {
  std::string_view prefix;
  std::string_view suffix;
  unsigned width = 0;   ///< {n:0W}: pad n with zeros to W digits; {n}: 0 (no padding)
};

/// Parses a pattern with exactly one `{n}` or `{n:0W}` (W = 1..20) placeholder. The other
/// characters must be letters, digits or one of "-._+@/" (safe in every protocol's
/// identity fields). `{group}` and `{domain}` must have been expanded (expand_names) first.
value_or_error<identity_pattern> parse_identity_pattern(std::string_view pattern);

/// Replaces every `{group}` with `group` and every `{domain}` with `domain`; other text
/// (including `{n...}`) is left as is.
std::string expand_names(std::string_view pattern, std::string_view group,
                         std::string_view domain);

/// The identity of the group's terminal number `index` (0-based; n = g.first + index), e.g.
/// "t000042@ngn.example" for pattern "t{n:06}@ngn.example", first 1, index 41. Empty if the
/// group's pattern is invalid (never for a validated topology).
std::string identity_for(const terminal_group& g, std::uint64_t index);

/// 64-bit FNV-1a (offset basis 14695981039346656037, prime 1099511628211) of `data`.
std::uint64_t fnv1a_64(std::string_view data) noexcept;

/// The sharding rule: the AuC whose shard index equals fnv1a_64(identity) mod shard count.
/// Deterministic across hosts and runs. nullptr if the topology has no such AuC.
const auc* auc_for_identity(const topology& t, std::string_view identity) noexcept;

} // namespace ngn::topology
