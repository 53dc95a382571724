// The registration dialogue and every attack on it (DESIGN.md §1, §5), written once and run for
// every protocol (protocols/common/protocol.hpp), with and without the signaling proxy: what the
// terminal ends up with, what each element answers on the wire (the protocol's own refusal, as
// the suite's protocol kit reads it) and what the AuC records. Tampering replaces values where
// any protocol carries them (tests/elements/protocol_kit.hpp).
#include "tests/elements/harness.hpp"
#include "tests/elements/protocol_kit.hpp"

#include "elements/reasons.hpp"
#include "elements/security_edge.hpp"
#include "protocols/dialogue/wire_ids.hpp"

#include <cstdio>
#include <map>

#include <boost/test/data/monomorphic.hpp>
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

using namespace ngn;
using namespace ngn::test;
using dialogue::code;
using dialogue::step;
using storage::session_state;
namespace data = boost::unit_test::data;

namespace {

const bool with_and_without_proxy[] = {false, true};
const auto protocols = data::make(all_protocols);
const auto protocols_and_proxies = data::make(all_protocols) * data::make(with_and_without_proxy);

constexpr auto t1 = scenario::first_terminal;

bool contains(const std::string& s, const std::string& what) {
  return s.find(what) != std::string::npos;
}

/// The element a terminal talks to: the proxy, or the soft switch.
elements::element_id next_hop(bool proxy) { return proxy ? scenario::sp_id : scenario::ss_id; }

/// Applies `edit` to the datagrams from → to whose decoded step is `kind` (the kit decodes
/// nothing: the scenario's binding does).
template <class Edit>
void tamper(scenario& s, elements::element_id from, elements::element_id to, step kind,
            Edit edit) {
  const auto& b = s.bindings[s.proto];
  s.intercept = [&b, from, to, kind, edit](elements::element_id f, elements::element_id t,
                                           std::string& bytes) {
    if (f != from || t != to) return true;
    auto in = b.decode(bytes);
    if (in && in->c.kind == kind) edit(in->c, bytes);
    return true;
  };
}

/// The refusal numbers (protocol_kit::refusal_of) of what `from` sent `to`.
std::vector<unsigned> refusals(const scenario& s, elements::element_id from,
                               elements::element_id to) {
  std::vector<unsigned> out;
  for (const auto& r : s.trace)
    if (r.from == from && r.to == to)
      if (auto c = kit(s.proto).refusal_of(r.bytes)) out.push_back(*c);
  return out;
}

bool refused_with(const scenario& s, elements::element_id from, elements::element_id to, code c) {
  const auto all = refusals(s, from, to);
  return std::find(all.begin(), all.end(), kit(s.proto).wire_code(c)) != all.end();
}

/// The session id of the (last) challenge `from` sent `to`, none if there was none.
ngn::session_id challenge_id(const scenario& s, elements::element_id to,
                             elements::element_id from) {
  ngn::session_id id;
  for (const auto& r : s.trace)
    if (r.to == to && r.from == from)
      if (auto in = s.bindings[s.proto].decode(r.bytes); in && in->c.kind == step::challenge)
        id = in->c.session_id;
  return id;
}

/// `id` + 1 as a 128-bit big-endian number.
ngn::session_id next_of(ngn::session_id id) {
  for (std::size_t i = id.bytes.size(); i-- > 0;)
    if (++id.bytes[i] != 0) break;
  return id;
}

/// The only session the AuC recorded in `state`, or 0 (with a test failure) if not exactly one.
std::int64_t only_session(const scenario& s, session_state state) {
  const auto ids = s.sink.sessions_in(state);
  BOOST_TEST(ids.size() == 1u);
  return ids.size() == 1 ? ids[0] : 0;
}

} // namespace

BOOST_AUTO_TEST_SUITE(scenarios)

// -- registrations --------------------------------------------------------------------------------

