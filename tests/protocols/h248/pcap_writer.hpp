// Test-only: a minimal pcap (libpcap classic format, LINKTYPE_ETHERNET) writer that wraps text
// payloads in Ethernet / IPv4 (RFC 791) / UDP (RFC 768) with correct checksums, so tshark can
// dissect what the codec produced. Not a general pcap library.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ngn::h248::test {

struct udp_packet {
  std::uint32_t src_ip = 0; ///< host order, e.g. 0xC000020A for 192.0.2.10
  std::uint32_t dst_ip = 0;
  std::uint16_t src_port = 0;
  std::uint16_t dst_port = 0;
  std::string payload;
};

/// The whole pcap file (global header + one record per packet, 1 s apart).
std::string make_pcap(const std::vector<udp_packet>& packets);

/// Writes make_pcap(packets) to `path`; false on I/O error.
bool write_pcap(const std::string& path, const std::vector<udp_packet>& packets);

} // namespace ngn::h248::test
