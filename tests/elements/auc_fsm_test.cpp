// The authentication center alone (elements/auc_fsm.hpp), with the soft switch played by the
// test and storage by a recording sink: challenges held until their SQN is committed, unknown
// identities and elements, resynchronisation, reports (by db_id or by the soft switch's session
// id, duplicates counted once), rejected write batches, the expiry sweep, the end of a run, and
// the SIPp-compatible RAND.
#include "unit_support.hpp"

#include "elements/auc_fsm.hpp"
#include "elements/reasons.hpp"

#include <boost/test/unit_test.hpp>

#include <deque>

using namespace ngn;
using namespace ngn::test;
using namespace ngn::test::unit;
using storage::session_state;

namespace {

/// The state of row `id` after every recorded operation ("none" if never inserted).
std::string state(const recording_sink& sink, std::int64_t id) {
  auto st = sink.state_of(id);
  return st ? std::string(to_string(*st)) : std::string("none");
}

template <class T>
const T* as(const storage::write_op& op) {
  return std::get_if<T>(&op);
}

/// Randomness that first hands out the given bytes, then seeded bytes.
struct scripted_random final : elements::random_source {
  void fill(std::uint8_t* out, std::size_t n) override {
    for (std::size_t i = 0; i < n; ++i) {
      if (!script.empty()) {
        out[i] = script.front();
        script.pop_front();
      } else {
        out[i] = static_cast<std::uint8_t>(rest.gen());
      }
    }
  }
  template <std::size_t N>
  void then(const std::array<std::uint8_t, N>& b) {
    script.insert(script.end(), b.begin(), b.end());
  }
  std::deque<std::uint8_t> script;
  seeded_random rest{77};
};

struct fixture {
  explicit fixture(elements::random_source& r) : fsm(config(), r, sink) { provision(); }
  fixture() : fixture(rng) {}

  static elements::auc_config config() {
    elements::auc_config c;
    c.name = "auc1";
    c.node = "core";
    c.challenge_expiry = 120 * seconds;
    return c;
  }
  void provision() {
    elements::auc_subscriber s;
    s.k = sub.k;
    s.opc = sub.opc;
    fsm.add_subscriber(sub.identity, s);
    fsm.add_element("ss1", "softswitch", kss);
    fsm.add_element("sp1", "proxy", ksp);
  }

  auc::auth_request request(std::uint32_t n = 9, std::string proxy = {}) const {
    auc::auth_request r;
    r.session_id = ngn::session_id::of_number(n);
    r.identity = sub.identity;
    r.proto = protocol::mgcp;
    r.softswitch = "ss1";
    r.softswitch_node = "core";
    r.proxy = std::move(proxy);
    if (!r.proxy.empty()) r.proxy_node = "edge";
    r.terminal_node = "terminals";
    r.t_request = t0 - 5;
    return r;
  }

  outbox send(const auc::message& m, micros now = t0) {
    outbox out;
    fsm.on_envelope(auc_envelope(auc_id, ss_id, m), now, out);
    return out;
  }
  outbox commit(std::uint64_t ticket) {
    outbox out;
    fsm.on_committed(ticket, out);
    return out;
  }
  /// A request answered and committed: the vector.
  auc::auth_vector challenge(std::uint32_t n = 9, micros now = t0) {
    auto out = send(auc::message{request(n)}, now);
    BOOST_REQUIRE(out.empty());
    out = commit(sink.ticket);
    BOOST_REQUIRE_EQUAL(out.messages.size(), 1u);
    BOOST_REQUIRE_EQUAL(out.messages[0].to, ss_id);
    return only_auc<auc::auth_vector>(out);
  }
  auc::auth_report report(std::int64_t db_id, bool ok) const {
    auc::auth_report r;
    r.session_id = ngn::session_id::of_number(9);
    r.db_id = db_id;
    r.identity = sub.identity;
    r.proto = protocol::mgcp;
    r.softswitch = "ss1";
    r.softswitch_node = "core";
    r.terminal_node = "terminals";
    r.success = ok;
    r.mechanism = ok ? "aes-gcm" : "";
    r.reason = ok ? "" : "verification words differ";
    r.t_request = t0 - 5;
    r.t_response = t0 + 10;
    r.t_success = ok ? t0 + 11 : 0;
    return r;
  }
  /// SQN in AUTN, checked with the subscriber's keys (MAC-A must verify).
  std::uint64_t sqn_of(const auc::auth_vector& v) const {
    crypto::milenage m{sub.k, sub.opc.raw()};
    auto c = crypto::check_autn(m, v.rand, v.autn);
    BOOST_REQUIRE(c.mac_ok);
    BOOST_TEST((c.res == v.xres));
    return c.sqn;
  }

  seeded_random rng{5};
  recording_sink sink;
  subscriber sub = make_subscriber("alice@ngn.example", 31);
  crypto::key128 kss = make_key(7), ksp = make_key(8);
  elements::auc_fsm fsm;
};

} // namespace

BOOST_AUTO_TEST_SUITE(auc_fsm_unit)

