// The signaling proxy alone (elements/proxy_fsm.hpp), between a terminal and a soft switch that
// the test plays with the bindings' functions: negotiation and its refusal, hop transaction ids
// and routing answers back by them, the mirror check, the success response (MAC added, the edge
// copy of SK stripped, SK kept), unwrap failures, malformed input, the sweep, unroutable answers.
#include "unit_support.hpp"

#include "elements/proxy_fsm.hpp"

#include <boost/test/unit_test.hpp>

using namespace ngn;
using namespace ngn::test;
using namespace ngn::test::unit;

namespace {

const ngn::session_id session = ngn::session_id::of_number(777);

struct fixture {
  explicit fixture(protocol p,
                   mechanism_list supported = {{"hmac-sha256", 700}, {"aes-gcm", 600}})
    : b(binding_for(p)) {
    elements::proxy_config c;
    c.name = "sp1";
    c.node = "core";
    c.edge.key = make_key(8);
    c.edge.role = crypto::kek_role::proxy;
    c.edge.supported = std::move(supported);
    c.self = dialogue::address{0x0a000002u, 5060};
    c.softswitch = ss_id;
    c.session_timeout = 64 * seconds;
    c.bindings = &bindings();
    sp.emplace(std::move(c), rng);
    alice.b = &b;
    alice.identity = "alice@ngn.example";
    alice.remote = sp->config().self;
  }

  const elements::proxy_config& cfg() const { return sp->config(); }

  /// `bytes` from terminal `from`; returns the proxy's outbox.
  outbox from_terminal(element_id from, std::string bytes, micros now = t0) {
    outbox out;
    sp->on_envelope(wire(sp_id, from, b.proto(), std::move(bytes)), now, out);
    return out;
  }
  /// `bytes` from the soft switch.
  outbox from_ss(std::string bytes, micros now = t0) {
    outbox out;
    sp->on_envelope(wire(sp_id, ss_id, b.proto(), std::move(bytes)), now, out);
    return out;
  }

  /// The one message relayed to the soft switch, on behalf of `origin`, decoded.
  dialogue::inbound relayed_up(const outbox& out, element_id origin) {
    BOOST_REQUIRE_EQUAL(out.messages.size(), 1u);
    const auto& e = out.messages[0];
    BOOST_REQUIRE_EQUAL(e.to, ss_id);
    BOOST_TEST(e.origin == origin);
    return decode_ok(b, e.payload);
  }

  /// The soft switch's challenge to `request` (it sits behind the proxy: no list, no choice).
  std::string challenge(const dialogue::inbound& request, const vector_for& v) {
    dialogue::challenge_fields f;
    f.session_id = session;
    f.rand = v.rand;
    f.autn = v.autn;
    f.realm = "ngn.example";
    f.local = ss_addr;
    return b.challenge(request, f);
  }

  /// The soft switch's success to `reg_message` with both wrapped copies.
  std::string success(const dialogue::inbound& reg_message, const vector_for& v) {
    dialogue::success_fields f;
    f.session_id = session;
    f.wrapped_t = v.wrapped_t;
    f.wrapped_edge = v.wrapped_edge;
    f.xres = &v.res;
    f.realm = "ngn.example";
    f.local = ss_addr;
    return b.success(reg_message, f);
  }

  /// Registration request from alice (t1) up to the soft switch; returns what the soft switch got.
  dialogue::inbound request(micros now = t0) {
    return relayed_up(from_terminal(t1, alice.request(), now), t1);
  }

  /// Request and challenge: returns the challenge as alice receives it.
  dialogue::inbound challenged(const vector_for& v, micros now = t0) {
    auto at_ss = request(now);
    // The soft switch acknowledges a command first (MGCP, H.248): relayed back by the hop tid.
    if (!at_ss.ack.empty()) {
      auto acked = from_ss(at_ss.ack, now);
      BOOST_REQUIRE_EQUAL(sent_to(acked, t1).size(), 1u);
    }
    auto out = from_ss(challenge(at_ss, v), now + ms);
    return only_step_to(b, out, t1);
  }

