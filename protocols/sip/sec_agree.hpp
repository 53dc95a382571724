// RFC 3329 security-mechanism lists: parse/format "aes-gcm;q=0.9, hmac-sha256;q=0.5" (the value
// of Security-Client/-Server/-Verify, also used on the command line) and q-value helpers.
#pragma once

#include "protocols/common/result.hpp"
#include "protocols/sip/message.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ngn::sip {

/// qvalue (RFC 3329 §2.2 / RFC 3261 §25.1): ("0" ["." 0*3DIGIT]) / ("1" ["." 0*3("0")]) in
/// thousandths; nullopt for anything else.
std::optional<std::uint16_t> parse_qvalue(std::string_view text) noexcept;

/// Shortest qvalue text of `milli` (0..1000): 900 -> "0.9", 50 -> "0.05", 1000 -> "1", 0 -> "0".
/// Values above 1000 are clamped to "1".
std::string format_q(std::uint16_t milli);

/// One or more sec-mechanisms separated by commas (RFC 3329 §2.2). Every q parameter must be a
/// qvalue. Offsets in errors are into `text`.
result<std::vector<sec_mechanism>> parse_mechanism_list(std::string_view text);

/// "name;p=v, name2;q=0.5" — the canonical form encode() uses for Security-* headers.
std::string format_mechanism_list(const std::vector<sec_mechanism>& list);

/// A mechanism with only a q parameter (omitted when nullopt).
sec_mechanism make_mechanism(std::string_view name, std::optional<std::uint16_t> q_milli);

/// The mechanism called `name` (case-insensitive, RFC 3329 §2.2 token), or nullptr.
const sec_mechanism* find_mechanism(const std::vector<sec_mechanism>& list,
                                    std::string_view name) noexcept;

/// The mechanism of `offered` with the highest q whose name is in `supported` (case-insensitive);
/// a mechanism without a valid q counts as q=0; ties go to the first listed. nullptr if none
/// (RFC 3329 §2.3 step 3, DESIGN.md §1 step 8).
const sec_mechanism* select_mechanism(const std::vector<sec_mechanism>& offered,
                                      const std::vector<std::string>& supported) noexcept;

/// True when two mechanisms of `list` carry the same valid q (forbidden by RFC 3329 §2.2).
bool has_duplicate_q(const std::vector<sec_mechanism>& list) noexcept;

} // namespace ngn::sip
