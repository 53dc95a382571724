// The trace of one registration per protocol (real messages, through trace_tap and pcap_writer)
// as tshark 4.0 sees it (DESIGN.md §6 "Wire"; reference/wire-bindings.md §0–§1): every packet
// dissected by its protocol's dissector, the AuC leg as plain UDP data, no expert info at all
// with checksum validation on, checksums good, timestamps in order, and every response matched
// to its request. Skipped, with a message, when tshark is not installed.
#include "nodes/trace_tap.hpp"
#include "tests/nodes/pcap_file.hpp"
#include "tests/nodes/trace_fixture.hpp"

#include <boost/test/unit_test.hpp>

using namespace ngn;
using namespace ngn::nodes;
using namespace ngn::nodes::test;

namespace {

struct tshark_precondition {
  boost::test_tools::assertion_result operator()(boost::unit_test::test_unit_id) {
    boost::test_tools::assertion_result r(tshark_available());
    if (!r) r.message() << "tshark not found: the pcap wire check is skipped";
    return r;
  }
};

/// Writes the fixture flow to `path` through the tap, 1 ms apart.
std::vector<fixture_message> write_flow(const std::string& path) {
  auto flow = fixture_flow();
  auto w = std::make_shared<pcap_writer>(path);
  std::int64_t now = 1700000000000000;
  tap_options o;
  o.clock = [&now] { return now += 1000; };
  trace_tap tap(fixture_addresses, w, o);
  for (const auto& m : flow) tap(m.envelope);
  w->close();
  BOOST_REQUIRE(w->stats().packets_written == flow.size());
  BOOST_REQUIRE(tap.untraced() == 0u);
  return flow;
}

/// tshark on `path` with checksum validation on; stderr dropped.
std::string tshark(const std::string& path, const std::string& args) {
  return run("tshark -n -r '" + path + "' -o ip.check_checksum:TRUE -o udp.check_checksum:TRUE "
             + args + " 2>/dev/null");
}

struct flow_file {
  temp_dir dir;
  std::string path = dir.file("flow.pcap");
  std::vector<fixture_message> flow = write_flow(path);
};

/// "response-frame\trequest-frame" lines (1-based) the fixture expects for `dissector`.
std::vector<std::string> expected_pairs(const std::vector<fixture_message>& flow,
                                        std::string_view dissector) {
  std::vector<std::string> v;
  for (std::size_t i = 0; i < flow.size(); ++i)
    if (flow[i].dissector == dissector && flow[i].request >= 0)
      v.push_back(std::to_string(i + 1) + "\t" + std::to_string(flow[i].request + 1));
  return v;
}

/// AuC message `m` with `session_id` and with `text` in its string field `field`.
template <class M>
auc::message with_ids(M m, const ngn::session_id& session_id, std::string M::*field,
                      const std::string& text) {
  m.session_id = session_id;
  m.*field = text;
  return m;
}

} // namespace

BOOST_AUTO_TEST_SUITE(pcap_tshark, *boost::unit_test::precondition(tshark_precondition{}))

BOOST_FIXTURE_TEST_CASE(each_packet_is_its_protocol, flow_file) {
  const auto got = lines(tshark(path, "-T fields -e frame.protocols"));
  BOOST_REQUIRE(got.size() == flow.size());
  for (std::size_t i = 0; i < got.size(); ++i)
    BOOST_TEST(got[i] == "eth:ethertype:ip:udp:" + std::string(flow[i].dissector),
               "frame " << i + 1);
}

BOOST_FIXTURE_TEST_CASE(no_expert_info_with_checksums_checked, flow_file) {
  const auto expert = tshark(path, "-q -z expert");
  BOOST_TEST(expert.find_first_not_of(" \r\n\t") == std::string::npos, "tshark said:\n" << expert);
  const auto sums = lines(tshark(path, "-T fields -e ip.checksum.status -e udp.checksum.status"));
  BOOST_REQUIRE(sums.size() == flow.size());
  for (std::size_t i = 0; i < sums.size(); ++i)
    BOOST_TEST(sums[i] == "1\t1", "frame " << i + 1 << " (1 = good)");
}

