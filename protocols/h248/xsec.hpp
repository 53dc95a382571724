// The project's own H.248 security package "xsec" (a NAME per Annex B: no "-" allowed), carrying
// the key-distribution flow (DESIGN.md §1.1, reference/wire-bindings.md §4.1):
//  - signal   xsec/chal { result, uid, sid, rand, autn, secs, spis, mech }  MGC -> MG: the challenge
//                                                         (Modify)
//  - event    xsec/resp                                  MGC -> MG: requested in the same Modify
//  - observed xsec/resp { uid, sid, vw | auts, secm, secv, lt, spic, secagree }  MG -> MGC: the
//                                                         verification word (Notify, or a
//                                                         refusing Modify reply)
//  - signal   xsec/key  { result, uid, sid, ekey, pkey, mac, lt, spis, mech }  MGC -> MG: the wrapped
//                                                         session key (Modify)
// Binary values are lower-case hex; `uid` is the subscriber identity; `sid` the soft switch's
// 128-bit session id (16 octets; issue 12 item 3), which the terminal echoes in xsec/resp. Mechanism lists (RFC 3329
// names and q priorities, space separated): `secm` the terminal's list, `secs` the security
// edge's list, `secv` the terminal's mirror of the edge's list (RFC 3329 §2.3.1 Security-Verify),
// `secagree = failed` a proxy's verdict that the mirror did not match. The terminal's list also
// travels as the ServiceChange extension X-SECM (which a strict H.248 peer may drop: the ASN.1
// ServiceChangeParm has no field for it, wire-bindings.md §4.2), hence its echo in xsec/resp.
// The registration's life (DESIGN.md §1.2): `lt` a lifetime in seconds (requested in xsec/resp,
// granted in xsec/key), `spic` the terminal's inbound ESP SPI (xsec/resp), `spis` the security
// edge's inbound SPI (xsec/chal, xsec/key), all decimal UINT32; the requested lifetime and the
// terminal's SPI also travel as the ServiceChange extensions X-LT and X-SPIC. Absent = 0.
#pragma once

#include "protocols/common/hex.hpp"
#include "protocols/h248/message.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ngn::h248::xsec {

inline constexpr std::string_view package_name = "xsec";
inline constexpr std::string_view chal = "xsec/chal";
inline constexpr std::string_view resp = "xsec/resp";
inline constexpr std::string_view key = "xsec/key";

/// Parameter names of the package items.
namespace param {
inline constexpr std::string_view result = "result"; ///< decimal status (401 challenge, 200 ok)
inline constexpr std::string_view rand = "rand";     ///< RAND, hex
inline constexpr std::string_view autn = "autn";     ///< AUTN, hex
inline constexpr std::string_view mech = "mech";     ///< chosen mechanism name
inline constexpr std::string_view vw = "vw";         ///< verification word (RES), hex
inline constexpr std::string_view auts = "auts";     ///< AUTS (resynchronisation), hex
inline constexpr std::string_view ekey = "ekey";     ///< wrapped session key, hex
inline constexpr std::string_view mac = "mac";       ///< message verification word, hex
inline constexpr std::string_view secm = "secm";     ///< terminal's mechanism list (quoted)
inline constexpr std::string_view uid = "uid";       ///< subscriber identity
inline constexpr std::string_view sid = "sid";       ///< the 128-bit session id, hex
inline constexpr std::string_view secs = "secs";     ///< security edge's mechanism list (quoted)
inline constexpr std::string_view secv = "secv";     ///< mirror of the edge's list (quoted)
inline constexpr std::string_view pkey = "pkey";     ///< the proxy's copy of the session key, hex
inline constexpr std::string_view secagree = "secagree"; ///< "failed": mirror mismatch
inline constexpr std::string_view lt = "lt";         ///< lifetime, s (decimal)
inline constexpr std::string_view spic = "spic";     ///< the terminal's inbound SPI (decimal)
inline constexpr std::string_view spis = "spis";     ///< the edge's inbound SPI (decimal)
} // namespace param

/// The value of `secagree` that flags a Security-Verify style mismatch.
inline constexpr std::string_view secagree_failed = "failed";

/// The ServiceChange extension carrying the terminal's mechanism list.
inline constexpr std::string_view secm_extension = "X-SECM";
/// The ServiceChange extension carrying the subscriber identity when the mId cannot (an identity
/// that is not a pathNAME, H.248.1 Annex B deviceName).
inline constexpr std::string_view uid_extension = "X-UID";
/// The ServiceChange extension carrying the requested registration lifetime in seconds.
inline constexpr std::string_view lt_extension = "X-LT";
/// The ServiceChange extension carrying the terminal's inbound ESP SPI.
inline constexpr std::string_view spic_extension = "X-SPIC";