BOOST_AUTO_TEST_CASE(a_challenge_is_held_until_its_sqn_is_committed) {
  fixture f;
  auto out = f.send(auc::message{f.request()});
  BOOST_TEST(out.empty());
  BOOST_TEST(f.fsm.held() == 1u);
  BOOST_TEST(f.fsm.open_sessions() == 1u);
  // One transaction: the SQN first, then the session row.
  BOOST_REQUIRE_EQUAL(f.sink.ops.size(), 2u);
  const auto* sqn = as<storage::sqn_update>(f.sink.ops[0]);
  const auto* ins = as<storage::session_insert>(f.sink.ops[1]);
  BOOST_REQUIRE(sqn != nullptr);
  BOOST_REQUIRE(ins != nullptr);
  BOOST_TEST(f.sink.ticket == 1u);
  BOOST_TEST(sqn->identity == f.sub.identity);
  BOOST_TEST(sqn->sqn == 33u); // SEQ 1, IND 1 (round-robin: IND = SEQ mod 32)
  const auto& row = ins->row;
  BOOST_TEST(row.state == session_state::challenged);
  BOOST_TEST(row.identity == f.sub.identity);
  BOOST_TEST(row.protocol == "mgcp");
  BOOST_TEST(row.softswitch == "ss1");
  BOOST_TEST(row.softswitch_node == "core");
  BOOST_TEST(row.proxy.empty());
  BOOST_TEST(row.terminal_node == "terminals");
  BOOST_TEST(row.auc == "auc1");
  BOOST_TEST(row.auc_node == "core");
  BOOST_TEST(row.t_request == t0 - 5);
  BOOST_TEST(row.t_challenge == t0);
  // Not before the commit of its ticket.
  BOOST_TEST(f.commit(0).empty());
  out = f.commit(1);
  BOOST_TEST(f.fsm.held() == 0u);
  auto v = only_auc<auc::auth_vector>(out);
  BOOST_TEST(v.result == auc::status::ok);
  BOOST_TEST(v.session_id == ngn::session_id::of_number(9));
  BOOST_TEST(v.db_id == row.id);
  BOOST_TEST((bytes(v.rand.begin(), v.rand.end()) == row.rand));
  BOOST_TEST(f.sqn_of(v) == 33u);
  // SK wrapped for the terminal (Kc) and for the soft switch (Kss), the same SK; storage keeps
  // its fingerprint only.
  auto sk_t = crypto::unwrap_session_key(f.sub.k, v.rand, crypto::kek_role::terminal,
                                         f.sub.identity, byte_view{v.wrapped_t});
  auto sk_e = crypto::unwrap_session_key(f.kss, v.rand, crypto::kek_role::softswitch,
                                         f.sub.identity, byte_view{v.wrapped_edge});
  BOOST_REQUIRE(sk_t);
  BOOST_REQUIRE(sk_e);
  BOOST_TEST((*sk_t == *sk_e));
  const auto fp = crypto::key_fingerprint(*sk_t);
  BOOST_TEST((row.sk_fingerprint == bytes(fp.begin(), fp.end())));
  BOOST_TEST(f.fsm.stats().requests == 1u);
  BOOST_TEST(f.fsm.stats().challenges == 1u);
  BOOST_TEST(f.fsm.stats().held_max == 1u);
  // A second challenge takes the next SEQ and the next IND.
  BOOST_TEST(f.sqn_of(f.challenge(10)) == 66u);
  BOOST_TEST(f.fsm.find_subscriber(f.sub.identity)->sqn == 66u);
}

BOOST_AUTO_TEST_CASE(with_a_proxy_the_edge_copy_is_wrapped_with_ksp) {
  fixture f;
  f.send(auc::message{f.request(9, "sp1")});
  auto v = only_auc<auc::auth_vector>(f.commit(f.sink.ticket));
  BOOST_TEST(crypto::unwrap_session_key(f.ksp, v.rand, crypto::kek_role::proxy, f.sub.identity,
                                        byte_view{v.wrapped_edge})
               .has_value());
  BOOST_TEST(!crypto::unwrap_session_key(f.kss, v.rand, crypto::kek_role::softswitch,
                                         f.sub.identity, byte_view{v.wrapped_edge})
                .has_value());
  const auto* ins = as<storage::session_insert>(f.sink.ops[1]);
  BOOST_REQUIRE(ins != nullptr);
  BOOST_TEST(ins->row.proxy == "sp1");
  BOOST_TEST(ins->row.proxy_node == "edge");
}

BOOST_AUTO_TEST_CASE(replies_are_released_in_ticket_order) {
  fixture f;
  f.send(auc::message{f.request(1)});
  f.send(auc::message{f.request(2)});
  BOOST_TEST(f.fsm.held() == 2u);
  BOOST_TEST(f.fsm.stats().held_max == 2u);
  auto first = only_auc<auc::auth_vector>(f.commit(1));
  BOOST_TEST(first.session_id == ngn::session_id::of_number(1));
  BOOST_TEST(f.fsm.held() == 1u);
  auto second = only_auc<auc::auth_vector>(f.commit(2));
  BOOST_TEST(second.session_id == ngn::session_id::of_number(2));
}

