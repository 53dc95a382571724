// What the soft switch's unit tests share (softswitch_fsm_test.cpp, softswitch_auc_test.cpp,
// softswitch_admission_test.cpp): one soft switch (elements/softswitch_fsm.hpp) with a terminal
// (or a proxy) and an AuC played by the test.
#pragma once

#include "unit_support.hpp"

#include "elements/softswitch_fsm.hpp"
#include "protocols/dialogue/wire_ids.hpp"

#include <boost/test/unit_test.hpp>

#include <optional>

namespace ngn::test::softswitch_unit {

using namespace ngn::test::unit;

/// Another session id than `id`: `id` with its last bit flipped.
inline ngn::session_id next_of(ngn::session_id id) {
  id.bytes[15] ^= 1;
  return id;
}

inline constexpr std::int64_t db_id = 41;

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

} // namespace ngn::test::softswitch_unit
