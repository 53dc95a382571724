// Test-only tool: encodes the MGCP registration flow with the codec and the builders (the
// wire-bindings.md §3.1 messages, plus resynchronisation, rejection and a piggy-backed datagram),
// wraps each datagram in Ethernet/IPv4/UDP (gateway 192.0.2.10:2427 <-> call agent
// 192.0.2.1:2727) and writes a classic pcap file for tshark_check.sh.
// Usage: mgcp_pcap_writer OUT.pcap — prints the expectations the script checks:
//   frames=<datagrams> messages=<MGCP messages> responses=<responses> extensions=<X- lines>
// Deliberately minimal; the project's own pcap writer lives elsewhere.
#include "protocols/mgcp/codec.hpp"
#include "protocols/mgcp/registration.hpp"

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

using namespace ngn::mgcp;

namespace {

struct frame {
  bool from_gateway;
  std::string payload;
};

void put16be(std::string& out, std::uint16_t v) {
  out += char(v >> 8);
  out += char(v & 0xFF);
}

void put32le(std::string& out, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) out += char((v >> (8 * i)) & 0xFF);
}

/// RFC 1071 Internet checksum over `data` plus an initial sum.
std::uint16_t checksum(const std::string& data, std::uint32_t sum = 0) {
  for (std::size_t i = 0; i + 1 < data.size(); i += 2)
    sum += (std::uint32_t(std::uint8_t(data[i])) << 8) | std::uint8_t(data[i + 1]);
  if (data.size() % 2) sum += std::uint32_t(std::uint8_t(data.back())) << 8;
  while (sum >> 16) sum = (sum & 0xFFFF) + (sum >> 16);
  return std::uint16_t(~sum & 0xFFFF);
}

std::string ethernet_ipv4_udp(const frame& f, std::uint16_t ip_id) {
  const std::uint8_t gw[4] = {192, 0, 2, 10};
  const std::uint8_t ca[4] = {192, 0, 2, 1};
  const std::uint8_t* src = f.from_gateway ? gw : ca;
  const std::uint8_t* dst = f.from_gateway ? ca : gw;
  std::uint16_t sport = f.from_gateway ? 2427 : 2727;
  std::uint16_t dport = f.from_gateway ? 2727 : 2427;

  std::string udp;
  put16be(udp, sport);
  put16be(udp, dport);
  put16be(udp, std::uint16_t(8 + f.payload.size()));
  put16be(udp, 0);
  udp += f.payload;
  // RFC 768 pseudo header: src, dst, zero, protocol 17, UDP length
  std::uint32_t pseudo = 17 + std::uint32_t(udp.size());
  for (int i = 0; i < 4; i += 2) {
    pseudo += (std::uint32_t(src[i]) << 8) | src[i + 1];
    pseudo += (std::uint32_t(dst[i]) << 8) | dst[i + 1];
  }
  std::uint16_t uc = checksum(udp, pseudo);
  if (uc == 0) uc = 0xFFFF;
  udp[6] = char(uc >> 8);
  udp[7] = char(uc & 0xFF);

  std::string ip;
  ip += char(0x45);  // version 4, IHL 5
  ip += char(0);
  put16be(ip, std::uint16_t(20 + udp.size()));
  put16be(ip, ip_id);
  put16be(ip, 0x4000);  // DF
  ip += char(64);
  ip += char(17);
  put16be(ip, 0);
  ip.append(reinterpret_cast<const char*>(src), 4);
  ip.append(reinterpret_cast<const char*>(dst), 4);
  std::uint16_t ic = checksum(ip);
  ip[10] = char(ic >> 8);
  ip[11] = char(ic & 0xFF);

  std::string eth = f.from_gateway ? std::string("\x02\0\0\0\0\x01\x02\0\0\0\0\x02", 12)
                                   : std::string("\x02\0\0\0\0\x02\x02\0\0\0\0\x01", 12);
  eth += char(0x08);  // EtherType IPv4
  eth += char(0x00);
  return eth + ip + udp;
}

