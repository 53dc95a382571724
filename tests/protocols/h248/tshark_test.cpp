// Wire check with an independent dissector (DESIGN.md §6): the encoder's golden and extra
// messages, wrapped in Ethernet/IPv4/UDP 2944 <-> 2944, must dissect as Megaco in tshark with no
// expert info (reference/wire-bindings.md §0, §1). Skipped, with a message, without tshark.
#include "tests/protocols/h248/golden.hpp"
#include "tests/protocols/tshark.hpp"
#include "tests/protocols/udp_pcap.hpp"

#include <boost/test/unit_test.hpp>


using namespace ngn;
using namespace ngn::h248;
using namespace ngn::pcap_test;

namespace {

constexpr ipv4_address mg_ip = {192, 0, 2, 10};
constexpr ipv4_address mgc_ip = {192, 0, 2, 1};

/// Megaco on UDP 2944 both ways, UDP checksums, from 2010-11-13T23:29:00Z.
constexpr capture_options h248_capture = {1289690940, true};

struct wire_case {
  message model;
  std::string transid;    // expected megaco.transid ("" for none)
  std::string error_code; // expected megaco.error_code ("" for none)
};

std::vector<wire_case> cases() {
  std::vector<wire_case> v;
  for (const auto& s : golden::all()) {
    message m = s.model();
    std::string tid = std::to_string(transaction_id(m.transactions.front()));
    const error_descriptor* e = find_error(m);
    v.push_back({m, tid, e ? std::to_string(e->error_code) : ""});
  }
  v.push_back({make_error_reply(golden::mgc, 2004, error_descriptor{402, "Unauthorized"}), "2004",
               "402"});
  message pending;
  pending.mid = golden::mg;
  pending.transactions.push_back(transaction_pending{2005});
  v.push_back({pending, "2005", ""});
  message body_error;
  body_error.mid = golden::mgc;
  body_error.error = error_descriptor{400, "Syntax Error"};
  v.push_back({body_error, "", "400"});
  v.push_back({make_reply(golden::mgc, 1003,
                          make_service_change_reply("ROOT", error_descriptor{501, ""})),
               "1003", "501"});
  xsec::response r;
  r.vw = golden::hex("13f913040dca2c9afafa2c7437b68a77");
  r.secm = {{"aes-gcm", 1000}, {"hmac-sha256", 500}};
  v.push_back({make_request(golden::mg, 1004,
                            make_notify("A4444", 2222, {xsec::make_resp(r)})),
               "1004", ""});
  xsec::challenge c;
  c.rand = golden::hex("8f3c1a9d2b7e4f60a1c5d9e8b7a6f5e4");
  c.autn = golden::hex("a1c5d9e8b7a6f5e48f3c1a9d2b7e4f60");
  c.mech = "aes-gcm";
  v.push_back({make_request(golden::mgc, 2006,
                            make_modify("A4444",
                                        make_events(2223, {xsec::make_resp_request(r.secm)}),
                                        make_signals({xsec::make_chal(c)}))),
               "2006", ""});
  return v;
}

} // namespace

BOOST_AUTO_TEST_SUITE(h248_tshark)

BOOST_AUTO_TEST_CASE(encoded_messages_dissect_without_expert_info,
                     *boost::unit_test::precondition(tshark_present{"the H.248 wire check"})) {
  std::vector<datagram> packets;
  std::vector<wire_case> all = cases();
  for (const wire_case& c : all) {
    auto text = encode(c.model);
    BOOST_TEST_REQUIRE(text.ok());
    bool from_mg = c.model.mid == golden::mg;
    packets.push_back({from_mg ? mg_ip : mgc_ip, from_mg ? mgc_ip : mg_ip, 2944, 2944, *text});
  }
  const std::string pcap = std::string(NGN_BINARY_DIR) + "/h248_tshark_check.pcap";
  BOOST_TEST_REQUIRE(write_file(pcap, make_pcap(packets, h248_capture)));

  // Zero expert infos: `tshark -q -z expert` prints nothing at all.
  auto expert = run("tshark -n -r '" + pcap + "' -q -z expert 2>/dev/null");
  BOOST_TEST(expert.status == 0);
  BOOST_TEST(expert.out.empty(), expert.out);

  // Every frame is Megaco, with the expected transaction id and error code.
  auto fields = run("tshark -n -r '" + pcap
                    + "' -Y megaco -T fields -E separator=/t -e frame.number -e megaco.transid"
                      " -e megaco.error_code 2>/dev/null");
  BOOST_TEST_REQUIRE(fields.status == 0);
  std::vector<std::string> rows = lines(fields.out);
  BOOST_TEST_REQUIRE(rows.size() == all.size(), fields.out);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    std::string expected =
      std::to_string(i + 1) + "\t" + all[i].transid + "\t" + all[i].error_code;
    BOOST_TEST(rows[i] == expected);
  }

  // The xsec items show up as pkgdNames.
  auto names =
    run("tshark -n -r '" + pcap + "' -Y megaco -T fields -e megaco.pkgdname 2>/dev/null");
  BOOST_TEST(names.out.find("xsec/chal") != std::string::npos);
  BOOST_TEST(names.out.find("xsec/key") != std::string::npos);
  BOOST_TEST(names.out.find("20101113T23290000:xsec/resp") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(pcap_writer_checksums) {
  // The IPv4 header checksum of the first frame verifies to zero (RFC 1071).
  std::string f = make_pcap({{mg_ip, mgc_ip, 2944, 2944, "x"}}, h248_capture);
  BOOST_TEST_REQUIRE(f.size() == 24u + 16u + 14u + 20u + 8u + 1u);
  std::uint32_t sum = 0;
  for (std::size_t i = 24 + 16 + 14; i < 24 + 16 + 14 + 20; i += 2)
    sum += (std::uint32_t(std::uint8_t(f[i])) << 8) | std::uint8_t(f[i + 1]);
  while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
  BOOST_TEST(sum == 0xffffu);
}

BOOST_AUTO_TEST_SUITE_END()
