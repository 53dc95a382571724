// encode(): canonical text form (RFC 3261 §7; order fixed by the model, see message.hpp).
#include "protocols/sip/message.hpp"
#include "protocols/sip/writer.hpp"

#include <algorithm>
#include <charconv>

namespace ngn::sip {

namespace {

using namespace detail;

// What encode() reserves before writing: the messages of the registration flow are 450 to
// 1,000 bytes; a larger one grows the buffer once or twice.
constexpr std::size_t typical_size = 1024;

void put_uint(text_writer& out, std::uint64_t v) {
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  out.put(std::string_view(buf, static_cast<std::size_t>(r.ptr - buf)));
}

void put_value(text_writer& out, const param& p) {
  if (!p.has_value) return;
  out.put('=');
  if (p.quoted)
    write_quoted(out, p.value);
  else
    out.put(p.value);
}

void put_name(text_writer& out, std::string_view name) {
  out.put(name);
  out.put(": ");
}

void put_address(text_writer& out, const name_addr& a) {
  if (a.angle || !a.display.empty()) {
    if (!a.display.empty()) {
      write_quoted(out, a.display);
      out.put(' ');
    }
    out.put('<');
    out.put(a.uri);
    out.put('>');
  } else {
    out.put(a.uri);
  }
  write_params(out, a.params);
}

void put_field(text_writer& out, std::string_view name, const name_addr& a) {
  put_name(out, name);
  put_address(out, a);
  out.put("\r\n");
}

void put_via(text_writer& out, const via& v) {
  out.put("Via: SIP/2.0/");
  out.put(v.transport);
  out.put(' ');
  out.put(v.host);
  if (v.port) {
    out.put(':');
    put_uint(out, *v.port);
  }
  write_params(out, v.params);
  out.put("\r\n");
}

void put_auth(text_writer& out, std::string_view name, const auth_params& a, bool with_scheme) {
  put_name(out, name);
  bool first = true;
  if (with_scheme) {
    out.put(a.scheme);
    if (!a.params.empty()) out.put(' ');
  }
  for (const auto& p : a.params) {
    if (!first) out.put(", ");
    first = false;
    out.put(p.name);
    put_value(out, p);
  }
  out.put("\r\n");
}

void put_tokens(text_writer& out, std::string_view name, const std::vector<std::string>& ts) {
  if (ts.empty()) return;
  put_name(out, name);
  for (std::size_t i = 0; i < ts.size(); ++i) {
    if (i != 0) out.put(", ");
    out.put(ts[i]);
  }
  out.put("\r\n");
}

void put_mechanisms(text_writer& out, std::string_view name, const std::vector<sec_mechanism>& ms) {
  if (ms.empty()) return;
  put_name(out, name);
  write_mechanisms(out, ms);
  out.put("\r\n");
}

/// The patch's field when it sets one, else the message's (nullptr when neither has it).
const auth_params* pick(const auth_params* patched, const std::optional<auth_params>& own) {
  if (patched != nullptr) return patched;
  return own ? &*own : nullptr;
}

} // namespace

namespace detail {

void text_writer::grow(std::size_t more) {
  out_.resize(std::max({out_.size() * 2, len_ + more, std::size_t{64}}));
}

void write_quoted(text_writer& out, std::string_view v) {
  out.put('"');
  std::size_t run = 0;
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (v[i] != '"' && v[i] != '\\') continue;
    out.put(v.substr(run, i - run));
    out.put('\\');
    run = i;
  }
  out.put(v.substr(run));
  out.put('"');
}

void write_params(text_writer& out, const std::vector<param>& ps) {
  for (const auto& p : ps) {
    out.put(';');
    out.put(p.name);
    put_value(out, p);
  }
}

void write_mechanisms(text_writer& out, const std::vector<sec_mechanism>& ms) {
  for (std::size_t i = 0; i < ms.size(); ++i) {
    if (i != 0) out.put(", ");
    out.put(ms[i].name);
    write_params(out, ms[i].params);
  }
}

void append_mechanisms(std::string& out, const std::vector<sec_mechanism>& ms) {
  text_writer w{out};
  write_mechanisms(w, ms);
}

} // namespace detail

void encode_to(const message& m, const message_patch& patch, std::string& out) {
  text_writer w{out};
  // Start line (RFC 3261 §7.1, §7.2).
  if (m.is_request) {
    w.put(m.method);
    w.put(' ');
    w.put(m.request_uri);
    w.put(" SIP/2.0\r\n");
  } else {
    const int status = patch.status ? *patch.status : m.status;
    w.put("SIP/2.0 ");
    put_uint(w, static_cast<std::uint64_t>(status < 0 ? 0 : status));
    w.put(' ');
    w.put(patch.status ? patch.reason : std::string_view{m.reason});
    w.put("\r\n");
  }
  if (patch.top_via != nullptr) put_via(w, *patch.top_via);
  for (std::size_t i = patch.drop_top_via ? 1 : 0; i < m.vias.size(); ++i) put_via(w, m.vias[i]);
  if (const auto max_forwards = patch.max_forwards ? patch.max_forwards : m.max_forwards) {
    put_name(w, "Max-Forwards");
    put_uint(w, *max_forwards);
    w.put("\r\n");
  }
  put_field(w, "From", m.from);
  put_field(w, "To", m.to);
  put_name(w, "Call-ID");
  w.put(m.call_id);
  w.put("\r\nCSeq: ");
  put_uint(w, m.cseq.number);
  w.put(' ');
  w.put(m.cseq.method);
  w.put("\r\n");
  if (m.contact_star) {
    w.put("Contact: *\r\n");
  } else if (!m.contacts.empty()) {
    put_name(w, "Contact");
    for (std::size_t i = 0; i < m.contacts.size(); ++i) {
      if (i != 0) w.put(", ");
      put_address(w, m.contacts[i]);
    }
    w.put("\r\n");
  }
  if (m.expires) {
    put_name(w, "Expires");
    put_uint(w, *m.expires);
    w.put("\r\n");
  }
  if (const auto* a = pick(patch.authorization, m.authorization))
    put_auth(w, "Authorization", *a, true);
  if (m.www_authenticate) put_auth(w, "WWW-Authenticate", *m.www_authenticate, true);
  // RFC 3261 §20.6: Authentication-Info has no auth-scheme.
  if (const auto* a = pick(patch.authentication_info, m.authentication_info))
    put_auth(w, "Authentication-Info", *a, false);
  put_tokens(w, "Require", m.require);
  put_tokens(w, "Proxy-Require", m.proxy_require);
  put_tokens(w, "Supported", m.supported);
  put_mechanisms(w, "Security-Client", m.security_client);
  put_mechanisms(w, "Security-Server",
                 patch.security_server != nullptr ? *patch.security_server : m.security_server);
  put_mechanisms(w, "Security-Verify", m.security_verify);
  for (const auto& h : m.other) {
    put_name(w, h.name);
    w.put(h.value);
    w.put("\r\n");
  }
  // RFC 3261 §20.14: always an exact Content-Length.
  put_name(w, "Content-Length");
  put_uint(w, m.body.size());
  w.put("\r\n\r\n");
  w.put(m.body);
}

void encode_to(const message& m, std::string& out) { encode_to(m, message_patch{}, out); }

std::string encode(const message& m, const message_patch& patch) {
  std::string out;
  out.reserve(typical_size + m.body.size());
  encode_to(m, patch, out);
  return out;
}

std::string encode(const message& m) { return encode(m, message_patch{}); }

} // namespace ngn::sip