BOOST_AUTO_TEST_CASE(an_unknown_identity_is_answered_at_once_and_recorded) {
  fixture f;
  auto r = f.request();
  r.identity = "nobody@ngn.example";
  auto out = f.send(auc::message{r});
  auto v = only_auc<auc::auth_vector>(out); // not held: no SQN to commit
  BOOST_TEST(v.result == auc::status::unknown_identity);
  BOOST_TEST(v.session_id == ngn::session_id::of_number(9));
  BOOST_TEST(v.db_id != 0);
  BOOST_TEST(state(f.sink, v.db_id) == "failed");
  BOOST_TEST(f.sink.reason_of(v.db_id) == "unknown identity");
  BOOST_TEST(f.sink.sqn_of(r.identity) == 0u);
  BOOST_TEST(f.fsm.stats().unknown == 1u);
  BOOST_TEST(f.fsm.stats().challenges == 0u);
  BOOST_TEST(f.fsm.open_sessions() == 0u);
  BOOST_TEST(f.fsm.held() == 0u);
}

BOOST_AUTO_TEST_CASE(an_element_without_a_key_is_answered_at_once_and_recorded) {
  fixture f;
  auto out = f.send(auc::message{f.request(9, "sp9")});
  auto v = only_auc<auc::auth_vector>(out);
  BOOST_TEST(v.result == auc::status::unknown_element);
  BOOST_TEST(f.sink.reason_of(v.db_id) == "no key for element sp9");
  BOOST_TEST(state(f.sink, v.db_id) == "failed");
  BOOST_TEST(f.fsm.stats().unknown == 1u);
  // The subscriber's SQN was not used.
  BOOST_TEST(f.fsm.find_subscriber(f.sub.identity)->sqn == 0u);
}

BOOST_AUTO_TEST_CASE(a_good_auts_resynchronises_and_gives_a_fresh_challenge) {
  fixture f;
  auto v = f.challenge();
  crypto::milenage m{f.sub.k, f.sub.opc.raw()};
  auc::resync_request r;
  r.session_id = ngn::session_id::of_number(9);
  r.db_id = v.db_id;
  r.identity = f.sub.identity;
  r.rand = v.rand;
  r.auts = crypto::make_auts(m, v.rand, 1'000'000);
  r.t = t0 + seconds;
  const auto ops_before = f.sink.ops.size();
  auto out = f.send(auc::message{r}, t0 + seconds);
  BOOST_TEST(out.empty()); // held until committed, like every challenge
  BOOST_TEST(f.fsm.stats().resyncs == 1u);
  BOOST_REQUIRE_EQUAL(f.sink.ops.size(), ops_before + 2);
  const auto* sqn = as<storage::sqn_update>(f.sink.ops[ops_before]);
  const auto* rs = as<storage::session_resync>(f.sink.ops[ops_before + 1]);
  BOOST_REQUIRE(sqn != nullptr);
  BOOST_REQUIRE(rs != nullptr);
  // SQN_MS = 1'000'000 is SEQ 31250: the next SEQ 31251, IND 31251 mod 32 = 19.
  BOOST_TEST(sqn->sqn == 1'000'032u + 19u);
  BOOST_TEST(rs->id == v.db_id);
  BOOST_TEST(rs->t_challenge == t0 + seconds);
  auto fresh = only_auc<auc::auth_vector>(f.commit(f.sink.ticket));
  BOOST_TEST(fresh.result == auc::status::ok);
  BOOST_TEST(fresh.db_id == v.db_id);
  BOOST_TEST(fresh.session_id == ngn::session_id::of_number(9));
  BOOST_TEST((fresh.rand != v.rand));
  BOOST_TEST((rs->rand == bytes(fresh.rand.begin(), fresh.rand.end())));
  BOOST_TEST(f.sqn_of(fresh) == 1'000'051u);
  BOOST_TEST(f.fsm.open_sessions() == 1u);
  // A resynchronisation to an SQN below the AuC's keeps the AuC's.
  r.rand = fresh.rand;
  r.auts = crypto::make_auts(m, fresh.rand, 5);
  f.send(auc::message{r}, t0 + 2 * seconds);
  auto third = only_auc<auc::auth_vector>(f.commit(f.sink.ticket));
  BOOST_TEST(f.sqn_of(third) == 1'000'064u + 20u);
}

