// The terminal state machine alone (elements/terminal_fsm.hpp): every step and every failure,
// driven with the answers a soft switch would send, built with the binding's soft-switch
// functions. Each case runs for every protocol: the terminal's behaviour is protocol-neutral.
#include "unit_support.hpp"

#include "elements/terminal_fsm.hpp"

#include <boost/test/unit_test.hpp>

using namespace ngn;
using namespace ngn::test;
using namespace ngn::test::unit;
using elements::terminal_state;

namespace {

constexpr element_id terminal_id = elements::terminal_id(0, 5);
const ngn::session_id session = ngn::session_id::of_number(4242);

/// A terminal and the soft switch it talks to (played by the test with the binding).
struct fixture {
  explicit fixture(protocol p)
    : b(binding_for(p)), sub(make_subscriber("alice@ngn.example", 11)) {
    profile.binding = &b;
    profile.offered = {{"aes-gcm", 900}, {"hmac-sha256", 500}};
    profile.next_hop = ss_id;
    profile.next_hop_addr = ss_addr;
    profile.response_timeout = 4 * seconds;
    profile.backoff = 500 * ms;
    profile.max_backoff = 8 * seconds;
    profile.max_attempts = 8;
    t.emplace(profile, sub.identity, sub.k, sub.opc, dialogue::address{0x0a010005u, 5060}, 5);
  }

  elements::terminal_fsm& term() { return *t; }

  /// The terminal's registration request in `out` (and nothing else), decoded.
  dialogue::inbound request_in(const outbox& o) {
    BOOST_REQUIRE_EQUAL(o.messages.size(), 1u);
    BOOST_REQUIRE(o.outcomes.empty());
    BOOST_REQUIRE_EQUAL(o.messages[0].to, ss_id);
    auto in = decode_ok(b, o.messages[0].payload);
    BOOST_REQUIRE(in.c.kind == step::reg_request);
    return in;
  }

  /// start(): the request, decoded.
  dialogue::inbound start(micros now = t0) {
    out.clear();
    term().start(now, out);
    return request_in(out);
  }

  /// The soft switch's challenge to `request` carrying `v` (3 elements: it is the edge).
  std::string challenge(const dialogue::inbound& request, const vector_for& v,
                        const ngn::session_id& id = session) {
    dialogue::challenge_fields f;
    f.session_id = id;
    f.rand = v.rand;
    f.autn = v.autn;
    f.edge = &edge;
    f.chosen = "aes-gcm";
    f.realm = "ngn.example";
    f.local = ss_addr;
    f.edge_spi = edge_spi;
    return b.challenge(request, f);
  }

  struct success_parts {
    std::string chosen = "aes-gcm";
    bool tamper_wrap = false;
    bool tamper_mac = false;
    std::uint32_t lifetime = 3600;
    /// The SPIs the MAC covers, when not the ones the terminal sent and received (an attacker
    /// who redirects the SAs; DESIGN.md §1.2: the MAC covers both SPIs).
    std::optional<std::uint32_t> mac_terminal_spi, mac_edge_spi;
  };
  /// The soft switch's success answering `reg_message`, with a MAC over what the terminal sent
  /// and received, SPIs included (unless tampered with).
  std::string success(const dialogue::inbound& reg_message, const vector_for& v,
                      const success_parts& p, const ngn::session_id& id = session) {
    auto wrapped = v.wrapped_t;
    if (p.tamper_wrap) wrapped[5] ^= 0x40;
    auto mac = elements::compute_mvw(v.sk, sub.identity, id, profile.offered, edge, p.chosen,
                                     wrapped, p.mac_terminal_spi.value_or(reg_message.c.terminal_spi),
                                     p.mac_edge_spi.value_or(edge_spi));
    if (p.tamper_mac) mac[0] ^= 0x01;
    dialogue::success_fields f;
    f.session_id = id;
    f.chosen = p.chosen;
    f.wrapped_t = wrapped;
    f.mac = mac;
    f.xres = &v.res;
    f.edge = &edge;
    f.realm = "ngn.example";
    f.local = ss_addr;
    f.lifetime = p.lifetime;
    f.edge_spi = edge_spi;
    return b.success(reg_message, f);
  }

  /// The soft switch's SAs (it is the edge) for the registration with SK `sk` (session `id`)
  /// whose terminal announced `terminal_spi`.
  elements::sa_pair edge_sas(const crypto::key128& sk, std::uint32_t terminal_spi,
                             std::string_view mechanism = "aes-gcm", const ngn::session_id& id = session) {
    return sa_pair_of(elements::sa_side::edge, sk, id, mechanism, edge_spi, terminal_spi);
  }

  std::string rejection(const dialogue::inbound& msg, code c, std::string_view reason) {
    return b.rejection(msg, c, reason, ss_addr);
  }

  void deliver(std::string bytes, micros now) {
    out.clear();
    term().on_envelope(wire(terminal_id, ss_id, b.proto(), std::move(bytes)), now, out);
  }
  /// `bytes` from the edge under its SA `sa` (an ESP packet, DESIGN.md §1.2).
  void deliver_esp(elements::sa_outbound& sa, std::string_view bytes, micros now) {
    const auto& ports = info(b.proto());
    auto packet = elements::seal(sa, ports.server_port, ports.terminal_port, bytes);
    BOOST_REQUIRE(!packet.empty());
    deliver_packet(std::move(packet), now);
  }
  void deliver_packet(std::string packet, micros now) {
    out.clear();
    term().on_envelope(envelope{terminal_id, ss_id, elements::envelope_kind::esp,
                                std::move(packet)},
                       now, out);
  }
  /// The messages the terminal sent under its SAs in `out`, opened with the edge's `sa`.
  std::vector<std::string> opened(elements::sa_inbound& sa) {
    std::vector<std::string> r;
    for (const auto& e : esp_to(out, ss_id)) {
      auto d = open_ok(sa, e.payload);
      BOOST_TEST(d.src_port == info(b.proto()).terminal_port);
      BOOST_TEST(d.dst_port == info(b.proto()).server_port);
      r.push_back(std::move(d.message));
    }
    return r;
  }
  void tick(micros now) {
    out.clear();
    term().on_tick(now, out);
  }