// Three elements: terminal and SS share SK. Four: terminal and proxy share it, the SS never
// learns it. Either way the AuC records one established session with the edge's mechanism and
// the terminal's node.
BOOST_DATA_TEST_CASE(the_terminal_shares_the_session_key_with_the_edge_only,
                     protocols_and_proxies, proto, proxy) {
  scenario s{proto, proxy};
  s.start_all();
  s.run();
  auto o = s.outcome(0);
  BOOST_REQUIRE(o);
  BOOST_TEST(o->established, o->reason);
  BOOST_TEST(o->mechanism == "aes-gcm");
  const auto& id = s.subscriber(0).identity;
  const auto* edge_sk = proxy ? s.sp->session_key(id) : s.ss.session_key(id);
  BOOST_REQUIRE(edge_sk != nullptr);
  BOOST_TEST((*edge_sk == s.terminal(0).session_key()));
  if (proxy) BOOST_TEST(s.ss.session_key(id) == nullptr);
  const auto est = only_session(s, session_state::established);
  BOOST_TEST(s.sink.mechanism_of(est) == "aes-gcm");
  BOOST_TEST(s.sink.terminal_node_of(est) == scenario::terminal_node);
  BOOST_TEST(s.sink.sqn_of(id) == 33u); // SEQ 1, IND 1 (TS 33.102 Annex C)
}

BOOST_DATA_TEST_CASE(many_terminals_all_established_with_distinct_keys, protocols_and_proxies,
                     proto, proxy) {
  constexpr std::size_t n = 50;
  scenario s{proto, proxy, n};
  s.start_all();
  s.run();
  for (std::size_t i = 0; i < n; ++i) {
    auto o = s.outcome(i);
    BOOST_REQUIRE(o);
    BOOST_TEST(o->established, o->reason);
  }
  BOOST_TEST(!(s.terminal(0).session_key() == s.terminal(1).session_key()));
  BOOST_TEST(s.sink.sessions_in(session_state::established).size() == n);
  if (proxy) BOOST_TEST(s.sp->registered() == n);
}

BOOST_DATA_TEST_CASE(mechanism_follows_terminal_priorities, protocols_and_proxies, proto, proxy) {
  scenario s{proto, proxy};
  s.profile.offered = {{"hmac-sha256", 800}, {"aes-gcm", 300}};
  BOOST_REQUIRE_MESSAGE(s.register_all(), s.failures());
  BOOST_TEST(s.outcome(0)->mechanism == "hmac-sha256");
}

// The mechanism persisted is the one the edge chose, among what it supports.
BOOST_DATA_TEST_CASE(the_persisted_mechanism_is_the_edges_choice, protocols_and_proxies, proto,
                     proxy) {
  scenario s{proto, proxy};
  s.set_edge_mechanisms({{"hmac-sha256", 1000}, {"null", 100}});
  BOOST_REQUIRE_MESSAGE(s.register_all(), s.failures());
  BOOST_TEST(s.outcome(0)->mechanism == "hmac-sha256");
  BOOST_TEST(s.sink.mechanism_of(only_session(s, session_state::established)) == "hmac-sha256");
}

// DESIGN.md §1.2: no common mechanism is a refusal (RFC 3329 §2.3.1: 494), never a success; the
// AuC is not even asked for a challenge.
BOOST_DATA_TEST_CASE(no_common_mechanism_is_a_refusal, protocols_and_proxies, proto, proxy) {
  scenario s{proto, proxy};
  s.profile.offered = {{"x-foo", 1000}};
  s.start_all();
  s.run();
  BOOST_REQUIRE(s.outcome(0));
  BOOST_TEST(!s.outcome(0)->established);
  BOOST_TEST(refused_with(s, next_hop(proxy), t1, code::sec_agree_required));
  BOOST_TEST(s.sink.sessions_in(session_state::established).empty());
  const auto failed = only_session(s, session_state::failed);
  BOOST_TEST(contains(s.sink.reason_of(failed), "no common security mechanism"));
  BOOST_TEST(s.sink.terminal_node_of(failed) == scenario::terminal_node);
  BOOST_TEST(s.sink.sqn_of(s.subscriber(0).identity) == 0u);
}

