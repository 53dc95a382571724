// The soft switch alone (elements/softswitch_fsm.hpp), with a terminal (or a proxy) and an AuC
// played by the test: the authentication request and its fields, the challenge, every verdict
// of the verification words, the success report with the edge's mechanism, the AuC timeout,
// resynchronisation, replays and re-challenges, key refusals, registrar admission, and reports
// sent again until acknowledged.
#include "unit_support.hpp"

#include "elements/softswitch_fsm.hpp"
#include "protocols/dialogue/wire_ids.hpp"

#include <boost/test/unit_test.hpp>

using namespace ngn;
using namespace ngn::test;
using namespace ngn::test::unit;

namespace {

/// Another session id than `id`: `id` with its last bit flipped.
ngn::session_id next_of(ngn::session_id id) {
  id.bytes[15] ^= 1;
  return id;
}

constexpr std::int64_t db_id = 41;

struct fixture {
  explicit fixture(protocol p) : b(binding_for(p)), sub(make_subscriber("alice@ngn.example", 21)) {
    elements::softswitch_config c;
    c.name = "ss1";
    c.node = "core";
    c.edge.key = make_key(7);
    c.edge.role = crypto::kek_role::softswitch;
    c.edge.supported = {{"hmac-sha256", 700}, {"aes-gcm", 600}};
    c.domain = "ngn.example";
    c.self = dialogue::address{0x0a000001u, 5060};
    c.auc_timeout = 2 * seconds;
    c.response_timeout = 32 * seconds;
    c.grace = 32 * seconds;
    c.max_resyncs = 2;
    c.bindings = &bindings();
    c.auc_for = [](std::string_view) { return auc_id; };
    c.peer = [](element_id from, element_id origin) {
      elements::peer_info p;
      p.is_proxy = from == sp_id;
      if (p.is_proxy) {
        p.proxy = "sp1";
        p.proxy_node = "edge";
      }
      if (!p.is_proxy || origin != elements::no_element) p.terminal_node = "terminals";
      return p;
    };
    ss.emplace(std::move(c), rng);
    alice.b = &b;
    alice.identity = sub.identity;
  }

  const elements::softswitch_config& cfg() const { return ss->config(); }

  /// Where the soft switch's answers go: the terminal, or the proxy on its behalf.
  element_id peer() const { return proxied ? sp_id : t1; }

  /// Delivers a terminal's `bytes` (relayed by the proxy when `proxied`, with `chosen` and the
  /// mirror flag the proxy adds).
  outbox send(const std::string& bytes, micros now, std::string_view chosen = {},
              bool mismatch = false) {
    outbox out;
    if (!proxied) {
      ss->on_envelope(wire(ss_id, t1, b.proto(), bytes), now, out);
      return out;
    }
    dialogue::relay_edit e;
    e.direction = dialogue::relay_edit::toward::softswitch;
    e.self = dialogue::address{0x0a000002u, 5060};
    e.chosen = chosen;
    e.sec_agree_failed = mismatch;
    auto in = decode_ok(b, bytes);
    const std::string tid = b.hop_tid("sp1", ++hop);
    if (!in.c.is_response) e.tid = tid;
    ss->on_envelope(wire(ss_id, sp_id, b.proto(), b.relay(in, e), t1), now, out);
    return out;
  }

  outbox from_auc(const auc::message& m, micros now) {
    outbox out;
    ss->on_envelope(auc_envelope(ss_id, auc_id, m), now, out);
    return out;
  }
  outbox tick(micros now) {
    outbox out;
    ss->on_tick(now, out);
    return out;
  }

  /// The request: returns what the AuC is asked.
  auc::auth_request request(micros now = t0) {
    auto out = send(alice.request(), now);
    // Only the acknowledgement (MGCP, H.248) goes back to the terminal for now.
    BOOST_TEST(steps_to(b, out, peer()).empty());
    auto ar = only_auc<auc::auth_request>(out);
    BOOST_TEST(out.messages.back().to == auc_id);
    return ar;
  }

  vector_for vector(std::uint64_t seed = 1) {
    return proxied ? make_vector(sub, 32, seed, make_key(8), crypto::kek_role::proxy)
                   : make_vector(sub, 32, seed, cfg().edge.key, crypto::kek_role::softswitch);
  }

  /// Request and vector: returns the challenge the terminal gets.
  dialogue::inbound challenged(const vector_for& v, micros now = t0) {
    ar = request(now);
    auto out = from_auc(auc::message{to_auc(v, ar.session_id, db_id)}, now + ms);
    auto ch = only_step_to(b, out, peer());
    BOOST_REQUIRE(ch.c.kind == step::challenge);
    if (proxied) BOOST_TEST(out.messages.back().origin == t1);
    return ch;
  }

  /// The one report to the AuC in `out`.
  auc::auth_report report(const outbox& out) { return only_auc<auc::auth_report>(out); }

