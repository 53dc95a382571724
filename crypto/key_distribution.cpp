// DESIGN.md §2 key-distribution profile: per-challenge KEK (HKDF-SHA256), E_K(SK) (RFC 3394),
// the message verification word (truncated HMAC-SHA256) and the SK fingerprint (SHA-256).
#include "crypto/key_distribution.hpp"

#include "crypto/detail/hmac.hpp"
#include "crypto/detail/key_wrap_raw.hpp"
#include "crypto/hash.hpp"

#include <cstdio>
#include <cstdlib>

namespace ngn::crypto {
namespace {

constexpr std::string_view kek_label = "ngnemu kek "; // DESIGN.md §2 info prefix

} // namespace

std::string_view to_string(kek_role r) noexcept {
  switch (r) {
    case kek_role::terminal: return "terminal";
    case kek_role::proxy: return "proxy";
    case kek_role::softswitch: return "softswitch";
  }
  return "unknown";
}

key128 derive_kek(const key128& shared, const block<16>& rand, kek_role role,
                  std::string_view identity) {
  // KEK = HKDF-SHA256(ikm = shared, salt = RAND, info = "ngnemu kek " ‖ role ‖ identity),
  // first 128 bits (RFC 5869 with L = 16).
  key128 kek;
  detail::hkdf_sha256(shared.view(), rand, {kek_label, to_string(role), identity}, kek.data(),
                      kek.size());
  return kek;
}

block<wrapped_key_size> wrap_session_key(const key128& shared, const block<16>& rand,
                                         kek_role role, std::string_view identity,
                                         const key128& sk) {
  const key128 kek = derive_kek(shared, rand, role, identity);
  block<wrapped_key_size> out;
  detail::aes128_wrap_raw(kek, sk.data(), sk.size(), out.data());
  return out;
}

std::optional<key128> unwrap_session_key(const key128& shared, const block<16>& rand,
                                         kek_role role, std::string_view identity,
                                         byte_view wrapped) {
  if (wrapped.size() != wrapped_key_size) return std::nullopt;
  const key128 kek = derive_kek(shared, rand, role, identity);
  std::uint8_t buf[wrapped_key_size];
  if (!detail::aes128_unwrap_raw(kek, wrapped.data(), wrapped.size(), buf)) return std::nullopt;
  key128 sk;
  key128::from(byte_view{buf, sk.size()}, sk);
  secure_zero(buf, sizeof buf);
  return sk;
}

block<mvw_size> message_verification_word(const key128& sk,
                                          std::initializer_list<byte_view> fields) {
  // DESIGN.md §2: HMAC-SHA256 keyed with SK over, per field, a 4-byte big-endian length and the
  // field's bytes; truncated to the first 128 bits (RFC 2104 §5: keep the leftmost bits).
  detail::hmac_sha256_stream mac(sk.view());
  for (byte_view f : fields) {
    if (f.size() > 0xffffffffu) {
      // Unreachable with codec size limits; a wrapped length would make the encoding ambiguous.
      std::fputs("ngn_crypto: message_verification_word field longer than 2^32-1 bytes\n", stderr);
      std::abort();
    }
    const auto n = static_cast<std::uint32_t>(f.size());
    const std::uint8_t len[4] = {static_cast<std::uint8_t>(n >> 24),
                                 static_cast<std::uint8_t>(n >> 16),
                                 static_cast<std::uint8_t>(n >> 8), static_cast<std::uint8_t>(n)};
    mac.update(byte_view{len, sizeof len});
    mac.update(f);
  }
  std::uint8_t full[detail::sha256_size];
  mac.final(full);
  block<mvw_size> out;
  for (std::size_t i = 0; i < mvw_size; ++i) out[i] = full[i];
  return out;
}

block<32> key_fingerprint(const key128& sk) { return sha256(sk.view()); }

} // namespace ngn::crypto