// `null` (no protection) is accepted only where the edge's policy lists it.
BOOST_DATA_TEST_CASE(null_only_where_the_edges_policy_allows_it, protocols_and_proxies, proto,
                     proxy) {
  {
    scenario s{proto, proxy};
    s.profile.offered = {{"null", 1000}};
    s.start_all();
    s.run();
    BOOST_REQUIRE(s.outcome(0));
    BOOST_TEST(!s.outcome(0)->established);
    BOOST_TEST(refused_with(s, next_hop(proxy), t1, code::sec_agree_required));
  }
  scenario s{proto, proxy};
  s.profile.offered = {{"null", 1000}};
  s.set_edge_mechanisms({{"aes-gcm", 900}, {"null", 100}});
  BOOST_REQUIRE_MESSAGE(s.register_all(), s.failures());
  BOOST_TEST(s.outcome(0)->mechanism == "null");
}

// -- failures of the authentication ---------------------------------------------------------------

BOOST_DATA_TEST_CASE(wrong_kc_at_the_terminal_is_rejected_and_recorded, protocols_and_proxies,
                     proto, proxy) {
  scenario s{proto, proxy};
  s.give_wrong_key(0);
  s.start_all();
  s.run();
  BOOST_REQUIRE(s.outcome(0));
  BOOST_TEST(!s.outcome(0)->established);
  BOOST_TEST(contains(s.outcome(0)->reason, "MAC-A"));
  BOOST_TEST(contains(s.sink.reason_of(only_session(s, session_state::failed)), "AUTN"));
}

BOOST_DATA_TEST_CASE(a_wrong_verification_word_is_refused_and_recorded, protocols_and_proxies,
                     proto, proxy) {
  scenario s{proto, proxy};
  tamper(s, t1, next_hop(proxy), step::reg_message,
         [](const dialogue::content& c, std::string& bytes) {
           if (c.proof) BOOST_TEST(replace_value(bytes, *c.proof, flipped(*c.proof)) > 0u);
         });
  s.start_all();
  s.run();
  BOOST_REQUIRE(s.outcome(0));
  BOOST_TEST(!s.outcome(0)->established);
  BOOST_TEST(refused_with(s, next_hop(proxy), t1, code::forbidden));
  BOOST_TEST(s.sink.reason_of(only_session(s, session_state::failed))
             == "verification words differ");
}

// Issue 10 item 5: the failed row names the wire session id the terminal saw in its challenge,
// the code of the refusal as the binding carries it and the element that detected the failure.
BOOST_DATA_TEST_CASE(a_wrong_verification_word_row_names_session_code_and_detector,
                     protocols_and_proxies, proto, proxy) {
  scenario s{proto, proxy};
  tamper(s, t1, next_hop(proxy), step::reg_message,
         [](const dialogue::content& c, std::string& bytes) {
           if (c.proof) BOOST_TEST(replace_value(bytes, *c.proof, flipped(*c.proof)) > 0u);
         });
  s.start_all();
  s.run();
  const auto row = s.sink.following(only_session(s, session_state::failed));
  // The session id of the challenge the terminal received, as its binding writes it.
  const auto session_id = challenge_id(s, t1, next_hop(proxy));
  BOOST_REQUIRE(bool(session_id));
  BOOST_TEST(row.wire_session == dialogue::wire_session(proto, session_id));
  // Issue 12 item 3: 32 hex digits (MGCP's RequestIdentifier upper case, the others lower).
  BOOST_TEST(row.wire_session == session_id.hex(proto == protocol::mgcp));
  BOOST_TEST(row.wire_session.size() == 32u);
  // SIP 403, MGCP X-RSLT 403, H.248 error 402 (Unauthorized), RAS result 403 (securityDenial).
  const std::map<protocol, std::uint32_t> code_of{
    {protocol::sip, 403}, {protocol::mgcp, 403}, {protocol::h248, 402}, {protocol::h323, 403}};
  BOOST_TEST(row.response_code == code_of.at(proto));
  BOOST_TEST(row.detected_by == "ss1");
  BOOST_TEST(row.reason_code
             == static_cast<std::uint32_t>(elements::reason_code::verification_words_differ));
  BOOST_TEST(elements::reason_text(elements::reason_code::verification_words_differ)
             == s.sink.reason_of(only_session(s, session_state::failed)));
}

