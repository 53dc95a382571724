// ESP (RFC 4303) in transport mode for the registration's SAs (DESIGN.md §1.2): the packet
// layout and the plaintext block, without cryptography (crypto/esp.hpp seals and opens).
//
//   packet  = SPI (4) ‖ sequence number (4) ‖ [IV (8), aes-gcm only] ‖ block ‖ ICV (16)
//   block   = payload ‖ padding ‖ pad length (1) ‖ next header (1)      (encrypted by aes-gcm)
//   payload = UDP header (8; RFC 768, checksum 0) ‖ message
//   padding = 1, 2, 3, … (RFC 4303 §2.4) so that the block is a multiple of 4 octets
//
// All integers are big-endian. Receiving a packet, in this order (RFC 4303 §3.4):
//   1. read_header            SPI → the SA (unknown SPI: drop), sequence number
//   2. replay_window::check   before the ICV (replay_window.hpp)
//   3. crypto::esp_open       the ICV; the plaintext block
//   4. replay_window::record  only now that the ICV verified
//   5. parse_plaintext_block  the UDP ports and the message
#pragma once

#include "protocols/common/bytes.hpp"
#include "protocols/common/esp_transform.hpp"
#include "protocols/common/result.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>

namespace ngn::esp {

// -- constants ----------------------------------------------------------------

inline constexpr std::size_t header_size = 8;     ///< SPI ‖ sequence number
inline constexpr std::size_t udp_header_size = 8; ///< RFC 768
inline constexpr std::size_t trailer_size = 2;    ///< pad length ‖ next header
inline constexpr std::size_t block_alignment = 4; ///< RFC 4303 §2.4
/// The smallest block: pad length and next header, padded to 4 octets.
inline constexpr std::size_t min_block_size = 4;
inline constexpr std::uint8_t next_header_udp = 17;
/// RFC 4303 §2.1: SPI 0 is never sent, 1..255 are reserved by IANA.
inline constexpr std::uint32_t min_spi = 256;
/// The largest message a block carries: the UDP length field is 16 bits.
inline constexpr std::size_t max_message_size = 0xffff - udp_header_size;

/// The octets an ESP packet adds around its block: header, IV, ICV.
constexpr std::size_t overhead(transform t) noexcept {
  return header_size + iv_size(t) + icv_size;
}
/// The size of the packet carrying a block of `block_size` octets.
constexpr std::size_t packet_size(transform t, std::size_t block_size) noexcept {
  return overhead(t) + block_size;
}
/// The smallest packet esp_open looks at (a minimal block).
constexpr std::size_t min_packet_size(transform t) noexcept {
  return overhead(t) + min_block_size;
}
/// The size of the block carrying a message of `message_size` octets (minimal padding).
constexpr std::size_t plaintext_block_size(std::size_t message_size) noexcept {
  const std::size_t unpadded = udp_header_size + message_size + trailer_size;
  return unpadded + (block_alignment - unpadded % block_alignment) % block_alignment;
}

// -- header -------------------------------------------------------------------

struct header {
  std::uint32_t spi = 0;
  std::uint32_t seq = 0;
};

/// The SPI and sequence number of `packet`. Errors: incomplete (fewer than 8 octets), malformed
/// at byte 0 (a reserved SPI, 0..255). A sequence number of 0 is left to the replay window,
/// which rejects it.
result<header> read_header(byte_view packet);

/// Writes SPI ‖ sequence number (8 octets) at `out`.
void write_header(std::uint8_t* out, header h) noexcept;

// -- plaintext block ----------------------------------------------------------

/// The block carrying `message` from UDP port `src_port` to `dst_port`: UDP header (length
/// 8 + message size, checksum 0: none, RFC 768), message, padding 1, 2, 3, … to a multiple of
/// 4 octets, pad length, next header 17. Error: limit_exceeded if the message does not fit a
/// UDP datagram (above max_message_size).
result<bytes> build_plaintext_block(std::uint16_t src_port, std::uint16_t dst_port,
                                    byte_view message);

/// A UDP datagram read from a block; `message` points into the block.
struct udp_datagram {
  std::uint16_t src_port = 0;
  std::uint16_t dst_port = 0;
  byte_view message;
};

/// Checks and strips a block that esp_open returned; offsets are into the block. Errors:
/// incomplete (fewer than 2 octets); malformed: a size that is not a multiple of 4 octets, a pad
/// length beyond the block, a padding octet other than 1, 2, 3, … (at that octet), a payload
/// shorter than a UDP header, a UDP length other than the payload's (at byte 4); unsupported:
/// a next header other than UDP (17), a UDP checksum (at byte 6: ngnemu sends none and, without
/// the IP addresses, could not verify one).
result<udp_datagram> parse_plaintext_block(byte_view block);

// -- sequence numbers (sender) ------------------------------------------------

/// An SA's outbound sequence numbers: 1, 2, …, 2^32 - 1 (RFC 4303 §3.3.3), then exhausted:
/// without extended sequence numbers the SA must be replaced before the counter would cycle
/// (and aes-gcm's explicit IV, derived from it, would repeat under one key).
class sequence_counter {
public:
  static constexpr std::uint32_t max_seq = 0xffffffffu;

  /// A counter whose last number handed out is `last` (0: none yet; tests start near the end).
  explicit sequence_counter(std::uint32_t last = 0) noexcept : last_(last) {}

  /// The next sequence number, or nullopt when the SA is exhausted.
  std::optional<std::uint32_t> next() noexcept {
    if (last_ == max_seq) return std::nullopt;
    return ++last_;
  }
  /// The last number handed out (0 before the first).
  std::uint32_t last() const noexcept { return last_; }
  bool exhausted() const noexcept { return last_ == max_seq; }

private:
  std::uint32_t last_ = 0;
};

} // namespace ngn::esp
