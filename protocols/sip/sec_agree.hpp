// RFC 3329 security-mechanism lists as SIP header values: parse/format the grammar of
// Security-Client/-Server/-Verify ("aes-gcm;q=0.9, ipsec-3gpp;q=0.1;spi-c=1234"). What a list
// means (q values, distinct priorities, negotiation) is protocols/common/mechanism.hpp.
#pragma once

#include "protocols/common/result.hpp"
#include "protocols/sip/message.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ngn::sip {

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

} // namespace ngn::sip
