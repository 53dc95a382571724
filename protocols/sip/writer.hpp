// Internal to protocols/sip: the text writers shared by encode() and format_mechanism_list().
#pragma once

#include "protocols/sip/message.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace ngn::sip::detail {

/// quoted-string (RFC 3261 §25.1): DQUOTE and backslash become quoted-pairs.
void append_quoted(std::string& out, std::string_view value);

/// *(SEMI generic-param), each as name, name=token or name="quoted".
void append_params(std::string& out, const std::vector<param>& params);

/// sec-mechanism *(COMMA sec-mechanism), comma+space separated (RFC 3329 §2.2).
void append_mechanisms(std::string& out, const std::vector<sec_mechanism>& list);

} // namespace ngn::sip::detail
