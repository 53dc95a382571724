// The terminal's side of the RAS binding (H.225.0 §7.6 GRQ / RRQ / URQ) and the proxy's relay.
#include "protocols/dialogue/ras_binding.hpp"

#include "protocols/dialogue/ras_util.hpp"

#include <algorithm>

namespace ngn::dialogue {

using namespace ras_util;

namespace {

/// algorithmOIDs for the mechanisms that have a standard algorithm identifier, by decreasing q
/// (H.225.0 gives the list no priority field: order is preference, wire-bindings.md §5.2).
std::optional<std::vector<ras::object_identifier>> algorithm_oids(const mechanism_list& list) {
  mechanism_list sorted = list;
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const mechanism& a, const mechanism& b) { return a.q > b.q; });
  std::vector<ras::object_identifier> out;
  for (const auto& m : sorted) {
    if (m.name == "aes-gcm") out.push_back(ids().aes128_gcm);
    else if (m.name == "hmac-sha256") out.push_back(ids().hmac_sha256);
  }
  if (out.empty()) return std::nullopt;
  return out;
}

/// The requestSeqNum of a request that answers `prior` (an answer the terminal received).
std::uint16_t seq_after(const terminal_view& t, const inbound& prior) {
  auto s = parse_seq(prior.c.tid);
  return next_seq(s ? *s : first_seq(t.serial));
}

const std::optional<std::u16string>* gatekeeper_of(const ras::ras_message& m) {
  if (const auto* g = std::get_if<ras::grj>(&m)) return &g->gatekeeper_identifier;
  if (const auto* r = std::get_if<ras::rrj>(&m)) return &r->gatekeeper_identifier;
  if (const auto* c = std::get_if<ras::rcf>(&m)) return &c->gatekeeper_identifier;
  return nullptr;
}

/// The session token of the terminal's answers: echoes RAND (bound to the challenge),
/// generalID = the gatekeeper (recipient), sendersID = the terminal; the session id travels in
/// the session-id token beside it.
ras::clear_token echo_token(const terminal_view& t, const content& ch,
                            const std::optional<std::u16string>* gk) {
  ras::clear_token e;
  e.token_oid = ids().session_token;
  e.challenge.emplace(ch.rand.begin(), ch.rand.end());
  if (gk != nullptr) e.general_id = *gk;
  e.senders_id = identifier(t.identity);
  return e;
}

/// The RRQ answering `challenge`, without the verification word.
ras::rrq registration(const terminal_view& t, const inbound& challenge) {
  const auto* gk = gatekeeper_of(ras_binding::message_of(challenge));
  ras::rrq m;
  m.request_seq_num = seq_after(t, challenge);
  m.protocol_identifier = ids().protocol;
  m.discovery_complete = false;  // discovery ended with a GRJ, not a GCF
  m.call_signal_address = {transport(t.local, call_signal_port)};
  m.ras_address = {transport(t.local, ras_port)};
  m.terminal_type.terminal = ras::terminal_info{};
  m.terminal_alias = alias_of(t.identity);
  if (gk != nullptr) m.gatekeeper_identifier = *gk;
  m.endpoint_vendor = vendor();
  if (t.lifetime != 0) m.time_to_live = t.lifetime;
  m.tokens = std::vector<ras::clear_token>{echo_token(t, challenge.c, gk)};
  add_session_id(m.tokens, challenge.c.session_id);
  // T's list again, and its mirror of the edge's list (RFC 3329 §2.3.1 idea: anti bidding-down).
  if (t.offered != nullptr) add_mechanisms(m.generic_data, ids().offered, *t.offered);
  add_mechanisms(m.generic_data, ids().mirror, challenge.c.edge);
  set_spi(m.generic_data, ids().spi_t, t.spi);  // DESIGN.md §1.2: again in the message
  return m;
}

void set_seq(ras::ras_message& m, std::uint16_t seq) {
  std::visit([&](auto& x) { x.request_seq_num = seq; }, m);
}

} // namespace

std::string ras_binding::reg_request(const terminal_view& t) const {
  ras::grq m;
  m.request_seq_num = first_seq(t.serial);
  m.protocol_identifier = ids().protocol;
  m.ras_address = transport(t.local, ras_port);
  m.endpoint_type.terminal = ras::terminal_info{};
  m.gatekeeper_identifier = identifier(t.domain);
  m.endpoint_alias = alias_of(t.identity);
  // H.225.0 §7.6.1 / H.235.0: what the terminal can do, and its priorities (genericData).
  m.authentication_capability = std::vector<ras::authentication_mechanism>{
    ras::auth_mechanism::pwd_hash};
  if (t.offered != nullptr) {
    m.algorithm_oids = algorithm_oids(*t.offered);
    add_mechanisms(m.generic_data, ids().offered, *t.offered);
  }
  // DESIGN.md §1.2: the terminal's inbound SPI (0: none, e.g. a client without sec-agree).
  set_spi(m.generic_data, ids().spi_t, t.spi);
  return to_wire(std::move(m));
}

std::string ras_binding::reg_message(const terminal_view& t, const inbound& challenge,
                                     const res_t& res) const {
  auto m = registration(t, challenge);
  m.crypto_tokens = std::vector<ras::crypto_h323_token>{
    verification_word(t.identity, res.data(), res.size(), t.now)};
  return to_wire(std::move(m));
}

