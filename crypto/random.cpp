// Randomness from OpenSSL's CSPRNG (DESIGN.md §2), drawn through a small per-thread pool.
//
// A registration asks for randomness a dozen times, 4 to 16 bytes each (RAND, SK, session id,
// SPIs, ESP IVs). Each RAND_bytes call pays the DRBG's fixed cost — about 900 ns here for 16
// bytes (issue 13's primitive costs), over 4 % of a registration's CPU in a profile of 100,000
// SIP registrations via the proxy — whatever it returns. So small requests are served from 1 KiB
// drawn in one call: every byte is handed out once, and wiped from the pool as it is (nothing
// handed out stays behind in memory); the pool is wiped when its thread ends. Requests larger
// than a quarter of it go to RAND_bytes directly.
#include "crypto/random.hpp"

#include <openssl/err.h>
#include <openssl/rand.h>

#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace ngn::crypto {

namespace {

void rand_or_abort(std::uint8_t* out, std::size_t n) {
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

struct pool {
  static constexpr std::size_t size = 1024;
  std::uint8_t bytes[size];
  std::size_t left = 0; ///< unread bytes, at the end of `bytes`
  ~pool() { secure_zero(bytes, sizeof bytes); }
};

thread_local pool t_pool;

} // namespace

void random_bytes(std::uint8_t* out, std::size_t n) {
  if (n == 0) return;
  if (n > pool::size / 4) {
    rand_or_abort(out, n);
    return;
  }
  pool& p = t_pool;
  if (p.left < n) {
    rand_or_abort(p.bytes, pool::size);
    p.left = pool::size;
  }
  std::uint8_t* from = p.bytes + (pool::size - p.left);
  std::memcpy(out, from, n);
  secure_zero(from, n);
  p.left -= n;
}

} // namespace ngn::crypto
