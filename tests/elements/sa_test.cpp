// elements/sa.hpp alone: the two SAs each end of a registration installs (DESIGN.md §1.2) and
// the ESP packets sealed and opened under them — the terminal's and the edge's pairs
// interoperate for both transforms, and every drop cause of RFC 4303 §3.4 (malformed, unknown
// SPI, replay, bad ICV) is reported as such; an exhausted SA seals nothing.
#include "unit_support.hpp"

#include "elements/sa.hpp"

#include <boost/test/unit_test.hpp>

using namespace ngn;
using namespace ngn::test;
using namespace ngn::test::unit;
using elements::esp_drop;
using elements::sa_side;

namespace {

constexpr std::uint32_t terminal_spi = 0x0001f00d, edge_spi = 0x7fff0101;
const ngn::session_id sid = ngn::session_id::of_number(4711);
constexpr std::uint16_t t_port = 5060, s_port = 5060;

const char* const mechanisms[] = {"aes-gcm", "hmac-sha256"};

/// Both ends of one registration: the terminal's pair and the edge's.
struct both_ends {
  explicit both_ends(std::string_view mechanism, std::uint64_t sk_seed = 3,
                     ngn::session_id session = sid)
    : sk(make_key(sk_seed)),
      terminal(sa_pair_of(sa_side::terminal, sk, session, mechanism, terminal_spi, edge_spi)),
      edge(sa_pair_of(sa_side::edge, sk, session, mechanism, edge_spi, terminal_spi)) {}
  crypto::key128 sk;
  elements::sa_pair terminal, edge;
};

/// `packet` opened under `in`: nullopt and the cause when dropped.
struct opened {
  std::optional<elements::sa_datagram> d;
  esp_drop why{};
};
opened try_open(elements::sa_inbound& in, std::string_view packet) {
  opened o;
  o.d = elements::open(in, packet, o.why);
  return o;
}

std::string_view name(esp_drop d) { return elements::to_string(d); }

} // namespace

BOOST_AUTO_TEST_SUITE(sa_unit)

BOOST_DATA_TEST_CASE(the_terminals_and_the_edges_pairs_interoperate, data::make(mechanisms),
                     mechanism) {
  both_ends x{mechanism};
  // Each end receives under the SPI it chose and sends under the peer's.
  BOOST_TEST(x.terminal.in.spi == terminal_spi);
  BOOST_TEST(x.terminal.out.spi == edge_spi);
  BOOST_TEST(x.edge.in.spi == edge_spi);
  BOOST_TEST(x.edge.out.spi == terminal_spi);
  // One key per direction, the same at both ends of it.
  BOOST_TEST((*x.terminal.out.keys == *x.edge.in.keys));
  BOOST_TEST((*x.edge.out.keys == *x.terminal.in.keys));
  BOOST_TEST((*x.terminal.out.keys != *x.terminal.in.keys));
  BOOST_TEST((x.terminal.out.keys->transform() == *esp::transform_for(mechanism)));

  // Terminal → edge, several packets.
  for (int i = 1; i <= 3; ++i) {
    const std::string msg = "REGISTER sip:ngn.example SIP/2.0 #" + std::to_string(i);
    auto packet = elements::seal(x.terminal.out, t_port, s_port, msg);
    BOOST_REQUIRE(!packet.empty());
    BOOST_TEST(elements::spi_of(packet).value_or(0) == edge_spi);
    BOOST_TEST(x.terminal.out.seq.last() == static_cast<std::uint32_t>(i));
    auto d = open_ok(x.edge.in, packet);
    BOOST_TEST(d.message == msg);
    BOOST_TEST(d.src_port == t_port);
    BOOST_TEST(d.dst_port == s_port);
    BOOST_TEST(x.edge.in.window.highest() == static_cast<std::uint32_t>(i));
  }
  // Edge → terminal, other ports.
  auto packet = elements::seal(x.edge.out, 2944, 2945, "MEGACO/1 [10.0.0.1]:2944");
  BOOST_REQUIRE(!packet.empty());
  BOOST_TEST(elements::spi_of(packet).value_or(0) == terminal_spi);
  auto d = open_ok(x.terminal.in, packet);
  BOOST_TEST(d.message == "MEGACO/1 [10.0.0.1]:2944");
  BOOST_TEST(d.src_port == 2944);
  BOOST_TEST(d.dst_port == 2945);
  // An empty message is a datagram too.
  auto empty = elements::seal(x.terminal.out, t_port, s_port, "");
  BOOST_REQUIRE(!empty.empty());
  BOOST_TEST(open_ok(x.edge.in, empty).message.empty());
}

