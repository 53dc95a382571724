#include "protocols/h248/builders.hpp"

#include "protocols/h248/syntax.hpp"

#include <utility>

namespace ngn::h248 {

parameter make_parameter(std::string name, std::string value) {
  bool quoted = !is_safe_value(value);
  return parameter{std::move(name), std::move(value), quoted};
}

parameter make_hex_parameter(std::string name, const std::uint8_t* data, std::size_t n) {
  return parameter{std::move(name), to_hex(data, n), false};
}

parameter make_uint_parameter(std::string name, std::uint32_t v) {
  return parameter{std::move(name), std::to_string(v), false};
}

const parameter* find_parameter(const std::vector<parameter>& ps, std::string_view name) noexcept {
  for (const parameter& p : ps)
    if (iequals(p.name, name)) return &p;
  return nullptr;
}

std::optional<bytes> hex_parameter(const std::vector<parameter>& ps, std::string_view name) {
  const parameter* p = find_parameter(ps, name);
  if (!p) return std::nullopt;
  return from_hex(p->value);
}

std::optional<std::uint32_t> uint_parameter(const std::vector<parameter>& ps,
                                            std::string_view name) {
  const parameter* p = find_parameter(ps, name);
  if (!p) return std::nullopt;
  return parse_uint(p->value, 10, 0xFFFFFFFF);
}

std::optional<time_notation> make_time_notation(std::string_view text) {
  if (text.size() != 17 || (text[8] != 'T' && text[8] != 't')) return std::nullopt;
  for (std::size_t i = 0; i < text.size(); ++i)
    if (i != 8 && !is_digit(text[i])) return std::nullopt;
  return time_notation{std::string(text.substr(0, 8)), std::string(text.substr(9))};
}

service_change_parm make_restart(std::string reason_text) {
  service_change_parm p;
  p.method = service_change_method::restart;
  p.reason = std::move(reason_text);
  return p;
}

command_request make_service_change(std::string termination_id, service_change_parm parms) {
  return service_change_request{std::move(termination_id), std::move(parms)};
}

command_request make_modify(std::string termination_id, std::optional<events_descriptor> events,
                            std::optional<signals_descriptor> signals, amm_kind kind) {
  return amm_request{kind, std::move(termination_id), std::move(events), std::move(signals)};
}

events_descriptor make_events(std::uint32_t request_id, std::vector<requested_event> events) {
  return events_descriptor{request_id, std::move(events)};
}

signals_descriptor make_signals(std::vector<signal_request> signals) {
  return signals_descriptor{std::move(signals)};
}

command_request make_notify(std::string termination_id, std::uint32_t request_id,
                            std::vector<observed_event> events) {
  notify_request n;
  n.termination_id = std::move(termination_id);
  n.observed_events = observed_events_descriptor{request_id, std::move(events)};
  return n;
}

command_reply make_service_change_reply(std::string termination_id,
                                        service_change_res_parm res_parms) {
  return service_change_reply{std::move(termination_id), std::nullopt, std::move(res_parms)};
}

command_reply make_service_change_reply(std::string termination_id, error_descriptor error) {
  return service_change_reply{std::move(termination_id), std::move(error), {}};
}

command_reply make_modify_reply(std::string termination_id, std::optional<error_descriptor> error,
                                amms_kind kind) {
  return amms_reply{kind, std::move(termination_id), std::move(error), std::nullopt};
}

command_reply make_notify_reply(std::string termination_id,
                                std::optional<error_descriptor> error) {
  return notify_reply{std::move(termination_id), std::move(error)};
}

namespace {

// A message of one transaction with one action (context `context_id`) holding `item`: a request
// (transactionRequest, actionRequest, commandRequest) or a reply (transactionReply, actionReply,
// commandReply), H.248.1 Annex B.
template <class Transaction, class Action, class Item>
message single_action(std::string mid, std::uint32_t transaction_id, std::uint32_t context_id,
                      Item item, std::vector<Action> Transaction::*actions,
                      std::vector<Item> Action::*items) {
  Action a;
  a.context_id = context_id;
  (a.*items).push_back(std::move(item));
  Transaction t;
  t.transaction_id = transaction_id;
  (t.*actions).push_back(std::move(a));
  message m;
  m.mid = std::move(mid);
  m.transactions.emplace_back(std::move(t));
  return m;
}

} // namespace

message make_request(std::string mid, std::uint32_t transaction_id, command_request command,
                     std::uint32_t context_id) {
  return single_action(std::move(mid), transaction_id, context_id, std::move(command),
                       &transaction_request::actions, &action_request::commands);
}

message make_reply(std::string mid, std::uint32_t transaction_id, command_reply reply,
                   std::uint32_t context_id) {
  return single_action(std::move(mid), transaction_id, context_id, std::move(reply),
                       &transaction_reply::action_replies, &action_reply::command_replies);
}

message make_error_reply(std::string mid, std::uint32_t transaction_id, error_descriptor error) {
  transaction_reply t;
  t.transaction_id = transaction_id;
  t.error = std::move(error);
  message m;
  m.mid = std::move(mid);
  m.transactions.emplace_back(std::move(t));
  return m;
}

std::uint32_t transaction_id(const transaction& t) noexcept {
  if (auto* rq = std::get_if<transaction_request>(&t)) return rq->transaction_id;
  if (auto* rp = std::get_if<transaction_reply>(&t)) return rp->transaction_id;
  return std::get_if<transaction_pending>(&t)->transaction_id;
}

const error_descriptor* find_error(const message& m) noexcept {
  if (m.error) return &*m.error;
  for (const transaction& t : m.transactions) {
    if (auto* rq = std::get_if<transaction_request>(&t)) {
      for (const action_request& a : rq->actions)
        for (const command_request& c : a.commands)
          if (auto* n = std::get_if<notify_request>(&c); n && n->error) return &*n->error;
      continue;
    }
    auto* rp = std::get_if<transaction_reply>(&t);
    if (!rp) continue;
    if (rp->error) return &*rp->error;
    for (const action_reply& a : rp->action_replies) {
      for (const command_reply& c : a.command_replies) {
        const std::optional<error_descriptor>* e = nullptr;
        if (auto* sc = std::get_if<service_change_reply>(&c)) e = &sc->error;
        else if (auto* r = std::get_if<amms_reply>(&c)) e = &r->error;
        else e = &std::get_if<notify_reply>(&c)->error;
        if (*e) return &**e;
      }
      if (a.error) return &*a.error;
    }
  }
  return nullptr;
}

} // namespace ngn::h248