  /// Through the registration message: returns it as the soft switch receives it.
  dialogue::inbound responded(const vector_for& v, dialogue::inbound* at_terminal = nullptr) {
    auto ch = challenged(v);
    if (at_terminal) *at_terminal = ch;
    auto up = from_terminal(t1, alice.message(ch, v.res), t0 + 2 * ms);
    auto steps = steps_to(b, up, ss_id);
    BOOST_REQUIRE_EQUAL(steps.size(), 1u);
    return steps.front();
  }

  vector_for vector(std::uint64_t seed = 1) {
    return make_vector(make_subscriber(alice.identity, 5), 32, seed, cfg().edge.key,
                       crypto::kek_role::proxy);
  }

  const dialogue::binding& b;
  seeded_random rng{77};
  std::optional<elements::proxy_fsm> sp;
  terminal_wire alice;
  dialogue::address ss_addr{0x0a000001u, 5060};
};

} // namespace

BOOST_AUTO_TEST_SUITE(proxy_fsm_unit)

BOOST_DATA_TEST_CASE(a_request_is_relayed_under_the_proxys_own_transaction_id, every_protocol,
                     proto) {
  fixture f{proto};
  const auto original = decode_ok(f.b, f.alice.request());
  auto at_ss = f.request();
  BOOST_TEST(at_ss.c.kind == step::reg_request);
  BOOST_TEST(at_ss.c.identity == f.alice.identity);
  BOOST_TEST((at_ss.c.offered == f.alice.offered));
  BOOST_TEST(at_ss.c.tid == f.b.hop_tid("sp1", 1));
  BOOST_TEST(at_ss.c.tid != original.c.tid);
  BOOST_TEST(f.sp->stats().relayed_up == 1u);
  BOOST_TEST(f.sp->in_progress() == 1u);
  // The next request gets the next hop id.
  auto bob = f.alice;
  bob.identity = "bob@ngn.example";
  auto at_ss2 = f.relayed_up(f.from_terminal(t2, bob.request()), t2);
  BOOST_TEST(at_ss2.c.tid == f.b.hop_tid("sp1", 2));
}

BOOST_DATA_TEST_CASE(the_challenge_reaches_the_terminal_with_the_proxys_list, every_protocol,
                     proto) {
  fixture f{proto};
  auto v = f.vector();
  const auto original = decode_ok(f.b, f.alice.request());
  auto ch = f.challenged(v);
  BOOST_TEST(ch.c.kind == step::challenge);
  BOOST_TEST(ch.c.session_id == session);
  BOOST_TEST((ch.c.rand == v.rand));
  BOOST_TEST((ch.c.autn == v.autn));
  BOOST_TEST((ch.c.edge == f.cfg().edge.supported));
  // Where the protocol carries the choice in the challenge, it is the proxy's.
  if (!ch.c.chosen.empty()) BOOST_TEST(ch.c.chosen == "aes-gcm");
  // An answer is restored to the terminal's own transaction id.
  if (ch.c.is_response) BOOST_TEST(ch.c.tid == original.c.tid);
  // The challenge, and the acknowledgement of the request where there is one.
  const bool acked = !original.ack.empty();
  BOOST_TEST(f.sp->stats().relayed_down == (acked ? 2u : 1u));
}

BOOST_DATA_TEST_CASE(the_registration_message_carries_the_proxys_choice_and_no_mismatch,
                     every_protocol, proto) {
  fixture f{proto};
  auto v = f.vector();
  auto msg = f.responded(v);
  BOOST_TEST(msg.c.kind == step::reg_message);
  BOOST_TEST(msg.c.chosen == "aes-gcm");
  BOOST_TEST(!msg.c.sec_agree_failed);
  BOOST_TEST(proves(f.b, msg, v.res, v.rand));
  BOOST_TEST(f.sp->stats().sec_agree_mismatches == 0u);
}

