// What the terminal's unit tests share (terminal_fsm_test.cpp, terminal_retry_test.cpp,
// terminal_life_test.cpp): one terminal state machine (elements/terminal_fsm.hpp) and the soft
// switch it talks to, played by the test with the binding's soft-switch functions.
#pragma once

#include "unit_support.hpp"

#include "elements/terminal_fsm.hpp"

#include <boost/test/unit_test.hpp>

#include <optional>

namespace ngn::test::terminal_unit {

using namespace ngn::test::unit;
using elements::terminal_state;

inline constexpr element_id terminal_id = elements::terminal_id(0, 5);
inline const ngn::session_id session = ngn::session_id::of_number(4242);

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

} // namespace ngn::test::terminal_unit
