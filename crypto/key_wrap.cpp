// AES-128 key wrap (RFC 3394 §2.2.1-2.2.3, default IV A6A6A6A6A6A6A6A6) as the RFC's
// index-based steps over AES-128-ECB. OpenSSL's own "AES-128-WRAP" cipher gives the same bytes
// (tests/crypto/key_wrap_test.cpp compares them) but needs a new EVP_CIPHER_CTX per key: 1.3 µs to
// wrap one 16-byte key on OpenSSL 3.0, most of it context setup. Here each thread re-keys one
// ECB context (EVP_CipherInit_ex2 with a null cipher keeps its provider context).
#include "crypto/key_wrap.hpp"

#include "crypto/detail/evp.hpp"
#include "crypto/detail/key_wrap_raw.hpp"

#include <openssl/crypto.h>

#include <cstring>

namespace ngn::crypto {
namespace detail {
namespace {

constexpr std::uint8_t default_iv[8] = {0xA6, 0xA6, 0xA6, 0xA6, 0xA6, 0xA6, 0xA6, 0xA6};

// The per-thread AES-128-ECB context, keyed per operation. It keeps the last KEK's schedule until
// the next wrap on this thread or until the thread ends (EVP_CIPHER_CTX_free wipes it).
struct thread_ecb_ctx {
  EVP_CIPHER_CTX* ctx = nullptr;
  bool keyed_once = false;
  ~thread_ecb_ctx() { EVP_CIPHER_CTX_free(ctx); }
};
thread_local thread_ecb_ctx t_ecb;

EVP_CIPHER_CTX* ecb(const key128& kek, bool encrypt) noexcept {
  if (t_ecb.ctx == nullptr) {
    t_ecb.ctx = EVP_CIPHER_CTX_new();
    if (t_ecb.ctx == nullptr) fatal("EVP_CIPHER_CTX_new");
  }
  const EVP_CIPHER* cipher = t_ecb.keyed_once ? nullptr : aes128_ecb();
  if (EVP_CipherInit_ex2(t_ecb.ctx, cipher, kek.data(), nullptr, encrypt ? 1 : 0, nullptr) != 1 ||
      EVP_CIPHER_CTX_set_padding(t_ecb.ctx, 0) != 1)
    fatal("AES-128-ECB init");
  t_ecb.keyed_once = true;
  return t_ecb.ctx;
}

// One AES block in place (16 bytes: A | R[i]).
void block_op(EVP_CIPHER_CTX* ctx, std::uint8_t* b) noexcept {
  int len = 0;
  if (EVP_CipherUpdate(ctx, b, &len, b, 16) != 1 || len != 16) fatal("AES-128-ECB");
}

// A ^= t, t as a 64-bit big-endian integer (RFC 3394 §2.2.1 step 2).
void xor_t(std::uint8_t* a, std::uint64_t t) noexcept {
  for (int k = 7; k >= 0 && t != 0; --k, t >>= 8) a[k] ^= static_cast<std::uint8_t>(t & 0xff);
}

} // namespace

void aes128_wrap_raw(const key128& kek, const std::uint8_t* in, std::size_t n,
                     std::uint8_t* out) noexcept {
  // RFC 3394 §2.2.1: A = IV, R[i] = P[i]; then for j = 0..5, i = 1..n:
  // B = AES(K, A | R[i]), A = MSB64(B) ^ t with t = n*j + i, R[i] = LSB64(B). C = A | R.
  const std::size_t blocks = n / 8;
  EVP_CIPHER_CTX* ctx = ecb(kek, true);
  std::memmove(out + 8, in, n);
  std::uint8_t b[16];
  std::memcpy(b, default_iv, 8);
  for (std::size_t j = 0; j < 6; ++j)
    for (std::size_t i = 1; i <= blocks; ++i) {
      std::memcpy(b + 8, out + 8 * i, 8);
      block_op(ctx, b);
      xor_t(b, blocks * j + i);
      std::memcpy(out + 8 * i, b + 8, 8);
    }
  std::memcpy(out, b, 8);
  secure_zero(b, sizeof b);
}

bool aes128_unwrap_raw(const key128& kek, const std::uint8_t* in, std::size_t n,
                       std::uint8_t* out) noexcept {
  // RFC 3394 §2.2.2: A = C[0], R[i] = C[i]; for j = 5..0, i = n..1:
  // B = AES-1(K, (A ^ t) | R[i]), A = MSB64(B), R[i] = LSB64(B); §2.2.3: A must be the IV.
  const std::size_t blocks = n / 8 - 1;
  EVP_CIPHER_CTX* ctx = ecb(kek, false);
  std::uint8_t b[16];
  std::memcpy(b, in, 8);
  std::memmove(out, in + 8, n - 8);
  for (std::size_t j = 6; j-- > 0;)
    for (std::size_t i = blocks; i >= 1; --i) {
      xor_t(b, blocks * j + i);
      std::memcpy(b + 8, out + 8 * (i - 1), 8);
      block_op(ctx, b);
      std::memcpy(out + 8 * (i - 1), b + 8, 8);
    }
  const bool ok = CRYPTO_memcmp(b, default_iv, 8) == 0;
  secure_zero(b, sizeof b);
  if (!ok) secure_zero(out, n);
  return ok;
}

} // namespace detail

bytes aes_key_wrap(const key128& kek, byte_view plaintext) {
  if (!detail::valid_wrap_input(plaintext.size())) return {};
  bytes out(plaintext.size() + 8);
  detail::aes128_wrap_raw(kek, plaintext.data(), plaintext.size(), out.data());
  return out;
}

std::optional<bytes> aes_key_unwrap(const key128& kek, byte_view wrapped) {
  if (wrapped.size() < 8 || !detail::valid_wrap_input(wrapped.size() - 8)) return std::nullopt;
  bytes out(wrapped.size());
  if (!detail::aes128_unwrap_raw(kek, wrapped.data(), wrapped.size(), out.data()))
    return std::nullopt;
  out.resize(wrapped.size() - 8);
  return out;
}

} // namespace ngn::crypto
