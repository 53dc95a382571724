// Test-only: a minimal classic-pcap writer (libpcap format, LINKTYPE_ETHERNET) that wraps each
// payload in Ethernet / IPv4 (RFC 791) / UDP (RFC 768) — or, for another IP protocol such as
// ESP (50), puts the payload directly in the IPv4 packet — so that tshark can dissect what a
// codec produced; shared by the codec wire checks. Not a general pcap library.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace ngn::pcap_test {

using mac_address = std::array<std::uint8_t, 6>;
using ipv4_address = std::array<std::uint8_t, 4>;

inline constexpr std::uint8_t ip_protocol_udp = 17;
inline constexpr std::uint8_t ip_protocol_esp = 50;

/// One UDP datagram of the capture (or, with ip_protocol other than UDP, one IPv4 payload: the
/// ports are then unused), and the Ethernet addresses of its frame.
struct datagram {
  ipv4_address src_ip{};
  ipv4_address dst_ip{};
  std::uint16_t src_port = 0;
  std::uint16_t dst_port = 0;
  std::string payload;
  mac_address src_mac = {0x02, 0, 0, 0, 0, 0x01};
  mac_address dst_mac = {0x02, 0, 0, 0, 0, 0x02};
  std::uint8_t ip_protocol = ip_protocol_udp;
};

/// How the capture is written: the time of its first frame (the others follow one second
/// apart), and whether UDP checksums are computed (else 0: none, RFC 768 over IPv4).
struct capture_options {
  std::uint32_t first_second = 1700000000;
  bool udp_checksum = true;
};

/// The whole pcap file: global header, then one record per datagram (IPv4 ids 1, 2, ...).
std::string make_pcap(const std::vector<datagram>& datagrams, const capture_options& options);

/// Writes `bytes` to `path`; false on I/O error.
bool write_file(const std::string& path, const std::string& bytes);

} // namespace ngn::pcap_test
