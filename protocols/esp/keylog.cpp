#include "protocols/esp/keylog.hpp"

#include "protocols/common/hex.hpp"

namespace ngn::esp {

namespace {

// A dotted quad of decimal octets 0..255 without leading zeros (RFC 3986 §3.2.2 dec-octet).
bool is_ipv4(std::string_view s) noexcept {
  int octets = 0;
  std::size_t i = 0;
  while (true) {
    const std::size_t start = i;
    unsigned v = 0;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9' && i - start < 3)
      v = v * 10 + static_cast<unsigned>(s[i++] - '0');
    const std::size_t digits = i - start;
    if (digits == 0 || v > 255 || (digits > 1 && s[start] == '0')) return false;
    if (++octets == 4) return i == s.size();
    if (i >= s.size() || s[i] != '.') return false;
    ++i;
  }
}

bool is_address(std::string_view s) noexcept { return s == "*" || is_ipv4(s); }

void quoted(std::string& out, std::string_view field) {
  out += '"';
  out += field;
  out += '"';
}

} // namespace

result<std::string> esp_sa_line(const sa_description& sa) {
  if (!is_address(sa.src) || !is_address(sa.dst))
    return make_error(errc::invalid_model, 0, "esp_sa addresses are IPv4 dotted quads or *");
  if (sa.key_material.size() != key_material_size(sa.t))
    return make_error(errc::invalid_model, 0,
                      std::string(mechanism_name(sa.t)) + " takes "
                        + std::to_string(key_material_size(sa.t))
                        + " octets of keying material, not "
                        + std::to_string(sa.key_material.size()));
  // The key goes straight into the line: no other copy of the secret is made.
  const auto key = [&](std::string& out) {
    out += "\"0x";
    append_hex(out, sa.key_material);
    out += '"';
  };
  std::string line;
  line.reserve(160);
  quoted(line, "IPv4");
  line += ',';
  quoted(line, sa.src);
  line += ',';
  quoted(line, sa.dst);
  line += ',';
  quoted(line, "0x" + to_hex_number(sa.spi, 8));
  line += ',';
  if (sa.t == transform::aes_gcm_16) {
    quoted(line, "AES-GCM with 16 octet ICV [RFC4106]");
    line += ',';
    key(line);
    line += ',';
    quoted(line, "NULL");
    line += ',';
    quoted(line, "");
  } else {
    quoted(line, "NULL");
    line += ',';
    quoted(line, "");
    line += ',';
    quoted(line, "HMAC-SHA-256-128 [RFC4868]");
    line += ',';
    key(line);
  }
  line += '\n';
  return line;
}

} // namespace ngn::esp
