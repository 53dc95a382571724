// Zeroization and constant-time comparison (DESIGN.md §2).
#include "crypto/secret.hpp"

#include <openssl/crypto.h>

namespace ngn::crypto {

void secure_zero(void* p, std::size_t n) noexcept {
  if (p != nullptr && n != 0) OPENSSL_cleanse(p, n);
}

bool equal_ct(byte_view a, byte_view b) noexcept {
  if (a.size() != b.size()) return false;
  if (a.empty()) return true;
  return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

} // namespace ngn::crypto
