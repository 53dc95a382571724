#include "tests/protocols/h248/pcap_writer.hpp"

#include <cstdio>

namespace ngn::h248::test {

namespace {

void put_le32(std::string& out, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) out += char((v >> (8 * i)) & 0xff);
}
void put_le16(std::string& out, std::uint16_t v) {
  out += char(v & 0xff);
  out += char(v >> 8);
}
void put_be16(std::string& out, std::uint32_t v) {
  out += char((v >> 8) & 0xff);
  out += char(v & 0xff);
}
void put_be32(std::string& out, std::uint32_t v) {
  put_be16(out, v >> 16);
  put_be16(out, v & 0xffff);
}

// RFC 1071 one's-complement sum over 16-bit big-endian words.
std::uint32_t sum16(std::string_view data, std::uint32_t sum = 0) {
  for (std::size_t i = 0; i + 1 < data.size(); i += 2)
    sum += (std::uint32_t(std::uint8_t(data[i])) << 8) | std::uint8_t(data[i + 1]);
  if (data.size() % 2) sum += std::uint32_t(std::uint8_t(data.back())) << 8;
  return sum;
}
std::uint16_t fold(std::uint32_t sum) {
  while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
  return static_cast<std::uint16_t>(~sum & 0xffff);
}

std::string frame(const udp_packet& p, std::uint16_t ip_id) {
  const std::size_t udp_len = 8 + p.payload.size();
  std::string udp;
  put_be16(udp, p.src_port);
  put_be16(udp, p.dst_port);
  put_be16(udp, std::uint32_t(udp_len));
  put_be16(udp, 0);
  udp += p.payload;
  // RFC 768 pseudo-header: src, dst, zero, protocol 17, UDP length.
  std::string pseudo;
  put_be32(pseudo, p.src_ip);
  put_be32(pseudo, p.dst_ip);
  put_be16(pseudo, 17);
  put_be16(pseudo, std::uint32_t(udp_len));
  std::uint16_t csum = fold(sum16(udp, sum16(pseudo)));
  if (csum == 0) csum = 0xffff;
  udp[6] = char(csum >> 8);
  udp[7] = char(csum & 0xff);

  std::string ip;
  ip += char(0x45); // version 4, IHL 5
  ip += char(0);
  put_be16(ip, std::uint32_t(20 + udp_len));
  put_be16(ip, ip_id);
  put_be16(ip, 0x4000); // DF
  ip += char(64);       // TTL
  ip += char(17);       // UDP
  put_be16(ip, 0);
  put_be32(ip, p.src_ip);
  put_be32(ip, p.dst_ip);
  std::uint16_t ip_csum = fold(sum16(ip));
  ip[10] = char(ip_csum >> 8);
  ip[11] = char(ip_csum & 0xff);

  std::string eth("\x02\x00\x00\x00\x00\x02\x02\x00\x00\x00\x00\x01\x08\x00", 14);
  return eth + ip + udp;
}

} // namespace

std::string make_pcap(const std::vector<udp_packet>& packets) {
  std::string out;
  put_le32(out, 0xa1b2c3d4); // magic, microsecond timestamps
  put_le16(out, 2);
  put_le16(out, 4);
  put_le32(out, 0);      // thiszone
  put_le32(out, 0);      // sigfigs
  put_le32(out, 65535);  // snaplen
  put_le32(out, 1);      // LINKTYPE_ETHERNET
  std::uint32_t t = 1289690940; // 2010-11-13T23:29:00Z
  std::uint16_t id = 1;
  for (const udp_packet& p : packets) {
    std::string f = frame(p, id++);
    put_le32(out, t++);
    put_le32(out, 0);
    put_le32(out, std::uint32_t(f.size()));
    put_le32(out, std::uint32_t(f.size()));
    out += f;
  }
  return out;
}

bool write_pcap(const std::string& path, const std::vector<udp_packet>& packets) {
  std::string data = make_pcap(packets);
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) return false;
  bool ok = std::fwrite(data.data(), 1, data.size(), f) == data.size();
  return std::fclose(f) == 0 && ok;
}

} // namespace ngn::h248::test
