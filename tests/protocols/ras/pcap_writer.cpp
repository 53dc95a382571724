#include "tests/protocols/ras/pcap_writer.hpp"

#include "tests/protocols/udp_pcap.hpp"

namespace ngn::ras::test {

bool write_pcap(const std::string& path, const std::vector<udp_datagram>& datagrams) {
  std::vector<pcap_test::datagram> frames;
  for (const auto& d : datagrams)
    frames.push_back({d.src_ip, d.dst_ip, d.src_port, d.dst_port,
                      std::string(d.payload.begin(), d.payload.end())});
  // No UDP checksum (RFC 768 allows none over IPv4).
  return pcap_test::write_file(path, pcap_test::make_pcap(frames, {1700000000, false}));
}

} // namespace ngn::ras::test