  /// A rejection to the terminal with code `c`, and the failure report with `reason`.
  void check_rejected(const outbox& out, code c, std::string_view reason) {
    auto rej = only_step_to(b, out, peer());
    BOOST_TEST(rej.c.kind == step::rejection);
    BOOST_TEST(rej.c.result == c);
    auto r = report(out);
    BOOST_TEST(!r.success);
    BOOST_TEST(r.reason == reason);
    BOOST_TEST(r.db_id == db_id);
    BOOST_TEST(r.session_id == ar.session_id);
    BOOST_TEST(r.identity == sub.identity);
    BOOST_TEST(ss->stats().rejected == 1u);
    BOOST_TEST(ss->stats().established == 0u);
    BOOST_TEST(ss->sessions() == 0u);
  }

  const dialogue::binding& b;
  subscriber sub;
  seeded_random rng{3};
  std::optional<elements::softswitch_fsm> ss;
  terminal_wire alice;
  bool proxied = false;
  std::uint64_t hop = 0;
  auc::auth_request ar;
};

} // namespace

BOOST_AUTO_TEST_SUITE(softswitch_fsm_unit)

BOOST_DATA_TEST_CASE(a_request_asks_the_auc_with_every_field, every_protocol, proto) {
  fixture f{proto};
  const auto req = decode_ok(f.b, f.alice.request());
  auto out = f.send(f.alice.request(), t0 + 3);
  // The acknowledgement where the protocol has one, and the authentication request.
  const auto to_t = sent_to(out, t1);
  BOOST_REQUIRE_EQUAL(to_t.size(), req.ack.empty() ? 0u : 1u);
  auto ar = only_auc<auc::auth_request>(out);
  BOOST_TEST(out.messages.back().to == auc_id);
  BOOST_TEST(bool(ar.session_id));
  BOOST_TEST(ar.wire_session == dialogue::wire_session(proto, ar.session_id));
  BOOST_TEST(ar.wire_session.size() == 32u);
  BOOST_TEST(ar.identity == f.sub.identity);
  BOOST_TEST(ar.proto == proto);
  BOOST_TEST(ar.softswitch == "ss1");
  BOOST_TEST(ar.softswitch_node == "core");
  BOOST_TEST(ar.proxy.empty());
  BOOST_TEST(ar.proxy_node.empty());
  BOOST_TEST(ar.terminal_node == "terminals");
  BOOST_TEST(ar.t_request == t0 + 3);
  BOOST_TEST(f.ss->stats().requests == 1u);
  BOOST_TEST(f.ss->sessions() == 1u);
  // A second request is another session.
  auto ar2 = f.request(t0 + 4);
  BOOST_TEST(ar2.session_id != ar.session_id);
}

BOOST_DATA_TEST_CASE(a_relayed_request_names_the_proxy_and_the_terminals_node, every_protocol,
                     proto) {
  fixture f{proto};
  f.proxied = true;
  auto ar = f.request();
  BOOST_TEST(ar.proxy == "sp1");
  BOOST_TEST(ar.proxy_node == "edge");
  BOOST_TEST(ar.terminal_node == "terminals");
}

BOOST_DATA_TEST_CASE(the_vector_becomes_the_challenge, every_protocol * data::make({false, true}),
                     proto, proxied) {
  fixture f{proto};
  f.proxied = proxied;
  auto v = f.vector();
  auto ch = f.challenged(v);
  BOOST_TEST(ch.c.session_id == f.ar.session_id);
  BOOST_TEST((ch.c.rand == v.rand));
  BOOST_TEST((ch.c.autn == v.autn));
  if (proxied) {
    BOOST_TEST(ch.c.edge.empty()); // the proxy adds its own list
    BOOST_TEST(ch.c.chosen.empty());
  } else {
    BOOST_TEST((ch.c.edge == f.cfg().edge.supported));
    if (!ch.c.chosen.empty()) BOOST_TEST(ch.c.chosen == "aes-gcm");
  }
  BOOST_TEST(f.ss->stats().challenges == 1u);
}