BOOST_AUTO_TEST_CASE(aes_gcm_encrypts_and_hmac_sha256_only_authenticates) {
  const std::string msg = "SIP/2.0 200 OK (a recognisable message)";
  both_ends gcm{"aes-gcm"};
  auto p = elements::seal(gcm.edge.out, s_port, t_port, msg);
  BOOST_TEST(p.find(msg) == std::string::npos);
  both_ends hmac{"hmac-sha256"};
  auto q = elements::seal(hmac.edge.out, s_port, t_port, msg);
  BOOST_TEST(q.find(msg) != std::string::npos); // RFC 2410 NULL encryption
}

BOOST_DATA_TEST_CASE(a_replayed_packet_is_dropped_as_a_replay, data::make(mechanisms),
                     mechanism) {
  both_ends x{mechanism};
  std::vector<std::string> packets;
  for (int i = 0; i < 70; ++i)
    packets.push_back(elements::seal(x.terminal.out, t_port, s_port, "m" + std::to_string(i)));
  // In order, then each again: replayed.
  open_ok(x.edge.in, packets[0]);
  auto again = try_open(x.edge.in, packets[0]);
  BOOST_TEST(!again.d);
  BOOST_TEST(name(again.why) == name(esp_drop::replayed));
  // Out of order within the 64-packet window: accepted once (RFC 4303 §3.4.3).
  open_ok(x.edge.in, packets[5]);
  open_ok(x.edge.in, packets[2]);
  BOOST_TEST(name(try_open(x.edge.in, packets[2]).why) == name(esp_drop::replayed));
  // Far ahead: the window moves; what falls to its left is too old (a replay).
  open_ok(x.edge.in, packets[69]);
  auto old = try_open(x.edge.in, packets[3]);
  BOOST_TEST(!old.d);
  BOOST_TEST(name(old.why) == name(esp_drop::replayed));
  BOOST_TEST(open_ok(x.edge.in, packets[68]).message == "m68");
}

BOOST_DATA_TEST_CASE(a_bad_icv_is_dropped_and_does_not_move_the_window, data::make(mechanisms),
                     mechanism) {
  both_ends x{mechanism};
  const auto packet = elements::seal(x.terminal.out, t_port, s_port, "NTFY 2 t1@ngn.example");
  // A byte flipped anywhere after the header: in the IV, the block, or the ICV itself.
  for (std::size_t at : {std::size_t{8}, std::size_t{12}, packet.size() / 2, packet.size() - 1}) {
    BOOST_TEST_CONTEXT("octet " << at) {
      auto bad = packet;
      bad[at] = static_cast<char>(bad[at] ^ 0x01);
      auto o = try_open(x.edge.in, bad);
      BOOST_TEST(!o.d);
      BOOST_TEST(name(o.why) == name(esp_drop::bad_icv));
    }
  }
  // The sequence number is authenticated too.
  auto seq = packet;
  seq[7] = static_cast<char>(seq[7] ^ 0x02);
  BOOST_TEST(name(try_open(x.edge.in, seq).why) == name(esp_drop::bad_icv));
  // None of them moved the window: the genuine packet is still fresh.
  BOOST_TEST(x.edge.in.window.highest() == 0u);
  BOOST_TEST(open_ok(x.edge.in, packet).message == "NTFY 2 t1@ngn.example");
}

