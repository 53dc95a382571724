// A plain RFC 3310 Digest-AKA client (like SIPp: no Security-Client, no sec-agree) against the
// soft switch and proxy state machines, and the registrar's answers to what such clients may
// send wrong (issue "Real SIP user agents register through ngnemu over UDP", item 4): a wrong
// Request-URI (404), wrong realm or user in the credentials (403), a stale nonce (401
// stale=TRUE), a replayed Authorization (403), methods other than REGISTER (405 with Allow), ACK
// (no answer), malformed requests at the proxy (400) — each recorded as a failed session.
#include "../elements/harness.hpp"
#include "tests/common/test_bindings.hpp"

#include "crypto/milenage.hpp"
#include "protocols/dialogue/binding.hpp"
#include "protocols/sip/digest.hpp"
#include "protocols/sip/message.hpp"

#include <boost/test/unit_test.hpp>

#include <string>

using namespace ngn;
using namespace ngn::test;
using storage::session_state;

namespace {

constexpr elements::element_id client = 900; ///< a client the harness does not simulate

bool contains(const std::string& s, std::string_view what) {
  return s.find(what) != std::string::npos;
}

/// Builds the client's requests like SIPp's register scenario (aka-and-vectors.md §3.3).
struct plain_client {
  std::string identity;
  std::string request_uri = "sip:127.0.0.1:5060";
  std::string branch_prefix = "z9hG4bK-sipp-";
  int cseq = 0;

  sip::message base() {
    sip::message m;
    m.method = "REGISTER";
    m.request_uri = request_uri;
    sip::via v;
    v.host = "127.0.0.1";
    v.port = 5071;
    sip::set_param(v.params, "branch", branch_prefix + std::to_string(++cseq));
    m.vias.push_back(v);
    m.from.uri = "sip:" + identity;
    sip::set_tag(m.from, "7");
    m.to.uri = m.from.uri;
    m.call_id = "1-42@127.0.0.1";
    m.cseq = sip::cseq{static_cast<std::uint32_t>(cseq), "REGISTER"};
    sip::name_addr c;
    c.uri = "sip:" + identity + "@127.0.0.1:5071";
    m.contacts.push_back(c);
    m.expires = 3600;
    m.max_forwards = 70;
    return m;
  }
  std::string first() { return sip::encode(base()); }

  /// The answer to a 401: RES from K/OPc (RFC 3310 §3.3: RES is the password).
  std::string answer(const std::string& challenge, const keys& k, std::string realm = {},
                     std::string username = {}) {
    auto ch = sip::parse(challenge);
    BOOST_REQUIRE(ch && ch->www_authenticate);
    const auto& w = *ch->www_authenticate;
    dialogue::rand_t rand{};
    dialogue::autn_t autn{};
    BOOST_REQUIRE(sip::parse_aka_nonce(w.value("nonce"), rand, autn));
    crypto::milenage mil{k.k, k.opc.raw()};
    const auto out = mil.f2345(rand);
    auto m = base();
    // digest_input holds views: keep the strings they name alive here.
    const std::string user = username.empty() ? identity : username;
    const std::string space = realm.empty() ? std::string(w.value("realm")) : realm;
    sip::digest_input in;
    in.username = user;
    in.realm = space;
    in.method = "REGISTER";
    in.uri = "sip:127.0.0.1:5060"; // SIPp: sip:<remote_ip>:<remote_port>
    in.nonce = w.value("nonce");
    in.nc = "00000001";
    in.cnonce = "6b8b4567";
    in.qop = "auth";
    in.password = std::string_view(reinterpret_cast<const char*>(out.res.data()), out.res.size());
    sip::auth_params a;
    a.set("username", in.username, true);
    a.set("realm", in.realm, true);
    a.set("cnonce", in.cnonce, true);
    a.set("nc", in.nc, false);
    a.set("qop", in.qop, false);
    a.set("uri", in.uri, true);
    a.set("nonce", in.nonce, true);
    a.set("response", sip::digest_response(in, ngn::test::bindings_md5()), true);
    a.set("algorithm", "AKAv1-MD5", false);
    a.set("opaque", w.value("opaque"), true);
    m.authorization = std::move(a);
    return sip::encode(m);
  }
};

/// The last datagram delivered to the client.
std::string last_to_client(const scenario& s) {
  for (auto i = s.trace.rbegin(); i != s.trace.rend(); ++i)
    if (i->to == client) return i->bytes;
  return {};
}

std::size_t answers_to_client(const scenario& s) {
  std::size_t n = 0;
  for (const auto& r : s.trace) n += r.to == client;
  return n;
}

elements::element_id entry(const scenario& s) {
  return s.with_proxy ? scenario::sp_id : scenario::ss_id;
}

/// Sends `request` from the client to the element it registers with and delivers whatever
/// follows; returns the last answer the client got.
std::string send(scenario& s, const std::string& request) {
  s.inject(client, entry(s), ngn::protocol::sip, request);
  s.deliver();
  return last_to_client(s);
}

/// REGISTER → 401 → REGISTER with credentials; returns the final answer.
std::string register_once(scenario& s, plain_client& c) {
  const auto challenge = send(s, c.first());
  BOOST_REQUIRE(contains(challenge, "SIP/2.0 401"));
  return send(s, c.answer(challenge, s.subscriber(0)));
}

} // namespace

