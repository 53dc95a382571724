// Wire check of the RAS binding (DESIGN.md §6 "Wire"): whole registrations run through the
// scenario harness, every datagram of the trace is written as Ethernet/IPv4/UDP into a pcap
// (terminal 10.1.0.x, proxy 10.0.0.2, soft switch 10.0.0.1, UDP 1719 both sides,
// wire-bindings.md §1) and tshark 4.0 must dissect every frame as H.225.0 RAS with no expert
// info, and pair every response with its request. Skipped when tshark is not installed.
#include "tests/elements/harness.hpp"
#include "tests/protocols/ras/pcap_writer.hpp"

#include "protocols/dialogue/ras_util.hpp"
#include "protocols/ras/codec.hpp"

#include <boost/test/unit_test.hpp>

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <sstream>

using namespace ngn;
using namespace ngn::test;
namespace ru = ngn::dialogue::ras_util;

namespace {

constexpr auto ras_proto = ngn::protocol::h323;

std::array<std::uint8_t, 4> ip_of(elements::element_id id) {
  if (id == scenario::ss_id) return {10, 0, 0, 1};
  if (id == scenario::sp_id) return {10, 0, 0, 2};
  return {10, 1, 0, static_cast<std::uint8_t>(1 + (id - scenario::first_terminal))};
}

std::string run(const std::string& command) {
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> p(::popen(command.c_str(), "r"), &::pclose);
  if (!p) return "<popen failed>";
  std::string out;
  char buf[4096];
  std::size_t n = 0;
  while ((n = std::fread(buf, 1, sizeof buf, p.get())) > 0) out.append(buf, n);
  return out;
}

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

struct tshark_present {
  boost::test_tools::assertion_result operator()(boost::unit_test::test_unit_id) const {
    boost::test_tools::assertion_result ok(std::system("tshark -v > /dev/null 2>&1") == 0);
    if (!ok) ok.message() << "tshark is not installed: skipping the RAS wire check";
    return ok;
  }
};

/// Writes the trace of `s` as a pcap named `name`; returns its path.
std::string write(const scenario& s, const std::string& name) {
  std::vector<ras::test::udp_datagram> out;
  for (const auto& r : s.trace) {
    ras::test::udp_datagram d;
    d.src_ip = ip_of(r.from);
    d.dst_ip = ip_of(r.to);
    d.src_port = ru::ras_port;
    d.dst_port = ru::ras_port;
    d.payload.assign(r.bytes.begin(), r.bytes.end());
    out.push_back(std::move(d));
  }
  const std::string path = std::string(NGN_BINARY_DIR) + "/tests/protocols/dialogue/ras_" + name
                           + ".pcap";
  BOOST_TEST_REQUIRE(ras::test::write_pcap(path, out));
  return path;
}

std::string tshark(const std::string& path, const std::string& args) {
  // stderr is dropped: tshark warns there when run as root.
  return run("tshark -r '" + path + "' " + args + " 2>/dev/null");
}

/// Every frame is RAS, tshark has nothing to say, every response names its request frame.
void check(const scenario& s, const std::string& name, std::size_t responses) {
  BOOST_TEST_CONTEXT(name) {
    BOOST_TEST_REQUIRE(!s.trace.empty());
    const auto path = write(s, name);
    const auto all = lines(tshark(path, "-T fields -e frame.number"));
    BOOST_TEST_REQUIRE(all.size() == s.trace.size());
    const auto ras = lines(tshark(path, "-Y h225 -T fields -e frame.number"));
    BOOST_TEST(ras.size() == s.trace.size(), "tshark:\n" << tshark(path, ""));
    const std::string expert = tshark(path, "-q -z expert");
    BOOST_TEST(expert.find_first_not_of(" \n") == std::string::npos, "expert infos:\n" << expert);
    BOOST_TEST(
      tshark(path, "-Y \"_ws.malformed || _ws.expert\" -T fields -e frame.number").empty());
    const auto paired = lines(tshark(path, "-Y h225.ras.reqframe -T fields -e frame.number"));
    BOOST_TEST(paired.size() == responses, "tshark:\n" << tshark(path, ""));
  }
}

} // namespace

BOOST_AUTO_TEST_SUITE(ras_tshark_flows, *boost::unit_test::precondition(tshark_present()))