  /// The ack of a command the terminal must send back (empty for protocols without).
  std::string ack_of(const std::string& command) { return decode_ok(b, command).ack; }

  /// Runs start → challenge → registration message; returns the registration message.
  dialogue::inbound to_responded(const vector_for& v, std::string* challenge_bytes = nullptr) {
    auto req = start();
    auto ch = challenge(req, v);
    if (challenge_bytes) *challenge_bytes = ch;
    deliver(ch, t0 + ms);
    BOOST_REQUIRE(term().state() == terminal_state::responded);
    auto msg = only_step_to(b, out, ss_id);
    // DESIGN.md §1.2: the registration message carries the terminal's inbound SPI.
    BOOST_TEST(msg.c.terminal_spi >= esp::min_spi);
    return msg;
  }

  /// Runs to registered (granted `lifetime`); returns the edge's SAs.
  elements::sa_pair to_registered(const vector_for& v, micros at = t0 + 2 * ms,
                                  std::uint32_t lifetime = 3600) {
    auto msg = to_responded(v);
    success_parts p;
    p.lifetime = lifetime;
    deliver(success(msg, v, p), at);
    BOOST_REQUIRE(term().state() == terminal_state::registered);
    auto sas = edge_sas(v.sk, msg.c.terminal_spi);
    opened(sas.in); // the success's ack (MGCP, H.248), the first packet under the new SAs
    return sas;
  }

  /// The one outcome in `out`.
  elements::terminal_outcome outcome() {
    BOOST_REQUIRE_EQUAL(out.outcomes.size(), 1u);
    return out.outcomes.front();
  }

  const dialogue::binding& b;
  subscriber sub;
  mechanism_list edge{{"hmac-sha256", 700}, {"aes-gcm", 600}};
  /// The soft switch's inbound SPI, announced in its challenges (DESIGN.md §1.2).
  std::uint32_t edge_spi = 0x00e0e0e0;
  dialogue::address ss_addr{0x0a000001u, 5060};
  elements::terminal_profile profile;
  std::optional<elements::terminal_fsm> t;
  outbox out;
};

} // namespace

BOOST_AUTO_TEST_SUITE(terminal_fsm_unit)

BOOST_DATA_TEST_CASE(start_sends_the_registration_request_with_the_offered_list, every_protocol,
                     proto) {
  fixture f{proto};
  BOOST_TEST(f.term().state() == terminal_state::idle);
  auto req = f.start();
  BOOST_TEST(f.term().state() == terminal_state::requested);
  BOOST_TEST(req.c.identity == f.sub.identity);
  BOOST_TEST((req.c.offered == f.profile.offered));
  BOOST_TEST((req.c.kind == step::reg_request));
  BOOST_TEST(f.term().deadline() == t0 + f.profile.response_timeout);
  // A second start while a registration is under way changes nothing.
  f.out.clear();
  f.term().start(t0 + 1, f.out);
  BOOST_TEST(f.out.empty());
}

BOOST_DATA_TEST_CASE(challenge_is_answered_with_the_second_verification_word, every_protocol,
                     proto) {
  fixture f{proto};
  auto v = make_vector(f.sub, 32, 1);
  auto req = f.start();
  const auto ch = f.challenge(req, v);
  f.deliver(ch, t0 + 3 * ms);
  BOOST_TEST(f.term().state() == terminal_state::responded);
  BOOST_TEST(f.out.outcomes.empty());
  // A command is acknowledged first (MGCP, H.248); then the registration message.
  const auto sent = sent_to(f.out, ss_id);
  const auto ack = f.ack_of(ch);
  BOOST_REQUIRE_EQUAL(sent.size(), ack.empty() ? 1u : 2u);
  if (!ack.empty()) BOOST_TEST(sent[0].payload == ack);
  auto msg = decode_ok(f.b, sent.back().payload);
  BOOST_TEST(msg.c.kind == step::reg_message);
  BOOST_TEST(msg.c.identity == f.sub.identity);
  BOOST_TEST(msg.c.session_id == session);
  BOOST_TEST(!msg.c.auts);
  BOOST_TEST(proves(f.b, msg, v.res, v.rand));
  // The word is RES for this RAND only.
  BOOST_TEST(!proves(f.b, msg, make_vector(f.sub, 32, 2).res, v.rand));
  BOOST_TEST(f.term().sqn_ms() == 32u);
  BOOST_TEST(f.term().deadline() == t0 + 3 * ms + f.profile.response_timeout);
}

BOOST_DATA_TEST_CASE(a_challenge_whose_mac_a_does_not_verify_is_refused_and_fails,
                     every_protocol, proto) {
  fixture f{proto};
  // Made with another K: MAC-A in AUTN does not verify (the network is not authentic).
  auto v = make_vector(make_subscriber(f.sub.identity, 99), 32, 1);
  auto req = f.start();
  f.deliver(f.challenge(req, v), t0 + 2 * ms);
  BOOST_TEST(f.term().state() == terminal_state::failed);
  auto msg = only_step_to(f.b, f.out, ss_id);
  BOOST_TEST(msg.c.kind == step::reg_message);
  BOOST_TEST(!msg.c.proof); // TS 24.229 §5.1.1.5.3: no verification word
  BOOST_TEST(!msg.c.auts);
  auto o = f.outcome();
  BOOST_TEST(!o.established);
  BOOST_TEST(contains(o.reason, "MAC-A"));
  BOOST_TEST(o.attempts == 1u);
  BOOST_TEST(o.latency == 2 * ms);
  BOOST_TEST(f.term().sqn_ms() == 0u);
}