// Issue 12 item 4, TS 33.102 Annex C.1.1: SQN = SEQ ‖ IND, SEQ one above the last, IND round-robin
// over the a = 32 entries; every SQN the AuC commits is the one in AUTN and above all before it.
BOOST_AUTO_TEST_CASE(sqns_are_seq_and_ind_and_strictly_increasing) {
  fixture f;
  std::uint64_t last = 0;
  for (std::uint32_t i = 1; i <= 2 * crypto::ind_entries + 3; ++i) {
    const auto ops_before = f.sink.ops.size();
    const std::uint64_t sqn = f.sqn_of(f.challenge(100 + i));
    const auto* u = as<storage::sqn_update>(f.sink.ops[ops_before]);
    BOOST_REQUIRE(u != nullptr);
    BOOST_TEST(u->sqn == sqn);
    BOOST_TEST(crypto::seq_of(sqn) == i);
    BOOST_TEST(crypto::ind_of(sqn) == i % crypto::ind_entries);
    BOOST_TEST(sqn > last);
    last = sqn;
  }
}

namespace {
/// The fixture's subscriber, provisioned with `stored` as its highest SQN issued.
void provision_at(fixture& f, std::uint64_t stored) {
  elements::auc_subscriber s;
  s.k = f.sub.k;
  s.opc = f.sub.opc;
  s.sqn = stored;
  f.fsm.add_subscriber(f.sub.identity, s);
}
} // namespace

// Issue 12 item 4: at the end of the SQN space the AuC refuses instead of wrapping (before: after
// 2^48 − 1 it issued SQN 32 again). SEQ = seq_max − 1 gets one more vector, SEQ = seq_max none.
BOOST_AUTO_TEST_CASE(at_the_end_of_the_sqn_space_the_auc_refuses_instead_of_wrapping) {
  for (const std::uint64_t stored : {crypto::make_sqn(crypto::seq_max - 1, 7),
                                     crypto::make_sqn(crypto::seq_max - 1, 31)}) {
    fixture f;
    provision_at(f, stored);
    const std::uint64_t sqn = f.sqn_of(f.challenge(1)); // one more
    BOOST_TEST(crypto::seq_of(sqn) == crypto::seq_max);
    BOOST_TEST(sqn > stored);
    BOOST_TEST(f.sink.sqn_of(f.sub.identity) == sqn);
    const auto ops_before = f.sink.ops.size();
    auto v = only_auc<auc::auth_vector>(f.send(auc::message{f.request(2)})); // at once
    BOOST_TEST(v.result == auc::status::sqn_exhausted);
    BOOST_TEST(v.db_id != 0);
    BOOST_TEST(state(f.sink, v.db_id) == "failed");
    const std::string reason = f.sink.reason_of(v.db_id);
    BOOST_TEST(reason.rfind(std::string(elements::reason_text(
                              elements::reason_code::sqn_exhausted)), 0) == 0u, reason);
    BOOST_TEST(reason.find(f.sub.identity) != std::string::npos, reason);
    BOOST_TEST(f.sink.following(v.db_id).reason_code
               == static_cast<std::uint32_t>(elements::reason_code::sqn_exhausted));
    for (auto i = ops_before; i < f.sink.ops.size(); ++i)
      BOOST_TEST(as<storage::sqn_update>(f.sink.ops[i]) == nullptr); // no SQN written
    BOOST_TEST(f.fsm.find_subscriber(f.sub.identity)->sqn == sqn);
    BOOST_TEST(f.fsm.held() == 0u);
  }
  // Provisioned at the very end (2^48 − 1, or 2^48 − 2: SEQ at its maximum as well): refused.
  for (const std::uint64_t stored : {crypto::sqn_max, crypto::sqn_max - 1}) {
    fixture f;
    provision_at(f, stored);
    auto v = only_auc<auc::auth_vector>(f.send(auc::message{f.request(2)}));
    BOOST_TEST(v.result == auc::status::sqn_exhausted);
    BOOST_TEST(f.sink.sqn_of(f.sub.identity) == 0u);
    BOOST_TEST(f.fsm.find_subscriber(f.sub.identity)->sqn == stored);
  }
}

// Issue 12 item 4: after AUTS the AuC continues above the higher of SQN_MS and the stored SQN,
// and a resynchronisation to the end of the SQN space is refused, never wrapped.
BOOST_AUTO_TEST_CASE(a_resync_never_goes_below_the_stored_sqn_nor_wraps) {
  fixture f;
  elements::auc_subscriber s;
  s.k = f.sub.k;
  s.opc = f.sub.opc;
  s.sqn = crypto::make_sqn(5000, 3);
  f.fsm.add_subscriber(f.sub.identity, s);
  auto v = f.challenge();
  const std::uint64_t issued = f.sqn_of(v);
  BOOST_TEST(crypto::seq_of(issued) == 5001u);
  crypto::milenage m{f.sub.k, f.sub.opc.raw()};
  auc::resync_request r;
  r.session_id = ngn::session_id::of_number(9);
  r.db_id = v.db_id;
  r.identity = f.sub.identity;
  r.rand = v.rand;
  r.auts = crypto::make_auts(m, v.rand, crypto::make_sqn(40, 9)); // SQN_MS below the stored
  f.send(auc::message{r}, t0 + seconds);
  auto fresh = only_auc<auc::auth_vector>(f.commit(f.sink.ticket));
  BOOST_TEST(fresh.result == auc::status::ok);
  BOOST_TEST(crypto::seq_of(f.sqn_of(fresh)) == 5002u);
  // SQN_MS at the end of the space: the session fails with the reason, nothing is issued.
  r.rand = fresh.rand;
  r.auts = crypto::make_auts(m, fresh.rand, crypto::sqn_max);
  const auto ops_before = f.sink.ops.size();
  auto a = only_auc<auc::auth_vector>(f.send(auc::message{r}, t0 + 2 * seconds));
  BOOST_TEST(a.result == auc::status::sqn_exhausted);
  BOOST_TEST(state(f.sink, v.db_id) == "failed");
  BOOST_TEST(f.sink.following(v.db_id).reason_code
             == static_cast<std::uint32_t>(elements::reason_code::sqn_exhausted));
  for (auto i = ops_before; i < f.sink.ops.size(); ++i)
    BOOST_TEST(as<storage::sqn_update>(f.sink.ops[i]) == nullptr);
  BOOST_TEST(f.sink.sqn_of(f.sub.identity) == f.sqn_of(fresh));
  BOOST_TEST(f.fsm.open_sessions() == 0u);
}

