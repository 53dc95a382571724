// What only H.248 (Megaco text, DESIGN.md §1.1, wire-bindings.md §4) shows of the registration:
// the 3- and 4-element flows on the wire, the terminal's priorities in xsec, the error replies to
// undecodable transactions, AUTS in a Notify, and a tshark check of a whole 4-element flow. Every
// case every protocol shares (keys, attacks, refusals, records): scenario_test.cpp.
#include "harness.hpp"

#include "tests/protocols/dialogue/h248_wire.hpp"

#include <boost/test/unit_test.hpp>

using namespace ngn;
using namespace ngn::test;
using storage::session_state;

namespace {

constexpr auto h248_proto = ngn::protocol::h248;

bool contains(const std::string& s, const std::string& what) {
  return s.find(what) != std::string::npos;
}

/// Edits the text of datagrams on the hop from → to for which `edit` returns true.
template <class Edit>
void tamper(scenario& s, elements::element_id from, elements::element_id to, Edit edit) {
  s.intercept = [=](elements::element_id f, elements::element_id t, std::string& bytes) {
    if (f == from && t == to) edit(bytes);
    return true;
  };
}

/// Flips one hex digit of the value of `name = <hex>` at `offset` in the value; false if absent.
bool flip_hex(std::string& bytes, const std::string& name, std::size_t offset) {
  auto pos = bytes.find(name + " = ");
  if (pos == std::string::npos) return false;
  char& c = bytes[pos + name.size() + 3 + offset];
  c = c == 'a' ? 'b' : 'a';
  return true;
}

/// Datagrams of the trace sent by `from`.
std::vector<std::string> sent_by(const scenario& s, elements::element_id from) {
  std::vector<std::string> v;
  for (const auto& r : s.trace)
    if (r.from == from) v.push_back(r.bytes);
  return v;
}

bool any_sent_by(const scenario& s, elements::element_id from, const std::string& what) {
  for (const auto& b : sent_by(s, from))
    if (contains(b, what)) return true;
  return false;
}

const std::string full_list = "\"aes-gcm;q=0.9 hmac-sha256;q=0.5\"";
const std::string weak_list = "\"hmac-sha256;q=0.5\"";

} // namespace

BOOST_AUTO_TEST_SUITE(h248_flow)

BOOST_AUTO_TEST_CASE(three_elements_flow_on_the_wire) {
  scenario s{h248_proto, false};
  BOOST_REQUIRE_MESSAGE(s.register_all(), s.failures());
  // ServiceChange; Reply + Modify (challenge); Reply; Notify; Reply + Modify (key); Reply.
  BOOST_REQUIRE_EQUAL(s.trace.size(), 6u);
  BOOST_TEST(contains(s.trace[0].bytes, "ServiceChange = ROOT"));
  BOOST_TEST(contains(s.trace[0].bytes, "X-SECM = " + full_list));
  BOOST_TEST(contains(s.trace[1].bytes, "xsec/chal"));
  BOOST_TEST(contains(s.trace[1].bytes, "secs = " + full_list));
  BOOST_TEST(contains(s.trace[2].bytes, "Modify = t1@ngn.example\r\n"));
  BOOST_TEST(contains(s.trace[3].bytes, "Notify = t1@ngn.example"));
  BOOST_TEST(contains(s.trace[3].bytes, "secv = " + full_list));
  BOOST_TEST(contains(s.trace[4].bytes, "xsec/key"));
  BOOST_TEST(contains(s.trace[4].bytes, "mac = "));
  BOOST_TEST(!contains(s.trace[4].bytes, "pkey = "));
  BOOST_TEST(s.trace[5].from == scenario::first_terminal);
  // The Reply to the key's Modify is the first message under the new SAs (DESIGN.md §1.2): ESP;
  // everything before it went in clear.
  for (std::size_t i = 0; i < 6; ++i) BOOST_TEST(s.trace[i].esp() == (i == 5));
  BOOST_TEST(contains(s.trace[5].bytes, "Reply = "));
  BOOST_TEST(!contains(s.trace[5].packet, "MEGACO/1")); // aes-gcm: encrypted
}