BOOST_DATA_TEST_CASE(an_sqn_that_is_not_fresh_is_resynchronised_then_a_fresh_challenge_answered,
                     every_protocol, proto) {
  fixture f{proto};
  f.term().set_sqn_ms(1'000'000);
  auto stale = make_vector(f.sub, 32, 1);
  auto req = f.start();
  const auto ch1 = f.challenge(req, stale);
  f.deliver(ch1, t0 + ms);
  BOOST_TEST(f.term().state() == terminal_state::requested);
  BOOST_TEST(f.out.outcomes.empty());
  auto resync = only_step_to(f.b, f.out, ss_id);
  BOOST_TEST(resync.c.kind == step::reg_message);
  BOOST_REQUIRE(resync.c.auts);
  BOOST_TEST((resync.c.rand == stale.rand));
  // AUTS carries SQN_MS under MAC-S (TS 33.102 §6.3.5): the AuC recovers 1,000,000.
  crypto::milenage m{f.sub.k, f.sub.opc.raw()};
  auto sqn_ms = crypto::verify_auts(m, stale.rand, *resync.c.auts);
  BOOST_REQUIRE(sqn_ms);
  BOOST_TEST(*sqn_ms == 1'000'000u);
  BOOST_TEST(f.term().deadline() == t0 + ms + f.profile.response_timeout);

  // The fresh challenge (SQN above SQN_MS) answers the resynchronisation message.
  auto fresh = make_vector(f.sub, 1'000'032, 2);
  f.deliver(f.challenge(resync, fresh), t0 + 2 * ms);
  BOOST_TEST(f.term().state() == terminal_state::responded);
  auto msg = only_step_to(f.b, f.out, ss_id);
  BOOST_TEST(!msg.c.auts);
  BOOST_TEST(proves(f.b, msg, fresh.res, fresh.rand));
  BOOST_TEST(f.term().sqn_ms() == 1'000'032u);

  f.deliver(f.success(msg, fresh, {}), t0 + 3 * ms);
  auto o = f.outcome();
  BOOST_TEST(o.established, o.reason);
  BOOST_TEST(o.resyncs == 1u);
  BOOST_TEST(o.attempts == 1u);
}

BOOST_DATA_TEST_CASE(an_sqn_too_far_ahead_is_not_fresh_either, every_protocol, proto) {
  fixture f{proto};
  f.profile.sqn_delta = 1000; // in SEQ units (TS 33.102 Annex C.2.1)
  auto v = make_vector(f.sub, 32 * 1001, 1); // SEQ 1001 - 0 > Δ
  auto req = f.start();
  f.deliver(f.challenge(req, v), t0 + ms);
  auto msg = only_step_to(f.b, f.out, ss_id);
  BOOST_TEST(msg.c.auts.has_value());
  BOOST_TEST(f.term().state() == terminal_state::requested);
}

// Issue 12 item 4, TS 33.102 Annex C.2.2: the USIM keeps SEQ_MS(i) per IND, so a vector older
// than the newest accepted one is still fresh under another IND (vectors used out of order), within
// the limit L (the same SQN again, or one at or below its own entry, is not: tests/crypto).
// Before, one highest SQN refused the older vector.
BOOST_DATA_TEST_CASE(an_older_sqn_under_another_ind_is_fresh, every_protocol, proto) {
  fixture f{proto};
  f.profile.reregister = 60 * seconds;
  auto v = make_vector(f.sub, crypto::make_sqn(10, 10), 1);
  auto edge = f.to_registered(v);
  BOOST_TEST(f.term().sqn_ms() == crypto::make_sqn(10, 10));
  // The refresh is challenged with SEQ 9 under IND 9: older, but its entry is still 0.
  f.tick(t0 + 2 * ms + 60 * seconds);
  auto reqs = f.opened(edge.in);
  BOOST_REQUIRE_EQUAL(reqs.size(), 1u);
  auto req = decode_ok(f.b, reqs[0]);
  auto older = make_vector(f.sub, crypto::make_sqn(9, 9), 2);
  f.deliver_esp(edge.out, f.challenge(req, older), t0 + 61 * seconds);
  auto answers = f.opened(edge.in);
  BOOST_REQUIRE(!answers.empty());
  auto msg = decode_ok(f.b, answers.back());
  BOOST_TEST(!msg.c.auts.has_value());
  BOOST_TEST(proves(f.b, msg, older.res, older.rand));
  BOOST_TEST(f.term().state() == terminal_state::responded);
  BOOST_TEST(f.term().usim().seq_ms(9) == 9u);
  BOOST_TEST(f.term().usim().seq_ms(10) == 10u);
  BOOST_TEST(f.term().sqn_ms() == crypto::make_sqn(10, 10)); // still the highest
}

BOOST_DATA_TEST_CASE(too_many_resynchronisations_fail_the_registration, every_protocol, proto) {
  fixture f{proto};
  f.profile.max_resyncs = 2;
  f.term().set_sqn_ms(1'000'000);
  auto stale = make_vector(f.sub, 32, 1);
  auto msg = f.start();
  for (int i = 0; i < 2; ++i) {
    f.deliver(f.challenge(msg, stale), t0 + (i + 1) * ms);
    msg = only_step_to(f.b, f.out, ss_id);
    BOOST_TEST(msg.c.auts.has_value());
    BOOST_TEST(f.out.outcomes.empty());
  }
  f.deliver(f.challenge(msg, stale), t0 + 3 * ms);
  BOOST_TEST(f.term().state() == terminal_state::failed);
  BOOST_TEST(steps_to(f.b, f.out, ss_id).empty()); // nothing more is answered
  auto o = f.outcome();
  BOOST_TEST(!o.established);
  BOOST_TEST(o.reason == "SQN out of range after resynchronisation");
  BOOST_TEST(o.reason_code == static_cast<std::uint16_t>(elements::reason_code::sqn_out_of_range));
  BOOST_TEST(o.resyncs == 2u);
}

