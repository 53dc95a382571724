// Helpers of the MGCP binding (internal to protocols/dialogue): transaction and request ids,
// parameter editing, mechanism lists and text sanitising.
#pragma once

#include "protocols/common/result.hpp"
#include "protocols/dialogue/binding.hpp"
#include "protocols/mgcp/message.hpp"

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace ngn::dialogue::mgcp_util {

/// The MGCP command behind an inbound the binding decoded, or nullptr (a response, or another
/// protocol's message).
const mgcp::command* command_of(const inbound& in);

/// The wire text of `m`; "" if the model is invalid.
std::string encoded(const mgcp::message& m);
std::string encoded(const mgcp::command& m);
std::string encoded(const mgcp::response& m);

/// RFC 3435 §3.2.1.2: transaction ids are 1..999 999 999.
inline constexpr std::uint32_t max_txid = 999'999'999;

/// Folds any number into 1..max_txid (0 maps to max_txid).
std::uint32_t fold_txid(std::uint64_t v) noexcept;

/// The soft switch's command transaction ids of a session, derived from its first 32 bits h:
/// challenge RQNT 2·h − 1, key RQNT 2·h, folded into 1..max_txid. They do not identify the
/// session: the RequestIdentifier does (request_id), and the terminal's refusal of the key
/// echoes it.
std::uint32_t challenge_txid(const ngn::session_id& session_id) noexcept;
std::uint32_t key_txid(const ngn::session_id& session_id) noexcept;

/// The terminal's command transaction ids: unique per terminal, attempt (`serial`) and kind.
std::uint32_t terminal_txid(std::uint32_t serial, std::uint32_t kind) noexcept;
/// The transaction id of a terminal's command: its sequence (strictly increasing over every
/// request it sends, so never reused, RFC 3435 §3.2.1.2), folded into 1..max_txid; without one
/// (0), terminal_txid(serial, kind).
std::uint32_t terminal_txid(const terminal_view& t, std::uint32_t kind) noexcept;

/// `X-LT` / `X-SPIC` / `X-SPIS` lines for the values of the registration's life (DESIGN.md
/// §1.2) that are carried (not 0), appended to `params`.
void add_lifetime(std::vector<mgcp::parameter>& params, std::uint32_t lifetime);
void add_spi(std::vector<mgcp::parameter>& params, std::string_view code, std::uint32_t spi);
/// The decimal value of `code`: 0 when absent; errc::malformed when it is not 1*10DIGIT in
/// 32 bits or, for an SPI, not in the RFC 4303 §2.1 range 256..2^32-1.
result<std::uint32_t> read_lifetime(const std::vector<mgcp::parameter>& params);
result<std::uint32_t> read_spi(const std::vector<mgcp::parameter>& params, std::string_view code);

/// RFC 3435 §3.2.2.18 RequestIdentifier (1*32 HEXDIG) carrying the 128-bit session id: 32
/// upper-case hex digits. parse_request_id() gives none for anything but 32 hex digits.
std::string request_id(const ngn::session_id& session_id);
ngn::session_id parse_request_id(std::string_view x) noexcept;

/// A decimal transaction id as carried in content::tid / relay_edit::tid; 0 if invalid.
std::uint32_t parse_txid(std::string_view tid) noexcept;

/// Replaces the value of `code` in place, or inserts `code: value` right after the last
/// parameter whose code is in `after` (or at the end when none is present).
void set_param(std::vector<mgcp::parameter>& params, std::string_view code, std::string value,
               std::initializer_list<std::string_view> after = {});
/// Removes every parameter `code`.
void erase_param(std::vector<mgcp::parameter>& params, std::string_view code);

/// A mechanism list parameter: absent = empty list; present but not RFC 3329 syntax =
/// errc::malformed.
result<mechanism_list> read_mechanisms(const std::vector<mgcp::parameter>& params,
                                       std::string_view code);
/// `chosen` with its q from `edge` when listed there ("aes-gcm;q=0.9"), else the bare name.
std::string chosen_text(std::string_view chosen, const mechanism_list* edge);

/// A parameter value for free text (X-RSN): VCHAR and SP only, no leading or trailing space,
/// at most 200 characters. Empty if nothing printable is left.
std::string sanitize(std::string_view text);

} // namespace ngn::dialogue::mgcp_util
