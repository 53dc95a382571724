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

#include "tests/elements/life_support.hpp"

using namespace ngn::test::life_support;

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
  BOOST_TEST(bool(end.session_id));
  BOOST_TEST(bool(end.successor_session));
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
  BOOST_TEST(bool(log.ends.front().successor_session));
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
  std::uint64_t established = 0, refreshed = 0, departures = 0;
  for (const auto& o : s.outcomes(0)) {
    BOOST_TEST(o.established, o.reason);
    if (o.kind == elements::registration_kind::departure) ++departures;
    else (o.kind == elements::registration_kind::reregistration ? refreshed : established) += 1;
  }
  BOOST_TEST(departures == 1u); // one per leave(), once its de-registration was answered
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