BOOST_DATA_TEST_CASE(success_with_a_good_key_and_mac_establishes_with_the_mechanism,
                     every_protocol, proto) {
  fixture f{proto};
  auto v = make_vector(f.sub, 32, 1);
  auto msg = f.to_responded(v);
  const auto ok = f.success(msg, v, {});
  f.deliver(ok, t0 + 7 * ms);
  BOOST_TEST(f.term().state() == terminal_state::registered);
  // Only the acknowledgement of the success command (MGCP, H.248) goes back, and it is the
  // first message under the new SAs (DESIGN.md §1.2; TS 33.203 §7.4): ESP, nothing in clear.
  const auto ack = f.ack_of(ok);
  BOOST_TEST(sent_to(f.out, ss_id).empty());
  auto edge = f.edge_sas(v.sk, msg.c.terminal_spi);
  const auto acks = f.opened(edge.in);
  BOOST_REQUIRE_EQUAL(acks.size(), ack.empty() ? 0u : 1u);
  if (!ack.empty()) BOOST_TEST(acks[0] == ack);
  // The terminal's SAs are the edge's, mirrored: its inbound SPI is the one it announced, its
  // outbound the edge's, each direction under the same keys (derived from SK, DESIGN.md §1.2).
  const auto* sas = f.term().sas();
  BOOST_REQUIRE(sas != nullptr);
  BOOST_TEST(sas->in.spi == msg.c.terminal_spi);
  BOOST_TEST(sas->out.spi == f.edge_spi);
  BOOST_REQUIRE(sas->in.keys && sas->out.keys);
  BOOST_TEST((*sas->in.keys == *edge.out.keys));
  BOOST_TEST((*sas->out.keys == *edge.in.keys));
  BOOST_TEST((*sas->in.keys != *sas->out.keys));
  auto o = f.outcome();
  BOOST_TEST(o.established, o.reason);
  BOOST_TEST(o.reason.empty());
  BOOST_TEST(o.mechanism == "aes-gcm");
  BOOST_TEST(o.latency == 7 * ms);
  BOOST_TEST(o.attempts == 1u);
  BOOST_TEST(o.resyncs == 0u);
  BOOST_TEST((f.term().session_key() == v.sk));
  BOOST_TEST(f.term().mechanism() == "aes-gcm");
  BOOST_TEST(f.term().deadline() == 0);
  // Registered: ticks do nothing.
  f.tick(t0 + 100 * seconds);
  BOOST_TEST(f.out.empty());
}

BOOST_DATA_TEST_CASE(mechanism_is_the_terminals_priority_among_the_edges, every_protocol,
                     proto) {
  fixture f{proto};
  f.profile.offered = {{"hmac-sha256", 800}, {"aes-gcm", 300}};
  auto v = make_vector(f.sub, 32, 1);
  auto msg = f.to_responded(v);
  // aes-gcm was fine before; with these priorities it is a bidding-down.
  f.deliver(f.success(msg, v, {}), t0 + 7 * ms);
  BOOST_TEST(!f.outcome().established);
  fixture g{proto};
  g.profile.offered = {{"hmac-sha256", 800}, {"aes-gcm", 300}};
  msg = g.to_responded(v);
  fixture::success_parts p;
  p.chosen = "hmac-sha256";
  g.deliver(g.success(msg, v, p), t0 + 7 * ms);
  BOOST_TEST(g.outcome().established, g.outcome().reason);
  BOOST_TEST(g.outcome().mechanism == "hmac-sha256");
}

namespace {

/// A success that the terminal must refuse: the refusal proves RES and the outcome says why.
void check_refused(fixture& f, const vector_for& v, const fixture::success_parts& p,
                   std::string_view reason) {
  auto msg = f.to_responded(v);
  f.deliver(f.success(msg, v, p), t0 + 5 * ms);
  BOOST_TEST(f.term().state() == terminal_state::failed);
  auto refusal = only_step_to(f.b, f.out, ss_id);
  BOOST_TEST(refusal.c.kind == step::refusal);
  BOOST_TEST(refusal.c.identity == f.sub.identity);
  BOOST_TEST(refusal.c.session_id == session);
  BOOST_TEST(proves(f.b, refusal, v.res, v.rand));
  auto o = f.outcome();
  BOOST_TEST(!o.established);
  BOOST_TEST(contains(o.reason, reason), o.reason);
  BOOST_TEST(o.mechanism.empty());
  BOOST_TEST((f.term().session_key() == crypto::key128{})); // SK not taken
  BOOST_TEST(f.term().sas() == nullptr);                     // no SAs installed
  BOOST_TEST(esp_to(f.out, ss_id).empty());
}

} // namespace

BOOST_DATA_TEST_CASE(a_tampered_wrapped_key_is_refused, every_protocol, proto) {
  fixture f{proto};
  fixture::success_parts p;
  p.tamper_wrap = true;
  check_refused(f, make_vector(f.sub, 32, 1), p, "E_Kc(SK) rejected");
}

BOOST_DATA_TEST_CASE(a_tampered_mac_is_refused, every_protocol, proto) {
  fixture f{proto};
  fixture::success_parts p;
  p.tamper_mac = true;
  check_refused(f, make_vector(f.sub, 32, 1), p, "message verification word mismatch");
}

BOOST_DATA_TEST_CASE(a_chosen_mechanism_that_is_not_the_negotiated_one_is_refused,
                     every_protocol, proto) {
  fixture f{proto};
  fixture::success_parts p;
  p.chosen = "hmac-sha256"; // the edge prefers it, the terminal does not: bidding-down
  check_refused(f, make_vector(f.sub, 32, 1), p,
                "bidding-down detected: chosen mechanism 'hmac-sha256', expected 'aes-gcm'");
}

