// Helpers of the RAS binding (internal to protocols/dialogue): the identifiers it uses, request
// sequence numbers, BMPString text, and the genericData / ClearToken items that carry the
// dialogue's fields (ras_binding.hpp lists where each field goes).
#pragma once

#include "protocols/dialogue/binding.hpp"
#include "protocols/ras/message.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ngn::dialogue::ras_util {

/// H.225.0 version 7 (12/2009): the ASN.1 the codec implements.
inline constexpr std::uint32_t h225_version = 7;
/// UDP port of RAS unicast (H.225.0 §7.1; wire-bindings.md §1), both sides.
inline constexpr std::uint16_t ras_port = 1719;
/// Call signalling port (H.225.0 §7.1), advertised in callSignalAddress.
inline constexpr std::uint16_t call_signal_port = 1720;

/// The identifiers the binding puts on the wire. Standard ones name the real algorithm; ngnemu's
/// own items (which no standard names) live under the X.660 example arc 2.999 — deliberately an
/// unregistered arc, so no capture claims a registered meaning it does not have.
struct identifiers {
  ras::object_identifier protocol;        ///< 0.0.8.2250.0.7 (H.225.0 v7)
  ras::object_identifier aes128_wrap;     ///< 2.16.840.1.101.3.4.1.5 id-aes128-wrap (RFC 3394)
  ras::object_identifier hmac_sha256;     ///< 1.2.840.113549.2.9 hmacWithSHA256 (RFC 8018)
  ras::object_identifier aes128_gcm;      ///< 2.16.840.1.101.3.4.1.6 id-aes128-GCM
  ras::object_identifier session_token;   ///< 2.999.1.1 ClearToken: session id, RAND, E_Kc(SK)
  ras::object_identifier edge_key_token;  ///< 2.999.1.2 ClearToken: E_Ksp(SK) (SS → SP only)
  ras::object_identifier resync_token;    ///< 2.999.1.3 ClearToken: challenge = AUTS
  ras::object_identifier aka_res;         ///< 2.999.1.4 HASHED algorithm: RES = f2 (TS 35.206)
  ras::object_identifier mvw_token;       ///< 2.999.1.5 cryptoHashedToken: message verif. word
  /// 2.999.1.6 ClearToken: challenge = the 128-bit session id (16 octets; issue 12 item 3)
  ras::object_identifier session_id_token;
  ras::object_identifier offered;         ///< 2.999.1.10 genericData: T's mechanism
  ras::object_identifier edge;            ///< 2.999.1.11 genericData: the edge's mechanism
  ras::object_identifier mirror;          ///< 2.999.1.12 genericData: T's mirror of the edge's
  ras::object_identifier chosen;          ///< 2.999.1.13 genericData: the chosen mechanism
  ras::object_identifier result;          ///< 2.999.1.14 genericData: neutral code + reason
  ras::object_identifier sec_agree;       ///< 2.999.1.15 genericData: proxy saw a bad mirror
  ras::object_identifier spi_t;           ///< 2.999.1.16 genericData "spi-t": T's inbound SPI
  ras::object_identifier spi_e;           ///< 2.999.1.17 genericData "spi-e": the edge's SPI
};
const identifiers& ids();

// ---- request sequence numbers (H.225.0 §7.6: responses echo them) ----------------------------

/// The first requestSeqNum of a registration attempt (GRQ); later requests of the attempt take
/// the answered one + 1, so up to 8 requests per attempt stay distinct from the next attempt's.
std::uint16_t first_seq(std::uint32_t serial) noexcept;
/// `seq` + 1 within 1..65535.
std::uint16_t next_seq(std::uint16_t seq) noexcept;
/// The requestSeqNum of a request of the registration's life (lightweight RRQ, URQ):
/// 1 + sequence mod 65535, new for every request the terminal sends (terminal_view::sequence).
std::uint16_t life_seq(std::uint32_t sequence) noexcept;
/// A decimal requestSeqNum as carried in content::tid / relay_edit::tid; nullopt if invalid.
std::optional<std::uint16_t> parse_seq(std::string_view tid) noexcept;

// ---- text ---------------------------------------------------------------------------------

/// UTF-8 → BMPString (UCS-2): invalid sequences and characters outside the BMP become U+FFFD.
std::u16string to_bmp(std::string_view utf8);
/// BMPString → UTF-8.
std::string from_bmp(const std::u16string& bmp);
/// Identifier / GatekeeperIdentifier (BMPString (SIZE (1..128))): truncated to 128 characters;
/// nullopt for empty text.
std::optional<std::u16string> identifier(std::string_view text);
/// IA5String text for a reason: printable ASCII only (others become '?'), at most 200 chars.
std::string ia5_text(std::string_view text);

/// The first h323-ID of an alias list, as UTF-8; empty if none.
std::string identity_of(const std::optional<std::vector<ras::alias_address>>& aliases);
std::vector<ras::alias_address> alias_of(std::string_view identity);

ras::transport_address transport(address a, std::uint16_t port);

/// The terminal's endpointVendor: no T.35 registration (country code 0xFF, T.35 "extension",
/// manufacturer 0), productId "ngnemu", versionId "1".
ras::vendor_identifier vendor();

/// Seconds since 1970 (H.235.0 TimeStamp, INTEGER (1..4294967295)).
/// H.235 TimeStamp (seconds since 1970) of Unix time `now` in µs; at least 1.
std::uint32_t time_stamp(micros now) noexcept;

