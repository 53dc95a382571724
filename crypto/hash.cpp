// SHA-256 (FIPS 180-4), MD5 (RFC 1321) and HMAC-SHA256 (RFC 2104) through OpenSSL 3 EVP with
// algorithm objects fetched once (detail/evp.hpp) and per-thread reusable contexts.
#include "crypto/hash.hpp"

#include "crypto/detail/evp.hpp"
#include "crypto/detail/hmac.hpp"
#include "crypto/secret.hpp"

#include <cstring>

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

// The per-thread digest context of detail::hmac_sha256_stream; `busy` while a stream holds it.
struct thread_hmac_ctx {
  EVP_MD_CTX* ctx = nullptr;
  bool busy = false;
  ~thread_hmac_ctx() { EVP_MD_CTX_free(ctx); } // frees (and wipes) the SHA-256 state
};
thread_local thread_hmac_ctx t_hmac;

EVP_MD_CTX* new_md_ctx() noexcept {
  EVP_MD_CTX* c = EVP_MD_CTX_new();
  if (c == nullptr) detail::fatal("EVP_MD_CTX_new");
  return c;
}

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

// RFC 2104 §2: HMAC(K, text) = H(K0 ^ opad, H(K0 ^ ipad, text)), K0 = K zero-padded to the block
// size B = 64, or H(K) padded when K is longer than B. Two SHA-256 digests on one reused
// EVP_MD_CTX: on OpenSSL 3.0 this costs half of EVP_MAC_init/update/final for the short inputs of
// a registration , which re-derives the pads
// through EVP_MD_CTX copies and allocations on every key. Checked against RFC 4231 and EVP_MAC
// in tests/crypto/hmac_test.cpp.
hmac_sha256_stream::hmac_sha256_stream(byte_view key) noexcept {
  if (!t_hmac.busy) {
    if (t_hmac.ctx == nullptr) t_hmac.ctx = new_md_ctx();
    t_hmac.busy = true;
    ctx_ = t_hmac.ctx;
    shared_ = true;
  } else {
    ctx_ = new_md_ctx();
    shared_ = false;
  }
  std::uint8_t k0[block_size] = {};
  if (key.size() > block_size) {
    block<32> h = sha256(key);
    std::memcpy(k0, h.data(), h.size());
    secure_zero(h.data(), h.size());
  } else if (!key.empty()) {
    std::memcpy(k0, key.data(), key.size());
  }
  std::uint8_t ipad[block_size];
  for (std::size_t i = 0; i < block_size; ++i) {
    ipad[i] = static_cast<std::uint8_t>(k0[i] ^ 0x36);
    opad_[i] = static_cast<std::uint8_t>(k0[i] ^ 0x5c);
  }
  if (EVP_DigestInit_ex2(ctx_, sha256_md(), nullptr) != 1 ||
      EVP_DigestUpdate(ctx_, ipad, block_size) != 1)
    fatal("HMAC inner digest");
  secure_zero(k0, sizeof k0);
  secure_zero(ipad, sizeof ipad);
}

hmac_sha256_stream::~hmac_sha256_stream() {
  secure_zero(opad_, sizeof opad_);
  if (shared_)
    t_hmac.busy = false;
  else
    EVP_MD_CTX_free(ctx_);
}

void hmac_sha256_stream::update(byte_view data) noexcept {
  if (data.empty()) return;
  if (EVP_DigestUpdate(ctx_, data.data(), data.size()) != 1) fatal("HMAC update");
}

void hmac_sha256_stream::final(std::uint8_t* out) noexcept {
  std::uint8_t inner[sha256_size];
  unsigned int len = 0;
  if (EVP_DigestFinal_ex(ctx_, inner, &len) != 1 || len != sha256_size ||
      EVP_DigestInit_ex2(ctx_, sha256_md(), nullptr) != 1 ||
      EVP_DigestUpdate(ctx_, opad_, block_size) != 1 ||
      EVP_DigestUpdate(ctx_, inner, sizeof inner) != 1 ||
      EVP_DigestFinal_ex(ctx_, out, &len) != 1 || len != sha256_size)
    fatal("HMAC outer digest");
  secure_zero(inner, sizeof inner);
}

} // namespace detail
} // namespace ngn::crypto
