#include "crypto/derivation.hpp"

#include "crypto/detail/hmac.hpp"

#include <string>

namespace ngn::crypto {

namespace {

constexpr std::string_view salt = "ngnemu";

key128 derive(byte_view secret, std::initializer_list<byte_view> info) {
  key128 k;
  detail::hkdf_sha256(secret, byte_view{salt}, info, k.data(), k.size());
  return k;
}

} // namespace

key128 derive_subscriber_key(byte_view secret, std::string_view identity, std::uint32_t variant) {
  const std::uint8_t v[4] = {static_cast<std::uint8_t>(variant >> 24),
                             static_cast<std::uint8_t>(variant >> 16),
                             static_cast<std::uint8_t>(variant >> 8),
                             static_cast<std::uint8_t>(variant)};
  constexpr std::string_view label = "subscriber k ";
  if (variant == 0) return derive(secret, {byte_view{label}, byte_view{identity}});
  return derive(secret, {byte_view{label}, byte_view{identity}, byte_view{v, 4}});
}

key128 derive_element_key(byte_view secret, std::string_view name) {
  constexpr std::string_view label = "element key ";
  return derive(secret, {byte_view{label}, byte_view{name}});
}

} // namespace ngn::crypto