BOOST_FIXTURE_TEST_CASE(timestamps_in_order, flow_file) {
  const auto ts = lines(tshark(path, "-T fields -e frame.time_epoch"));
  BOOST_REQUIRE(ts.size() == flow.size());
  for (std::size_t i = 1; i < ts.size(); ++i)
    BOOST_TEST(std::stod(ts[i]) > std::stod(ts[i - 1]), "frame " << i + 1);
  BOOST_TEST(ts[0] == "1700000000.001000000");
}

BOOST_FIXTURE_TEST_CASE(responses_are_matched_to_requests, flow_file) {
  // SIP (Call-ID/CSeq), MGCP (transaction id) and RAS (requestSeqNum) mark the request frame.
  const struct {
    std::string_view dissector;
    std::string field;
  } matched[] = {{"sip", "sip.response-request"}, {"mgcp", "mgcp.reqframe"},
                 {"h225", "h225.ras.reqframe"}};
  for (const auto& m : matched) {
    const auto want = expected_pairs(flow, m.dissector);
    BOOST_TEST(!want.empty());
    const auto got = lines(tshark(path, "-Y " + m.field + " -T fields -e frame.number -e " + m.field));
    BOOST_TEST(got == want, boost::test_tools::per_element());
  }
  // Megaco pairs by transaction id in its response-time statistics, which need context
  // tracking on (the megaco and h248 ctx_info preferences).
  const auto rtd = tshark(path, "-o megaco.ctx_info:TRUE -o h248.ctx_info:TRUE -q -z megaco,rtd");
  const auto n = expected_pairs(flow, "megaco").size();
  BOOST_TEST(n == 4u);
  BOOST_TEST(rtd.find("Open requests: 0") != std::string::npos, rtd);
  BOOST_TEST(rtd.find("Discarded responses: 0") != std::string::npos, rtd);
  BOOST_TEST(rtd.find("ALL  |       " + std::to_string(n) + "    |") != std::string::npos, rtd);
}

BOOST_AUTO_TEST_CASE(every_auc_message_is_plain_udp_data) {
  // All four AuC messages with session ids around the byte boundaries and identities of 1 to
  // 120 characters (covering the lengths tshark's WireGuard heuristic looks for): no heuristic
  // dissector may claim one, and nothing may raise an expert info.
  temp_dir d;
  const auto path = d.file("auc.pcap");
  auto w = std::make_shared<pcap_writer>(path);
  trace_tap tap(fixture_addresses, w);
  // 128-bit session ids (issue 12 item 3): none, small numbers, the byte boundaries, all ones.
  std::vector<ngn::session_id> ids;
  for (const std::uint32_t v : {0u, 1u, 7u, 255u, 65535u, 0xffffffu, 0x1000000u, 0xffffffffu})
    ids.push_back(ngn::session_id::of_number(v));
  ngn::session_id ones;
  ones.bytes.fill(0xff);
  ids.push_back(ones);
  std::size_t n = 0;
  for (const auto& id : ids)
    for (std::size_t len = 1; len <= 120; ++len) {
      const std::string identity(len, '1');
      for (const auc::message& m :
           {with_ids(auc::auth_request{}, id, &auc::auth_request::identity, identity),
            with_ids(auc::auth_vector{}, id, &auc::auth_vector::detail, identity),
            with_ids(auc::resync_request{}, id, &auc::resync_request::identity, identity),
            with_ids(auc::auth_report{}, id, &auc::auth_report::identity, identity)}) {
        tap({fixture_auc, fixture_ss, elements::envelope_kind::auc, auc::encode(m)});
        ++n;
      }
    }
  w->close();
  BOOST_REQUIRE(w->stats().packets_written == n);
  const auto protocols = lines(tshark(path, "-T fields -e frame.protocols -e udp.port"));
  BOOST_REQUIRE(protocols.size() == n);
  std::size_t data = 0;
  for (const auto& l : protocols) data += l == "eth:ethertype:ip:udp:data\t7471,7471";
  BOOST_TEST(data == n);
  const auto expert = tshark(path, "-q -z expert");
  BOOST_TEST(expert.find_first_not_of(" \r\n\t") == std::string::npos, "tshark said:\n" << expert);
}

BOOST_AUTO_TEST_SUITE_END()
