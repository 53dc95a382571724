#include "protocols/sip/headers.hpp"

#include "protocols/common/mechanism.hpp"

#include "protocols/sip/sec_agree.hpp"

namespace ngn::sip::detail {

namespace {

bool is_hex(char c) noexcept {
  return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// Common tail of list parsers: end of value, or COMMA and another element.
enum class list_step { done, more, bad };

list_step next_element(cursor& c) {
  c.skip_wsp();
  if (c.eof()) return list_step::done;
  if (!c.consume(',')) return list_step::bad;
  c.skip_wsp();
  return list_step::more;
}

bool parse_param_value(cursor& c, param& p, codec_error& err) {
  p.has_value = true;
  if (c.peek() == '"') {
    p.quoted = true;
    return parse_quoted(c, p.value, err);
  }
  auto v = c.run(cc_pvalue);
  if (v.empty()) return fail(err, errc::malformed, c.offset(), "parameter value expected");
  p.value.assign(v.data(), v.size());
  return true;
}

// One name-addr / addr-spec followed by its parameters (RFC 3261 §20.10, §25.1).
bool parse_address(cursor& c, name_addr& out, codec_error& err) {
  c.skip_wsp();
  bool angle = false;
  if (c.peek() == '"') {
    // display-name = quoted-string
    if (!parse_quoted(c, out.display, err)) return false;
    c.skip_wsp();
    if (!c.consume('<')) return fail(err, errc::malformed, c.offset(), "'<' expected after display-name");
    angle = true;
  } else if (c.consume('<')) {
    angle = true;
  } else {
    // display-name = *(token LWS): tokens (and UTF-8) up to '<'; otherwise an addr-spec.
    cursor save = c;
    std::size_t start = c.pos();
    while (!c.eof() && (is_token(c.peek()) || is_wsp(c.peek()) || static_cast<unsigned char>(c.peek()) >= 0x80))
      c.advance();
    if (c.peek() == '<') {
      auto display = trim_wsp(save.rest().substr(0, c.pos() - start));
      out.display.assign(display.data(), display.size());
      c.advance();
      angle = true;
    } else {
      c = save;
    }
  }
  out.angle = angle;
  if (angle) {
    auto rest = c.rest();
    std::size_t n = 0;
    while (n < rest.size() && is_visible(rest[n]) && rest[n] != '<' && rest[n] != '>') ++n;
    if (n == 0) return fail(err, errc::malformed, c.offset(), "URI expected after '<'");
    c.advance(n);
    if (!c.consume('>')) return fail(err, errc::malformed, c.offset(), "'>' expected after URI");
    out.uri.assign(rest.data(), n);
  } else {
    // addr-spec without <>: the URI ends at ';', ',' or LWS (RFC 3261 §20.10).
    auto uri = c.run(cc_pvalue);
    if (uri.empty()) return fail(err, errc::malformed, c.offset(), "URI expected");
    out.uri.assign(uri.data(), uri.size());
  }
  std::size_t params_at = c.offset();
  if (!parse_params(c, out.params, err)) return false;
  return check_q(out.params, params_at, err);
}

} // namespace

// `name` equals `lower` (lower-case letters and '-') ignoring ASCII case, for a token `name`:
// OR-ing 0x20 folds exactly the upper-case letters onto `lower`'s characters among token
// characters (only CR, not a token character, would also fold onto '-').
bool token_iequals(std::string_view name, std::string_view lower) noexcept {
  if (name.size() != lower.size()) return false;
  unsigned diff = 0;
  for (std::size_t i = 0; i < lower.size(); ++i)
    diff |= static_cast<unsigned>(static_cast<unsigned char>(name[i] | 0x20) ^ static_cast<unsigned char>(lower[i]));
  return diff == 0;
}

// Header names, full and compact (RFC 3261 §7.3.3, §20), case-insensitive. Sorted by length,
// then told apart by the one letter where the candidates differ.
hid lookup_header(std::string_view n) noexcept {
  const auto lower_at = [&](std::size_t i) { return ascii_lower(n[i]); };
  switch (n.size()) {
    case 1:
      switch (lower_at(0)) {
        case 'v': return hid::via;
        case 'f': return hid::from;
        case 't': return hid::to;
        case 'i': return hid::call_id;
        case 'm': return hid::contact;
        case 'l': return hid::content_length;
        case 'k': return hid::supported;
        default: return hid::other;
      }
    case 2: return token_iequals(n, "to") ? hid::to : hid::other;
    case 3: return token_iequals(n, "via") ? hid::via : hid::other;
    case 4:
      if (token_iequals(n, "from")) return hid::from;
      return token_iequals(n, "cseq") ? hid::cseq : hid::other;
    case 7:
      switch (lower_at(0)) {
        case 'c':
          if (token_iequals(n, "call-id")) return hid::call_id;
          return token_iequals(n, "contact") ? hid::contact : hid::other;
        case 'e': return token_iequals(n, "expires") ? hid::expires : hid::other;
        case 'r': return token_iequals(n, "require") ? hid::require : hid::other;
        default: return hid::other;
      }
    case 9: return token_iequals(n, "supported") ? hid::supported : hid::other;
    case 12: return token_iequals(n, "max-forwards") ? hid::max_forwards : hid::other;
    case 13:
      if (token_iequals(n, "authorization")) return hid::authorization;
      return token_iequals(n, "proxy-require") ? hid::proxy_require : hid::other;
    case 14: return token_iequals(n, "content-length") ? hid::content_length : hid::other;
    case 15:
      switch (lower_at(9)) { // security-Client / -Server / -Verify
        case 'c': return token_iequals(n, "security-client") ? hid::security_client : hid::other;
        case 's': return token_iequals(n, "security-server") ? hid::security_server : hid::other;
        case 'v': return token_iequals(n, "security-verify") ? hid::security_verify : hid::other;
        default: return hid::other;
      }
    case 16: return token_iequals(n, "www-authenticate") ? hid::www_authenticate : hid::other;
    case 19: return token_iequals(n, "authentication-info") ? hid::authentication_info : hid::other;
    default: return hid::other;
  }
}

bool parse_quoted(cursor& c, std::string& out, codec_error& err) {
  std::size_t open = c.offset();
  c.advance(); // DQUOTE
  for (;;) {
    auto rest = c.rest();
    std::size_t n = 0;
    while (n < rest.size() && rest[n] != '"' && rest[n] != '\\') ++n;
    out.append(rest.data(), n);
    c.advance(n);
    if (c.eof()) return fail(err, errc::malformed, open, "unterminated quoted-string");
    if (c.consume('"')) return true;
    // quoted-pair = "\" (%x00-09 / %x0B-0C / %x0E-7F); CR/LF cannot occur here.
    c.advance();
    if (c.eof()) return fail(err, errc::malformed, open, "unterminated quoted-string");
    out += c.peek();
    c.advance();
  }
}

bool parse_params(cursor& c, std::vector<param>& out, codec_error& err) {
  while (c.separator(';')) {
    auto name = c.token();
    if (name.empty()) return fail(err, errc::malformed, c.offset(), "parameter name expected");
    if (out.size() >= max_params) return fail(err, errc::limit_exceeded, c.offset(), "too many parameters");
    if (out.capacity() == 0) out.reserve(4); // one allocation for the usual few (branch, tag, q)
    param& p = out.emplace_back();
    p.name.assign(name.data(), name.size());
    if (c.separator('=') && !parse_param_value(c, p, err)) return false;
  }
  return true;
}

bool check_q(const std::vector<param>& params, std::size_t offset, codec_error& err) {
  for (const auto& p : params) {
    if (p.name.size() == 1 && (p.name[0] == 'q' || p.name[0] == 'Q')) {
      if (!p.has_value || p.quoted || !ngn::parse_qvalue(p.value))
        return fail(err, errc::malformed, offset, "q parameter is not a qvalue");
    }
  }
  return true;
}

bool parse_via_list(cursor c, std::vector<via>& out, codec_error& err) {
  for (;;) {
    if (out.size() >= max_list_items) return fail(err, errc::limit_exceeded, c.offset(), "too many Via entries");
    // sent-protocol = protocol-name SLASH protocol-version SLASH transport
    std::size_t at = c.offset();
    auto name = c.token();
    if (name.empty()) return fail(err, errc::malformed, at, "Via: sent-protocol expected");
    if (!c.separator('/')) return fail(err, errc::malformed, c.offset(), "Via: '/' expected");
    auto version = c.token();
    if (!c.separator('/')) return fail(err, errc::malformed, c.offset(), "Via: '/' expected");
    if (!iequals(name, "SIP") || version != "2.0")
      return fail(err, errc::unsupported, at, "Via: sent-protocol is not SIP/2.0");
    auto transport = c.token();
    if (transport.empty()) return fail(err, errc::malformed, c.offset(), "Via: transport expected");
    if (!is_wsp(c.peek())) return fail(err, errc::malformed, c.offset(), "Via: LWS expected before sent-by");
    c.skip_wsp();
    if (out.capacity() == 0) out.reserve(4); // a proxy or two above the terminal: one allocation
    via& v = out.emplace_back();
    v.transport.assign(transport.data(), transport.size());
    // sent-by = host [ COLON port ]; host = hostname / IPv4address / IPv6reference
    std::string_view host;
    if (c.peek() == '[') {
      auto rest = c.rest();
      std::size_t n = 1;
      while (n < rest.size() && (is_hex(rest[n]) || rest[n] == ':' || rest[n] == '.')) ++n;
      if (n == 1 || n >= rest.size() || rest[n] != ']')
        return fail(err, errc::malformed, c.offset(), "Via: bad IPv6 reference");
      host = rest.substr(0, n + 1);
      c.advance(n + 1);
    } else {
      host = c.run(cc_host);
      if (host.empty()) return fail(err, errc::malformed, c.offset(), "Via: host expected");
    }
    v.host.assign(host.data(), host.size());
    if (c.separator(':')) {
      std::size_t port_at = c.offset();
      auto digits = c.run(cc_digit);
      if (digits.empty() || digits.size() > 5) return fail(err, errc::malformed, port_at, "Via: bad port");
      std::uint32_t port = 0;
      for (char d : digits) port = port * 10 + static_cast<std::uint32_t>(d - '0');
      if (port > 65535) return fail(err, errc::malformed, port_at, "Via: port out of range");
      v.port = static_cast<std::uint16_t>(port);
    }
    if (!parse_params(c, v.params, err)) return false;
    switch (next_element(c)) {
      case list_step::done: return true;
      case list_step::more: break;
      case list_step::bad: return fail(err, errc::malformed, c.offset(), "Via: ',' or ';' expected");
    }
  }
}

bool parse_from_to(cursor c, name_addr& out, codec_error& err) {
  if (!parse_address(c, out, err)) return false;
  c.skip_wsp();
  if (!c.eof()) return fail(err, errc::malformed, c.offset(), "unexpected character after address");
  return true;
}

bool parse_contact_list(cursor c, std::vector<name_addr>& out, bool& star, codec_error& err) {
  if (c.rest() == "*") {
    if (star || !out.empty()) return fail(err, errc::malformed, c.offset(), "Contact: '*' mixed with addresses");
    star = true;
    return true;
  }
  if (star) return fail(err, errc::malformed, c.offset(), "Contact: '*' mixed with addresses");
  for (;;) {
    if (out.size() >= max_list_items) return fail(err, errc::limit_exceeded, c.offset(), "too many Contact entries");
    std::size_t at = c.offset();
    name_addr& a = out.emplace_back();
    if (!parse_address(c, a, err)) return false;
    if (!a.angle && a.uri == "*") return fail(err, errc::malformed, at, "Contact: '*' mixed with addresses");
    switch (next_element(c)) {
      case list_step::done: return true;
      case list_step::more: break;
      case list_step::bad: return fail(err, errc::malformed, c.offset(), "Contact: ',' or ';' expected");
    }
  }
}

bool parse_cseq(cursor c, sip::cseq& out, codec_error& err) {
  std::size_t at = c.offset();
  auto digits = c.run(cc_digit);
  if (digits.empty()) return fail(err, errc::malformed, at, "CSeq: number expected");
  std::uint64_t n = 0;
  for (char d : digits) {
    n = n * 10 + static_cast<std::uint64_t>(d - '0');
    // RFC 3261 §8.1.1.5: the sequence number MUST be less than 2**31.
    if (n >= (std::uint64_t{1} << 31)) return fail(err, errc::malformed, at, "CSeq: number too large");
  }
  if (!is_wsp(c.peek())) return fail(err, errc::malformed, c.offset(), "CSeq: LWS expected");
  c.skip_wsp();
  auto method = c.token();
  if (method.empty()) return fail(err, errc::malformed, c.offset(), "CSeq: method expected");
  c.skip_wsp();
  if (!c.eof()) return fail(err, errc::malformed, c.offset(), "CSeq: unexpected character");
  out.number = static_cast<std::uint32_t>(n);
  out.method.assign(method.data(), method.size());
  return true;
}

bool parse_number(cursor c, std::uint32_t& out, bool saturate, codec_error& err) {
  std::size_t at = c.offset();
  auto digits = c.run(cc_digit);
  if (digits.empty()) return fail(err, errc::malformed, at, "number expected");
  c.skip_wsp();
  if (!c.eof()) return fail(err, errc::malformed, c.offset(), "unexpected character after number");
  std::uint64_t n = 0;
  for (char d : digits) {
    n = n * 10 + static_cast<std::uint64_t>(d - '0');
    if (n > 0xffffffffu) {
      if (!saturate) return fail(err, errc::malformed, at, "number too large");
      n = 0xffffffffu;
      break;
    }
  }
  out = static_cast<std::uint32_t>(n);
  return true;
}

bool parse_auth(cursor c, auth_params& out, bool with_scheme, codec_error& err) {
  if (with_scheme) {
    auto scheme = c.token();
    if (scheme.empty()) return fail(err, errc::malformed, c.offset(), "auth-scheme expected");
    out.scheme.assign(scheme.data(), scheme.size());
    if (c.eof()) return true;
    if (!is_wsp(c.peek())) return fail(err, errc::malformed, c.offset(), "LWS expected after auth-scheme");
    c.skip_wsp();
  }
  out.params.reserve(12);
  for (;;) {
    auto name = c.token();
    if (name.empty()) return fail(err, errc::malformed, c.offset(), "auth-param expected");
    if (out.params.size() >= max_params) return fail(err, errc::limit_exceeded, c.offset(), "too many auth-params");
    param& p = out.params.emplace_back();
    p.name.assign(name.data(), name.size());
    // auth-param = token EQUAL ( token / quoted-string )
    if (!c.separator('=')) return fail(err, errc::malformed, c.offset(), "'=' expected in auth-param");
    if (!parse_param_value(c, p, err)) return false;
    switch (next_element(c)) {
      case list_step::done: return true;
      case list_step::more: break;
      case list_step::bad: return fail(err, errc::malformed, c.offset(), "',' expected between auth-params");
    }
  }
}

bool parse_token_list(cursor c, std::vector<std::string>& out, codec_error& err) {
  if (c.eof()) return true; // Supported may be empty (RFC 3261 §20.37)
  for (;;) {
    auto t = c.token();
    if (t.empty()) return fail(err, errc::malformed, c.offset(), "option-tag expected");
    if (out.size() >= max_list_items) return fail(err, errc::limit_exceeded, c.offset(), "too many option-tags");
    out.emplace_back(t);
    switch (next_element(c)) {
      case list_step::done: return true;
      case list_step::more: break;
      case list_step::bad: return fail(err, errc::malformed, c.offset(), "',' expected between option-tags");
    }
  }
}

bool parse_mechanisms(cursor c, std::vector<sec_mechanism>& out, codec_error& err) {
  for (;;) {
    auto name = c.token();
    if (name.empty()) return fail(err, errc::malformed, c.offset(), "mechanism-name expected");
    if (out.size() >= max_list_items) return fail(err, errc::limit_exceeded, c.offset(), "too many mechanisms");
    if (out.capacity() == 0) out.reserve(4); // the few mechanisms of RFC 3329 lists at once
    sec_mechanism& m = out.emplace_back();
    m.name.assign(name.data(), name.size());
    std::size_t params_at = c.offset();
    if (!parse_params(c, m.params, err) || !check_q(m.params, params_at, err)) return false;
    switch (next_element(c)) {
      case list_step::done: return true;
      case list_step::more: break;
      case list_step::bad: return fail(err, errc::malformed, c.offset(), "',' or ';' expected after mechanism");
    }
  }
}

} // namespace ngn::sip::detail
