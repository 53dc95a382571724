// Internal to crypto/: aes-gcm ESP sealing with a caller-chosen explicit IV. esp_seal uses it
// with IV = 00 00 00 00 ‖ sequence number; tests use it for the packets of
// draft-mcgrew-gcm-test-01, whose IVs are arbitrary. Never call it with an IV used before under
// the same key.
#pragma once

#include "protocols/common/bytes.hpp"
#include "crypto/esp.hpp"

#include <cstdint>

namespace ngn::crypto::detail {

/// esp_seal for aes-gcm keys with explicit IV `iv`; `keys` must be aes-gcm.
bytes esp_seal_gcm(const esp_keys& keys, std::uint32_t spi, std::uint32_t seq,
                   const block<8>& iv, byte_view plaintext_block);

} // namespace ngn::crypto::detail
