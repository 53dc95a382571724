// encode(): canonical text form (RFC 3261 §7; order fixed by the model, see message.hpp).
#include "protocols/sip/message.hpp"
#include "protocols/sip/writer.hpp"

#include <charconv>

namespace ngn::sip {

namespace {

using namespace detail;

void put_uint(std::string& out, std::uint64_t v) {
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, static_cast<std::size_t>(r.ptr - buf));
}

void put_value(std::string& out, const param& p) {
  if (!p.has_value) return;
  out += '=';
  if (p.quoted)
    append_quoted(out, p.value);
  else
    out += p.value;
}

void put_name(std::string& out, std::string_view name) {
  out += name;
  out += ": ";
}

void put_address(std::string& out, const name_addr& a) {
  if (a.angle || !a.display.empty()) {
    if (!a.display.empty()) {
      append_quoted(out, a.display);
      out += ' ';
    }
    out += '<';
    out += a.uri;
    out += '>';
  } else {
    out += a.uri;
  }
  append_params(out, a.params);
}

void put_field(std::string& out, std::string_view name, const name_addr& a) {
  put_name(out, name);
  put_address(out, a);
  out += "\r\n";
}

void put_auth(std::string& out, std::string_view name, const auth_params& a, bool with_scheme) {
  put_name(out, name);
  bool first = true;
  if (with_scheme) {
    out += a.scheme;
    if (!a.params.empty()) out += ' ';
  }
  for (const auto& p : a.params) {
    if (!first) out += ", ";
    first = false;
    out += p.name;
    put_value(out, p);
  }
  out += "\r\n";
}

void put_tokens(std::string& out, std::string_view name, const std::vector<std::string>& ts) {
  if (ts.empty()) return;
  put_name(out, name);
  for (std::size_t i = 0; i < ts.size(); ++i) {
    if (i != 0) out += ", ";
    out += ts[i];
  }
  out += "\r\n";
}

void put_mechanisms(std::string& out, std::string_view name, const std::vector<sec_mechanism>& ms) {
  if (ms.empty()) return;
  put_name(out, name);
  append_mechanisms(out, ms);
  out += "\r\n";
}

} // namespace

namespace detail {

void append_quoted(std::string& out, std::string_view v) {
  out += '"';
  std::size_t run = 0;
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (v[i] != '"' && v[i] != '\\') continue;
    out.append(v.data() + run, i - run);
    out += '\\';
    run = i;
  }
  out.append(v.data() + run, v.size() - run);
  out += '"';
}

void append_params(std::string& out, const std::vector<param>& ps) {
  for (const auto& p : ps) {
    out += ';';
    out += p.name;
    put_value(out, p);
  }
}

void append_mechanisms(std::string& out, const std::vector<sec_mechanism>& ms) {
  for (std::size_t i = 0; i < ms.size(); ++i) {
    if (i != 0) out += ", ";
    out += ms[i].name;
    append_params(out, ms[i].params);
  }
}

} // namespace detail

void encode_to(const message& m, std::string& out) {
  // Start line (RFC 3261 §7.1, §7.2).
  if (m.is_request) {
    out += m.method;
    out += ' ';
    out += m.request_uri;
    out += " SIP/2.0\r\n";
  } else {
    out += "SIP/2.0 ";
    put_uint(out, static_cast<std::uint64_t>(m.status < 0 ? 0 : m.status));
    out += ' ';
    out += m.reason;
    out += "\r\n";
  }
  for (const auto& v : m.vias) {
    out += "Via: SIP/2.0/";
    out += v.transport;
    out += ' ';
    out += v.host;
    if (v.port) {
      out += ':';
      put_uint(out, *v.port);
    }
    append_params(out, v.params);
    out += "\r\n";
  }
  if (m.max_forwards) {
    put_name(out, "Max-Forwards");
    put_uint(out, *m.max_forwards);
    out += "\r\n";
  }
  put_field(out, "From", m.from);
  put_field(out, "To", m.to);
  put_name(out, "Call-ID");
  out += m.call_id;
  out += "\r\nCSeq: ";
  put_uint(out, m.cseq.number);
  out += ' ';
  out += m.cseq.method;
  out += "\r\n";
  if (m.contact_star) {
    out += "Contact: *\r\n";
  } else if (!m.contacts.empty()) {
    put_name(out, "Contact");
    for (std::size_t i = 0; i < m.contacts.size(); ++i) {
      if (i != 0) out += ", ";
      put_address(out, m.contacts[i]);
    }
    out += "\r\n";
  }
  if (m.expires) {
    put_name(out, "Expires");
    put_uint(out, *m.expires);
    out += "\r\n";
  }
  if (m.authorization) put_auth(out, "Authorization", *m.authorization, true);
  if (m.www_authenticate) put_auth(out, "WWW-Authenticate", *m.www_authenticate, true);
  // RFC 3261 §20.6: Authentication-Info has no auth-scheme.
  if (m.authentication_info) put_auth(out, "Authentication-Info", *m.authentication_info, false);
  put_tokens(out, "Require", m.require);
  put_tokens(out, "Proxy-Require", m.proxy_require);
  put_tokens(out, "Supported", m.supported);
  put_mechanisms(out, "Security-Client", m.security_client);
  put_mechanisms(out, "Security-Server", m.security_server);
  put_mechanisms(out, "Security-Verify", m.security_verify);
  for (const auto& h : m.other) {
    put_name(out, h.name);
    out += h.value;
    out += "\r\n";
  }
  // RFC 3261 §20.14: always an exact Content-Length.
  put_name(out, "Content-Length");
  put_uint(out, m.body.size());
  out += "\r\n\r\n";
  out += m.body;
}

std::string encode(const message& m) {
  std::string out;
  out.reserve(768 + m.body.size());
  encode_to(m, out);
  return out;
}

} // namespace ngn::sip
