// Randomness from OpenSSL's CSPRNG (DESIGN.md §2).
#include "crypto/random.hpp"

#include <openssl/err.h>
#include <openssl/rand.h>

#include <climits>
#include <cstdio>
#include <cstdlib>

namespace ngn::crypto {

void random_bytes(std::uint8_t* out, std::size_t n) {
  constexpr std::size_t chunk = INT_MAX / 2; // RAND_bytes takes an int length
  while (n > 0) {
    const std::size_t len = n < chunk ? n : chunk;
    if (RAND_bytes(out, static_cast<int>(len)) != 1) {
      std::fputs("ngn_crypto: RAND_bytes failed; no safe way to continue without randomness\n",
                 stderr);
      ERR_print_errors_fp(stderr);
      std::abort();
    }
    out += len;
    n -= len;
  }
}

} // namespace ngn::crypto