BOOST_DATA_TEST_CASE(another_key_is_a_bad_icv, data::make(mechanisms), mechanism) {
  // Same SPIs, another SK or another session id: the keys differ (HKDF salt = session id).
  both_ends x{mechanism};
  both_ends other_sk{mechanism, 4};
  both_ends other_session{mechanism, 3, ngn::session_id::of_number(4712)};
  for (auto* y : {&other_sk, &other_session}) {
    auto p = elements::seal(y->terminal.out, t_port, s_port, "OPTIONS sip:ngn.example SIP/2.0");
    auto o = try_open(x.edge.in, p);
    BOOST_TEST(!o.d);
    BOOST_TEST(name(o.why) == name(esp_drop::bad_icv));
  }
  // The edge's outbound SA does not open what the terminal sends (each direction its own key).
  auto p = elements::seal(x.terminal.out, t_port, s_port, "x");
  elements::sa_inbound mirror;
  mirror.spi = edge_spi;
  mirror.keys = x.edge.out.keys;
  BOOST_TEST(name(try_open(mirror, p).why) == name(esp_drop::bad_icv));
}

BOOST_DATA_TEST_CASE(an_unknown_spi_is_dropped_as_such, data::make(mechanisms), mechanism) {
  both_ends x{mechanism};
  // Sealed for the terminal (its SPI), offered to the edge's inbound SA.
  auto p = elements::seal(x.edge.out, s_port, t_port, "for the terminal");
  auto o = try_open(x.edge.in, p);
  BOOST_TEST(!o.d);
  BOOST_TEST(name(o.why) == name(esp_drop::unknown_spi));
  // An SA without keys (never installed) knows no SPI.
  elements::sa_inbound none;
  none.spi = terminal_spi;
  BOOST_TEST(name(try_open(none, p).why) == name(esp_drop::unknown_spi));
  // Unknown SPI comes before the window: the real SA still takes it.
  BOOST_TEST(open_ok(x.terminal.in, p).message == "for the terminal");
}

BOOST_DATA_TEST_CASE(malformed_packets_are_dropped_as_malformed, data::make(mechanisms),
                     mechanism) {
  both_ends x{mechanism};
  const auto good = elements::seal(x.terminal.out, t_port, s_port, "AUEP 9 t1@ngn.example");
  const std::string header_only = good.substr(0, 8);
  const std::string too_short = good.substr(0, 5);
  const std::string reserved = [&] {
    std::string r = good;
    r[0] = r[1] = r[2] = 0;
    r[3] = 7; // SPI 7: reserved (RFC 4303 §2.1)
    return r;
  }();
  for (const auto* p : {&too_short, &reserved}) {
    auto o = try_open(x.edge.in, *p);
    BOOST_TEST(!o.d);
    BOOST_TEST(name(o.why) == name(esp_drop::malformed));
    BOOST_TEST(!elements::spi_of(*p).has_value());
  }
  // A header without a block (shorter than the transform's smallest packet).
  auto o = try_open(x.edge.in, header_only);
  BOOST_TEST(!o.d);
  BOOST_TEST(name(o.why) == name(esp_drop::malformed));
  BOOST_TEST(name(try_open(x.edge.in, "").why) == name(esp_drop::malformed));
  // None of them spent the genuine packet's sequence number.
  BOOST_TEST(open_ok(x.edge.in, good).message == "AUEP 9 t1@ngn.example");
}

BOOST_DATA_TEST_CASE(sequence_number_zero_is_never_taken, data::make(mechanisms), mechanism) {
  // RFC 4303 §3.3.3: the first packet is number 1; 0 is refused by the window, even with a
  // valid ICV.
  both_ends x{mechanism};
  auto block = esp::build_plaintext_block(t_port, s_port, byte_view{std::string_view{"x"}});
  BOOST_REQUIRE(block);
  const auto p = crypto::esp_seal(*x.terminal.out.keys, edge_spi, 0, byte_view{*block});
  const std::string zero(p.begin(), p.end());
  auto o = try_open(x.edge.in, zero);
  BOOST_TEST(!o.d);
  BOOST_TEST(name(o.why) == name(esp_drop::replayed));
  BOOST_TEST(x.edge.in.window.highest() == 0u);
  // Number 1, the same block: taken.
  const auto q = crypto::esp_seal(*x.terminal.out.keys, edge_spi, 1, byte_view{*block});
  BOOST_TEST(open_ok(x.edge.in, std::string(q.begin(), q.end())).message == "x");
}

