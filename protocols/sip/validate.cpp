// validate(): the model constraints under which parse(encode(m)) == m (errc::invalid_model).
#include "protocols/sip/headers.hpp"
#include "protocols/sip/lexer.hpp"
#include "protocols/sip/message.hpp"
#include "protocols/sip/sec_agree.hpp"

namespace ngn::sip {

namespace {

using namespace detail;

codec_error invalid(std::string detail) { return make_error(errc::invalid_model, 0, std::move(detail)); }

bool no_ctl(std::string_view s) noexcept {
  for (char c : s)
    if (is_ctl(c)) return false;
  return true;
}

bool trimmed(std::string_view s) noexcept { return trim_wsp(s).size() == s.size(); }

bool valid_host(std::string_view h) noexcept {
  if (h.size() >= 3 && h.front() == '[' && h.back() == ']') {
    for (char c : h.substr(1, h.size() - 2)) {
      bool hex = is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
      if (!hex && c != ':' && c != '.') return false;
    }
    return true;
  }
  return all_of_class(h, cc_host);
}

// generic-param / auth-param as encode() writes it.
bool valid_params(const std::vector<param>& ps) noexcept {
  if (ps.size() > max_params) return false;
  for (const auto& p : ps) {
    if (!all_of_class(p.name, cc_token)) return false;
    if (!p.has_value) {
      if (!p.value.empty() || p.quoted) return false;
    } else if (p.quoted) {
      if (!no_ctl(p.value)) return false;
    } else if (!all_of_class(p.value, cc_pvalue)) {
      return false;
    }
  }
  return true;
}

bool valid_q(const std::vector<param>& ps) {
  codec_error ignored;
  return check_q(ps, 0, ignored);
}

bool valid_address(const name_addr& a) noexcept {
  if (!valid_params(a.params) || !valid_q(a.params) || !no_ctl(a.display)) return false;
  if (a.angle) {
    if (a.uri.empty()) return false;
    for (char c : a.uri)
      if (!is_visible(c) || c == '<' || c == '>') return false;
    return true;
  }
  return a.display.empty() && all_of_class(a.uri, cc_pvalue);
}

bool valid_tokens(const std::vector<std::string>& ts) noexcept {
  if (ts.size() > max_list_items) return false;
  for (const auto& t : ts)
    if (!all_of_class(t, cc_token)) return false;
  return true;
}

bool valid_mechanisms(const std::vector<sec_mechanism>& ms) {
  if (ms.size() > max_list_items) return false;
  for (const auto& m : ms)
    if (!all_of_class(m.name, cc_token) || !valid_params(m.params) || !valid_q(m.params)) return false;
  return true;
}

bool valid_auth(const auth_params& a, bool with_scheme) noexcept {
  if (with_scheme && !all_of_class(a.scheme, cc_token)) return false;
  if (!with_scheme && (a.scheme != "Digest" || a.params.empty())) return false;
  for (const auto& p : a.params)
    if (!p.has_value) return false; // auth-param = token EQUAL ( token / quoted-string )
  return valid_params(a.params);
}

} // namespace

namespace detail {

std::size_t encoded_field_count(const message& m) noexcept {
  std::size_t n = m.vias.size() + 5 + m.other.size(); // From, To, Call-ID, CSeq, Content-Length
  n += (m.max_forwards ? 1 : 0) + (m.contact_star || !m.contacts.empty() ? 1 : 0) + (m.expires ? 1 : 0);
  n += (m.www_authenticate ? 1 : 0) + (m.authorization ? 1 : 0) + (m.authentication_info ? 1 : 0);
  n += (m.require.empty() ? 0 : 1) + (m.proxy_require.empty() ? 0 : 1) + (m.supported.empty() ? 0 : 1);
  n += (m.security_client.empty() ? 0 : 1) + (m.security_server.empty() ? 0 : 1);
  return n + (m.security_verify.empty() ? 0 : 1);
}

} // namespace detail

result<void> validate(const message& m) {
  if (m.is_request) {
    if (!all_of_class(m.method, cc_token)) return invalid("method is not a token");
    if (m.request_uri.empty()) return invalid("empty Request-URI");
    for (char c : m.request_uri)
      if (!is_visible(c)) return invalid("Request-URI contains whitespace or controls");
    if (m.cseq.method != m.method) return invalid("CSeq method differs from the method");
  } else {
    if (m.status < 100 || m.status > 699) return invalid("status outside 100..699");
    if (!no_ctl(m.reason) || !trimmed(m.reason)) return invalid("bad reason phrase");
  }
  if (m.vias.empty()) return invalid("no Via");
  if (m.vias.size() > max_list_items) return invalid("too many Via entries");
  for (const auto& v : m.vias)
    if (!all_of_class(v.transport, cc_token) || !valid_host(v.host) || !valid_params(v.params))
      return invalid("bad Via");
  if (!valid_address(m.from)) return invalid("bad From");
  if (!valid_address(m.to)) return invalid("bad To");
  if (m.call_id.empty()) return invalid("empty Call-ID");
  for (char c : m.call_id)
    if (!is_visible(c)) return invalid("Call-ID contains whitespace or controls");
  if (!all_of_class(m.cseq.method, cc_token) || m.cseq.number >= (std::uint32_t{1} << 31))
    return invalid("bad CSeq");
  if (m.contact_star && !m.contacts.empty()) return invalid("Contact '*' with addresses");
  if (m.contacts.size() > max_list_items) return invalid("too many Contact entries");
  for (const auto& c : m.contacts)
    if (!valid_address(c) || (!c.angle && c.uri == "*")) return invalid("bad Contact");
  if (m.www_authenticate && !valid_auth(*m.www_authenticate, true)) return invalid("bad WWW-Authenticate");
  if (m.authorization && !valid_auth(*m.authorization, true)) return invalid("bad Authorization");
  if (m.authentication_info && !valid_auth(*m.authentication_info, false))
    return invalid("bad Authentication-Info (needs params, scheme must stay \"Digest\")");
  if (!valid_tokens(m.require) || !valid_tokens(m.proxy_require) || !valid_tokens(m.supported))
    return invalid("bad option-tag list");
  if (!valid_mechanisms(m.security_client) || !valid_mechanisms(m.security_server)
      || !valid_mechanisms(m.security_verify))
    return invalid("bad Security-* mechanism list");
  for (const auto& h : m.other) {
    if (!all_of_class(h.name, cc_token)) return invalid("header name is not a token");
    if (!no_ctl(h.value) || !trimmed(h.value)) return invalid("bad value of header " + h.name);
    hid id = lookup_header(h.name);
    bool repeat_ok = (id == hid::www_authenticate && m.www_authenticate)
                     || (id == hid::authorization && m.authorization)
                     || (id == hid::authentication_info && m.authentication_info);
    if (id != hid::other && !repeat_ok) return invalid("header " + h.name + " has a typed field");
  }
  if (encoded_field_count(m) > max_header_fields) return invalid("too many header fields");
  if (encode(m).size() > max_message_size) return invalid("message larger than 64 KiB");
  return {};
}

} // namespace ngn::sip
