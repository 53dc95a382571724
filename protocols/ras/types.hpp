// Building blocks of the H.225.0 RAS model shared by every message: OBJECT IDENTIFIER, BIT STRING,
// verbatim-kept extensions, and the H.225.0 (12/2009) common types the RAS subset needs
// (TransportAddress, AliasAddress, VendorIdentifier, EndpointType, GenericData, ...).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

namespace ngn::ras {

using bytes = std::vector<std::uint8_t>;

/// Equality for every model struct: each one exposes `tie()` returning a std::tie of its members.
template <class T, class = decltype(std::declval<const T&>().tie())>
bool operator==(const T& a, const T& b) {
  return a.tie() == b.tie();
}
template <class T, class = decltype(std::declval<const T&>().tie())>
bool operator!=(const T& a, const T& b) {
  return !(a == b);
}

/// OBJECT IDENTIFIER as its arcs ({0 0 8 2250 0 4}); X.690 §8.19 needs at least two arcs.
struct object_identifier {
  std::vector<std::uint32_t> arcs;
  auto tie() const { return std::tie(arcs); }
};

/// "0.0.8.2250.0.4"
std::string to_string(const object_identifier& oid);

/// Parses dotted decimal; nullopt unless it is at least two arcs of 32-bit decimal numbers.
std::optional<object_identifier> parse_oid(std::string_view dotted);

/// H.225.0 ProtocolIdentifier {itu-t(0) recommendation(0) h(8) 2250 version(0) v}.
object_identifier h225_protocol_identifier(std::uint32_t version);

/// BIT STRING: `bit_length` bits, first bit = most significant bit of data[0]; the unused low bits of
/// the last octet are zero and data.size() == ceil(bit_length / 8) (checked by the encoder).
struct bit_string {
  bytes data;
  std::size_t bit_length = 0;
  auto tie() const { return std::tie(data, bit_length); }
};

/// A bit string made of whole octets.
inline bit_string make_bit_string(bytes octets) {
  std::size_t n = octets.size() * 8;
  return bit_string{std::move(octets), n};
}

/// An extension addition of a SEQUENCE that this codec does not model (X.691 §19.9): its index
/// among the additions and the contents of its open type, kept verbatim so re-encoding is exact.
struct unknown_extension {
  std::uint32_t index = 0;
  bytes encoding;
  auto tie() const { return std::tie(index, encoding); }
};
/// Sorted by index, no duplicates, no index that the enclosing type models.
using unknown_extensions = std::vector<unknown_extension>;

/// An extension alternative of a CHOICE that this codec does not model (X.691 §23.8): its index
/// among the extension alternatives and the contents of its open type, kept verbatim.
struct unknown_alternative {
  std::uint32_t index = 0;
  bytes encoding;
  auto tie() const { return std::tie(index, encoding); }
};

// ---- H.225.0 common types ----------------------------------------------------------------

/// TransportAddress.ipAddress: SEQUENCE {ip OCTET STRING (SIZE(4)), port INTEGER (0..65535)}.
struct ip_address {
  std::array<std::uint8_t, 4> ip{};
  std::uint16_t port = 0;
  auto tie() const { return std::tie(ip, port); }
};

/// TransportAddress.ip6Address: SEQUENCE {ip OCTET STRING (SIZE(16)), port INTEGER (0..65535), ...}.
struct ip6_address {
  std::array<std::uint8_t, 16> ip{};
  std::uint16_t port = 0;
  unknown_extensions extensions;
  auto tie() const { return std::tie(ip, port, extensions); }
};

/// TransportAddress CHOICE: ipAddress, ip6Address; the other root alternatives (ipSourceRoute,
/// ipxAddress, netBios, nsap, nonStandardAddress) decode as errc::unsupported.
using transport_address = std::variant<ip_address, ip6_address, unknown_alternative>;

/// AliasAddress.dialledDigits: IA5String (SIZE (1..128)) (FROM ("0123456789#*,")).
struct dialled_digits {
  std::string value;
  auto tie() const { return std::tie(value); }
};
/// AliasAddress.h323-ID: BMPString (SIZE (1..256)).
struct h323_id {
  std::u16string value;
  auto tie() const { return std::tie(value); }
};
/// AliasAddress.url-ID (extension): IA5String (SIZE (1..512)).
struct url_id {
  std::string value;
  auto tie() const { return std::tie(value); }
};
/// AliasAddress.transportID (extension): TransportAddress.
struct transport_id {
  transport_address address;
  auto tie() const { return std::tie(address); }
};
/// AliasAddress.email-ID (extension): IA5String (SIZE (1..512)).
struct email_id {
  std::string value;
  auto tie() const { return std::tie(value); }
};

/// AliasAddress CHOICE; partyNumber, mobileUIM, isupNumber and later alternatives are kept verbatim.
using alias_address =
  std::variant<dialled_digits, h323_id, url_id, transport_id, email_id, unknown_alternative>;

/// H221NonStandard ::= SEQUENCE {t35CountryCode (0..255), t35Extension (0..255),
/// manufacturerCode (0..65535), ...}
struct h221_non_standard {
  std::uint8_t t35_country_code = 0;
  std::uint8_t t35_extension = 0;
  std::uint16_t manufacturer_code = 0;
  unknown_extensions extensions;
  auto tie() const { return std::tie(t35_country_code, t35_extension, manufacturer_code, extensions); }
};

/// NonStandardIdentifier CHOICE {object OBJECT IDENTIFIER, h221NonStandard, ...}.
using non_standard_identifier = std::variant<object_identifier, h221_non_standard, unknown_alternative>;

/// H.225.0 NonStandardParameter ::= SEQUENCE {nonStandardIdentifier, data OCTET STRING}.
struct non_standard_parameter {
  ras::non_standard_identifier non_standard_identifier;
  bytes data;
  auto tie() const { return std::tie(non_standard_identifier, data); }
};

/// VendorIdentifier ::= SEQUENCE {vendor H221NonStandard, productId OCTET STRING (SIZE (1..256))
/// OPTIONAL, versionId OCTET STRING (SIZE (1..256)) OPTIONAL, ..., enterpriseNumber OID OPTIONAL}
struct vendor_identifier {
  h221_non_standard vendor;
  std::optional<bytes> product_id;
  std::optional<bytes> version_id;
  std::optional<object_identifier> enterprise_number;  // extension addition 0
  unknown_extensions extensions;
  auto tie() const { return std::tie(vendor, product_id, version_id, enterprise_number, extensions); }
};

/// GatekeeperInfo, GatewayInfo, McuInfo, TerminalInfo: SEQUENCE {nonStandardData OPTIONAL, ...}.
/// (GatewayInfo.protocol is not modelled: a GatewayInfo carrying it decodes as errc::unsupported.)
struct endpoint_info {
  std::optional<non_standard_parameter> non_standard_data;
  unknown_extensions extensions;
  auto tie() const { return std::tie(non_standard_data, extensions); }
};
using gatekeeper_info = endpoint_info;
using gateway_info = endpoint_info;
using mcu_info = endpoint_info;
using terminal_info = endpoint_info;

/// EndpointType ::= SEQUENCE {nonStandardData, vendor, gatekeeper, gateway, mcu, terminal
/// (all OPTIONAL), mc BOOLEAN, undefinedNode BOOLEAN, ..., set BIT STRING (SIZE (32)) OPTIONAL,
/// supportedTunnelledProtocols OPTIONAL (kept verbatim)}
struct endpoint_type {
  std::optional<non_standard_parameter> non_standard_data;
  std::optional<vendor_identifier> vendor;
  std::optional<gatekeeper_info> gatekeeper;
  std::optional<gateway_info> gateway;
  std::optional<mcu_info> mcu;
  std::optional<terminal_info> terminal;
  bool mc = false;
  bool undefined_node = false;
  std::optional<std::uint32_t> set;  // extension 0; BIT STRING bit 0 = most significant bit
  unknown_extensions extensions;
  auto tie() const {
    return std::tie(non_standard_data, vendor, gatekeeper, gateway, mcu, terminal, mc,
                    undefined_node, set, extensions);
  }
};

/// Q954Details ::= SEQUENCE {conferenceCalling BOOLEAN, threePartyService BOOLEAN, ...}
struct q954_details {
  bool conference_calling = false;
  bool three_party_service = false;
  unknown_extensions extensions;
  auto tie() const { return std::tie(conference_calling, three_party_service, extensions); }
};

/// QseriesOptions ::= SEQUENCE {q932Full .. q957Full BOOLEAN, q954Info Q954Details, ...}
struct qseries_options {
  bool q932_full = false;
  bool q951_full = false;
  bool q952_full = false;
  bool q953_full = false;
  bool q955_full = false;
  bool q956_full = false;
  bool q957_full = false;
  q954_details q954_info;
  unknown_extensions extensions;
  auto tie() const {
    return std::tie(q932_full, q951_full, q952_full, q953_full, q955_full, q956_full, q957_full,
                    q954_info, extensions);
  }
};

/// ICV ::= SEQUENCE {algorithmOID OBJECT IDENTIFIER, icv BIT STRING}
struct icv {
  object_identifier algorithm_oid;
  bit_string value;  // "icv"
  auto tie() const { return std::tie(algorithm_oid, value); }
};

/// GenericIdentifier.standard: INTEGER (0..16383, ...); values outside the root are encoded as
/// extensions (X.691 §12.1).
struct generic_standard {
  std::int64_t value = 0;
  auto tie() const { return std::tie(value); }
};
/// GenericIdentifier.nonStandard: GloballyUniqueID = OCTET STRING (SIZE (16)).
struct generic_non_standard {
  std::array<std::uint8_t, 16> guid{};
  auto tie() const { return std::tie(guid); }
};
/// GenericIdentifier CHOICE {standard, oid, nonStandard, ...}.
using generic_identifier =
  std::variant<generic_standard, object_identifier, generic_non_standard, unknown_alternative>;

struct content_raw {  ///< Content.raw OCTET STRING
  bytes value;
  auto tie() const { return std::tie(value); }
};
struct content_text {  ///< Content.text IA5String
  std::string value;
  auto tie() const { return std::tie(value); }
};
struct content_unicode {  ///< Content.unicode BMPString
  std::u16string value;
  auto tie() const { return std::tie(value); }
};
struct content_bool {  ///< Content.bool BOOLEAN
  bool value = false;
  auto tie() const { return std::tie(value); }
};
struct content_number8 {  ///< Content.number8 INTEGER (0..255)
  std::uint8_t value = 0;
  auto tie() const { return std::tie(value); }
};
struct content_number16 {  ///< Content.number16 INTEGER (0..65535)
  std::uint16_t value = 0;
  auto tie() const { return std::tie(value); }
};
struct content_number32 {  ///< Content.number32 INTEGER (0..4294967295)
  std::uint32_t value = 0;
  auto tie() const { return std::tie(value); }
};
struct content_id {  ///< Content.id GenericIdentifier
  generic_identifier value;
  auto tie() const { return std::tie(value); }
};
struct content_alias {  ///< Content.alias AliasAddress
  alias_address value;
  auto tie() const { return std::tie(value); }
};
struct content_transport {  ///< Content.transport TransportAddress
  transport_address value;
  auto tie() const { return std::tie(value); }
};

/// Content CHOICE. The recursive alternatives compound and nested decode as errc::unsupported;
/// later alternatives are kept verbatim.
using content =
  std::variant<content_raw, content_text, content_unicode, content_bool, content_number8,
               content_number16, content_number32, content_id, content_alias, content_transport,
               unknown_alternative>;

/// EnumeratedParameter ::= SEQUENCE {id GenericIdentifier, content Content OPTIONAL, ...}
struct enumerated_parameter {
  generic_identifier id;
  std::optional<ras::content> content;
  unknown_extensions extensions;
  auto tie() const { return std::tie(id, content, extensions); }
};

/// GenericData ::= SEQUENCE {id GenericIdentifier,
/// parameters SEQUENCE (SIZE (1..512)) OF EnumeratedParameter OPTIONAL, ...}
struct generic_data {
  generic_identifier id;
  std::optional<std::vector<enumerated_parameter>> parameters;
  unknown_extensions extensions;
  auto tie() const { return std::tie(id, parameters, extensions); }
};

} // namespace ngn::ras
