// Annex B text parser, part 1: message header, transactions, actions and commands
// (H.248.1 Annex B.2 / RFC 3525 Annex B.2).
#include "protocols/h248/parser.hpp"
#include "protocols/h248/syntax.hpp"

namespace ngn::h248 {

result<message> parse(std::string_view text) {
  if (text.size() > max_message_size)
    return make_error(errc::limit_exceeded, max_message_size, "message larger than 64 KiB");
  return detail::parser{text}.run();
}

namespace detail {

namespace {

bool is_context_property(token t) noexcept {
  switch (t) {
    case token::topology:
    case token::priority:
    case token::emergency:
    case token::emergency_off:
    case token::context_audit:
    case token::ieps_call:
    case token::context_attr:
      return true;
    default:
      return false;
  }
}

bool is_amm_descriptor(token t) noexcept {
  switch (t) {
    case token::media:
    case token::modem:
    case token::mux:
    case token::digit_map:
    case token::event_buffer:
    case token::audit:
    case token::statistics:
    case token::packages:
    case token::observed_events:
    case token::events:
    case token::signals:
      return true;
    default:
      return false;
  }
}

} // namespace

result<message> parser::run() {
  message m;
  if (!header(m)) return std::move(*err_);
  skip_lwsp();
  if (at_end()) return make_error(errc::incomplete, pos_, "expected message body");
  // messageBody = (errorDescriptor / transactionList)
  std::size_t at = pos_;
  std::string_view w = word();
  if (is_token(w, token::error)) {
    if (!error_descriptor_body(m.error.emplace())) return std::move(*err_);
    skip_lwsp();
    if (!at_end()) return make_error(errc::malformed, pos_, "data after error descriptor");
    return m;
  }
  pos_ = at;
  // The binding's messages carry one or two transactions (a Reply and a new request).
  m.transactions.reserve(2);
  while (!at_end()) {
    at = pos_;
    w = word();
    if (m.transactions.size() == max_transactions)
      return make_error(errc::limit_exceeded, at, "too many transactions");
    bool ok = false;
    switch (find_token(w)) {
      case token::transaction:
        ok = transaction_request_body(std::get<transaction_request>(
          m.transactions.emplace_back(std::in_place_type<transaction_request>)));
        break;
      case token::reply:
        ok = transaction_reply_body(std::get<transaction_reply>(
          m.transactions.emplace_back(std::in_place_type<transaction_reply>)));
        break;
      case token::pending:
        ok = transaction_pending_body(std::get<transaction_pending>(
          m.transactions.emplace_back(std::in_place_type<transaction_pending>)));
        break;
      case token::response_ack:
      case token::segment:
        fail_at(at, errc::unsupported, std::string(w));
        break;
      default:
        fail_at(at, errc::malformed, "expected transaction");
    }
    if (!ok) return std::move(*err_);
    skip_lwsp();
  }
  return m;
}

// megacoMessage = LWSP [authenticationHeader SEP] message;
// message = MegacopToken SLASH Version SEP mId SEP messageBody
bool parser::header(message& out) {
  skip_lwsp();
  if (at_end()) return fail(errc::incomplete, "empty message");
  std::size_t at = pos_;
  if (peek() == '!') {
    ++pos_;
  } else {
    std::string_view w = word();
    if (is_token(w, token::authentication))
      return fail_at(at, errc::unsupported, "authenticationHeader");
    if (!is_token(w, token::megacop)) return fail_at(at, errc::malformed, "expected MEGACO");
  }
  if (peek() != '/') return fail(errc::malformed, "expected '/' after MEGACO");
  ++pos_;
  at = pos_;
  std::size_t digits = 0;
  while (!at_end() && is_digit(in_[pos_])) ++pos_, ++digits;
  auto v = parse_uint(in_.substr(at, digits), 2, 99);
  if (!v) return fail_at(at, errc::malformed, "expected Version");
  if (*v < 1 || *v > 3) return fail_at(at, errc::unsupported, "protocol version");
  out.version = static_cast<std::uint8_t>(*v);
  if (!sep() || !mid(out.mid, false)) return false;
  return sep();
}

// transactionRequest = TransToken EQUAL TransactionID LBRKT actionRequest *(COMMA actionRequest)
// RBRKT
bool parser::transaction_request_body(transaction_request& out) {
  if (!expect('=', "'=' after Transaction")
      || !uint_value(out.transaction_id, 10, 0xFFFFFFFF, "TransactionID")
      || !expect('{', "'{' after TransactionID"))
    return false;
  return comma_list(out.actions, max_actions, "too many actions", "'}' after actions",
                    [this](action_request& a) { return action_request_item(a); });
}

// transactionReply = ReplyToken EQUAL TransactionID LBRKT [ImmAckRequiredToken COMMA]
// (errorDescriptor / actionReplyList) RBRKT
bool parser::transaction_reply_body(transaction_reply& out) {
  if (!expect('=', "'=' after Reply")
      || !uint_value(out.transaction_id, 10, 0xFFFFFFFF, "TransactionID"))
    return false;
  skip_lwsp();
  if (peek() == '/') return fail(errc::unsupported, "segmented reply");
  if (!expect('{', "'{' after TransactionID")) return false;
  std::size_t at = (skip_lwsp(), pos_);
  std::string_view w = word();
  if (is_token(w, token::imm_ack_required)) {
    out.imm_ack_required = true;
    if (!expect(',', "',' after ImmAckRequired")) return false;
    at = (skip_lwsp(), pos_);
    w = word();
  }
  if (is_token(w, token::error)) {
    return error_descriptor_body(out.error.emplace()) && expect('}', "'}' after error descriptor");
  }
  pos_ = at;
  return comma_list(out.action_replies, max_actions, "too many action replies",
                    "'}' after action replies",
                    [this](action_reply& a) { return action_reply_item(a); });
}

// transactionPending = PendingToken EQUAL TransactionID LBRKT RBRKT
bool parser::transaction_pending_body(transaction_pending& out) {
  return expect('=', "'=' after Pending")
         && uint_value(out.transaction_id, 10, 0xFFFFFFFF, "TransactionID")
         && expect('{', "'{' after TransactionID") && expect('}', "'}' after Pending");
}

// CtxToken EQUAL ContextID LBRKT, the start of actionRequest and actionReply.
bool parser::context_head(std::uint32_t& id) {
  return expect_token(token::context) && expect('=', "'=' after Context") && context_id(id)
         && expect('{', "'{' after ContextID");
}

// actionRequest = CtxToken EQUAL ContextID LBRKT ((contextRequest [COMMA commandRequestList]) /
// commandRequestList) RBRKT
bool parser::action_request_item(action_request& out) {
  if (!context_head(out.context_id)) return false;
  do {
    std::size_t at = (skip_lwsp(), pos_);
    std::string_view w = word();
    if (out.commands.size() == max_commands)
      return fail_at(at, errc::limit_exceeded, "too many commands");
    if (!command_request_item(w, at, out.commands.emplace_back())) return false;
  } while (accept(','));
  return expect('}', "'}' after commands");
}

// actionReply = CtxToken EQUAL ContextID LBRKT (errorDescriptor / commandReply /
// (commandReply COMMA errorDescriptor)) RBRKT
bool parser::action_reply_item(action_reply& out) {
  if (!context_head(out.context_id)) return false;
  do {
    std::size_t at = (skip_lwsp(), pos_);
    std::string_view w = word();
    if (is_token(w, token::error)) {
      // The error descriptor is the last item of an action reply.
      return error_descriptor_body(out.error.emplace()) && expect('}', "'}' after action reply");
    }
    if (out.command_replies.size() == max_commands)
      return fail_at(at, errc::limit_exceeded, "too many command replies");
    if (!command_reply_item(w, at, out.command_replies.emplace_back())) return false;
  } while (accept(','));
  return expect('}', "'}' after command replies");
}

// commandRequest = (ammRequest / subtractRequest / auditRequest / notifyRequest /
// serviceChangeRequest)
bool parser::command_request_item(std::string_view w, std::size_t at, command_request& out) {
  const token t = find_token(w);
  switch (t) {
    case token::service_change: {
      // serviceChangeRequest = ServiceChangeToken EQUAL TerminationID LBRKT
      // serviceChangeDescriptor RBRKT
      auto& sc = out.emplace<service_change_request>();
      return expect('=', "'=' after ServiceChange") && termination_id(sc.termination_id)
             && expect('{', "'{' after TerminationID")
             && services_request(sc.service_change_parms)
             && expect('}', "'}' after ServiceChange");
    }
    case token::add:
    case token::move:
    case token::modify: {
      auto& amm = out.emplace<amm_request>();
      amm.kind = t == token::add    ? amm_kind::add
                 : t == token::move ? amm_kind::move
                                    : amm_kind::modify;
      return amm_request_body(amm);
    }
    case token::subtract: {
      // subtractRequest = SubtractToken EQUAL TerminationID [LBRKT auditDescriptor RBRKT]
      auto& sub = out.emplace<subtract_request>();
      if (!expect('=', "'=' after Subtract") || !termination_id(sub.termination_id)) return false;
      if (accept('{') && !accept('}')) return fail(errc::unsupported, "Subtract audit descriptor");
      return true;
    }
    case token::notify:
      return notify_request_body(out.emplace<notify_request>());
    case token::audit_value:
    case token::audit_capability:
      return fail_at(at, errc::unsupported, "Audit command");
    default:
      break;
  }
  if (is_context_property(t)) return fail_at(at, errc::unsupported, "context properties");
  if (w.size() > 2 && (w[0] == 'O' || w[0] == 'W' || w[0] == 'o' || w[0] == 'w') && w[1] == '-')
    return fail_at(at, errc::unsupported, "optional/wildcard command prefix");
  return fail_at(at, errc::malformed, "expected command");
}

// ammRequest = (AddToken / MoveToken / ModifyToken) EQUAL TerminationID
// [LBRKT ammParameter *(COMMA ammParameter) RBRKT]
bool parser::amm_request_body(amm_request& out) {
  if (!expect('=', "'=' after command") || !termination_id(out.termination_id)) return false;
  return word_list("'}' after descriptors", [&out, this](std::string_view w, std::size_t at) {
    const token t = find_token(w);
    return t == token::events
             ? once(out.events, &parser::events_descriptor_body, at, "repeated Events descriptor")
           : t == token::signals
             ? once(out.signals, &parser::signals_descriptor_body, at,
                    "repeated Signals descriptor")
           : is_amm_descriptor(t) ? fail_at(at, errc::unsupported, std::string(w) + " descriptor")
                                  : fail_at(at, errc::malformed, "expected ammParameter");
  });
}

// notifyRequest = NotifyToken EQUAL TerminationID LBRKT (observedEventsDescriptor
// [COMMA errorDescriptor]) RBRKT
bool parser::notify_request_body(notify_request& out) {
  if (!expect('=', "'=' after Notify") || !termination_id(out.termination_id)
      || !expect('{', "'{' after TerminationID") || !expect_token(token::observed_events)
      || !observed_events_descriptor_body(out.observed_events))
    return false;
  if (accept(',')) {
    if (!expect_token(token::error) || !error_descriptor_body(out.error.emplace())) return false;
  }
  return expect('}', "'}' after Notify");
}

// commandReplys = (serviceChangeReply / auditReply / ammsReply / notifyReply)
bool parser::command_reply_item(std::string_view w, std::size_t at, command_reply& out) {
  const token t = find_token(w);
  switch (t) {
    case token::service_change: {
      // serviceChangeReply = ServiceChangeToken EQUAL TerminationID [LBRKT (errorDescriptor /
      // serviceChangeReplyDescriptor) RBRKT]
      auto& sc = out.emplace<service_change_reply>();
      if (!expect('=', "'=' after ServiceChange") || !termination_id(sc.termination_id))
        return false;
      if (!accept('{') || accept('}')) return true;
      std::size_t wat = (skip_lwsp(), pos_);
      std::string_view d = word();
      bool ok = false;
      if (is_token(d, token::error)) {
        ok = error_descriptor_body(sc.error.emplace());
      } else if (is_token(d, token::services)) {
        ok = services_reply(sc.res_parms);
      } else {
        return fail_at(wat, errc::malformed, "expected Services or Error");
      }
      return ok && expect('}', "'}' after ServiceChange reply");
    }
    case token::add:
    case token::move:
    case token::modify:
    case token::subtract: {
      // ammsReply = (AddToken / MoveToken / ModifyToken / SubtractToken) EQUAL TerminationID
      // [LBRKT terminationAudit RBRKT]
      auto& r = out.emplace<amms_reply>();
      r.kind = t == token::add      ? amms_kind::add
               : t == token::move   ? amms_kind::move
               : t == token::modify ? amms_kind::modify
                                    : amms_kind::subtract;
      return expect('=', "'=' after command") && termination_id(r.termination_id)
             && amms_reply_audit(r);
    }
    case token::notify: {
      // notifyReply = NotifyToken EQUAL TerminationID [LBRKT errorDescriptor RBRKT]
      auto& r = out.emplace<notify_reply>();
      return expect('=', "'=' after Notify") && termination_id(r.termination_id)
             && optional_error_body(r.error, false);
    }
    case token::audit_value:
    case token::audit_capability:
      return fail_at(at, errc::unsupported, "Audit reply");
    default:
      break;
  }
  if (is_context_property(t)) return fail_at(at, errc::unsupported, "context properties");
  return fail_at(at, errc::malformed, "expected command reply");
}

// ammsReply: [LBRKT terminationAudit RBRKT], terminationAudit = auditReturnParameter
// *(COMMA auditReturnParameter); of the auditReturnParameters the errorDescriptor and the
// observedEventsDescriptor are supported, each at most once.
bool parser::amms_reply_audit(amms_reply& r) {
  return word_list("'}' after terminationAudit", [&r, this](std::string_view w, std::size_t at) {
    const token t = find_token(w);
    return t == token::error
             ? once(r.error, &parser::error_descriptor_body, at, "two Error descriptors")
           : t == token::observed_events
             ? once(r.observed_events, &parser::observed_events_descriptor_body, at,
                    "two ObservedEvents descriptors")
           : is_amm_descriptor(t)
             ? fail_at(at, errc::unsupported, "terminationAudit " + std::string(w))
             : fail_at(at, errc::malformed, "expected Error or ObservedEvents");
  });
}

// [LBRKT errorDescriptor RBRKT] (notifyReply).
bool parser::optional_error_body(std::optional<error_descriptor>& out, bool allow_other_audit) {
  if (!accept('{') || accept('}')) return true;
  std::size_t at = (skip_lwsp(), pos_);
  std::string_view w = word();
  if (is_token(w, token::error))
    return error_descriptor_body(out.emplace()) && expect('}', "'}' after error descriptor");
  if (allow_other_audit && is_amm_descriptor(find_token(w)))
    return fail_at(at, errc::unsupported, "terminationAudit " + std::string(w));
  return fail_at(at, errc::malformed, "expected Error");
}

} // namespace detail

} // namespace ngn::h248