BOOST_DATA_TEST_CASE(matching_words_succeed_and_the_edge_mac_and_report_follow, every_protocol,
                     proto) {
  fixture f{proto};
  auto v = f.vector();
  auto ch = f.challenged(v);
  auto out = f.send(f.alice.message(ch, v.res), t0 + 5 * ms);
  auto ok = only_step_to(f.b, out, t1);
  BOOST_TEST(ok.c.kind == step::success);
  BOOST_TEST(ok.c.chosen == "aes-gcm");
  BOOST_TEST((ok.c.wrapped_t == bytes(v.wrapped_t.begin(), v.wrapped_t.end())));
  BOOST_TEST(ok.c.wrapped_edge.empty()); // E_Kss(SK) stays here
  // 3 elements: the soft switch is the edge and sends the MAC (DESIGN.md §1).
  // Over both SPIs too (DESIGN.md §1.2): the terminal's, and the one this soft switch announced
  // in its challenge.
  BOOST_TEST(ch.c.edge_spi >= esp::min_spi);
  const auto mac =
    elements::compute_mvw(v.sk, f.sub.identity, f.ar.session_id, f.alice.offered,
                          f.cfg().edge.supported, "aes-gcm", v.wrapped_t, f.alice.spi,
                          ch.c.edge_spi);
  BOOST_TEST((ok.c.mac == bytes(mac.begin(), mac.end())));
  const auto* sk = f.ss->session_key(f.sub.identity);
  BOOST_REQUIRE(sk != nullptr);
  BOOST_TEST((*sk == v.sk));
  auto r = f.report(out);
  BOOST_TEST(r.success);
  BOOST_TEST(r.mechanism == "aes-gcm");
  BOOST_TEST(r.reason.empty());
  BOOST_TEST(r.db_id == db_id);
  BOOST_TEST(r.session_id == f.ar.session_id);
  BOOST_TEST(r.softswitch == "ss1");
  BOOST_TEST(r.terminal_node == "terminals");
  BOOST_TEST(r.t_request == t0);
  BOOST_TEST(r.t_response == t0 + 5 * ms);
  BOOST_TEST(r.t_success == t0 + 5 * ms);
  BOOST_TEST(f.ss->stats().established == 1u);
  BOOST_TEST(f.ss->registered() == 1u);
  BOOST_TEST(f.ss->sessions() == 1u); // kept for the grace period
  BOOST_TEST(f.ss->unacknowledged_reports() == 1u);
}

BOOST_DATA_TEST_CASE(behind_a_proxy_the_report_names_the_proxys_choice, every_protocol, proto) {
  fixture f{proto};
  f.proxied = true;
  auto v = f.vector();
  auto ch = f.challenged(v);
  auto out = f.send(f.alice.message(ch, v.res), t0 + 5 * ms, "hmac-sha256");
  auto ok = only_step_to(f.b, out, sp_id);
  BOOST_TEST(ok.c.kind == step::success);
  // The proxy's copy travels to it; the MAC is the proxy's to add.
  BOOST_TEST((ok.c.wrapped_edge == bytes(v.wrapped_edge.begin(), v.wrapped_edge.end())));
  BOOST_TEST(ok.c.mac.empty());
  BOOST_TEST(out.messages.front().origin == t1);
  BOOST_TEST(f.ss->session_key(f.sub.identity) == nullptr); // the SS never learns SK
  auto r = f.report(out);
  BOOST_TEST(r.success);
  BOOST_TEST(r.mechanism == "hmac-sha256");
  BOOST_TEST(r.proxy == "sp1");
  BOOST_TEST(r.proxy_node == "edge");
}

BOOST_DATA_TEST_CASE(without_sec_agree_the_mechanism_is_no_sec_agree,
                     every_protocol * data::make({false, true}), proto, proxied) {
  fixture f{proto};
  f.proxied = proxied;
  f.alice.offered.clear();
  auto v = f.vector();
  auto ch = f.challenged(v);
  auto out = f.send(f.alice.message(ch, v.res), t0 + 5 * ms);
  auto ok = only_step_to(f.b, out, f.peer());
  BOOST_TEST(ok.c.kind == step::success);
  BOOST_TEST(ok.c.chosen.empty());
  auto r = f.report(out);
  BOOST_TEST(r.success);
  BOOST_TEST(r.mechanism == "no-sec-agree");
}

BOOST_DATA_TEST_CASE(a_proxy_that_reports_no_choice_for_an_offer_is_a_494, every_protocol,
                     proto) {
  fixture f{proto};
  f.proxied = true;
  auto v = f.vector();
  auto ch = f.challenged(v);
  f.check_rejected(f.send(f.alice.message(ch, v.res), t0 + 5 * ms), code::sec_agree_required,
                   "the proxy reported no chosen mechanism");
}

BOOST_DATA_TEST_CASE(a_mirror_mismatch_seen_by_the_proxy_is_a_494, every_protocol, proto) {
  fixture f{proto};
  f.proxied = true;
  auto v = f.vector();
  auto ch = f.challenged(v);
  f.check_rejected(f.send(f.alice.message(ch, v.res), t0 + 5 * ms, "aes-gcm", true),
                   code::sec_agree_required,
                   "bidding-down detected by the proxy: the mirror of its mechanism list was altered");
}

BOOST_DATA_TEST_CASE(no_verification_word_is_refused, every_protocol, proto) {
  fixture f{proto};
  auto v = f.vector();
  auto ch = f.challenged(v);
  f.check_rejected(f.send(f.alice.auth_failure(ch), t0 + 5 * ms), code::forbidden,
                   "terminal rejected the challenge (AUTN did not verify: wrong key?)");
  BOOST_TEST(f.ss->session_key(f.sub.identity) == nullptr);
}

