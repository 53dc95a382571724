// The H.323 RAS binding of the registration dialogue (DESIGN.md §1.1, wire-bindings.md §5):
// H.225.0 v7 RasMessage in aligned PER on UDP 1719 both sides. Requests get a requestSeqNum
// derived from the terminal's serial (ras_util::first_seq, then answered + 1), responses echo
// it (H.225.0 §7.6), a proxy rewrites it per hop. Identifiers: ras_util::identifiers (standard
// algorithm OIDs; ngnemu's own items under the unregistered example arc 2.999.1).
//   registration request = GRQ: rasAddress T:1719, endpointType terminal, endpointAlias
//                          h323-ID identity, gatekeeperIdentifier domain;
//                          authenticationCapability [pwdHash], algorithmOIDs (the known
//                          mechanisms, by decreasing q), genericData: one "offered" item per
//                          mechanism {text name, number16 q}, "spi-t" {number32 T's inbound SPI}
//                          (DESIGN.md §1.2), supportsAssignedGK FALSE,
//   challenge            = GRJ (to a GRQ) or RRJ (to a resynchronising RRQ), rejectReason
//                          securityDenial, echoed requestSeqNum, gatekeeperIdentifier realm;
//                          tokens [ClearToken{session token, challenge RAND‖AUTN (32 octets),
//                          random = session id, generalID = identity (the recipient, H.235.1),
//                          sendersID = realm}]; genericData: "edge" items (the edge's list),
//                          the "chosen" item when chosen here, "spi-e" {number32 the edge's
//                          inbound SPI} (the SS's when it is the edge, a proxy's own on relay),
//   registration message = RRQ: requestSeqNum = challenge's + 1, terminalAlias identity,
//                          gatekeeperIdentifier as received, endpointVendor "ngnemu";
//                          timeToLive; tokens [ClearToken{session token, challenge = RAND echo,
//                          random = session id, generalID = gatekeeper, sendersID = identity}]
//                          (+ ClearToken{resync token, challenge = AUTS} when resynchronising);
//                          cryptoTokens [cryptoEPPwdHash{alias, timeStamp, HASHED{aka-res, {},
//                          RES (64 bits; 0 bits when AUTN did not verify)}}] (none when
//                          resynchronising); genericData: "offered" items, "mirror" items (the
//                          edge's list as received), "spi-t"; a proxy adds the "sec-agree" flag
//                          and the "chosen" item (its choice),
//   success              = RCF echoing requestSeqNum, terminalAlias identity, endpointIdentifier
//                          = session id in hex; timeToLive; tokens [ClearToken{session token,
//                          random = session id, generalID = identity, sendersID = realm,
//                          h235Key sharedSecret ENCRYPTED{id-aes128-wrap, {}, E_Kc(SK)}}]
//                          (+ ClearToken{edge key token, h235Key ... E_Ksp(SK)} on SS → SP);
//                          cryptoTokens [nestedcryptoToken cryptoHashedToken{mvw token,
//                          hashedVals{mvw token, random, generalID}, HASHED{hmacWithSHA256, {},
//                          MAC (128 bits)}}]; genericData: "chosen" item, "spi-e" when given;
//                          timeToLive = the granted lifetime,
//   rejection            = GRJ / RRJ / URJ (by the rejected request) with rejectReason
//                          securityDenial (401/403/494), terminalExcluded / invalidAlias /
//                          notCurrentlyRegistered (404), resourceUnavailable (503/504),
//                          undefinedReason (others); genericData "result" {number16 code, text
//                          reason} so the terminal tells 503/504 (retried) from 403; a
//                          lightweight RRQ for an unknown session gets fullRegistrationRequired,
//   key refusal          = URQ (requestSeqNum = RCF's + 1), reason securityDenial,
//                          endpointAlias, endpointIdentifier and gatekeeperIdentifier of the
//                          RCF, the session token (RAND echo) and cryptoEPPwdHash (RES) as proof,
//                          genericData "result" {403, reason}. No UCF is sent back (the soft
//                          switch has no answer hook after verifying a refusal); URJ decodes
//                          as an acknowledgement.
//   keepalive, de-registration and their answers: ras_binding_life.cpp (lightweight RRQ → RCF
//                          without h235Key; URQ without securityDenial → UCF; requestSeqNums
//                          from terminal_view::sequence). SPIs and lifetimes of 0 are not
//                          carried (timeToLive absent); an SPI item of 0..255 is malformed.
//   undecodable request  = GRJ / RRJ / URJ undefinedReason with result 400 when the message type
//                          and requestSeqNum can still be read.
#pragma once

#include "protocols/dialogue/binding.hpp"
#include "protocols/ras/message.hpp"

namespace ngn::dialogue {

class ras_binding final : public binding {
public:
  protocol proto() const noexcept override;
  NGN_DIALOGUE_BINDING_MEMBERS;

  /// The RAS message behind an inbound this binding decoded.
  static const ras::ras_message& message_of(const inbound& in);
  /// Edits the decoded model in place instead of a copy of it (binding.hpp).
  std::string relay(inbound&& msg, const relay_edit& edit) const override;

private:
  /// The relay's edits of `m` (msg's model or a copy of it), re-encoded.
  static std::string relay_model(ras::ras_message m, const content& c, const relay_edit& edit);
};

} // namespace ngn::dialogue