BOOST_DATA_TEST_CASE(a_mirror_that_differs_from_the_proxys_list_is_flagged, every_protocol,
                     proto) {
  fixture f{proto};
  auto v = f.vector();
  f.request();
  // A man in the middle shortened the list the terminal saw (as if another proxy had sent it):
  // the terminal mirrors what it saw, which is not what this proxy sent.
  fixture mitm{proto, {{"aes-gcm", 600}}};
  auto seen = mitm.challenged(v);
  BOOST_REQUIRE((seen.c.edge == mechanism_list{{"aes-gcm", 600}}));
  auto up = f.from_terminal(t1, f.alice.message(seen, v.res), t0 + 2 * ms);
  auto msg = only_step_to(f.b, up, ss_id);
  BOOST_TEST(msg.c.sec_agree_failed);
  BOOST_TEST(msg.c.chosen == "aes-gcm");
  BOOST_TEST(f.sp->stats().sec_agree_mismatches == 1u);
}

BOOST_DATA_TEST_CASE(success_gets_the_mac_loses_the_edge_copy_and_the_proxy_keeps_sk,
                     every_protocol, proto) {
  fixture f{proto};
  auto v = f.vector();
  dialogue::inbound ch;
  auto msg = f.responded(v, &ch);
  // DESIGN.md §1.2: the proxy announced its inbound SPI in the challenge it relayed.
  BOOST_TEST(ch.c.edge_spi >= esp::min_spi);
  const auto ok_at_ss = decode_ok(f.b, f.success(msg, v));
  BOOST_REQUIRE(!ok_at_ss.c.wrapped_edge.empty()); // the soft switch sent E_Ksp(SK)
  auto out = f.from_ss(f.success(msg, v), t0 + 3 * ms);
  auto ok = only_step_to(f.b, out, t1);
  BOOST_TEST(ok.c.kind == step::success);
  BOOST_TEST(ok.c.wrapped_edge.empty());
  BOOST_TEST((ok.c.wrapped_t == std::vector<std::uint8_t>(v.wrapped_t.begin(), v.wrapped_t.end())));
  BOOST_TEST(ok.c.chosen == "aes-gcm");
  // The MAC covers both SPIs: the terminal's (from its request) and the proxy's.
  const auto mac =
    elements::compute_mvw(v.sk, f.alice.identity, session, f.alice.offered,
                          f.cfg().edge.supported, "aes-gcm", v.wrapped_t, f.alice.spi,
                          ch.c.edge_spi);
  BOOST_TEST((ok.c.mac == std::vector<std::uint8_t>(mac.begin(), mac.end())));
  const auto* sk = f.sp->session_key(f.alice.identity);
  BOOST_REQUIRE(sk != nullptr);
  BOOST_TEST((*sk == v.sk));
  BOOST_TEST(f.sp->stats().established == 1u);
  BOOST_TEST(f.sp->registered() == 1u);
  BOOST_TEST(f.sp->in_progress() == 0u);
  BOOST_TEST(f.sp->stats().unwrap_failures == 0u);
}

BOOST_DATA_TEST_CASE(an_edge_copy_that_does_not_unwrap_is_counted_and_forwarded_without_mac,
                     every_protocol, proto) {
  fixture f{proto};
  // Wrapped under another key than Ksp.
  auto v = make_vector(make_subscriber(f.alice.identity, 5), 32, 1, make_key(99),
                       crypto::kek_role::proxy);
  auto msg = f.responded(v);
  auto out = f.from_ss(f.success(msg, v), t0 + 3 * ms);
  auto ok = only_step_to(f.b, out, t1);
  BOOST_TEST(ok.c.kind == step::success);
  BOOST_TEST(ok.c.mac.empty());
  BOOST_TEST(ok.c.wrapped_edge.empty());
  BOOST_TEST(f.sp->stats().unwrap_failures == 1u);
  BOOST_TEST(f.sp->stats().established == 0u);
  BOOST_TEST(f.sp->session_key(f.alice.identity) == nullptr);
  BOOST_TEST(f.sp->registered() == 0u);
}

