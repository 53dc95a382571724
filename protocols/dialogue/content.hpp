// The registration dialogue of DESIGN.md §1, independent of the protocol that carries it: the
// neutral content of each step, as a binding decodes it from (or encodes it into) SIP, MGCP,
// H.248 or H.225.0 RAS (DESIGN.md §1.1).
#pragma once

#include "protocols/common/bytes.hpp"
#include "protocols/common/mechanism.hpp"
#include "protocols/common/protocol.hpp"
#include "protocols/common/session_id.hpp"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ngn::dialogue {

/// The steps of DESIGN.md §1 (rows of the §1.1 table), plus the protocol-level answers that are
/// not steps of the method.
enum class step : std::uint8_t {
  reg_request,  ///< 1. T → SS: registration request (identity, mechanisms with priorities)
  challenge,    ///< 4. SS → T: registration failure response carrying the challenge
  reg_message,  ///< 5. T → SS: registration message carrying the second verification word
  success,      ///< 6. SS → T: registration success response carrying E_Kc(SK) (+ MAC)
  rejection,    ///< 6. SS → T: rejection (or any error answer: malformed, timeout, ...)
  refusal,      ///< T → SS: the terminal refuses the distributed key (tampering, bidding-down)
  ack,          ///< a transport-level answer to a command (MGCP/H.248 responses), no dialogue step
  // DESIGN.md §1.2, the registration's life (each protected by the current SAs):
  keepalive,         ///< T → edge (SIP OPTIONS, H.248 Notify it/ito, RAS lightweight RRQ), or
                     ///< edge → T where the edge audits (MGCP AUEP)
  keepalive_answer,  ///< its answer (SIP 200, H.248 Reply, RAS RCF; MGCP: the terminal's 200)
  deregistration,    ///< T → SS: REGISTER Expires 0, RSIP forced, ServiceChange Forced, URQ
  deregistered,      ///< SS → T: its answer (SIP 200, H.248 Reply, RAS UCF; MGCP: the RSIP's 200)
};
std::string_view to_string(step s) noexcept;

/// Neutral result codes, numerically SIP-like; each binding maps them to its own errors.
enum class code : std::uint16_t {
  ok = 200,
  bad_request = 400,          ///< malformed message
  unauthorized = 401,
  forbidden = 403,            ///< authentication failed
  not_found = 404,            ///< unknown identity
  sec_agree_required = 494,   ///< RFC 3329 §2.3: security agreement failed (bidding-down)
  server_error = 500,
  unavailable = 503,          ///< AuC unreachable / overloaded
  timeout = 504,              ///< AuC did not answer in time
};

using rand_t = std::array<std::uint8_t, 16>;
using autn_t = std::array<std::uint8_t, 16>;
using auts_t = std::array<std::uint8_t, 14>;

/// Everything a dialogue step can carry; which fields are set depends on `kind`.
struct content {
  step kind = step::reg_request;
  std::string identity;            ///< subscriber identity "user@domain" (all steps)
  ngn::session_id session_id;      ///< SS-assigned (128 random bits), from the challenge on
                                   ///< (echoed by T); none before
  mechanism_list offered;          ///< T's list (reg_request, echoed in reg_message)
  mechanism_list edge;             ///< security edge's list (challenge; reg_message: the mirror)
  std::string chosen;              ///< chosen mechanism (challenge if carried, success; the
                                   ///< registration message a proxy relays: the proxy's choice)
  rand_t rand{};                   ///< challenge; reg_message/refusal: the RAND they answer
  autn_t autn{};                   ///< challenge
  /// reg_message/refusal: the second verification word as carried (RES, or the SIP Digest
  /// response), compared by the soft switch with binding::expected_proof; nullopt when the
  /// message carries none (the terminal could not verify AUTN, TS 24.229 §5.1.1.5.3), empty
  /// when what it carries is not a well-formed word.
  std::optional<bytes> proof;
  std::optional<auts_t> auts;      ///< reg_message: resynchronisation (TS 33.102 §6.3.5)
  std::vector<std::uint8_t> wrapped_t;     ///< success: E_Kc(SK)
  std::vector<std::uint8_t> wrapped_edge;  ///< success SS → SP only: E_Ksp(SK)
  std::vector<std::uint8_t> mac;           ///< success: message verification word
  code result = code::ok;          ///< rejection/refusal/ack
  /// A rejection's "come back after" in seconds (SIP Retry-After, RFC 3261 §20.33; overload
  /// control); 0: not said.
  std::uint32_t retry_after = 0;
  std::string reason;              ///< rejection/refusal: human-readable cause
  bool sec_agree_failed = false;   ///< reg_message SP → SS: proxy saw a Security-Verify mismatch
  std::uint32_t lifetime = 0;      ///< s; reg_request/reg_message: requested; success: granted
  std::uint32_t terminal_spi = 0;  ///< reg_request/reg_message: the terminal's inbound SPI
  std::uint32_t edge_spi = 0;      ///< challenge/success: the edge's inbound SPI (RFC 4303 §2.1)
  bool is_response = false;        ///< a protocol-level response (SIP response, MGCP/H.248
                                   ///< response, RAS confirm/reject), routed by `tid`
  std::string tid;                 ///< transaction id: SIP top Via branch, MGCP/H.248 transaction
                                   ///< id, RAS requestSeqNum (decimal)
};

} // namespace ngn::dialogue
