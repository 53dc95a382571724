// The security associations of one registration (DESIGN.md §1.2; RFC 4301 §4.1): on success the
// terminal and its security edge each install two, one per direction, for the chosen
// mechanism; every later message between them is an ESP packet (RFC 4303 transport mode, next
// header UDP, protocols/esp) sealed and opened with the keys derived from SK (crypto/esp).
// The receiver chose each SPI and announced it in the registration dialogue.
#pragma once

#include "crypto/esp.hpp"
#include "crypto/secret.hpp"
#include "protocols/common/bytes.hpp"
#include "protocols/esp/packet.hpp"
#include "protocols/esp/replay_window.hpp"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ngn::elements {

/// Why a received ESP packet was dropped (RFC 4303 §3.4: each is an auditable event).
enum class esp_drop : std::uint8_t {
  malformed,    ///< too short, a reserved SPI, or a block that does not parse
  unknown_spi,  ///< no SA with that SPI (never installed, expired, superseded, deleted)
  replayed,     ///< the anti-replay window refused it (seen, too old, or number 0)
  bad_icv,      ///< the ICV does not verify: wrong key or tampering
  misdirected,  ///< decrypted, but not for this SA's peer (port or identity)
};
inline constexpr std::size_t esp_drop_causes = 5;
std::string_view to_string(esp_drop d) noexcept;

/// Which end of the registration holds the SAs: it decides which direction's keys seal.
enum class sa_side : std::uint8_t { terminal, edge };

/// An inbound SA: the packets the peer sends us under our SPI.
struct sa_inbound {
  std::uint32_t spi = 0;
  std::optional<crypto::esp_keys> keys;
  esp::replay_window window;
};

/// An outbound SA: the packets we send under the peer's SPI.
struct sa_outbound {
  std::uint32_t spi = 0;
  std::optional<crypto::esp_keys> keys;
  esp::sequence_counter seq;
};

/// The two SAs one end installs for a registration.
struct sa_pair {
  sa_inbound in;
  sa_outbound out;
};

/// DESIGN.md §1.2: the pair of `side` for the registration whose session key is `sk` and whose
/// session id is `session_id`; `inbound_spi` is the one this side chose, `outbound_spi` the
/// peer's.
sa_pair make_sa_pair(sa_side side, const crypto::key128& sk, const ngn::session_id& session_id,
                     esp::transform t, std::uint32_t inbound_spi, std::uint32_t outbound_spi);

/// The ESP packet carrying `message` from UDP port `src_port` to `dst_port` under `out`, or
/// empty when it cannot be sent: the SA is exhausted (RFC 4303 §3.3.3: it must be replaced) or
/// the message does not fit a datagram.
std::string seal(sa_outbound& out, std::uint16_t src_port, std::uint16_t dst_port,
                 std::string_view message);

/// The SPI of a received packet, or nullopt if it has no valid header (malformed).
std::optional<std::uint32_t> spi_of(std::string_view packet) noexcept;

/// A datagram received under an SA.
struct sa_datagram {
  std::uint16_t src_port = 0;
  std::uint16_t dst_port = 0;
  std::string message;
};

/// RFC 4303 §3.4: the packet received under `in` (its SPI already matched): replay check, ICV,
/// then the window moves and the block is parsed. nullopt with `why` set when it is dropped.
std::optional<sa_datagram> open(sa_inbound& in, std::string_view packet, esp_drop& why);

/// A random SPI from 256..2^32-1 (RFC 4303 §2.1: 0 is never sent, 1..255 are reserved).
template <class Random>
std::uint32_t random_spi(Random& rng) {
  for (;;) {
    const std::uint32_t spi = rng.next_u32();
    if (spi >= esp::min_spi) return spi;
  }
}

/// Drop counts by cause.
using esp_drop_counts = std::array<std::uint64_t, esp_drop_causes>;

} // namespace ngn::elements
