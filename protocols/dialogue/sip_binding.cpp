#include "protocols/dialogue/sip_binding.hpp"

#include "protocols/common/hex.hpp"
#include "protocols/dialogue/sip_util.hpp"
#include "protocols/sip/digest.hpp"
#include "protocols/sip/sec_agree.hpp"

namespace ngn::dialogue {

using namespace sip_util;

const sip::message& sip_binding::message_of(const inbound& in) {
  return std::get<sip::message>(in.original);
}

std::string sip_binding::hop_tid(std::string_view element, std::uint64_t n) const {
  // RFC 3261 §8.1.1.7: a branch unique per transaction, starting with the magic cookie.
  return "z9hG4bK-" + std::string(element) + "-" + std::to_string(n);
}

std::string identity_of_uri(std::string_view uri) {
  if (!uri.empty() && uri.front() == '<') uri.remove_prefix(1);
  for (std::string_view scheme : {"sip:", "sips:", "SIP:", "tel:"})
    if (uri.substr(0, scheme.size()) == scheme) {
      uri.remove_prefix(scheme.size());
      break;
    }
  auto end = uri.find_first_of(";>?");
  return std::string(uri.substr(0, end));
}

std::string_view host_of_uri(std::string_view uri) {
  std::size_t skip = 0;
  if (uri.size() >= 4 && (uri[0] == 's' || uri[0] == 'S') && (uri[1] == 'i' || uri[1] == 'I')
      && (uri[2] == 'p' || uri[2] == 'P')) {
    if (uri[3] == ':') skip = 4;
    else if (uri.size() >= 5 && (uri[3] == 's' || uri[3] == 'S') && uri[4] == ':') skip = 5;
  }
  if (skip == 0) return {};
  uri.remove_prefix(skip);
  uri = uri.substr(0, uri.find_first_of(";?>"));
  if (auto at = uri.rfind('@'); at != std::string_view::npos) uri.remove_prefix(at + 1);
  if (!uri.empty() && uri.front() == '[') return uri.substr(0, uri.find(']') + 1);
  return uri.substr(0, uri.find(':'));
}

namespace {

bool iequal(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

/// A dotted quad or a bracketed IPv6 reference (RFC 3261 §25.1 IPv4address / IPv6reference).
bool is_ip_literal(std::string_view host) {
  if (host.size() >= 3 && host.front() == '[' && host.back() == ']') return true;
  int dots = 0, digits = 0;
  for (char c : host) {
    if (c == '.') {
      if (digits == 0) return false;
      ++dots;
      digits = 0;
      continue;
    }
    if (c < '0' || c > '9' || ++digits > 3) return false;
  }
  return dots == 3 && digits > 0;
}

} // namespace

std::optional<admission_error> sip_binding::admit(const inbound& msg,
                                                  std::string_view domain) const {
  const auto& m = message_of(msg);
  if (!m.is_request) return std::nullopt;
  // RFC 3261 §10.3 steps 1 and 5: the Request-URI names the domain whose bindings the registrar
  // keeps; for another domain the address-of-record is not valid there: 404. A Request-URI with
  // an IP address is taken as addressed to this registrar (clients configured with the server's
  // address send it, like SIPp's example scenarios).
  const auto host = host_of_uri(m.request_uri);
  if (!iequal(host, domain) && !is_ip_literal(host))
    return admission_error{code::not_found, "Request-URI " + m.request_uri
                                              + " is not in the registrar's domain "
                                              + std::string(domain)};
  if (m.authorization) {
    // RFC 2617 §3.2.2: credentials for another protection space, or another user's, answer
    // none of our challenges.
    const auto& a = *m.authorization;
    if (a.value("realm") != domain)
      return admission_error{code::forbidden, "credentials for realm '" + std::string(a.value("realm"))
                                                + "', not '" + std::string(domain) + "'"};
    if (a.value("username") != msg.c.identity)
      return admission_error{code::forbidden, "credentials of user '"
                                                + std::string(a.value("username"))
                                                + "' for identity '" + msg.c.identity + "'"};
  }
  return std::nullopt;
}

namespace {

/// decode() into `in`, a default-constructed inbound.
result<void> decode_into(std::string_view wire, inbound& in) {
  // Parsed in place into the inbound's variant: the model is not moved (issue 13).
  sip::message& parsed = in.original.emplace<sip::message>();
  if (auto ok = sip::parse_into(wire, parsed); !ok) return ok.error();
  const sip::message* msg = &parsed;
  content& c = in.c;
  c.identity = identity_of_uri(msg->to.uri);
  if (!msg->vias.empty()) c.tid = std::string(msg->vias.front().branch());
  if (msg->is_request) {
    if (msg->method == "OPTIONS") {
      // DESIGN.md §1.2: the terminal's keepalive to the edge (RFC 3261 §11). Its To names the
      // server; the terminal is the From.
      c.kind = step::keepalive;
      c.identity = identity_of_uri(msg->from.uri);
      return {};
    }
    if (msg->method != "REGISTER")
      return make_error(errc::unsupported, 0,
                        "method " + msg->method + " is not part of the registration dialogue");
    auto offered = to_mechanisms(msg->security_client);
    if (!offered) return offered.error();
    c.offered = std::move(*offered);
    auto spi = read_spi(msg->security_client, spi_client_param);
    if (!spi) return spi.error();
    c.terminal_spi = *spi;
    auto mirror = to_mechanisms(msg->security_verify);
    if (!mirror) return mirror.error();
    c.edge = std::move(*mirror);
    c.lifetime = lifetime_of(*msg);
    // RFC 3261 §10.2.2: an expiration interval of 0 — Expires 0 (with Contact *) or expires=0
    // on the Contact — removes the binding.
    const bool zero_expiry = msg->contact_star || bindings_removed(*msg);
    const auto* reason = msg->find_other("Reason");
    if (msg->authorization) {
      const auto& a = *msg->authorization;
      c.session_id = parse_session_id(a.value("opaque"));
      c.proof = proof_from_hex(a.value("response"), 16); // RFC 2617: 32 hex digits of MD5
      if (auto* auts = a.get("auts")) {
        // RFC 3310 §3.4: resynchronisation.
        auto v = sip::parse_auts(auts->value);
        if (!v) return make_error(errc::malformed, 0, "auts is not base64 of 14 bytes");
        c.auts = *v;
      }
      sip::parse_aka_nonce(a.value("nonce"), c.rand, c.autn);
      c.sec_agree_failed = a.value(sec_verify_param) == "mismatch";
      c.chosen = std::string(a.value(sec_mech_param));
    }
    if (zero_expiry && reason == nullptr) {
      // DESIGN.md §1.2: the terminal ends its registration.
      c.kind = step::deregistration;
      c.lifetime = 0;
    } else if (reason != nullptr && (zero_expiry || msg->authorization)) {
      // The terminal refuses the key (refusal()): Reason (RFC 3326), proven by Authorization.
      c.kind = step::refusal;
      c.reason = reason_text(reason->value);
    } else {
      c.kind = msg->authorization ? step::reg_message : step::reg_request;
    }
  } else {
    c.is_response = true;
    c.result = static_cast<code>(msg->status);
    const bool to_options = msg->cseq.method == "OPTIONS";
    if (to_options) c.identity = identity_of_uri(msg->from.uri);
    if (msg->status == 401 || msg->status == 407) {
      const auto& w = msg->www_authenticate;
      if (!w || !sip::parse_aka_nonce(w->value("nonce"), c.rand, c.autn))
        return make_error(errc::unsupported, 0, "401 without a Digest AKA nonce (RFC 3310 §3.2)");
      c.kind = step::challenge;
      c.session_id = parse_session_id(w->value("opaque"));
      auto edge = to_mechanisms(msg->security_server);
      if (!edge) return edge.error();
      c.edge = std::move(*edge);
      auto spi = read_spi(msg->security_server, spi_server_param);
      if (!spi) return spi.error();
      c.edge_spi = *spi;
    } else if (msg->status >= 200 && msg->status < 300) {
      if (to_options) {
        c.kind = step::keepalive_answer; // DESIGN.md §1.2
      } else if (msg->authentication_info && msg->authentication_info->get("skey") != nullptr) {
        const auto& ai = *msg->authentication_info;
        c.kind = step::success;
        from_hex_into(ai.value("skey"), c.wrapped_t);
        from_hex_into(ai.value("pkey"), c.wrapped_edge);
        from_hex_into(ai.value("mac"), c.mac);
        if (!msg->security_server.empty()) c.chosen = msg->security_server.front().name;
        c.lifetime = lifetime_of(*msg);
        // Like the key and the MAC, an unreadable SPI is not a reason to drop the success: the
        // message verification word covers it, and its receiver refuses a key it cannot trust.
        if (auto spi = read_spi(msg->security_server, spi_server_param)) c.edge_spi = *spi;
      } else if (msg->cseq.method == "REGISTER" && !msg->authentication_info
                 && bindings_removed(*msg)) {
        c.kind = step::deregistered; // DESIGN.md §1.2: no binding left
      } else {
        c.kind = step::ack;
      }
    } else if (msg->status >= 300) {
      c.kind = step::rejection;
      // The cause travels in a Warning (rejection()); the reason phrase is only the status's.
      const auto* w = msg->find_other("Warning");
      c.reason = w != nullptr ? warning_text(w->value) : std::string{};
      if (c.reason.empty()) c.reason = msg->reason;
      // RFC 3261 §20.33: Retry-After = delta-seconds [comment] *(;param); only the seconds.
      if (const auto* ra = msg->find_other("Retry-After")) {
        std::uint32_t s = 0;
        std::size_t i = 0;
        for (; i < ra->value.size() && i < 9 && ra->value[i] >= '0' && ra->value[i] <= '9'; ++i)
          s = s * 10 + static_cast<std::uint32_t>(ra->value[i] - '0');
        if (i > 0) c.retry_after = s;
      }
    } else {
      c.kind = step::ack; // provisional
    }
  }
  return {};
}

} // namespace

result<inbound> sip_binding::decode(std::string_view wire) const {
  return decoded_in_place([wire](inbound& in) { return decode_into(wire, in); }); // issue 13
}

std::string sip_binding::challenge(const inbound& request, const challenge_fields& f) const {
  const auto& req = message_of(request);
  auto r = sip::make_response(req, 401, "Unauthorized");
  if (r.to.tag().empty()) sip::set_tag(r.to, local_tag(f.session_id));
  // RFC 3310 §3.2: nonce = base64(RAND ‖ AUTN); algorithm AKAv1-MD5; qop auth (§3.1).
  sip::auth_params w;
  w.set("realm", f.realm, true);
  w.set("nonce", sip::aka_nonce(f.rand, f.autn), true);
  w.set("algorithm", "AKAv1-MD5", false);
  w.set("qop", "auth", true);
  w.set("opaque", format_session_id(f.session_id), true);
  if (f.rechallenge) w.set("stale", "TRUE", false); // RFC 2617 §3.2.1
  r.www_authenticate = std::move(w);
  if (f.edge != nullptr) r.security_server = to_sec_mechanisms(*f.edge);
  // The soft switch is the edge: its inbound SPI on every entry (DESIGN.md §1.2, spi-s).
  set_spi(r.security_server, spi_server_param, f.edge_spi);
  return sip::encode(r);
}

std::optional<bytes> sip_binding::expected_proof(const inbound& msg, const res_t& xres) const {
  const auto& m = message_of(msg);
  if (!m.is_request || !m.authorization || md5_ == nullptr) return std::nullopt;
  const auto& a = *m.authorization;
  if (a.value("algorithm") != "AKAv1-MD5") return std::nullopt; // RFC 3310 §3.1
  sip::digest_input in;
  if (!sip::digest_fields(a, in)) return std::nullopt;
  in.method = m.method;
  // RFC 3310 §3.3: RES is the password of the Digest response.
  in.password = std::string_view(reinterpret_cast<const char*>(xres.data()), xres.size());
  return from_hex(sip::digest_response(in, md5_));
}

std::string sip_binding::success(const inbound& reg_message, const success_fields& f) const {
  const auto& req = message_of(reg_message);
  auto r = sip::make_response(req, 200, "OK");
  if (r.to.tag().empty()) sip::set_tag(r.to, local_tag(f.session_id));
  // RFC 3261 §10.3 step 8: the binding with the granted lifetime, as Contact expires and
  // Expires (DESIGN.md §1.2).
  r.contacts = req.contacts;
  for (auto& ct : r.contacts)
    sip::set_param(ct.params, "expires", std::to_string(f.lifetime), false);
  r.expires = f.lifetime;
  // RFC 2617 §3.2.3 Authentication-Info; RFC 3310 §3.5: rspauth with XRES as the password.
  sip::auth_params ai;
  ai.set("qop", "auth", false);
  if (f.xres != nullptr && req.authorization && md5_ != nullptr) {
    sip::digest_input in;
    if (sip::digest_fields(*req.authorization, in)) {
      in.method = req.method;
      in.password = std::string_view(reinterpret_cast<const char*>(f.xres->data()),
                                     f.xres->size());
      ai.set("rspauth", sip::digest_rspauth(in, md5_), true);
      // RFC 2617 §3.2.3: the request's cnonce and nc, as it carried them (none without qop).
      for (std::string_view name : {"cnonce", "nc"})
        if (const auto* p = req.authorization->get(name)) ai.set(name, p->value, p->quoted);
    }
  }
  // The key distribution (DESIGN.md §1 step 6): E_Kc(SK), E_Ksp(SK) for the proxy, the MAC.
  ai.set("skey", to_hex(f.wrapped_t), true);
  if (!f.wrapped_edge.empty()) ai.set("pkey", to_hex(f.wrapped_edge), true);
  if (!f.mac.empty()) ai.set("mac", to_hex(f.mac), true);
  r.authentication_info = std::move(ai);
  if (!f.chosen.empty()) r.security_server = {chosen_mechanism(f.chosen, f.edge)};
  set_spi(r.security_server, spi_server_param, f.edge_spi);
  return sip::encode(r);
}

std::string sip_binding::rejection(const inbound& msg, code c, std::string_view reason,
                                   address local) const {
  // RFC 3261 §21.5.4: a 503 may say when to come back (§20.33); the soft switch's overload
  // control and an AuC that cannot store the challenge are transient: after a second.
  return error_response(msg, c, reason, local, 1);
}

std::string sip_binding::unavailable(const inbound& msg, std::string_view reason, address local,
                                     std::uint32_t retry_after_s) const {
  return error_response(msg, code::unavailable, reason, local, retry_after_s);
}

std::string sip_binding::error_response(const inbound& msg, code c, std::string_view reason,
                                        address local, std::uint32_t retry_after_s) const {
  const auto& m = message_of(msg);
  if (!m.is_request) return {}; // never answer a response
  const int status = static_cast<int>(c);
  auto r = sip::make_response(m, status, sip::default_reason(status));
  if (r.to.tag().empty()) sip::set_tag(r.to, local_tag(ngn::session_id{}));
  if (!reason.empty()) r.other.push_back(warning(local, reason));
  if (c == code::unavailable && retry_after_s > 0)
    r.other.push_back(sip::header{"Retry-After", std::to_string(retry_after_s)});
  return sip::encode(r);
}

std::string sip_binding::malformed_answer(std::string_view wire, const codec_error& err,
                                          address local) const {
  if (err.kind == errc::unsupported) {
    auto m = sip::parse(wire);
    if (m && m->is_request && m->method != "REGISTER" && m->method != "OPTIONS") {
      if (m->method == "ACK") return {}; // never answered (RFC 3261 §17.1.1.3)
      // RFC 3261 §10.3: a registrar takes REGISTER, and the edge answers the keepalive OPTIONS
      // (DESIGN.md §1.2); §8.2.1: 405 lists what is allowed.
      auto r = sip::make_response(*m, 405, "Method Not Allowed");
      if (r.to.tag().empty()) sip::set_tag(r.to, local_tag(ngn::session_id{}));
      r.other.push_back(sip::header{"Allow", std::string(allowed_methods)});
      r.other.push_back(warning(local, err.detail));
      return sip::encode(r);
    }
  }
  return bad_request(wire, err, local);
}

} // namespace ngn::dialogue
