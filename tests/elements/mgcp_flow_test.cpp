// What only MGCP (RFC 3435; DESIGN.md §1.1) shows of the registration: the 3- and 4-element flows
// on the wire (commands, their responses, the extension lines), an unreadable wrapped key still
// refused rather than dropped, the 5xx codes of undecodable commands, AUTS in an NTFY. Every
// case every protocol shares (keys, attacks, refusals, records): scenario_test.cpp.
#include "harness.hpp"

#include "protocols/mgcp/codec.hpp"
#include "protocols/mgcp/registration.hpp"

#include <boost/test/unit_test.hpp>

using namespace ngn;
using namespace ngn::test;
using storage::session_state;

namespace {

constexpr auto mgcp_proto = ngn::protocol::mgcp;

/// Tampers with the MGCP commands on the hop from → to that `edit` changes.
template <class Edit>
void tamper(scenario& s, elements::element_id from, elements::element_id to, Edit edit) {
  s.intercept = [=](elements::element_id f, elements::element_id t, std::string& bytes) {
    if (f != from || t != to) return true;
    auto m = mgcp::parse_one(bytes);
    if (!m) return true;
    auto* c = std::get_if<mgcp::command>(&*m);
    if (c == nullptr || !edit(*c)) return true;
    auto out = mgcp::encode(*c);
    if (out) bytes = std::move(*out);
    return true;
  };
}

bool contains(const std::string& s, const std::string& what) {
  return s.find(what) != std::string::npos;
}

std::string value_of(const mgcp::command& c, std::string_view code) {
  const auto* p = c.find(code);
  return p ? p->value : std::string{};
}

/// Replaces every occurrence of `from` in the command's parameter values (S: and X-SKEY carry
/// the same value; an attacker changes both).
void replace_everywhere(mgcp::command& c, const std::string& from, const std::string& to) {
  for (auto& p : c.params)
    for (auto pos = p.value.find(from); pos != std::string::npos; pos = p.value.find(from))
      p.value.replace(pos, from.size(), to);
}

/// True if some datagram from → to starts with `head` and contains `what`.
bool sent(const scenario& s, elements::element_id from, elements::element_id to,
          const std::string& head, const std::string& what = {}) {
  for (const auto& r : s.trace)
    if (r.from == from && r.to == to && r.bytes.rfind(head, 0) == 0 && contains(r.bytes, what))
      return true;
  return false;
}

constexpr auto t1 = scenario::first_terminal;

} // namespace

BOOST_AUTO_TEST_SUITE(mgcp_flow)

BOOST_AUTO_TEST_CASE(three_elements_flow_on_the_wire) {
  scenario s{mgcp_proto, false};
  BOOST_REQUIRE_MESSAGE(s.register_all(), s.failures());
  // RSIP, 200, RQNT (challenge), 200, NTFY, 200, RQNT (key), 200. The last, the key's ack, is
  // the first message under the new SAs (DESIGN.md §1.2): an ESP packet; the rest in clear.
  BOOST_REQUIRE_EQUAL(s.trace.size(), 8u);
  const char* heads[] = {"RSIP ", "200 ", "RQNT ", "200 ", "NTFY ", "200 ", "RQNT ", "200 "};
  for (std::size_t i = 0; i < 8; ++i) {
    BOOST_TEST(s.trace[i].bytes.rfind(heads[i], 0) == 0u);
    BOOST_TEST(s.trace[i].esp() == (i == 7));
  }
  BOOST_TEST(s.trace[7].from == t1);
  BOOST_TEST(!contains(s.trace[7].packet, "200 ")); // aes-gcm: the ack is encrypted
  // The terminal's transaction ids follow its own request sequence (1, 2, ...).
  BOOST_TEST(contains(s.trace[0].bytes, "RSIP 1 t1@ngn.example MGCP 1.0\r\n"));
  BOOST_TEST(contains(s.trace[4].bytes, "NTFY 2 t1@ngn.example MGCP 1.0\r\n"));
  BOOST_TEST(contains(s.trace[2].bytes, "X-CHAL: "));
  BOOST_TEST(contains(s.trace[2].bytes, "X-SECM: aes-gcm;q=0.9,hmac-sha256;q=0.5\r\n"));
  BOOST_TEST(contains(s.trace[2].bytes, "X-SECC: aes-gcm;q=0.9\r\n"));
  BOOST_TEST(contains(s.trace[4].bytes, "X-SECV: aes-gcm;q=0.9,hmac-sha256;q=0.5\r\n"));
  BOOST_TEST(contains(s.trace[6].bytes, "X-MAC: "));
  BOOST_TEST(!contains(s.trace[6].bytes, "X-EKEY"));
  // Each response echoes its command's transaction id.
  for (std::size_t i = 0; i < 8; i += 2) {
    auto cmd = mgcp::parse_one(s.trace[i].bytes);
    auto rsp = mgcp::parse_one(s.trace[i + 1].bytes);
    BOOST_REQUIRE(cmd && rsp);
    BOOST_TEST(mgcp::transaction_id(*cmd) == mgcp::transaction_id(*rsp));
  }
}