// The AuC detects an unknown identity itself: its row says so, with the code the soft switch
// answers (SIP 404, H.248 430).
BOOST_DATA_TEST_CASE(an_unknown_identity_row_names_the_auc, protocols, proto) {
  scenario s{proto, false};
  s.make_unknown(0);
  s.start_all();
  s.run();
  const auto row = s.sink.following(only_session(s, session_state::failed));
  BOOST_TEST(row.detected_by == "auc1");
  BOOST_TEST(row.response_code == (proto == protocol::h248 ? 430u : 404u));
  BOOST_TEST(row.reason_code == static_cast<std::uint32_t>(elements::reason_code::unknown_identity));
  BOOST_TEST(!row.wire_session.empty());
}

// A terminal that cannot verify AUTN (wrong Kc) detected the failure: the row names it.
BOOST_DATA_TEST_CASE(a_wrong_key_row_names_the_terminal, protocols_and_proxies, proto, proxy) {
  scenario s{proto, proxy};
  s.give_wrong_key(0);
  s.start_all();
  s.run();
  const auto row = s.sink.following(only_session(s, session_state::failed));
  BOOST_TEST(row.detected_by == s.subscriber(0).identity);
  BOOST_TEST(row.response_code == (proto == protocol::h248 ? 402u : 403u));
  BOOST_TEST(row.reason_code
             == static_cast<std::uint32_t>(elements::reason_code::autn_not_verified));
}

BOOST_DATA_TEST_CASE(unknown_identity_is_rejected_and_recorded, protocols_and_proxies, proto,
                     proxy) {
  scenario s{proto, proxy};
  s.make_unknown(0);
  s.start_all();
  s.run();
  BOOST_REQUIRE(s.outcome(0));
  BOOST_TEST(!s.outcome(0)->established);
  BOOST_TEST(refused_with(s, next_hop(proxy), t1, code::not_found));
  BOOST_TEST(s.sink.reason_of(only_session(s, session_state::failed)) == "unknown identity");
}

// An eavesdropper replays the terminal's registration message after the session completed.
BOOST_DATA_TEST_CASE(a_replayed_registration_message_is_refused_and_recorded,
                     protocols_and_proxies, proto, proxy) {
  scenario s{proto, proxy};
  s.start_all();
  s.run();
  BOOST_REQUIRE(s.outcome(0) && s.outcome(0)->established);
  const auto& b = s.bindings[proto];
  std::string replay;
  for (const auto& r : s.trace)
    if (r.from == t1)
      if (auto in = b.decode(r.bytes); in && in->c.kind == step::reg_message) replay = r.bytes;
  BOOST_REQUIRE(!replay.empty());
  const auto attacker = t1 + 7;
  s.inject(attacker, next_hop(proxy), proto, replay);
  s.deliver();
  BOOST_TEST(refused_with(s, next_hop(proxy), attacker, code::forbidden));
  BOOST_TEST(s.ss.stats().replays == 1u);
  BOOST_TEST(contains(s.sink.reason_of(only_session(s, session_state::failed)), "replay"));
  BOOST_TEST(s.sink.sessions_in(session_state::established).size() == 1u);
}