BOOST_DATA_TEST_CASE(an_answer_to_another_challenge_is_refused, every_protocol, proto) {
  fixture f{proto};
  auto v = f.vector();
  f.challenged(v);
  // The same session, but a challenge with another RAND (a forged or stale one).
  auto other = f.vector(2);
  dialogue::challenge_fields cf;
  cf.session_id = f.ar.session_id;
  cf.rand = other.rand;
  cf.autn = other.autn;
  cf.edge = &f.cfg().edge.supported;
  cf.realm = "ngn.example";
  auto forged = decode_ok(f.b, f.b.challenge(decode_ok(f.b, f.alice.request()), cf));
  f.check_rejected(f.send(f.alice.message(forged, other.res), t0 + 5 * ms), code::forbidden,
                   "the registration message answers another challenge (RAND differs)");
}

BOOST_DATA_TEST_CASE(a_wrong_verification_word_is_refused, every_protocol, proto) {
  fixture f{proto};
  auto v = f.vector();
  auto ch = f.challenged(v);
  auto wrong = v.res;
  wrong[3] ^= 0x10;
  f.check_rejected(f.send(f.alice.message(ch, wrong), t0 + 5 * ms), code::forbidden,
                   "verification words differ");
}

BOOST_DATA_TEST_CASE(no_common_mechanism_is_a_494_before_the_auc_is_asked, every_protocol,
                     proto) {
  fixture f{proto};
  f.alice.offered = {{"null", 100}};
  auto out = f.send(f.alice.request(), t0);
  auto rej = only_step_to(f.b, out, t1);
  BOOST_TEST(rej.c.result == code::sec_agree_required);
  auto r = f.report(out); // the only AuC message: a report, no authentication request
  BOOST_TEST(r.db_id == 0);
  BOOST_TEST(r.reason
             == "no common security mechanism: offered null;q=0.1, the soft switch supports "
                "hmac-sha256;q=0.7,aes-gcm;q=0.6");
  BOOST_TEST(f.ss->stats().no_common_mechanism == 1u);
  BOOST_TEST(f.ss->stats().requests == 1u);
  BOOST_TEST(f.ss->sessions() == 0u);
}

BOOST_DATA_TEST_CASE(a_silent_auc_gives_504_and_a_report_naming_the_session,
                     every_protocol * data::make({false, true}), proto, proxied) {
  fixture f{proto};
  f.proxied = proxied;
  auto ar = f.request(t0);
  BOOST_TEST(f.tick(t0 + 2 * seconds - 1).empty());
  auto out = f.tick(t0 + 2 * seconds);
  auto rej = only_step_to(f.b, out, f.peer());
  BOOST_TEST(rej.c.kind == step::rejection);
  BOOST_TEST(rej.c.result == code::timeout);
  auto r = f.report(out);
  BOOST_TEST(!r.success);
  BOOST_TEST(r.db_id == 0); // the AuC finds its row by (soft switch, session id)
  BOOST_TEST(r.session_id == ar.session_id);
  BOOST_TEST(r.softswitch == "ss1");
  BOOST_TEST(r.reason == "authentication center did not answer");
  BOOST_TEST(f.ss->stats().auc_timeouts == 1u);
  BOOST_TEST(f.ss->sessions() == 0u);
  // The vector arriving late is ignored.
  auto v = f.vector();
  BOOST_TEST(f.from_auc(auc::message{to_auc(v, ar.session_id, db_id)}, t0 + 3 * seconds).empty());
  BOOST_TEST(f.ss->stats().challenges == 0u);
}

BOOST_DATA_TEST_CASE(auc_refusals_are_answered_without_a_report, every_protocol * data::make({
                       auc::status::unknown_identity, auc::status::unavailable,
                       auc::status::unknown_element, auc::status::resync_failed}),
                     proto, st) {
  fixture f{proto};
  auto ar = f.request();
  auc::auth_vector v;
  v.session_id = ar.session_id;
  v.db_id = db_id;
  v.result = st;
  auto out = f.from_auc(auc::message{v}, t0 + ms);
  auto rej = only_step_to(f.b, out, t1);
  BOOST_TEST(rej.c.kind == step::rejection);
  const code expected = st == auc::status::unknown_identity ? code::not_found
                        : st == auc::status::unavailable    ? code::unavailable
                                                            : code::forbidden;
  BOOST_TEST(rej.c.result == expected);
  BOOST_TEST(auc_sent(out).empty()); // the AuC recorded it itself
  BOOST_TEST(f.ss->stats().rejected == 1u);
  BOOST_TEST(f.ss->sessions() == 0u);
}

BOOST_DATA_TEST_CASE(a_vector_for_no_session_is_ignored, every_protocol, proto) {
  fixture f{proto};
  auto ar = f.request();
  auto v = f.vector();
  BOOST_TEST(f.from_auc(auc::message{to_auc(v, next_of(ar.session_id), db_id)}, t0).empty());
  // Answered once: a duplicate of the vector finds the session challenged, not waiting.
  f.from_auc(auc::message{to_auc(v, ar.session_id, db_id)}, t0);
  BOOST_TEST(f.from_auc(auc::message{to_auc(v, ar.session_id, db_id)}, t0).empty());
  BOOST_TEST(f.ss->stats().challenges == 1u);
}