BOOST_DATA_TEST_CASE(no_sec_agree_is_relayed_unprotected, every_protocol, proto) {
  fixture f{proto};
  f.alice.offered.clear();
  auto v = f.vector();
  auto at_ss = f.request();
  BOOST_TEST(at_ss.c.offered.empty());
  dialogue::inbound at_terminal;
  auto msg = f.responded(v, &at_terminal);
  BOOST_TEST(msg.c.chosen.empty());
  BOOST_TEST(!msg.c.sec_agree_failed); // nothing to mirror
  auto ok = only_step_to(f.b, f.from_ss(f.success(msg, v), t0 + 3 * ms), t1);
  BOOST_TEST(ok.c.chosen.empty());
  const auto mac = elements::compute_mvw(v.sk, f.alice.identity, session, {},
                                         f.cfg().edge.supported, "", v.wrapped_t, 0, 0);
  BOOST_TEST((ok.c.mac == std::vector<std::uint8_t>(mac.begin(), mac.end())));
  BOOST_TEST(f.sp->registered() == 1u);
  BOOST_TEST(f.sp->stats().no_common_mechanism == 0u);
}

BOOST_DATA_TEST_CASE(no_common_mechanism_is_refused_with_494_and_reported_to_the_softswitch,
                     every_protocol, proto) {
  fixture f{proto};
  f.alice.offered = {{"null", 500}};
  auto out = f.from_terminal(t1, f.alice.request(), t0 + 5);
  BOOST_TEST(f.sp->stats().no_common_mechanism == 1u);
  BOOST_TEST(f.sp->stats().relayed_up == 0u);
  BOOST_TEST(f.sp->in_progress() == 0u);
  auto rej = only_step_to(f.b, out, t1);
  BOOST_TEST(rej.c.kind == step::rejection);
  BOOST_TEST(rej.c.result == code::sec_agree_required);
  // The soft switch gets the failure (on behalf of the terminal) to record with its AuC.
  BOOST_REQUIRE_EQUAL(out.messages.size(), 2u);
  const auto& e = out.messages[1];
  BOOST_TEST(e.to == ss_id);
  BOOST_TEST(e.origin == t1);
  auto r = only_auc<auc::auth_report>(out);
  BOOST_TEST(r.identity == f.alice.identity);
  BOOST_TEST(r.proto == proto);
  BOOST_TEST(r.proxy == "sp1");
  BOOST_TEST(r.proxy_node == "core");
  BOOST_TEST(!r.success);
  BOOST_TEST(r.db_id == 0);
  BOOST_TEST(r.reason
             == "no common security mechanism: offered null;q=0.5, the proxy supports "
                "hmac-sha256;q=0.7,aes-gcm;q=0.6");
  BOOST_TEST(r.t_request == t0 + 5);
}

