// Bad input and attacks against the SIP flow (issue: each with a persisted failure reason):
// wrong key, unknown identity, replay, tampering with E_Kc(SK), the MAC or the mechanism lists,
// malformed messages. The outcomes every binding shares (wrong key, unknown identity, replay,
// silent AuC, SQN resynchronisation): every_binding_test.cpp.
#include "harness.hpp"

#include "protocols/sip/message.hpp"

#include <boost/test/unit_test.hpp>

using namespace ngn;
using namespace ngn::test;
using storage::session_state;

namespace {

/// Tampers with SIP datagrams matching `pred` on the hop from → to.
template <class Edit>
void tamper(scenario& s, elements::element_id from, elements::element_id to, Edit edit) {
  s.intercept = [=](elements::element_id f, elements::element_id t, std::string& bytes) {
    if (f != from || t != to) return true;
    auto m = sip::parse(bytes);
    if (!m) return true;
    if (edit(*m)) bytes = sip::encode(*m);
    return true;
  };
}

bool contains(const std::string& s, const std::string& what) {
  return s.find(what) != std::string::npos;
}

} // namespace

BOOST_AUTO_TEST_SUITE(attacks)

BOOST_AUTO_TEST_CASE(wrong_kc_at_the_terminal_is_refused_with_403) {
  scenario s{ngn::protocol::sip, false};
  s.give_wrong_key(0);
  s.start_all();
  s.run();
  BOOST_REQUIRE(s.outcome(0));
  BOOST_TEST(contains(s.trace.back().bytes, "SIP/2.0 403"));
}

BOOST_AUTO_TEST_CASE(wrong_response_is_refused_as_verification_mismatch) {
  scenario s{ngn::protocol::sip, false};
  tamper(s, scenario::first_terminal, scenario::ss_id, [](sip::message& m) {
    if (!m.authorization) return false;
    m.authorization->set("response", "00000000000000000000000000000000", true);
    return true;
  });
  s.start_all();
  s.run();
  BOOST_REQUIRE(s.outcome(0));
  BOOST_TEST(!s.outcome(0)->established);
  BOOST_TEST(contains(s.outcome(0)->reason, "403"));
  auto failed = s.sink.sessions_in(session_state::failed);
  BOOST_REQUIRE_EQUAL(failed.size(), 1u);
  BOOST_TEST(s.sink.reason_of(failed[0]) == "verification words differ");
}

BOOST_AUTO_TEST_CASE(replayed_register_is_answered_with_403) {
  scenario s{ngn::protocol::sip, false};
  s.start_all();
  s.run();
  BOOST_REQUIRE(s.outcome(0) && s.outcome(0)->established);
  // An eavesdropper replays the REGISTER with Authorization after the session completed.
  const std::string replay = s.trace[2].bytes;
  BOOST_REQUIRE(contains(replay, "Authorization:"));
  s.inject(scenario::first_terminal + 7, scenario::ss_id, ngn::protocol::sip, replay);
  s.deliver();
  BOOST_TEST(contains(s.trace.back().bytes, "SIP/2.0 403"));
}

BOOST_AUTO_TEST_CASE(tampered_wrapped_key_is_refused_by_the_terminal) {
  for (bool proxy : {false, true}) {
    scenario s{ngn::protocol::sip, proxy};
    const auto hop_from = proxy ? scenario::sp_id : scenario::ss_id;
    tamper(s, hop_from, scenario::first_terminal, [](sip::message& m) {
      if (!m.authentication_info) return false;
      std::string skey{m.authentication_info->value("skey")};
      skey[5] = skey[5] == 'a' ? 'b' : 'a';
      m.authentication_info->set("skey", skey, true);
      return true;
    });
    s.start_all();
    s.run();
    BOOST_REQUIRE(s.outcome(0));
    BOOST_TEST(!s.outcome(0)->established);
    BOOST_TEST(contains(s.outcome(0)->reason, "E_Kc(SK) rejected"));
    auto failed = s.sink.sessions_in(session_state::failed);
    BOOST_REQUIRE_EQUAL(failed.size(), 1u);
    BOOST_TEST(contains(s.sink.reason_of(failed[0]), "terminal refused the key"));
    BOOST_TEST(s.sink.sessions_in(session_state::established).empty());
  }
}