std::string encode_or_die(const std::vector<message>& ms) {
  auto e = encode(ms);
  if (!e) {
    std::fprintf(stderr, "encode failed: %s\n", e.error().describe().c_str());
    std::exit(2);
  }
  return *e;
}

} // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s OUT.pcap\n", argv[0]);
    return 2;
  }
  const std::string ep = "aaln/1@term1.ngn.example";
  std::vector<std::pair<bool, std::vector<message>>> flow;

  rsip_fields r;
  r.transaction_id = 1000;
  r.endpoint = ep;
  r.mechanisms = "aes-gcm;q=0.9,hmac-sha256;q=0.5";
  flow.push_back({true, {make_rsip(r)}});
  flow.push_back({false, {make_response(1000)}});

  challenge_fields ch;
  ch.transaction_id = 2000;
  ch.endpoint = ep;
  ch.notified_entity = "ss@192.0.2.1:2727";
  ch.request_id = "0A1B2C3D";
  ch.challenge = "8f3c1a9d2b7e4f60a1c5d9e8b7a6f5e4" "00112233445566778899aabbccddeeff";
  ch.mechanisms = "aes-gcm;q=0.9";
  ch.extra = {{ext::sess, "1"}};
  flow.push_back({false, {make_challenge(ch)}});
  flow.push_back({true, {make_response(2000)}});

  notify_fields resync;
  resync.transaction_id = 1001;
  resync.endpoint = ep;
  resync.notified_entity = "ss@192.0.2.1:2727";
  resync.request_id = "0A1B2C3D";
  resync.auts = "00112233445566778899aabbccdd";
  flow.push_back({true, {make_notify(resync)}});
  flow.push_back({false, {make_response(1001)}});

  notify_fields n = resync;
  n.transaction_id = 1002;
  n.auts.clear();
  n.response = "13f913040dca2c9a";
  n.extra = {{ext::secv, "aes-gcm;q=0.9"}, {ext::sess, "1"}};
  flow.push_back({true, {make_notify(n)}});
  flow.push_back({false, {make_response(1002)}});

  success_fields s;
  s.transaction_id = 2001;
  s.endpoint = ep;
  s.request_id = "0A1B2C3E";
  s.wrapped_key = "3a91c2d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718";
  s.edge_key = "9a91c2d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718";
  s.mac = "2b7e151628aed2a6abf7158809cf4f3c";
  s.mechanism = "aes-gcm";
  flow.push_back({false, {make_success(s)}});
  flow.push_back({true, {make_response(2001, 200, "OK", {{ext::secm, "aes-gcm"}})}});

  // Piggy-backed datagrams (RFC 3435 §3.5.5): the call agent acknowledges another gateway's
  // RSIP, rejects a registration and audits an endpoint in one datagram; the gateway answers
  // both commands in one datagram.
  rsip_fields r2 = r;
  r2.transaction_id = 1003;
  r2.endpoint = "aaln/2@term1.ngn.example";
  flow.push_back({true, {make_rsip(r2)}});
  rejection_fields j;
  j.transaction_id = 2002;
  j.endpoint = "aaln/2@term1.ngn.example";
  j.request_id = "0A1B2C3F";
  j.reason = "verification word mismatch";
  command probe;
  probe.verb = "AUEP";
  probe.transaction_id = 2003;
  probe.endpoint = "aaln/*@term1.ngn.example";
  probe.add("F", "R,D,S,X,N,I,T,O,ES");
  flow.push_back({false, {make_response(1003), make_rejection(j), probe}});
  flow.push_back({true, {make_response(2002), make_response(2003, 500, "endpoint unknown")}});

  std::FILE* out = std::fopen(argv[1], "wb");
  if (!out) {
    std::perror(argv[1]);
    return 2;
  }
  std::string file;
  put32le(file, 0xa1b2c3d4);  // classic pcap, microseconds
  file += std::string("\x02\x00\x04\x00", 4);
  put32le(file, 0);
  put32le(file, 0);
  put32le(file, 65535);
  put32le(file, 1);  // LINKTYPE_ETHERNET
  std::size_t messages = 0, responses = 0, extensions = 0;
  std::uint32_t t = 1700000000;
  for (std::size_t i = 0; i < flow.size(); ++i) {
    frame f{flow[i].first, encode_or_die(flow[i].second)};
    for (const auto& m : flow[i].second) {
      ++messages;
      if (std::holds_alternative<response>(m)) ++responses;
      const auto& params = std::visit([](const auto& x) -> const auto& { return x.params; }, m);
      for (const auto& p : params)
        if (valid_extension_name(p.code)) ++extensions;
    }
    std::string pkt = ethernet_ipv4_udp(f, std::uint16_t(i + 1));
    put32le(file, t + std::uint32_t(i));
    put32le(file, 0);
    put32le(file, std::uint32_t(pkt.size()));
    put32le(file, std::uint32_t(pkt.size()));
    file += pkt;
  }
  std::fwrite(file.data(), 1, file.size(), out);
  std::fclose(out);
  std::printf("frames=%zu messages=%zu responses=%zu extensions=%zu\n", flow.size(), messages,
              responses, extensions);
  return 0;
}
