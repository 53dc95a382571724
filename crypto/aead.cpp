// AES-128-GCM (NIST SP 800-38D) through OpenSSL's "AES-128-GCM": 96-bit IV, 128-bit tag.
#include "crypto/aead.hpp"

#include "crypto/detail/evp.hpp"

#include <climits>

namespace ngn::crypto {
namespace {

constexpr std::size_t chunk = INT_MAX / 2; // EVP_*Update take an int length

// Feeds `data` in int-sized pieces; `out` null means AAD.
bool update(EVP_CIPHER_CTX* ctx, bool encrypt, std::uint8_t* out, byte_view data) noexcept {
  std::size_t done = 0;
  while (done < data.size()) {
    const std::size_t n = data.size() - done < chunk ? data.size() - done : chunk;
    int len = 0;
    const int ok = encrypt ? EVP_EncryptUpdate(ctx, out ? out + done : nullptr, &len,
                                               data.data() + done, static_cast<int>(n))
                           : EVP_DecryptUpdate(ctx, out ? out + done : nullptr, &len,
                                               data.data() + done, static_cast<int>(n));
    if (ok != 1) return false;
    done += n;
  }
  return true;
}

detail::cipher_ctx_ptr gcm_ctx(const key128& key, const block<12>& iv, bool encrypt) noexcept {
  detail::cipher_ctx_ptr ctx = detail::new_cipher_ctx();
  // The default GCM IV length is 12 bytes (SP 800-38D §8.2 recommendation).
  if (EVP_CipherInit_ex2(ctx.get(), detail::aes128_gcm(), key.data(), iv.data(), encrypt ? 1 : 0,
                         nullptr) != 1)
    detail::fatal("AES-128-GCM init");
  return ctx;
}

} // namespace

bytes aes128_gcm_seal(const key128& key, const block<12>& iv, byte_view aad, byte_view plaintext) {
  detail::cipher_ctx_ptr ctx = gcm_ctx(key, iv, true);
  bytes out(plaintext.size() + gcm_tag_size);
  int len = 0;
  if (!update(ctx.get(), true, nullptr, aad) || !update(ctx.get(), true, out.data(), plaintext) ||
      EVP_EncryptFinal_ex(ctx.get(), out.data() + plaintext.size(), &len) != 1 || len != 0 ||
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_AEAD_GET_TAG, static_cast<int>(gcm_tag_size),
                          out.data() + plaintext.size()) != 1)
    detail::fatal("AES-128-GCM seal");
  return out;
}

std::optional<bytes> aes128_gcm_open(const key128& key, const block<12>& iv, byte_view aad,
                                     byte_view sealed) {
  if (sealed.size() < gcm_tag_size) return std::nullopt;
  const std::size_t n = sealed.size() - gcm_tag_size;
  detail::cipher_ctx_ptr ctx = gcm_ctx(key, iv, false);
  // EVP_CTRL_AEAD_SET_TAG takes a non-const buffer; copy the tag.
  block<gcm_tag_size> tag;
  for (std::size_t i = 0; i < gcm_tag_size; ++i) tag[i] = sealed[n + i];
  bytes out(n);
  std::uint8_t final_block[16];
  int len = 0;
  if (update(ctx.get(), false, nullptr, aad) &&
      update(ctx.get(), false, out.data(), byte_view{sealed.data(), n}) &&
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_AEAD_SET_TAG, static_cast<int>(gcm_tag_size),
                          tag.data()) == 1 &&
      EVP_DecryptFinal_ex(ctx.get(), final_block, &len) == 1)
    return out;
  // SP 800-38D §7.2: on a tag mismatch no plaintext is released.
  ERR_clear_error();
  secure_zero(out.data(), out.size());
  return std::nullopt;
}

} // namespace ngn::crypto
