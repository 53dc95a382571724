// AES-128 key wrap (RFC 3394 §2.2) through OpenSSL's "AES-128-WRAP" (default IV A6A6A6A6A6A6A6A6).
#include "crypto/key_wrap.hpp"

#include "crypto/detail/evp.hpp"
#include "crypto/detail/key_wrap_raw.hpp"

namespace ngn::crypto {
namespace detail {
namespace {

// One context per operation: EVP_CIPHER_CTX_free wipes the KEK schedule right after use.
cipher_ctx_ptr wrap_ctx(const key128& kek, bool encrypt) noexcept {
  cipher_ctx_ptr ctx = new_cipher_ctx();
  // OpenSSL refuses wrap-mode ciphers through EVP unless the caller opts in.
  EVP_CIPHER_CTX_set_flags(ctx.get(), EVP_CIPHER_CTX_FLAG_WRAP_ALLOW);
  if (EVP_CipherInit_ex2(ctx.get(), aes128_wrap(), kek.data(), nullptr, encrypt ? 1 : 0,
                         nullptr) != 1)
    fatal("AES-128-WRAP init");
  return ctx;
}

} // namespace

void aes128_wrap_raw(const key128& kek, const std::uint8_t* in, std::size_t n,
                     std::uint8_t* out) noexcept {
  cipher_ctx_ptr ctx = wrap_ctx(kek, true);
  int len = 0;
  if (EVP_EncryptUpdate(ctx.get(), out, &len, in, static_cast<int>(n)) != 1 ||
      static_cast<std::size_t>(len) != n + 8)
    fatal("AES-128-WRAP");
}

bool aes128_unwrap_raw(const key128& kek, const std::uint8_t* in, std::size_t n,
                       std::uint8_t* out) noexcept {
  cipher_ctx_ptr ctx = wrap_ctx(kek, false);
  int len = 0;
  // RFC 3394 §2.2.3: the update fails if the recovered IV is not A6A6A6A6A6A6A6A6.
  if (EVP_DecryptUpdate(ctx.get(), out, &len, in, static_cast<int>(n)) != 1 ||
      static_cast<std::size_t>(len) != n - 8) {
    ERR_clear_error();
    secure_zero(out, n);
    return false;
  }
  return true;
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
