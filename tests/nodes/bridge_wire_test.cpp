// The bridge frame codec (nodes/bridge_wire.hpp): round trip, truncation at every byte, each
// rejection rule, random mutations (never a crash; ASan build checks the reads).
#include "nodes/bridge_wire.hpp"

#include <boost/test/unit_test.hpp>

#include <random>
#include <set>

using namespace ngn;
using namespace ngn::nodes;

namespace {

std::string sample_frame(std::vector<std::size_t>* boundaries = nullptr) {
  std::string f;
  wire::append_header(f, "node-a");
  if (boundaries)
    boundaries->push_back(f.size());
  wire::append_record(f, 2001, 1001, 0x4242, 0, "INVITE sip:x SIP/2.0\r\n\r\n");
  if (boundaries)
    boundaries->push_back(f.size());
  wire::append_control(f, wire::kind_heartbeat, 0x1122334455667788ULL);
  if (boundaries)
    boundaries->push_back(f.size());
  wire::append_record(f, 0xFFFFFFFFFFFFFFFFULL, 7, 0, 16, std::string("\0\1\2", 3));
  if (boundaries)
    boundaries->push_back(f.size());
  wire::append_record(f, 3, 4, 0, 0xEF, "");
  if (boundaries)
    boundaries->push_back(f.size());
  return f;
}

codec_error error_of(const std::string& f, const wire::limits& lim = {}) {
  auto r = wire::parse_frame(f, lim);
  BOOST_REQUIRE(!r.ok());
  return r.error();
}

void set_len(std::string& f, std::size_t at, std::uint32_t len) {
  for (int i = 0; i < 4; ++i)
    f[at + i] = static_cast<char>((len >> (24 - 8 * i)) & 0xFF);
}

} // namespace

BOOST_AUTO_TEST_SUITE(bridge_wire)

BOOST_AUTO_TEST_CASE(round_trip_keeps_every_field_and_order) {
  const std::string f = sample_frame();
  auto r = wire::parse_frame(f, {});
  BOOST_REQUIRE(r.ok());
  BOOST_TEST(r->sender == "node-a");
  BOOST_TEST(r->incarnation == 0x1122334455667788ULL);
  BOOST_TEST(r->control_records == 1u);
  BOOST_TEST(!r->hello);
  BOOST_REQUIRE_EQUAL(r->envelopes.size(), 3u);
  BOOST_TEST(r->envelopes[0].to == 2001u);
  BOOST_TEST(r->envelopes[0].from == 1001u);
  BOOST_TEST(r->envelopes[0].origin == 0x4242u);
  BOOST_TEST(r->envelopes[1].origin == 0u);
  BOOST_TEST((r->envelopes[0].kind == elements::kind_of(ngn::protocol::sip)));
  BOOST_TEST(r->envelopes[0].payload == "INVITE sip:x SIP/2.0\r\n\r\n");
  BOOST_TEST(r->envelopes[1].to == 0xFFFFFFFFFFFFFFFFULL);
  BOOST_TEST((r->envelopes[1].kind == elements::envelope_kind::auc));
  BOOST_TEST(r->envelopes[1].payload == std::string("\0\1\2", 3));
  BOOST_TEST(static_cast<int>(r->envelopes[2].kind) == 0xEF);
  BOOST_TEST(r->envelopes[2].payload.empty());
}

BOOST_AUTO_TEST_CASE(layout_is_the_documented_one) {
  std::string f;
  wire::append_header(f, "ab");
  wire::append_record(f, 0x0102030405060708ULL, 0x1112131415161718ULL, 0x2122232425262728ULL, 3,
                      "xy");
  const std::string expect = std::string("\xB2\x02" "ab", 4) + std::string("\x00\x00\x00\x1b", 4)
                             + "\x01\x02\x03\x04\x05\x06\x07\x08"
                             + "\x11\x12\x13\x14\x15\x16\x17\x18"
                             + "\x21\x22\x23\x24\x25\x26\x27\x28" + "\x03" + "xy";
  BOOST_TEST(f == expect);
  BOOST_TEST(wire::header_size("ab") == 4u);
}

BOOST_AUTO_TEST_CASE(hello_is_flagged_and_header_only_frame_is_valid) {
  std::string f;
  wire::append_header(f, "n");
  auto empty = wire::parse_frame(f, {});
  BOOST_REQUIRE(empty.ok());
  BOOST_TEST(empty->envelopes.empty());
  BOOST_TEST(empty->control_records == 0u);
  wire::append_control(f, wire::kind_hello, 42);
  auto r = wire::parse_frame(f, {});
  BOOST_REQUIRE(r.ok());
  BOOST_TEST(r->hello);
  BOOST_TEST(r->incarnation == 42u);
}

BOOST_AUTO_TEST_CASE(truncation_at_every_byte_fails_except_on_record_boundaries) {
  std::vector<std::size_t> bounds;
  const std::string f = sample_frame(&bounds);
  const std::set<std::size_t> ok(bounds.begin(), bounds.end());
  for (std::size_t n = 0; n <= f.size(); ++n) {
    auto r = wire::parse_frame(std::string_view(f).substr(0, n), {});
    BOOST_TEST(r.ok() == (ok.count(n) == 1), "cut at " << n);
    if (!r.ok())
      BOOST_TEST((r.error().kind == errc::incomplete || r.error().kind == errc::malformed));
  }
}