BOOST_DATA_TEST_CASE(an_authentic_block_that_does_not_parse_is_malformed_and_spent,
                     data::make(mechanisms), mechanism) {
  // The ICV verifies, but the block is no UDP datagram (next header 6, TCP): malformed. It
  // was authentic, so its number is spent (sa.hpp: the window moves, then the block is parsed).
  both_ends x{mechanism};
  auto block = esp::build_plaintext_block(t_port, s_port, byte_view{std::string_view{"y"}});
  BOOST_REQUIRE(block);
  block->back() = 6;
  const auto p = crypto::esp_seal(*x.terminal.out.keys, edge_spi, 1, byte_view{*block});
  const std::string tcp(p.begin(), p.end());
  auto o = try_open(x.edge.in, tcp);
  BOOST_TEST(!o.d);
  BOOST_TEST(name(o.why) == name(esp_drop::malformed));
  BOOST_TEST(x.edge.in.window.highest() == 1u);
  BOOST_TEST(name(try_open(x.edge.in, tcp).why) == name(esp_drop::replayed));
}

BOOST_DATA_TEST_CASE(an_exhausted_sa_seals_nothing, data::make(mechanisms), mechanism) {
  both_ends x{mechanism};
  x.terminal.out.seq = esp::sequence_counter(esp::sequence_counter::max_seq - 1);
  auto last = elements::seal(x.terminal.out, t_port, s_port, "the last one");
  BOOST_REQUIRE(!last.empty());
  BOOST_TEST(open_ok(x.edge.in, last).message == "the last one");
  BOOST_TEST(x.terminal.out.seq.exhausted());
  // RFC 4303 §3.3.3: the counter never cycles; the SA must be replaced.
  BOOST_TEST(elements::seal(x.terminal.out, t_port, s_port, "one more").empty());
  BOOST_TEST(elements::seal(x.terminal.out, t_port, s_port, "one more").empty());
}

BOOST_DATA_TEST_CASE(what_cannot_be_sealed_is_empty, data::make(mechanisms), mechanism) {
  both_ends x{mechanism};
  // A message that does not fit a UDP datagram.
  const std::string huge(esp::max_message_size + 1, 'x');
  BOOST_TEST(elements::seal(x.terminal.out, t_port, s_port, huge).empty());
  BOOST_TEST(x.terminal.out.seq.last() == 0u); // no sequence number spent
  const std::string largest(esp::max_message_size, 'x');
  BOOST_TEST(!elements::seal(x.terminal.out, t_port, s_port, largest).empty());
  // An SA without keys.
  elements::sa_outbound none;
  none.spi = edge_spi;
  BOOST_TEST(elements::seal(none, t_port, s_port, "x").empty());
}

BOOST_AUTO_TEST_CASE(random_spis_are_never_reserved) {
  // A source that gives 0, 1, 255 first: each is skipped (RFC 4303 §2.1).
  struct scripted final : elements::random_source {
    std::vector<std::uint32_t> values{0, 1, 255, 256, 0xffffffffu};
    std::size_t next = 0;
    void fill(std::uint8_t* out, std::size_t n) override {
      const std::uint32_t v = values[next++ % values.size()];
      for (std::size_t i = 0; i < n; ++i) out[i] = static_cast<std::uint8_t>(v >> (8 * (3 - i)));
    }
  } r;
  BOOST_TEST(elements::random_spi(r) == 256u);
  BOOST_TEST(elements::random_spi(r) == 0xffffffffu);
  seeded_random s{9};
  for (int i = 0; i < 1000; ++i) BOOST_TEST(elements::random_spi(s) >= esp::min_spi);
}

BOOST_AUTO_TEST_CASE(drop_cause_names) {
  BOOST_TEST(name(esp_drop::malformed) == "malformed");
  BOOST_TEST(name(esp_drop::unknown_spi) == "unknown SPI");
  BOOST_TEST(name(esp_drop::replayed) == "replayed");
  BOOST_TEST(name(esp_drop::bad_icv) == "bad ICV");
  BOOST_TEST(name(esp_drop::misdirected) == "misdirected");
}

BOOST_AUTO_TEST_SUITE_END()
