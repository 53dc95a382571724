// Independent oracle: the encoder's output, written as Ethernet/IPv4/UDP 1719 ↔ 1719 into a pcap,
// must dissect in tshark as H.225.0 RAS with no expert info and with the field values we encoded
// (wire-bindings.md §0, §1, §5). Skipped when tshark is not installed.
#include "tests/protocols/ras/pcap_writer.hpp"
#include "tests/protocols/ras/ras_samples.hpp"
#include "tests/protocols/tshark.hpp"

#include <boost/test/unit_test.hpp>

#include <algorithm>

using namespace ngn;
using namespace ngn::ras;
using namespace ngn::ras::test;
using namespace ngn::pcap_test;

namespace {

const std::array<std::uint8_t, 4> terminal_ip = {192, 0, 2, 10};
const std::array<std::uint8_t, 4> switch_ip = {192, 0, 2, 1};

struct frame_spec {
  ras_message message;
  bool from_terminal;
};

/// The registration flow of wire-bindings.md §5.5 plus a GRQ with mechanism priorities in
/// genericData, a GCF answering it, a rejected registration (RRJ securityDenial), and the
/// unregistration family (URQ → UCF, URQ with RES → URJ).
std::vector<frame_spec> flow() {
  std::vector<frame_spec> out;
  out.push_back({golden_grq_model(), true});   // 1: GRQ seq 1
  out.push_back({golden_grj_model(), false});  // 2: GRJ seq 1
  out.push_back({golden_rrq_model(), true});   // 3: RRQ seq 2
  out.push_back({golden_rcf_model(), false});  // 4: RCF seq 2

  gatekeeper_request grq = golden_grq_model();  // 5: GRQ seq 3 with priorities
  grq.request_seq_num = 3;
  grq.endpoint_alias->push_back(dialled_digits{"5551001#"});
  grq.generic_data = std::vector<generic_data>{priorities_generic_data()};
  out.push_back({grq, true});

  gatekeeper_confirm gcf;  // 6: GCF seq 3 with the chosen mechanism
  gcf.request_seq_num = 3;
  gcf.protocol_identifier = h225_protocol_identifier(4);
  gcf.gatekeeper_identifier = u"SS1";
  gcf.ras_address = ipv4(192, 0, 2, 1, 1719);
  gcf.authentication_mode = auth_mechanism::pwd_hash;
  gcf.algorithm_oid = oid("0.0.8.235.0.2.6");
  out.push_back({gcf, false});

  registration_request rrq = golden_rrq_model();  // 7: RRQ seq 4 with a wrong verification word
  rrq.request_seq_num = 4;
  std::get<crypto_ep_pwd_hash>(rrq.crypto_tokens->at(0)).token.hash.data[0] ^= 0xFF;
  out.push_back({rrq, true});

  registration_reject rrj;  // 8: RRJ seq 4, securityDenial
  rrj.request_seq_num = 4;
  rrj.protocol_identifier = h225_protocol_identifier(4);
  rrj.reject_reason = registration_reject_code::security_denial;
  rrj.gatekeeper_identifier = u"SS1";
  clear_token t;
  t.token_oid = oid("0.0.8.235.0.2.1");
  t.time_stamp = 1700000003;
  t.general_id = u"SS1";
  rrj.tokens = std::vector<clear_token>{t};
  out.push_back({rrj, false});

  gatekeeper_request minimal = golden_grq_minimal_model();  // 9: minimal GRQ (§5.4), seq 5
  minimal.request_seq_num = 5;
  out.push_back({minimal, true});

  unregistration_request urq = golden_urq_model();  // 10: URQ seq 6 (key refusal) → 11: UCF
  urq.request_seq_num = 6;
  out.push_back({urq, true});
  unregistration_confirm ucf = golden_ucf_model();
  ucf.request_seq_num = 6;
  out.push_back({ucf, false});
  urq.request_seq_num = 7;  // 12: URQ seq 7 proving RES, with the reason → 13: URJ
  urq.crypto_tokens = golden_rrq_model().crypto_tokens;
  urq.tokens = std::vector<clear_token>{t};
  out.push_back({urq, true});
  unregistration_reject urj = golden_urj_model();
  urj.request_seq_num = 7;
  out.push_back({urj, false});
  return out;
}

/// Column `col` (0-based, tab-separated) of every line.
std::vector<std::string> column(const std::vector<std::string>& rows, std::size_t col) {
  std::vector<std::string> out;
  for (const auto& row : rows) {
    std::size_t start = 0;
    for (std::size_t i = 0; i < col && start != std::string::npos; ++i) {
      start = row.find('\t', start);
      if (start != std::string::npos) ++start;
    }
    if (start == std::string::npos) {
      out.emplace_back("<missing>");
      continue;
    }
    out.push_back(row.substr(start, row.find('\t', start) - start));
  }
  return out;
}

const std::string pcap_path = std::string(NGN_BINARY_DIR) + "/tests/protocols/ras/ras_tshark_flow.pcap";

/// Writes the pcap once per test case (cheap) and returns tshark's output for `args`.
std::string tshark(const std::string& args) {
  std::vector<udp_datagram> datagrams;
  for (const auto& f : flow()) {
    auto e = encode(f.message);
    BOOST_TEST_REQUIRE(e.ok(), (e.ok() ? "" : e.error().describe()));
    udp_datagram d;
    d.src_ip = f.from_terminal ? terminal_ip : switch_ip;
    d.dst_ip = f.from_terminal ? switch_ip : terminal_ip;
    d.payload = *e;
    datagrams.push_back(d);
  }
  BOOST_TEST_REQUIRE(write_pcap(pcap_path, datagrams));
  // stderr is dropped: tshark warns there when run as root.
  return run("tshark -r '" + pcap_path + "' " + args + " 2>/dev/null").out;
}

} // namespace