BOOST_AUTO_TEST_CASE(each_rule_rejects) {
  const std::string good = sample_frame();
  const std::size_t rec0 = 2 + 6; // first record's u32 len

  std::string v = good;
  v[0] = '\xB1'; // the version before origin was added
  BOOST_TEST((error_of(v).kind == errc::malformed));

  v = good;
  v[1] = 0; // empty name
  BOOST_TEST((error_of(v).kind == errc::malformed));
  v = good;
  v[1] = static_cast<char>(65); // name too long
  BOOST_TEST((error_of(v).kind == errc::malformed));

  v = good;
  set_len(v, rec0, wire::record_fixed - 1); // shorter than to + from + origin + kind
  BOOST_TEST((error_of(v).kind == errc::malformed));
  v = good;
  set_len(v, rec0, 0xFFFFFFF0u); // huge
  BOOST_TEST((error_of(v).kind == errc::limit_exceeded));
  v = good;
  set_len(v, rec0, wire::record_fixed + 1000); // beyond the frame, under the payload limit
  BOOST_TEST((error_of(v).kind == errc::incomplete));

  wire::limits small;
  small.max_payload = 10; // the SIP record carries 24 bytes
  BOOST_TEST((error_of(good, small).kind == errc::limit_exceeded));
  small = {};
  small.max_frame = good.size() - 1;
  BOOST_TEST((error_of(good, small).kind == errc::limit_exceeded));

  std::string c;
  wire::append_header(c, "n");
  std::string reserved = c;
  wire::append_record(reserved, 0, 0, 0, 0xF5, std::string(8, '\1'));
  BOOST_TEST((error_of(reserved).kind == errc::malformed));
  std::string short_hb = c;
  wire::append_record(short_hb, 0, 0, 0, wire::kind_heartbeat, std::string(7, '\1'));
  BOOST_TEST((error_of(short_hb).kind == errc::malformed));
  std::string addressed_hb = c;
  wire::append_record(addressed_hb, 5, 0, 0, wire::kind_heartbeat, std::string(8, '\1'));
  BOOST_TEST((error_of(addressed_hb).kind == errc::malformed));
  std::string zero_inc = c;
  wire::append_control(zero_inc, wire::kind_heartbeat, 0);
  BOOST_TEST((error_of(zero_inc).kind == errc::malformed));
  std::string two_inc = c;
  wire::append_control(two_inc, wire::kind_hello, 1);
  wire::append_control(two_inc, wire::kind_heartbeat, 2);
  BOOST_TEST((error_of(two_inc).kind == errc::malformed));
  // Clock records (nodes/clock_offset.hpp): three i64 times, unaddressed, one per frame.
  std::string clocked = c;
  wire::append_control(clocked, wire::kind_heartbeat, 7);
  wire::append_clock(clocked, {1'700'000'000'123'456, -5, 1'700'000'000'000'001});
  {
    auto f = wire::parse_frame(clocked, {});
    BOOST_REQUIRE(static_cast<bool>(f));
    BOOST_TEST(f.value().has_clock);
    BOOST_TEST(f.value().clock.sent == 1'700'000'000'123'456);
    BOOST_TEST(f.value().clock.echo_sent == -5);
    BOOST_TEST(f.value().clock.echo_received == 1'700'000'000'000'001);
    BOOST_TEST(f.value().incarnation == 7u);
    BOOST_TEST(f.value().envelopes.empty());
  }
  std::string two_clocks = clocked;
  wire::append_clock(two_clocks, {1, 2, 3});
  BOOST_TEST((error_of(two_clocks).kind == errc::malformed));
  std::string short_clock = c;
  wire::append_record(short_clock, 0, 0, 0, wire::kind_clock, std::string(16, '\1'));
  BOOST_TEST((error_of(short_clock).kind == errc::malformed));
  std::string addressed_clock = c;
  wire::append_record(addressed_clock, 0, 9, 0, wire::kind_clock, std::string(24, '\1'));
  BOOST_TEST((error_of(addressed_clock).kind == errc::malformed));
}

BOOST_AUTO_TEST_CASE(random_mutations_never_crash_and_valid_results_are_consistent) {
  const std::string good = sample_frame();
  std::mt19937 rng(1234);
  std::size_t accepted = 0;
  for (int i = 0; i < 20000; ++i) {
    std::string v = good;
    const int edits = 1 + static_cast<int>(rng() % 4);
    for (int k = 0; k < edits; ++k) {
      const std::size_t at = rng() % v.size();
      switch (rng() % 3) {
        case 0: v[at] = static_cast<char>(rng()); break;
        case 1: v.erase(at, 1 + rng() % 8); break;
        default: v.insert(at, 1 + rng() % 8, static_cast<char>(rng())); break;
      }
      if (v.empty())
        v = "x";
    }
    auto r = wire::parse_frame(v, {});
    if (r.ok()) {
      ++accepted;
      std::size_t payload = 0;
      for (const auto& e : r->envelopes)
        payload += e.payload.size();
      // Everything extracted lies within the frame.
      BOOST_TEST_REQUIRE(2 + r->sender.size() + payload <= v.size());
    }
  }
  BOOST_TEST(accepted < 20000u); // mutations are noticed
}

BOOST_AUTO_TEST_SUITE_END()