BOOST_DATA_TEST_CASE(resynchronisation_asks_the_auc_then_challenges_afresh, every_protocol,
                     proto) {
  fixture f{proto};
  auto v = f.vector();
  auto ch = f.challenged(v);
  const dialogue::auts_t auts{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14};
  auto out = f.send(f.alice.resync(ch, auts), t0 + 5 * ms);
  BOOST_TEST(steps_to(f.b, out, t1).empty());
  auto rr = only_auc<auc::resync_request>(out);
  BOOST_TEST(out.messages.back().to == auc_id);
  BOOST_TEST(rr.session_id == f.ar.session_id);
  BOOST_TEST(rr.db_id == db_id);
  BOOST_TEST(rr.identity == f.sub.identity);
  BOOST_TEST((rr.rand == v.rand));
  BOOST_TEST((rr.auts == auts));
  BOOST_TEST(rr.t == t0 + 5 * ms);
  BOOST_TEST(f.ss->stats().resyncs == 1u);

  auto fresh = f.vector(2);
  out = f.from_auc(auc::message{to_auc(fresh, f.ar.session_id, db_id)}, t0 + 6 * ms);
  auto ch2 = only_step_to(f.b, out, t1);
  BOOST_TEST(ch2.c.kind == step::challenge);
  BOOST_TEST(ch2.c.session_id == f.ar.session_id);
  BOOST_TEST((ch2.c.rand == fresh.rand));
  BOOST_TEST(f.ss->stats().challenges == 2u);
  // The old RAND no longer counts; the fresh one does.
  out = f.send(f.alice.message(ch2, fresh.res), t0 + 7 * ms);
  BOOST_TEST(only_step_to(f.b, out, t1).c.kind == step::success);
  BOOST_TEST(f.report(out).success);
}

BOOST_DATA_TEST_CASE(a_silent_auc_during_resynchronisation_gives_504, every_protocol, proto) {
  fixture f{proto};
  auto v = f.vector();
  auto ch = f.challenged(v);
  f.send(f.alice.resync(ch, dialogue::auts_t{}), t0 + 5 * ms);
  BOOST_TEST(f.tick(t0 + 5 * ms + 2 * seconds - 1).empty());
  f.check_rejected(f.tick(t0 + 5 * ms + 2 * seconds), code::timeout,
                   "authentication center did not answer");
  BOOST_TEST(f.ss->stats().auc_timeouts == 1u);
}

BOOST_DATA_TEST_CASE(too_many_resynchronisations_are_refused, every_protocol, proto) {
  fixture f{proto};
  auto v = f.vector();
  auto ch = f.challenged(v);
  for (std::uint64_t i = 0; i < 2; ++i) {
    f.send(f.alice.resync(ch, dialogue::auts_t{}), t0 + 5 * ms);
    auto again = f.vector(10 + i);
    ch = only_step_to(f.b, f.from_auc(auc::message{to_auc(again, f.ar.session_id, db_id)},
                                      t0 + 6 * ms),
                      t1);
  }
  f.check_rejected(f.send(f.alice.resync(ch, dialogue::auts_t{}), t0 + 7 * ms), code::forbidden,
                   "too many resynchronisations");
  BOOST_TEST(f.ss->stats().resyncs == 2u);
}

BOOST_DATA_TEST_CASE(a_replayed_registration_message_is_refused_with_403, every_protocol, proto) {
  fixture f{proto};
  auto v = f.vector();
  auto ch = f.challenged(v);
  const auto msg = f.alice.message(ch, v.res);
  f.send(msg, t0 + 5 * ms);
  BOOST_REQUIRE_EQUAL(f.ss->stats().established, 1u);
  auto out = f.send(msg, t0 + 6 * ms);
  auto rej = only_step_to(f.b, out, t1);
  BOOST_TEST(rej.c.kind == step::rejection);
  BOOST_TEST(rej.c.result == code::forbidden);
  auto r = f.report(out);
  BOOST_TEST(r.db_id == 0);
  BOOST_TEST(r.reason == "registration message without an open challenge (replay or forgery)");
  BOOST_TEST(f.ss->stats().replays == 1u);
  BOOST_TEST(f.ss->stats().established == 1u);
  BOOST_TEST(f.ss->stats().rechallenged == 0u);
}