// Issue 12 item 3: an attacker registers (challenge id A) and then forges the victim's answer
// to its challenge, naming the victim, with a wrong RES and a guessed session id: A + 1 (the next
// id: with counting ids, the victim's), a random one, and the victim's own id with one bit
// flipped. None of them touches the victim's challenge: each is answered (and recorded) as a
// message for no open challenge, on a row of its own, and the victim then registers.
BOOST_DATA_TEST_CASE(a_forged_answer_with_a_guessed_session_id_leaves_the_victim_alone,
                     protocols_and_proxies, proto, proxy) {
  scenario s{proto, proxy, 2};
  const auto& b = s.bindings[proto];
  const auto victim = t1, attacker = t1 + 1, forger = t1 + 7;
  // The victim's registration message is held back until the forgeries are in.
  std::string held;
  bool release = false;
  s.intercept = [&](elements::element_id from, elements::element_id, std::string& bytes) {
    if (from != victim || release) return true;
    auto in = b.decode(bytes);
    if (!in || in->c.kind != step::reg_message) return true;
    if (held.empty()) held = bytes;
    return false;
  };
  s.start(1);
  s.run();
  BOOST_REQUIRE(s.outcome(1) && s.outcome(1)->established);
  const auto a = challenge_id(s, attacker, next_hop(proxy));
  s.start(0);
  BOOST_REQUIRE(s.advance_until([&] { return !held.empty(); }, 5 * seconds));
  const auto v = challenge_id(s, victim, next_hop(proxy));
  BOOST_REQUIRE(bool(a));
  BOOST_REQUIRE(bool(v));
  BOOST_TEST(v.hex().size() == 32u);
  BOOST_TEST(v != next_of(a)); // not counting up any more
  const auto before = s.sink.all_sessions();

  auto in = b.decode(held);
  BOOST_REQUIRE(in);
  BOOST_REQUIRE(in->c.session_id == v);
  BOOST_REQUIRE(in->c.proof && !in->c.proof->empty());
  ngn::session_id random;
  s.rng.fill(random.bytes.data(), random.bytes.size());
  ngn::session_id one_bit = v;
  one_bit.bytes[15] ^= 1;
  const auto replays = s.ss.stats().replays, rechallenged = s.ss.stats().rechallenged;
  for (const auto& guess : {next_of(a), random, one_bit}) {
    std::string forged = held;
    BOOST_TEST(replace_value(forged, *in->c.proof, flipped(*in->c.proof)) > 0u);
    BOOST_TEST(replace_value(forged, byte_view{v.bytes.data(), v.bytes.size()},
                             byte_view{guess.bytes.data(), guess.bytes.size()}) > 0u);
    auto f = b.decode(forged);
    BOOST_REQUIRE(f);
    BOOST_TEST(f->c.session_id == guess);
    BOOST_TEST(f->c.identity == s.subscriber(0).identity);
    s.inject(forger, next_hop(proxy), proto, forged);
    s.deliver();
  }
  // Each forgery was a message for no open challenge (refused, or challenged again where the
  // binding does so), answered to the forger; the victim got nothing but its own challenge.
  BOOST_TEST(s.ss.stats().replays + s.ss.stats().rechallenged == replays + rechallenged + 3);
  for (const auto& r : s.trace)
    if (r.to == victim)
      if (auto c = kit(proto).refusal_of(r.bytes))
        BOOST_TEST(*c == kit(proto).wire_code(code::unauthorized));
  // The victim's challenge is still open: its genuine answer registers it.
  release = true;
  s.inject(victim, next_hop(proxy), proto, held);
  s.run();
  BOOST_REQUIRE(s.outcome(0));
  BOOST_TEST(s.outcome(0)->established, s.failures());
  BOOST_TEST(s.sink.sessions_in(session_state::established).size() == 2u);
  // The victim's row (opened for its challenge) is established, with no failure reason; what
  // the forgeries left (failed or challenged rows) are rows of their own.
  std::int64_t victims_row = 0;
  for (auto id : before)
    if (s.sink.following(id).wire_session == dialogue::wire_session(proto, v)) victims_row = id;
  BOOST_REQUIRE(victims_row != 0);
  BOOST_TEST((s.sink.state_of(victims_row) == session_state::established));
  BOOST_TEST(s.sink.reason_of(victims_row).empty());
  for (auto id : s.sink.sessions_in(session_state::failed)) {
    BOOST_TEST(id != victims_row);
    BOOST_TEST(s.sink.following(id).wire_session != dialogue::wire_session(proto, v));
  }
}

// -- the key and its protection ---------------------------------------------------------------

