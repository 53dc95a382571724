#include "protocols/esp/packet.hpp"

#include <string>

namespace ngn::esp {

namespace {

std::uint32_t be32(const std::uint8_t* p) noexcept {
  return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8)
         | std::uint32_t{p[3]};
}
std::uint16_t be16(const std::uint8_t* p) noexcept {
  return static_cast<std::uint16_t>((p[0] << 8) | p[1]);
}
void put32(std::uint8_t* p, std::uint32_t v) noexcept {
  p[0] = static_cast<std::uint8_t>(v >> 24);
  p[1] = static_cast<std::uint8_t>(v >> 16);
  p[2] = static_cast<std::uint8_t>(v >> 8);
  p[3] = static_cast<std::uint8_t>(v);
}
void put16(std::uint8_t* p, std::uint16_t v) noexcept {
  p[0] = static_cast<std::uint8_t>(v >> 8);
  p[1] = static_cast<std::uint8_t>(v);
}

} // namespace

result<header> read_header(byte_view packet) {
  if (packet.size() < header_size)
    return make_error(errc::incomplete, packet.size(), "ESP header needs 8 octets");
  header h{be32(packet.data()), be32(packet.data() + 4)};
  if (h.spi < min_spi)
    return make_error(errc::malformed, 0, "reserved SPI " + std::to_string(h.spi));
  return h;
}

void write_header(std::uint8_t* out, header h) noexcept {
  put32(out, h.spi);
  put32(out + 4, h.seq);
}

result<bytes> build_plaintext_block(std::uint16_t src_port, std::uint16_t dst_port,
                                    byte_view message) {
  if (message.size() > max_message_size)
    return make_error(errc::limit_exceeded, 0,
                      "a UDP datagram carries at most " + std::to_string(max_message_size)
                        + " octets, not " + std::to_string(message.size()));
  bytes block(plaintext_block_size(message.size()));
  std::uint8_t* p = block.data();
  put16(p, src_port);
  put16(p + 2, dst_port);
  put16(p + 4, static_cast<std::uint16_t>(udp_header_size + message.size()));
  put16(p + 6, 0); // no checksum (RFC 768)
  p += udp_header_size;
  for (std::uint8_t b : message) *p++ = b;
  const std::size_t pad = block.size() - udp_header_size - message.size() - trailer_size;
  for (std::size_t i = 1; i <= pad; ++i) *p++ = static_cast<std::uint8_t>(i);
  *p++ = static_cast<std::uint8_t>(pad);
  *p = next_header_udp;
  return block;
}

result<udp_datagram> parse_plaintext_block(byte_view block) {
  const std::size_t n = block.size();
  if (n < trailer_size) return make_error(errc::incomplete, n, "no ESP trailer");
  if (n % block_alignment != 0)
    return make_error(errc::malformed, n, "ESP block of " + std::to_string(n)
                                            + " octets, not a multiple of 4 (RFC 4303 §2.4)");
  const std::size_t pad = block[n - 2];
  if (pad > n - trailer_size)
    return make_error(errc::malformed, n - 2,
                      "pad length " + std::to_string(pad) + " beyond the block");
  const std::size_t payload = n - trailer_size - pad;
  // RFC 4303 §2.4: the padding octets are 1, 2, 3, ... and the receiver checks them.
  for (std::size_t i = 0; i < pad; ++i)
    if (block[payload + i] != i + 1)
      return make_error(errc::malformed, payload + i,
                        "padding octet " + std::to_string(i + 1) + " is "
                          + std::to_string(block[payload + i]));
  if (block[n - 1] != next_header_udp)
    return make_error(errc::unsupported, n - 1,
                      "next header " + std::to_string(block[n - 1]) + ", not UDP (17)");
  if (payload < udp_header_size)
    return make_error(errc::malformed, payload, "payload shorter than a UDP header");
  const std::uint16_t length = be16(block.data() + 4);
  if (length != payload)
    return make_error(errc::malformed, 4,
                      "UDP length " + std::to_string(length) + " in a payload of "
                        + std::to_string(payload) + " octets");
  if (be16(block.data() + 6) != 0)
    return make_error(errc::unsupported, 6, "UDP checksum present (ngnemu sends none)");
  return udp_datagram{be16(block.data()), be16(block.data() + 2),
                      byte_view{block.data() + udp_header_size, payload - udp_header_size}};
}

} // namespace ngn::esp