/// RCF endpointIdentifier: the session id as 32 lower-case hex digits (BMPString; 32 zeros for
/// none).
std::u16string endpoint_id(const ngn::session_id& session_id);
/// The session id an endpointIdentifier names (32 hex digits), or none.
ngn::session_id session_of_endpoint(const std::u16string& endpoint_identifier) noexcept;

// ---- tokens ---------------------------------------------------------------------------------

/// The first ClearToken with `oid`, or nullptr.
const ras::clear_token* find_token(const std::optional<std::vector<ras::clear_token>>& tokens,
                                   const ras::object_identifier& oid);
ras::clear_token* find_token(std::optional<std::vector<ras::clear_token>>& tokens,
                             const ras::object_identifier& oid);
/// Removes every ClearToken with `oid`; resets the list when it becomes empty.
void erase_tokens(std::optional<std::vector<ras::clear_token>>& tokens,
                  const ras::object_identifier& oid);

/// The ClearToken{session_id_token, challenge = the 16 octets of the session id}.
ras::clear_token session_id_token(const ngn::session_id& session_id);
/// The session id of the session_id_token among `tokens` (none if absent or not 16 octets).
ngn::session_id session_of(const std::optional<std::vector<ras::clear_token>>& tokens) noexcept;
/// Adds the session_id_token to `tokens` (nothing for none).
void add_session_id(std::optional<std::vector<ras::clear_token>>& tokens,
                    const ngn::session_id& session_id);
/// E_K(SK) carried as h235Key sharedSecret ENCRYPTED{id-aes128-wrap, {}, data}.
ras::h235_key wrapped_key(const std::uint8_t* data, std::size_t n);
/// The encryptedData of an id-aes128-wrap sharedSecret, or empty.
std::vector<std::uint8_t> wrapped_of(const ras::clear_token* t);

/// cryptoEPPwdHash{alias identity, timeStamp, HASHED{aka_res, {}, hash = word}}.
ras::crypto_h323_token verification_word(std::string_view identity, const std::uint8_t* word,
                                         std::size_t n, micros now);
/// The hash of the first cryptoEPPwdHash whose algorithm is aka_res; nullptr if none.
const ras::bit_string* verification_word_of(
  const std::optional<std::vector<ras::crypto_h323_token>>& tokens);

/// nestedcryptoToken cryptoHashedToken{mvw_token, hashedVals{mvw_token, challenge = session id,
/// generalID = identity}, HASHED{hmacWithSHA256, {}, mac}}.
ras::crypto_h323_token mac_token(std::string_view identity, const ngn::session_id& session_id,
                                 const std::uint8_t* mac, std::size_t n);
/// The MAC of the mvw_token cryptoHashedToken, or empty.
std::vector<std::uint8_t> mac_of(const std::optional<std::vector<ras::crypto_h323_token>>& tokens);
/// Removes the mvw_token cryptoHashedToken(s); resets the list when it becomes empty.
void erase_mac(std::optional<std::vector<ras::crypto_h323_token>>& tokens);

// ---- genericData ----------------------------------------------------------------------------

using generic_list = std::optional<std::vector<ras::generic_data>>;

/// One GenericData per mechanism, in list order: {id kind, parameters [{standard 1, text name},
/// {standard 2, number16 q (thousandths)}]} (the q parameter is left out when q is unknown).
void add_mechanisms(generic_list& data, const ras::object_identifier& kind,
                    const mechanism_list& list);
/// The mechanisms of `kind`, in order (errc::malformed if an item has no name).
result<mechanism_list> mechanisms_of(const generic_list& data, const ras::object_identifier& kind);
/// Removes every item of `kind`; resets the list when it becomes empty.
void erase_items(generic_list& data, const ras::object_identifier& kind);
/// `chosen` as a chosen item, with its q from `edge` when listed there.
void set_chosen(generic_list& data, std::string_view chosen, const mechanism_list* edge);

/// {id result, parameters [{standard 1, number16 code}, {standard 2, text reason}]}.
void set_result(generic_list& data, code c, std::string_view reason);
/// The carried code and reason, if any.
std::optional<std::pair<code, std::string>> result_of(const generic_list& data);

/// An ESP SPI item (DESIGN.md §1.2): {id kind (spi_t / spi_e), parameters [{standard 1,
/// number32 spi}]}, replacing any item of `kind`; spi 0 (not carried) only removes them.
void set_spi(generic_list& data, const ras::object_identifier& kind, std::uint32_t spi);
/// The SPI of the item of `kind`: 0 when absent; errc::malformed when the item carries no
/// number32 or a reserved SPI (RFC 4303 §2.1: 0..255 are never sent).
result<std::uint32_t> spi_of(const generic_list& data, const ras::object_identifier& kind);

/// {id sec_agree, parameters [{standard 1, bool TRUE}]}.
void set_sec_agree_failed(generic_list& data);
bool sec_agree_failed(const generic_list& data);

// ---- reject reasons -------------------------------------------------------------------------

ras::gatekeeper_reject_code grj_reason(code c) noexcept;
ras::registration_reject_code rrj_reason(code c) noexcept;
ras::unreg_reject_code urj_reason(code c) noexcept;
/// The neutral code for a reject reason, when the sender did not say (no result item).
code code_of(const ras::gatekeeper_reject_reason& r) noexcept;
code code_of(const ras::registration_reject_reason& r) noexcept;
code code_of(const ras::unreg_reject_reason& r) noexcept;

/// Encodes `m`; empty on error (the state machines send nothing then).
std::string to_wire(const ras::ras_message& m);

} // namespace ngn::dialogue::ras_util
