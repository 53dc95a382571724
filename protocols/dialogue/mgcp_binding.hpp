// The MGCP binding of the registration dialogue (DESIGN.md §1.1, wire-bindings.md §3). The
// terminal is the gateway (endpoint name = the subscriber identity "user@domain", UDP 2427),
// the soft switch the call agent (UDP 2727); every command is acknowledged by its response:
//   registration request = RSIP (RM: restart, X-SECM: T's list) + 200,
//   challenge            = RQNT, txid 2·session−1 (after a resynchronisation: the resync
//                          NTFY's txid), X: session id (8 hex digits),
//                          S: X-SEC/chal(RAND‖AUTN) = X-CHAL, X-RSLT: 401, X-SECM: the edge's
//                          list, X-SECC: the chosen mechanism (when chosen) + 200,
//   registration message = NTFY echoing X:, O: X-SEC/resp(RES) = X-RESP (empty when AUTN did
//                          not verify) or O: X-SEC/auts(AUTS) = X-AUTS, X-RAND: the RAND it
//                          answers, X-SECM: T's list, X-SECV: mirror of the edge's list; a proxy
//                          adds X-SECC: its chosen mechanism and X-VRFY: mismatch when the mirror
//                          does not match its list + 200,
//   success              = RQNT, txid 2·session, X:, S: X-SEC/key(E_Kc(SK)) = X-SKEY,
//                          X-RSLT: 200, X-EKEY: E_Ksp(SK) (SS → SP only), X-MAC, X-SECM: the
//                          chosen mechanism; T answers 200 (accepted) or
//   key refusal          = 538 (event/signal parameter error) to the key RQNT, with
//                          Z: identity, X-RESP: RES and X-RAND: RAND (proof), X-RSN: reason,
//   rejection            = RQNT with the txid of the rejected command, X-RSLT: 403 / 404 /
//                          494 / 500 / 503 / 504 and X-RSN: reason + 200,
//   undecodable command  = 510 / 504 / 511 / 528 / 539 (RFC 3435 §2.4, RFC 3661) with X-RSN,
//   the life (DESIGN.md §1.2, mgcp_binding_life.cpp): keepalive = AUEP (edge → T) + 200,
//                          de-registration = RSIP RM: forced + 200; X-LT: the requested (RSIP,
//                          NTFY) and granted (key RQNT) lifetime in s; X-SPIC: the terminal's
//                          SPI (RSIP, NTFY); X-SPIS: the edge's SPI (challenge and key RQNT).
// With a terminal_view sequence, the terminal's transaction ids are that sequence.
#pragma once

#include "protocols/dialogue/binding.hpp"
#include "protocols/mgcp/message.hpp"

namespace ngn::dialogue {

class mgcp_binding final : public binding {
public:
  protocol proto() const noexcept override { return protocol::mgcp; }
  /// The call agent audits the endpoint (AUEP); the endpoint's ack answers it.
  bool keepalive_by_edge() const noexcept override { return true; }
  NGN_DIALOGUE_BINDING_MEMBERS;

  /// The MGCP message behind an inbound this binding decoded.
  static const mgcp::message& message_of(const inbound& in);
};

} // namespace ngn::dialogue
