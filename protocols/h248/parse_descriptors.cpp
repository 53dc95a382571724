// Annex B text parser, part 2: lexical helpers, identifiers, values and descriptors
// (H.248.1 Annex B.2 / RFC 3525 Annex B.2).
#include "protocols/h248/parser.hpp"
#include "protocols/h248/syntax.hpp"

namespace ngn::h248::detail {

namespace {

// serviceChangeParm presence bits (each parameter at most once, Annex B serviceChangeParm).
enum : unsigned {
  seen_method = 1u << 0,
  seen_reason = 1u << 1,
  seen_delay = 1u << 2,
  seen_address = 1u << 3,
  seen_profile = 1u << 4,
  seen_version = 1u << 5,
  seen_mgc_id = 1u << 6,
  seen_timestamp = 1u << 7,
};

} // namespace

// -- lexical -------------------------------------------------------------------------------------

void parser::skip_lwsp() noexcept {
  while (!at_end()) {
    char c = in_[pos_];
    if (is_wsp(c) || is_eol(c)) {
      ++pos_;
    } else if (c == ';') {
      // COMMENT = ";" *(SafeChar / RestChar / WSP / %x22) EOL
      while (!at_end() && !is_eol(in_[pos_])) ++pos_;
    } else {
      return;
    }
  }
}

bool parser::sep() {
  if (at_end()) return fail(errc::incomplete, "expected separator");
  char c = in_[pos_];
  if (!is_wsp(c) && !is_eol(c) && c != ';') return fail(errc::malformed, "expected separator");
  skip_lwsp();
  return true;
}

bool parser::accept(char c) noexcept {
  skip_lwsp();
  if (at_end() || in_[pos_] != c) return false;
  ++pos_;
  return true;
}

bool parser::expect(char c, const char* what) {
  if (accept(c)) return true;
  return fail(errc::malformed, std::string("expected ") + what);
}

bool parser::expect_token(token t) {
  std::size_t at = (skip_lwsp(), pos_);
  std::string_view w = word();
  if (is_token(w, t)) return true;
  return fail_at(at, errc::malformed, std::string("expected ") + std::string(long_form(t)));
}

bool parser::fail(errc kind, std::string detail) { return fail_at(pos_, kind, std::move(detail)); }

bool parser::fail_at(std::size_t at, errc kind, std::string detail) {
  if (!err_) {
    // Running into the end of the input (also in the middle of a word: "Transac", or "E" that
    // may become "ER") means more bytes could still make a valid message.
    if ((kind == errc::malformed || kind == errc::unsupported)
        && (at >= in_.size() || pos_ >= in_.size()))
      kind = errc::incomplete;
    err_ = make_error(kind, at, std::move(detail));
  }
  return false;
}

// -- values and identifiers ----------------------------------------------------------------------

bool parser::uint_value(std::uint32_t& out, std::size_t max_digits, std::uint32_t max,
                        const char* what) {
  std::size_t at = (skip_lwsp(), pos_);
  auto v = parse_uint(take(cc_digit), max_digits, max);
  if (!v) return fail_at(at, errc::malformed, std::string("expected ") + what);
  out = *v;
  return true;
}

// ContextID = (UINT32 / "*" / "-" / "$")
bool parser::context_id(std::uint32_t& out) {
  if (accept('-')) return out = null_context_id, true;
  if (accept('*')) return out = all_context_id, true;
  if (accept('$')) return out = choose_context_id, true;
  return uint_value(out, 10, 0xFFFFFFFF, "ContextID");
}

// RequestID = (UINT32 / "*")
bool parser::request_id(std::uint32_t& out) {
  if (accept('*')) return out = all_request_id, true;
  return uint_value(out, 10, 0xFFFFFFFF, "RequestID");
}

bool parser::termination_id(std::string& out) {
  std::size_t at = (skip_lwsp(), pos_);
  if (peek() == '[' || peek() == '{') return fail(errc::unsupported, "TerminationID list");
  std::string_view t = take(cc_tid);
  if (!is_termination_id(t)) return fail_at(at, errc::malformed, "expected TerminationID");
  out.assign(t);
  return true;
}

bool parser::mid(std::string& out, bool allow_port) {
  std::size_t at = (skip_lwsp(), pos_);
  std::string_view m = take(cc_mid);
  if (iequals(m, "MTP")) {
    // mtpAddress = MTPToken LBRKT 4*8(HEXDIG) RBRKT, kept as "MTP{hex}".
    if (!expect('{', "'{' of mtpAddress")) return false;
    std::string_view hex = take(cc_hex);
    if (!expect('}', "'}' of mtpAddress")) return false;
    out.assign("MTP{").append(hex).push_back('}');
  } else {
    out.assign(m);
  }
  if (is_mid(out) || (allow_port && is_port_number(out))) return true;
  return fail_at(at, errc::malformed, "expected mId");
}

// VALUE = quotedString / 1*(SafeChar / %x80-FF)
bool parser::value(std::string& out, bool& quoted) {
  skip_lwsp();
  if (peek() == '"') {
    std::size_t start = ++pos_;
    while (!at_end() && in_[pos_] != '"') {
      if (!is_quoted_char(in_[pos_])) return fail(errc::malformed, "bad character in quotedString");
      ++pos_;
    }
    if (at_end()) return fail(errc::incomplete, "unterminated quotedString");
    out.assign(in_.substr(start, pos_ - start));
    ++pos_;
    quoted = true;
    return true;
  }
  std::string_view v = take(cc_value);
  if (v.empty()) return fail(errc::malformed, "expected VALUE");
  out.assign(v);
  quoted = false;
  return true;
}

// TimeStamp = Date "T" Time, 8 digits each
bool parser::time_stamp(time_notation& out) {
  std::size_t at = (skip_lwsp(), pos_);
  std::string_view t = take(cc_alpha | cc_digit);
  if (t.size() != 17 || (t[8] != 'T' && t[8] != 't'))
    return fail_at(at, errc::malformed, "expected TimeStamp");
  for (std::size_t i = 0; i < 17; ++i)
    if (i != 8 && !is_digit(t[i])) return fail_at(at, errc::malformed, "expected TimeStamp");
  out.date.assign(t.substr(0, 8));
  out.time.assign(t.substr(9));
  return true;
}

bool parser::pkgd_name(std::string& out) {
  std::size_t at = (skip_lwsp(), pos_);
  std::string_view n = take(cc_pkgd);
  if (!is_pkgd_name(n)) {
    if (is_token(n, token::signal_list)) return fail_at(at, errc::unsupported, "SignalList");
    return fail_at(at, errc::malformed, "expected pkgdName");
  }
  out.assign(n);
  return true;
}

// eventOther / sigOther = NAME parmValue; only parmValue = EQUAL VALUE is supported.
bool parser::parameter_item(parameter& out) {
  std::size_t at = (skip_lwsp(), pos_);
  std::string_view n = word();
  if (is_special_parameter_name(n))
    return fail_at(at, errc::unsupported, "parameter " + std::string(n));
  if (!is_name(n)) return fail_at(at, errc::malformed, "expected parameter name");
  out.name.assign(n);
  return equal_value("'=' after parameter name", "list or range parmValue")
         && value(out.value, out.quoted);
}

// EQUAL before a single parmValue: the INEQUAL forms and the list and range forms of parmValue
// are unsupported (`list_detail` names the latter).
bool parser::equal_value(const char* after, const char* list_detail) {
  skip_lwsp();
  char c = peek();
  if (c == '<' || c == '>' || c == '#') return fail(errc::unsupported, "INEQUAL parmValue");
  if (!expect('=', after)) return false;
  skip_lwsp();
  if (peek() == '[' || peek() == '{') return fail(errc::unsupported, list_detail);
  return true;
}

// LBRKT item *(COMMA item) RBRKT, after the LBRKT; an empty list is accepted.
bool parser::parameter_list(std::vector<parameter>& out) {
  if (accept('}')) return true;
  // The items of the xsec package carry up to 10 parameters: room for the usual ones at once
  // instead of growing 1, 2, 4, 8 (each growth moving every parameter so far).
  out.reserve(8);
  return comma_list(out, max_params, "too many parameters", "'}' after parameters",
                    [this](parameter& p) { return parameter_item(p); });
}

bool parser::pkgd_item(std::string& name, std::vector<parameter>& params) {
  return pkgd_name(name) && (!accept('{') || parameter_list(params));
}

// serviceChangeProfile = ProfileToken EQUAL NAME SLASH Version
bool parser::profile(service_change_profile& out) {
  std::size_t at = (skip_lwsp(), pos_);
  std::string_view n = take(cc_name);
  if (!is_name(n)) return fail_at(at, errc::malformed, "expected profile name");
  if (peek() != '/') return fail(errc::malformed, "expected '/' in profile");
  ++pos_;
  std::uint32_t v = 0;
  if (!uint_value(v, 2, 99, "profile version")) return false;
  out.name.assign(n);
  out.version = static_cast<std::uint8_t>(v);
  return true;
}

// -- descriptors ---------------------------------------------------------------------------------

// errorDescriptor = ErrorToken EQUAL ErrorCode LBRKT [quotedString] RBRKT
bool parser::error_descriptor_body(error_descriptor& out) {
  std::uint32_t code = 0;
  if (!expect('=', "'=' after Error") || !uint_value(code, 4, 9999, "ErrorCode")) return false;
  out.error_code = static_cast<std::uint16_t>(code);
  if (!expect('{', "'{' after ErrorCode")) return false;
  if (accept('}')) return true;
  bool quoted = false;
  std::size_t at = (skip_lwsp(), pos_);
  if (!value(out.error_text, quoted)) return false;
  if (!quoted) return fail_at(at, errc::malformed, "error text must be a quotedString");
  return expect('}', "'}' after error text");
}

// eventsDescriptor = EventsToken [EQUAL RequestID LBRKT requestedEvent *(COMMA requestedEvent)
// RBRKT]; requestedEvent = pkgdName [LBRKT eventParameter *(COMMA eventParameter) RBRKT]
bool parser::events_descriptor_body(events_descriptor& out) {
  if (!accept('=')) return true;
  std::uint32_t id = 0;
  if (!request_id(id) || !expect('{', "'{' after RequestID")) return false;
  out.request_id = id;
  return comma_list(out.events, max_items, "too many events", "'}' after events",
                    [this](requested_event& e) { return pkgd_item(e.pkgd_name, e.params); });
}

// signalsDescriptor = SignalsToken [LBRKT signalParm *(COMMA signalParm) RBRKT] (v3; v1 requires
// the brackets); signalRequest = signalName [LBRKT sigParameter *(COMMA sigParameter) RBRKT]
bool parser::signals_descriptor_body(signals_descriptor& out) {
  if (!accept('{')) return true;
  if (accept('}')) return true;
  return comma_list(out.signals, max_items, "too many signals", "'}' after signals",
                    [this](signal_request& s) { return pkgd_item(s.signal_name, s.params); });
}

// observedEventsDescriptor = ObservedEventsToken EQUAL RequestID LBRKT observedEvent
// *(COMMA observedEvent) RBRKT;
// observedEvent = [TimeStamp LWSP COLON] LWSP pkgdName [LBRKT observedEventParameter ... RBRKT]
bool parser::observed_events_descriptor_body(observed_events_descriptor& out) {
  if (!expect('=', "'=' after ObservedEvents") || !request_id(out.request_id)
      || !expect('{', "'{' after RequestID"))
    return false;
  return comma_list(out.events, max_items, "too many events", "'}' after observed events",
                    [this](observed_event& e) {
                      skip_lwsp();
                      if (is_digit(peek())
                          && (!time_stamp(e.timestamp.emplace())
                              || !expect(':', "':' after TimeStamp")))
                        return false;
                      return pkgd_item(e.pkgd_name, e.params);
                    });
}

// serviceChangeDescriptor = ServicesToken LBRKT serviceChangeParm *(COMMA serviceChangeParm)
// RBRKT; serviceChangeMethod and serviceChangeReason are REQUIRED.
bool parser::services_request(service_change_parm& out) {
  std::size_t at = (skip_lwsp(), pos_);
  if (!expect_token(token::services) || !expect('{', "'{' after Services")) return false;
  unsigned seen = 0;
  std::size_t count = 0;
  out.extensions.reserve(4); // X-SECM, X-LT, X-SPIC and X-UID of the registration request
  do {
    if (++count > max_params) return fail(errc::limit_exceeded, "too many serviceChangeParms");
    if (!service_change_parm_item(out, seen)) return false;
  } while (accept(','));
  if (!expect('}', "'}' after Services")) return false;
  if (!(seen & seen_method)) return fail_at(at, errc::malformed, "ServiceChange without Method");
  if (!(seen & seen_reason)) return fail_at(at, errc::malformed, "ServiceChange without Reason");
  return true;
}

bool parser::service_change_parm_item(service_change_parm& out, unsigned& seen) {
  std::size_t at = (skip_lwsp(), pos_);
  auto once = [&](unsigned bit) {
    if (seen & bit) return fail_at(at, errc::malformed, "repeated serviceChangeParm");
    seen |= bit;
    return true;
  };
  if (is_digit(peek())) return once(seen_timestamp) && time_stamp(out.timestamp.emplace());
  std::string_view w = word();
  const token t = find_token(w);
  if (t == token::method) {
    if (!once(seen_method) || !expect('=', "'=' after Method")) return false;
    std::size_t mat = (skip_lwsp(), pos_);
    std::string_view m = word();
    switch (find_token(m)) {
      case token::failover: return out.method = service_change_method::failover, true;
      case token::forced: return out.method = service_change_method::forced, true;
      case token::graceful: return out.method = service_change_method::graceful, true;
      case token::restart: return out.method = service_change_method::restart, true;
      case token::disconnected: return out.method = service_change_method::disconnected, true;
      case token::handoff: return out.method = service_change_method::handoff, true;
      default: break;
    }
    if (!is_extension_name(m)) return fail_at(mat, errc::malformed, "unknown ServiceChange Method");
    out.method = service_change_method::extension;
    out.method_extension.assign(m);
    return true;
  }
  if (t == token::reason) {
    if (!once(seen_reason) || !expect('=', "'=' after Reason")) return false;
    std::size_t vat = (skip_lwsp(), pos_);
    bool quoted = false;
    if (!value(out.reason, quoted)) return false;
    // "A serviceChangeReason must be encoded using the quotedString form of VALUE."
    if (!quoted) return fail_at(vat, errc::malformed, "Reason must be a quotedString");
    if (out.reason.empty()) return fail_at(vat, errc::malformed, "empty Reason");
    return true;
  }
  if (t == token::delay) {
    std::uint32_t d = 0;
    if (!once(seen_delay) || !expect('=', "'=' after Delay")) return false;
    if (!uint_value(d, 10, 0xFFFFFFFF, "Delay")) return false;
    return out.delay = d, true;
  }
  if (t == token::service_change_address) {
    if (!once(seen_address) || !expect('=', "'=' after ServiceChangeAddress")) return false;
    return mid(out.address.emplace(), true);
  }
  if (t == token::profile) {
    if (!once(seen_profile) || !expect('=', "'=' after Profile")) return false;
    return profile(out.profile.emplace());
  }
  if (t == token::version) {
    std::uint32_t v = 0;
    if (!once(seen_version) || !expect('=', "'=' after Version")) return false;
    if (!uint_value(v, 2, 99, "Version")) return false;
    return out.version = static_cast<std::uint8_t>(v), true;
  }
  if (t == token::mgc_id) {
    if (!once(seen_mgc_id) || !expect('=', "'=' after MgcIdToTry")) return false;
    return mid(out.mgc_id.emplace(), false);
  }
  if (is_extension_name(w)) {
    if (out.extensions.size() == max_params) return fail(errc::limit_exceeded, "extensions");
    if (!equal_value("'=' after extension", "list parmValue")) return false;
    parameter& p = out.extensions.emplace_back();
    p.name.assign(w);
    return value(p.value, p.quoted);
  }
  if (t == token::service_change_inc || t == token::audit)
    return fail_at(at, errc::unsupported, "serviceChangeParm " + std::string(w));
  return fail_at(at, errc::malformed, "expected serviceChangeParm");
}

// serviceChangeReplyDescriptor = ServicesToken LBRKT servChgReplyParm *(COMMA servChgReplyParm)
// RBRKT; servChgReplyParm = serviceChangeAddress / serviceChangeMgcId / serviceChangeProfile /
// serviceChangeVersion / TimeStamp (each at most once). ServicesToken already consumed.
bool parser::services_reply(service_change_res_parm& out) {
  if (!expect('{', "'{' after Services")) return false;
  unsigned seen = 0;
  do {
    std::size_t at = (skip_lwsp(), pos_);
    auto once = [&](unsigned bit) {
      if (seen & bit) return fail_at(at, errc::malformed, "repeated servChgReplyParm");
      seen |= bit;
      return true;
    };
    if (is_digit(peek())) {
      if (!once(seen_timestamp) || !time_stamp(out.timestamp.emplace())) return false;
      continue;
    }
    const token t = find_token(word());
    std::uint32_t v = 0;
    bool ok = false;
    if (t == token::service_change_address) {
      ok = once(seen_address) && expect('=', "'='") && mid(out.address.emplace(), true);
    } else if (t == token::mgc_id) {
      ok = once(seen_mgc_id) && expect('=', "'='") && mid(out.mgc_id.emplace(), false);
    } else if (t == token::profile) {
      ok = once(seen_profile) && expect('=', "'='") && profile(out.profile.emplace());
    } else if (t == token::version) {
      ok = once(seen_version) && expect('=', "'='") && uint_value(v, 2, 99, "Version");
      out.version = static_cast<std::uint8_t>(v);
    } else {
      return fail_at(at, errc::malformed, "expected servChgReplyParm");
    }
    if (!ok) return false;
  } while (accept(','));
  return expect('}', "'}' after Services");
}

} // namespace ngn::h248::detail
