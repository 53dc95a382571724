// What the AuC's unit tests share (auc_fsm_test.cpp, auc_sqn_test.cpp): the AuC alone
// (elements/auc_fsm.hpp) with one provisioned subscriber and two elements, the soft switch played
// by the test and storage by a recording sink; scripted randomness; reading the recorded rows.
#pragma once

#include "unit_support.hpp"

#include "elements/auc_fsm.hpp"

#include <boost/test/unit_test.hpp>

#include <deque>
#include <string>

namespace ngn::test::auc_unit {

using namespace ngn::test::unit;

/// The state of row `id` after every recorded operation ("none" if never inserted).
inline std::string state(const recording_sink& sink, std::int64_t id) {
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

} // namespace ngn::test::auc_unit
