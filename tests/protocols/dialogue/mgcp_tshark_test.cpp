// Wire check of the MGCP binding (DESIGN.md §6 "Wire"): whole registrations run through the
// scenario harness, every datagram of the trace is written as Ethernet/IPv4/UDP into a pcap
// (terminal 10.1.0.x:2427 = gateway, proxy 10.0.0.2:2727, soft switch 10.0.0.1:2727 = call
// agent, wire-bindings.md §1) and tshark 4.0 must dissect every frame as MGCP with no expert
// info, every X- line as an extension parameter and every response paired with its command.
// Skipped with a message when tshark is not installed.
#include "tests/elements/harness.hpp"

#include "protocols/dialogue/binding.hpp"

#include <boost/test/unit_test.hpp>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

using namespace ngn;
using namespace ngn::test;

namespace {

struct endpoint {
  std::uint32_t ip;
  std::uint16_t port;
};

endpoint endpoint_of(elements::element_id id) {
  if (id == scenario::ss_id) return {0x0a000001, 2727};
  if (id == scenario::sp_id) return {0x0a000002, 2727};
  return {0x0a010001 + static_cast<std::uint32_t>(id - scenario::first_terminal), 2427};
}

void put16be(std::string& out, std::uint32_t v) {
  out += static_cast<char>(v >> 8 & 0xff);
  out += static_cast<char>(v & 0xff);
}

void put32be(std::string& out, std::uint32_t v) {
  put16be(out, v >> 16);
  put16be(out, v & 0xffff);
}

void put32le(std::string& out, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) out += static_cast<char>(v >> (8 * i) & 0xff);
}

/// RFC 1071 Internet checksum.
std::uint16_t checksum(const std::string& data, std::uint32_t sum = 0) {
  for (std::size_t i = 0; i + 1 < data.size(); i += 2)
    sum += static_cast<std::uint32_t>(static_cast<std::uint8_t>(data[i])) << 8
           | static_cast<std::uint8_t>(data[i + 1]);
  if (data.size() % 2 != 0)
    sum += static_cast<std::uint32_t>(static_cast<std::uint8_t>(data.back())) << 8;
  while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
  return static_cast<std::uint16_t>(~sum & 0xffff);
}

/// One Ethernet/IPv4/UDP frame (RFC 791, RFC 768) carrying `payload`.
std::string frame(endpoint src, endpoint dst, const std::string& payload, std::uint16_t ip_id) {
  std::string udp;
  put16be(udp, src.port);
  put16be(udp, dst.port);
  put16be(udp, static_cast<std::uint32_t>(8 + payload.size()));
  put16be(udp, 0);
  udp += payload;
  const std::uint32_t pseudo = (src.ip >> 16) + (src.ip & 0xffff) + (dst.ip >> 16)
                               + (dst.ip & 0xffff) + 17 + static_cast<std::uint32_t>(udp.size());
  std::uint16_t uc = checksum(udp, pseudo);
  if (uc == 0) uc = 0xffff;
  udp[6] = static_cast<char>(uc >> 8);
  udp[7] = static_cast<char>(uc & 0xff);
  std::string ip;
  ip += '\x45';
  ip += '\0';
  put16be(ip, static_cast<std::uint32_t>(20 + udp.size()));
  put16be(ip, ip_id);
  put16be(ip, 0x4000);
  ip += '\x40';
  ip += '\x11';
  put16be(ip, 0);
  put32be(ip, src.ip);
  put32be(ip, dst.ip);
  const std::uint16_t ic = checksum(ip);
  ip[10] = static_cast<char>(ic >> 8);
  ip[11] = static_cast<char>(ic & 0xff);
  std::string eth("\x02\0\0\0\0\x01\x02\0\0\0\0\x02\x08\x00", 14);
  return eth + ip + udp;
}

/// A classic pcap file (LINKTYPE_ETHERNET) of `datagrams`, one frame each.
void write_pcap(const std::string& path, const std::vector<scenario::record>& datagrams) {
  std::string file;
  put32le(file, 0xa1b2c3d4);
  file += std::string("\x02\x00\x04\x00", 4);
  put32le(file, 0);
  put32le(file, 0);
  put32le(file, 65535);
  put32le(file, 1);
  std::uint32_t n = 0;
  for (const auto& d : datagrams) {
    const std::string pkt =
      frame(endpoint_of(d.from), endpoint_of(d.to), d.bytes, static_cast<std::uint16_t>(++n));
    put32le(file, 1'700'000'000 + n);
    put32le(file, 0);
    put32le(file, static_cast<std::uint32_t>(pkt.size()));
    put32le(file, static_cast<std::uint32_t>(pkt.size()));
    file += pkt;
  }
  std::ofstream(path, std::ios::binary) << file;
}

bool have_tshark() { return std::system("command -v tshark >/dev/null 2>&1") == 0; }

std::string run(const std::string& cmd) {
  std::string out;
  if (std::FILE* p = popen(cmd.c_str(), "r")) {
    char buf[4096];
    for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, p)) > 0;) out.append(buf, n);
    pclose(p);
  }
  return out;
}

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto pos = text.find(what); pos != std::string::npos; pos = text.find(what, pos + 1)) ++n;
  return n;
}

/// What the capture must show: MGCP messages, responses, X- lines.
struct expected {
  std::size_t frames = 0, responses = 0, extensions = 0;
};

