// AES-128-GCM (NIST SP 800-38D) through OpenSSL's "AES-128-GCM": 96-bit IV, 128-bit tag, over a
// per-thread reusable cipher context (detail/gcm.hpp).
#include "crypto/aead.hpp"

#include "crypto/detail/evp.hpp"
#include "crypto/detail/gcm.hpp"

#include <climits>
#include <cstring>

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

// One GCM context per thread: the cipher is set on first use, later uses only re-key
// (EVP_CipherInit_ex2 with a null cipher keeps the algorithm and its provider context).
struct thread_gcm_ctx {
  EVP_CIPHER_CTX* ctx = nullptr;
  ~thread_gcm_ctx() { EVP_CIPHER_CTX_free(ctx); } // wipes the key schedule
};
thread_local thread_gcm_ctx t_gcm;

EVP_CIPHER_CTX* gcm_ctx(const std::uint8_t* key, const std::uint8_t* iv, bool encrypt) noexcept {
  const EVP_CIPHER* cipher = nullptr;
  if (t_gcm.ctx == nullptr) {
    t_gcm.ctx = EVP_CIPHER_CTX_new();
    if (t_gcm.ctx == nullptr) detail::fatal("EVP_CIPHER_CTX_new");
    cipher = detail::aes128_gcm(); // the default GCM IV length is 12 octets (SP 800-38D §8.2)
  }
  if (EVP_CipherInit_ex2(t_gcm.ctx, cipher, key, iv, encrypt ? 1 : 0, nullptr) != 1)
    detail::fatal("AES-128-GCM init");
  return t_gcm.ctx;
}

} // namespace

namespace detail {

void gcm_seal(const std::uint8_t* key, const std::uint8_t* iv, byte_view aad,
              byte_view plaintext, std::uint8_t* out, std::uint8_t* tag) noexcept {
  EVP_CIPHER_CTX* ctx = gcm_ctx(key, iv, true);
  std::uint8_t final_block[16];
  int len = 0;
  if (!update(ctx, true, nullptr, aad) || !update(ctx, true, out, plaintext)
      || EVP_EncryptFinal_ex(ctx, final_block, &len) != 1 || len != 0
      || EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_GET_TAG, static_cast<int>(gcm_tag_size), tag)
           != 1)
    fatal("AES-128-GCM seal");
}

bool gcm_open(const std::uint8_t* key, const std::uint8_t* iv, byte_view aad,
              byte_view ciphertext, const std::uint8_t* tag, std::uint8_t* out) noexcept {
  EVP_CIPHER_CTX* ctx = gcm_ctx(key, iv, false);
  // EVP_CTRL_AEAD_SET_TAG takes a non-const buffer; copy the tag.
  std::uint8_t expected[gcm_tag_size];
  std::memcpy(expected, tag, gcm_tag_size);
  std::uint8_t final_block[16];
  int len = 0;
  if (update(ctx, false, nullptr, aad) && update(ctx, false, out, ciphertext)
      && EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_SET_TAG, static_cast<int>(gcm_tag_size),
                             expected)
           == 1
      && EVP_DecryptFinal_ex(ctx, final_block, &len) == 1)
    return true;
  // SP 800-38D §7.2: on a tag mismatch no plaintext is released.
  ERR_clear_error();
  secure_zero(out, ciphertext.size());
  return false;
}

} // namespace detail

bytes aes128_gcm_seal(const key128& key, const block<12>& iv, byte_view aad, byte_view plaintext) {
  bytes out(plaintext.size() + gcm_tag_size);
  detail::gcm_seal(key.data(), iv.data(), aad, plaintext, out.data(),
                   out.data() + plaintext.size());
  return out;
}

std::optional<bytes> aes128_gcm_open(const key128& key, const block<12>& iv, byte_view aad,
                                     byte_view sealed) {
  if (sealed.size() < gcm_tag_size) return std::nullopt;
  const std::size_t n = sealed.size() - gcm_tag_size;
  bytes out(n);
  if (!detail::gcm_open(key.data(), iv.data(), aad, byte_view{sealed.data(), n},
                        sealed.data() + n, out.data()))
    return std::nullopt;
  return out;
}

} // namespace ngn::crypto
