// Test-only: what the registration's life tests share (life_test.cpp, life_attack_test.cpp):
// the protocol × proxy data set, the scenario helpers that keep terminals alive, watch the
// AuC's records of ends, read the trace as the edge and terminal see it, and forge packets.
#pragma once

#include "tests/elements/protocol_kit.hpp"
#include "tests/elements/unit_support.hpp"

#include "elements/life_counters.hpp"
#include "elements/sa.hpp"
#include "elements/security_edge.hpp"

#include <boost/test/data/monomorphic.hpp>
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <algorithm>

namespace ngn::test::life_support {

using namespace ::ngn;
using namespace ::ngn::test;
using dialogue::code;
using dialogue::step;
using elements::esp_drop;
using elements::life_counters;
using storage::session_state;
namespace data = boost::unit_test::data;


const bool with_and_without_proxy[] = {false, true};
const auto protocols_and_proxies = data::make(all_protocols) * data::make(with_and_without_proxy);

constexpr auto t1 = scenario::first_terminal;
constexpr auto t2 = scenario::first_terminal + 1;
/// An element that is no terminal of the scenario: what is sent to it is only traced.
constexpr auto attacker = scenario::first_terminal + 77;

const mechanism_list default_edge{{"aes-gcm", 900}, {"hmac-sha256", 500}};

inline elements::element_id edge_of(bool proxy) { return proxy ? scenario::sp_id : scenario::ss_id; }

inline std::uint64_t get(const life_counters::counter& c) { return life_counters::get(c); }
inline std::int64_t get(const std::atomic<std::int64_t>& c) { return c.load(std::memory_order_relaxed); }
inline std::uint64_t dropped(const life_counters& l, esp_drop why) {
  return get(l.esp_dropped[static_cast<std::size_t>(why)]);
}

/// The terminals keep their registrations alive every `interval`: they send keepalives, or,
/// where the protocol has the edge audit them (MGCP), the edge does. Call before anything is sent.
inline void keep_alive(scenario& s, micros interval, const mechanism_list& edge = default_edge) {
  s.profile.keepalive = interval;
  s.set_edge(edge, s.bindings[s.proto].keepalive_by_edge() ? interval : 0);
}

/// Keeps the terminals of `s` alive every `interval` (keep_alive) and registers them all; the
/// test stops if one does not register (as each test did before, written out).
inline void register_kept_alive(scenario& s, micros interval, const mechanism_list& edge = default_edge) {
  keep_alive(s, interval, edge);
  BOOST_REQUIRE_MESSAGE(s.register_all(), s.failures());
}

/// The registration_end messages the soft switch sent the AuC, each once (a report resent
/// until acknowledged is the same report).
struct end_log {
  std::vector<auc::registration_end> ends;
  void watch(scenario& s) {
    s.intercept_auc_leg = [this](elements::element_id, elements::element_id to,
                                 const auc::message& m) {
      if (to != scenario::auc_id) return true;
      if (const auto* e = std::get_if<auc::registration_end>(&m)) {
        const bool seen = std::any_of(ends.begin(), ends.end(), [&](const auto& x) {
          return x.session_id == e->session_id && x.cause == e->cause;
        });
        if (!seen) ends.push_back(*e);
      }
      return true;
    };
  }
  std::size_t count(auc::end_cause c) const {
    return static_cast<std::size_t>(std::count_if(
      ends.begin(), ends.end(), [c](const auto& e) { return e.cause == c; }));
  }
};

/// `log` watches the registration ends of `s` (it only intercepts the AuC leg, so it may start
/// after the profile is set), then register_kept_alive: the start most tests below wrote out.
inline void watch_and_register(scenario& s, end_log& log, micros interval,
                        const mechanism_list& edge = default_edge) {
  log.watch(s);
  register_kept_alive(s, interval, edge);
}

/// A traced message between a terminal and its edge, decoded.
struct seen {
  std::size_t at = 0;  ///< its index in the trace
  elements::element_id from = 0, to = 0;
  bool esp = false;
  std::optional<step> kind;  ///< nullopt: the key book could not open it, or it did not decode
  std::string bytes;         ///< the protocol message (inside the ESP packet)
  std::string packet;        ///< the ESP packet
};

/// What passed between `a` and `b` (either way) from trace index `from` on.
inline std::vector<seen> between(const scenario& s, elements::element_id a, elements::element_id b,
                          std::size_t from = 0) {
  const auto& bind = s.bindings[s.proto];
  std::vector<seen> out;
  for (std::size_t i = from; i < s.trace.size(); ++i) {
    const auto& r = s.trace[i];
    if (!((r.from == a && r.to == b) || (r.from == b && r.to == a))) continue;
    seen x{i, r.from, r.to, r.esp(), std::nullopt, r.bytes, r.packet};
    if (!r.bytes.empty())
      if (auto in = bind.decode(r.bytes)) x.kind = in->c.kind;
    out.push_back(std::move(x));
  }
  return out;
}

inline std::size_t count_kind(const std::vector<seen>& v, step k, elements::element_id from) {
  return static_cast<std::size_t>(std::count_if(
    v.begin(), v.end(), [&](const seen& x) { return x.from == from && x.kind == k; }));
}

/// The last ESP packet `from` sent `to` whose message is a `kind` (any step if none).
inline std::optional<seen> last_esp(const scenario& s, elements::element_id from, elements::element_id to,
                             std::optional<step> kind = std::nullopt) {
  auto all = between(s, from, to);
  for (auto i = all.rbegin(); i != all.rend(); ++i)
    if (i->from == from && i->esp && (!kind || i->kind == kind)) return *i;
  return std::nullopt;
}

/// The message of the terminal's part of a keepalive exchange: its keepalive, or its answer to
/// the edge's audit (MGCP).
inline step terminal_keepalive_step(const scenario& s) {
  return s.bindings[s.proto].keepalive_by_edge() ? step::ack : step::keepalive;
}

/// A UDP datagram of the protocol from the terminal's port to the edge's, sealed under `out`.
inline std::string seal_up(protocol p, elements::sa_outbound& out, std::string_view message) {
  const auto& ports = info(p);
  auto packet = elements::seal(out, ports.terminal_port, ports.server_port, message);
  BOOST_REQUIRE(!packet.empty());
  return packet;
}

/// A de-registration of `identity` as a terminal at `local` (number `number`) would send it.
inline std::string deregistration_of(const scenario& s, const std::string& identity,
                              std::uint32_t number, std::uint32_t local_ipv4, bool proxy) {
  dialogue::terminal_view v;
  v.identity = identity;
  v.domain = s.profile.domain;
  v.local = dialogue::address{local_ipv4, 5060};
  v.remote = proxy ? s.sp->config().self : s.ss.config().self;
  v.number = number;
  v.serial = number * 16u + 1u;
  v.sequence = 900;
  v.offered = &s.profile.offered;
  v.lifetime = 0;
  v.now = s.now;
  return s.bindings[s.proto].deregistration(v);
}

/// The AuC's rows of `identity`'s registrations in `state`.
inline std::size_t rows_in(const scenario& s, session_state state) {
  return s.sink.sessions_in(state).size();
}

/// The state the AuC recorded for row `id` ("none" if it recorded none).
inline std::string state_of(const scenario& s, std::int64_t id) {
  const auto st = s.sink.state_of(id);
  return st ? std::string(storage::to_string(*st)) : std::string("none");
}

/// The only established row of the AuC (a test failure unless there is exactly one).
inline std::int64_t only_established(const scenario& s) {
  const auto ids = s.sink.sessions_in(session_state::established);
  BOOST_REQUIRE_EQUAL(ids.size(), 1u);
  return ids.front();
}

/// Copies of the terminal's SAs now (the harness's terminal keeps its own).
inline elements::sa_pair sas_of(scenario& s, std::size_t i) {
  const auto* p = s.terminal(i).sas();
  BOOST_REQUIRE(p != nullptr);
  return *p;
}

struct mechanism_case {
  const char* name;
  mechanism_list offered;
  mechanism_list edge;
};
inline std::ostream& operator<<(std::ostream& os, const mechanism_case& m) { return os << m.name; }
const mechanism_case protected_mechanisms[] = {
  {"aes-gcm", {{"aes-gcm", 900}, {"hmac-sha256", 500}}, default_edge},
  {"hmac-sha256", {{"hmac-sha256", 900}, {"aes-gcm", 500}}, default_edge},
};
const mechanism_case unprotected_mechanisms[] = {
  {"null", {{"null", 1000}}, {{"hmac-sha256", 900}, {"null", 100}}},
  {"no-sec-agree", {}, default_edge},
};


} // namespace ngn::test::life_support
