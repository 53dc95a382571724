// The H.248 binding of the registration dialogue (DESIGN.md §1.1, wire-bindings.md §4): Megaco
// text (H.248.1 Annex B) over UDP 2944, the terminal acting as a media gateway (MG) and the soft
// switch as its controller (MGC), with the project's "xsec" package (protocols/h248/xsec.hpp).
//
//   registration request = Transaction { ServiceChange = ROOT { Services { Method = Restart,
//                          Reason = "901 Cold Boot", ..., X-SECM = "<T's list>", X-LT =
//                          <requested lifetime>, X-SPIC = <T's inbound SPI> } } }; the identity
//                          is the mId (a deviceName; X-UID = identity is added when the identity
//                          is not a pathNAME).
//   challenge            = the Reply to that ServiceChange (Version = 1) and, in the same message,
//                          Transaction { Modify = <T> { Events = <session> { xsec/resp },
//                          Signals { xsec/chal { result = 401, uid, rand, autn, secs, spis =
//                          <the edge's inbound SPI>, mech } } } }
//                          + the terminal's Reply (Modify = <T>).
//   registration message = Transaction { Notify = <T> { ObservedEvents = <session> { xsec/resp {
//                          uid, vw = RES | auts = AUTS, rand = the RAND answered, secm, secv,
//                          lt = <requested lifetime>, spic = <T's inbound SPI> (a proxy adds
//                          secagree = failed and mech = its choice) } } } }.
//   success              = the Reply to that Notify and Transaction (2·session + 2) { Modify = <T>
//                          { Signals { xsec/key { result = 200, uid, ekey = E_Kc(SK), pkey
//                          (SS → SP only), mac, lt = <granted lifetime>, spis (when given),
//                          mech } } } } + the terminal's Reply.
//   rejection            = the Reply to the pending ServiceChange / Notify with an Error
//                          descriptor (402 Unauthorized, 430, 454, 500, 502, 503; h248_util).
//   key refusal          = the terminal's Reply to the key Modify with Error = 402 { "<reason>" }
//                          and ObservedEvents = <session> { xsec/resp { uid, vw = RES, rand } }
//                          (proof).
//   keepalive, de-registration and their answers: h248_binding_life.cpp (Notify it/ito,
//                          ServiceChange Forced; transaction ids from terminal_view::sequence).
// Lifetimes and SPIs of 0 are not carried (absent decodes as 0); an SPI of 1..255 is malformed.
// <T> is the terminal's TerminationID, derived from the identity (h248_util::termination_of); it
// is also the terminal's mId. The soft switch answers the terminal's transactions with its next
// dialogue message (no separate acknowledgement); the terminal acknowledges the soft switch's
// Modify commands at once (inbound::ack).
#pragma once

#include "protocols/dialogue/binding.hpp"
#include "protocols/h248/message.hpp"

namespace ngn::dialogue {

class h248_binding final : public binding {
public:
  protocol proto() const noexcept override { return protocol::h248; }
  NGN_DIALOGUE_BINDING_MEMBERS;

  /// The H.248 message behind an inbound this binding decoded.
  static const h248::message& message_of(const inbound& in);
};

} // namespace ngn::dialogue