BOOST_AUTO_TEST_CASE(answers_are_routed_by_hop_transaction_id_per_protocol) {
  // RAS's first hop id and MGCP's second are both "2": the table tells them apart by protocol.
  fixture ras{protocol::h323}, mgcp{protocol::mgcp};
  BOOST_REQUIRE(ras.b.hop_tid("sp1", 1) == mgcp.b.hop_tid("sp1", 2));
  auto& sp = *ras.sp; // one proxy for both
  auto bob = mgcp.alice;
  bob.identity = "bob@ngn.example";
  const auto ras_original = decode_ok(ras.b, ras.alice.request());
  const auto mgcp_original = decode_ok(mgcp.b, bob.request());
  outbox out;
  sp.on_envelope(wire(sp_id, t1, protocol::h323, ras.alice.request()), t0, out);
  sp.on_envelope(wire(sp_id, t2, protocol::mgcp, bob.request()), t0, out);
  BOOST_REQUIRE_EQUAL(out.messages.size(), 2u);
  auto ras_at_ss = decode_ok(ras.b, out.messages[0].payload);
  auto mgcp_at_ss = decode_ok(mgcp.b, out.messages[1].payload);
  BOOST_REQUIRE(ras_at_ss.c.tid == mgcp_at_ss.c.tid);

  // The MGCP acknowledgement (a response without identity) goes to bob only.
  BOOST_REQUIRE(!mgcp_at_ss.ack.empty());
  out.clear();
  sp.on_envelope(wire(sp_id, ss_id, protocol::mgcp, mgcp_at_ss.ack), t0 + 1, out);
  BOOST_REQUIRE_EQUAL(out.messages.size(), 1u);
  BOOST_TEST(out.messages[0].to == t2);
  auto ack = decode_ok(mgcp.b, out.messages[0].payload);
  BOOST_TEST(ack.c.kind == step::ack);
  BOOST_TEST(ack.c.tid == mgcp_original.c.tid);

  // The RAS challenge (GRJ) goes to alice, with her requestSeqNum.
  out.clear();
  auto v = ras.vector();
  sp.on_envelope(wire(sp_id, ss_id, protocol::h323, ras.challenge(ras_at_ss, v)), t0 + 2, out);
  BOOST_REQUIRE_EQUAL(out.messages.size(), 1u);
  BOOST_TEST(out.messages[0].to == t1);
  auto ch = decode_ok(ras.b, out.messages[0].payload);
  BOOST_TEST(ch.c.kind == step::challenge);
  BOOST_TEST(ch.c.tid == ras_original.c.tid);
  BOOST_TEST(sp.stats().unroutable == 0u);

  // An acknowledgement keeps its route for a moment (a rejection carried as a command may follow
  // it); once that has passed and the proxy has swept, the acknowledgement has nowhere to go.
  out.clear();
  sp.on_envelope(wire(sp_id, ss_id, protocol::mgcp, mgcp_at_ss.ack), t0 + 3, out);
  BOOST_REQUIRE_EQUAL(out.messages.size(), 1u);
  BOOST_TEST(out.messages[0].to == t2);
  out.clear();
  sp.on_tick(t0 + 3 * seconds, out);
  sp.on_envelope(wire(sp_id, ss_id, protocol::mgcp, mgcp_at_ss.ack), t0 + 3 * seconds, out);
  BOOST_TEST(out.messages.empty());
  BOOST_TEST(sp.stats().unroutable == 1u);
}

BOOST_AUTO_TEST_CASE(four_protocols_at_once_each_answer_reaches_its_terminal) {
  // One proxy, a terminal per protocol, requests interleaved, answers in reverse order.
  fixture f{protocol::sip};
  struct leg {
    const dialogue::binding* b;
    terminal_wire t;
    element_id id;
    dialogue::inbound original, at_ss;
  };
  std::vector<leg> legs;
  for (std::size_t i = 0; i < protocol_count; ++i) {
    leg l;
    l.b = &binding_for(all_protocols[i]);
    l.t = f.alice;
    l.t.b = l.b;
    l.t.identity = "t" + std::to_string(i) + "@ngn.example";
    l.id = elements::terminal_id(0, static_cast<std::uint32_t>(10 + i));
    l.original = decode_ok(*l.b, l.t.request());
    outbox out;
    f.sp->on_envelope(wire(sp_id, l.id, l.b->proto(), l.t.request()), t0, out);
    BOOST_REQUIRE_EQUAL(out.messages.size(), 1u);
    l.at_ss = decode_ok(*l.b, out.messages[0].payload);
    legs.push_back(std::move(l));
  }
  for (auto i = legs.rbegin(); i != legs.rend(); ++i) {
    BOOST_TEST_CONTEXT(to_string(i->b->proto())) {
      auto v = make_vector(make_subscriber(i->t.identity, 5), 32, 1);
      dialogue::challenge_fields cf;
      cf.session_id = session;
      cf.rand = v.rand;
      cf.autn = v.autn;
      outbox out;
      f.sp->on_envelope(wire(sp_id, ss_id, i->b->proto(), i->b->challenge(i->at_ss, cf)), t0, out);
      BOOST_REQUIRE_EQUAL(out.messages.size(), 1u);
      BOOST_TEST(out.messages[0].to == i->id);
      auto ch = decode_ok(*i->b, out.messages[0].payload);
      BOOST_TEST(ch.c.kind == step::challenge);
      if (ch.c.is_response) BOOST_TEST(ch.c.tid == i->original.c.tid);
    }
  }
  BOOST_TEST(f.sp->stats().unroutable == 0u);
  BOOST_TEST(f.sp->stats().relayed_down == 4u);
}