/// One entry of a security-mechanism list: a name and an optional RFC 3261 q-value priority,
/// kept in thousandths (0..1000) so that it round-trips exactly.
struct mechanism {
  std::string name;
  std::optional<std::uint16_t> q;
};
bool operator==(const mechanism& a, const mechanism& b) noexcept;
inline bool operator!=(const mechanism& a, const mechanism& b) noexcept { return !(a == b); }

/// "digest;q=0.3 tls;q=0.2": entries separated by one space (not commas: wire-bindings.md §4.3).
/// Returns an empty string if a name is not an RFC 3261 token or a q exceeds 1000.
std::string format_mechanisms(const std::vector<mechanism>& list);
/// Inverse of format_mechanisms; accepts spaces, tabs and commas between entries. nullopt on an
/// empty list, a bad name, a parameter other than q, or a bad qvalue.
std::optional<std::vector<mechanism>> parse_mechanisms(std::string_view text);

/// xsec/chal parameters; absent fields are nullopt / empty and are not sent.
struct challenge {
  std::optional<std::uint16_t> result;
  bytes rand;
  bytes autn;
  bytes sid;  ///< the session id (16 octets)
  std::string mech;
  std::string uid;
  std::vector<mechanism> secs;
  std::uint32_t spis = 0; ///< 0: not carried
};

/// xsec/resp parameters.
struct response {
  bytes vw;
  bytes auts;
  std::vector<mechanism> secm;
  std::string uid;
  std::vector<mechanism> secv;
  bool sec_agree_failed = false; ///< `secagree = failed`
  bytes rand;                    ///< the RAND of the challenge answered (binds vw to it)
  bytes sid;                     ///< the session id of the challenge answered
  std::string mech;              ///< a proxy's chosen mechanism (added on its hop to the MGC)
  std::uint32_t lt = 0;          ///< requested lifetime, s (0: not carried)
  std::uint32_t spic = 0;        ///< the terminal's inbound SPI (0: not carried)
};

/// xsec/key parameters.
struct key_delivery {
  std::optional<std::uint16_t> result;
  bytes ekey;
  bytes mac;
  std::string mech;
  std::string uid;
  bytes pkey;
  bytes sid;              ///< the session id (16 octets)
  std::uint32_t lt = 0;   ///< granted lifetime, s (0: not carried)
  std::uint32_t spis = 0; ///< the edge's inbound SPI (0: not carried)
};

bool operator==(const challenge& a, const challenge& b) noexcept;
bool operator==(const response& a, const response& b) noexcept;
bool operator==(const key_delivery& a, const key_delivery& b) noexcept;

/// `xsec/chal { result = .., uid = .., rand = .., autn = .., secs = "..", spis = .., mech = .. }`,
/// in that order.
signal_request make_chal(const challenge& c);
/// `xsec/key { result = .., uid = .., ekey = .., pkey = .., mac = .., lt = .., spis = ..,
/// mech = .. }`, in that order.
signal_request make_key(const key_delivery& k);
/// Observed `[timestamp:]xsec/resp { uid = .., vw = .. | auts = .., rand = .., secm = "..",
/// secv = "..", lt = .., spic = .., secagree = failed, mech = .. }`.
observed_event make_resp(const response& r, std::optional<time_notation> timestamp = std::nullopt);
/// Requested event `xsec/resp` for an Events descriptor; with `offered`, the MGC echoes the
/// mechanism list it received as `secm`.
requested_event make_resp_request(const std::vector<mechanism>& offered = {});

/// The parameters of an xsec item; nullopt if the item has another name or a known parameter is
/// malformed (bad hex, result not a number <= 999, secm/secs/secv not a mechanism list). Absent
/// parameters stay empty (0); unknown ones are ignored. lt, spic and spis must be UINT32 decimals.
std::optional<challenge> read_chal(const signal_request& s);
std::optional<key_delivery> read_key(const signal_request& s);
std::optional<response> read_resp(const observed_event& e);
std::optional<response> read_resp(const requested_event& e);

/// Adds (or replaces) `X-SECM = "<list>"` in a ServiceChange's parameters.
void set_secm(service_change_parm& p, const std::vector<mechanism>& list);
/// The X-SECM list of a ServiceChange; nullopt if absent or malformed.
std::optional<std::vector<mechanism>> get_secm(const service_change_parm& p);
/// Adds (or replaces) the extension `name = <decimal v>` (X-LT, X-SPIC); v == 0 removes it
/// (0 = not carried).
void set_uint_extension(service_change_parm& p, std::string_view name, std::uint32_t v);
/// The UINT32 value of extension `name`: 0 if absent, nullopt if not a decimal UINT32.
std::optional<std::uint32_t> get_uint_extension(const service_change_parm& p,
                                                std::string_view name);

/// The first signal called `name` in a Modify's Signals descriptor, or nullptr.
const signal_request* find_signal(const amm_request& m, std::string_view name) noexcept;
/// The first observed event called `name` in a Notify, or nullptr.
const observed_event* find_observed_event(const notify_request& n, std::string_view name) noexcept;

} // namespace ngn::h248::xsec
