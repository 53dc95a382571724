#include "protocols/sip/digest.hpp"

#include "protocols/common/hex.hpp"

#include <initializer_list>

namespace ngn::sip {

namespace {

using md5_value = std::array<std::uint8_t, 16>;

constexpr char hex_digits[] = "0123456789abcdef";

void append_hex(std::string& out, const md5_value& h) {
  for (std::uint8_t b : h) {
    out += hex_digits[b >> 4];
    out += hex_digits[b & 0x0f];
  }
}

// MD5 of the parts joined with ':' (RFC 2617 §3.2.2.1 KD / H).
md5_value md5_joined(md5_function md5, std::string& buf, std::initializer_list<std::string_view> parts) {
  buf.clear();
  bool first = true;
  for (auto p : parts) {
    if (!first) buf += ':';
    first = false;
    buf.append(p.data(), p.size());
  }
  return md5(buf);
}

std::string compute(const digest_input& in, std::string_view a2_method, md5_function md5) {
  std::string buf;
  buf.reserve(64 + in.username.size() + in.realm.size() + in.password.size() + in.nonce.size()
              + in.uri.size() + in.cnonce.size());
  // HA1 = MD5(username ":" realm ":" password); the password is raw bytes (RFC 3310 §3.3).
  std::string ha1;
  append_hex(ha1, md5_joined(md5, buf, {in.username, in.realm, in.password}));
  // HA2 = MD5(method ":" digest-uri); rspauth: MD5(":" digest-uri) (RFC 2617 §3.2.3).
  std::string ha2;
  append_hex(ha2, md5_joined(md5, buf, {a2_method, in.uri}));
  md5_value r = in.qop.empty()
                  ? md5_joined(md5, buf, {ha1, in.nonce, ha2}) // RFC 2069 compatibility
                  : md5_joined(md5, buf, {ha1, in.nonce, in.nc, in.cnonce, in.qop, ha2});
  std::string out;
  out.reserve(32);
  append_hex(out, r);
  return out;
}

// base64 with missing or excess '=' padding tolerated (the RFC 3310 §3.2 example has
// "...Zz==" after 44 characters).
std::optional<bytes> lenient_base64(std::string_view text) {
  const std::string_view given = text;
  while (!text.empty() && text.back() == '=') text.remove_suffix(1);
  if (text.size() % 4 == 1) return std::nullopt;
  const std::size_t padded_size = (text.size() + 3) / 4 * 4;
  // Correctly padded already (the usual case, and what aka_nonce() writes): no copy.
  if (given.size() == padded_size) return from_base64(given);
  std::string padded(text);
  padded.resize(padded_size, '=');
  return from_base64(padded);
}

} // namespace

std::string digest_response(const digest_input& in, md5_function md5) {
  return compute(in, in.method, md5);
}

std::string digest_rspauth(const digest_input& in, md5_function md5) {
  return compute(in, std::string_view{}, md5);
}

bool digest_check(const digest_input& in, std::string_view response, md5_function md5) {
  std::string expected = digest_response(in, md5);
  if (response.size() != expected.size()) return false;
  unsigned diff = 0;
  for (std::size_t i = 0; i < expected.size(); ++i) {
    auto c = static_cast<unsigned char>(response[i]);
    if (c >= 'A' && c <= 'F') c = static_cast<unsigned char>(c - 'A' + 'a');
    diff |= static_cast<unsigned>(c ^ static_cast<unsigned char>(expected[i]));
  }
  return diff == 0;
}

bool digest_fields(const auth_params& creds, digest_input& in) noexcept {
  // dig-resp (RFC 3261 §25.1, RFC 2617 §3.2.2)
  const param* username = creds.get("username");
  const param* realm = creds.get("realm");
  const param* nonce = creds.get("nonce");
  const param* uri = creds.get("uri");
  const param* response = creds.get("response");
  if (!username || !realm || !nonce || !uri || !response) return false;
  const param* qop = creds.get("qop");
  const param* nc = creds.get("nc");
  const param* cnonce = creds.get("cnonce");
  if (qop && (!nc || !cnonce)) return false;
  in.username = username->value;
  in.realm = realm->value;
  in.nonce = nonce->value;
  in.uri = uri->value;
  in.qop = qop ? std::string_view{qop->value} : std::string_view{};
  in.nc = nc ? std::string_view{nc->value} : std::string_view{};
  in.cnonce = cnonce ? std::string_view{cnonce->value} : std::string_view{};
  return true;
}

std::string aka_nonce(const std::array<std::uint8_t, 16>& rand,
                      const std::array<std::uint8_t, 16>& autn) {
  // RFC 3310 §3.2: nonce = base64(RAND ‖ AUTN ‖ server data); no server data here.
  std::uint8_t buf[32];
  for (std::size_t i = 0; i < 16; ++i) {
    buf[i] = rand[i];
    buf[16 + i] = autn[i];
  }
  return to_base64(buf, sizeof buf);
}

bool parse_aka_nonce(std::string_view nonce, std::array<std::uint8_t, 16>& rand,
                     std::array<std::uint8_t, 16>& autn) {
  auto raw = lenient_base64(nonce);
  if (!raw || raw->size() < 32) return false;
  for (std::size_t i = 0; i < 16; ++i) {
    rand[i] = (*raw)[i];
    autn[i] = (*raw)[16 + i];
  }
  return true;
}

std::optional<std::array<std::uint8_t, 14>> parse_auts(std::string_view auts_b64) {
  auto raw = lenient_base64(auts_b64);
  if (!raw || raw->size() != 14) return std::nullopt;
  std::array<std::uint8_t, 14> out{};
  for (std::size_t i = 0; i < 14; ++i) out[i] = (*raw)[i];
  return out;
}

std::string format_auts(const std::array<std::uint8_t, 14>& auts) {
  return to_base64(auts.data(), auts.size());
}

} // namespace ngn::sip
