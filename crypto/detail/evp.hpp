// Internal to crypto/: OpenSSL 3 algorithm objects fetched once ("explicit fetching", see
// OpenSSL's crypto(7) "Performance") and RAII owners for EVP contexts. Public headers never
// include this file; only the sources in crypto/ do.
#pragma once

#include <openssl/err.h>
#include <openssl/evp.h>

#include <cstdio>
#include <cstdlib>
#include <memory>

namespace ngn::crypto::detail {

/// Reports `what` with OpenSSL's error queue on stderr and aborts. Only for failures that cannot
/// happen with a working OpenSSL (a missing default provider, allocation failure), where returning
/// a wrong or unauthenticated value would be worse than stopping.
[[noreturn]] inline void fatal(const char* what) noexcept {
  std::fprintf(stderr, "ngn_crypto: fatal OpenSSL failure: %s\n", what);
  ERR_print_errors_fp(stderr);
  std::abort();
}

// Each getter fetches once, on first use. C++11 guarantees thread-safe initialisation of
// function-local statics. The objects are deliberately never freed, so they stay valid during
// static destruction (no destruction-order dependencies between translation units).

inline EVP_CIPHER* fetch_cipher(const char* name) noexcept {
  EVP_CIPHER* c = EVP_CIPHER_fetch(nullptr, name, nullptr);
  if (c == nullptr) fatal(name);
  return c;
}

inline EVP_MD* fetch_md(const char* name) noexcept {
  EVP_MD* m = EVP_MD_fetch(nullptr, name, nullptr);
  if (m == nullptr) fatal(name);
  return m;
}

/// AES-128-ECB: the Milenage kernel E_K (TS 35.206 §4.1).
inline const EVP_CIPHER* aes128_ecb() noexcept {
  static const EVP_CIPHER* const c = fetch_cipher("AES-128-ECB");
  return c;
}

/// AES-128-WRAP: RFC 3394 key wrap with the default IV.
inline const EVP_CIPHER* aes128_wrap() noexcept {
  static const EVP_CIPHER* const c = fetch_cipher("AES-128-WRAP");
  return c;
}

/// AES-128-GCM (NIST SP 800-38D).
inline const EVP_CIPHER* aes128_gcm() noexcept {
  static const EVP_CIPHER* const c = fetch_cipher("AES-128-GCM");
  return c;
}

inline const EVP_MD* sha256_md() noexcept {
  static const EVP_MD* const m = fetch_md("SHA2-256");
  return m;
}

inline const EVP_MD* md5_md() noexcept {
  static const EVP_MD* const m = fetch_md("MD5");
  return m;
}

/// The HMAC EVP_MAC (RFC 2104); the digest is chosen per context.
inline EVP_MAC* hmac_mac() noexcept {
  static EVP_MAC* const m = [] {
    EVP_MAC* mac = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
    if (mac == nullptr) fatal("HMAC");
    return mac;
  }();
  return m;
}

struct cipher_ctx_free {
  void operator()(EVP_CIPHER_CTX* c) const noexcept { EVP_CIPHER_CTX_free(c); }
};
/// EVP_CIPHER_CTX_free also wipes the provider's key schedule (OPENSSL_clear_free).
using cipher_ctx_ptr = std::unique_ptr<EVP_CIPHER_CTX, cipher_ctx_free>;

inline cipher_ctx_ptr new_cipher_ctx() noexcept {
  cipher_ctx_ptr p{EVP_CIPHER_CTX_new()};
  if (!p) fatal("EVP_CIPHER_CTX_new");
  return p;
}

} // namespace ngn::crypto::detail
