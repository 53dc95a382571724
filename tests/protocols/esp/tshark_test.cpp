// Wire check with an independent implementation (DESIGN.md §6 "Lifecycle"): ESP packets of both
// transforms (IP protocol 50), sealed by crypto/esp with keys derived from SK, carrying a
// message of each protocol inside UDP on its standard ports, are decrypted and authenticated by
// tshark from a key log in Wireshark's esp_sa format (protocols/esp/keylog.hpp) and dissect as
// SIP, MGCP, Megaco and H.225.0 RAS with no expert info; with a wrong key every ICV is bad.
// reference/esp-and-lifecycle.md §2 has the facts this relies on. Skipped without tshark.
#include "crypto/esp.hpp"
#include "protocols/common/hex.hpp"
#include "protocols/common/protocol.hpp"
#include "protocols/esp/keylog.hpp"
#include "protocols/esp/packet.hpp"
#include "protocols/mgcp/codec.hpp"
#include "protocols/sip/message.hpp"
#include "tests/protocols/h248/golden.hpp"
#include "tests/protocols/sip/golden.hpp"
#include "tests/protocols/ras/ras_samples.hpp"
#include "tests/protocols/tshark.hpp"
#include "tests/protocols/udp_pcap.hpp"

#include "tests/protocols/esp/why.hpp"

#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <string>
#include <vector>

using namespace ngn;
using ngn::esp_test::why;
using namespace ngn::pcap_test;
using crypto::esp_direction;

