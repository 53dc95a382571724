#include "actors/crypto_hooks.hpp"

#include "crypto/hash.hpp"
#include "crypto/secret.hpp"
#include "protocols/dialogue/binding.hpp"

namespace ngn::actors {

namespace {

std::array<std::uint8_t, 16> md5(std::string_view data) { return crypto::md5(byte_view{data}); }

bool equal(std::string_view a, std::string_view b) {
  return crypto::equal_ct(byte_view{a}, byte_view{b});
}

} // namespace

void install_crypto_hooks() {
  dialogue::crypto_hooks h;
  h.md5 = &md5;
  h.equal = &equal;
  dialogue::install_crypto_hooks(h);
}

} // namespace ngn::actors
