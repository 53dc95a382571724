// ESP sealing and opening (RFC 4303 with RFC 4106 / RFC 2410 + RFC 4868) over the per-thread
// contexts of crypto/detail: one packet buffer per call, no algorithm fetch, no context
// allocation.
#include "crypto/esp.hpp"

#include "crypto/detail/esp_raw.hpp"
#include "crypto/detail/gcm.hpp"
#include "crypto/detail/hmac.hpp"

#include <cstring>

namespace ngn::crypto {

namespace {

constexpr std::size_t header_size = 8; // SPI ‖ sequence number (protocols/esp/packet.hpp)
constexpr std::size_t esp_iv_size = 8; // RFC 4106 §3.1 explicit IV
constexpr std::size_t min_block_size = 4;

void put32(std::uint8_t* p, std::uint32_t v) noexcept {
  p[0] = static_cast<std::uint8_t>(v >> 24);
  p[1] = static_cast<std::uint8_t>(v >> 16);
  p[2] = static_cast<std::uint8_t>(v >> 8);
  p[3] = static_cast<std::uint8_t>(v);
}

// RFC 4106 §4: nonce = salt (4) ‖ explicit IV (8).
void gcm_nonce(const esp_keys& keys, const std::uint8_t* iv, std::uint8_t* nonce) noexcept {
  std::memcpy(nonce, keys.salt().data(), 4);
  std::memcpy(nonce + 4, iv, esp_iv_size);
}

// RFC 4868 §2.3: HMAC-SHA-256 truncated to its first 128 bits.
void hmac_icv(const esp_keys& keys, byte_view covered, std::uint8_t* icv) noexcept {
  std::uint8_t mac[detail::sha256_size];
  detail::hmac_sha256_stream h(keys.key());
  h.update(covered);
  h.final(mac);
  std::memcpy(icv, mac, esp::icv_size);
  secure_zero(mac, sizeof mac);
}

} // namespace

std::string_view to_string(esp_direction d) noexcept {
  return d == esp_direction::terminal_to_edge ? "terminal-to-edge" : "edge-to-terminal";
}

std::optional<esp_keys> esp_keys::from_material(esp::transform t, byte_view material) noexcept {
  if (material.size() != esp::key_material_size(t)) return std::nullopt;
  esp_keys k(t);
  std::memcpy(k.m_.data(), material.data(), material.size());
  return k;
}

namespace {

constexpr std::string_view esp_label = "ngnemu esp ";

void expand_esp_keys(const std::uint8_t* prk, esp::transform t, esp_direction d,
                     std::uint8_t* out) noexcept {
  constexpr std::string_view space = " ";
  detail::hkdf_expand(prk, {byte_view{esp_label}, byte_view{esp::mechanism_name(t)},
                            byte_view{space}, byte_view{to_string(d)}},
                      out, esp::key_material_size(t));
}

} // namespace

esp_keys derive_esp_keys(const key128& sk, const ngn::session_id& session_id, esp::transform t,
                         esp_direction d) {
  // The salt is the registration's 128-bit session id (issue 12 item 3).
  const auto& salt = session_id.bytes;
  std::uint8_t prk[detail::sha256_size];
  detail::hkdf_extract(sk, byte_view{salt.data(), salt.size()}, prk);
  esp_keys k(t);
  expand_esp_keys(prk, t, d, k.m_.data());
  secure_zero(prk, sizeof prk);
  return k;
}

esp_key_pair derive_esp_key_pair(const key128& sk, const ngn::session_id& session_id,
                                 esp::transform t) {
  // The two directions share ikm and salt, hence the PRK (RFC 5869 §2.2): one extract, two
  // expands, the same keys as two derive_esp_keys calls.
  const auto& salt = session_id.bytes;
  std::uint8_t prk[detail::sha256_size];
  detail::hkdf_extract(sk, byte_view{salt.data(), salt.size()}, prk);
  esp_key_pair p{esp_keys(t), esp_keys(t)};
  expand_esp_keys(prk, t, esp_direction::terminal_to_edge, p.terminal_to_edge.m_.data());
  expand_esp_keys(prk, t, esp_direction::edge_to_terminal, p.edge_to_terminal.m_.data());
  secure_zero(prk, sizeof prk);
  return p;
}

namespace detail {

bytes esp_seal_gcm(const esp_keys& keys, std::uint32_t spi, std::uint32_t seq,
                   const block<8>& iv, byte_view plaintext_block) {
  bytes packet(header_size + esp_iv_size + plaintext_block.size() + esp::icv_size);
  std::uint8_t* p = packet.data();
  put32(p, spi);
  put32(p + 4, seq);
  std::memcpy(p + header_size, iv.data(), esp_iv_size);
  std::uint8_t nonce[esp_iv_size + 4];
  gcm_nonce(keys, iv.data(), nonce);
  std::uint8_t* ct = p + header_size + esp_iv_size;
  gcm_seal(keys.key().data(), nonce, byte_view{p, header_size}, plaintext_block, ct,
           ct + plaintext_block.size());
  return packet;
}

} // namespace detail

bytes esp_seal(const esp_keys& keys, std::uint32_t spi, std::uint32_t seq,
               byte_view plaintext_block) {
  if (keys.transform() == esp::transform::aes_gcm_16) {
    // RFC 4106 §3.1: the IV must never repeat under one key; the SA's sequence number does
    // not, so IV = 00 00 00 00 ‖ seq (a counter, as §3.1 suggests).
    block<8> iv{};
    put32(iv.data() + 4, seq);
    return detail::esp_seal_gcm(keys, spi, seq, iv, plaintext_block);
  }
  bytes packet(header_size + plaintext_block.size() + esp::icv_size);
  std::uint8_t* p = packet.data();
  put32(p, spi);
  put32(p + 4, seq);
  if (!plaintext_block.empty())
    std::memcpy(p + header_size, plaintext_block.data(), plaintext_block.size());
  const std::size_t covered = header_size + plaintext_block.size();
  hmac_icv(keys, byte_view{p, covered}, p + covered);
  return packet;
}

result<bytes> esp_open(const esp_keys& keys, byte_view packet) {
  const esp::transform t = keys.transform();
  const std::size_t overhead = header_size + esp::iv_size(t) + esp::icv_size;
  if (packet.size() < overhead + min_block_size)
    return make_error(errc::incomplete, packet.size(),
                      "an " + std::string(esp::mechanism_name(t)) + " ESP packet has at least "
                        + std::to_string(overhead + min_block_size) + " octets");
  const std::size_t icv_at = packet.size() - esp::icv_size;
  const std::uint8_t* icv = packet.data() + icv_at;
  if (t == esp::transform::aes_gcm_16) {
    std::uint8_t nonce[esp_iv_size + 4];
    gcm_nonce(keys, packet.data() + header_size, nonce);
    constexpr std::size_t block_at = header_size + esp_iv_size;
    const byte_view ciphertext{packet.data() + block_at, icv_at - block_at};
    bytes block(ciphertext.size());
    if (!detail::gcm_open(keys.key().data(), nonce, byte_view{packet.data(), header_size},
                          ciphertext, icv, block.data()))
      return make_error(errc::malformed, icv_at, "ICV mismatch");
    return block;
  }
  std::uint8_t expected[esp::icv_size];
  hmac_icv(keys, byte_view{packet.data(), icv_at}, expected);
  const bool good = equal_ct(byte_view{expected, esp::icv_size}, byte_view{icv, esp::icv_size});
  secure_zero(expected, sizeof expected);
  if (!good) return make_error(errc::malformed, icv_at, "ICV mismatch");
  return bytes(packet.data() + header_size, packet.data() + icv_at);
}

} // namespace ngn::crypto
