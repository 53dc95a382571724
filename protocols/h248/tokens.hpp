// The Annex B token table (H.248.1 Annex B.2 / RFC 3525 Annex B.2): every token has a long and a
// compact spelling, both case-insensitive. Only the tokens this codec recognises are listed.
#pragma once

#include <cstdint>
#include <string_view>

namespace ngn::h248 {

enum class token : std::uint8_t {
  add,                    // Add / A
  audit,                  // Audit / AT
  audit_capability,       // AuditCapability / AC
  audit_value,            // AuditValue / AV
  authentication,         // Authentication / AU
  context,                // Context / C
  context_attr,           // ContextAttr / CT
  context_audit,          // ContextAudit / CA
  delay,                  // Delay / DL
  digit_map,              // DigitMap / DM
  disconnected,           // Disconnected / DC
  embed,                  // Embed / EM
  emergency,              // Emergency / EG
  emergency_off,          // EmergencyOff / EGO
  error,                  // Error / ER
  event_buffer,           // EventBuffer / EB
  events,                 // Events / E
  failover,               // Failover / FL
  forced,                 // Forced / FO
  graceful,               // Graceful / GR
  handoff,                // HandOff / HO
  ieps_call,              // IEPSCall / IEPS
  imm_ack_required,       // ImmAckRequired / IA
  immediate_notify,       // ImmediateNotify / NBIN
  keep_active,            // KeepActive / KA
  media,                  // Media / M
  megacop,                // MEGACO / !
  method,                 // Method / MT
  mgc_id,                 // MgcIdToTry / MG
  modem,                  // Modem / MD
  modify,                 // Modify / MF
  move,                   // Move / MV
  mux,                    // Mux / MX
  never_notify,           // NeverNotify / NBNN
  notify,                 // Notify / N
  notify_completion,      // NotifyCompletion / NC
  observed_events,        // ObservedEvents / OE
  packages,               // Packages / PG
  pending,                // Pending / PN
  priority,               // Priority / PR
  profile,                // Profile / PF
  reason,                 // Reason / RE
  regulated_notify,       // RegulatedNotify / NBRN
  reply,                  // Reply / P
  reset_events,           // ResetEventsDescriptor / RSE
  response_ack,           // TransactionResponseAck / K
  restart,                // Restart / RS
  segment,                // Segment / SM
  service_change,         // ServiceChange / SC
  service_change_address, // ServiceChangeAddress / AD
  service_change_inc,     // ServiceChangeInc / SIC
  services,               // Services / SV
  signal_list,            // SignalList / SL
  signals,                // Signals / SG
  statistics,             // Statistics / SA
  subtract,               // Subtract / S
  topology,               // Topology / TP
  transaction,            // Transaction / T
  version,                // Version / V
  count_,
};

/// The long (pretty) spelling, e.g. "ServiceChange".
std::string_view long_form(token t) noexcept;
/// The compact spelling, e.g. "SC".
std::string_view short_form(token t) noexcept;

/// True if `word` spells `t` in either form (case-insensitive).
bool is_token(std::string_view word, token t) noexcept;

/// The token `word` spells in either form (case-insensitive), or token::count_ if none: one
/// hash probe instead of a compare per candidate (every spelling names exactly one token).
token find_token(std::string_view word) noexcept;

/// Parameter names the grammar gives a special meaning inside events/signals (Embed, KeepActive,
/// DigitMap, NotifyCompletion, notify behaviours, ResetEventsDescriptor): not generic parameters.
bool is_special_parameter_name(std::string_view word) noexcept;

} // namespace ngn::h248
