// Test-only: a minimal classic-pcap writer (Ethernet / IPv4 / UDP) so tshark can dissect what the
// RAS encoder produces. Not a general pcap library.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace ngn::ras::test {

/// One UDP datagram of the capture.
struct udp_datagram {
  std::array<std::uint8_t, 4> src_ip{};
  std::array<std::uint8_t, 4> dst_ip{};
  std::uint16_t src_port = 1719;
  std::uint16_t dst_port = 1719;
  std::vector<std::uint8_t> payload;
};

/// Writes `datagrams` as a pcap file (LINKTYPE_ETHERNET), one second apart. False on I/O error.
bool write_pcap(const std::string& path, const std::vector<udp_datagram>& datagrams);

} // namespace ngn::ras::test
