// Test-only tool: encodes the MGCP registration flow with the codec and the builders (the
// wire-bindings.md §3.1 messages, plus resynchronisation, rejection and a piggy-backed datagram),
// wraps each datagram in Ethernet/IPv4/UDP (gateway 192.0.2.10:2427 <-> call agent
// 192.0.2.1:2727) and writes a classic pcap file for tshark_check.sh.
// Usage: mgcp_pcap_writer OUT.pcap — prints the expectations the script checks:
//   frames=<datagrams> messages=<MGCP messages> responses=<responses> extensions=<X- lines>
#include "protocols/mgcp/codec.hpp"
#include "protocols/mgcp/registration.hpp"
#include "tests/protocols/mgcp/fields.hpp"

#include "tests/protocols/udp_pcap.hpp"

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

using namespace ngn::mgcp;
using ngn::mgcp::test::headed;

namespace {

/// A datagram between the gateway (192.0.2.10:2427, MAC 02:00:00:00:00:02) and the call agent
/// (192.0.2.1:2727, MAC 02:00:00:00:00:01).
ngn::pcap_test::datagram datagram(bool from_gateway, std::string payload) {
  const ngn::pcap_test::ipv4_address gw = {192, 0, 2, 10};
  const ngn::pcap_test::ipv4_address ca = {192, 0, 2, 1};
  const ngn::pcap_test::mac_address gw_mac = {0x02, 0, 0, 0, 0, 0x02};
  const ngn::pcap_test::mac_address ca_mac = {0x02, 0, 0, 0, 0, 0x01};
  if (from_gateway) return {gw, ca, 2427, 2727, std::move(payload), gw_mac, ca_mac};
  return {ca, gw, 2727, 2427, std::move(payload), ca_mac, gw_mac};
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

  auto ch = headed<challenge_fields>({2000, ep, "ss@192.0.2.1:2727", "0A1B2C3D"});
  ch.challenge = "8f3c1a9d2b7e4f60a1c5d9e8b7a6f5e4" "00112233445566778899aabbccddeeff";
  ch.mechanisms = "aes-gcm;q=0.9";
  ch.extra = {{ext::sess, "1"}};
  flow.push_back({false, {make_challenge(ch)}});
  flow.push_back({true, {make_response(2000)}});

  auto resync = headed<notify_fields>({1001, ep, "ss@192.0.2.1:2727", "0A1B2C3D"});
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

  auto s = headed<success_fields>({2001, ep, "", "0A1B2C3E"});
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
  auto j = headed<rejection_fields>({2002, "aaln/2@term1.ngn.example", "", "0A1B2C3F"});
  j.reason = "verification word mismatch";
  command probe;
  probe.verb = "AUEP";
  probe.transaction_id = 2003;
  probe.endpoint = "aaln/*@term1.ngn.example";
  probe.add("F", "R,D,S,X,N,I,T,O,ES");
  flow.push_back({false, {make_response(1003), make_rejection(j), probe}});
  flow.push_back({true, {make_response(2002), make_response(2003, 500, "endpoint unknown")}});

  std::vector<ngn::pcap_test::datagram> datagrams;
  std::size_t messages = 0, responses = 0, extensions = 0;
  for (const auto& [from_gateway, ms] : flow) {
    datagrams.push_back(datagram(from_gateway, encode_or_die(ms)));
    for (const auto& m : ms) {
      ++messages;
      if (std::holds_alternative<response>(m)) ++responses;
      const auto& params = std::visit([](const auto& x) -> const auto& { return x.params; }, m);
      for (const auto& p : params)
        if (valid_extension_name(p.code)) ++extensions;
    }
  }
  if (!ngn::pcap_test::write_file(argv[1], ngn::pcap_test::make_pcap(datagrams, {}))) {
    std::perror(argv[1]);
    return 2;
  }
  std::printf("frames=%zu messages=%zu responses=%zu extensions=%zu\n", flow.size(), messages,
              responses, extensions);
  return 0;
}
