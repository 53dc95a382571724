// SHA-256 (FIPS 180-4), MD5 (RFC 1321) and HMAC-SHA256 (RFC 2104) through OpenSSL 3 EVP with
// algorithm objects fetched once (detail/evp.hpp) and per-thread reusable contexts.
#include "crypto/hash.hpp"

#include "crypto/detail/evp.hpp"
#include "crypto/detail/hmac.hpp"

#include <openssl/core_names.h>
#include <openssl/params.h>

namespace ngn::crypto {
namespace {

// One EVP_MD_CTX per thread, re-initialised per digest (no allocation of the EVP_MD_CTX itself).
struct thread_md_ctx {
  EVP_MD_CTX* ctx = nullptr;
  ~thread_md_ctx() { EVP_MD_CTX_free(ctx); }
};
thread_local thread_md_ctx t_md;

template <std::size_t N>
block<N> digest(const EVP_MD* md, byte_view data) noexcept {
  if (t_md.ctx == nullptr) {
    t_md.ctx = EVP_MD_CTX_new();
    if (t_md.ctx == nullptr) detail::fatal("EVP_MD_CTX_new");
  }
  block<N> out{};
  unsigned int len = 0;
  if (EVP_DigestInit_ex2(t_md.ctx, md, nullptr) != 1 ||
      EVP_DigestUpdate(t_md.ctx, data.data(), data.size()) != 1 ||
      EVP_DigestFinal_ex(t_md.ctx, out.data(), &len) != 1 || len != N)
    detail::fatal("digest");
  return out;
}

EVP_MAC_CTX* new_hmac_sha256_ctx() noexcept {
  EVP_MAC_CTX* c = EVP_MAC_CTX_new(detail::hmac_mac());
  if (c == nullptr) detail::fatal("EVP_MAC_CTX_new");
  char digest_name[] = "SHA2-256";
  const OSSL_PARAM params[] = {
    OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest_name, 0),
    OSSL_PARAM_construct_end()};
  if (EVP_MAC_CTX_set_params(c, params) != 1) detail::fatal("HMAC digest SHA2-256");
  return c;
}

// The per-thread HMAC context of detail::hmac_sha256_stream; `busy` while a stream holds it.
struct thread_hmac_ctx {
  EVP_MAC_CTX* ctx = nullptr;
  bool busy = false;
  ~thread_hmac_ctx() { EVP_MAC_CTX_free(ctx); } // hmac_free wipes key and state
};
thread_local thread_hmac_ctx t_hmac;

// EVP_MAC_init with a null key keeps the previous key, so an empty key (valid in HMAC: it is
// zero-padded to the block size, RFC 2104 §2) must still be passed as a non-null pointer.
const std::uint8_t empty_key[1] = {0};

} // namespace

block<32> sha256(byte_view data) { return digest<32>(detail::sha256_md(), data); }

block<16> md5(byte_view data) { return digest<16>(detail::md5_md(), data); }

block<32> hmac_sha256(byte_view key, std::initializer_list<byte_view> parts) {
  detail::hmac_sha256_stream mac(key);
  for (byte_view p : parts) mac.update(p);
  block<32> out;
  mac.final(out.data());
  return out;
}

namespace detail {

hmac_sha256_stream::hmac_sha256_stream(byte_view key) noexcept {
  if (!t_hmac.busy) {
    if (t_hmac.ctx == nullptr) t_hmac.ctx = new_hmac_sha256_ctx();
    t_hmac.busy = true;
    ctx_ = t_hmac.ctx;
    shared_ = true;
  } else {
    ctx_ = new_hmac_sha256_ctx();
    shared_ = false;
  }
  const std::uint8_t* k = key.data() != nullptr ? key.data() : empty_key;
  if (EVP_MAC_init(ctx_, k, key.size(), nullptr) != 1) fatal("EVP_MAC_init");
}

hmac_sha256_stream::~hmac_sha256_stream() {
  if (shared_)
    t_hmac.busy = false;
  else
    EVP_MAC_CTX_free(ctx_);
}

void hmac_sha256_stream::update(byte_view data) noexcept {
  if (data.empty()) return;
  if (EVP_MAC_update(ctx_, data.data(), data.size()) != 1) fatal("EVP_MAC_update");
}

void hmac_sha256_stream::final(std::uint8_t* out) noexcept {
  std::size_t len = 0;
  if (EVP_MAC_final(ctx_, out, &len, sha256_size) != 1 || len != sha256_size)
    fatal("EVP_MAC_final");
}

} // namespace detail
} // namespace ngn::crypto
