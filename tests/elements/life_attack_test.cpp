// The attacks on the registration's life (DESIGN.md §1.2), for every protocol, with and without
// the signaling proxy: ESP that does not verify, replays, unknown SPIs, an SA that was rolled over,
// plain messages where protection was agreed, forged de-registrations, a refresh with a wrong RES,
// an edge that restarts. Each is dropped or refused, counted, and leaves the registration intact.

#include "tests/elements/life_support.hpp"

using namespace ngn::test::life_support;

BOOST_AUTO_TEST_SUITE(life)

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

BOOST_AUTO_TEST_SUITE_END()
