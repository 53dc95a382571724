// The registration's life (DESIGN.md §1.2), written once and run for every protocol, with and
// without the signaling proxy: after a successful registration every message between the
// terminal and its security edge is an ESP packet under the registration's SAs — keepalives
// (the edge audits where the protocol says so: MGCP), refreshes (a fresh AKA whose SAs replace
// the old ones once used), the expiry of a registration not refreshed, de-registration, and a
// terminal that holds, leaves and comes back. Then the attacks on that life: ESP that does not
// verify, replays, unknown SPIs, an SA that was rolled over, plain messages where protection
// was agreed, a refresh with a wrong RES, forged de-registrations. A `null` registration (no
// SAs) lives the same life in clear. What the terminals count (life_counters), what the edge
// counts and what the AuC records must match what happened on the wire.
#include "tests/elements/protocol_kit.hpp"
#include "tests/elements/unit_support.hpp"

#include "elements/life_counters.hpp"
#include "elements/sa.hpp"
#include "elements/security_edge.hpp"

#include <boost/test/data/monomorphic.hpp>
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <algorithm>

using namespace ngn;
using namespace ngn::test;
using dialogue::code;
using dialogue::step;
using elements::esp_drop;
using elements::life_counters;
using storage::session_state;
namespace data = boost::unit_test::data;