BOOST_AUTO_TEST_CASE(four_element_registration_dissects_cleanly) {
  scenario s{ras_proto, true};
  s.start_all();
  s.run();
  BOOST_REQUIRE(s.outcome(0) && s.outcome(0)->established);
  BOOST_REQUIRE_EQUAL(s.trace.size(), 8u);
  check(s, "four_elements", 4);
  // The fields as tshark reads them: the terminal's GRQ, the proxy's GRJ and RCF.
  const auto path = write(s, "four_elements");
  const auto rows = lines(tshark(path, "-T fields -E occurrence=f -e h225.RasMessage "
                                       "-e h225.h323_ID -e h235.challenge -e h235.random "
                                       "-e h225.rejectReason -e h235.algorithmOID"));
  BOOST_REQUIRE_EQUAL(rows.size(), 8u);
  BOOST_TEST(rows[0].rfind("0\tt1@ngn.example\t", 0) == 0u, rows[0]);  // GRQ with the alias
  BOOST_TEST(rows[3].rfind("2\t\t", 0) == 0u, rows[3]);                 // GRJ: challenge token
  BOOST_TEST(rows[3].find("\t4\t") != std::string::npos, rows[3]);     // securityDenial
  const auto rcf = lines(tshark(path, "-Y \"frame.number == 8\" -T fields -e h235.algorithmOID "
                                      "-e h235.hash -e h235.encryptedData"));
  BOOST_REQUIRE_EQUAL(rcf.size(), 1u);
  // id-aes128-wrap for E_Kc(SK), hmacWithSHA256 for the MAC (128 bits).
  BOOST_TEST(rcf[0].find("2.16.840.1.101.3.4.1.5") != std::string::npos, rcf[0]);
  BOOST_TEST(rcf[0].find("1.2.840.113549.2.9") != std::string::npos, rcf[0]);
}

BOOST_AUTO_TEST_CASE(three_element_registration_dissects_cleanly) {
  scenario s{ras_proto, false};
  s.start_all();
  s.run();
  BOOST_REQUIRE(s.outcome(0) && s.outcome(0)->established);
  check(s, "three_elements", 2);
}

BOOST_AUTO_TEST_CASE(resynchronisation_dissects_cleanly) {
  scenario s{ras_proto, true};
  s.terminal(0).set_sqn_ms(1'000'000);
  s.start_all();
  s.run();
  BOOST_REQUIRE(s.outcome(0) && s.outcome(0)->established);
  // GRQ/GRJ, RRQ (AUTS)/RRJ (fresh challenge), RRQ/RCF on both hops.
  BOOST_REQUIRE_EQUAL(s.trace.size(), 12u);
  check(s, "resync", 6);
}

BOOST_AUTO_TEST_CASE(failures_dissect_cleanly) {
  // Wrong key (0-bit verification word, RRJ 403), a refused key (URQ), a silent AuC (GRJ 504),
  // malformed input (GRJ 400).
  scenario wrong{ras_proto, false};
  wrong.give_wrong_key(0);
  wrong.start_all();
  wrong.run();
  check(wrong, "wrong_key", 2);

  scenario refused{ras_proto, true};
  refused.intercept = [](elements::element_id f, elements::element_id t, std::string& bytes) {
    if (f != scenario::sp_id || t != scenario::first_terminal) return true;
    auto m = ras::decode(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
    if (m && std::holds_alternative<ras::rcf>(*m)) {
      auto& rcf = std::get<ras::rcf>(*m);
      ru::erase_mac(rcf.crypto_tokens);
      bytes = ru::to_wire(*m);
    }
    return true;
  };
  refused.start_all();
  refused.run();
  BOOST_REQUIRE(refused.outcome(0) && !refused.outcome(0)->established);
  BOOST_REQUIRE_EQUAL(refused.trace.size(), 10u);  // + URQ on both hops
  check(refused, "refusal", 4);

  scenario silent{ras_proto, false};
  silent.drop_auc = true;
  silent.start_all();
  silent.run(20 * ngn::seconds);
  check(silent, "silent_auc", silent.trace.size() / 2);

  scenario bad{ras_proto, false};
  ras::grq no_alias;
  no_alias.request_seq_num = 9;
  no_alias.protocol_identifier = ru::ids().protocol;
  bad.inject(scenario::first_terminal, scenario::ss_id, ras_proto, ru::to_wire(no_alias));
  bad.deliver();
  BOOST_REQUIRE_EQUAL(bad.trace.size(), 2u);
  check(bad, "malformed", 1);
}

BOOST_AUTO_TEST_SUITE_END()