BOOST_AUTO_TEST_SUITE(external_clients)

BOOST_AUTO_TEST_CASE(a_client_without_sec_agree_registers_directly_and_through_the_proxy) {
  for (bool proxy : {false, true}) {
    BOOST_TEST_CONTEXT("proxy " << proxy) {
      scenario s{ngn::protocol::sip, proxy};
      plain_client c{s.subscriber(0).identity};
      const auto ok = register_once(s, c);
      BOOST_TEST(contains(ok, "SIP/2.0 200 OK"), "answer: " << ok);
      BOOST_TEST(contains(ok, "skey=")); // E_Kc(SK) is distributed all the same
      const auto est = s.sink.sessions_in(session_state::established);
      BOOST_REQUIRE_EQUAL(est.size(), 1u);
      // Nothing offered, nothing chosen: recorded as such, never as a mechanism.
      BOOST_TEST(s.sink.mechanism_of(est[0]) == elements::no_sec_agree);
      BOOST_TEST(s.sink.sessions_in(session_state::failed).empty());
    }
  }
}

BOOST_AUTO_TEST_CASE(a_request_uri_of_another_domain_gets_404_and_is_recorded) {
  for (bool proxy : {false, true}) {
    scenario s{ngn::protocol::sip, proxy};
    plain_client c{s.subscriber(0).identity};
    c.request_uri = "sip:other.example";
    BOOST_TEST(contains(send(s, c.first()), "SIP/2.0 404"));
    const auto failed = s.sink.sessions_in(session_state::failed);
    BOOST_REQUIRE_EQUAL(failed.size(), 1u);
    BOOST_TEST(contains(s.sink.reason_of(failed[0]), "not in the registrar's domain"));
  }
  // The domain itself (and an IP address) are ours.
  scenario s{ngn::protocol::sip, false};
  plain_client c{s.subscriber(0).identity};
  c.request_uri = "sip:NGN.example;transport=udp";
  BOOST_TEST(contains(register_once(s, c), "SIP/2.0 200"));
}

BOOST_AUTO_TEST_CASE(credentials_for_another_realm_or_user_get_403_and_fail_the_session) {
  for (int variant : {0, 1}) {
    scenario s{ngn::protocol::sip, true};
    plain_client c{s.subscriber(0).identity};
    const auto challenge = send(s, c.first());
    const auto bad = variant == 0 ? c.answer(challenge, s.subscriber(0), "evil.example")
                                  : c.answer(challenge, s.subscriber(0), {}, "t2@ngn.example");
    BOOST_TEST(contains(send(s, bad), "SIP/2.0 403"));
    const auto failed = s.sink.sessions_in(session_state::failed);
    BOOST_REQUIRE_EQUAL(failed.size(), 1u);
    BOOST_TEST(contains(s.sink.reason_of(failed[0]), variant == 0 ? "realm" : "user"));
    BOOST_TEST(s.sink.sessions_in(session_state::challenged).empty());
  }
}