// A man in the middle changes the success response: E_Kc(SK) no longer unwraps (the wrap's
// integrity check), or the MAC no longer verifies; either way the terminal refuses the key, the
// refusal is recorded, and the edge forgets SK.
struct key_field {
  const char* name;
  bytes dialogue::content::*field;
  const char* terminal_reason;
  const char* recorded_reason;
};
std::ostream& operator<<(std::ostream& os, const key_field& f) { return os << f.name; }
const key_field key_fields[] = {
  {"wrapped key", &dialogue::content::wrapped_t, "E_Kc(SK) rejected", "terminal refused the key"},
  {"MAC", &dialogue::content::mac, "message verification word mismatch",
   "message verification word"},
};

BOOST_DATA_TEST_CASE(a_tampered_key_delivery_is_refused_by_the_terminal,
                     protocols_and_proxies * data::make(key_fields), proto, proxy, f) {
  scenario s{proto, proxy};
  tamper(s, next_hop(proxy), t1, step::success,
         [field = f.field](const dialogue::content& c, std::string& bytes) {
           BOOST_TEST(replace_value(bytes, c.*field, flipped(c.*field)) > 0u);
         });
  s.start_all();
  s.run();
  BOOST_REQUIRE(s.outcome(0));
  BOOST_TEST(!s.outcome(0)->established);
  BOOST_TEST(contains(s.outcome(0)->reason, f.terminal_reason));
  BOOST_TEST(contains(s.sink.reason_of(only_session(s, session_state::failed)),
                      f.recorded_reason));
  BOOST_TEST(s.sink.sessions_in(session_state::established).empty());
  const auto& id = s.subscriber(0).identity;
  BOOST_TEST((proxy ? s.sp->session_key(id) : s.ss.session_key(id)) == nullptr);
}

// A man in the middle hides the terminal's strongest mechanism from the edge: the edge chooses a
// weaker one, and the terminal (which knows what it offered) refuses the key.
BOOST_DATA_TEST_CASE(bidding_down_in_the_request_is_detected, protocols_and_proxies, proto,
                     proxy) {
  scenario s{proto, proxy};
  tamper(s, t1, next_hop(proxy), step::reg_request,
         [](const dialogue::content&, std::string& bytes) {
           BOOST_TEST(rename_mechanism(bytes, "aes-gcm", "aes-gcx") > 0u);
         });
  s.start_all();
  s.run();
  BOOST_REQUIRE(s.outcome(0));
  BOOST_TEST(!s.outcome(0)->established);
  BOOST_TEST(contains(s.outcome(0)->reason, "bidding-down"));
  BOOST_TEST(contains(s.sink.reason_of(only_session(s, session_state::failed)), "bidding-down"));
}

// A man in the middle shows the terminal a weaker edge list: the terminal mirrors it and the
// edge (proxy or soft switch) refuses with 494 (RFC 3329 §2.3.1).
BOOST_DATA_TEST_CASE(an_altered_edge_list_is_caught_by_the_edge, protocols_and_proxies, proto,
                     proxy) {
  scenario s{proto, proxy};
  tamper(s, next_hop(proxy), t1, step::challenge,
         [](const dialogue::content&, std::string& bytes) {
           BOOST_TEST(rename_mechanism(bytes, "aes-gcm", "aes-gcx") > 0u);
         });
  s.start_all();
  s.run();
  BOOST_REQUIRE(s.outcome(0));
  BOOST_TEST(!s.outcome(0)->established);
  BOOST_TEST(refused_with(s, next_hop(proxy), t1, code::sec_agree_required));
  if (proxy) BOOST_TEST(s.sp->stats().sec_agree_mismatches == 1u);
  BOOST_TEST(contains(s.sink.reason_of(only_session(s, session_state::failed)),
                      "mirror of its mechanism list was altered"));
}

// -- bad input and a silent AuC ---------------------------------------------------------------