// DESIGN.md §1.2: the message verification word covers both SPIs, so an attacker who
// redirects the SAs (another SPI in the challenge or the success) is caught like a bidding-down.
BOOST_DATA_TEST_CASE(a_mac_over_other_spis_is_refused, every_protocol * data::make({0, 1}),
                     proto, which) {
  fixture f{proto};
  fixture::success_parts p;
  if (which == 0) p.mac_terminal_spi = 0x12345678;
  else p.mac_edge_spi = f.edge_spi + 1;
  check_refused(f, make_vector(f.sub, 32, 1), p, "message verification word mismatch");
}

// An ESP mechanism needs the edge's SPI: a challenge that announced none cannot lead to SAs, so
// the success is refused (even with a MAC that verifies over SPI 0).
BOOST_DATA_TEST_CASE(a_success_without_the_edges_spi_is_refused, every_protocol, proto) {
  fixture f{proto};
  f.edge_spi = 0;
  check_refused(f, make_vector(f.sub, 32, 1), {}, "the edge announced no SPI for mechanism aes-gcm");
}

BOOST_DATA_TEST_CASE(transient_rejections_back_off_and_retry, every_protocol * data::make({
                       code::unavailable, code::timeout, code::server_error}),
                     proto, c) {
  fixture f{proto};
  auto req = f.start();
  const auto rej = f.rejection(req, c, "try later");
  f.deliver(rej, t0 + ms);
  BOOST_TEST(f.term().state() == terminal_state::backing_off);
  BOOST_TEST(f.out.outcomes.empty());
  // A rejection that is a command (MGCP, H.248) is acknowledged, and nothing else is sent.
  const auto ack = f.ack_of(rej);
  const auto sent = sent_to(f.out, ss_id);
  BOOST_REQUIRE_EQUAL(sent.size(), ack.empty() ? 0u : 1u);
  BOOST_TEST(steps_to(f.b, f.out, ss_id).empty());
  // First back-off: 500 ms, but never before a Retry-After (SIP 503 says 1 s, RFC 3261 §21.5.4).
  const micros first = proto == protocol::sip && c == code::unavailable ? seconds : 500 * ms;
  BOOST_TEST(f.term().deadline() == t0 + ms + first);
  f.tick(t0 + first);
  BOOST_TEST(f.out.empty());
  f.tick(t0 + ms + first);
  BOOST_TEST(f.term().state() == terminal_state::requested);
  auto again = f.request_in(f.out);
  BOOST_TEST(again.c.identity == f.sub.identity);
  // The second attempt is a new transaction.
  BOOST_TEST(again.c.tid != req.c.tid);
  // Second rejection: the back-off doubles.
  f.deliver(f.rejection(again, c, "try later"), t0 + 2 * seconds);
  BOOST_TEST(f.term().deadline() == t0 + 2 * seconds + 1000 * ms);
}

BOOST_DATA_TEST_CASE(other_rejections_are_final, every_protocol * data::make({
                       code::forbidden, code::not_found, code::sec_agree_required,
                       code::bad_request}),
                     proto, c) {
  fixture f{proto};
  auto req = f.start();
  f.deliver(f.rejection(req, c, "go away"), t0 + 4 * ms);
  BOOST_TEST(f.term().state() == terminal_state::failed);
  auto o = f.outcome();
  BOOST_TEST(!o.established);
  BOOST_TEST(o.reason.rfind("rejected: ", 0) == 0u, o.reason);
  BOOST_TEST(o.latency == 4 * ms);
  BOOST_TEST(o.attempts == 1u);
  // No retry follows.
  f.tick(t0 + 100 * seconds);
  BOOST_TEST(f.out.empty());
}

BOOST_DATA_TEST_CASE(a_rejection_of_the_registration_message_carries_its_code_and_reason,
                     every_protocol, proto) {
  fixture f{proto};
  auto v = make_vector(f.sub, 32, 1);
  auto msg = f.to_responded(v);
  f.deliver(f.rejection(msg, code::forbidden, "verification words differ"), t0 + 5 * ms);
  BOOST_TEST(f.term().state() == terminal_state::failed);
  auto o = f.outcome();
  BOOST_TEST(contains(o.reason, "rejected: 403"), o.reason);
  BOOST_TEST(contains(o.reason, "verification words differ"), o.reason);
}

BOOST_DATA_TEST_CASE(back_off_is_capped, every_protocol, proto) {
  fixture f{proto};
  f.profile.max_backoff = 1200 * ms;
  f.profile.max_attempts = 10;
  micros now = t0;
  auto req = f.start(now);
  // SIP's 503 says Retry-After: 1 (s): the terminal never comes back sooner.
  const micros floor = proto == protocol::sip ? seconds : 0;
  const micros expected[] = {std::max(500 * ms, floor), 1000 * ms, 1200 * ms, 1200 * ms};
  for (micros d : expected) {
    f.deliver(f.rejection(req, code::unavailable, ""), now);
    BOOST_TEST(f.term().deadline() == now + d);
    now += d;
    f.tick(now);
    req = f.request_in(f.out);
  }
}

BOOST_DATA_TEST_CASE(no_answer_within_the_step_timeout_retries, every_protocol, proto) {
  fixture f{proto};
  auto req = f.start();
  f.tick(t0 + f.profile.response_timeout - 1);
  BOOST_TEST(f.out.empty());
  BOOST_TEST(f.term().state() == terminal_state::requested);
  f.tick(t0 + f.profile.response_timeout);
  BOOST_TEST(f.out.empty()); // backing off, nothing sent yet
  BOOST_TEST(f.term().state() == terminal_state::backing_off);
  f.tick(t0 + f.profile.response_timeout + 500 * ms);
  auto again = f.request_in(f.out);
  BOOST_TEST(again.c.tid != req.c.tid);

  // The same after the challenge was answered (waiting for the success).
  auto v = make_vector(f.sub, 32, 1);
  const micros t1 = t0 + 10 * seconds;
  f.deliver(f.challenge(again, v), t1);
  BOOST_REQUIRE(f.term().state() == terminal_state::responded);
  f.tick(t1 + f.profile.response_timeout);
  BOOST_TEST(f.term().state() == terminal_state::backing_off);
}