BOOST_DATA_TEST_CASE(an_answer_to_a_closed_challenge_is_challenged_again_only_where_the_binding_does,
                     every_protocol, proto) {
  fixture f{proto};
  auto v = f.vector();
  auto ch = f.challenged(v);
  // The challenge expires without an answer; the answer comes later.
  f.tick(t0 + 40 * seconds);
  BOOST_REQUIRE_EQUAL(f.ss->sessions(), 0u);
  auto out = f.send(f.alice.message(ch, v.res), t0 + 41 * seconds);
  auto sent = auc_sent(out);
  BOOST_REQUIRE(!sent.empty());
  const auto* r = std::get_if<auc::auth_report>(&sent.front());
  BOOST_REQUIRE(r != nullptr);
  BOOST_TEST(r->db_id == 0);
  if (f.b.rechallenges_closed()) {
    // A fresh challenge after asking the AuC again (SIP: a 401 with stale=TRUE, RFC 2617).
    BOOST_TEST(contains(r->reason, "challenged again"), r->reason);
    BOOST_REQUIRE_EQUAL(sent.size(), 2u);
    const auto* ar = std::get_if<auc::auth_request>(&sent[1]);
    BOOST_REQUIRE(ar != nullptr);
    BOOST_TEST(ar->identity == f.sub.identity);
    BOOST_TEST(ar->session_id != f.ar.session_id);
    BOOST_TEST(steps_to(f.b, out, t1).empty());
    BOOST_TEST(f.ss->stats().rechallenged == 1u);
    BOOST_TEST(f.ss->stats().replays == 0u);
    auto v2 = f.vector(2);
    auto again = f.from_auc(auc::message{to_auc(v2, ar->session_id, db_id)}, t0 + 42 * seconds);
    auto ch2 = only_step_to(f.b, again, t1);
    BOOST_TEST(ch2.c.kind == step::challenge);
    BOOST_TEST((ch2.c.rand == v2.rand));
    BOOST_TEST(contains(sent_to(again, t1).front().payload, "stale=TRUE"));
  } else {
    BOOST_TEST(sent.size() == 1u);
    BOOST_TEST(r->reason == "registration message without an open challenge (replay or forgery)");
    auto rej = only_step_to(f.b, out, t1);
    BOOST_TEST(rej.c.result == code::forbidden);
    BOOST_TEST(f.ss->stats().replays == 1u);
    BOOST_TEST(f.ss->stats().rechallenged == 0u);
  }
}

BOOST_DATA_TEST_CASE(no_registration_message_in_time_is_reported, every_protocol, proto) {
  fixture f{proto};
  auto v = f.vector();
  f.challenged(v);
  BOOST_TEST(f.tick(t0 + ms + 32 * seconds - 1).empty());
  auto out = f.tick(t0 + ms + 32 * seconds);
  BOOST_TEST(sent_to(out, t1).empty()); // nothing to tell a silent terminal
  auto r = f.report(out);
  BOOST_TEST(!r.success);
  BOOST_TEST(r.db_id == db_id);
  BOOST_TEST(r.reason == "no registration message within 32 s");
  BOOST_TEST(f.ss->sessions() == 0u);
}

BOOST_DATA_TEST_CASE(a_key_refusal_within_the_grace_period_is_reported, every_protocol, proto) {
  fixture f{proto};
  auto v = f.vector();
  auto ch = f.challenged(v);
  auto ok = only_step_to(f.b, f.send(f.alice.message(ch, v.res), t0 + 5 * ms), t1);
  // A refusal that does not prove RES is not the terminal's: ignored.
  auto wrong = v.res;
  wrong[0] ^= 1;
  BOOST_TEST(auc_sent(f.send(f.alice.refusal(ch, ok, wrong, "forged"), t0 + 6 * ms)).empty());
  BOOST_TEST(f.ss->stats().refusals == 0u);
  auto out = f.send(f.alice.refusal(ch, ok, v.res, "MAC mismatch"), t0 + 7 * ms);
  auto r = f.report(out);
  BOOST_TEST(!r.success);
  BOOST_TEST(r.db_id == db_id);
  BOOST_TEST(r.session_id == f.ar.session_id);
  BOOST_TEST(r.reason == "terminal refused the key: MAC mismatch");
  BOOST_TEST(f.ss->stats().refusals == 1u);
  BOOST_TEST(f.ss->stats().established == 0u);
  BOOST_TEST(f.ss->session_key(f.sub.identity) == nullptr);
  BOOST_TEST(f.ss->sessions() == 0u);
  // Once only.
  BOOST_TEST(auc_sent(f.send(f.alice.refusal(ch, ok, v.res, "again"), t0 + 8 * ms)).empty());
}

BOOST_DATA_TEST_CASE(a_key_refusal_after_the_grace_period_is_ignored, every_protocol, proto) {
  fixture f{proto};
  auto v = f.vector();
  auto ch = f.challenged(v);
  auto ok = only_step_to(f.b, f.send(f.alice.message(ch, v.res), t0 + 5 * ms), t1);
  f.from_auc(auc::message{auc::report_ack{db_id}}, t0 + 6 * ms);
  f.tick(t0 + 5 * ms + 32 * seconds - 1);
  BOOST_TEST(f.ss->sessions() == 1u);
  f.tick(t0 + 5 * ms + 32 * seconds);
  BOOST_TEST(f.ss->sessions() == 0u);
  auto out = f.send(f.alice.refusal(ch, ok, v.res, "late"), t0 + 40 * seconds);
  BOOST_TEST(auc_sent(out).empty());
  BOOST_TEST(f.ss->stats().refusals == 0u);
  BOOST_TEST(f.ss->stats().established == 1u);
}