BOOST_AUTO_TEST_CASE(four_elements_flow_on_the_wire) {
  scenario s{mgcp_proto, true};
  BOOST_REQUIRE_MESSAGE(s.register_all(), s.failures());
  BOOST_REQUIRE_EQUAL(s.trace.size(), 16u);
  // The key RQNT: the SS's carries the proxy copy and no MAC; the proxy's the MAC, no copy.
  const std::string* ss_key = nullptr;
  const std::string* sp_key = nullptr;
  for (const auto& r : s.trace) {
    if (!contains(r.bytes, "X-SKEY")) continue;
    if (r.from == scenario::ss_id) ss_key = &r.bytes;
    if (r.from == scenario::sp_id) sp_key = &r.bytes;
  }
  BOOST_REQUIRE(ss_key && sp_key);
  BOOST_TEST(contains(*ss_key, "X-EKEY: "));
  BOOST_TEST(!contains(*ss_key, "X-MAC"));
  BOOST_TEST(!contains(*sp_key, "X-EKEY"));
  BOOST_TEST(contains(*sp_key, "X-MAC: "));
  BOOST_TEST(contains(*sp_key, "X-SECM: aes-gcm;q=0.9\r\n"));
  // The proxy added its list to the challenge and chose the mechanism.
  BOOST_TEST(sent(s, scenario::sp_id, t1, "RQNT ", "X-SECM: aes-gcm;q=0.9,hmac-sha256;q=0.5"));
  BOOST_TEST(sent(s, scenario::sp_id, t1, "RQNT ", "X-SECC: aes-gcm;q=0.9"));
  for (const auto& r : s.trace) // behind a proxy the SS offers no list of its own
    if (r.from == scenario::ss_id && contains(r.bytes, "X-CHAL"))
      BOOST_TEST(!contains(r.bytes, "X-SECM"));
  // Answers reach the terminal with the terminal's own transaction ids.
  BOOST_TEST(sent(s, scenario::sp_id, t1, "200 1 OK"));
  BOOST_TEST(sent(s, scenario::sp_id, t1, "200 2 OK"));
  // Only the key's ack travels under the SAs, terminal → proxy; the proxy relays it to the soft
  // switch in clear (ESP runs between the terminal and its edge only).
  std::size_t esp = 0;
  for (const auto& r : s.trace) {
    if (!r.esp()) continue;
    ++esp;
    BOOST_TEST(r.from == t1);
    BOOST_TEST(r.to == scenario::sp_id);
    BOOST_TEST(r.bytes.rfind("200 ", 0) == 0u);
  }
  BOOST_TEST(esp == 1u);
  BOOST_REQUIRE(!s.trace.empty());
  BOOST_TEST(s.trace.back().from == scenario::sp_id);
  BOOST_TEST(s.trace.back().to == scenario::ss_id);
  BOOST_TEST(!s.trace.back().esp());
  BOOST_TEST(s.trace.back().bytes.rfind("200 ", 0) == 0u);
}