// topology/README.md `registration_timeout`: it bounds one registration, retries included; the
// terminal gives up when it has passed, however many attempts remain.
BOOST_DATA_TEST_CASE(registration_timeout_ends_in_failure_before_max_attempts, every_protocol,
                     proto) {
  fixture f{proto};
  elements::life_counters life;
  f.profile.counters = &life;
  f.profile.max_attempts = 10;
  f.profile.registration_timeout = 6 * seconds; // past after the second attempt's timeout
  micros now = t0;
  f.start(now);
  BOOST_TEST(life.in_flight.load() == 1); // under way, retries included, until its outcome
  now += f.profile.response_timeout; // first attempt: no answer, back off
  f.tick(now);
  BOOST_TEST(f.out.outcomes.empty());
  BOOST_REQUIRE(f.term().state() == terminal_state::backing_off);
  now = f.term().deadline();
  f.tick(now);
  f.request_in(f.out);
  now += f.profile.response_timeout; // second attempt: no answer, and 6 s have passed
  f.tick(now);
  BOOST_TEST(f.term().state() == terminal_state::failed);
  auto o = f.outcome();
  BOOST_TEST(!o.established);
  BOOST_TEST(o.reason == "no answer from the network within 4000 ms (registration timeout of 6000 ms)");
  BOOST_TEST(o.reason_code == static_cast<std::uint16_t>(elements::reason_code::no_answer));
  BOOST_TEST(o.attempts == 2u);
  // A failure for want of an answer: a timeout; no longer in flight.
  BOOST_TEST(life.in_flight.load() == 0);
  BOOST_TEST(life.failures.load() == 1u);
  BOOST_TEST(life.timeouts.load() == 1u);
}

// Every registration is in flight from its first request to its outcome, and a success or a
// final rejection is not a timeout; a terminal leaving while it backs off is no longer in flight.
BOOST_DATA_TEST_CASE(in_flight_and_timeouts_are_counted_from_request_to_outcome, every_protocol,
                     proto) {
  {
    fixture f{proto};
    elements::life_counters life;
    f.profile.counters = &life;
    auto v = make_vector(f.sub, 32, 1);
    auto msg = f.to_responded(v);
    BOOST_TEST(life.in_flight.load() == 1);
    f.deliver(f.success(msg, v, {}), t0 + 7 * ms);
    BOOST_REQUIRE(f.term().state() == terminal_state::registered);
    BOOST_TEST(life.in_flight.load() == 0);
    BOOST_TEST(life.timeouts.load() == 0u);
  }
  {
    fixture f{proto};
    elements::life_counters life;
    f.profile.counters = &life;
    auto req = f.start();
    f.deliver(f.rejection(req, code::forbidden, "go away"), t0 + 4 * ms);
    BOOST_TEST(life.in_flight.load() == 0);
    BOOST_TEST(life.failures.load() == 1u);
    BOOST_TEST(life.timeouts.load() == 0u);
  }
  {
    fixture f{proto};
    elements::life_counters life;
    f.profile.counters = &life;
    f.start();
    f.tick(t0 + f.profile.response_timeout); // no answer: backs off
    BOOST_REQUIRE(f.term().state() == terminal_state::backing_off);
    BOOST_TEST(life.in_flight.load() == 1);
    f.term().leave(t0 + f.profile.response_timeout + ms, f.out);
    BOOST_TEST(life.in_flight.load() == 0);
    BOOST_TEST(life.timeouts.load() == 0u); // given up, not failed
  }
}

// The edge's "the AuC did not answer" (504) ends a registration as a timeout once it gives up.
BOOST_DATA_TEST_CASE(an_auc_timeout_rejection_that_ends_the_registration_is_a_timeout,
                     every_protocol, proto) {
  fixture f{proto};
  elements::life_counters life;
  f.profile.counters = &life;
  f.profile.max_attempts = 1;
  auto req = f.start();
  f.deliver(f.rejection(req, code::timeout, "AuC did not answer"), t0 + 4 * ms);
  BOOST_TEST(f.term().state() == terminal_state::failed);
  BOOST_TEST(life.in_flight.load() == 0);
  BOOST_TEST(life.timeouts.load() == 1u);
}

BOOST_DATA_TEST_CASE(max_attempts_ends_in_failure, every_protocol, proto) {
  fixture f{proto};
  f.profile.max_attempts = 3;
  micros now = t0;
  f.start(now);
  for (int attempt = 1; attempt <= 3; ++attempt) {
    now += f.profile.response_timeout;
    f.tick(now);
    if (attempt < 3) {
      BOOST_TEST(f.out.outcomes.empty());
      now = f.term().deadline();
      f.tick(now);
      f.request_in(f.out);
    }
  }
  BOOST_TEST(f.term().state() == terminal_state::failed);
  auto o = f.outcome();
  BOOST_TEST(!o.established);
  BOOST_TEST(o.reason == "no answer from the network within 4000 ms (after 3 attempts)");
  BOOST_TEST(o.attempts == 3u);
  BOOST_TEST(o.latency == now - t0);
}

