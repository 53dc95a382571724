// The ESP key log (DESIGN.md §1.2): one line of Wireshark's `esp_sa` UAT file per SA, so that
// tshark decrypts and authenticates the ESP packets of a capture and dissects the inner
// messages (reference/esp-and-lifecycle.md §2):
//   "IPv4","10.128.0.1","10.0.0.3","0x00001001","AES-GCM with 16 octet ICV [RFC4106]","0x<key‖salt>","NULL",""
//   "IPv4","10.0.0.3","10.128.0.1","0x00002002","NULL","","HMAC-SHA-256-128 [RFC4868]","0x<key>"
// Such a file holds secrets: whoever writes it keeps it opt-in and mode 0600.
#pragma once

#include "protocols/common/bytes.hpp"
#include "protocols/common/esp_transform.hpp"
#include "protocols/common/result.hpp"

#include <cstdint>
#include <string>
#include <string_view>

namespace ngn::esp {

/// One SA as Wireshark needs it.
struct sa_description {
  std::string_view src;    ///< IPv4 source address (dotted quad) or "*" (any)
  std::string_view dst;    ///< IPv4 destination address or "*"
  std::uint32_t spi = 0;
  transform t = transform::aes_gcm_16;
  byte_view key_material;  ///< key ‖ salt (aes-gcm, 20 octets) or the HMAC key (32 octets)
};

/// The `esp_sa` line of `sa`, ending in "\n". Error (invalid_model, offset 0): an address that
/// is neither a dotted quad nor "*", or keying material of the wrong size for the transform.
result<std::string> esp_sa_line(const sa_description& sa);

} // namespace ngn::esp