std::string ras_binding::resync_message(const terminal_view& t, const inbound& challenge,
                                        const auts_t& auts) const {
  auto m = registration(t, challenge);
  // TS 33.102 §6.3.5: AUTS instead of RES, in a ClearToken challenge (ChallengeString 8..128).
  ras::clear_token r;
  r.token_oid = ids().resync_token;
  r.challenge.emplace(auts.begin(), auts.end());
  m.tokens->push_back(std::move(r));
  return to_wire(std::move(m));
}

std::string ras_binding::auth_failure(const terminal_view& t, const inbound& challenge) const {
  auto m = registration(t, challenge);
  // TS 24.229 §5.1.1.5.3 in RAS terms: an empty verification word (a 0-bit hash).
  m.crypto_tokens = std::vector<ras::crypto_h323_token>{verification_word(t.identity, nullptr, 0, t.now)};
  return to_wire(std::move(m));
}

std::string ras_binding::refusal(const terminal_view& t, const inbound& challenge,
                                 const inbound& success, const res_t& res,
                                 std::string_view reason) const {
  const auto& ok = message_of(success);
  const auto* gk = gatekeeper_of(ok);
  // RAS has no answer to a confirm: the terminal unregisters (H.225.0 §7.6.2 URQ), proving RES.
  ras::urq m;
  m.request_seq_num = seq_after(t, success);
  m.call_signal_address = {transport(t.local, call_signal_port)};
  m.endpoint_alias = alias_of(t.identity);
  if (const auto* rcf = std::get_if<ras::rcf>(&ok); rcf && !rcf->endpoint_identifier.empty())
    m.endpoint_identifier = rcf->endpoint_identifier;
  if (gk != nullptr) m.gatekeeper_identifier = *gk;
  m.tokens = std::vector<ras::clear_token>{echo_token(t, challenge.c, gk)};
  add_session_id(m.tokens, challenge.c.session_id);
  m.crypto_tokens = std::vector<ras::crypto_h323_token>{
    verification_word(t.identity, res.data(), res.size(), t.now)};
  m.reason = ras::unreg_request_code::security_denial;
  set_result(m.generic_data, code::forbidden, reason);
  return to_wire(std::move(m));
}

std::string ras_binding::relay(const inbound& msg, const relay_edit& edit) const {
  return relay_model(message_of(msg), msg.c, edit);
}

std::string ras_binding::relay(inbound&& msg, const relay_edit& edit) const {
  return relay_model(std::move(std::get<ras::ras_message>(msg.original)), msg.c, edit);
}

std::string ras_binding::relay_model(ras::ras_message m, const content& c,
                                     const relay_edit& edit) {
  const auto seq = parse_seq(edit.tid);
  if (edit.direction == relay_edit::toward::softswitch) {
    // Requests get this hop's requestSeqNum, so the answer can be routed back.
    if (!c.is_response && seq) set_seq(m, *seq);
    if (auto* r = std::get_if<ras::rrq>(&m)) {
      // Only the proxy may assert these (ras_binding.hpp): what a terminal put there goes.
      erase_items(r->generic_data, ids().sec_agree);
      erase_items(r->generic_data, ids().chosen);
      if (edit.sec_agree_failed) set_sec_agree_failed(r->generic_data);
      if (!edit.chosen.empty()) set_chosen(r->generic_data, edit.chosen, nullptr);
    }
    return to_wire(std::move(m));
  }
  // Toward the terminal: the terminal's own requestSeqNum is restored.
  if (c.is_response && seq) set_seq(m, *seq);
  auto edit_challenge = [&](generic_list& data) {
    if (edit.edge != nullptr) {
      erase_items(data, ids().edge);
      add_mechanisms(data, ids().edge, *edit.edge);
    }
    if (!edit.chosen.empty()) set_chosen(data, edit.chosen, edit.edge);
    // The proxy is the edge: its inbound SPI replaces any the soft switch put there.
    if (edit.edge_spi != 0) set_spi(data, ids().spi_e, edit.edge_spi);
  };
  auto edit_rejection = [&](auto& r, auto reason) {
    if (!edit.result) return;
    auto prior = result_of(r.generic_data);
    set_result(r.generic_data, *edit.result, prior ? prior->second : std::string{});
    r.reject_reason = reason(*edit.result);
  };
  if (auto* g = std::get_if<ras::grj>(&m)) {
    if (c.kind == step::challenge) edit_challenge(g->generic_data);
    else edit_rejection(*g, grj_reason);
  } else if (auto* r = std::get_if<ras::rrj>(&m)) {
    if (c.kind == step::challenge) edit_challenge(r->generic_data);
    else edit_rejection(*r, rrj_reason);
  } else if (auto* u = std::get_if<ras::urj>(&m)) {
    edit_rejection(*u, urj_reason);
  } else if (auto* cf = std::get_if<ras::rcf>(&m)) {
    if (edit.strip_wrapped_edge) erase_tokens(cf->tokens, ids().edge_key_token);
    if (!edit.mac.empty()) {
      erase_mac(cf->crypto_tokens);
      if (!cf->crypto_tokens) cf->crypto_tokens.emplace();
      cf->crypto_tokens->push_back(
        mac_token(c.identity, c.session_id, edit.mac.data(), edit.mac.size()));
    }
    if (!edit.chosen.empty()) set_chosen(cf->generic_data, edit.chosen, edit.edge);
    if (edit.edge_spi != 0 && c.kind == step::success)
      set_spi(cf->generic_data, ids().spi_e, edit.edge_spi);
  }
  return to_wire(std::move(m));
}

} // namespace ngn::dialogue
