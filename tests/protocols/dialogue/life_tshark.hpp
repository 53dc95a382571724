// Test-only: the wire check of the registration's life (DESIGN.md §6 "Wire", §1.2) shared by the
// SIP and MGCP binding tests: datagrams between a terminal (10.1.0.1) and its edge (10.0.0.1)
// written as a pcap, then tshark 4.0 must dissect every frame as the protocol with no expert
// info and pair every response with its request.
#pragma once

#include "tests/protocols/tshark.hpp"
#include "tests/protocols/udp_pcap.hpp"

#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

namespace ngn::life_test {

/// One datagram of the capture: from the terminal (else from the edge) with these bytes.
struct hop {
  bool from_terminal = true;
  std::string bytes;
};

/// What tshark must see: every frame dissected by `filter` ("sip", "mgcp"), `responses` frames
/// carrying `reqframe_field` (sip.response-request, mgcp.reqframe), no expert info.
struct wire_expectation {
  std::string filter;
  std::string reqframe_field;
  std::size_t responses = 0;
};

inline std::string tshark(const std::string& pcap, const std::string& args) {
  // stderr is dropped: tshark warns there when run as root.
  return pcap_test::run("tshark -n -r '" + pcap + "' " + args + " 2>/dev/null").out;
}

/// Writes `hops` as `<build>/tests/protocols/dialogue/<name>.pcap` (terminal 10.1.0.1:`port_t`,
/// edge 10.0.0.1:`port_e`), checks tshark's dissection, returns the path.
inline std::string check_wire(const std::vector<hop>& hops, const std::string& name,
                              std::uint16_t port_t, std::uint16_t port_e,
                              const wire_expectation& e) {
  std::vector<pcap_test::datagram> ds;
  for (const auto& h : hops) {
    pcap_test::datagram d;
    const pcap_test::ipv4_address t{10, 1, 0, 1}, edge{10, 0, 0, 1};
    d.src_ip = h.from_terminal ? t : edge;
    d.dst_ip = h.from_terminal ? edge : t;
    d.src_port = h.from_terminal ? port_t : port_e;
    d.dst_port = h.from_terminal ? port_e : port_t;
    if (!h.from_terminal) std::swap(d.src_mac, d.dst_mac);
    d.payload = h.bytes;
    ds.push_back(std::move(d));
  }
  const std::string path =
    std::string(NGN_BINARY_DIR) + "/tests/protocols/dialogue/" + name + ".pcap";
  BOOST_TEST_REQUIRE(pcap_test::write_file(path, pcap_test::make_pcap(ds, {})));
  BOOST_TEST_CONTEXT("capture " << path) {
    const auto all = pcap_test::lines(tshark(path, "-T fields -e frame.number"));
    BOOST_TEST(all.size() == hops.size());
    const auto ours =
      pcap_test::lines(tshark(path, "-Y " + e.filter + " -T fields -e frame.number"));
    BOOST_TEST(ours.size() == hops.size(), "tshark:\n" << tshark(path, ""));
    const std::string expert = tshark(path, "-q -z expert");
    BOOST_TEST(expert.find_first_not_of(" \n") == std::string::npos, "expert infos:\n" << expert);
    BOOST_TEST(
      tshark(path, "-Y \"_ws.malformed || _ws.expert\" -T fields -e frame.number").empty());
    const auto paired =
      pcap_test::lines(tshark(path, "-Y " + e.reqframe_field + " -T fields -e frame.number"));
    BOOST_TEST(paired.size() == e.responses, "tshark:\n" << tshark(path, ""));
  }
  return path;
}

} // namespace ngn::life_test