BOOST_AUTO_TEST_CASE(four_elements_flow_on_the_wire) {
  scenario s{h248_proto, true};
  BOOST_REQUIRE_MESSAGE(s.register_all(), s.failures());
  BOOST_REQUIRE_EQUAL(s.trace.size(), 12u);
  // The SS's challenge carries no edge list; the proxy adds its own and the chosen mechanism.
  BOOST_TEST(!contains(s.trace[2].bytes, "secs = "));
  BOOST_TEST(contains(s.trace[3].bytes, "secs = " + full_list));
  BOOST_TEST(contains(s.trace[3].bytes, "mech = aes-gcm"));
  // The key: the SS sends the proxy's copy; the proxy strips it and adds the MAC.
  const auto& ss_to_sp = s.trace[8];
  const auto& sp_to_t = s.trace[9];
  BOOST_TEST(ss_to_sp.from == scenario::ss_id);
  BOOST_TEST(contains(ss_to_sp.bytes, "pkey = "));
  BOOST_TEST(!contains(ss_to_sp.bytes, "mac = "));
  BOOST_TEST(sp_to_t.to == scenario::first_terminal);
  BOOST_TEST(!contains(sp_to_t.bytes, "pkey = "));
  BOOST_TEST(contains(sp_to_t.bytes, "mac = "));
  // The proxy's transaction ids on its hop, the terminal's restored on the way back.
  BOOST_TEST(contains(s.trace[0].bytes, "Transaction = 35 {"));
  BOOST_TEST(!contains(s.trace[1].bytes, "Transaction = 35 {"));
  BOOST_TEST(contains(s.trace[3].bytes, "Reply = 35 {"));
  // Only the terminal's Reply to the key travels under the SAs (to the proxy, its edge).
  std::size_t esp = 0;
  for (const auto& r : s.trace)
    if (r.esp()) {
      ++esp;
      BOOST_TEST(r.from == scenario::first_terminal);
      BOOST_TEST(r.to == scenario::sp_id);
    }
  BOOST_TEST(esp == 1u);
}

BOOST_AUTO_TEST_CASE(terminal_priorities_are_on_the_wire) {
  for (bool proxy : {false, true}) {
    scenario s{h248_proto, proxy};
    s.profile.offered = {{"hmac-sha256", 800}, {"aes-gcm", 300}};
    s.start_all();
    s.run();
    BOOST_REQUIRE(s.outcome(0));
    BOOST_TEST(contains(s.trace[0].bytes, "X-SECM = \"hmac-sha256;q=0.8 aes-gcm;q=0.3\""));
  }
}









BOOST_AUTO_TEST_CASE(malformed_h248_gets_an_error_reply_and_a_recorded_failure) {
  for (bool proxy : {false, true}) {
    scenario s{h248_proto, proxy};
    const auto to = proxy ? scenario::sp_id : scenario::ss_id;
    // A ServiceChange without the REQUIRED Reason (H.248.1 Annex B), and garbage.
    const std::string bad = "MEGACO/1 t9@ngn.example\r\n"
                            "Transaction = 7 {\r\n"
                            "  Context = - {\r\n"
                            "    ServiceChange = ROOT {\r\n"
                            "      Services {\r\n"
                            "        Method = Restart\r\n"
                            "      }\r\n"
                            "    }\r\n"
                            "  }\r\n"
                            "}\r\n";
    s.inject(scenario::first_terminal, to, h248_proto, bad);
    s.inject(scenario::first_terminal, to, h248_proto, std::string("\x00\xff garbage", 10));
    // A well-formed command that is not part of the dialogue: 501 Not Implemented.
    s.inject(scenario::first_terminal, to, h248_proto,
             "MEGACO/1 t9@ngn.example\r\nTransaction = 8 { Context = 5 { Subtract = t9 } }\r\n");
    s.deliver();
    const auto answerer = proxy ? scenario::sp_id : scenario::ss_id;
    BOOST_TEST(any_sent_by(s, answerer, "Reply = 7 {\r\n  Error = 400 {"));
    BOOST_TEST(any_sent_by(s, answerer, "Reply = 8 {\r\n  Error = 501 {"));
    BOOST_TEST(sent_by(s, answerer).size() == 2u); // the garbage gets no answer
    if (proxy) {
      BOOST_TEST(s.sp->stats().malformed == 3u);
    } else {
      BOOST_TEST(s.ss.stats().malformed == 3u);
      auto failed = s.sink.sessions_in(session_state::failed);
      BOOST_REQUIRE_EQUAL(failed.size(), 3u);
      BOOST_TEST(contains(s.sink.reason_of(failed[0]), "malformed h248 message"));
    }
    BOOST_REQUIRE_MESSAGE(s.register_all(), s.failures());
  }
}