BOOST_AUTO_TEST_CASE(a_bad_auts_fails_the_session) {
  fixture f;
  auto v = f.challenge();
  crypto::milenage m{f.sub.k, f.sub.opc.raw()};
  auc::resync_request r;
  r.session_id = ngn::session_id::of_number(9);
  r.db_id = v.db_id;
  r.identity = f.sub.identity;
  r.rand = v.rand;
  r.auts = crypto::make_auts(m, v.rand, 1'000'000);
  r.auts[13] ^= 0x01; // MAC-S
  auto out = f.send(auc::message{r}, t0 + seconds);
  auto a = only_auc<auc::auth_vector>(out);
  BOOST_TEST(a.result == auc::status::resync_failed);
  BOOST_TEST(a.db_id == v.db_id);
  BOOST_TEST(state(f.sink, v.db_id) == "failed");
  BOOST_TEST(f.sink.reason_of(v.db_id) == "resynchronisation failed: AUTS MAC-S mismatch");
  BOOST_TEST(f.fsm.stats().failed == 1u);
  BOOST_TEST(f.fsm.stats().resyncs == 0u);
  BOOST_TEST(f.fsm.open_sessions() == 0u);
  BOOST_TEST(f.fsm.find_subscriber(f.sub.identity)->sqn == 33u);
}

BOOST_AUTO_TEST_CASE(a_resync_for_no_open_session_is_refused) {
  fixture f;
  auto v = f.challenge();
  auc::resync_request r;
  r.session_id = ngn::session_id::of_number(9);
  r.db_id = v.db_id + 1; // no such session
  r.identity = f.sub.identity;
  r.rand = v.rand;
  auto a = only_auc<auc::auth_vector>(f.send(auc::message{r}));
  BOOST_TEST(a.result == auc::status::unknown_session);
  r.db_id = v.db_id;
  r.identity = "bob@ngn.example"; // another subscriber's session
  a = only_auc<auc::auth_vector>(f.send(auc::message{r}));
  BOOST_TEST(a.result == auc::status::unknown_session);
  BOOST_TEST(f.fsm.open_sessions() == 1u);
}

BOOST_AUTO_TEST_CASE(a_report_with_db_id_closes_the_session_and_is_acknowledged_once_committed) {
  fixture f;
  auto v = f.challenge();
  const auto ops_before = f.sink.ops.size();
  auto out = f.send(auc::message{f.report(v.db_id, true)}, t0 + 20);
  BOOST_TEST(out.empty());
  BOOST_REQUIRE_EQUAL(f.sink.ops.size(), ops_before + 1);
  const auto* u = as<storage::session_update>(f.sink.ops.back());
  BOOST_REQUIRE(u != nullptr);
  BOOST_TEST(u->id == v.db_id);
  BOOST_TEST(u->state == session_state::established);
  BOOST_TEST(u->mechanism == "aes-gcm");
  BOOST_TEST(u->t_response == t0 + 10);
  BOOST_TEST(u->t_success == t0 + 11);
  BOOST_TEST(u->t_end == t0 + 20);
  BOOST_TEST(u->terminal_node == "terminals");
  BOOST_TEST(u->softswitch_node == "core");
  BOOST_TEST(f.fsm.stats().established == 1u);
  BOOST_TEST(f.fsm.open_sessions() == 0u);
  auto ack = only_auc<auc::report_ack>(f.commit(f.sink.ticket));
  BOOST_TEST(ack.db_id == v.db_id);
}

