// The RAS binding: decoding and the soft switch's side (ras_binding.hpp lists the layout).
#include "protocols/dialogue/ras_binding.hpp"

#include "protocols/dialogue/ras_util.hpp"
#include "protocols/ras/codec.hpp"

#include <algorithm>

namespace ngn::dialogue {

using namespace ras_util;

namespace {

template <class... F>
struct overloaded : F... {
  using F::operator()...;
};
template <class... F>
overloaded(F...) -> overloaded<F...>;

result<void> read_mechanisms(const generic_list& data, const ras::object_identifier& kind,
                             mechanism_list& out) {
  auto m = mechanisms_of(data, kind);
  if (!m) return m.error();
  out = std::move(*m);
  return {};
}

/// The SPI item of `kind` into `out` (0 when absent).
result<void> read_spi(const generic_list& data, const ras::object_identifier& kind,
                      std::uint32_t& out) {
  auto v = spi_of(data, kind);
  if (!v) return v.error();
  out = *v;
  return {};
}

result<void> decode_grq(const ras::grq& m, content& c) {
  c.kind = step::reg_request;
  c.identity = identity_of(m.endpoint_alias);
  if (c.identity.empty())
    return make_error(errc::malformed, 0, "GRQ without an h323-ID endpointAlias (identity)");
  // DESIGN.md §1.2: the terminal's inbound SPI (a GRQ has no timeToLive: the RRQ requests it).
  if (auto r = read_spi(m.generic_data, ids().spi_t, c.terminal_spi); !r) return r;
  return read_mechanisms(m.generic_data, ids().offered, c.offered);
}

/// The session-id token and the session token of a registration message or refusal: session
/// id and the RAND echo.
void read_session(const std::optional<std::vector<ras::clear_token>>& tokens, content& c) {
  c.session_id = session_of(tokens);
  const auto* t = find_token(tokens, ids().session_token);
  if (t != nullptr && t->challenge && t->challenge->size() == c.rand.size())
    std::copy(t->challenge->begin(), t->challenge->end(), c.rand.begin());
}

/// The cryptoEPPwdHash's RES as the proof: none when absent or 0 bits (the terminal could not
/// verify AUTN), empty when not whole octets of RES.
void read_word(const std::optional<std::vector<ras::crypto_h323_token>>& tokens, content& c) {
  const auto* w = verification_word_of(tokens);
  if (w == nullptr || w->bit_length == 0) return;
  c.proof = w->data;
  if (w->bit_length != w->data.size() * 8 || w->data.size() != std::tuple_size<res_t>::value)
    c.proof->clear();
}

/// The session a request of the registration's life names: its endpointIdentifier (the RCF's),
/// else the session-id token.
ngn::session_id life_session(const std::optional<std::u16string>& endpoint_identifier,
                             const std::optional<std::vector<ras::clear_token>>& tokens) {
  if (endpoint_identifier)
    if (auto s = session_of_endpoint(*endpoint_identifier)) return s;
  return session_of(tokens);
}

/// H.225.0 lightweight RRQ (keepAlive TRUE): the terminal keeps its registration alive.
result<void> decode_keepalive(const ras::rrq& m, content& c) {
  c.kind = step::keepalive;
  if (!m.endpoint_identifier || m.endpoint_identifier->empty())
    return make_error(errc::malformed, 0, "lightweight RRQ without an endpointIdentifier");
  c.identity = identity_of(m.terminal_alias);
  c.session_id = life_session(m.endpoint_identifier, m.tokens);
  c.lifetime = m.time_to_live.value_or(0);
  return {};
}

result<void> decode_rrq(const ras::rrq& m, content& c) {
  if (m.keep_alive) return decode_keepalive(m, c);
  c.kind = step::reg_message;
  c.identity = identity_of(m.terminal_alias);
  c.lifetime = m.time_to_live.value_or(0);
  if (auto r = read_spi(m.generic_data, ids().spi_t, c.terminal_spi); !r) return r;
  read_session(m.tokens, c);
  read_word(m.crypto_tokens, c);
  if (const auto* r = find_token(m.tokens, ids().resync_token)) {
    // TS 33.102 §6.3.5: AUTS = SQN_MS ⊕ AK* ‖ MAC-S, 14 octets.
    if (!r->challenge || r->challenge->size() != auts_t{}.size())
      return make_error(errc::malformed, 0, "resynchronisation token without a 14-octet AUTS");
    c.auts.emplace();
    std::copy(r->challenge->begin(), r->challenge->end(), c.auts->begin());
  }
  c.sec_agree_failed = sec_agree_failed(m.generic_data);
  if (auto r = read_mechanisms(m.generic_data, ids().offered, c.offered); !r) return r;
  mechanism_list chosen;
  if (auto r = read_mechanisms(m.generic_data, ids().chosen, chosen); !r) return r;
  if (!chosen.empty()) c.chosen = chosen.front().name;
  return read_mechanisms(m.generic_data, ids().mirror, c.edge);
}

/// URQ: with securityDenial the terminal's key refusal (proof of RES), otherwise its
/// de-registration (issue 9 spec).
result<void> decode_urq(const ras::urq& m, content& c) {
  c.identity = identity_of(m.endpoint_alias);
  const bool denial = m.reason && *m.reason == ras::unreg_request_reason{
                                                 ras::unreg_request_code::security_denial};
  if (!denial) {
    c.kind = step::deregistration;
    c.session_id = life_session(m.endpoint_identifier, m.tokens);
    return {};
  }
  c.kind = step::refusal;
  read_session(m.tokens, c);
  read_word(m.crypto_tokens, c);
  c.result = code::forbidden;
  if (auto r = result_of(m.generic_data)) {
    c.result = r->first;
    c.reason = std::move(r->second);
  }
  return {};
}

/// GRJ / RRJ: a challenge when the session token carries RAND‖AUTN, else a rejection.
template <class Reject>
result<void> decode_reject(const Reject& m, content& c) {
  c.is_response = true;
  const auto* t = find_token(m.tokens, ids().session_token);
  if (t != nullptr && t->general_id) c.identity = from_bmp(*t->general_id);
  c.session_id = session_of(m.tokens);
  if (t != nullptr && t->challenge) {
    if (t->challenge->size() != c.rand.size() + c.autn.size())
      return make_error(errc::malformed, 0, "challenge is not RAND‖AUTN (32 octets)");
    c.kind = step::challenge;
    c.result = code::unauthorized;
    std::copy_n(t->challenge->begin(), c.rand.size(), c.rand.begin());
    std::copy_n(t->challenge->begin() + c.rand.size(), c.autn.size(), c.autn.begin());
    if (auto r = read_mechanisms(m.generic_data, ids().edge, c.edge); !r) return r;
    if (auto r = read_spi(m.generic_data, ids().spi_e, c.edge_spi); !r) return r;
    mechanism_list chosen;
    if (auto r = read_mechanisms(m.generic_data, ids().chosen, chosen); !r) return r;
    if (!chosen.empty()) c.chosen = chosen.front().name;
    return {};
  }
  c.kind = step::rejection;
  if (auto r = result_of(m.generic_data)) {
    c.result = r->first;
    c.reason = std::move(r->second);
  } else {
    c.result = code_of(m.reject_reason);
  }
  return {};
}

/// True when an RCF carries anything of the key distribution: E_Kc(SK) (the session token's
/// h235Key), E_Ksp(SK), the message verification word or the chosen mechanism.
bool distributes_key(const ras::rcf& m, const ras::clear_token* session) {
  if (session != nullptr && session->h235_key) return true;
  if (find_token(m.tokens, ids().edge_key_token) != nullptr) return true;
  if (!mac_of(m.crypto_tokens).empty()) return true;
  auto chosen = mechanisms_of(m.generic_data, ids().chosen);
  return !chosen || !chosen->empty();
}

/// RCF: the answer to a lightweight RRQ when it carries nothing of the key distribution — above
/// all no h235Key in the session token (issue 9 spec) —, otherwise the success: one whose key was
/// stripped on the way is still the success, which the terminal refuses. timeToLive is the
/// granted / remaining lifetime.
result<void> decode_rcf(const ras::rcf& m, content& c) {
  c.is_response = true;
  c.identity = identity_of(m.terminal_alias);
  const auto* t = find_token(m.tokens, ids().session_token);
  c.session_id = session_of(m.tokens);
  c.lifetime = m.time_to_live.value_or(0);
  if (!distributes_key(m, t)) {
    c.kind = step::keepalive_answer;
    if (!c.session_id) c.session_id = session_of_endpoint(m.endpoint_identifier);
    return {};
  }
  c.kind = step::success;
  if (auto r = read_spi(m.generic_data, ids().spi_e, c.edge_spi); !r) return r;
  c.wrapped_t = wrapped_of(t);
  c.wrapped_edge = wrapped_of(find_token(m.tokens, ids().edge_key_token));
  c.mac = mac_of(m.crypto_tokens);
  mechanism_list chosen;
  if (auto r = read_mechanisms(m.generic_data, ids().chosen, chosen); !r) return r;
  if (!chosen.empty()) c.chosen = chosen.front().name;
  return {};
}

/// The session token an answer carries: the recipient's identity (the session id travels in
/// the session-id token beside it, add_session_id).
ras::clear_token session_token(std::string_view recipient, std::string_view sender) {
  ras::clear_token t;
  t.token_oid = ids().session_token;
  t.general_id = identifier(recipient);
  t.senders_id = identifier(sender);
  return t;
}

const std::optional<std::u16string>* gatekeeper_of(const ras::ras_message& m) {
  if (const auto* g = std::get_if<ras::grq>(&m)) return &g->gatekeeper_identifier;
  if (const auto* r = std::get_if<ras::rrq>(&m)) return &r->gatekeeper_identifier;
  if (const auto* u = std::get_if<ras::urq>(&m)) return &u->gatekeeper_identifier;
  return nullptr;
}

/// The protocol's own reject of a request: GRJ / RRJ / URJ with the neutral code in
/// genericData; nothing for responses.
std::string reject(const ras::ras_message& m, const ngn::session_id& session_id,
                   std::string_view identity, code c, std::string_view reason) {
  const auto seq = ras::request_seq_num(m);
  generic_list data;
  set_result(data, c, reason);
  std::optional<std::vector<ras::clear_token>> tokens;
  if (!identity.empty()) tokens = std::vector<ras::clear_token>{session_token(identity, {})};
  add_session_id(tokens, session_id);
  const auto* gk = gatekeeper_of(m);
  if (std::holds_alternative<ras::grq>(m)) {
    ras::grj r;
    r.request_seq_num = seq;
    r.protocol_identifier = ids().protocol;
    r.gatekeeper_identifier = *gk;
    r.reject_reason = grj_reason(c);
    r.tokens = std::move(tokens);
    r.generic_data = std::move(data);
    return to_wire(std::move(r));
  }
  if (const auto* rq = std::get_if<ras::rrq>(&m)) {
    ras::rrj r;
    r.request_seq_num = seq;
    r.protocol_identifier = ids().protocol;
    r.gatekeeper_identifier = *gk;
    r.reject_reason = rrj_reason(c);
    // H.323 §7.2.2: a lightweight RRQ for no known registration asks for a full one.
    if (rq->keep_alive && c == code::not_found)
      r.reject_reason = ras::registration_reject_code::full_registration_required;
    r.tokens = std::move(tokens);
    r.generic_data = std::move(data);
    return to_wire(std::move(r));
  }
  if (std::holds_alternative<ras::urq>(m)) {
    ras::urj r;
    r.request_seq_num = seq;
    r.reject_reason = urj_reason(c);
    r.tokens = std::move(tokens);
    r.generic_data = std::move(data);
    return to_wire(std::move(r));
  }
  return {};  // never answer a response
}

} // namespace

protocol ras_binding::proto() const noexcept { return protocol::h323; }

const ras::ras_message& ras_binding::message_of(const inbound& in) {
  return std::get<ras::ras_message>(in.original);
}

std::string ras_binding::hop_tid(std::string_view /*element*/, std::uint64_t n) const {
  return std::to_string(1 + n % 65535); // H.225.0 RequestSeqNum: 1..65535
}

result<inbound> ras_binding::decode(std::string_view wire) const {
  return decoded_in_place([&](inbound& in) -> result<void> {
    auto parsed = ras::decode(reinterpret_cast<const std::uint8_t*>(wire.data()), wire.size());
    if (!parsed) return std::move(parsed).error();
    in.original = std::move(*parsed);
    const auto* msg = &std::get<ras::ras_message>(in.original);
    content& c = in.c;
    c.tid = std::to_string(ras::request_seq_num(*msg));
    auto r = std::visit(
      overloaded{
        [&](const ras::grq& m) { return decode_grq(m, c); },
        [&](const ras::rrq& m) { return decode_rrq(m, c); },
        [&](const ras::urq& m) { return decode_urq(m, c); },
        [&](const ras::grj& m) { return decode_reject(m, c); },
        [&](const ras::rrj& m) { return decode_reject(m, c); },
        [&](const ras::rcf& m) { return decode_rcf(m, c); },
        [&](const ras::ucf& m) {  // the answer to a de-registration
          c.kind = step::deregistered;
          c.is_response = true;
          const auto* t = find_token(m.tokens, ids().session_token);
          c.session_id = session_of(m.tokens);
          if (t != nullptr && t->general_id) c.identity = from_bmp(*t->general_id);
          return result<void>{};
        },
        [&](const auto&) {  // GCF, URJ: answers with no dialogue meaning here
          c.kind = step::ack;
          c.is_response = true;
          return result<void>{};
        },
      },
      *msg);
    if (!r) return r.error();
    return {};
  });
}

std::string ras_binding::challenge(const inbound& request, const challenge_fields& f) const {
  const auto& m = message_of(request);
  // H.235.0 ClearToken: challenge = RAND ‖ AUTN (ChallengeString, 8..128 octets), random = the
  // session id the terminal echoes, generalID = the recipient, sendersID = the gatekeeper.
  ras::clear_token t = session_token(request.c.identity, f.realm);
  t.challenge.emplace(f.rand.begin(), f.rand.end());
  t.challenge->insert(t.challenge->end(), f.autn.begin(), f.autn.end());
  generic_list data;
  if (f.edge != nullptr) add_mechanisms(data, ids().edge, *f.edge);
  set_chosen(data, f.chosen, f.edge);
  set_spi(data, ids().spi_e, f.edge_spi);  // DESIGN.md §1.2: when the SS is the edge
  if (std::holds_alternative<ras::rrq>(m)) {
    // A fresh challenge after a resynchronising RRQ answers that RRQ (H.225.0 §7.6).
    ras::rrj r;
    r.request_seq_num = ras::request_seq_num(m);
    r.protocol_identifier = ids().protocol;
    r.gatekeeper_identifier = identifier(f.realm);
    r.reject_reason = ras::registration_reject_code::security_denial;
    r.tokens = std::vector<ras::clear_token>{std::move(t)};
    add_session_id(r.tokens, f.session_id);
    r.generic_data = std::move(data);
    return to_wire(std::move(r));
  }
  if (!std::holds_alternative<ras::grq>(m)) return {};
  ras::grj r;
  r.request_seq_num = ras::request_seq_num(m);
  r.protocol_identifier = ids().protocol;
  r.gatekeeper_identifier = identifier(f.realm);
  r.reject_reason = ras::gatekeeper_reject_code::security_denial;
  r.tokens = std::vector<ras::clear_token>{std::move(t)};
  add_session_id(r.tokens, f.session_id);
  r.generic_data = std::move(data);
  return to_wire(std::move(r));
}

std::string ras_binding::success(const inbound& reg_message, const success_fields& f) const {
  const auto* req = std::get_if<ras::rrq>(&message_of(reg_message));
  if (req == nullptr) return {};
  const auto& identity = reg_message.c.identity;
  ras::rcf r;
  r.request_seq_num = req->request_seq_num;
  r.protocol_identifier = ids().protocol;
  r.call_signal_address = {transport(f.local, call_signal_port)};
  r.terminal_alias = alias_of(identity);
  r.gatekeeper_identifier = identifier(f.realm);
  r.endpoint_identifier = endpoint_id(f.session_id);
  if (f.lifetime != 0) r.time_to_live = f.lifetime;
  // DESIGN.md §1 step 6: E_Kc(SK) for the terminal; E_Ksp(SK) for the proxy on SS → SP only.
  ras::clear_token t = session_token(identity, f.realm);
  t.h235_key = wrapped_key(f.wrapped_t.data(), f.wrapped_t.size());
  r.tokens = std::vector<ras::clear_token>{std::move(t)};
  add_session_id(r.tokens, f.session_id);
  if (!f.wrapped_edge.empty()) {
    ras::clear_token e = session_token({}, f.realm);
    e.token_oid = ids().edge_key_token;
    e.h235_key = wrapped_key(f.wrapped_edge.data(), f.wrapped_edge.size());
    r.tokens->push_back(std::move(e));
  }
  if (!f.mac.empty())
    r.crypto_tokens = std::vector<ras::crypto_h323_token>{
      mac_token(identity, f.session_id, f.mac.data(), f.mac.size())};
  set_chosen(r.generic_data, f.chosen, f.edge);
  set_spi(r.generic_data, ids().spi_e, f.edge_spi);
  return to_wire(std::move(r));
}

std::string ras_binding::rejection(const inbound& msg, code c, std::string_view reason,
                                   address) const {
  if (msg.c.is_response) return {};
  return reject(message_of(msg), msg.c.session_id, msg.c.identity, c, reason);
}

std::string ras_binding::malformed_answer(std::string_view wire, const codec_error& err,
                                          address) const {
  // The preamble of GRQ / RRQ / URQ: RasMessage index, extension bit and the root OPTIONAL
  // bits, then requestSeqNum (X.691 §19, §23); answer if they can still be read.
  ras::bit_reader r(reinterpret_cast<const std::uint8_t*>(wire.data()), wire.size());
  auto c = r.choice(25, true);
  if (!c || c->extension) return {};
  unsigned preamble = 0;
  ras::ras_message m;
  switch (c->index) {
    case 0: preamble = 5; m = ras::grq{}; break;
    case 3: preamble = 4; m = ras::rrq{}; break;
    case 6: preamble = 4; m = ras::urq{}; break;
    default: return {};
  }
  if (!r.bits(preamble)) return {};
  auto seq = r.constrained_whole_number(1, 65535);
  if (!seq) return {};
  std::visit([&](auto& x) { x.request_seq_num = static_cast<std::uint16_t>(*seq); }, m);
  return reject(m, ngn::session_id{}, {}, code::bad_request, "malformed RAS message: " + err.describe());
}

} // namespace ngn::dialogue
