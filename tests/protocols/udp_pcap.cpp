#include "tests/protocols/udp_pcap.hpp"

#include <cstdio>
#include <string_view>

namespace ngn::pcap_test {

namespace {

void le16(std::string& out, std::uint16_t v) {
  out += static_cast<char>(v & 0xFF);
  out += static_cast<char>(v >> 8);
}
void le32(std::string& out, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) out += static_cast<char>((v >> (8 * i)) & 0xFF);
}
void be16(std::string& out, std::uint16_t v) {
  out += static_cast<char>(v >> 8);
  out += static_cast<char>(v & 0xFF);
}
template <std::size_t N>
void append(std::string& out, const std::array<std::uint8_t, N>& a) {
  out.append(reinterpret_cast<const char*>(a.data()), N);
}

// RFC 1071: the one's-complement sum of big-endian 16-bit words (an odd last octet padded).
std::uint32_t sum16(std::string_view data, std::uint32_t sum = 0) {
  for (std::size_t i = 0; i + 1 < data.size(); i += 2)
    sum += (std::uint32_t{static_cast<std::uint8_t>(data[i])} << 8)
           | static_cast<std::uint8_t>(data[i + 1]);
  if (data.size() % 2) sum += std::uint32_t{static_cast<std::uint8_t>(data.back())} << 8;
  return sum;
}
std::uint16_t fold(std::uint32_t sum) {
  while (sum >> 16) sum = (sum & 0xFFFF) + (sum >> 16);
  return static_cast<std::uint16_t>(~sum & 0xFFFF);
}
void put_checksum(std::string& header, std::size_t at, std::uint16_t sum) {
  header[at] = static_cast<char>(sum >> 8);
  header[at + 1] = static_cast<char>(sum & 0xFF);
}

std::string udp(const datagram& d, bool checksum) {
  const auto length = static_cast<std::uint16_t>(8 + d.payload.size());
  std::string u;
  be16(u, d.src_port);
  be16(u, d.dst_port);
  be16(u, length);
  be16(u, 0);
  u += d.payload;
  if (!checksum) return u;
  // RFC 768 pseudo-header: source, destination, zero, protocol 17, UDP length.
  std::string pseudo;
  append(pseudo, d.src_ip);
  append(pseudo, d.dst_ip);
  be16(pseudo, 17);
  be16(pseudo, length);
  const std::uint16_t sum = fold(sum16(u, sum16(pseudo)));
  put_checksum(u, 6, sum == 0 ? 0xFFFF : sum);
  return u;
}

std::string ipv4(const datagram& d, const std::string& payload, std::uint16_t id) {
  std::string ip;
  ip += static_cast<char>(0x45);  // version 4, IHL 5
  ip += static_cast<char>(0);
  be16(ip, static_cast<std::uint16_t>(20 + payload.size()));
  be16(ip, id);
  be16(ip, 0x4000);  // don't fragment
  ip += static_cast<char>(64);  // TTL
  ip += static_cast<char>(d.ip_protocol);
  be16(ip, 0);
  append(ip, d.src_ip);
  append(ip, d.dst_ip);
  put_checksum(ip, 10, fold(sum16(ip)));
  return ip + payload;
}

std::string ethernet(const datagram& d, const std::string& ip) {
  std::string f;
  append(f, d.dst_mac);
  append(f, d.src_mac);
  be16(f, 0x0800);  // IPv4
  return f + ip;
}

} // namespace

std::string make_pcap(const std::vector<datagram>& datagrams, const capture_options& options) {
  std::string out;
  le32(out, 0xa1b2c3d4);  // magic, microsecond timestamps
  le16(out, 2);
  le16(out, 4);
  le32(out, 0);      // thiszone
  le32(out, 0);      // sigfigs
  le32(out, 65535);  // snaplen
  le32(out, 1);      // LINKTYPE_ETHERNET
  std::uint32_t t = options.first_second;
  std::uint16_t id = 1;
  for (const datagram& d : datagrams) {
    const std::string payload =
      d.ip_protocol == ip_protocol_udp ? udp(d, options.udp_checksum) : d.payload;
    const std::string f = ethernet(d, ipv4(d, payload, id++));
    le32(out, t++);
    le32(out, 0);
    le32(out, static_cast<std::uint32_t>(f.size()));
    le32(out, static_cast<std::uint32_t>(f.size()));
    out += f;
  }
  return out;
}

bool write_file(const std::string& path, const std::string& bytes) {
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) return false;
  const bool ok = std::fwrite(bytes.data(), 1, bytes.size(), f) == bytes.size();
  return std::fclose(f) == 0 && ok;
}

} // namespace ngn::pcap_test