BOOST_AUTO_TEST_CASE(tampered_mac_between_terminal_and_proxy_is_detected) {
  scenario s{ngn::protocol::sip, true};
  tamper(s, scenario::sp_id, scenario::first_terminal, [](sip::message& m) {
    if (!m.authentication_info) return false;
    std::string mac{m.authentication_info->value("mac")};
    mac[0] = mac[0] == '0' ? '1' : '0';
    m.authentication_info->set("mac", mac, true);
    return true;
  });
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
  scenario s{ngn::protocol::sip, true};
  // A man in the middle removes aes-gcm from the terminal's Security-Client.
  tamper(s, scenario::first_terminal, scenario::sp_id, [](sip::message& m) {
    if (m.authorization || m.security_client.size() < 2) return false;
    m.security_client.erase(m.security_client.begin());
    return true;
  });
  s.start_all();
  s.run();
  BOOST_REQUIRE(s.outcome(0));
  BOOST_TEST(!s.outcome(0)->established);
  BOOST_TEST(contains(s.outcome(0)->reason, "bidding-down"));
  auto failed = s.sink.sessions_in(session_state::failed);
  BOOST_REQUIRE_EQUAL(failed.size(), 1u);
  BOOST_TEST(contains(s.sink.reason_of(failed[0]), "bidding-down"));
}

BOOST_AUTO_TEST_CASE(altered_security_server_is_caught_by_the_proxy_with_494) {
  scenario s{ngn::protocol::sip, true};
  // The attacker shows the terminal a weaker server list; the terminal mirrors it.
  tamper(s, scenario::sp_id, scenario::first_terminal, [](sip::message& m) {
    if (m.status != 401 || m.security_server.size() < 2) return false;
    m.security_server.erase(m.security_server.begin());
    return true;
  });
  s.start_all();
  s.run();
  BOOST_REQUIRE(s.outcome(0));
  BOOST_TEST(!s.outcome(0)->established);
  BOOST_TEST(contains(s.outcome(0)->reason, "494"));
  BOOST_TEST(s.sp->stats().sec_agree_mismatches == 1u);
  auto failed = s.sink.sessions_in(session_state::failed);
  BOOST_REQUIRE_EQUAL(failed.size(), 1u);
  BOOST_TEST(contains(s.sink.reason_of(failed[0]), "Security-Verify"));
}

BOOST_AUTO_TEST_CASE(malformed_sip_gets_400_and_a_recorded_failure) {
  scenario s{ngn::protocol::sip, false};
  const std::string bad =
    "REGISTER sip:ngn.example SIP/2.0\r\n"
    "Via: SIP/2.0/UDP 10.1.0.9:5060;branch=z9hG4bKbad\r\n"
    "From: <sip:t1@ngn.example>;tag=1\r\n"
    "To: <sip:t1@ngn.example>\r\n"
    "Call-ID: bad@10.1.0.9\r\n"
    "CSeq: one REGISTER\r\n"
    "Content-Length: 0\r\n\r\n";
  s.inject(scenario::first_terminal, scenario::ss_id, ngn::protocol::sip, bad);
  s.inject(scenario::first_terminal, scenario::ss_id, ngn::protocol::sip,
           std::string("\x00\xff garbage", 10));
  s.deliver();
  BOOST_TEST(s.ss.stats().malformed == 2u);
  bool answered_400 = false;
  for (const auto& r : s.trace)
    answered_400 = answered_400 || (r.from == scenario::ss_id
                                    && contains(r.bytes, "SIP/2.0 400 Bad Request"));
  BOOST_TEST(answered_400);
  auto failed = s.sink.sessions_in(session_state::failed);
  BOOST_REQUIRE_EQUAL(failed.size(), 2u);
  BOOST_TEST(contains(s.sink.reason_of(failed[0]), "malformed sip message"));
  // The emulation carries on: a real registration still works.
  s.start_all();
  s.run();
  BOOST_REQUIRE(s.outcome(0));
  BOOST_TEST(s.outcome(0)->established);
}

BOOST_AUTO_TEST_SUITE_END()