BOOST_DATA_TEST_CASE(a_rejection_from_the_softswitch_ends_the_registration_in_progress,
                     every_protocol, proto) {
  fixture f{proto};
  auto at_ss = f.request();
  BOOST_REQUIRE_EQUAL(f.sp->in_progress(), 1u);
  auto out = f.from_ss(f.b.rejection(at_ss, code::timeout, "AuC silent", f.ss_addr));
  auto rej = only_step_to(f.b, out, t1);
  BOOST_TEST(rej.c.kind == step::rejection);
  BOOST_TEST(rej.c.result == code::timeout);
  BOOST_TEST(f.sp->in_progress() == 0u);
}

BOOST_DATA_TEST_CASE(a_key_refusal_makes_the_proxy_forget_sk, every_protocol, proto) {
  fixture f{proto};
  auto v = f.vector();
  dialogue::inbound ch;
  auto msg = f.responded(v, &ch);
  auto ok = only_step_to(f.b, f.from_ss(f.success(msg, v), t0 + 3 * ms), t1);
  BOOST_REQUIRE(f.sp->session_key(f.alice.identity) != nullptr);
  auto out = f.from_terminal(t1, f.alice.refusal(ch, ok, v.res, "no thanks"), t0 + 4 * ms);
  auto up = only_step_to(f.b, out, ss_id);
  BOOST_TEST(up.c.kind == step::refusal);
  BOOST_TEST(f.sp->session_key(f.alice.identity) == nullptr);
  BOOST_TEST(f.sp->registered() == 0u);
}

BOOST_AUTO_TEST_CASE(malformed_input_from_a_terminal_gets_the_protocol_answer_and_a_report) {
  fixture f{protocol::sip};
  // A REGISTER whose CSeq is not a number: SIP answers 400.
  std::string bad = f.alice.request();
  const auto at = bad.find("CSeq: ");
  BOOST_REQUIRE(at != std::string::npos);
  bad.replace(at + 6, 1, "x");
  auto err = f.b.decode(bad);
  BOOST_REQUIRE(!err);
  auto out = f.from_terminal(t1, bad, t0 + 9);
  BOOST_TEST(f.sp->stats().malformed == 1u);
  BOOST_TEST(f.sp->stats().relayed_up == 0u);
  auto answer = sent_to(out, t1);
  BOOST_REQUIRE_EQUAL(answer.size(), 1u);
  BOOST_TEST(answer[0].payload == f.b.malformed_answer(bad, err.error(), f.cfg().self));
  BOOST_TEST(answer[0].payload.rfind("SIP/2.0 400", 0) == 0u);
  auto r = only_auc<auc::auth_report>(out);
  BOOST_TEST(!r.success);
  BOOST_TEST(r.proxy == "sp1");
  BOOST_TEST(contains(r.reason, "malformed sip message at the proxy: "), r.reason);
  BOOST_TEST(r.t_request == t0 + 9);
  BOOST_TEST(out.messages.back().origin == t1);
}