expected expectations(const std::vector<scenario::record>& datagrams) {
  expected e;
  e.frames = datagrams.size();
  for (const auto& d : datagrams) {
    e.responses += d.bytes[0] >= '0' && d.bytes[0] <= '9';
    e.extensions += count(d.bytes, "\nX-");
  }
  return e;
}

/// Runs tshark on the datagrams and checks its dissection.
void check_with_tshark(const std::vector<scenario::record>& datagrams, const std::string& name) {
  const std::string pcap = std::string(NGN_BINARY_DIR) + "/" + name + ".pcap";
  write_pcap(pcap, datagrams);
  const auto e = expectations(datagrams);
  const std::string ts = "tshark -n -r '" + pcap + "' ";
  BOOST_TEST_INFO("capture " << pcap);
  BOOST_TEST(run(ts + "-q -z expert 2>/dev/null") == "");
  const std::string pdml = run(ts + "-T pdml 2>/dev/null");
  BOOST_TEST(count(pdml, "show=\"eth:ethertype:ip:udp:mgcp\"") == e.frames);
  BOOST_TEST(count(pdml, "<field name=\"mgcp.transid\"") == e.frames);
  BOOST_TEST(count(pdml, "<field name=\"mgcp.reqframe\"") == e.responses);
  BOOST_TEST(count(pdml, "<field name=\"mgcp.param.extension\"") == e.extensions);
  BOOST_TEST(count(pdml, "<field name=\"mgcp.param.invalid\"") == 0u);
  BOOST_TEST(count(pdml, "<field name=\"mgcp.unknown_parameter\"") == 0u);
  // Every transaction is new: nothing is taken for a retransmission (RFC 3435 §3.5).
  BOOST_TEST(count(pdml, "<field name=\"mgcp.dup\"") == 0u);
  BOOST_TEST(count(pdml, "<field name=\"mgcp.req.dup\"") == 0u);
  BOOST_TEST(count(pdml, "<field name=\"mgcp.rsp.dup\"") == 0u);
  BOOST_TEST(count(pdml, "_ws.expert") == 0u);
}

} // namespace

BOOST_AUTO_TEST_SUITE(mgcp_tshark)

BOOST_AUTO_TEST_CASE(four_element_flow_dissects_as_mgcp_without_expert_info) {
  scenario s{ngn::protocol::mgcp, true};
  s.start_all();
  s.run();
  BOOST_REQUIRE(s.outcome(0));
  BOOST_REQUIRE(s.outcome(0)->established);
  BOOST_REQUIRE_EQUAL(s.trace.size(), 16u);
  if (!have_tshark()) {
    BOOST_TEST_MESSAGE("tshark not installed: skipping the dissection check");
    return;
  }
  check_with_tshark(s.trace, "mgcp_binding_4_elements");
}

BOOST_AUTO_TEST_CASE(failure_flows_dissect_as_mgcp_without_expert_info) {
  if (!have_tshark()) {
    BOOST_TEST_MESSAGE("tshark not installed: skipping the dissection check");
    return;
  }
  {  // wrong Kc: NTFY with an empty X-RESP, RQNT X-RSLT 403
    scenario s{ngn::protocol::mgcp, false};
    s.give_wrong_key(0);
    s.start_all();
    s.run();
    BOOST_TEST(s.trace.size() == 8u);
    check_with_tshark(s.trace, "mgcp_binding_wrong_key");
  }
  {  // resynchronisation: NTFY with X-AUTS, then a second challenge
    scenario s{ngn::protocol::mgcp, true};
    s.terminal(0).set_sqn_ms(1'000'000);
    s.start_all();
    s.run();
    BOOST_TEST(s.outcome(0)->established);
    BOOST_TEST(s.trace.size() == 24u);
    check_with_tshark(s.trace, "mgcp_binding_resync");
  }
  {  // the terminal refuses a key (538 with X-RESP); the proxy answers 510, the SS 504 / 528
    scenario s{ngn::protocol::mgcp, true};
    s.intercept = [](elements::element_id f, elements::element_id, std::string& bytes) {
      auto at = bytes.find("X-MAC: ");
      if (f == scenario::sp_id && at != std::string::npos) bytes[at + 7] ^= 1;
      return true;
    };
    s.start_all();
    s.run();
    BOOST_TEST(!s.outcome(0)->established);
    s.intercept = nullptr;
    s.inject(scenario::first_terminal, scenario::sp_id, ngn::protocol::mgcp,
             "NTFY 77 t1@ngn.example MGCP 1.0\r\nX: 1\r\n");
    s.inject(scenario::sp_id, scenario::ss_id, ngn::protocol::mgcp,
             "EPCF 78 t1@ngn.example MGCP 1.0\r\n");
    s.inject(scenario::sp_id, scenario::ss_id, ngn::protocol::mgcp,
             "RSIP 79 t1@ngn.example MGCP 1.1\r\nRM: restart\r\n");
    s.deliver();
    BOOST_TEST(s.trace.size() == 16u + 6u);
    check_with_tshark(s.trace, "mgcp_binding_refusal");
  }
  {  // unknown identity: RQNT X-RSLT 404 through the proxy
    scenario s{ngn::protocol::mgcp, true};
    s.make_unknown(0);
    s.start_all();
    s.run();
    BOOST_TEST(s.trace.size() == 8u);
    check_with_tshark(s.trace, "mgcp_binding_unknown");
  }
}

BOOST_AUTO_TEST_SUITE_END()
