// The terminal side of the SIP binding (TS 24.229 §5.1.1 / RFC 3329 §2.3.1 / RFC 3310) and the
// proxy's relay.
#include "protocols/common/hex.hpp"
#include "protocols/dialogue/sip_binding.hpp"
#include "protocols/dialogue/sip_util.hpp"
#include "protocols/sip/digest.hpp"
#include "protocols/sip/sec_agree.hpp"

namespace ngn::dialogue {

using namespace sip_util;

namespace {

/// A REGISTER answering `challenge` (same Call-ID as the 401, TS 24.229 §5.1.1.5.1; CSeq above
/// the one `prior` answered).
sip::message answer_register(const terminal_view& t, const sip::message& prior,
                             const sip::message& ch) {
  auto m = terminal_register(t, cseq_of(t, prior.cseq.number + 1, prior.cseq.number + 1),
                         prior.from.tag());
  m.call_id = prior.call_id;
  // Security-Verify mirrors the Security-Server of the 401 (RFC 3329 §2.3.1).
  m.security_verify = ch.security_server;
  return m;
}

/// Authorization credentials for `ch`'s challenge (RFC 2617 §3.2.2, RFC 3310 §3.3).
sip::auth_params credentials(const terminal_view& t, const sip::message& ch, std::string_view nc,
                             std::string_view password, md5_function md5) {
  const auto& w = *ch.www_authenticate;
  const std::string uri = "sip:" + std::string(t.domain);
  const std::string cnonce = hex32(t.serial ^ 0x5bd1e995u);
  const bool qop = w.value("qop").find("auth") != std::string_view::npos;
  sip::digest_input in;
  in.username = t.identity;
  in.realm = w.value("realm");
  in.method = "REGISTER";
  in.uri = uri;
  in.nonce = w.value("nonce");
  if (qop) {
    in.nc = nc;
    in.cnonce = cnonce;
    in.qop = "auth";
  }
  in.password = password;
  sip::auth_params a;
  a.set("username", t.identity, true);
  a.set("realm", in.realm, true);
  a.set("nonce", in.nonce, true);
  a.set("uri", uri, true);
  a.set("response", md5 != nullptr ? sip::digest_response(in, md5) : std::string(), true);
  a.set("algorithm", "AKAv1-MD5", false);
  if (qop) {
    a.set("cnonce", cnonce, true);
    a.set("qop", "auth", false);
    a.set("nc", nc, false);
  }
  if (const auto* o = w.get("opaque")) a.set("opaque", o->value, true);
  return a;
}

std::string_view as_password(const res_t& res) {
  return std::string_view(reinterpret_cast<const char*>(res.data()), res.size());
}

} // namespace

std::string sip_binding::reg_request(const terminal_view& t) const {
  return sip::encode(terminal_register(t, cseq_of(t, 1), from_tag(t)));
}

std::string sip_binding::reg_message(const terminal_view& t, const inbound& challenge,
                                     const res_t& res) const {
  const auto& ch = message_of(challenge);
  auto m = answer_register(t, ch, ch);
  m.authorization = credentials(t, ch, "00000001", as_password(res), md5_);
  return sip::encode(m);
}

std::string sip_binding::resync_message(const terminal_view& t, const inbound& challenge,
                                        const auts_t& auts) const {
  const auto& ch = message_of(challenge);
  auto m = answer_register(t, ch, ch);
  // RFC 3310 §3.4: auts directive, response computed with an empty password.
  auto a = credentials(t, ch, "00000001", {}, md5_);
  a.set("auts", sip::format_auts(auts), true);
  m.authorization = std::move(a);
  return sip::encode(m);
}

std::string sip_binding::auth_failure(const terminal_view& t, const inbound& challenge) const {
  const auto& ch = message_of(challenge);
  auto m = answer_register(t, ch, ch);
  // TS 24.229 §5.1.1.5.3: the challenge is deemed invalid — empty response, no auts.
  auto a = credentials(t, ch, "00000001", {}, md5_);
  a.set("response", "", true);
  m.authorization = std::move(a);
  return sip::encode(m);
}

std::string sip_binding::refusal(const terminal_view& t, const inbound& challenge,
                                 const inbound& success, const res_t& res,
                                 std::string_view reason) const {
  const auto& ch = message_of(challenge);
  const auto& ok = message_of(success);
  auto m = answer_register(t, ok, ch);
  // De-registration (RFC 3261 §10.2.2) with the reason (RFC 3326), authenticated with RES
  // (nonce count 2 of the same challenge).
  m.expires = 0;
  m.authorization = credentials(t, ch, "00000002", as_password(res), md5_);
  std::string text;
  for (char c : reason) text += (c == '"' || c == '\\' || c < 0x20) ? '\'' : c;
  m.other.push_back(sip::header{"Reason", "SIP;cause=403;text=\"" + text + "\""});
  return sip::encode(m);
}

std::string sip_binding::relay(const inbound& msg, const relay_edit& edit) const {
  // The received message is encoded with the proxy's edits patched in (sip::message_patch):
  // only the fields that change are built, the rest is written from the message as decoded.
  const sip::message& m = message_of(msg);
  sip::message_patch patch;
  if (edit.direction == relay_edit::toward::softswitch) {
    sip::via v;
    std::optional<sip::auth_params> credentials;
    if (m.is_request) {
      // RFC 3261 §16.6 step 8: the proxy inserts its own Via; step 3: Max-Forwards - 1.
      v.host = edit.self.host();
      v.port = edit.self.port;
      sip::set_param(v.params, "branch", edit.tid);
      patch.top_via = &v;
      if (m.max_forwards && *m.max_forwards > 0) patch.max_forwards = *m.max_forwards - 1;
      if (m.authorization) {
        // Only the proxy may assert these (sip_binding.hpp): what a terminal put there goes.
        auto& a = credentials.emplace(*m.authorization);
        sip::erase_param(a.params, sec_verify_param);
        sip::erase_param(a.params, sec_mech_param);
        if (edit.sec_agree_failed) a.set(sec_verify_param, "mismatch", false);
        if (!edit.chosen.empty()) a.set(sec_mech_param, edit.chosen, true);
        patch.authorization = &a;
      }
    }
    return sip::encode(m, patch);
  }
  // Toward the terminal: remove the proxy's own Via (RFC 3261 §16.7 step 3). A response with no
  // Via left after that was meant for the proxy itself and is not forwarded.
  if (!m.is_request) {
    if (m.vias.size() < 2) return {};
    patch.drop_top_via = true;
  }
  std::optional<std::vector<sip::sec_mechanism>> server; // Security-Server, when it changes
  const auto server_to_edit = [&]() -> std::vector<sip::sec_mechanism>& {
    return server ? *server : server.emplace(m.security_server);
  };
  if (edit.edge != nullptr && (m.status == 401 || m.status == 494))
    server = to_sec_mechanisms(*edit.edge);
  // The proxy is the edge: its inbound SPI replaces any (DESIGN.md §1.2, spi-s).
  if (m.status == 401 && edit.edge_spi != 0) set_spi(server_to_edit(), spi_server_param, edit.edge_spi);
  std::optional<sip::auth_params> info;
  if (m.status >= 200 && m.status < 300 && m.authentication_info) {
    if (edit.strip_wrapped_edge || !edit.mac.empty()) {
      auto& ai = info.emplace(*m.authentication_info);
      if (edit.strip_wrapped_edge) sip::erase_param(ai.params, "pkey");
      if (!edit.mac.empty()) ai.set("mac", to_hex(edit.mac), true);
      patch.authentication_info = &ai;
    }
    if (!edit.chosen.empty())
      server = std::vector<sip::sec_mechanism>{chosen_mechanism(edit.chosen, edit.edge)};
    if (edit.edge_spi != 0) set_spi(server_to_edit(), spi_server_param, edit.edge_spi);
  }
  if (server) patch.security_server = &*server;
  if (edit.result) {
    patch.status = static_cast<int>(*edit.result);
    patch.reason = sip::default_reason(*patch.status);
  }
  return sip::encode(m, patch);
}

} // namespace ngn::dialogue