namespace {

constexpr ipv4_address terminal_ip = {10, 0, 0, 3};
constexpr ipv4_address edge_ip = {10, 128, 0, 1};
constexpr std::string_view terminal_addr = "10.0.0.3";
constexpr std::string_view edge_addr = "10.128.0.1";
constexpr capture_options esp_capture = {1700000000, false};

// The SIP keepalive of the registration's life (issue 9 spec) and its answer.
const std::string sip_options = sip::test::crlf(
  "OPTIONS sip:ngn.example SIP/2.0\n"
  "Via: SIP/2.0/UDP 10.0.0.3:5060;branch=z9hG4bK-ka-0001;rport\n"
  "Max-Forwards: 70\n"
  "From: <sip:1001@ngn.example>;tag=a73kszlfl\n"
  "To: <sip:ngn.example>\n"
  "Call-ID: ka-1j9FpLxk3uxtm8tn@10.0.0.3\n"
  "CSeq: 3 OPTIONS\n"
  "Content-Length: 0\n"
  "\n");
const std::string sip_options_ok = sip::test::crlf(
  "SIP/2.0 200 OK\n"
  "Via: SIP/2.0/UDP 10.0.0.3:5060;branch=z9hG4bK-ka-0001;rport=5060;received=10.0.0.3\n"
  "From: <sip:1001@ngn.example>;tag=a73kszlfl\n"
  "To: <sip:ngn.example>;tag=ss-77aa01\n"
  "Call-ID: ka-1j9FpLxk3uxtm8tn@10.0.0.3\n"
  "CSeq: 3 OPTIONS\n"
  "Content-Length: 0\n"
  "\n");
// The MGCP keepalive: the call agent audits the endpoint (RFC 3435 §2.3.10), the gateway acks.
const std::string mgcp_auep = "AUEP 1200 aaln/1@term1.ngn.example MGCP 1.0\r\n";
const std::string mgcp_auep_ok = "200 1200 OK\r\n";

std::string as_string(const bytes& b) { return std::string(b.begin(), b.end()); }

struct message_case {
  std::string name;
  protocol p;
  std::string text;
  bool from_terminal;
  std::string dissector; ///< the last entry of frame.protocols
};

std::vector<message_case> messages() {
  return {
    {"SIP OPTIONS", protocol::sip, sip_options, true, "sip"},
    {"SIP 200 to OPTIONS", protocol::sip, sip_options_ok, false, "sip"},
    {"MGCP AUEP", protocol::mgcp, mgcp_auep, false, "mgcp"},
    {"MGCP 200 to AUEP", protocol::mgcp, mgcp_auep_ok, true, "mgcp"},
    {"H.248 Notify", protocol::h248, h248::golden::notify, true, "megaco"},
    {"H.248 Notify reply", protocol::h248, h248::golden::notify_reply, false, "megaco"},
    {"RAS RRQ", protocol::h323, as_string(ras::test::hex(ras::test::golden_rrq_hex)), true,
     "h225"},
    {"RAS RCF", protocol::h323, as_string(ras::test::hex(ras::test::golden_rcf_hex)), false,
     "h225"},
  };
}

/// One SA: its SPI (chosen by its receiver), keys and outbound sequence numbers.
struct sa {
  std::uint32_t spi;
  crypto::esp_keys keys;
  esp::sequence_counter seq;
};

/// A registration's pair of SAs for one transform.
struct sa_pair {
  sa to_edge;     ///< terminal → edge
  sa to_terminal; ///< edge → terminal
};

crypto::key128 session_key() {
  crypto::key128 k;
  crypto::key128::from(*from_hex("6a3f0c5e9b1d2f47a8c0e1d2b3a49586"), k);
  return k;
}

const ngn::session_id sid = ngn::session_id::of_number(0x00012345);

sa_pair make_pair(esp::transform t, std::uint32_t edge_spi, std::uint32_t terminal_spi) {
  const crypto::key128 sk = session_key();
  return {{edge_spi, crypto::derive_esp_keys(sk, sid, t, esp_direction::terminal_to_edge),
           esp::sequence_counter{}},
          {terminal_spi,
           crypto::derive_esp_keys(sk, sid, t, esp_direction::edge_to_terminal),
           esp::sequence_counter{}}};
}

std::string keylog_line(const sa& s, bool to_edge, bool corrupt) {
  bytes material(s.keys.material().begin(), s.keys.material().end());
  if (corrupt) material[0] ^= 0x01;
  auto line = esp::esp_sa_line({to_edge ? terminal_addr : edge_addr,
                                to_edge ? edge_addr : terminal_addr, s.spi,
                                s.keys.transform(), material});
  BOOST_TEST_REQUIRE(line.ok(), why(line));
  return *line;
}

struct capture {
  std::vector<datagram> packets;
  std::vector<std::string> expected_dissector;
  std::vector<std::uint32_t> expected_spi;
  std::vector<std::uint32_t> expected_seq;
  std::string keylog;
  std::string wrong_keylog;
};

capture build_capture() {
  capture c;
  std::vector<sa_pair> pairs;
  pairs.push_back(make_pair(esp::transform::aes_gcm_16, 0x1001, 0x2002));
  pairs.push_back(make_pair(esp::transform::null_hmac_sha256_128, 0x1003, 0x2004));
  for (sa_pair& pair : pairs) {
    c.keylog += keylog_line(pair.to_edge, true, false) + keylog_line(pair.to_terminal, false, false);
    c.wrong_keylog +=
      keylog_line(pair.to_edge, true, true) + keylog_line(pair.to_terminal, false, true);
    for (const message_case& m : messages()) {
      const protocol_info& pi = info(m.p);
      sa& s = m.from_terminal ? pair.to_edge : pair.to_terminal;
      const std::uint16_t src_port = m.from_terminal ? pi.terminal_port : pi.server_port;
      const std::uint16_t dst_port = m.from_terminal ? pi.server_port : pi.terminal_port;
      auto block = esp::build_plaintext_block(src_port, dst_port, byte_view{m.text});
      BOOST_TEST_REQUIRE(block.ok());
      const std::uint32_t seq = *s.seq.next();
      const bytes packet = crypto::esp_seal(s.keys, s.spi, seq, *block);
      // Our own receive path gets the message back.
      auto opened = crypto::esp_open(s.keys, packet);
      BOOST_TEST_REQUIRE(opened.ok(), m.name << ": " << why(opened));
      auto inner = esp::parse_plaintext_block(*opened);
      BOOST_TEST_REQUIRE(inner.ok(), m.name << ": " << why(inner));
      BOOST_TEST(std::string(inner->message.begin(), inner->message.end()) == m.text);
      datagram d;
      d.src_ip = m.from_terminal ? terminal_ip : edge_ip;
      d.dst_ip = m.from_terminal ? edge_ip : terminal_ip;
      d.payload = as_string(packet);
      d.ip_protocol = ip_protocol_esp;
      c.packets.push_back(d);
      c.expected_dissector.push_back(m.dissector);
      c.expected_spi.push_back(s.spi);
      c.expected_seq.push_back(seq);
    }
  }
  return c;
}

/// A Wireshark configuration directory with profile `k` holding `esp_sa`.
std::string write_profile(const std::string& dir, const std::string& esp_sa) {
  const std::filesystem::path profile = std::filesystem::path(dir) / "wireshark/profiles/k";
  std::filesystem::create_directories(profile);
  BOOST_TEST_REQUIRE(write_file((profile / "esp_sa").string(), esp_sa));
  return dir;
}

std::string tshark(const std::string& config, const std::string& pcap, const std::string& args) {
  return "XDG_CONFIG_HOME='" + config + "' tshark -n -r '" + pcap
         + "' -C k -o esp.enable_encryption_decode:TRUE"
           " -o esp.enable_authentication_check:TRUE "
         + args + " 2>/dev/null";
}

std::vector<std::string> split_tabs(const std::string& row) {
  std::vector<std::string> out(1);
  for (char ch : row) {
    if (ch == '\t')
      out.emplace_back();
    else
      out.back() += ch;
  }
  return out;
}

} // namespace

BOOST_AUTO_TEST_SUITE(esp_tshark)