BOOST_AUTO_TEST_CASE(a_request_for_another_domain_is_not_admitted) {
  fixture f{protocol::sip};
  f.alice.domain = "other.example";
  auto out = f.send(f.alice.request(), t0);
  auto rej = only_step_to(f.b, out, t1);
  BOOST_TEST(rej.c.result == code::not_found);
  auto r = f.report(out);
  BOOST_TEST(r.db_id == 0);
  BOOST_TEST(r.reason
             == "Request-URI sip:other.example is not in the registrar's domain ngn.example");
  BOOST_TEST(f.ss->stats().not_admitted == 1u);
  BOOST_TEST(f.ss->stats().rejected == 1u);
  BOOST_TEST(f.ss->stats().requests == 0u);
}

BOOST_AUTO_TEST_CASE(credentials_for_another_realm_fail_the_open_challenge) {
  fixture f{protocol::sip};
  auto v = f.vector();
  f.challenged(v);
  dialogue::challenge_fields cf;
  cf.session_id = f.ar.session_id;
  cf.rand = v.rand;
  cf.autn = v.autn;
  cf.realm = "evil.example";
  auto evil = decode_ok(f.b, f.b.challenge(decode_ok(f.b, f.alice.request()), cf));
  f.check_rejected(f.send(f.alice.message(evil, v.res), t0 + 5 * ms), code::forbidden,
                   "credentials for realm 'evil.example', not 'ngn.example'");
  BOOST_TEST(f.ss->stats().not_admitted == 1u);
}

BOOST_AUTO_TEST_CASE(other_bindings_admit_everything) {
  for (auto p : {protocol::mgcp, protocol::h248, protocol::h323}) {
    fixture f{p};
    f.alice.domain = "other.example";
    f.request();
    BOOST_TEST(f.ss->stats().not_admitted == 0u);
  }
}

BOOST_DATA_TEST_CASE(reports_are_sent_again_until_acknowledged, every_protocol, proto) {
  fixture f{proto};
  auto v = f.vector();
  auto ch = f.challenged(v);
  const micros at = t0 + 5 * ms;
  f.send(f.alice.message(ch, v.res), at);
  BOOST_TEST(auc_sent(f.tick(at + seconds - 1)).empty());
  auto again = f.report(f.tick(at + seconds));
  BOOST_TEST(again.success);
  BOOST_TEST(again.db_id == db_id);
  BOOST_TEST(f.ss->stats().reports_resent == 1u);
  BOOST_TEST(f.ss->unacknowledged_reports() == 1u);
  BOOST_TEST(f.from_auc(auc::message{auc::report_ack{db_id}}, at + seconds + 1).empty());
  BOOST_TEST(f.ss->unacknowledged_reports() == 0u);
  BOOST_TEST(auc_sent(f.tick(at + 30 * seconds)).empty());
  BOOST_TEST(f.ss->stats().reports_resent == 1u);
  BOOST_TEST(f.ss->stats().reports_lost == 0u);
}

BOOST_DATA_TEST_CASE(malformed_input_gets_the_protocol_answer_and_a_report, every_protocol,
                     proto) {
  fixture f{proto};
  const std::string garbage = "\x7f\x00 garbage";
  auto err = f.b.decode(garbage);
  BOOST_REQUIRE(!err);
  auto out = f.send(garbage, t0);
  BOOST_TEST(f.ss->stats().malformed == 1u);
  const auto answer = f.b.malformed_answer(garbage, err.error(), f.cfg().self);
  const auto to_t = sent_to(out, t1);
  BOOST_REQUIRE_EQUAL(to_t.size(), answer.empty() ? 0u : 1u);
  if (!answer.empty()) BOOST_TEST(to_t[0].payload == answer);
  auto r = f.report(out);
  BOOST_TEST(r.identity.empty());
  BOOST_TEST(contains(r.reason, "malformed " + std::string(to_string(proto)) + " message: "),
             r.reason);
}

