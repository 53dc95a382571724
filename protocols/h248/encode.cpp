// Pretty text encoder, part 1: message, transactions, actions and commands (see encoder.hpp).
#include "protocols/h248/encoder.hpp"
#include "protocols/h248/syntax.hpp"

namespace ngn::h248 {

namespace detail {

template <class A, class B>
bool encoder::termination_descriptors(token t, std::string_view tid, int level,
                                      const std::optional<A>& a,
                                      bool (encoder::*write_a)(const A&, int),
                                      const std::optional<B>& b,
                                      bool (encoder::*write_b)(const B&, int)) {
  head(level, t);
  if (!termination_id(tid)) return false;
  if (!a && !b) return true;
  open();
  bool first = true;
  if (a) {
    next(first);
    if (!(this->*write_a)(*a, level + 1)) return false;
  }
  if (b) {
    next(first);
    if (!(this->*write_b)(*b, level + 1)) return false;
  }
  close(level);
  return true;
}

bool encoder::command(const command_request& c, int level) {
  if (auto* sc = std::get_if<service_change_request>(&c)) {
    head(level, token::service_change);
    if (!termination_id(sc->termination_id)) return false;
    open();
    if (!services(sc->service_change_parms, level + 1)) return false;
    close(level);
    return true;
  }
  if (auto* amm = std::get_if<amm_request>(&c)) {
    token t = amm->kind == amm_kind::add    ? token::add
              : amm->kind == amm_kind::move ? token::move
                                            : token::modify;
    if (amm->kind != amm_kind::add && amm->kind != amm_kind::move
        && amm->kind != amm_kind::modify)
      return invalid("bad AmmRequest kind");
    return termination_descriptors(t, amm->termination_id, level, amm->events, &encoder::events,
                                   amm->signals, &encoder::signals);
  }
  if (auto* sub = std::get_if<subtract_request>(&c)) {
    head(level, token::subtract);
    return termination_id(sub->termination_id);
  }
  const auto& n = std::get<notify_request>(c);
  head(level, token::notify);
  if (!termination_id(n.termination_id)) return false;
  open();
  if (!observed_events(n.observed_events, level + 1)) return false;
  if (n.error) {
    put(",\r\n");
    if (!error_descriptor(*n.error, level + 1)) return false;
  }
  close(level);
  return true;
}

bool encoder::command_reply(const h248::command_reply& c, int level) {
  if (auto* sc = std::get_if<service_change_reply>(&c)) {
    if (sc->error && !sc->res_parms.empty())
      return invalid("ServiceChange reply with both Error and Services");
    head(level, token::service_change);
    if (!termination_id(sc->termination_id)) return false;
    if (sc->error) return optional_error(sc->error, level);
    if (sc->res_parms.empty()) return true;
    open();
    if (!services(sc->res_parms, level + 1)) return false;
    close(level);
    return true;
  }
  if (auto* r = std::get_if<amms_reply>(&c)) {
    token t;
    switch (r->kind) {
      case amms_kind::add: t = token::add; break;
      case amms_kind::move: t = token::move; break;
      case amms_kind::modify: t = token::modify; break;
      case amms_kind::subtract: t = token::subtract; break;
      default: return invalid("bad AmmsReply kind");
    }
    // terminationAudit: Error first, then ObservedEvents.
    return termination_descriptors(t, r->termination_id, level, r->error,
                                   &encoder::error_descriptor, r->observed_events,
                                   &encoder::observed_events);
  }
  const auto& n = std::get<notify_reply>(c);
  head(level, token::notify);
  return termination_id(n.termination_id) && optional_error(n.error, level);
}

bool encoder::action(const action_request& a, int level) {
  if (a.commands.empty()) return invalid("action without command");
  if (a.commands.size() > max_commands) return fail(errc::limit_exceeded, "too many commands");
  head(level, token::context);
  context_id(a.context_id);
  open();
  bool first = true;
  for (const command_request& c : a.commands) {
    next(first);
    if (!command(c, level + 1)) return false;
  }
  close(level);
  return true;
}

bool encoder::action(const action_reply& a, int level) {
  if (a.command_replies.empty() && !a.error) return invalid("action reply without content");
  if (a.command_replies.size() > max_commands)
    return fail(errc::limit_exceeded, "too many command replies");
  head(level, token::context);
  context_id(a.context_id);
  open();
  bool first = true;
  for (const h248::command_reply& c : a.command_replies) {
    next(first);
    if (!command_reply(c, level + 1)) return false;
  }
  if (a.error) {
    next(first);
    if (!error_descriptor(*a.error, level + 1)) return false;
  }
  close(level);
  return true;
}

bool encoder::transaction(const h248::transaction& t) {
  if (auto* rq = std::get_if<transaction_request>(&t)) {
    if (rq->actions.empty()) return invalid("transaction without action");
    if (rq->actions.size() > max_actions) return fail(errc::limit_exceeded, "too many actions");
    head(0, token::transaction);
    put_uint(rq->transaction_id);
    open();
    bool first = true;
    for (const action_request& a : rq->actions) {
      next(first);
      if (!action(a, 1)) return false;
    }
    close(0);
    return true;
  }
  if (auto* rp = std::get_if<transaction_reply>(&t)) {
    if (rp->error.has_value() == !rp->action_replies.empty())
      return invalid("reply needs exactly one of an error and action replies");
    if (rp->action_replies.size() > max_actions)
      return fail(errc::limit_exceeded, "too many action replies");
    head(0, token::reply);
    put_uint(rp->transaction_id);
    open();
    bool first = true;
    if (rp->imm_ack_required) {
      next(first);
      indent(1);
      put(token::imm_ack_required);
    }
    if (rp->error) {
      next(first);
      if (!error_descriptor(*rp->error, 1)) return false;
    }
    for (const action_reply& a : rp->action_replies) {
      next(first);
      if (!action(a, 1)) return false;
    }
    close(0);
    return true;
  }
  head(0, token::pending);
  put_uint(std::get<transaction_pending>(t).transaction_id);
  put(" { }");
  return true;
}

bool encoder::message(const h248::message& m) {
  if (m.version < 1 || m.version > 3) return invalid("protocol version must be 1..3");
  if (!is_mid(m.mid)) return invalid("bad mId");
  if (m.error.has_value() == !m.transactions.empty())
    return invalid("message needs exactly one of an error and transactions");
  if (m.transactions.size() > max_transactions)
    return fail(errc::limit_exceeded, "too many transactions");
  put(token::megacop);
  put("/");
  put_uint(m.version);
  put(" ");
  put(m.mid);
  put("\r\n");
  if (m.error) {
    if (!error_descriptor(*m.error, 0)) return false;
    put("\r\n");
  }
  for (const h248::transaction& t : m.transactions) {
    if (!transaction(t)) return false;
    put("\r\n");
  }
  return true;
}

} // namespace detail

result<void> encode(const message& msg, std::string& out) {
  std::size_t start = out.size();
  detail::encoder e{out};
  if (!e.message(msg)) {
    codec_error err = std::move(*e.error);
    err.offset -= start;
    out.resize(start);
    return err;
  }
  if (out.size() - start > max_message_size) {
    out.resize(start);
    return make_error(errc::limit_exceeded, max_message_size, "encoded message exceeds 64 KiB");
  }
  return {};
}

result<std::string> encode(const message& msg) {
  std::string out;
  out.reserve(1024); // the registration's messages are 100..750 bytes: no regrowth
  auto r = encode(msg, out);
  if (!r) return r.error();
  return out;
}

} // namespace ngn::h248