BOOST_AUTO_TEST_CASE(the_inner_messages_are_valid_for_our_own_codecs) {
  BOOST_TEST(sip::parse(sip_options).ok());
  BOOST_TEST(sip::parse(sip_options_ok).ok());
  BOOST_TEST(mgcp::parse(mgcp_auep).ok());
  BOOST_TEST(mgcp::parse(mgcp_auep_ok).ok());
}

BOOST_AUTO_TEST_CASE(esp_packets_decrypt_authenticate_and_dissect_without_expert_info,
                     *boost::unit_test::precondition(tshark_present{"the ESP wire check"})) {
  const capture c = build_capture();
  const std::string base = std::string(NGN_BINARY_DIR) + "/esp_tshark_check";
  const std::string pcap = base + ".pcap";
  BOOST_TEST_REQUIRE(write_file(pcap, make_pcap(c.packets, esp_capture)));
  const std::string good = write_profile(base + "_good", c.keylog);

  // Every packet: its SPI and sequence number, a good ICV, the inner protocol dissected.
  auto fields = run(tshark(good, pcap,
                           "-T fields -E separator=/t -e frame.number -e esp.spi -e esp.sequence"
                           " -e esp.icv_good -e esp.icv_bad -e frame.protocols"));
  BOOST_TEST_REQUIRE(fields.status == 0);
  const std::vector<std::string> rows = lines(fields.out);
  BOOST_TEST_REQUIRE(rows.size() == c.packets.size(), fields.out);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const std::vector<std::string> f = split_tabs(rows[i]);
    BOOST_TEST_REQUIRE(f.size() == 6u, rows[i]);
    BOOST_TEST(f[0] == std::to_string(i + 1));
    BOOST_TEST(f[1] == "0x" + to_hex_number(c.expected_spi[i], 8), rows[i]);
    BOOST_TEST(f[2] == std::to_string(c.expected_seq[i]), rows[i]);
    BOOST_TEST(f[3] == "1", rows[i]);
    BOOST_TEST(f[4] == "0", rows[i]);
    const std::string& protocols = f[5];
    const std::string tail = ":esp:udp:" + c.expected_dissector[i];
    BOOST_TEST(protocols.size() >= tail.size(), rows[i]);
    BOOST_TEST(protocols.find(tail) != std::string::npos, rows[i]);
  }

  // The display filter of esp-and-lifecycle.md §2 keeps every packet.
  auto good_icv = run(tshark(good, pcap, "-Y 'esp.icv_good == 1' -T fields -e frame.number"));
  BOOST_TEST(lines(good_icv.out).size() == c.packets.size(), good_icv.out);

  // Zero expert infos: `tshark -q -z expert` prints nothing at all.
  auto expert = run(tshark(good, pcap, "-q -z expert"));
  BOOST_TEST(expert.status == 0);
  BOOST_TEST(expert.out.empty(), expert.out);
}

BOOST_AUTO_TEST_CASE(a_wrong_key_gives_a_bad_icv_and_never_a_good_one,
                     *boost::unit_test::precondition(tshark_present{"the ESP wire check"})) {
  const capture c = build_capture();
  const std::string base = std::string(NGN_BINARY_DIR) + "/esp_tshark_wrong_key";
  const std::string pcap = base + ".pcap";
  BOOST_TEST_REQUIRE(write_file(pcap, make_pcap(c.packets, esp_capture)));
  const std::string wrong = write_profile(base + "_config", c.wrong_keylog);
  const auto count = [&](const std::string& filter) {
    auto r = run(tshark(wrong, pcap, "-Y '" + filter + "' -T fields -e frame.number"));
    BOOST_TEST_REQUIRE(r.status == 0);
    return lines(r.out).size();
  };

  BOOST_TEST(count("esp.icv_good == 1") == 0u);
  // hmac-sha256 (NULL encryption): the inner message still dissects, the ICV is bad.
  BOOST_TEST(count("esp.icv_bad == 1 && (esp.spi == 0x1003 || esp.spi == 0x2004)")
             == c.packets.size() / 2);
  // aes-gcm: Wireshark decrypts to garbage and hands it to the dissector its "next header"
  // names; where that dissector throws (malformed), tshark never reaches the ICV item. Every
  // packet is one or the other.
  BOOST_TEST(count("esp.icv_bad == 1 || _ws.malformed") == c.packets.size());
  BOOST_TEST(count("esp.icv_bad == 1 && (esp.spi == 0x1001 || esp.spi == 0x2002)") > 0u);
}

BOOST_AUTO_TEST_CASE(esp_frames_carry_ip_protocol_50) {
  const std::string f =
    make_pcap({{terminal_ip, edge_ip, 0, 0, "SPIQ", {}, {}, ip_protocol_esp}}, esp_capture);
  BOOST_TEST_REQUIRE(f.size() == 24u + 16u + 14u + 20u + 4u); // no UDP header
  BOOST_TEST(static_cast<unsigned char>(f[24 + 16 + 14 + 9]) == 50u);
  BOOST_TEST(f.substr(f.size() - 4) == "SPIQ");
}

BOOST_AUTO_TEST_SUITE_END()
