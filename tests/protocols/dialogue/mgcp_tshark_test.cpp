// Wire check of the MGCP binding (DESIGN.md §6 "Wire"): whole registrations run through the
// scenario harness, every datagram of the trace is written as Ethernet/IPv4/UDP into a pcap
// (terminal 10.1.0.x:2427 = gateway, proxy 10.0.0.2:2727, soft switch 10.0.0.1:2727 = call
// agent, wire-bindings.md §1) and tshark 4.0 must dissect every frame as MGCP with no expert
// info, every X- line as an extension parameter and every response paired with its command.
// Skipped with a message when tshark is not installed.
#include "tests/elements/harness.hpp"

#include "protocols/dialogue/binding.hpp"

#include "tests/protocols/tshark.hpp"
#include "tests/protocols/udp_pcap.hpp"

#include <boost/test/unit_test.hpp>

#include <cstdlib>
#include <string>
#include <vector>

using namespace ngn;
using namespace ngn::test;

namespace {

struct endpoint {
  pcap_test::ipv4_address ip;
  std::uint16_t port;
};

/// The terminals are gateways on 10.1.0.x:2427, the soft switch and the proxy call agents on
/// 10.0.0.1 and 10.0.0.2, port 2727.
endpoint endpoint_of(elements::element_id id) {
  if (id == scenario::ss_id) return {{10, 0, 0, 1}, 2727};
  if (id == scenario::sp_id) return {{10, 0, 0, 2}, 2727};
  const auto n = static_cast<std::uint32_t>(id - scenario::first_terminal) + 1;
  return {{10, 1, static_cast<std::uint8_t>(n >> 8), static_cast<std::uint8_t>(n & 0xff)}, 2427};
}

pcap_test::datagram datagram_of(const scenario::record& r) {
  const auto from = endpoint_of(r.from);
  const auto to = endpoint_of(r.to);
  return {from.ip, to.ip, from.port, to.port, r.bytes};
}

/// A classic pcap file (LINKTYPE_ETHERNET) of `datagrams`, one frame each.
void write_pcap(const std::string& path, const std::vector<scenario::record>& datagrams) {
  std::vector<pcap_test::datagram> ds;
  for (const auto& r : datagrams) ds.push_back(datagram_of(r));
  BOOST_REQUIRE(pcap_test::write_file(path, pcap_test::make_pcap(ds, {1'700'000'001, true})));
}

bool have_tshark() { return std::system("command -v tshark >/dev/null 2>&1") == 0; }

std::string run(const std::string& cmd) { return pcap_test::run(cmd).out; }

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

/// Runs a whole MGCP flow (through the proxy or not), set up by `prepare` before it starts: its
/// trace must have `frames` datagrams and pass check_with_tshark.
template <class Prepare>
void check_flow(const std::string& name, bool via_proxy, std::size_t frames, Prepare&& prepare) {
  scenario s{ngn::protocol::mgcp, via_proxy};
  prepare(s);
  s.start_all();
  s.run();
  BOOST_TEST(s.trace.size() == frames);
  check_with_tshark(s.trace, name);
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
  // wrong Kc: NTFY with an empty X-RESP, RQNT X-RSLT 403
  check_flow("mgcp_binding_wrong_key", false, 8, [](scenario& s) { s.give_wrong_key(0); });
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
  // unknown identity: RQNT X-RSLT 404 through the proxy
  check_flow("mgcp_binding_unknown", true, 8, [](scenario& s) { s.make_unknown(0); });
}

BOOST_AUTO_TEST_SUITE_END()