BOOST_AUTO_TEST_CASE(sqn_out_of_range_sends_auts_and_gets_a_fresh_challenge) {
  for (bool proxy : {false, true}) {
    scenario s{h248_proto, proxy};
    s.terminal(0).set_sqn_ms(1'000'000);
    s.start_all();
    s.run();
    BOOST_REQUIRE(s.outcome(0));
    BOOST_TEST(any_sent_by(s, scenario::first_terminal, "auts = "));
    // Two challenges with distinct transaction ids (the second is not a retransmission).
    std::vector<std::string> challenge_tids;
    for (const auto& b : sent_by(s, proxy ? scenario::sp_id : scenario::ss_id)) {
      auto chal = b.find("xsec/chal");
      auto t = b.rfind("Transaction = ", chal);
      if (chal != std::string::npos && t != std::string::npos)
        challenge_tids.push_back(b.substr(t, b.find(' ', t + 14) - t));
    }
    BOOST_REQUIRE_EQUAL(challenge_tids.size(), 2u);
    BOOST_TEST(challenge_tids[0] != challenge_tids[1]);
  }
}

BOOST_AUTO_TEST_SUITE_END()

// -- wire check -------------------------------------------------------------------------------

namespace {

std::uint32_t ip_of(elements::element_id e) {
  if (e == scenario::ss_id) return 0x0a000001;                          // 10.0.0.1
  if (e == scenario::sp_id) return 0x0a000002;                          // 10.0.0.2
  return 0x0a010001 + static_cast<std::uint32_t>(e - scenario::first_terminal); // 10.1.0.x
}

} // namespace

BOOST_AUTO_TEST_SUITE(h248_wire)

BOOST_AUTO_TEST_CASE(four_element_flow_dissects_as_megaco_without_expert_infos,
                     *boost::unit_test::precondition(dialogue::h248_wire::tshark_precondition{})) {
  // A full 4-element registration, a key refusal and a rejection, all on UDP 2944.
  // An ESP packet (the terminal's Reply to the key, DESIGN.md §1.2) is written as the message it
  // carries, which is what tshark dissects once the key log decrypts it.
  std::vector<dialogue::h248_wire::datagram> ds;
  std::size_t esp = 0;
  auto collect = [&ds, &esp](const scenario& s) {
    for (const auto& r : s.trace) {
      if (r.esp()) {
        ++esp;
        BOOST_TEST(!r.bytes.empty()); // the key book opens it
      }
      ds.push_back({ip_of(r.from), ip_of(r.to), r.bytes});
    }
  };
  {
    scenario s{h248_proto, true};
    s.start_all();
    s.run();
    BOOST_REQUIRE(s.outcome(0) && s.outcome(0)->established);
    collect(s);
    BOOST_TEST(esp == 1u);
  }
  {
    scenario s{h248_proto, true};
    tamper(s, scenario::sp_id, scenario::first_terminal,
           [](std::string& b) { flip_hex(b, "ekey", 5); });
    s.start_all();
    s.run();
    collect(s);
  }
  {
    scenario s{h248_proto, true};
    s.make_unknown(0);
    s.start_all();
    s.run();
    collect(s);
  }
  const auto v =
    dialogue::h248_wire::dissect(ds, std::string(NGN_BINARY_DIR) + "/h248_flow_check.pcap");
  BOOST_TEST(v.expert.empty(), "tshark expert infos:\n" << v.expert);
  BOOST_TEST(v.frames == ds.size());
  BOOST_TEST(v.megaco == ds.size());
  // The error codes tshark sees: 402 (the refusal) and 430 (unknown identity).
  BOOST_TEST(contains(v.error_codes, "402"));
  BOOST_TEST(contains(v.error_codes, "430"));
}

BOOST_AUTO_TEST_SUITE_END()