BOOST_DATA_TEST_CASE(malformed_input_gets_the_protocols_answer_and_a_recorded_failure,
                     protocols_and_proxies, proto, proxy) {
  scenario s{proto, proxy};
  s.inject(t1, next_hop(proxy), proto, kit(proto).malformed_request);
  s.inject(t1, next_hop(proxy), proto, std::string()); // nothing to answer
  s.deliver();
  BOOST_TEST(refusals(s, next_hop(proxy), t1).size() == 1u);
  if (proxy) BOOST_TEST(s.sp->stats().malformed == 2u);
  else BOOST_TEST(s.ss.stats().malformed == 2u);
  const auto failed = s.sink.sessions_in(session_state::failed);
  BOOST_REQUIRE_EQUAL(failed.size(), 2u);
  for (auto id : failed)
    BOOST_TEST(contains(s.sink.reason_of(id), "malformed " + std::string(to_string(proto))));
  // The emulation carries on: a real registration still works.
  BOOST_REQUIRE_MESSAGE(s.register_all(), s.failures());
}

BOOST_DATA_TEST_CASE(silent_auc_gives_504_and_the_terminal_gives_up_without_hanging,
                     protocols_and_proxies, proto, proxy) {
  scenario s{proto, proxy};
  s.drop_auc = true;
  s.start_all();
  s.run(300 * ngn::seconds);
  BOOST_REQUIRE(s.outcome(0)); // no hung terminal
  BOOST_TEST(!s.outcome(0)->established);
  BOOST_TEST(refused_with(s, next_hop(proxy), t1, code::timeout));
  BOOST_TEST(s.outcome(0)->attempts == s.profile.max_attempts);
  BOOST_TEST(s.ss.stats().auc_timeouts == s.profile.max_attempts);
}

// The AuC answers, but too late: the soft switch has answered 504. The row the AuC opened is
// the one that fails, with the timeout as its one reason; the late challenge creates nothing.
BOOST_DATA_TEST_CASE(a_late_auc_leaves_one_failed_row_with_one_reason, protocols_and_proxies,
                     proto, proxy) {
  scenario s{proto, proxy};
  s.profile.max_attempts = 1;
  s.hold_commits = true;
  s.start_all();
  s.run(30 * ngn::seconds);
  BOOST_REQUIRE(s.outcome(0));
  BOOST_TEST(!s.outcome(0)->established);
  s.hold_commits = false;
  s.deliver();
  s.advance(200 * ngn::seconds, ngn::seconds);
  BOOST_REQUIRE_EQUAL(s.sink.all_sessions().size(), 1u);
  BOOST_TEST(s.sink.reason_of(only_session(s, session_state::failed))
             == "authentication center did not answer");
  BOOST_TEST(s.sink.sessions_in(session_state::expired).empty());
}

BOOST_DATA_TEST_CASE(auc_back_after_a_while_the_terminal_completes, protocols_and_proxies, proto,
                     proxy) {
  scenario s{proto, proxy};
  s.drop_auc = true;
  s.start_all();
  s.run(3 * ngn::seconds);
  BOOST_TEST(!s.outcome(0));
  s.drop_auc = false;
  s.run(300 * ngn::seconds);
  BOOST_REQUIRE(s.outcome(0));
  BOOST_TEST(s.outcome(0)->established, s.outcome(0)->reason);
  BOOST_TEST(s.outcome(0)->attempts > 1);
}

BOOST_DATA_TEST_CASE(sqn_out_of_range_resynchronises_then_succeeds, protocols_and_proxies, proto,
                     proxy) {
  scenario s{proto, proxy};
  s.terminal(0).set_sqn_ms(1'000'000); // the USIM saw a much higher SQN than the AuC has
  BOOST_REQUIRE_MESSAGE(s.register_all(), s.failures());
  BOOST_TEST(s.outcome(0)->resyncs == 1);
  BOOST_TEST(s.sink.count_resyncs() == 1u);
  BOOST_TEST(s.sink.sqn_of(s.subscriber(0).identity) > 1'000'000u);
  BOOST_TEST(s.sink.sessions_in(session_state::established).size() == 1u);
}

BOOST_AUTO_TEST_SUITE_END()