BOOST_DATA_TEST_CASE(garbage_from_a_terminal_is_counted_and_reported, every_protocol, proto) {
  fixture f{proto};
  auto out = f.from_terminal(t1, "\x7f\x00garbage", t0);
  BOOST_TEST(f.sp->stats().malformed == 1u);
  BOOST_TEST(f.sp->stats().relayed_up == 0u);
  auto r = only_auc<auc::auth_report>(out);
  BOOST_TEST(contains(r.reason, "malformed " + std::string(to_string(proto))), r.reason);
}

BOOST_DATA_TEST_CASE(garbage_from_the_softswitch_is_counted_and_dropped, every_protocol, proto) {
  fixture f{proto};
  f.request();
  auto out = f.from_ss("\x7f\x00garbage");
  BOOST_TEST(out.empty());
  BOOST_TEST(f.sp->stats().malformed == 1u);
  BOOST_TEST(f.sp->in_progress() == 1u);
}

BOOST_DATA_TEST_CASE(an_answer_nobody_waits_for_is_unroutable, every_protocol, proto) {
  fixture f{proto};
  // A challenge for a request this proxy never relayed (another identity, another hop id).
  auto request = decode_ok(f.b, f.alice.request());
  auto v = f.vector();
  auto out = f.from_ss(f.challenge(request, v));
  BOOST_TEST(out.empty());
  BOOST_TEST(f.sp->stats().unroutable == 1u);
  BOOST_TEST(f.sp->stats().relayed_down == 0u);
}

BOOST_DATA_TEST_CASE(stale_registrations_and_transactions_are_swept, every_protocol, proto) {
  fixture f{proto};
  outbox out;
  auto at_ss = f.request(t0);
  BOOST_REQUIRE_EQUAL(f.sp->in_progress(), 1u);
  const micros expiry = t0 + f.cfg().session_timeout;
  f.sp->on_tick(expiry - 1, out); // within the timeout: kept
  BOOST_TEST(f.sp->in_progress() == 1u);
  f.sp->on_tick(expiry - 1 + seconds, out); // sweeps run once a second
  BOOST_TEST(f.sp->in_progress() == 0u);
  BOOST_TEST(out.empty());
  // The soft switch's late answer has nowhere to go: neither its hop id nor the identity is known.
  auto v = f.vector();
  auto late = f.from_ss(f.challenge(at_ss, v), expiry + seconds);
  BOOST_TEST(late.empty());
  BOOST_TEST(f.sp->stats().unroutable == 1u);
}

BOOST_AUTO_TEST_CASE(sweeps_run_at_most_once_a_second) {
  fixture f{protocol::sip};
  outbox out;
  f.request(t0 + 100 * ms); // expires at t0 + 64.1 s
  f.sp->on_tick(t0 + 64 * seconds, out); // a sweep: not expired yet
  BOOST_TEST(f.sp->in_progress() == 1u);
  f.sp->on_tick(t0 + 64 * seconds + 500 * ms, out); // expired, but the last sweep was 0.5 s ago
  BOOST_TEST(f.sp->in_progress() == 1u);
  f.sp->on_tick(t0 + 65 * seconds, out);
  BOOST_TEST(f.sp->in_progress() == 0u);
}

BOOST_AUTO_TEST_CASE(auc_messages_are_not_for_the_proxy) {
  fixture f{protocol::sip};
  outbox out;
  auc::auth_report r;
  r.identity = "alice@ngn.example";
  f.sp->on_envelope(auc_envelope(sp_id, ss_id, auc::message{r}), t0, out);
  BOOST_TEST(out.empty());
  BOOST_TEST(f.sp->stats().malformed == 0u);
}

BOOST_AUTO_TEST_SUITE_END()
