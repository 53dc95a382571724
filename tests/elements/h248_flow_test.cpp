// The registration dialogue over H.248 (Megaco text, DESIGN.md §1.1, wire-bindings.md §4) through
// the pure state machines: the 3- and 4-element flows, every attack of attacks_test.cpp in H.248
// terms (each answered with an H.248 error and a persisted failure reason), and a tshark check of
// a whole 4-element flow. The outcomes every binding shares (keys, records, wrong key, unknown
// identity, replay, silent AuC, resynchronisation): every_binding_test.cpp.
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

bool replace(std::string& bytes, const std::string& from, const std::string& to) {
  auto pos = bytes.find(from);
  if (pos == std::string::npos) return false;
  bytes.replace(pos, from.size(), to);
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
  s.start_all();
  s.run();
  BOOST_REQUIRE(s.outcome(0));
  BOOST_TEST(s.outcome(0)->established, s.outcome(0)->reason);
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
}

BOOST_AUTO_TEST_CASE(four_elements_flow_on_the_wire) {
  scenario s{h248_proto, true};
  s.start_all();
  s.run();
  BOOST_REQUIRE(s.outcome(0));
  BOOST_TEST(s.outcome(0)->established, s.outcome(0)->reason);
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

BOOST_AUTO_TEST_CASE(wrong_kc_at_the_terminal_is_refused_with_402) {
  scenario s{h248_proto, false};
  s.give_wrong_key(0);
  s.start_all();
  s.run();
  BOOST_REQUIRE(s.outcome(0));
  // The Notify without a verification word, answered by a Notify reply with 402.
  BOOST_TEST(!contains(s.trace[3].bytes, "vw = "));
  BOOST_TEST(s.trace.back().from == scenario::ss_id);
  BOOST_TEST(contains(s.trace.back().bytes, "Notify = t1@ngn.example {"));
  BOOST_TEST(contains(s.trace.back().bytes, "Error = 402 {"));
}

BOOST_AUTO_TEST_CASE(wrong_verification_word_is_refused_as_mismatch) {
  for (bool proxy : {false, true}) {
    scenario s{h248_proto, proxy};
    tamper(s, scenario::first_terminal, proxy ? scenario::sp_id : scenario::ss_id,
           [](std::string& b) {
             if (contains(b, "Notify")) flip_hex(b, "vw", 3);
           });
    s.start_all();
    s.run();
    BOOST_REQUIRE(s.outcome(0));
    BOOST_TEST(!s.outcome(0)->established);
    BOOST_TEST(contains(s.outcome(0)->reason, "rejected: 403"), s.outcome(0)->reason);
    BOOST_TEST(contains(s.trace.back().bytes, "Error = 402 {"));
    BOOST_TEST(s.trace.back().to == scenario::first_terminal);
    auto failed = s.sink.sessions_in(session_state::failed);
    BOOST_REQUIRE_EQUAL(failed.size(), 1u);
    BOOST_TEST(s.sink.reason_of(failed[0]) == "verification words differ");
    // The Notify reply names the terminal: the proxy forgets the attempt at once.
    if (proxy) BOOST_TEST(s.sp->in_progress() == 0u);
  }
}

BOOST_AUTO_TEST_CASE(unknown_identity_is_rejected_with_430) {
  scenario s{h248_proto, true};
  s.make_unknown(0);
  s.start_all();
  s.run();
  BOOST_REQUIRE(s.outcome(0));
  BOOST_TEST(contains(s.trace.back().bytes, "ServiceChange = ROOT {"));
  BOOST_TEST(contains(s.trace.back().bytes, "Error = 430 {"));
  BOOST_TEST(contains(s.trace.back().bytes, "Reply = 35 {")); // the terminal's own id again
}

BOOST_AUTO_TEST_CASE(replayed_notify_is_answered_with_402) {
  scenario s{h248_proto, false};
  s.start_all();
  s.run();
  BOOST_REQUIRE(s.outcome(0) && s.outcome(0)->established);
  const std::string replay = s.trace[3].bytes;
  BOOST_REQUIRE(contains(replay, "Notify = "));
  s.inject(scenario::first_terminal + 7, scenario::ss_id, h248_proto, replay);
  s.deliver();
  BOOST_TEST(contains(s.trace.back().bytes, "Error = 402 {"));
}

BOOST_AUTO_TEST_CASE(tampered_wrapped_key_is_refused_by_the_terminal) {
  for (bool proxy : {false, true}) {
    scenario s{h248_proto, proxy};
    tamper(s, proxy ? scenario::sp_id : scenario::ss_id, scenario::first_terminal,
           [](std::string& b) { flip_hex(b, "ekey", 5); });
    s.start_all();
    s.run();
    BOOST_REQUIRE(s.outcome(0));
    BOOST_TEST(!s.outcome(0)->established);
    BOOST_TEST(contains(s.outcome(0)->reason, "E_Kc(SK) rejected"));
    // The refusal: a Reply to the key Modify with 402, the reason and RES as proof.
    const auto refusal = s.trace.back().bytes;
    BOOST_TEST(contains(refusal, "Error = 402 {"));
    BOOST_TEST(contains(refusal, "E_Kc(SK) rejected"));
    BOOST_TEST(contains(refusal, "ObservedEvents = "));
    BOOST_TEST(contains(refusal, "vw = "));
    BOOST_TEST(s.trace.back().to == scenario::ss_id);
    auto failed = s.sink.sessions_in(session_state::failed);
    BOOST_REQUIRE_EQUAL(failed.size(), 1u);
    BOOST_TEST(contains(s.sink.reason_of(failed[0]), "terminal refused the key"));
    BOOST_TEST(s.sink.sessions_in(session_state::established).empty());
    BOOST_TEST(s.ss.stats().refusals == 1u);
    if (proxy) BOOST_TEST(s.sp->session_key(s.subscriber(0).identity) == nullptr);
  }
}

BOOST_AUTO_TEST_CASE(tampered_mac_between_terminal_and_proxy_is_detected) {
  scenario s{h248_proto, true};
  tamper(s, scenario::sp_id, scenario::first_terminal,
         [](std::string& b) { flip_hex(b, "mac", 0); });
  s.start_all();
  s.run();
  BOOST_REQUIRE(s.outcome(0));
  BOOST_TEST(!s.outcome(0)->established);
  BOOST_TEST(contains(s.outcome(0)->reason, "message verification word mismatch"));
  auto failed = s.sink.sessions_in(session_state::failed);
  BOOST_REQUIRE_EQUAL(failed.size(), 1u);
  BOOST_TEST(contains(s.sink.reason_of(failed[0]), "message verification word"));
}

BOOST_AUTO_TEST_CASE(stripped_mechanism_in_the_request_is_detected_as_bidding_down) {
  scenario s{h248_proto, true};
  // A man in the middle removes aes-gcm from the terminal's X-SECM.
  bool stripped = false;
  tamper(s, scenario::first_terminal, scenario::sp_id, [&stripped](std::string& b) {
    stripped = replace(b, "X-SECM = " + full_list, "X-SECM = " + weak_list) || stripped;
  });
  s.start_all();
  s.run();
  BOOST_TEST(stripped);
  BOOST_REQUIRE(s.outcome(0));
  BOOST_TEST(!s.outcome(0)->established);
  BOOST_TEST(contains(s.outcome(0)->reason, "bidding-down"));
  auto failed = s.sink.sessions_in(session_state::failed);
  BOOST_REQUIRE_EQUAL(failed.size(), 1u);
  BOOST_TEST(contains(s.sink.reason_of(failed[0]), "bidding-down"));
}

BOOST_AUTO_TEST_CASE(altered_edge_list_is_caught_by_the_proxy_with_454) {
  scenario s{h248_proto, true};
  // The attacker shows the terminal a weaker edge list; the terminal mirrors it in secv.
  tamper(s, scenario::sp_id, scenario::first_terminal, [](std::string& b) {
    replace(b, "secs = " + full_list, "secs = " + weak_list);
  });
  s.start_all();
  s.run();
  BOOST_REQUIRE(s.outcome(0));
  BOOST_TEST(!s.outcome(0)->established);
  BOOST_TEST(contains(s.outcome(0)->reason, "494"));
  BOOST_TEST(s.sp->stats().sec_agree_mismatches == 1u);
  BOOST_TEST(any_sent_by(s, scenario::sp_id, "secagree = failed"));
  BOOST_TEST(contains(s.trace.back().bytes, "Error = 454 {"));
  auto failed = s.sink.sessions_in(session_state::failed);
  BOOST_REQUIRE_EQUAL(failed.size(), 1u);
  BOOST_TEST(contains(s.sink.reason_of(failed[0]), "Security-Verify"));
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
    s.start_all();
    s.run();
    BOOST_REQUIRE(s.outcome(0));
    BOOST_TEST(s.outcome(0)->established);
  }
}

BOOST_AUTO_TEST_CASE(silent_auc_gives_502) {
  scenario s{h248_proto, true};
  s.drop_auc = true;
  s.start_all();
  s.run(300 * ngn::seconds);
  BOOST_REQUIRE(s.outcome(0));
  BOOST_TEST(contains(s.trace.back().bytes, "Error = 502 {"));
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
  std::vector<dialogue::h248_wire::datagram> ds;
  auto collect = [&ds](const scenario& s) {
    for (const auto& r : s.trace) ds.push_back({ip_of(r.from), ip_of(r.to), r.bytes});
  };
  {
    scenario s{h248_proto, true};
    s.start_all();
    s.run();
    BOOST_REQUIRE(s.outcome(0) && s.outcome(0)->established);
    collect(s);
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
