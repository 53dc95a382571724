// The registration's life in the sip binding (DESIGN.md §1.2): keepalive, the edge's answer to
// it (or its audit), de-registration and the registrar's answer.
//   keepalive            = OPTIONS sip:<domain> (RFC 3261 §11.1) from the terminal to the edge:
//                          From the terminal's AOR, To the domain, a Call-ID of its own
//                          (§8.1.1.4: an OPTIONS outside a dialog is a new call), CSeq =
//                          the terminal's sequence;
//   keepalive answer     = 200 OK to it (§11.2) with Allow: REGISTER, OPTIONS;
//   de-registration      = REGISTER with Expires: 0 (§10.2.2) for the terminal's Contact, on the
//                          Call-ID of its registrations (§10.2.4) with the next CSeq, no
//                          Authorization and no Reason (those make it a key refusal);
//   de-registered        = 200 OK with the removed Contact and expires=0 (§10.3 step 8: every
//                          Contact carries its expires; Wireshark shows "removed 1 binding"),
//                          or Expires: 0 when the request removed Contact: *; without
//                          Authentication-Info.
// The edge audits nothing in SIP: edge_keepalive() is empty.
#include "protocols/dialogue/sip_binding.hpp"
#include "protocols/dialogue/sip_util.hpp"

namespace ngn::dialogue {

using namespace sip_util;

std::string sip_binding::keepalive(const terminal_view& t) const {
  const std::uint32_t cseq = cseq_of(t, 1);
  sip::message m;
  m.method = "OPTIONS";
  m.request_uri = "sip:" + std::string(t.domain);
  m.vias.push_back(terminal_via(t, cseq));
  m.max_forwards = 70;
  m.from.uri = "sip:" + std::string(t.identity);
  sip::set_tag(m.from, from_tag(t));
  m.to.uri = m.request_uri;
  // RFC 3261 §8.1.1.4: a new request outside a dialog has a Call-ID of its own.
  m.call_id = hex32(t.number) + "." + std::to_string(cseq) + "@" + t.local.host();
  m.cseq = sip::cseq{cseq, "OPTIONS"};
  return sip::encode(m);
}

std::string sip_binding::deregistration(const terminal_view& t) const {
  // RFC 3261 §10.2.2: Expires 0 removes the binding of this Contact. The sec-agree headers are
  // not sent: they would need the Security-Verify mirror of the challenge's list (RFC 3329
  // §2.3.1), which terminal_view does not carry; the message travels inside the SAs anyway.
  terminal_view v = t;
  v.offered = nullptr;
  v.lifetime = 0;
  return sip::encode(terminal_register(v, cseq_of(t, 1), from_tag(t)));
}

std::string sip_binding::edge_keepalive(const edge_keepalive_fields&) const {
  return {}; // the terminal sends the keepalive (keepalive_by_edge() is false)
}

std::string sip_binding::answer_keepalive(const inbound& keepalive,
                                          const keepalive_fields& f) const {
  const auto* req = std::get_if<sip::message>(&keepalive.original);
  if (req == nullptr || !req->is_request || req->method != "OPTIONS") return {};
  // RFC 3261 §11.2: 200 with Allow.
  auto r = sip::make_response(*req, 200, "OK");
  if (r.to.tag().empty()) sip::set_tag(r.to, local_tag(f.session_id));
  r.other.push_back(sip::header{"Allow", std::string(allowed_methods)});
  return sip::encode(r);
}

std::string sip_binding::answer_deregistration(const inbound& deregistration,
                                               const answer_fields&) const {
  const auto* req = std::get_if<sip::message>(&deregistration.original);
  if (req == nullptr || !req->is_request || req->method != "REGISTER") return {};
  // RFC 3261 §10.3 step 8: 200 with the bindings as they now are — the removed Contact with
  // expires=0 (the Contact's expires is what counts, §10.2.1.1: no Expires header beside it,
  // which Wireshark would count as a second removal); Contact: * is not echoed, Expires: 0 says
  // it then.
  auto r = sip::make_response(*req, 200, "OK");
  if (r.to.tag().empty()) sip::set_tag(r.to, local_tag(deregistration.c.session_id));
  r.contacts = req->contacts;
  for (auto& ct : r.contacts) sip::set_param(ct.params, "expires", "0", false);
  if (r.contacts.empty()) r.expires = 0;
  return sip::encode(r);
}

} // namespace ngn::dialogue