namespace {

const bool with_and_without_proxy[] = {false, true};
const auto protocols_and_proxies = data::make(all_protocols) * data::make(with_and_without_proxy);

constexpr auto t1 = scenario::first_terminal;
constexpr auto t2 = scenario::first_terminal + 1;
/// An element that is no terminal of the scenario: what is sent to it is only traced.
constexpr auto attacker = scenario::first_terminal + 77;

const mechanism_list default_edge{{"aes-gcm", 900}, {"hmac-sha256", 500}};

elements::element_id edge_of(bool proxy) { return proxy ? scenario::sp_id : scenario::ss_id; }

std::uint64_t get(const life_counters::counter& c) { return life_counters::get(c); }
std::int64_t get(const std::atomic<std::int64_t>& c) { return c.load(std::memory_order_relaxed); }
std::uint64_t dropped(const life_counters& l, esp_drop why) {
  return get(l.esp_dropped[static_cast<std::size_t>(why)]);
}

/// The terminals keep their registrations alive every `interval`: they send keepalives, or,
/// where the protocol has the edge audit them (MGCP), the edge does. Call before anything is sent.
void keep_alive(scenario& s, micros interval, const mechanism_list& edge = default_edge) {
  s.profile.keepalive = interval;
  s.set_edge(edge, s.bindings[s.proto].keepalive_by_edge() ? interval : 0);
}

/// Keeps the terminals of `s` alive every `interval` (keep_alive) and registers them all; the
/// test stops if one does not register (as each test did before, written out).
void register_kept_alive(scenario& s, micros interval, const mechanism_list& edge = default_edge) {
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
void watch_and_register(scenario& s, end_log& log, micros interval,
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
std::vector<seen> between(const scenario& s, elements::element_id a, elements::element_id b,
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

std::size_t count_kind(const std::vector<seen>& v, step k, elements::element_id from) {
  return static_cast<std::size_t>(std::count_if(
    v.begin(), v.end(), [&](const seen& x) { return x.from == from && x.kind == k; }));
}

/// The last ESP packet `from` sent `to` whose message is a `kind` (any step if none).
std::optional<seen> last_esp(const scenario& s, elements::element_id from, elements::element_id to,
                             std::optional<step> kind = std::nullopt) {
  auto all = between(s, from, to);
  for (auto i = all.rbegin(); i != all.rend(); ++i)
    if (i->from == from && i->esp && (!kind || i->kind == kind)) return *i;
  return std::nullopt;
}

/// The message of the terminal's part of a keepalive exchange: its keepalive, or its answer to
/// the edge's audit (MGCP).
step terminal_keepalive_step(const scenario& s) {
  return s.bindings[s.proto].keepalive_by_edge() ? step::ack : step::keepalive;
}

/// A UDP datagram of the protocol from the terminal's port to the edge's, sealed under `out`.
std::string seal_up(protocol p, elements::sa_outbound& out, std::string_view message) {
  const auto& ports = info(p);
  auto packet = elements::seal(out, ports.terminal_port, ports.server_port, message);
  BOOST_REQUIRE(!packet.empty());
  return packet;
}

/// A de-registration of `identity` as a terminal at `local` (number `number`) would send it.
std::string deregistration_of(const scenario& s, const std::string& identity,
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
std::size_t rows_in(const scenario& s, session_state state) {
  return s.sink.sessions_in(state).size();
}

/// The state the AuC recorded for row `id` ("none" if it recorded none).
std::string state_of(const scenario& s, std::int64_t id) {
  const auto st = s.sink.state_of(id);
  return st ? std::string(storage::to_string(*st)) : std::string("none");
}

/// The only established row of the AuC (a test failure unless there is exactly one).
std::int64_t only_established(const scenario& s) {
  const auto ids = s.sink.sessions_in(session_state::established);
  BOOST_REQUIRE_EQUAL(ids.size(), 1u);
  return ids.front();
}

/// Copies of the terminal's SAs now (the harness's terminal keeps its own).
elements::sa_pair sas_of(scenario& s, std::size_t i) {
  const auto* p = s.terminal(i).sas();
  BOOST_REQUIRE(p != nullptr);
  return *p;
}

struct mechanism_case {
  const char* name;
  mechanism_list offered;
  mechanism_list edge;
};
std::ostream& operator<<(std::ostream& os, const mechanism_case& m) { return os << m.name; }
const mechanism_case protected_mechanisms[] = {
  {"aes-gcm", {{"aes-gcm", 900}, {"hmac-sha256", 500}}, default_edge},
  {"hmac-sha256", {{"hmac-sha256", 900}, {"aes-gcm", 500}}, default_edge},
};
const mechanism_case unprotected_mechanisms[] = {
  {"null", {{"null", 1000}}, {{"hmac-sha256", 900}, {"null", 100}}},
  {"no-sec-agree", {}, default_edge},
};

} // namespace

BOOST_AUTO_TEST_SUITE(life)

// -- keepalive ------------------------------------------------------------------------------------

// DESIGN.md §1.2: every keepalive and its answer travel as ESP under the registration's SAs;
// the edge answers (or audits) itself, the soft switch behind a proxy sees none of it.
BOOST_DATA_TEST_CASE(keepalives_are_exchanged_as_esp_and_answered,
                     protocols_and_proxies * data::make(protected_mechanisms), proto, proxy, m) {
  scenario s{proto, proxy};
  s.profile.offered = m.offered;
  register_kept_alive(s, 10 * seconds, m.edge);
  BOOST_TEST(s.outcome(0)->mechanism == m.name);
  const auto mark = s.trace.size();
  const auto pair = sas_of(s, 0);
  s.advance(35 * seconds);

  const auto edge = edge_of(proxy);
  const auto life = between(s, t1, edge, mark);
  // The edge sends a keepalive (MGCP) or answers one: three in 35 s, each answered.
  const bool by_edge = s.bindings[proto].keepalive_by_edge();
  const auto keepalives = count_kind(life, step::keepalive, by_edge ? edge : t1);
  BOOST_TEST(keepalives == 3u);
  const auto answer_step = by_edge ? step::ack
                           : proto == protocol::h248 ? step::ack
                                                     : step::keepalive_answer;
  BOOST_TEST(count_kind(life, answer_step, by_edge ? t1 : edge) == keepalives);
  for (std::size_t i = 0; i < life.size(); ++i) {
    BOOST_TEST_CONTEXT("message " << i) {
      BOOST_TEST(life[i].esp);        // never in clear
      BOOST_TEST(life[i].kind.has_value()); // and the key log opens it
      const auto spi = elements::spi_of(life[i].packet).value_or(0);
      BOOST_TEST(spi == (life[i].from == t1 ? pair.out.spi : pair.in.spi));
      if (life[i].kind == step::keepalive) {
        // Answered right away, the other way.
        BOOST_REQUIRE(i + 1 < life.size());
        BOOST_TEST(life[i + 1].from == life[i].to);
        BOOST_TEST((life[i + 1].kind == answer_step));
      }
    }
  }
  if (proxy) {
    // The proxy keeps the keepalives to itself.
    std::size_t to_ss = 0;
    for (std::size_t i = mark; i < s.trace.size(); ++i)
      to_ss += s.trace[i].to == scenario::ss_id || s.trace[i].from == scenario::ss_id;
    BOOST_TEST(to_ss == 0u);
  }
  BOOST_TEST(get(s.life.keepalives) == 3u);
  BOOST_TEST(s.edge_stats().keepalives == 3u);
  BOOST_TEST(get(s.life.failures) == 0u);
  BOOST_TEST(s.edge_stats().esp_dropped() == 0u);
  BOOST_TEST(s.terminal(0).registered());
  BOOST_TEST(s.terminal(0).state() == elements::terminal_state::registered);
}

// -- refresh --------------------------------------------------------------------------------------

// A refresh runs a fresh AKA under the current SAs; its SAs take over once the first packet
// under them arrives (TS 33.203 §7.4): the old registration is superseded by the new one (another
// session, another SK, other SPIs), and the registration outlives its first lifetime.
BOOST_DATA_TEST_CASE(a_refresh_rolls_the_sas_over, protocols_and_proxies, proto, proxy) {
  scenario s{proto, proxy};
  end_log log;
  s.profile.lifetime = 60;
  s.profile.reregister = 30 * seconds;
  watch_and_register(s, log, 10 * seconds);
  const auto edge = edge_of(proxy);
  const auto& id = s.subscriber(0).identity;
  const auto old = sas_of(s, 0);
  const auto old_sk = s.terminal(0).session_key();
  const auto first_row = only_established(s);
  auto stale = old.out; // a copy of the first outbound SA: seals what the terminal could send
  const auto mark = s.trace.size();

  // The refresh at 30 s, then one keepalive under the new SAs.
  s.advance(41 * seconds);
  BOOST_TEST(get(s.life.reregistrations) == 1u);
  BOOST_REQUIRE(s.outcome(0));
  BOOST_TEST((s.outcome(0)->kind == elements::registration_kind::reregistration));
  BOOST_TEST(s.outcome(0)->established, s.outcome(0)->reason);
  const auto now_sas = sas_of(s, 0);
  BOOST_TEST(now_sas.in.spi != old.in.spi);
  BOOST_TEST(now_sas.out.spi != old.out.spi);
  BOOST_TEST((*now_sas.out.keys != *old.out.keys));
  BOOST_TEST(!(s.terminal(0).session_key() == old_sk));
  const auto* edge_sk = proxy ? s.sp->session_key(id) : s.ss.session_key(id);
  BOOST_REQUIRE(edge_sk != nullptr);
  BOOST_TEST((*edge_sk == s.terminal(0).session_key()));

  // The refresh itself went under the old SAs; every later packet under the new ones.
  const auto life = between(s, t1, edge, mark);
  bool refreshed = false;
  std::size_t under_new = 0;
  for (const auto& x : life) {
    BOOST_TEST(x.esp);
    const auto spi = elements::spi_of(x.packet).value_or(0);
    if (x.from == t1 && x.kind == step::reg_request) {
      BOOST_TEST(spi == old.out.spi);
      refreshed = true;
    }
    if (refreshed && x.from == t1 && spi == now_sas.out.spi) ++under_new;
    if (!refreshed) BOOST_TEST((spi == old.out.spi || spi == old.in.spi));
  }
  BOOST_TEST(refreshed);
  BOOST_TEST(under_new > 0u);
  // After the refresh's success the edge sends only under the new SAs once they are in use.
  const auto last_down = last_esp(s, edge, t1);
  BOOST_REQUIRE(last_down);
  BOOST_TEST(elements::spi_of(last_down->packet).value_or(0) == now_sas.in.spi);

  // The old registration is superseded, naming its successor.
  BOOST_REQUIRE_EQUAL(log.ends.size(), 1u);
  const auto& end = log.ends.front();
  BOOST_TEST((end.cause == auc::end_cause::superseded));
  BOOST_TEST(end.session_id != 0u);
  BOOST_TEST(end.successor_session != 0u);
  BOOST_TEST(end.session_id != end.successor_session);
  BOOST_TEST(state_of(s, first_row) == "superseded");
  const auto second_row = only_established(s);
  BOOST_TEST(second_row != first_row);
  BOOST_REQUIRE(s.sink.end_of(first_row));
  BOOST_TEST(s.sink.end_of(first_row)->successor == second_row);
  BOOST_TEST(s.edge_stats().superseded == 1u);
  BOOST_TEST((proxy ? s.sp->registered() : s.ss.registered()) == 1u);

  // The old SA is gone at the edge: a packet under it is an unknown SPI.
  const auto unknown = s.edge_stats().esp_unknown_spi;
  const auto received = s.edge_stats().esp_received;
  s.inject_esp(t1, edge, seal_up(proto, stale, "anything"));
  s.deliver();
  BOOST_TEST(s.edge_stats().esp_unknown_spi == unknown + 1);
  BOOST_TEST(s.edge_stats().esp_received == received);

  // Past the first registration's lifetime (60 s) and the second refresh: nothing expires.
  s.advance(40 * seconds);
  BOOST_TEST(s.edge_stats().expired == 0u);
  BOOST_TEST(log.count(auc::end_cause::expired) == 0u);
  BOOST_TEST(get(s.life.expirations) == 0u);
  BOOST_TEST(get(s.life.reregistrations) == 2u);
  BOOST_TEST(s.edge_stats().superseded == 2u);
  BOOST_TEST(rows_in(s, session_state::superseded) == 2u);
  BOOST_TEST(s.terminal(0).registered());
  BOOST_TEST(get(s.life.failures) == 0u);
  BOOST_TEST(get(s.life.active) == 1);
}

// TS 33.203 §7.4: a refresh's SAs are taken into use by the first packet under them, or, when
// none arrives (lost), at the end of the old registration's lifetime: the old one is then
// superseded, not expired, and the new one lives on — audited where the edge audits.
BOOST_DATA_TEST_CASE(an_unused_refresh_takes_over_at_the_old_expiry, protocols_and_proxies, proto,
                     proxy) {
  scenario s{proto, proxy};
  end_log log;
  log.watch(s);
  s.profile.lifetime = 45;
  s.profile.reregister = 30 * seconds;
  s.profile.keepalive = 0; // the terminal sends nothing of its own between refreshes
  const bool by_edge = s.bindings[proto].keepalive_by_edge();
  s.set_edge(default_edge, by_edge ? 10 * seconds : 0);
  BOOST_REQUIRE_MESSAGE(s.register_all(), s.failures());
  const auto edge = edge_of(proxy);
  const auto start = s.now;
  const auto old = sas_of(s, 0);
  const auto first_row = only_established(s);
  // Every packet of the terminal under other SAs than the first ones is lost, for a while.
  bool lossy = true;
  std::size_t lost = 0;
  s.intercept_esp = [&](elements::element_id from, elements::element_id, std::string& packet) {
    if (!lossy || from != t1 || elements::spi_of(packet).value_or(0) == old.out.spi) return true;
    ++lost;
    return false;
  };
  BOOST_REQUIRE(s.advance_until([&] { return get(s.life.reregistrations) == 1; },
                                31 * seconds));
  const auto now_sas = sas_of(s, 0);
  s.advance(start + 44 * seconds - s.now);
  BOOST_TEST(log.ends.empty());          // the old one is still the one in use
  BOOST_TEST(s.edge_stats().superseded == 0u);
  s.advance(2 * seconds);                // its lifetime ends at 45 s
  BOOST_REQUIRE_EQUAL(log.ends.size(), 1u);
  BOOST_TEST((log.ends.front().cause == auc::end_cause::superseded));
  BOOST_TEST(log.ends.front().successor_session != 0u);
  BOOST_TEST(state_of(s, first_row) == "superseded");
  BOOST_TEST(s.edge_stats().expired == 0u);
  BOOST_TEST((proxy ? s.sp->registered() : s.ss.registered()) == 1u);
  if (by_edge) BOOST_TEST(lost > 0u); // the answers to the old registration's audits

  // The new registration is the one in use now, at both ends.
  lossy = false;
  const auto mark = s.trace.size();
  const auto audits = s.edge_stats().keepalives;
  if (by_edge) {
    // Audited under the new SAs before its own refresh (at 60 s).
    s.advance(start + 58 * seconds - s.now);
    BOOST_TEST(s.edge_stats().keepalives > audits);
    const auto down = last_esp(s, edge, t1, step::keepalive);
    BOOST_REQUIRE(down);
    BOOST_TEST(down->at >= mark);
    BOOST_TEST(elements::spi_of(down->packet).value_or(0) == now_sas.in.spi);
    const auto up = last_esp(s, t1, edge, step::ack);
    BOOST_REQUIRE(up);
    BOOST_TEST(up->at > down->at);
    BOOST_TEST(elements::spi_of(up->packet).value_or(0) == now_sas.out.spi);
  }
  const auto received = s.edge_stats().esp_received;
  s.leave(0);
  s.deliver();
  BOOST_TEST(s.edge_stats().esp_received > received);
  BOOST_TEST(s.edge_stats().esp_unknown_spi == 0u);
  BOOST_TEST(log.count(auc::end_cause::deregistered) == 1u);
  BOOST_TEST(log.count(auc::end_cause::expired) == 0u);
  BOOST_TEST(rows_in(s, session_state::deregistered) == 1u);
  BOOST_TEST(get(s.life.deregistrations) == 1u);
}

// -- expiry ---------------------------------------------------------------------------------------

// A registration not refreshed within its lifetime expires at the edge: SAs deleted, SK wiped,
// its end reported (expired) and recorded. Keepalives do not extend it.
BOOST_DATA_TEST_CASE(an_unrefreshed_registration_expires_at_the_edge, protocols_and_proxies,
                     proto, proxy) {
  scenario s{proto, proxy};
  end_log log;
  s.profile.lifetime = 30;
  s.profile.reregister = 0; // the terminal never refreshes
  watch_and_register(s, log, 10 * seconds);
  const auto edge = edge_of(proxy);
  const auto& id = s.subscriber(0).identity;
  const auto row = only_established(s);
  auto stale = sas_of(s, 0).out;

  s.advance(29 * seconds);
  BOOST_TEST(log.ends.empty());
  BOOST_TEST((proxy ? s.sp->registered() : s.ss.registered()) == 1u);
  BOOST_TEST(get(s.life.keepalives) == 2u);

  s.advance(2 * seconds);
  BOOST_REQUIRE_EQUAL(log.ends.size(), 1u);
  BOOST_TEST((log.ends.front().cause == auc::end_cause::expired));
  BOOST_TEST(log.ends.front().lifetime == 30u);
  BOOST_TEST(log.ends.front().identity == id);
  BOOST_TEST(s.edge_stats().expired == 1u);
  BOOST_TEST((proxy ? s.sp->registered() : s.ss.registered()) == 0u);
  BOOST_TEST((proxy ? s.sp->session_key(id) : s.ss.session_key(id)) == nullptr);
  BOOST_TEST(state_of(s, row) == "expired");
  BOOST_TEST(s.ss.registrations() == 0u);
  // The terminal let it expire too.
  BOOST_TEST(get(s.life.expirations) == 1u);
  BOOST_TEST(!s.terminal(0).registered());
  BOOST_TEST(s.terminal(0).state() == elements::terminal_state::left);
  BOOST_TEST(get(s.life.active) == 0);
  // SAs deleted: what comes under them is an unknown SPI.
  s.inject_esp(t1, edge, seal_up(proto, stale, "anything"));
  s.deliver();
  BOOST_TEST(s.edge_stats().esp_unknown_spi == 1u);
  BOOST_TEST(s.edge_stats().esp_received == static_cast<std::uint64_t>(get(s.life.esp_sent)));
}

// -- de-registration, hold and re-arrival -------------------------------------------------------

// leave(): the terminal de-registers under its SAs and the registration ends at once, at both
// ends, with the packets it carried recorded.
BOOST_DATA_TEST_CASE(leaving_deregisters_and_ends_the_registration_at_once,
                     protocols_and_proxies, proto, proxy) {
  scenario s{proto, proxy};
  end_log log;
  watch_and_register(s, log, 10 * seconds);
  s.advance(15 * seconds);
  const auto edge = edge_of(proxy);
  const auto& id = s.subscriber(0).identity;
  const auto row = only_established(s);
  auto stale = sas_of(s, 0).out;
  const auto mark = s.trace.size();

  s.leave(0);
  s.deliver(); // no time passes
  const auto dereg = between(s, t1, edge, mark);
  BOOST_REQUIRE(!dereg.empty());
  BOOST_TEST(dereg.front().esp);
  BOOST_TEST((dereg.front().kind == step::deregistration));
  BOOST_TEST(dereg.back().from == edge);
  BOOST_TEST(dereg.back().esp); // the answer under the SAs too, then they go
  BOOST_TEST((proxy ? s.sp->registered() : s.ss.registered()) == 0u);
  BOOST_TEST((proxy ? s.sp->session_key(id) : s.ss.session_key(id)) == nullptr);
  BOOST_TEST(!s.terminal(0).registered());
  BOOST_TEST(s.terminal(0).state() == elements::terminal_state::left);
  BOOST_REQUIRE_EQUAL(log.ends.size(), 1u);
  BOOST_TEST((log.ends.front().cause == auc::end_cause::deregistered));
  BOOST_TEST(state_of(s, row) == "deregistered");
  BOOST_TEST(s.edge_stats().deregistered == 1u);
  BOOST_TEST(s.ss.stats().deregistrations == 1u);
  BOOST_TEST(get(s.life.deregistrations) == 1u);
  BOOST_TEST(get(s.life.active) == 0);
  // The end names what the registration carried: every ESP packet of it, both ways.
  const auto all = between(s, t1, edge);
  std::uint64_t up = 0, down = 0;
  for (const auto& x : all)
    if (x.esp) ++(x.from == t1 ? up : down);
  BOOST_REQUIRE(s.sink.end_of(row));
  BOOST_TEST(s.sink.end_of(row)->protected_received == up);
  BOOST_TEST(s.sink.end_of(row)->protected_sent == down);
  BOOST_TEST(s.sink.end_of(row)->protected_dropped == 0u);
  BOOST_TEST(up == get(s.life.esp_sent));
  BOOST_TEST(down == get(s.life.esp_received));
  // The SAs are deleted at once.
  s.inject_esp(t1, edge, seal_up(proto, stale, "anything"));
  s.deliver();
  BOOST_TEST(s.edge_stats().esp_unknown_spi == 1u);
  // Nothing more happens: no keepalive, no audit, no refresh, no expiry.
  const auto end_mark = s.trace.size();
  s.advance(60 * seconds);
  BOOST_TEST(between(s, t1, edge, end_mark).empty());
  BOOST_TEST(get(s.life.expirations) == 0u);
}

// A terminal holds its registration for a while, de-registers, and comes back: a new
// registration (fresh AKA, new SAs) that again ends when it leaves.
BOOST_DATA_TEST_CASE(after_its_hold_a_terminal_leaves_and_rearrives, protocols_and_proxies,
                     proto, proxy) {
  scenario s{proto, proxy};
  s.profile.hold = 20 * seconds;
  s.profile.rearrive = 5 * seconds;
  register_kept_alive(s, 8 * seconds);
  const auto edge = edge_of(proxy);
  const auto first = sas_of(s, 0);
  const auto first_sk = s.terminal(0).session_key();
  const auto first_row = only_established(s);

  BOOST_REQUIRE(s.advance_until(
    [&] { return s.terminal(0).state() == elements::terminal_state::away; }, 21 * seconds));
  BOOST_TEST(get(s.life.deregistrations) == 1u);
  BOOST_TEST(state_of(s, first_row) == "deregistered");
  BOOST_TEST((proxy ? s.sp->registered() : s.ss.registered()) == 0u);
  BOOST_TEST(get(s.life.active) == 0);

  BOOST_REQUIRE(s.advance_until([&] { return s.terminal(0).registered(); }, 6 * seconds));
  s.deliver();
  BOOST_REQUIRE_EQUAL(s.outcomes(0).size(), 2u);
  BOOST_TEST((s.outcomes(0)[1].kind == elements::registration_kind::rearrival));
  BOOST_TEST(s.outcomes(0)[1].established, s.outcomes(0)[1].reason);
  BOOST_TEST(get(s.life.registrations) == 2u);
  BOOST_TEST(get(s.life.active) == 1);
  const auto second = sas_of(s, 0);
  BOOST_TEST(second.in.spi != first.in.spi);
  BOOST_TEST(!(s.terminal(0).session_key() == first_sk));
  const auto second_row = only_established(s);
  BOOST_TEST(second_row != first_row);
  BOOST_TEST((proxy ? s.sp->registered() : s.ss.registered()) == 1u);
  // Its life goes on under the new SAs.
  s.advance(9 * seconds);
  const auto ka = last_esp(s, t1, edge);
  BOOST_REQUIRE(ka);
  BOOST_TEST(elements::spi_of(ka->packet).value_or(0) == second.out.spi);

  // Told to leave, it de-registers and does not come back.
  s.leave(0);
  s.advance(30 * seconds);
  BOOST_TEST(s.terminal(0).state() == elements::terminal_state::left);
  BOOST_TEST(get(s.life.deregistrations) == 2u);
  BOOST_TEST(get(s.life.registrations) == 2u);
  BOOST_TEST(state_of(s, second_row) == "deregistered");
  BOOST_TEST(s.edge_stats().deregistered == 2u);
  BOOST_TEST(get(s.life.failures) == 0u);
}

// -- attacks on the protected traffic ------------------------------------------------------------

// ESP that does not verify, a replayed packet, an unknown SPI: dropped and counted by cause at
// the edge, nothing answered, nothing changed; the genuine traffic carries on.
BOOST_DATA_TEST_CASE(bad_esp_at_the_edge_is_dropped_by_cause, protocols_and_proxies, proto,
                     proxy) {
  scenario s{proto, proxy};
  register_kept_alive(s, 10 * seconds);
  s.advance(10 * seconds + 500 * ms); // one keepalive exchange
  const auto edge = edge_of(proxy);
  const auto genuine = last_esp(s, t1, edge, terminal_keepalive_step(s));
  BOOST_REQUIRE(genuine);
  const auto stats = s.edge_stats();
  const auto keepalives = get(s.life.keepalives);
  BOOST_TEST(keepalives == 1u);
  const auto mark = s.trace.size();

  // 1. A replay of the terminal's keepalive.
  s.inject_esp(t1, edge, genuine->packet);
  // 2. A packet with the next sequence number whose ICV does not verify.
  auto copy = sas_of(s, 0).out;
  auto bad = seal_up(proto, copy, genuine->bytes);
  bad[bad.size() / 2] = static_cast<char>(bad[bad.size() / 2] ^ 0x40);
  s.inject_esp(t1, edge, bad);
  // 3. An SPI the edge never gave.
  auto other = sas_of(s, 0).out;
  other.spi ^= 0x00ff0000u;
  s.inject_esp(t1, edge, seal_up(proto, other, genuine->bytes));
  // 4. Not ESP at all.
  s.inject_esp(t1, edge, "\x01\x02");
  s.deliver();

  const auto after = s.edge_stats();
  BOOST_TEST(after.esp_replayed == stats.esp_replayed + 1);
  BOOST_TEST(after.esp_bad_icv == stats.esp_bad_icv + 1);
  BOOST_TEST(after.esp_unknown_spi == stats.esp_unknown_spi + 1);
  BOOST_TEST(after.esp_malformed == stats.esp_malformed + 1);
  BOOST_TEST(after.esp_received == stats.esp_received);
  BOOST_TEST(after.keepalives == stats.keepalives);
  // Nothing answered (the injected packets are traced, the edge sent nothing back).
  for (const auto& x : between(s, t1, edge, mark)) BOOST_TEST(x.from == t1);
  // The bad ICV did not spend its sequence number: the terminal's next packet is taken.
  s.advance(10 * seconds);
  BOOST_TEST(get(s.life.keepalives) == keepalives + 1);
  BOOST_TEST(s.edge_stats().esp_received > after.esp_received);
  BOOST_TEST(s.edge_stats().esp_bad_icv == after.esp_bad_icv);
  BOOST_TEST(get(s.life.failures) == 0u);
  BOOST_TEST(s.terminal(0).registered());
}

// The same at the terminal: what the edge did not send under the terminal's SAs is dropped and
// counted by cause (life_counters), and so is a plain message once protection was agreed.
BOOST_DATA_TEST_CASE(bad_esp_at_the_terminal_is_dropped_by_cause, protocols_and_proxies, proto,
                     proxy) {
  scenario s{proto, proxy};
  register_kept_alive(s, 10 * seconds);
  s.advance(10 * seconds + 500 * ms);
  const auto edge = edge_of(proxy);
  const auto down = last_esp(s, edge, t1);
  BOOST_REQUIRE(down);
  const auto received = get(s.life.esp_received);

  s.inject_esp(edge, t1, down->packet); // replayed
  // The ICV is checked after the window: a fresh number is needed for a bad ICV.
  elements::sa_outbound forged;
  forged.spi = sas_of(s, 0).in.spi;
  forged.keys = *sas_of(s, 0).in.keys;
  forged.seq = esp::sequence_counter(1000);
  const auto& ports = info(proto);
  auto bad = elements::seal(forged, ports.server_port, ports.terminal_port, down->bytes);
  BOOST_REQUIRE(!bad.empty());
  bad[bad.size() - 3] = static_cast<char>(bad[bad.size() - 3] ^ 0x10);
  s.inject_esp(edge, t1, bad);
  auto unknown = down->packet;
  unknown[0] = static_cast<char>(unknown[0] ^ 0x11);
  s.inject_esp(edge, t1, unknown);
  s.inject(edge, t1, proto, down->bytes); // the same message in clear
  s.deliver();

  BOOST_TEST(dropped(s.life, esp_drop::replayed) == 1u);
  BOOST_TEST(dropped(s.life, esp_drop::bad_icv) == 1u);
  BOOST_TEST(dropped(s.life, esp_drop::unknown_spi) == 1u);
  BOOST_TEST(get(s.life.unprotected_dropped) == 1u);
  BOOST_TEST(get(s.life.esp_received) == received);
  BOOST_TEST(s.terminal(0).registered());
  // The registration goes on.
  s.advance(10 * seconds);
  BOOST_TEST(get(s.life.esp_received) > received);
  BOOST_TEST(get(s.life.failures) == 0u);
}

// After a refresh rolled the SAs over, a packet under the old ones is an unknown SPI at both
// ends — even one the old SA's window would have taken.
BOOST_DATA_TEST_CASE(packets_under_an_sa_rolled_over_are_dropped, protocols_and_proxies, proto,
                     proxy) {
  scenario s{proto, proxy};
  s.profile.lifetime = 40;
  s.profile.reregister = 20 * seconds;
  register_kept_alive(s, 5 * seconds);
  const auto edge = edge_of(proxy);
  auto old = sas_of(s, 0);
  // Sealed by the terminal's old outbound SA with a number it has not used yet.
  old.out.seq = esp::sequence_counter(old.out.seq.last() + 30);
  const auto& ports = info(proto);
  const auto up = seal_up(proto, old.out, "OPTIONS");
  // And a packet of the edge under the terminal's old inbound SA.
  BOOST_REQUIRE(s.advance_until([&] { return get(s.life.reregistrations) == 1; },
                                25 * seconds));
  s.advance(6 * seconds); // a keepalive under the new SAs: both ends use them now
  BOOST_REQUIRE(sas_of(s, 0).in.spi != old.in.spi);
  const auto latest = last_esp(s, edge, t1);
  BOOST_REQUIRE(latest);
  BOOST_TEST(elements::spi_of(latest->packet).value_or(0) == sas_of(s, 0).in.spi);
  // The edge's old outbound SA, rebuilt from the terminal's old inbound one.
  elements::sa_outbound edge_old;
  edge_old.spi = old.in.spi;
  edge_old.keys = *old.in.keys;
  edge_old.seq = esp::sequence_counter(old.in.window.highest() + 30);
  const auto down = elements::seal(edge_old, ports.server_port, ports.terminal_port, "AUEP");
  const auto unknown_edge = s.edge_stats().esp_unknown_spi;
  const auto unknown_terminal = dropped(s.life, esp_drop::unknown_spi);
  s.inject_esp(t1, edge, up);
  s.inject_esp(edge, t1, down);
  s.deliver();
  BOOST_TEST(s.edge_stats().esp_unknown_spi == unknown_edge + 1);
  BOOST_TEST(dropped(s.life, esp_drop::unknown_spi) == unknown_terminal + 1);
  BOOST_TEST(get(s.life.failures) == 0u);
}

// Protection was agreed: a keepalive (or the answer to an audit) and a de-registration in clear
// are dropped by the edge and counted; nothing is answered and the registration stays.
BOOST_DATA_TEST_CASE(plain_keepalives_and_deregistrations_are_dropped_where_protection_was_agreed,
                     protocols_and_proxies, proto, proxy) {
  scenario s{proto, proxy};
  end_log log;
  watch_and_register(s, log, 10 * seconds);
  s.advance(10 * seconds + 500 * ms);
  const auto edge = edge_of(proxy);
  const auto ka = last_esp(s, t1, edge, terminal_keepalive_step(s));
  BOOST_REQUIRE(ka);
  const auto row = only_established(s);
  const auto stats = s.edge_stats();
  const auto mark = s.trace.size();

  // From the terminal's own address, and from elsewhere.
  s.inject(t1, edge, proto, ka->bytes);
  const auto dereg = deregistration_of(s, s.subscriber(0).identity, 1, 0x0a010000u, proxy);
  BOOST_REQUIRE(!dereg.empty());
  s.inject(t1, edge, proto, dereg);
  s.inject(attacker, edge, proto, dereg);
  s.deliver();

  BOOST_TEST(s.edge_stats().unprotected_dropped == stats.unprotected_dropped + 3);
  BOOST_TEST(s.edge_stats().keepalives == stats.keepalives);
  for (const auto& x : between(s, t1, edge, mark)) BOOST_TEST(x.from == t1);
  BOOST_TEST(between(s, attacker, edge, mark).size() == 1u); // no answer to the attacker
  BOOST_TEST((proxy ? s.sp->registered() : s.ss.registered()) == 1u);
  BOOST_TEST(s.ss.stats().deregistrations == 0u);
  BOOST_TEST(log.ends.empty());
  BOOST_TEST(state_of(s, row) == "established");
  // The terminal's own, protected, de-registration still ends it.
  s.leave(0);
  s.deliver();
  BOOST_TEST(state_of(s, row) == "deregistered");
  BOOST_TEST(get(s.life.deregistrations) == 1u);
}

// A terminal de-registers another: under its own SAs the message names an identity they do not
// protect (misdirected), in clear it is unprotected; either way the victim stays registered.
BOOST_DATA_TEST_CASE(a_forged_deregistration_does_not_end_the_registration,
                     protocols_and_proxies, proto, proxy) {
  scenario s{proto, proxy, 2};
  end_log log;
  watch_and_register(s, log, 10 * seconds);
  const auto edge = edge_of(proxy);
  const auto& victim = s.subscriber(0).identity;
  BOOST_REQUIRE_EQUAL(rows_in(s, session_state::established), 2u);
  const auto stats = s.edge_stats();

  // t2, registered, de-registers t1 under t2's SAs (a number t2 has not used yet).
  auto t2_out = sas_of(s, 1).out;
  t2_out.seq = esp::sequence_counter(t2_out.seq.last() + 10);
  const auto forged = deregistration_of(s, victim, 2, 0x0a010001u, proxy);
  BOOST_REQUIRE(!forged.empty());
  s.inject_esp(t2, edge, seal_up(proto, t2_out, forged));
  // And in clear, from t2's address.
  s.inject(t2, edge, proto, forged);
  s.deliver();

  BOOST_TEST(s.edge_stats().esp_misdirected == stats.esp_misdirected + 1);
  BOOST_TEST(s.edge_stats().unprotected_dropped == stats.unprotected_dropped + 1);
  BOOST_TEST(s.edge_stats().deregistered == 0u);
  BOOST_TEST(s.ss.stats().deregistrations == 0u);
  BOOST_TEST(log.ends.empty());
  BOOST_TEST(rows_in(s, session_state::established) == 2u);
  BOOST_TEST((proxy ? s.sp->registered() : s.ss.registered()) == 2u);
  BOOST_TEST((proxy ? s.sp->session_key(victim) : s.ss.session_key(victim)) != nullptr);
  // Both registrations go on.
  s.advance(11 * seconds);
  BOOST_TEST(get(s.life.keepalives) == 2u);
  BOOST_TEST(get(s.life.failures) == 0u);
  BOOST_TEST(s.terminal(0).registered());
  BOOST_TEST(s.terminal(1).registered());
}

// Someone without the key tries to refresh the victim's registration (a registration dialogue
// may start in clear: TS 33.203 §7.1) and answers the challenge with a wrong RES: refused and
// recorded; the victim's registration, its SAs and its row stay as they were.
BOOST_DATA_TEST_CASE(a_refresh_with_a_wrong_res_keeps_the_old_registration,
                     protocols_and_proxies, proto, proxy) {
  scenario s{proto, proxy};
  end_log log;
  watch_and_register(s, log, 10 * seconds);
  const auto edge = edge_of(proxy);
  const auto& victim = s.subscriber(0).identity;
  const auto row = only_established(s);
  const auto sk = s.terminal(0).session_key();
  const auto spi = sas_of(s, 0).in.spi;
  const auto& b = s.bindings[proto];

  unit::terminal_wire w;
  w.b = &b;
  w.identity = victim;
  w.local = dialogue::address{0x0a0100ffu, 5060};
  w.remote = proxy ? s.sp->config().self : s.ss.config().self;
  w.serial = 4000;
  w.sequence = 1;
  const auto mark = s.trace.size();
  s.inject(attacker, edge, proto, w.request());
  s.deliver();
  std::optional<dialogue::inbound> challenge;
  for (const auto& x : between(s, attacker, edge, mark))
    if (x.from == edge && x.kind == step::challenge) challenge = unit::decode_ok(b, x.bytes);
  BOOST_REQUIRE(challenge);
  w.sequence = 2;
  dialogue::res_t wrong{};
  wrong.fill(0x5a);
  s.inject(attacker, edge, proto, w.message(*challenge, wrong));
  s.deliver();

  // Refused, and recorded as such.
  bool refused = false;
  for (const auto& x : between(s, attacker, edge, mark))
    if (x.from == edge)
      if (auto c = kit(proto).refusal_of(x.bytes))
        refused |= *c == kit(proto).wire_code(code::forbidden);
  BOOST_TEST(refused);
  const auto failed = s.sink.sessions_in(session_state::failed);
  BOOST_REQUIRE_EQUAL(failed.size(), 1u);
  BOOST_TEST(s.sink.reason_of(failed.front()) == "verification words differ");
  BOOST_TEST(rows_in(s, session_state::established) == 1u);
  // The victim's registration is untouched.
  BOOST_TEST(log.ends.empty());
  BOOST_TEST(state_of(s, row) == "established");
  BOOST_TEST(s.edge_stats().superseded == 0u);
  const auto* edge_sk = proxy ? s.sp->session_key(victim) : s.ss.session_key(victim);
  BOOST_REQUIRE(edge_sk != nullptr);
  BOOST_TEST((*edge_sk == sk));
  BOOST_TEST(s.terminal(0).registered());
  BOOST_TEST(sas_of(s, 0).in.spi == spi);
  // ... and its traffic goes on under the same SAs.
  s.advance(11 * seconds);
  BOOST_TEST(get(s.life.keepalives) == 1u);
  BOOST_TEST(get(s.life.failures) == 0u);
  const auto down = last_esp(s, edge, t1);
  BOOST_REQUIRE(down);
  BOOST_TEST(elements::spi_of(down->packet).value_or(0) == spi);
  BOOST_TEST(state_of(s, row) == "established");
}

// The soft switch that is the edge restarts and knows no SA any more: the terminal's next
// packet under its SAs is an unknown SPI, goes unanswered, and the terminal gives the
// registration up and registers again in clear (TS 33.203 §7.1), under new SAs.
BOOST_DATA_TEST_CASE(after_the_edge_restarts_the_terminal_registers_again,
                     data::make(all_protocols), proto) {
  scenario s{proto, false};
  s.profile.lifetime = 120;
  s.profile.reregister = 30 * seconds; // MGCP terminals send nothing of their own before
  register_kept_alive(s, 10 * seconds);
  const auto old = sas_of(s, 0);
  s.advance(5 * seconds);
  s.restart_softswitch();
  BOOST_TEST(s.ss.registered() == 0u);
  const auto mark = s.trace.size();

  BOOST_REQUIRE(s.advance_until(
    [&] { return s.terminal(0).registered() && s.terminal(0).sas() != nullptr
                 && s.terminal(0).sas()->in.spi != old.in.spi && s.ss.registered() == 1; },
    60 * seconds));
  BOOST_TEST(s.ss.stats().life.esp_unknown_spi >= 1u);
  BOOST_REQUIRE(s.outcome(0));
  BOOST_TEST(s.outcome(0)->established, s.outcome(0)->reason);
  // The new registration was made in clear, and lives under its own SAs.
  const auto& b = s.bindings[proto];
  bool request_in_clear = false;
  for (std::size_t i = mark; i < s.trace.size(); ++i) {
    const auto& r = s.trace[i];
    if (r.from == t1 && !r.esp())
      if (auto in = b.decode(r.bytes); in && in->c.kind == step::reg_request)
        request_in_clear = true;
  }
  BOOST_TEST(request_in_clear);
  const auto* edge_sk = s.ss.session_key(s.subscriber(0).identity);
  BOOST_REQUIRE(edge_sk != nullptr);
  BOOST_TEST((*edge_sk == s.terminal(0).session_key()));
  const auto received = s.ss.stats().life.esp_received;
  s.advance(11 * seconds);
  BOOST_TEST(s.ss.stats().life.esp_received > received);
  BOOST_TEST(s.terminal(0).registered());
}

// -- without SAs --------------------------------------------------------------------------------

// A `null` registration (the edge's policy allows it) or one without sec-agree has no SAs: its
// keepalives, refresh and de-registration go in clear, and are answered.
BOOST_DATA_TEST_CASE(a_registration_without_sas_lives_in_clear,
                     protocols_and_proxies * data::make(unprotected_mechanisms), proto, proxy,
                     m) {
  scenario s{proto, proxy};
  end_log log;
  s.profile.offered = m.offered;
  s.profile.lifetime = 60;
  s.profile.reregister = 25 * seconds;
  watch_and_register(s, log, 10 * seconds, m.edge);
  BOOST_TEST(s.terminal(0).sas() == nullptr);
  const auto edge = edge_of(proxy);
  const auto first_row = only_established(s);
  s.advance(36 * seconds); // keepalives at 10 and 20 s, the refresh at 25 s, a keepalive at 35 s
  s.leave(0);
  s.deliver();

  const auto all = between(s, t1, edge);
  for (const auto& x : all) BOOST_TEST(!x.esp);
  const bool by_edge = s.bindings[proto].keepalive_by_edge();
  BOOST_TEST(count_kind(all, step::keepalive, by_edge ? edge : t1) == 3u);
  BOOST_TEST(get(s.life.keepalives) == 3u);
  BOOST_TEST(s.edge_stats().keepalives == 3u);
  BOOST_TEST(get(s.life.reregistrations) == 1u);
  BOOST_TEST(get(s.life.deregistrations) == 1u);
  BOOST_TEST(get(s.life.esp_sent) == 0u);
  BOOST_TEST(get(s.life.esp_received) == 0u);
  BOOST_TEST(get(s.life.failures) == 0u);
  BOOST_TEST(get(s.life.active) == 0);
  BOOST_TEST(s.edge_stats().esp_received == 0u);
  BOOST_TEST(s.edge_stats().unprotected_dropped == 0u);
  BOOST_TEST(s.edge_stats().superseded == 1u);
  BOOST_TEST(s.edge_stats().deregistered == 1u);
  BOOST_TEST(state_of(s, first_row) == "superseded");
  BOOST_TEST(rows_in(s, session_state::deregistered) == 1u);
  BOOST_TEST(log.count(auc::end_cause::superseded) == 1u);
  BOOST_TEST(log.count(auc::end_cause::deregistered) == 1u);
  BOOST_TEST((proxy ? s.sp->registered() : s.ss.registered()) == 0u);
}

// -- the counts -----------------------------------------------------------------------------------

// A whole life — keepalives, refreshes, a hold, a re-arrival, attacks at the terminal, the
// end — and the terminals' life_counters agree with the trace, the edge and the AuC.
BOOST_DATA_TEST_CASE(life_counters_match_what_happened, protocols_and_proxies, proto, proxy) {
  scenario s{proto, proxy};
  end_log log;
  s.profile.lifetime = 40;
  s.profile.reregister = 25 * seconds;
  s.profile.hold = 60 * seconds;
  s.profile.rearrive = 5 * seconds;
  watch_and_register(s, log, 10 * seconds);
  const auto edge = edge_of(proxy);
  s.advance(30 * seconds);
  // Attacks at the terminal: a replay and an unknown SPI.
  const auto down = last_esp(s, edge, t1);
  BOOST_REQUIRE(down);
  s.inject_esp(edge, t1, down->packet);
  auto unknown = down->packet;
  unknown[1] = static_cast<char>(unknown[1] ^ 0x22);
  s.inject_esp(edge, t1, unknown);
  s.advance(45 * seconds); // the hold ends at 60 s, the re-arrival at 65 s
  s.leave(0);
  s.advance(10 * seconds);
  BOOST_REQUIRE(s.terminal(0).state() == elements::terminal_state::left);

  const auto all = between(s, t1, edge);
  std::uint64_t up = 0, down_esp = 0, keepalive_msgs = 0, crossed = 0;
  const bool by_edge = s.bindings[proto].keepalive_by_edge();
  bool leaving = false; // between the terminal's de-registration and its answer
  for (const auto& x : all) {
    if (x.esp && x.from == t1) ++up;
    if (x.esp && x.from == edge) ++down_esp;
    if (x.kind == step::deregistration && x.from == t1) leaving = true;
    // (MGCP's answer to the RSIP decodes as a plain ack: the next arrival ends it too.)
    if ((x.kind == step::deregistered && x.from == edge)
        || (x.kind == step::reg_request && x.from == t1))
      leaving = false;
    if (x.kind == step::keepalive && x.from == (by_edge ? edge : t1)) {
      ++keepalive_msgs;
      // An audit that reaches a leaving terminal is not answered (terminal_fsm: out of service).
      if (by_edge && leaving) ++crossed;
    }
  }
  std::uint64_t established = 0, refreshed = 0;
  for (const auto& o : s.outcomes(0)) {
    BOOST_TEST(o.established, o.reason);
    (o.kind == elements::registration_kind::reregistration ? refreshed : established) += 1;
  }
  BOOST_TEST(established == 2u); // the arrival and the re-arrival
  BOOST_TEST(refreshed >= 2u);
  BOOST_TEST(get(s.life.registrations) == established);
  BOOST_TEST(get(s.life.reregistrations) == refreshed);
  BOOST_TEST(get(s.life.deregistrations) == 2u);
  BOOST_TEST(get(s.life.keepalives) == keepalive_msgs - crossed);
  BOOST_TEST(keepalive_msgs >= 5u);
  BOOST_TEST(get(s.life.esp_sent) == up);
  BOOST_TEST(get(s.life.esp_received) + 2 == down_esp); // the two injected ones were dropped
  BOOST_TEST(dropped(s.life, esp_drop::replayed) == 1u);
  BOOST_TEST(dropped(s.life, esp_drop::unknown_spi) == 1u);
  BOOST_TEST(s.life.dropped() == 2u);
  BOOST_TEST(get(s.life.expirations) == 0u);
  BOOST_TEST(get(s.life.failures) == 0u);
  BOOST_TEST(get(s.life.unprotected_dropped) == 0u);
  BOOST_TEST(get(s.life.active) == 0);
  // The edge saw the same life.
  const auto e = s.edge_stats();
  // Every packet the terminal sent was taken: an audit that crossed the de-registration is not
  // answered, so nothing arrives after the SAs were deleted.
  BOOST_TEST(e.esp_received == up);
  BOOST_TEST(e.esp_dropped() == 0u);
  BOOST_TEST(e.esp_sent + 2 == down_esp);
  BOOST_TEST(e.keepalives == keepalive_msgs);
  BOOST_TEST(e.superseded == refreshed);
  BOOST_TEST(e.deregistered == 2u);
  BOOST_TEST(e.expired == 0u);
  // And the AuC recorded it.
  BOOST_TEST(rows_in(s, session_state::superseded) == refreshed);
  BOOST_TEST(rows_in(s, session_state::deregistered) == 2u);
  BOOST_TEST(rows_in(s, session_state::established) == 0u);
  BOOST_TEST(log.count(auc::end_cause::superseded) == refreshed);
  BOOST_TEST(log.count(auc::end_cause::deregistered) == 2u);
  BOOST_TEST(s.ss.registrations() == 0u);
}

BOOST_AUTO_TEST_SUITE_END()