BOOST_AUTO_TEST_CASE(a_report_by_the_softswitchs_session_id_closes_the_row_opened_for_it) {
  fixture f;
  f.send(auc::message{f.request(9)}); // never committed before the soft switch gave up
  BOOST_REQUIRE_EQUAL(f.fsm.open_sessions(), 1u);
  const auto* ins = as<storage::session_insert>(f.sink.ops[1]);
  BOOST_REQUIRE(ins != nullptr);
  const auto row_id = ins->row.id;
  auto r = f.report(0, false);
  r.session_id = ngn::session_id::of_number(9);
  r.reason = "authentication center did not answer";
  f.send(auc::message{r}, t0 + 2 * seconds);
  // One row, one reason: no new row.
  std::size_t inserts = 0;
  for (const auto& op : f.sink.ops) inserts += as<storage::session_insert>(op) != nullptr;
  BOOST_TEST(inserts == 1u);
  BOOST_TEST(state(f.sink, row_id) == "failed");
  BOOST_TEST(f.sink.reason_of(row_id) == "authentication center did not answer");
  BOOST_TEST(f.fsm.open_sessions() == 0u);
  BOOST_TEST(f.fsm.stats().failed == 1u);
  // The held vector and the ack are released with the commit.
  auto out = f.commit(f.sink.ticket);
  auto sent = auc_sent(out);
  BOOST_REQUIRE_EQUAL(sent.size(), 2u);
  BOOST_TEST(std::holds_alternative<auc::auth_vector>(sent[0]));
  BOOST_REQUIRE(std::holds_alternative<auc::report_ack>(sent[1]));
  BOOST_TEST(std::get<auc::report_ack>(sent[1]).db_id == row_id);
}

BOOST_AUTO_TEST_CASE(a_report_by_session_id_of_another_softswitch_is_a_row_of_its_own) {
  fixture f;
  f.send(auc::message{f.request(9)});
  auto r = f.report(0, false);
  r.session_id = ngn::session_id::of_number(9);
  r.softswitch = "ss2";
  f.send(auc::message{r}, t0 + seconds);
  BOOST_TEST(f.fsm.open_sessions() == 1u);
  BOOST_TEST(f.sink.sessions_in(session_state::failed).size() == 1u);
  BOOST_TEST(f.sink.sessions_in(session_state::challenged).size() == 1u);
}

BOOST_AUTO_TEST_CASE(duplicate_reports_are_applied_again_and_counted_once) {
  fixture f;
  auto v = f.challenge();
  f.send(auc::message{f.report(v.db_id, true)}, t0 + 20);
  f.send(auc::message{f.report(v.db_id, true)}, t0 + 30);
  BOOST_TEST(f.fsm.stats().established == 1u);
  std::size_t updates = 0;
  for (const auto& op : f.sink.ops) updates += as<storage::session_update>(op) != nullptr;
  BOOST_TEST(updates == 2u);
  // Both are acknowledged: the soft switch may have lost the first ack.
  auto sent = auc_sent(f.commit(f.sink.ticket));
  BOOST_REQUIRE_EQUAL(sent.size(), 2u);
  BOOST_TEST(std::get<auc::report_ack>(sent[0]).db_id == v.db_id);
  BOOST_TEST(std::get<auc::report_ack>(sent[1]).db_id == v.db_id);
}

BOOST_AUTO_TEST_CASE(reports_about_a_previous_run_of_the_auc_are_counted_once) {
  recording_sink pre;
  pre.last_id = 100; // rows of an earlier run of this AuC
  seeded_random r{5};
  elements::auc_fsm auc(fixture::config(), r, pre);
  auc::auth_report rep;
  rep.db_id = 50;
  rep.identity = "alice@ngn.example";
  rep.reason = "verification words differ";
  outbox out;
  auc.on_envelope(auc_envelope(auc_id, ss_id, auc::message{rep}), t0, out);
  auc.on_envelope(auc_envelope(auc_id, ss_id, auc::message{rep}), t0 + 1, out);
  BOOST_TEST(auc.stats().failed == 1u);
  BOOST_TEST(state(pre, 50) == "failed");
  // A report about a row of this run that is not open: applied, not counted again.
  rep.db_id = 150;
  auc.on_envelope(auc_envelope(auc_id, ss_id, auc::message{rep}), t0 + 2, out);
  BOOST_TEST(auc.stats().failed == 1u);
  BOOST_TEST(state(pre, 150) == "failed");
}

BOOST_AUTO_TEST_CASE(a_failure_without_a_session_is_recorded_as_its_own_row) {
  fixture f;
  auc::auth_report r;
  r.proto = protocol::h248;
  r.softswitch = "ss1";
  r.proxy = "sp1";
  r.reason = "malformed h248 message";
  f.send(auc::message{r}, t0 + 7);
  BOOST_REQUIRE_EQUAL(f.sink.ops.size(), 1u);
  const auto* ins = as<storage::session_insert>(f.sink.ops[0]);
  BOOST_REQUIRE(ins != nullptr);
  BOOST_TEST(ins->row.identity == "?");
  BOOST_TEST(ins->row.protocol == "h248");
  BOOST_TEST(ins->row.proxy == "sp1");
  BOOST_TEST(ins->row.state == session_state::failed);
  BOOST_TEST(ins->row.failure_reason == "malformed h248 message");
  BOOST_TEST(ins->row.t_request == t0 + 7); // none given: when it arrived
  BOOST_TEST(f.fsm.stats().failed == 1u);
  BOOST_TEST(f.commit(f.sink.ticket).empty()); // nothing to acknowledge
}