BOOST_AUTO_TEST_SUITE(ras_tshark,
                       *boost::unit_test::precondition(tshark_present{"the tshark oracle"}))

BOOST_AUTO_TEST_CASE(every_frame_dissects_as_the_ras_message_we_encoded) {
  const auto rows = lines(tshark("-Y h225 -T fields -e frame.number -e h225.RasMessage "
                                 "-e h225.requestSeqNum -e h225.ras.reqframe"));
  BOOST_TEST_REQUIRE(rows.size() == 13u, "tshark output:\n" << tshark("-Y h225"));
  // RasMessage alternative indexes: GRQ 0, GCF 1, GRJ 2, RRQ 3, RCF 4, RRJ 5, URQ 6, UCF 7, URJ 8.
  const std::vector<std::string> expected = {
    "1\t0\t1\t", "2\t2\t1\t1", "3\t3\t2\t", "4\t4\t2\t3", "5\t0\t3\t",
    "6\t1\t3\t5", "7\t3\t4\t", "8\t5\t4\t7", "9\t0\t5\t",
    "10\t6\t6\t", "11\t7\t6\t10", "12\t6\t7\t", "13\t8\t7\t12"};
  BOOST_TEST(rows == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(tshark_reports_no_expert_info) {
  BOOST_TEST_REQUIRE(lines(tshark("-T fields -e frame.number")).size() == 13u);  // file was read
  const std::string expert = tshark("-q -z expert");
  BOOST_TEST(expert.find_first_not_of(" \n") == std::string::npos, "expert infos:\n" << expert);
  BOOST_TEST(tshark("-Y \"_ws.malformed || _ws.expert\" -T fields -e frame.number").empty());
}

BOOST_AUTO_TEST_CASE(field_values_match_the_models) {
  const auto rows = lines(tshark(
    "-Y h225 -T fields -e h225.rejectReason -e h225.number8 -e h225.standard "
    "-e h225.dialledDigits -e h225.h323_ID -e h225.gatekeeperIdentifier "
    "-e h225.endpointIdentifier -e h225.timeToLive -e h235.tokenOID -e h235.challenge "
    "-e h235.random -e h235.sendersID -e h235.hash -e h235.encryptedData -e h225.protocolIdentifier "
    "-e h225.reason"));
  BOOST_TEST_REQUIRE(rows.size() == 13u);
  auto col = [&](std::size_t c) { return column(rows, c); };
  const std::string challenge = dump(challenge16());
  auto compact = [](std::string h) {
    h.erase(std::remove(h.begin(), h.end(), ' '), h.end());
    return h;
  };
  // rejectReason: GRJ securityDenial = 4 (4 root + 0), RRJ securityDenial = 11 (8 root + 3),
  // URJ securityDenial = 4 (3 root + 1)
  BOOST_TEST(col(0) == (std::vector<std::string>{"", "4", "", "", "", "", "", "11", "", "", "",
                                                 "", "4"}),
             boost::test_tools::per_element());
  // E_Kc(SK) in ClearToken.h235Key sharedSecret (RCF)
  const std::string wrapped_key =
    compact(dump(std::get<encrypted>(*golden_rcf_model().tokens->at(0).h235_key).encrypted_data));
  struct cell {
    std::size_t column, row;  // row i is frame i + 1
    std::string value;
  };
  const cell cells[] = {
    // mechanism priorities in genericData (frame 5)
    {1, 4, "3,2,1"}, {2, 4, "1,2,3"}, {3, 4, "5551001#"},
    {4, 0, "1001"}, {5, 1, "SS1"}, {5, 7, "SS1"}, {6, 3, "EP-1001"}, {7, 2, "3600"},
    {8, 1, "0.0.8.235.0.2.1"},  // chosen mechanism (GRJ)
    {8, 3, "0.0.8.235.0.2.5,0.0.8.235.0.2.1,0.0.8.235.0.2.5"},
    {9, 1, compact(challenge)}, {9, 2, compact(challenge)},
    {10, 1, "305441741"},  // 0x1234abcd
    {11, 3, "SS1,PROXY1"},
    // verification word (RRQ), proxy MAC (RCF), the wrong word of frame 7
    {12, 2, "13f913040dca2c9afafa2c7437b68a77"}, {12, 3, "2b7e151628aed2a6abf71588"},
    {12, 6, "ecf913040dca2c9afafa2c7437b68a77"},
    {13, 3, wrapped_key},
    // The URQs (no protocolIdentifier): reason securityDenial (2), alias, endpointIdentifier,
    // gatekeeperIdentifier, and in frame 12 the verification word.
    {15, 9, "2"}, {15, 11, "2"}, {4, 9, "1001"}, {6, 9, "EP-1001"}, {5, 9, "SS1"},
    {12, 11, "13f913040dca2c9afafa2c7437b68a77"}, {14, 9, ""},
  };
  for (const auto& c : cells)
    BOOST_TEST(col(c.column)[c.row] == c.value, "column " << c.column << ", row " << c.row);
  for (std::size_t i = 0; i < 9; ++i) BOOST_TEST(col(14)[i] == "0.0.8.2250.0.4");
}

BOOST_AUTO_TEST_CASE(golden_messages_are_what_we_send) {
  // The pcap's payloads are our encodings; the §5.5 ones must be the tshark-checked octets.
  auto gs = goldens();
  BOOST_TEST(dump(*encode(flow()[0].message)) == dump(gs[1].encoding));
  BOOST_TEST(dump(*encode(flow()[1].message)) == dump(gs[2].encoding));
  BOOST_TEST(dump(*encode(flow()[2].message)) == dump(gs[3].encoding));
  BOOST_TEST(dump(*encode(flow()[3].message)) == dump(gs[4].encoding));
}

BOOST_AUTO_TEST_SUITE_END()