BOOST_AUTO_TEST_CASE(credentials_for_an_expired_challenge_get_a_fresh_one_marked_stale) {
  for (bool proxy : {false, true}) {
    scenario s{ngn::protocol::sip, proxy};
    plain_client c{s.subscriber(0).identity};
    const auto challenge = send(s, c.first());
    // The client answers after the soft switch gave up on the challenge (32 s).
    s.run(40 * ngn::seconds);
    BOOST_REQUIRE_EQUAL(s.sink.sessions_in(session_state::failed).size(), 1u);
    const auto fresh = send(s, c.answer(challenge, s.subscriber(0)));
    BOOST_TEST(contains(fresh, "SIP/2.0 401"));
    BOOST_TEST(contains(fresh, "stale=TRUE")); // RFC 2617 §3.2.1
    BOOST_TEST(s.ss.stats().rechallenged == 1u);
    const auto failed = s.sink.sessions_in(session_state::failed);
    BOOST_REQUIRE_EQUAL(failed.size(), 2u);
    BOOST_TEST(contains(s.sink.reason_of(failed[1]), "answer to a challenge that is not open"));
    // The fresh challenge can be answered.
    BOOST_TEST(contains(send(s, c.answer(fresh, s.subscriber(0))), "SIP/2.0 200"));
    BOOST_TEST(s.sink.sessions_in(session_state::established).size() == 1u);
  }
}

BOOST_AUTO_TEST_CASE(a_replayed_authorization_gets_403_and_is_recorded_as_replay) {
  for (bool proxy : {false, true}) {
    scenario s{ngn::protocol::sip, proxy};
    plain_client c{s.subscriber(0).identity};
    const auto second = c.answer(send(s, c.first()), s.subscriber(0));
    BOOST_REQUIRE(contains(send(s, second), "SIP/2.0 200"));
    BOOST_TEST(contains(send(s, second), "SIP/2.0 403")); // same nonce, same nc
    const auto failed = s.sink.sessions_in(session_state::failed);
    BOOST_REQUIRE_EQUAL(failed.size(), 1u);
    BOOST_TEST(contains(s.sink.reason_of(failed[0]), "replay"));
    BOOST_TEST(s.sink.sessions_in(session_state::established).size() == 1u);
  }
}

BOOST_AUTO_TEST_CASE(other_methods_get_405_with_allow_and_are_recorded_ack_gets_nothing) {
  for (bool proxy : {false, true}) {
    scenario s{ngn::protocol::sip, proxy};
    plain_client c{s.subscriber(0).identity};
    auto m = c.base();
    // OPTIONS is the registration's keepalive (DESIGN.md §1.2): SUBSCRIBE is another method.
    m.method = "SUBSCRIBE";
    m.cseq.method = "SUBSCRIBE";
    auto answer = sip::parse(send(s, sip::encode(m)));
    BOOST_REQUIRE(answer);
    BOOST_TEST(answer->status == 405);
    BOOST_REQUIRE(answer->find_other("Allow") != nullptr);
    BOOST_TEST(answer->find_other("Allow")->value == "REGISTER, OPTIONS");
    BOOST_TEST(answer->cseq.method == "SUBSCRIBE");
    auto failed = s.sink.sessions_in(session_state::failed);
    BOOST_REQUIRE_EQUAL(failed.size(), 1u);
    BOOST_TEST(contains(s.sink.reason_of(failed[0]), "SUBSCRIBE"));
    const auto before = answers_to_client(s);
    m.method = "ACK";
    m.cseq.method = "ACK";
    send(s, sip::encode(m));
    BOOST_TEST(answers_to_client(s) == before); // RFC 3261 §17: ACK is never answered
  }
}

BOOST_AUTO_TEST_CASE(malformed_requests_at_the_proxy_get_400_and_are_recorded) {
  scenario s{ngn::protocol::sip, true};
  plain_client c{s.subscriber(0).identity};
  auto bad = c.first();
  bad.replace(bad.find("Max-Forwards: 70"), 16, "Max-Forwards: x0");
  s.inject(client, scenario::sp_id, ngn::protocol::sip, bad);
  s.deliver();
  BOOST_TEST(contains(last_to_client(s), "SIP/2.0 400"));
  BOOST_TEST(s.sp->stats().malformed == 1u);
  const auto failed = s.sink.sessions_in(session_state::failed);
  BOOST_REQUIRE_EQUAL(failed.size(), 1u);
  BOOST_TEST(contains(s.sink.reason_of(failed[0]), "malformed sip message at the proxy"));
}

BOOST_AUTO_TEST_SUITE_END()