BOOST_AUTO_TEST_CASE(a_rejected_batch_answers_unavailable_and_releases_nothing) {
  fixture f;
  f.send(auc::message{f.request(9)});
  const auto ticket = f.sink.ticket;
  outbox out;
  f.fsm.on_rejected(ticket, "disk full", out);
  auto v = only_auc<auc::auth_vector>(out);
  BOOST_TEST(v.result == auc::status::unavailable);
  BOOST_TEST(v.session_id == ngn::session_id::of_number(9));
  BOOST_TEST(v.detail == "session not stored: disk full");
  BOOST_TEST(f.fsm.held() == 0u);
  BOOST_TEST(f.fsm.open_sessions() == 0u);
  BOOST_TEST(f.commit(ticket).empty());
  // A report whose batch is rejected is not acknowledged (the soft switch sends it again).
  auto v2 = f.challenge(10);
  f.send(auc::message{f.report(v2.db_id, true)});
  out.clear();
  f.fsm.on_rejected(f.sink.ticket, "disk full", out);
  BOOST_TEST(out.empty());
  BOOST_TEST(f.fsm.held() == 0u);
  // A rejection of another ticket leaves what is held alone.
  f.send(auc::message{f.request(11)});
  f.fsm.on_rejected(f.sink.ticket - 1, "disk full", out);
  BOOST_TEST(f.fsm.held() == 1u);
}

BOOST_AUTO_TEST_CASE(a_storage_failure_stops_challenging_until_a_commit_succeeds) {
  // Issue 12 item 5: a full disk or an I/O error (the writer retries and reports) withdraws the
  // held challenges and refuses requests, with SQLite's reason, until a write commits again.
  fixture f;
  f.send(auc::message{f.request(9)});
  BOOST_REQUIRE_EQUAL(f.fsm.held(), 1u);
  const std::string sqlite = "database or disk is full (SQLite result code 13)";
  const std::string why = "AuC unavailable: storage failed: " + sqlite;
  outbox out;
  f.fsm.on_storage_failed(sqlite, t0 + 1, out);
  auto v = only_auc<auc::auth_vector>(out);
  BOOST_TEST(v.result == auc::status::unavailable);
  BOOST_TEST(v.detail == why);
  BOOST_TEST(f.fsm.held() == 0u);
  BOOST_TEST(f.fsm.open_sessions() == 0u);
  BOOST_TEST(state(f.sink, v.db_id) == "failed"); // written behind the challenge's insert
  BOOST_TEST(f.fsm.storage_failure() == sqlite);
  // A new request is refused at once, without drawing an SQN.
  const auto sqn = f.fsm.find_subscriber(f.sub.identity)->sqn;
  auto refused = only_auc<auc::auth_vector>(f.send(auc::message{f.request(10)}));
  BOOST_TEST(refused.result == auc::status::unavailable);
  BOOST_TEST(refused.detail == why);
  BOOST_TEST(state(f.sink, refused.db_id) == "failed");
  BOOST_TEST(f.fsm.find_subscriber(f.sub.identity)->sqn == sqn);
  BOOST_TEST(f.fsm.stats().storage_refused == 2u);
  BOOST_TEST(f.fsm.stats().challenges == 1u);
  // The backlog commits: challenges leave again.
  BOOST_TEST(f.commit(f.sink.ticket).empty());
  BOOST_TEST(f.fsm.storage_failure().empty());
  auto again = f.challenge(11);
  BOOST_TEST(again.result == auc::status::ok);
  BOOST_TEST(f.sqn_of(again) > sqn);
}

BOOST_AUTO_TEST_CASE(challenges_without_an_outcome_expire) {
  fixture f;
  outbox out;
  f.challenge(9, t0);
  f.challenge(10, t0 + 30 * seconds);
  f.fsm.on_tick(t0 + 119 * seconds, out);
  BOOST_TEST(f.fsm.open_sessions() == 2u);
  f.fsm.on_tick(t0 + 120 * seconds, out);
  BOOST_TEST(out.empty());
  BOOST_TEST(f.fsm.open_sessions() == 1u);
  BOOST_TEST(f.fsm.stats().expired == 1u);
  auto expired = f.sink.sessions_in(session_state::expired);
  BOOST_REQUIRE_EQUAL(expired.size(), 1u);
  BOOST_TEST(f.sink.reason_of(expired[0]) == "no outcome within 120 s of the challenge");
  // Sweeps run once a second.
  f.fsm.on_tick(t0 + 150 * seconds + 500 * ms, out);
  BOOST_TEST(f.fsm.open_sessions() == 0u);
  f.challenge(11, t0 + 30 * seconds);
  f.fsm.on_tick(t0 + 151 * seconds, out);
  BOOST_TEST(f.fsm.open_sessions() == 1u);
  f.fsm.on_tick(t0 + 151 * seconds + 500 * ms, out);
  BOOST_TEST(f.fsm.open_sessions() == 0u);
  // A late report still updates the expired row, but a closed session is not counted again.
  const auto established = f.fsm.stats().established;
  f.send(auc::message{f.report(expired[0], true)});
  BOOST_TEST(f.fsm.stats().established == established);
  BOOST_TEST(state(f.sink, expired[0]) == "established");
}

