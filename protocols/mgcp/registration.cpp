// Builders of the registration flow's MGCP messages (DESIGN.md §1.1; wire-bindings.md §3.1).
#include "protocols/mgcp/registration.hpp"

#include "protocols/mgcp/syntax.hpp"

#include <utility>

namespace ngn::mgcp {

using namespace detail;

namespace {

command start(std::string_view verb, std::uint32_t txid, const std::string& endpoint) {
  command c;
  c.verb.assign(verb);
  c.transaction_id = txid;
  c.endpoint = endpoint;
  c.params.reserve(8);
  return c;
}

void add_if(command& c, std::string_view code, const std::string& value) {
  if (!value.empty()) c.add(code, value);
}

std::string three_digits(std::uint16_t v) {
  char buf[12];
  char* end = buf + sizeof buf;
  char* b = format_uint(end, v, 3);
  return std::string(b, end);
}

std::string sec_signal(std::string_view name, std::string_view hex) {
  return format_event(make_event(sec_package, name, hex));
}

/// `verb` to `f.endpoint` with N and X (the order of RFC 3435 §2.3.3 and §2.3.4).
command start(std::string_view verb, const request_head& f) {
  command c = start(verb, f.transaction_id, f.endpoint);
  add_if(c, code::notified_entity, f.notified_entity);
  c.add(code::request_identifier, f.request_id);
  return c;
}

/// An RQNT that requests `events` (R), signals X-SEC/<signal>(hex) (S) and carries X-RSLT.
command signalling_rqnt(const request_head& f, const std::string& events,
                        std::string_view signal, const std::string& hex, std::uint16_t result) {
  command c = start(verb::rqnt, f);
  add_if(c, code::requested_events, events);
  c.add(code::signal_requests, sec_signal(signal, hex));
  c.add(ext::rslt, three_digits(result));
  return c;
}

void append(command& c, const std::vector<parameter>& extra) {
  c.params.insert(c.params.end(), extra.begin(), extra.end());
}

} // namespace

command make_rsip(const rsip_fields& f) {
  // RFC 3435 §2.3.12: RestartInProgress(EndpointId, RestartMethod, ...)
  command c = start(verb::rsip, f.transaction_id, f.endpoint);
  c.add(code::restart_method, f.restart_method);
  add_if(c, ext::secm, f.mechanisms);
  append(c, f.extra);
  return c;
}

command make_challenge(const challenge_fields& f) {
  // RFC 3435 §2.3.3: NotificationRequest(EndpointId, [NotifiedEntity,] [RequestedEvents,]
  // RequestIdentifier, ..., [SignalRequests,] ...)
  command c = signalling_rqnt(f, f.requested_events, sec_event::chal, f.challenge, f.result);
  c.add(ext::chal, f.challenge);
  add_if(c, ext::secm, f.mechanisms);
  append(c, f.extra);
  return c;
}

command make_notify(const notify_fields& f) {
  // RFC 3435 §2.3.4: Notify(EndpointId, [NotifiedEntity,] RequestIdentifier, ObservedEvents)
  command c = start(verb::ntfy, f);
  if (!f.response.empty() || f.auts.empty()) {
    c.add(code::observed_events, sec_signal(sec_event::resp, f.response));
    c.add(ext::resp, f.response);
  } else {
    c.add(code::observed_events, sec_signal(sec_event::auts, f.auts));
    c.add(ext::auts, f.auts);
  }
  append(c, f.extra);
  return c;
}

command make_success(const success_fields& f) {
  command c = signalling_rqnt(f, f.requested_events, sec_event::key, f.wrapped_key, f.result);
  c.add(ext::skey, f.wrapped_key);
  add_if(c, ext::ekey, f.edge_key);
  add_if(c, ext::mac, f.mac);
  add_if(c, ext::secm, f.mechanism);
  append(c, f.extra);
  return c;
}

command make_rejection(const rejection_fields& f) {
  command c = start(verb::rqnt, f);
  c.add(ext::rslt, three_digits(f.result));
  add_if(c, ext::rsn, f.reason);
  append(c, f.extra);
  return c;
}

response make_response(std::uint32_t transaction_id, std::uint16_t code,
                       std::string_view commentary, std::vector<parameter> params) {
  response r;
  r.code = code;
  r.transaction_id = transaction_id;
  r.commentary.assign(commentary);
  r.params = std::move(params);
  return r;
}

std::optional<std::uint16_t> result_code(const command& c) {
  const parameter* p = c.find(ext::rslt);
  std::uint16_t v = 0;
  if (!p || !parse_3digit(p->value, v)) return std::nullopt;
  return v;
}

std::optional<std::string_view> sec_event_parameters(const command& c, std::string_view code,
                                                     std::string_view name) {
  const parameter* p = c.find(code);
  if (!p) return std::nullopt;
  return find_event_parameters(p->value, sec_package, name);
}

} // namespace ngn::mgcp