BOOST_DATA_TEST_CASE(undeliverable_backs_off_at_once, every_protocol, proto) {
  fixture f{proto};
  f.profile.max_attempts = 2;
  // Idle: nothing to do.
  f.term().on_undeliverable(t0, f.out);
  BOOST_TEST(f.out.empty());
  BOOST_TEST(f.term().state() == terminal_state::idle);
  f.start();
  f.out.clear();
  f.term().on_undeliverable(t0 + 1, f.out);
  BOOST_TEST(f.out.empty());
  BOOST_TEST(f.term().state() == terminal_state::backing_off);
  BOOST_TEST(f.term().deadline() == t0 + 1 + 500 * ms);
  // Backing off: undeliverable again changes nothing.
  f.term().on_undeliverable(t0 + 2, f.out);
  BOOST_TEST(f.term().deadline() == t0 + 1 + 500 * ms);
  f.tick(t0 + 1 + 500 * ms);
  f.request_in(f.out);
  f.out.clear();
  f.term().on_undeliverable(t0 + seconds, f.out);
  auto o = f.outcome();
  BOOST_TEST(o.reason == "next hop unreachable: its node is down (after 2 attempts)");
  BOOST_TEST(o.reason_code == static_cast<std::uint16_t>(elements::reason_code::next_hop_unreachable));
  BOOST_TEST(f.term().state() == terminal_state::failed);
}

BOOST_DATA_TEST_CASE(garbage_and_other_protocols_are_ignored, every_protocol, proto) {
  fixture f{proto};
  auto req = f.start();
  const auto deadline = f.term().deadline();
  f.deliver("\x01\x02 not a message of any protocol \xff", t0 + ms);
  BOOST_TEST(f.out.empty());
  f.deliver("", t0 + ms);
  BOOST_TEST(f.out.empty());
  // A valid challenge of another protocol, or an AuC message, is not for this terminal.
  const auto other = ngn::all_protocols[(static_cast<std::size_t>(proto) + 1) % protocol_count];
  fixture g{other};
  auto v = make_vector(f.sub, 32, 1);
  f.out.clear();
  f.term().on_envelope(wire(terminal_id, ss_id, other, g.challenge(g.start(), v)), t0 + ms,
                       f.out);
  BOOST_TEST(f.out.empty());
  f.term().on_envelope(auc_envelope(terminal_id, ss_id, auc::message{to_auc(v, session, 1)}),
                       t0 + ms, f.out);
  BOOST_TEST(f.out.empty());
  BOOST_TEST(f.term().state() == terminal_state::requested);
  BOOST_TEST(f.term().deadline() == deadline);
  // The registration goes on as if nothing had come.
  f.deliver(f.challenge(req, v), t0 + 2 * ms);
  BOOST_TEST(f.term().state() == terminal_state::responded);
}

BOOST_DATA_TEST_CASE(retransmitted_commands_are_acknowledged_again, every_protocol, proto) {
  fixture f{proto};
  auto v = make_vector(f.sub, 32, 1);
  std::string ch;
  auto msg = f.to_responded(v, &ch);
  const auto ch_ack = f.ack_of(ch);
  // The challenge again (the ack was lost): acknowledged, not answered again.
  f.deliver(ch, t0 + 2 * ms);
  BOOST_TEST(f.term().state() == terminal_state::responded);
  BOOST_TEST(f.out.outcomes.empty());
  auto sent = sent_to(f.out, ss_id);
  BOOST_REQUIRE_EQUAL(sent.size(), ch_ack.empty() ? 0u : 1u);
  if (!ch_ack.empty()) BOOST_TEST(sent[0].payload == ch_ack);

  elements::life_counters life;
  f.profile.counters = &life;
  const auto ok = f.success(msg, v, {});
  f.deliver(ok, t0 + 3 * ms);
  BOOST_REQUIRE(f.term().state() == terminal_state::registered);
  const auto ok_ack = f.ack_of(ok);
  auto edge = f.edge_sas(v.sk, msg.c.terminal_spi);
  BOOST_TEST(f.opened(edge.in).size() == (ok_ack.empty() ? 0u : 1u));
  // The success again, now that SAs protect the registration: the edge sends nothing in clear
  // any more (DESIGN.md §1.2), so a plain copy is dropped and counted, not answered.
  f.deliver(ok, t0 + 4 * ms);
  BOOST_TEST(f.out.empty());
  BOOST_TEST(life.unprotected_dropped == 1u);
  // The success again under the SAs: acknowledged under them, no second outcome.
  f.deliver_esp(edge.out, ok, t0 + 4 * ms);
  BOOST_TEST(f.out.outcomes.empty());
  BOOST_TEST(sent_to(f.out, ss_id).empty());
  const auto again = f.opened(edge.in);
  BOOST_REQUIRE_EQUAL(again.size(), ok_ack.empty() ? 0u : 1u);
  if (!ok_ack.empty()) BOOST_TEST(again[0] == ok_ack);
  // A late rejection in clear is dropped; under the SAs it is acknowledged and changes nothing.
  const auto late = f.rejection(msg, code::forbidden, "late");
  f.deliver(late, t0 + 5 * ms);
  BOOST_TEST(f.out.empty());
  BOOST_TEST(life.unprotected_dropped == 2u);
  f.deliver_esp(edge.out, late, t0 + 5 * ms);
  BOOST_TEST(f.out.outcomes.empty());
  BOOST_TEST(f.term().state() == terminal_state::registered);
  BOOST_TEST(sent_to(f.out, ss_id).empty());
  for (const auto& m : f.opened(edge.in)) BOOST_TEST(decode_ok(f.b, m).c.kind == step::ack);
  BOOST_TEST(life.esp_dropped[0] + life.esp_dropped[1] + life.esp_dropped[2]
               + life.esp_dropped[3] + life.esp_dropped[4] == 0u);
}