BOOST_AUTO_TEST_CASE(unreadable_wrapped_key_is_refused_not_dropped) {
  scenario s{mgcp_proto, true};
  tamper(s, scenario::sp_id, t1, [](mgcp::command& c) {
    auto skey = value_of(c, mgcp::ext::skey);
    if (skey.empty()) return false;
    replace_everywhere(c, skey, "not-hex");
    return true;
  });
  s.start_all();
  s.run();
  BOOST_REQUIRE(s.outcome(0));
  BOOST_TEST(!s.outcome(0)->established);
  BOOST_TEST(s.outcome(0)->attempts == 1);
  BOOST_TEST(s.ss.stats().refusals == 1u);
  auto failed = s.sink.sessions_in(session_state::failed);
  BOOST_REQUIRE_EQUAL(failed.size(), 1u);
  BOOST_TEST(contains(s.sink.reason_of(failed[0]), "terminal refused the key"));
}




BOOST_AUTO_TEST_CASE(malformed_mgcp_gets_5xx_and_a_recorded_failure) {
  scenario s{mgcp_proto, false};
  const std::pair<std::string, std::string> cases[] = {
    // RFC 3435 §2.3.12: RM is mandatory → 510 protocol error.
    {"RSIP 4001 t1@ngn.example MGCP 1.0\r\nX-SECM: aes-gcm;q=0.9\r\n", "510 4001 "},
    {"RSIP 4002 t1@ngn.example MGCP 2.0\r\nRM: restart\r\n", "528 4002 "},
    // (AUEP is the edge's keepalive, DESIGN.md §1.2: EPCF is a command the dialogue lacks.)
    {"EPCF 4003 t1@ngn.example MGCP 1.0\r\n", "504 4003 "},
    {"RSIP 4004 t1@ngn.example MGCP 1.0\r\nRM: restart\r\nX+SECQ: 1\r\n", "511 4004 "},
    {"RSIP 4005 t1@ngn.example MGCP 1.0\r\nRM: restart\r\nX-SECM: aes-gcm;q=2\r\n", "539 4005 "},
    {"NTFY 4006 t1@ngn.example MGCP 1.0\r\nX: 1\r\nO: X-SEC/auts(00)\r\nX-AUTS: 00\r\n",
     "539 4006 "},
    {std::string("\x00\xff garbage", 10), ""},
  };
  for (const auto& c : cases) s.inject(t1, scenario::ss_id, mgcp_proto, c.first);
  s.deliver();
  BOOST_TEST(s.ss.stats().malformed == std::size(cases));
  for (const auto& c : cases)
    if (!c.second.empty()) BOOST_TEST(sent(s, scenario::ss_id, t1, c.second), c.second);
  // Nothing answers the garbage; nothing else was sent back.
  std::size_t answers = 0;
  for (const auto& r : s.trace) answers += r.from == scenario::ss_id;
  BOOST_TEST(answers == std::size(cases) - 1);
  auto failed = s.sink.sessions_in(session_state::failed);
  BOOST_REQUIRE_EQUAL(failed.size(), std::size(cases));
  BOOST_TEST(contains(s.sink.reason_of(failed[0]), "malformed mgcp message"));
  BOOST_REQUIRE_MESSAGE(s.register_all(), s.failures());
}

BOOST_AUTO_TEST_CASE(malformed_mgcp_at_the_proxy_is_answered_by_the_proxy) {
  scenario s{mgcp_proto, true};
  s.inject(t1, scenario::sp_id, mgcp_proto, "NTFY 77 t1@ngn.example MGCP 1.0\r\nX: 1\r\n");
  s.deliver();
  BOOST_TEST(s.sp->stats().malformed == 1u);
  BOOST_TEST(sent(s, scenario::sp_id, t1, "510 77 Protocol error"));
}


BOOST_AUTO_TEST_CASE(sqn_out_of_range_sends_auts_in_an_ntfy) {
  for (bool proxy : {false, true}) {
    scenario s{mgcp_proto, proxy};
    s.terminal(0).set_sqn_ms(1'000'000);
    s.start_all();
    s.run();
    BOOST_REQUIRE(s.outcome(0));
    BOOST_TEST(sent(s, t1, proxy ? scenario::sp_id : scenario::ss_id, "NTFY ", "X-AUTS: "));
  }
}

BOOST_AUTO_TEST_SUITE_END()
