// The H.248 binding: decoding, and the soft switch's side (challenge, verify, success, rejection,
// answers to malformed input). The terminal's side and the proxy's relay are in
// h248_binding_terminal.cpp.
#include "protocols/dialogue/h248_binding.hpp"

#include "protocols/common/hex.hpp"
#include "protocols/dialogue/h248_util.hpp"
#include "protocols/h248/builders.hpp"
#include "protocols/h248/syntax.hpp"
#include "protocols/h248/xsec.hpp"

namespace ngn::dialogue {

using namespace h248_util;
namespace x = h248::xsec;

namespace {

codec_error unsupported(std::string detail) {
  return make_error(errc::unsupported, 0, std::move(detail));
}
codec_error malformed(std::string detail) {
  return make_error(errc::malformed, 0, std::move(detail));
}

/// The identity of a terminal's message: the xsec `uid`, else its mId when a deviceName.
std::string terminal_identity(std::string uid, const h248::message& m) {
  if (uid.empty()) return identity_of_termination(m.mid);
  return uid;
}

/// The verification word (RES: 8 octets; none when the terminal could not verify AUTN) and the
/// RAND of the challenge it answers.
void read_proof(const x::response& r, content& c) {
  if (!r.vw.empty()) {
    c.proof = r.vw;
    if (r.vw.size() != std::tuple_size<res_t>::value) c.proof->clear();
  }
  if (r.rand.size() == c.rand.size()) std::copy(r.rand.begin(), r.rand.end(), c.rand.begin());
}

const h248::observed_event* find_resp(const h248::observed_events_descriptor& oe) noexcept {
  for (const auto& e : oe.events)
    if (h248::iequals(e.pkgd_name, x::resp)) return &e;
  return nullptr;
}

/// The registration request (ServiceChange, H.248.1 §7.2.8 / §11.2).
std::optional<codec_error> decode_service_change(const h248::message& m,
                                                 const h248::service_change_request& sc,
                                                 content& c) {
  const auto& p = sc.service_change_parms;
  c.kind = step::reg_request;
  const h248::parameter* uid = h248::find_parameter(p.extensions, x::uid_extension);
  c.identity = terminal_identity(uid != nullptr ? uid->value : std::string{}, m);
  if (c.identity.empty()) return malformed("ServiceChange without an identity (mId or X-UID)");
  if (h248::find_parameter(p.extensions, x::secm_extension) != nullptr) {
    auto list = x::get_secm(p);
    if (!list) return malformed("X-SECM is not a mechanism list");
    c.offered = from_xsec(*list);
  }
  // DESIGN.md §1.2: the requested lifetime and the terminal's inbound SPI.
  const auto lt = x::get_uint_extension(p, x::lt_extension);
  if (!lt) return malformed("X-LT is not a UINT32");
  c.lifetime = *lt;
  const auto spi = x::get_uint_extension(p, x::spic_extension);
  if (!spi || !spi_ok(*spi)) return malformed("X-SPIC is not an SPI (256..2^32-1)");
  c.terminal_spi = *spi;
  // Taking the terminal out of service = de-registration (DESIGN.md §1.2).
  if (p.method == h248::service_change_method::forced
      || p.method == h248::service_change_method::graceful)
    c.kind = step::deregistration;
  return std::nullopt;
}

const h248::observed_event* find_inactivity(const h248::observed_events_descriptor& oe) noexcept {
  for (const auto& e : oe.events)
    if (h248::iequals(e.pkgd_name, h248::inactivity::timeout)) return &e;
  return nullptr;
}

/// The registration message (Notify with the observed xsec/resp), or the keepalive (Notify with
/// the observed it/ito, H.248.14; its RequestID is derived from the session kept alive, which
/// the SAs protecting it identify).
std::optional<codec_error> decode_notify(const h248::message& m, const h248::notify_request& n,
                                         content& c) {
  const h248::observed_event* e = find_resp(n.observed_events);
  if (e == nullptr) {
    if (find_inactivity(n.observed_events) == nullptr)
      return unsupported("Notify without xsec/resp or it/ito");
    c.kind = step::keepalive;
    c.identity = terminal_identity({}, m);
    if (c.identity.empty()) c.identity = identity_of_termination(n.termination_id);
    return std::nullopt;
  }
  auto r = x::read_resp(*e);
  if (!r) return malformed("bad xsec/resp parameters");
  if (!spi_ok(r->spic)) return malformed("spic is not an SPI (256..2^32-1)");
  c.kind = step::reg_message;
  c.session_id = session_of_sid(r->sid); // xsec sid, the full 128 bits (issue 12 item 3)
  c.identity = terminal_identity(std::move(r->uid), m);
  if (c.identity.empty()) return malformed("Notify without an identity (uid or mId)");
  read_proof(*r, c);
  c.chosen = std::move(r->mech);
  if (!r->auts.empty()) {
    // TS 33.102 §6.3.3: AUTS = (SQN_MS ⊕ AK*) ‖ MAC-S, 14 octets.
    if (r->auts.size() != std::tuple_size<auts_t>::value) return malformed("auts is not 14 bytes");
    auts_t a{};
    std::copy(r->auts.begin(), r->auts.end(), a.begin());
    c.auts = a;
  }
  c.offered = from_xsec(r->secm);
  c.edge = from_xsec(r->secv);
  c.sec_agree_failed = r->sec_agree_failed;
  c.lifetime = r->lt;
  c.terminal_spi = r->spic;
  return std::nullopt;
}

/// The soft switch's Modify: challenge (xsec/chal) or key delivery (xsec/key).
std::optional<codec_error> decode_modify(const h248::transaction_request& rq,
                                         const h248::amm_request& amm, content& c) {
  if (amm.kind != h248::amm_kind::modify)
    return unsupported("Add/Move is not part of the dialogue");
  if (const auto* s = x::find_signal(amm, x::chal)) {
    auto ch = x::read_chal(*s);
    if (!ch) return malformed("bad xsec/chal parameters");
    if (ch->rand.size() != 16 || ch->autn.size() != 16)
      return malformed("xsec/chal without a 16-byte rand and autn");
    c.kind = step::challenge;
    std::copy(ch->rand.begin(), ch->rand.end(), c.rand.begin());
    std::copy(ch->autn.begin(), ch->autn.end(), c.autn.begin());
    // The session id the terminal must echo in its Notify's xsec/resp.
    c.session_id = session_of_sid(ch->sid);
    c.identity =
      ch->uid.empty() ? identity_of_termination(amm.termination_id) : std::move(ch->uid);
    c.edge = from_xsec(ch->secs);
    c.chosen = std::move(ch->mech);
    if (!spi_ok(ch->spis)) return malformed("spis is not an SPI (256..2^32-1)");
    c.edge_spi = ch->spis;
    return std::nullopt;
  }
  if (const auto* s = x::find_signal(amm, x::key)) {
    auto k = x::read_key(*s);
    if (!k) return malformed("bad xsec/key parameters");
    if (k->ekey.empty()) return malformed("xsec/key without ekey");
    c.kind = step::success;
    c.session_id = session_of_sid(k->sid);
    c.identity =
      k->uid.empty() ? identity_of_termination(amm.termination_id) : std::move(k->uid);
    c.wrapped_t = std::move(k->ekey);
    c.wrapped_edge = std::move(k->pkey);
    c.mac = std::move(k->mac);
    c.chosen = std::move(k->mech);
    if (!spi_ok(k->spis)) return malformed("spis is not an SPI (256..2^32-1)");
    c.lifetime = k->lt;
    c.edge_spi = k->spis;
    return std::nullopt;
  }
  return unsupported("Modify without xsec/chal or xsec/key");
}

std::optional<codec_error> decode_request(const h248::message& m,
                                          const h248::transaction_request& rq, inbound& in) {
  const h248::command_request* cmd = command_of(rq);
  if (cmd == nullptr) return unsupported("a transaction with more than one action or command");
  content& c = in.c;
  c.tid = format_tid(rq.transaction_id);
  if (const auto* sc = std::get_if<h248::service_change_request>(cmd))
    return decode_service_change(m, *sc, c);
  if (const auto* n = std::get_if<h248::notify_request>(cmd)) return decode_notify(m, *n, c);
  const auto* amm = std::get_if<h248::amm_request>(cmd);
  if (amm == nullptr) return unsupported("Subtract is not part of the registration dialogue");
  if (auto err = decode_modify(rq, *amm, c)) return err;
  // H.248.1 §8.2.2: the terminal (MG) acknowledges the soft switch's command with a Reply, sent
  // from its own mId, which is its TerminationID. The binding interface wants it from decode()
  // (the terminal sends it at once); the proxy decodes the same Modify and never sends it, hence
  // the direct writer instead of building and encoding the Reply's model.
  in.ack = modify_ack(amm->termination_id, rq.transaction_id);
  return std::nullopt;
}

void set_error(content& c, step kind, const h248::error_descriptor& e) {
  c.kind = kind;
  c.result = code_of(e.error_code);
  c.reason = e.error_text;
}

std::optional<codec_error> decode_reply(const h248::transaction_reply& rp, content& c) {
  c.is_response = true;
  c.tid = format_tid(rp.transaction_id);
  if (rp.error) {
    set_error(c, step::rejection, *rp.error);
    return std::nullopt;
  }
  for (const auto& a : rp.action_replies) {
    for (const auto& cr : a.command_replies) {
      if (const auto* r = std::get_if<h248::amms_reply>(&cr)) {
        if (!r->error) continue;
        // The terminal refuses the key: negative reply to the key Modify, RES as proof.
        set_error(c, step::refusal, *r->error);
        c.identity = identity_of_termination(r->termination_id);
        if (r->observed_events) {
          // The proof names the session by its xsec sid; without one it answers no session.
          if (const auto* e = find_resp(*r->observed_events)) {
            auto resp = x::read_resp(*e);
            if (!resp) return malformed("bad xsec/resp parameters");
            c.session_id = session_of_sid(resp->sid);
            read_proof(*resp, c);
            if (!resp->uid.empty()) c.identity = std::move(resp->uid);
          }
        }
        return std::nullopt;
      }
      const std::string* term = nullptr;
      const std::optional<h248::error_descriptor>* err = nullptr;
      if (const auto* sc = std::get_if<h248::service_change_reply>(&cr)) {
        term = &sc->termination_id;
        err = &sc->error;
      } else {
        const auto& n = std::get<h248::notify_reply>(cr);
        term = &n.termination_id;
        err = &n.error;
      }
      if (*err) {
        set_error(c, step::rejection, **err);
        c.identity = identity_of_termination(*term);
        return std::nullopt;
      }
      // A ServiceChange Reply on its own answers a de-registration (the one answering the
      // registration request always comes with the challenge Modify, h248_binding.hpp).
      if (std::holds_alternative<h248::service_change_reply>(cr)) c.kind = step::deregistered;
    }
    if (a.error) {
      set_error(c, step::rejection, *a.error);
      return std::nullopt;
    }
  }
  if (c.kind != step::deregistered) c.kind = step::ack;
  return std::nullopt;
}

/// The transaction request of an inbound the binding decoded, and its single command.
struct request_parts {
  const h248::transaction_request* rq = nullptr;
  const h248::command_request* cmd = nullptr;
};
request_parts parts_of(const inbound& in) {
  request_parts p;
  const auto* m = std::get_if<h248::message>(&in.original);
  if (m == nullptr) return p;
  p.rq = request_of(*m);
  if (p.rq != nullptr) p.cmd = command_of(*p.rq);
  return p;
}

h248::transaction_request single_request(std::uint32_t tid, h248::command_request cmd) {
  h248::action_request a;
  a.commands.push_back(std::move(cmd));
  h248::transaction_request t;
  t.transaction_id = tid;
  t.actions.push_back(std::move(a));
  return t;
}

/// The soft switch's message: the Reply that closes the terminal's transaction `p` and, in the
/// same message, its own Modify transaction `tid` on the terminal's TerminationID.
std::string answer_with_modify(const request_parts& p, address local, std::uint32_t tid,
                               const std::string& termination,
                               std::optional<h248::events_descriptor> events,
                               h248::signal_request signal) {
  h248::message m;
  m.mid = element_mid(local);
  m.transactions.reserve(2);
  m.transactions.emplace_back(positive_reply(p.rq->transaction_id, *p.cmd));
  m.transactions.emplace_back(single_request(
    tid, h248::make_modify(termination, std::move(events),
                           h248::make_signals({std::move(signal)}))));
  return encode_or_empty(m);
}

bool is_lwsp(char c) noexcept { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

/// The TransactionID of a message that failed to decode, when it starts like a Megaco message
/// (`MEGACO/v mId` or `!/v mId`) followed by `Transaction = N` (or `T=N`); nullopt otherwise:
/// replies and pendings are never answered (H.248.1 Annex B).
std::optional<std::uint32_t> recover_request_tid(std::string_view wire) {
  constexpr std::size_t scan_limit = 4096;
  if (wire.size() > scan_limit) wire = wire.substr(0, scan_limit);
  std::size_t i = 0;
  auto skip_lwsp = [&] {
    while (i < wire.size() && is_lwsp(wire[i])) ++i;
  };
  auto skip_word = [&] {
    while (i < wire.size() && !is_lwsp(wire[i])) ++i;
  };
  skip_lwsp();
  const std::string_view head = wire.substr(i, 7);
  if (!h248::iequals(head, "MEGACO/") && head.substr(0, 2) != "!/") return std::nullopt;
  skip_word(); // MegacopToken "/" Version
  skip_lwsp();
  skip_word(); // mId
  skip_lwsp();
  const std::size_t start = i;
  while (i < wire.size() && h248::is_alpha(wire[i])) ++i;
  const std::string_view token = wire.substr(start, i - start);
  if (!h248::iequals(token, "Transaction") && !h248::iequals(token, "T")) return std::nullopt;
  skip_lwsp();
  if (i == wire.size() || wire[i] != '=') return std::nullopt;
  ++i;
  skip_lwsp();
  const std::size_t digits = i;
  while (i < wire.size() && h248::is_digit(wire[i])) ++i;
  return parse_tid(wire.substr(digits, i - digits));
}

} // namespace

const h248::message& h248_binding::message_of(const inbound& in) {
  return std::get<h248::message>(in.original);
}

std::string h248_binding::hop_tid(std::string_view /*element*/, std::uint64_t n) const {
  return format_tid(static_cast<std::uint32_t>(1 + n % 999'999'999)); // H.248.1 §8.2.1
}

result<inbound> h248_binding::decode(std::string_view wire) const {
  return decoded_in_place([&](inbound& in) -> result<void> {
    auto parsed = h248::parse(wire);
    if (!parsed) return parsed.error();
    in.original = std::move(*parsed);
    const h248::message& m = std::get<h248::message>(in.original);
    content& c = in.c;
    if (m.error) {
      // A message-level Error descriptor (H.248.1 Annex B messageBody): the whole message failed.
      c.is_response = true;
      set_error(c, step::rejection, *m.error);
    } else {
      std::size_t requests = 0, replies = 0, pendings = 0;
      for (const auto& t : m.transactions) {
        if (std::holds_alternative<h248::transaction_request>(t)) ++requests;
        else if (std::holds_alternative<h248::transaction_reply>(t)) ++replies;
        else ++pendings;
      }
      // The shapes this binding produces: a request, a reply, a reply closing the peer's
      // transaction together with a new request, or a Pending.
      if (requests > 1 || replies > 1 || (pendings != 0 && m.transactions.size() != 1))
        return unsupported("transactions that are not part of the registration dialogue");
      if (pendings != 0) {
        c.kind = step::ack;
        c.is_response = true;
        c.tid = format_tid(h248::transaction_id(m.transactions.front()));
      } else {
        if (const auto* rq = request_of(m))
          if (auto err = decode_request(m, *rq, in)) return std::move(*err);
        if (const auto* rp = reply_of(m)) {
          if (requests != 0) {
            // The reply closes the transaction the message answers: routed by its id.
            c.is_response = true;
            c.tid = format_tid(rp->transaction_id);
          } else if (auto err = decode_reply(*rp, c)) {
            return std::move(*err);
          }
        }
      }
    }
    return {};
  });
}

std::string h248_binding::challenge(const inbound& request, const challenge_fields& f) const {
  const request_parts p = parts_of(request);
  if (p.cmd == nullptr) return {};
  // The first challenge answers the ServiceChange; a fresh one after a resynchronisation
  // answers the Notify that carried AUTS.
  const bool first = std::holds_alternative<h248::service_change_request>(*p.cmd);
  x::challenge ch;
  ch.result = 401;
  ch.uid = request.c.identity;
  ch.rand.assign(f.rand.begin(), f.rand.end());
  ch.autn.assign(f.autn.begin(), f.autn.end());
  if (f.edge != nullptr) ch.secs = to_xsec(*f.edge);
  ch.mech = std::string(f.chosen);
  ch.spis = f.edge_spi; // DESIGN.md §1.2: the edge's inbound SPI, when the SS is the edge
  ch.sid.assign(f.session_id.bytes.begin(), f.session_id.bytes.end());
  // Events = <RequestID> { xsec/resp }: the terminal's Notify echoes the RequestID and, in
  // xsec/resp, the sid.
  return answer_with_modify(p, f.local, challenge_tid(f.session_id, first, f.rand),
                            termination_of(request.c.identity),
                            h248::make_events(request_id_of(f.session_id),
                                              {x::make_resp_request()}),
                            x::make_chal(ch));
}

std::string h248_binding::success(const inbound& reg_message, const success_fields& f) const {
  const request_parts p = parts_of(reg_message);
  if (p.cmd == nullptr) return {};
  x::key_delivery k;
  k.result = 200;
  k.uid = reg_message.c.identity;
  k.ekey.assign(f.wrapped_t.begin(), f.wrapped_t.end());
  k.pkey.assign(f.wrapped_edge.begin(), f.wrapped_edge.end());
  k.mac.assign(f.mac.begin(), f.mac.end());
  k.mech = std::string(f.chosen);
  k.lt = f.lifetime;    // the granted lifetime (DESIGN.md §1.2)
  k.spis = f.edge_spi;  // the edge's inbound SPI, when the SS is the edge
  k.sid.assign(f.session_id.bytes.begin(), f.session_id.bytes.end());
  return answer_with_modify(p, f.local, key_tid(f.session_id),
                            termination_of(reg_message.c.identity), std::nullopt, x::make_key(k));
}

std::string h248_binding::rejection(const inbound& msg, code c, std::string_view reason,
                                    address local) const {
  if (msg.c.is_response) return {}; // never answer a response
  const request_parts p = parts_of(msg);
  if (p.rq == nullptr) return {};
  const std::uint16_t e = error_of(c);
  h248::error_descriptor err{e, quotable(reason.empty() ? error_text(e) : reason)};
  h248::transaction_reply t;
  t.transaction_id = p.rq->transaction_id;
  h248::action_reply a;
  if (p.cmd == nullptr) {
    t.error = std::move(err);
  } else if (const auto* sc = std::get_if<h248::service_change_request>(p.cmd)) {
    a.command_replies.push_back(
      h248::make_service_change_reply(sc->termination_id, std::move(err)));
  } else if (const auto* n = std::get_if<h248::notify_request>(p.cmd)) {
    a.command_replies.push_back(h248::make_notify_reply(n->termination_id, std::move(err)));
  } else if (const auto* amm = std::get_if<h248::amm_request>(p.cmd)) {
    a.command_replies.push_back(h248::make_modify_reply(
      amm->termination_id, std::move(err), static_cast<h248::amms_kind>(amm->kind)));
  } else {
    t.error = std::move(err);
  }
  if (!a.command_replies.empty()) t.action_replies.push_back(std::move(a));
  h248::message m;
  m.mid = element_mid(local);
  m.transactions.emplace_back(std::move(t));
  return encode_or_empty(m);
}

} // namespace ngn::dialogue

namespace ngn::dialogue {

std::string h248_binding::malformed_answer(std::string_view wire, const codec_error& err,
                                           address local) const {
  // H.248.1 Annex B / H.248.8: a transaction-level Error descriptor in the Reply to the
  // transaction that could not be decoded: 400 Syntax error, 501 Not Implemented.
  const auto tid = recover_request_tid(wire);
  if (!tid) return {};
  const std::uint16_t e = err.kind == errc::unsupported ? h248::error_code::not_implemented
                                                        : h248::error_code::syntax_error;
  return encode_or_empty(h248::make_error_reply(
    element_mid(local), *tid, h248::error_descriptor{e, quotable(err.describe())}));
}

} // namespace ngn::dialogue