BOOST_AUTO_TEST_CASE(a_proxys_failure_report_is_forwarded_to_the_auc) {
  fixture f{protocol::mgcp};
  auc::auth_report r;
  r.identity = "alice@ngn.example";
  r.proto = protocol::mgcp;
  r.proxy = "sp1";
  r.proxy_node = "edge";
  r.reason = "no common security mechanism";
  outbox out;
  f.ss->on_envelope(envelope{ss_id, sp_id, elements::envelope_kind::auc,
                             auc::encode(auc::message{r}), t1},
                    t0, out);
  auto fwd = f.report(out);
  BOOST_TEST(out.messages[0].to == auc_id);
  BOOST_TEST(fwd.identity == r.identity);
  BOOST_TEST(fwd.reason == r.reason);
  BOOST_TEST(fwd.softswitch == "ss1");
  BOOST_TEST(fwd.softswitch_node == "core");
  BOOST_TEST(fwd.proxy == "sp1");
  BOOST_TEST(fwd.terminal_node == "terminals");
  // A success, or a report about an AuC session, is not the proxy's to make: dropped.
  r.success = true;
  outbox none;
  f.ss->on_envelope(auc_envelope(ss_id, sp_id, auc::message{r}), t0, none);
  r.success = false;
  r.db_id = 5;
  f.ss->on_envelope(auc_envelope(ss_id, sp_id, auc::message{r}), t0, none);
  BOOST_TEST(none.empty());
}

BOOST_AUTO_TEST_CASE(undecodable_auc_messages_are_dropped) {
  fixture f{protocol::sip};
  outbox out;
  f.ss->on_envelope(envelope{ss_id, auc_id, elements::envelope_kind::auc, "\x02\x01"}, t0, out);
  f.ss->on_envelope(envelope{ss_id, auc_id, elements::envelope_kind::control, "x"}, t0, out);
  BOOST_TEST(out.empty());
}

// Issue 12: a request equivalent to the identity's open challenge (a lost 401, a flood) gets that
// challenge again: no AuC request, no new session (TS 33.203 §6.1: one authentication at a time).
BOOST_DATA_TEST_CASE(an_equivalent_request_gets_the_open_challenge_again, every_protocol, proto) {
  fixture f{proto};
  auto v = f.vector();
  auto ch = f.challenged(v);
  ++f.alice.sequence; // a new transaction, the same registration
  auto out = f.send(f.alice.request(), t0 + 2 * ms);
  BOOST_TEST(auc_sent(out).empty());
  auto again = only_step_to(f.b, out, f.peer());
  BOOST_REQUIRE(again.c.kind == step::challenge);
  BOOST_TEST(again.c.session_id == ch.c.session_id);
  BOOST_TEST((again.c.rand == v.rand));
  BOOST_TEST((again.c.autn == v.autn));
  BOOST_TEST(f.ss->stats().challenges_reused == 1u);
  BOOST_TEST(f.ss->stats().requests == 1u);
  BOOST_TEST(f.ss->sessions() == 1u);
  // The answer to it still succeeds.
  out = f.send(f.alice.message(again, v.res), t0 + 3 * ms);
  auto ok = only_step_to(f.b, out, f.peer());
  BOOST_TEST(ok.c.kind == step::success);
}

// A request that differs (another SPI) does not end the open challenge: it gets its own.
BOOST_DATA_TEST_CASE(a_different_request_does_not_abort_the_open_challenge, every_protocol, proto) {
  fixture f{proto};
  auto v = f.vector();
  f.challenged(v);
  f.alice.spi = 0x0badcafe;
  auto out = f.send(f.alice.request(), t0 + 2 * ms);
  BOOST_TEST(auc_sent(out).size() == 1u);
  BOOST_TEST(f.ss->sessions() == 2u);
  BOOST_TEST(f.ss->stats().challenges_reused == 0u);
}

// Overload control on the AuC leg: past max_auc_pending outstanding requests the answer is the
// binding's "unavailable" (SIP 503), and the AuC is not asked.
BOOST_DATA_TEST_CASE(past_the_auc_bound_requests_are_answered_unavailable, every_protocol, proto) {
  fixture f{proto};
  auto c = f.cfg();
  c.admission.max_auc_pending = 1;
  f.ss.emplace(std::move(c), f.rng);
  f.request();
  terminal_wire bob;
  bob.b = &f.b;
  bob.identity = "bob@ngn.example";
  auto out = f.send(bob.request(), t0 + ms);
  BOOST_TEST(auc_sent(out).empty());
  auto rej = only_step_to(f.b, out, f.peer());
  BOOST_TEST(rej.c.kind == step::rejection);
  BOOST_TEST((rej.c.result == code::unavailable));
  BOOST_TEST(f.ss->stats().overload_auc == 1u);
  BOOST_TEST(f.ss->sessions() == 1u);
}

BOOST_AUTO_TEST_CASE(a_sip_503_says_when_to_come_back) {
  fixture f{protocol::sip};
  auto c = f.cfg();
  c.admission.max_auc_pending = 0;
  f.ss.emplace(std::move(c), f.rng);
  auto out = f.send(f.alice.request(), t0);
  auto to = sent_to(out, t1);
  BOOST_REQUIRE_EQUAL(to.size(), 1u);
  BOOST_TEST(to[0].payload.find("SIP/2.0 503") == 0u);
  BOOST_TEST(to[0].payload.find("\r\nRetry-After: 1\r\n") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