BOOST_DATA_TEST_CASE(a_success_before_the_challenge_is_not_taken, every_protocol, proto) {
  fixture f{proto};
  auto v = make_vector(f.sub, 32, 1);
  auto req = f.start();
  f.deliver(f.success(req, v, {}), t0 + ms);
  BOOST_TEST(f.out.outcomes.empty());
  BOOST_TEST(f.term().state() == terminal_state::requested);
  BOOST_TEST(steps_to(f.b, f.out, ss_id).empty());
}

// start() is the terminal's arrival: only an idle terminal starts. A registered one lives its
// registration (DESIGN.md §1.2): it refreshes it with a fresh AKA over its SAs, and the SQN it
// saw stays (the same vector is now stale and resynchronised).
BOOST_DATA_TEST_CASE(start_only_from_idle_and_a_refresh_keeps_the_sqn, every_protocol, proto) {
  fixture f{proto};
  f.profile.reregister = 60 * seconds;
  auto v = make_vector(f.sub, 32, 1);
  auto edge = f.to_registered(v);
  f.out.clear();
  f.term().start(t0 + 10 * seconds, f.out);
  BOOST_TEST(f.out.empty());
  BOOST_TEST(f.term().state() == terminal_state::registered);
  BOOST_TEST(f.term().next_deadline() == t0 + 2 * ms + 60 * seconds);
  // The refresh: a new registration request, under the SAs.
  f.tick(t0 + 2 * ms + 60 * seconds);
  BOOST_TEST(f.term().state() == terminal_state::requested);
  BOOST_TEST(f.term().registered()); // the old registration stays in place meanwhile
  BOOST_TEST(sent_to(f.out, ss_id).empty());
  auto reqs = f.opened(edge.in);
  BOOST_REQUIRE_EQUAL(reqs.size(), 1u);
  auto req = decode_ok(f.b, reqs[0]);
  BOOST_TEST(req.c.kind == step::reg_request);
  f.deliver_esp(edge.out, f.challenge(req, v), t0 + 61 * seconds);
  auto answers = f.opened(edge.in);
  BOOST_REQUIRE(!answers.empty());
  BOOST_TEST(decode_ok(f.b, answers.back()).c.auts.has_value());
  BOOST_TEST(f.term().state() == terminal_state::requested);
}

// A failed terminal stays failed: start() does not bring it back.
BOOST_DATA_TEST_CASE(a_failed_terminal_does_not_start_again, every_protocol, proto) {
  fixture f{proto};
  auto req = f.start();
  f.deliver(f.rejection(req, code::forbidden, "no"), t0 + ms);
  BOOST_REQUIRE(f.term().state() == terminal_state::failed);
  f.out.clear();
  f.term().start(t0 + seconds, f.out);
  BOOST_TEST(f.out.empty());
  BOOST_TEST(f.term().state() == terminal_state::failed);
  BOOST_TEST(f.term().next_deadline() == 0);
}

// leave() gets exactly one departure notice (registration_kind::departure), whatever the
// state: at once for a terminal with nothing to de-register, once the registration under way
// has failed, and not before the de-registration is sent for a registered one (its group bounds
// the departures under way with them: nodes/terminal_group.cpp).
BOOST_DATA_TEST_CASE(leave_is_answered_by_one_departure, every_protocol, proto) {
  auto departures = [](const outbox& o) {
    std::size_t n = 0;
    for (const auto& x : o.outcomes) n += x.kind == elements::registration_kind::departure;
    return n;
  };
  {  // failed: at once
    fixture f{proto};
    auto req = f.start();
    f.deliver(f.rejection(req, code::forbidden, "no"), t0 + ms);
    BOOST_REQUIRE(f.term().state() == terminal_state::failed);
    f.out.clear();
    f.term().leave(t0 + 2 * ms, f.out);
    BOOST_TEST(departures(f.out) == 1u);
    BOOST_TEST(f.out.messages.empty());
  }
  {  // registering: when the registration under way fails, with its outcome
    fixture f{proto};
    auto req = f.start();
    f.out.clear();
    f.term().leave(t0 + ms, f.out);
    BOOST_TEST(departures(f.out) == 0u);
    f.deliver(f.rejection(req, code::forbidden, "no"), t0 + 2 * ms);
    BOOST_TEST(departures(f.out) == 1u);
    BOOST_TEST(f.out.outcomes.size() == 2u); // the failure, then the departure
  }
  {  // registered: the de-registration goes out; no departure until it is answered or times out
    fixture f{proto};
    auto v = make_vector(f.sub, 32, 1);
    auto msg = f.to_responded(v);
    f.deliver(f.success(msg, v, {}), t0 + 7 * ms);
    BOOST_REQUIRE(f.term().state() == terminal_state::registered);
    f.out.clear();
    f.term().leave(t0 + 10 * ms, f.out);
    BOOST_TEST(f.term().state() == terminal_state::leaving);
    BOOST_TEST(departures(f.out) == 0u);
    BOOST_TEST(!f.out.messages.empty());
    f.out.clear();
    f.tick(t0 + 10 * ms + f.profile.response_timeout);  // no answer: it leaves all the same
    BOOST_TEST(f.term().state() == terminal_state::left);
    BOOST_TEST(departures(f.out) == 1u);
    f.out.clear();
    f.term().leave(t0 + 20 * seconds, f.out);  // left: told again, it answers again
    BOOST_TEST(departures(f.out) == 1u);
  }
}

BOOST_AUTO_TEST_CASE(state_names) {
  BOOST_TEST(elements::to_string(terminal_state::idle) == "idle");
  BOOST_TEST(elements::to_string(terminal_state::requested) == "requested");
  BOOST_TEST(elements::to_string(terminal_state::responded) == "responded");
  BOOST_TEST(elements::to_string(terminal_state::registered) == "registered");
  BOOST_TEST(elements::to_string(terminal_state::failed) == "failed");
  BOOST_TEST(elements::to_string(terminal_state::backing_off) == "backing-off");
}

BOOST_AUTO_TEST_SUITE_END()
