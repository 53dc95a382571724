#include "tests/protocols/ras/pcap_writer.hpp"

#include <cstdio>
#include <memory>

namespace ngn::ras::test {

namespace {

void le32(std::vector<std::uint8_t>& out, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}
void le16(std::vector<std::uint8_t>& out, std::uint16_t v) {
  out.push_back(static_cast<std::uint8_t>(v));
  out.push_back(static_cast<std::uint8_t>(v >> 8));
}
void be16(std::vector<std::uint8_t>& out, std::uint16_t v) {
  out.push_back(static_cast<std::uint8_t>(v >> 8));
  out.push_back(static_cast<std::uint8_t>(v));
}

// RFC 791 header checksum: one's complement of the one's complement sum of 16-bit words.
std::uint16_t ip_checksum(const std::uint8_t* h, std::size_t n) {
  std::uint32_t sum = 0;
  for (std::size_t i = 0; i + 1 < n; i += 2) sum += static_cast<std::uint32_t>(h[i] << 8 | h[i + 1]);
  while (sum >> 16) sum = (sum & 0xFFFF) + (sum >> 16);
  return static_cast<std::uint16_t>(~sum);
}

std::vector<std::uint8_t> frame(const udp_datagram& d, std::uint16_t ip_id) {
  std::vector<std::uint8_t> f = {0x02, 0, 0, 0, 0, 0x02, 0x02, 0, 0, 0, 0, 0x01, 0x08, 0x00};
  const auto udp_len = static_cast<std::uint16_t>(8 + d.payload.size());
  const std::size_t ip_start = f.size();
  f.push_back(0x45);  // IPv4, 20-octet header
  f.push_back(0);
  be16(f, static_cast<std::uint16_t>(20 + udp_len));
  be16(f, ip_id);
  be16(f, 0x4000);  // don't fragment
  f.push_back(64);  // TTL
  f.push_back(17);  // UDP
  be16(f, 0);       // checksum, filled below
  f.insert(f.end(), d.src_ip.begin(), d.src_ip.end());
  f.insert(f.end(), d.dst_ip.begin(), d.dst_ip.end());
  const std::uint16_t sum = ip_checksum(f.data() + ip_start, 20);
  f[ip_start + 10] = static_cast<std::uint8_t>(sum >> 8);
  f[ip_start + 11] = static_cast<std::uint8_t>(sum);
  be16(f, d.src_port);
  be16(f, d.dst_port);
  be16(f, udp_len);
  be16(f, 0);  // no UDP checksum (RFC 768, IPv4)
  f.insert(f.end(), d.payload.begin(), d.payload.end());
  return f;
}

} // namespace

bool write_pcap(const std::string& path, const std::vector<udp_datagram>& datagrams) {
  std::vector<std::uint8_t> out;
  le32(out, 0xa1b2c3d4);  // microsecond timestamps
  le16(out, 2);
  le16(out, 4);
  le32(out, 0);      // thiszone
  le32(out, 0);      // sigfigs
  le32(out, 65535);  // snaplen
  le32(out, 1);      // LINKTYPE_ETHERNET
  std::uint32_t t = 1700000000;
  std::uint16_t id = 1;
  for (const auto& d : datagrams) {
    const auto f = frame(d, id++);
    le32(out, t++);
    le32(out, 0);
    le32(out, static_cast<std::uint32_t>(f.size()));
    le32(out, static_cast<std::uint32_t>(f.size()));
    out.insert(out.end(), f.begin(), f.end());
  }
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "wb"), &std::fclose);
  if (!file) return false;
  return std::fwrite(out.data(), 1, out.size(), file.get()) == out.size();
}

} // namespace ngn::ras::test