BOOST_AUTO_TEST_CASE(the_end_of_a_run_expires_every_open_challenge) {
  fixture f;
  auto a = f.challenge(9, t0);
  auto b = f.challenge(10, t0 + 100 * seconds);
  f.send(auc::message{f.report(a.db_id, true)});
  f.fsm.close_open(t0 + 101 * seconds);
  BOOST_TEST(f.fsm.open_sessions() == 0u);
  BOOST_TEST(f.fsm.stats().expired == 1u);
  BOOST_TEST(state(f.sink, a.db_id) == "established");
  BOOST_TEST(state(f.sink, b.db_id) == "expired");
  BOOST_TEST(f.sink.reason_of(b.db_id) == "the emulation ended with the challenge open");
  // A report by session id after that finds no open row: a row of its own.
  auto r = f.report(0, false);
  r.session_id = ngn::session_id::of_number(10);
  f.send(auc::message{r});
  BOOST_TEST(state(f.sink, b.db_id) == "expired");
}

BOOST_AUTO_TEST_CASE(sipp_compatible_subscribers_get_a_rand_whose_res_has_no_zero_byte) {
  // Find a RAND whose RES has a 0x00 byte (SIPp 3.6.1 truncates RES there) and one without.
  const auto sub = make_subscriber("sipp@ngn.example", 31);
  crypto::milenage m{sub.k, sub.opc.raw()};
  seeded_random search{1};
  std::optional<dialogue::rand_t> with_zero, without_zero;
  for (int i = 0; i < 10'000 && !(with_zero && without_zero); ++i) {
    dialogue::rand_t r;
    search.fill(r.data(), r.size());
    auto av = crypto::make_auth_vector(m, r, 32, block<2>{0x80, 0});
    const bool zero = std::find(av.xres.begin(), av.xres.end(), 0) != av.xres.end();
    if (zero && !with_zero) with_zero = r;
    if (!zero && !without_zero) without_zero = r;
  }
  BOOST_REQUIRE(with_zero && without_zero);
  for (bool compat : {false, true}) {
    BOOST_TEST_CONTEXT("sipp_compat " << compat) {
      scripted_random r;
      r.then(*with_zero);
      r.then(*without_zero);
      recording_sink sink;
      elements::auc_fsm auc(fixture::config(), r, sink);
      elements::auc_subscriber s;
      s.k = sub.k;
      s.opc = sub.opc;
      s.flags = compat ? storage::sipp_compat : 0u;
      auc.add_subscriber(sub.identity, s);
      auc.add_element("ss1", "softswitch", make_key(7));
      auc::auth_request req;
      req.session_id = ngn::session_id::of_number(1);
      req.identity = sub.identity;
      req.softswitch = "ss1";
      outbox out;
      auc.on_envelope(auc_envelope(auc_id, ss_id, auc::message{req}), t0, out);
      auc.on_committed(sink.ticket, out);
      auto v = only_auc<auc::auth_vector>(out);
      if (compat) {
        BOOST_TEST((v.rand == *without_zero));
        BOOST_TEST(std::find(v.xres.begin(), v.xres.end(), 0) == v.xres.end());
      } else {
        BOOST_TEST((v.rand == *with_zero));
        BOOST_TEST(std::find(v.xres.begin(), v.xres.end(), 0) != v.xres.end());
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(what_is_not_for_the_auc_is_ignored) {
  fixture f;
  outbox out;
  f.fsm.on_envelope(envelope{auc_id, ss_id, elements::kind_of(protocol::sip), "REGISTER"}, t0,
                    out);
  f.fsm.on_envelope(envelope{auc_id, ss_id, elements::envelope_kind::auc, "\x01"}, t0, out);
  f.fsm.on_envelope(auc_envelope(auc_id, ss_id, auc::message{auc::report_ack{3}}), t0, out);
  f.fsm.on_envelope(auc_envelope(auc_id, ss_id, auc::message{auc::auth_vector{}}), t0, out);
  BOOST_TEST(out.empty());
  BOOST_TEST(f.sink.ops.empty());
  BOOST_TEST(f.fsm.stats().requests == 0u);
}

BOOST_AUTO_TEST_CASE(subscribers_and_elements_are_provisioned) {
  fixture f;
  BOOST_TEST(f.fsm.subscriber_count() == 1u);
  BOOST_REQUIRE(f.fsm.find_subscriber(f.sub.identity) != nullptr);
  BOOST_TEST((f.fsm.find_subscriber(f.sub.identity)->k == f.sub.k));
  BOOST_TEST(f.fsm.find_subscriber("bob@ngn.example") == nullptr);
}

BOOST_AUTO_TEST_SUITE_END()
