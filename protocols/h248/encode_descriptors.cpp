// Pretty text encoder, part 2: identifiers, values, parameters and descriptors (see encoder.hpp).
#include "protocols/h248/encoder.hpp"
#include "protocols/h248/syntax.hpp"

namespace ngn::h248::detail {

bool encoder::context_id(std::uint32_t id) {
  if (id == null_context_id) put("-");
  else if (id == choose_context_id) put("$");
  else if (id == all_context_id) put("*");
  else put_uint(id);
  return true;
}

bool encoder::request_id(std::uint32_t id) {
  if (id == all_request_id) put("*");
  else put_uint(id);
  return true;
}

bool encoder::termination_id(std::string_view tid) {
  if (!is_termination_id(tid)) return invalid("bad TerminationID");
  put(tid);
  return true;
}

bool encoder::time_stamp(const time_notation& t) {
  auto digits8 = [](const std::string& s) {
    if (s.size() != 8) return false;
    for (char c : s)
      if (!is_digit(c)) return false;
    return true;
  };
  if (!digits8(t.date) || !digits8(t.time)) return invalid("bad TimeStamp");
  put(t.date);
  put("T");
  put(t.time);
  return true;
}

// VALUE = quotedString / 1*(SafeChar / %x80-FF)
bool encoder::value(const std::string& v, bool quoted, const char* what) {
  if (quoted) {
    if (!is_quotable(v)) return invalid(std::string("unquotable ") + what);
    out_.push_back('"');
    put(v);
    out_.push_back('"');
  } else {
    if (!is_safe_value(v)) return invalid(std::string(what) + " needs quoting or is empty");
    put(v);
  }
  return true;
}

bool encoder::params(const std::vector<parameter>& ps, int level) {
  if (ps.size() > max_params) return fail(errc::limit_exceeded, "too many parameters");
  open();
  bool first = true;
  for (const parameter& p : ps) {
    if (!is_name(p.name) || is_special_parameter_name(p.name))
      return invalid("bad parameter name '" + p.name + "'");
    next(first);
    indent(level + 1);
    put(p.name);
    put(" = ");
    if (!value(p.value, p.quoted, "parameter value")) return false;
  }
  close(level);
  return true;
}

// pkgdName [LBRKT parameter *(COMMA parameter) RBRKT]
bool encoder::pkgd_item(const std::string& name, const std::vector<parameter>& ps, int level) {
  if (!is_pkgd_name(name)) return invalid("bad pkgdName '" + name + "'");
  put(name);
  return ps.empty() || params(ps, level);
}

// errorDescriptor = ErrorToken EQUAL ErrorCode LBRKT [quotedString] RBRKT
bool encoder::error_descriptor(const h248::error_descriptor& e, int level) {
  if (e.error_code > 9999) return invalid("ErrorCode has more than 4 digits");
  if (!is_quotable(e.error_text)) return invalid("unquotable error text");
  head(level, token::error);
  put_uint(e.error_code);
  // The quotedString is optional, but tshark 4.0 misreads `Error = 501 { }` (it takes the rest of
  // the message as the error string), so an empty text is sent as "".
  open();
  indent(level + 1);
  out_.push_back('"');
  put(e.error_text);
  out_.push_back('"');
  close(level);
  return true;
}

bool encoder::profile(const service_change_profile& p) {
  if (!is_name(p.name) || p.version > 99) return invalid("bad Profile");
  put(p.name);
  put("/");
  put_uint(p.version);
  return true;
}

// serviceChangeDescriptor; Method and Reason REQUIRED, Reason always a quotedString.
bool encoder::services(const service_change_parm& p, int level) {
  std::size_t count = 2 + p.extensions.size() + (p.delay ? 1 : 0) + (p.address ? 1 : 0)
                      + (p.profile ? 1 : 0) + (p.version ? 1 : 0) + (p.mgc_id ? 1 : 0)
                      + (p.timestamp ? 1 : 0);
  if (count > max_params) return fail(errc::limit_exceeded, "too many serviceChangeParms");
  if (p.reason.empty()) return invalid("ServiceChange Reason is required");
  indent(level);
  put(token::services);
  open();
  int in = level + 1;
  bool first = true;
  next(first);
  head(in, token::method);
  switch (p.method) {
    case service_change_method::failover: put(token::failover); break;
    case service_change_method::forced: put(token::forced); break;
    case service_change_method::graceful: put(token::graceful); break;
    case service_change_method::restart: put(token::restart); break;
    case service_change_method::disconnected: put(token::disconnected); break;
    case service_change_method::handoff: put(token::handoff); break;
    case service_change_method::extension:
      if (!is_extension_name(p.method_extension)) return invalid("bad Method extension");
      put(p.method_extension);
      break;
    default: return invalid("bad ServiceChange Method");
  }
  if (p.method != service_change_method::extension && !p.method_extension.empty())
    return invalid("method_extension set for a standard Method");
  next(first);
  head(in, token::reason);
  if (!value(p.reason, true, "Reason")) return false;
  if (p.delay) {
    next(first);
    head(in, token::delay);
    put_uint(*p.delay);
  }
  if (!mid_item(p.address, token::service_change_address, true, "bad ServiceChangeAddress", in,
                first)
      || !profile(p.profile, in, first) || !version(p.version, in, first)
      || !mid_item(p.mgc_id, token::mgc_id, false, "bad MgcIdToTry", in, first)
      || !time_stamp(p.timestamp, in, first))
    return false;
  for (const parameter& x : p.extensions) {
    if (!is_extension_name(x.name)) return invalid("bad extension name '" + x.name + "'");
    next(first);
    indent(in);
    put(x.name);
    put(" = ");
    if (!value(x.value, x.quoted, "extension value")) return false;
  }
  close(level);
  return true;
}

bool encoder::mid_item(const std::optional<std::string>& v, token t, bool or_port,
                       const char* bad, int level, bool& first) {
  if (!v) return true;
  if (!is_mid(*v) && !(or_port && is_port_number(*v))) return invalid(bad);
  next(first);
  head(level, t);
  put(*v);
  return true;
}

bool encoder::profile(const std::optional<service_change_profile>& p, int level, bool& first) {
  if (!p) return true;
  next(first);
  head(level, token::profile);
  return profile(*p);
}

bool encoder::version(const std::optional<std::uint8_t>& v, int level, bool& first) {
  if (!v) return true;
  if (*v > 99) return invalid("bad Version");
  next(first);
  head(level, token::version);
  put_uint(*v);
  return true;
}

bool encoder::time_stamp(const std::optional<time_notation>& t, int level, bool& first) {
  if (!t) return true;
  next(first);
  indent(level);
  return time_stamp(*t);
}

// serviceChangeReplyDescriptor
bool encoder::services(const service_change_res_parm& p, int level) {
  indent(level);
  put(token::services);
  open();
  int in = level + 1;
  bool first = true;
  if (!mid_item(p.address, token::service_change_address, true, "bad ServiceChangeAddress", in,
                first)
      || !mid_item(p.mgc_id, token::mgc_id, false, "bad MgcIdToTry", in, first)
      || !profile(p.profile, in, first) || !version(p.version, in, first)
      || !time_stamp(p.timestamp, in, first))
    return false;
  close(level);
  return true;
}

template <class Item>
bool encoder::pkgd_items(const std::vector<Item>& items, const std::string Item::*name,
                         int level) {
  open();
  bool first = true;
  for (const Item& r : items) {
    next(first);
    indent(level + 1);
    if (!pkgd_item(r.*name, r.params, level + 1)) return false;
  }
  close(level);
  return true;
}

bool encoder::events(const events_descriptor& e, int level) {
  indent(level);
  put(token::events);
  if (!e.request_id) {
    if (!e.events.empty()) return invalid("Events without RequestID");
    return true;
  }
  if (e.events.empty()) return invalid("Events with RequestID but no event");
  if (e.events.size() > max_items) return fail(errc::limit_exceeded, "too many events");
  put(" = ");
  request_id(*e.request_id);
  return pkgd_items(e.events, &requested_event::pkgd_name, level);
}

bool encoder::signals(const signals_descriptor& s, int level) {
  if (s.signals.size() > max_items) return fail(errc::limit_exceeded, "too many signals");
  indent(level);
  put(token::signals);
  if (s.signals.empty()) {
    put(" { }");
    return true;
  }
  return pkgd_items(s.signals, &signal_request::signal_name, level);
}

bool encoder::observed_events(const observed_events_descriptor& oe, int level) {
  if (oe.events.empty()) return invalid("ObservedEvents without event");
  if (oe.events.size() > max_items) return fail(errc::limit_exceeded, "too many events");
  head(level, token::observed_events);
  if (!request_id(oe.request_id)) return false;
  open();
  bool first = true;
  for (const observed_event& e : oe.events) {
    next(first);
    indent(level + 1);
    if (e.timestamp) {
      if (!time_stamp(*e.timestamp)) return false;
      put(":");
    }
    if (!pkgd_item(e.pkgd_name, e.params, level + 1)) return false;
  }
  close(level);
  return true;
}

bool encoder::optional_error(const std::optional<h248::error_descriptor>& e, int level) {
  if (!e) return true;
  open();
  if (!error_descriptor(*e, level + 1)) return false;
  close(level);
  return true;
}

} // namespace ngn::h248::detail
