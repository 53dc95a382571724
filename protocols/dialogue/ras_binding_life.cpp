// The registration's life in the ras binding (DESIGN.md §1.2; H.323 §7.2.2 endpoint registration,
// messages per the H.225.0 v7 ASN.1): keepalive, the
// edge's answer to it, de-registration and the registrar's answer.
//
//   keepalive            = lightweight RRQ (H.323 §7.2.2): requestSeqNum = life_seq(sequence),
//                          keepAlive TRUE, endpointIdentifier = the session id as the RCF gave it,
//                          gatekeeperIdentifier, timeToLive = the requested lifetime,
//                          terminalAlias; every mandatory RRQ component still encoded
//                          (discoveryComplete FALSE, callSignalAddress, rasAddress, terminalType,
//                          endpointVendor, willSupplyUUIEs / maintainConnection FALSE); tokens
//                          [fresh session token{timeStamp = now, random = session id, generalID =
//                          the gatekeeper, sendersID = the terminal}],
//   keepalive answer     = RCF echoing requestSeqNum, endpointIdentifier and terminalAlias,
//                          gatekeeperIdentifier = realm, timeToLive = the lifetime left, tokens
//                          [session token{random = session id, generalID = identity, sendersID
//                          = realm}] without h235Key (which is what tells it from the success),
//   de-registration      = URQ (H.323 §7.2.2: the endpoint cancels): requestSeqNum =
//                          life_seq(sequence), callSignalAddress, endpointAlias,
//                          endpointIdentifier, gatekeeperIdentifier, no reason (a key refusal
//                          is the URQ with securityDenial), tokens [fresh session token],
//   deregistered         = UCF echoing requestSeqNum, tokens [session token{random = session id,
//                          generalID = identity, sendersID = realm}].
// The edge does not audit the terminal (keepalive_by_edge() is false): edge_keepalive is empty.
#include "protocols/dialogue/ras_binding.hpp"

#include "protocols/dialogue/ras_util.hpp"

namespace ngn::dialogue {

using namespace ras_util;

namespace {

/// The terminal's fresh session token (H.235.0 ClearToken: a new timeStamp in every request).
ras::clear_token fresh_token(const terminal_view& t) {
  ras::clear_token e;
  e.token_oid = ids().session_token;
  e.time_stamp = time_stamp(t.now);
  e.general_id = identifier(t.domain);
  e.senders_id = identifier(t.identity);
  return e;
}

/// The edge's / registrar's session token in an answer (the recipient) and the session id.
std::optional<std::vector<ras::clear_token>> answer_token(const ngn::session_id& session_id,
                                                          std::string_view recipient,
                                                          std::string_view realm) {
  ras::clear_token t;
  t.token_oid = ids().session_token;
  t.general_id = identifier(recipient);
  t.senders_id = identifier(realm);
  std::optional<std::vector<ras::clear_token>> tokens = std::vector<ras::clear_token>{std::move(t)};
  add_session_id(tokens, session_id);
  return tokens;
}

} // namespace

std::string ras_binding::keepalive(const terminal_view& t) const {
  ras::rrq m;
  m.request_seq_num = life_seq(t.sequence);
  m.protocol_identifier = ids().protocol;
  m.discovery_complete = false;
  m.call_signal_address = {transport(t.local, call_signal_port)};
  m.ras_address = {transport(t.local, ras_port)};
  m.terminal_type.terminal = ras::terminal_info{};
  m.terminal_alias = alias_of(t.identity);
  m.gatekeeper_identifier = identifier(t.domain);
  m.endpoint_vendor = vendor();
  if (t.lifetime != 0) m.time_to_live = t.lifetime;
  m.tokens = std::vector<ras::clear_token>{fresh_token(t)};
  add_session_id(m.tokens, t.session_id);
  m.keep_alive = true;
  m.endpoint_identifier = endpoint_id(t.session_id);
  return to_wire(std::move(m));
}

std::string ras_binding::deregistration(const terminal_view& t) const {
  ras::urq m;
  m.request_seq_num = life_seq(t.sequence);
  m.call_signal_address = {transport(t.local, call_signal_port)};
  m.endpoint_alias = alias_of(t.identity);
  m.endpoint_identifier = endpoint_id(t.session_id);
  m.gatekeeper_identifier = identifier(t.domain);
  m.tokens = std::vector<ras::clear_token>{fresh_token(t)};
  add_session_id(m.tokens, t.session_id);
  return to_wire(std::move(m));
}

std::string ras_binding::edge_keepalive(const edge_keepalive_fields&) const { return {}; }

std::string ras_binding::answer_keepalive(const inbound& keepalive,
                                          const keepalive_fields& f) const {
  if (keepalive.c.kind != step::keepalive) return {};
  const auto* rq = std::get_if<ras::rrq>(&message_of(keepalive));
  if (rq == nullptr || !rq->keep_alive) return {};
  ras::rcf r;
  r.request_seq_num = rq->request_seq_num;
  r.protocol_identifier = ids().protocol;
  r.call_signal_address = {transport(f.local, call_signal_port)};
  r.terminal_alias = rq->terminal_alias;
  r.gatekeeper_identifier = identifier(f.realm);
  r.endpoint_identifier = rq->endpoint_identifier && !rq->endpoint_identifier->empty()
                            ? *rq->endpoint_identifier
                            : endpoint_id(f.session_id);
  if (f.lifetime != 0) r.time_to_live = f.lifetime;  // the lifetime left (issue 9 spec)
  r.tokens = answer_token(f.session_id, keepalive.c.identity, f.realm);
  return to_wire(std::move(r));
}

std::string ras_binding::answer_deregistration(const inbound& deregistration,
                                               const answer_fields& f) const {
  if (deregistration.c.kind != step::deregistration) return {};
  const auto* rq = std::get_if<ras::urq>(&message_of(deregistration));
  if (rq == nullptr) return {};
  ras::ucf r;
  r.request_seq_num = rq->request_seq_num;
  r.tokens = answer_token(deregistration.c.session_id, deregistration.c.identity, f.realm);
  return to_wire(std::move(r));
}

} // namespace ngn::dialogue
