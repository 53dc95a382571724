// ALIGNED PER primitives against hand-checked octets (wire-bindings.md §5.3; X.691 clauses cited).
#include "protocols/ras/per.hpp"
#include "tests/protocols/failure.hpp"
#include "tests/protocols/ras/ras_samples.hpp"

#include <boost/test/unit_test.hpp>

#include <functional>
#include <limits>

using namespace ngn;
using namespace ngn::ras;
using namespace ngn::ras::test;

namespace {

/// Writes with `fn` after a lead-in of `lead` one-bits (to show alignment), returns the octets.
std::string written(unsigned lead, const std::function<result<void>(bit_writer&)>& fn) {
  bit_writer w;
  for (unsigned i = 0; i < lead; ++i) w.bit(true);
  auto r = fn(w);
  if (!r) return "error: " + r.error().describe();
  return dump(std::move(w).finish());
}

errc write_error(const std::function<result<void>(bit_writer&)>& fn) {
  bit_writer w;
  return testing::failure_kind(fn(w));
}

/// What `read` gets back from the octets `write` wrote (the test stops on a read error).
template <class Write, class Read>
auto read_back(Write&& write, Read&& read) {
  bit_writer w;
  write(w);
  const bytes b = std::move(w).finish();
  bit_reader r(b.data(), b.size());
  auto v = read(r);
  BOOST_TEST_REQUIRE(v.ok());
  return *v;
}

/// Why `read` fails on the octets of the hex dump `text` (the test stops if it succeeds).
template <class Read>
errc read_error(std::string_view text, Read&& read) {
  const bytes b = hex(text);
  bit_reader r(b.data(), b.size());
  return testing::failure_kind(read(r));
}

} // namespace

BOOST_AUTO_TEST_SUITE(ras_per)

BOOST_AUTO_TEST_CASE(constrained_whole_numbers_x691_10_5) {
  auto cwn = [](std::uint64_t v, std::uint64_t lb, std::uint64_t ub) {
    return [=](bit_writer& w) { return w.constrained_whole_number(v, lb, ub); };
  };
  BOOST_TEST(written(1, cwn(7, 7, 7)) == "80");            // range 1: no bits at all
  BOOST_TEST(written(1, cwn(1, 0, 1)) == "c0");            // range 2: 1 bit
  BOOST_TEST(written(1, cwn(24, 0, 24)) == "e0");          // 25 alternatives: 5 bits 11000
  BOOST_TEST(written(1, cwn(254, 0, 254)) == "ff 00");     // range 255: 8-bit field, unaligned
  BOOST_TEST(written(1, cwn(255, 0, 255)) == "80 ff");     // range 256: one aligned octet
  BOOST_TEST(written(1, cwn(256, 0, 256)) == "80 01 00");  // range 257: two aligned octets
  BOOST_TEST(written(1, cwn(0x1234, 0, 65535)) == "80 12 34");
  BOOST_TEST(written(1, cwn(1, 1, 65535)) == "80 00 00");  // RequestSeqNum 1
  // range > 64K: octet count as a bit-field (1..3 → 2 bits), then aligned octets
  BOOST_TEST(written(1, cwn(5, 0, 65536)) == "80 05");
  BOOST_TEST(written(1, cwn(65536, 0, 65536)) == "c0 01 00 00");
  // TimeStamp / TimeToLive INTEGER (1..4294967295): 2-bit count of 1..4 octets
  BOOST_TEST(written(0, cwn(1700000000, 1, 0xFFFFFFFFu)) == "c0 65 53 f0 ff");
  BOOST_TEST(written(0, cwn(3600, 1, 0xFFFFFFFFu)) == "40 0e 0f");
  BOOST_TEST(written(0, cwn(1, 1, 0xFFFFFFFFu)) == "00 00");
  BOOST_TEST(written(0, cwn(0xFFFFFFFFu, 1, 0xFFFFFFFFu)) == "c0 ff ff ff fe");
  BOOST_TEST((write_error(cwn(0, 1, 65535)) == errc::invalid_model));
  BOOST_TEST((write_error(cwn(256, 0, 255)) == errc::invalid_model));
}

BOOST_AUTO_TEST_CASE(constrained_whole_numbers_decode_and_range_checks) {
  const bytes b = hex("c0 65 53 f0 ff");
  bit_reader r(b.data(), b.size());
  auto v = r.constrained_whole_number(1, 0xFFFFFFFFu);
  BOOST_TEST_REQUIRE(v.ok());
  BOOST_TEST(*v == 1700000000u);
  // 4 octets can hold 0xFFFFFFFF, one more than ub - lb: out of range
  const bytes over = hex("c0 ff ff ff ff");
  bit_reader r2(over.data(), over.size());
  auto o = r2.constrained_whole_number(1, 0xFFFFFFFFu);
  BOOST_TEST_REQUIRE(!o.ok());
  BOOST_TEST((o.error().kind == errc::malformed));
  // index 25..31 of a 25-alternative CHOICE
  const bytes idx = hex("c8");  // 11001 = 25
  bit_reader r3(idx.data(), idx.size());
  BOOST_TEST((r3.constrained_whole_number(0, 24).error().kind == errc::malformed));
  // running out
  const bytes one = hex("80");
  bit_reader r4(one.data(), one.size());
  BOOST_TEST((r4.constrained_whole_number(0, 65535).error().kind == errc::incomplete));
}

BOOST_AUTO_TEST_CASE(normally_small_numbers_and_lengths_x691_10_6_10_9_3_4) {
  BOOST_TEST(written(0, [](bit_writer& w) { w.normally_small_number(5); return result<void>{}; }) ==
             "0a");
  BOOST_TEST(written(0, [](bit_writer& w) { w.normally_small_number(63); return result<void>{}; }) ==
             "7e");
  BOOST_TEST(written(0, [](bit_writer& w) { w.normally_small_number(64); return result<void>{}; }) ==
             "80 01 40");
  BOOST_TEST(written(0, [](bit_writer& w) { return w.normally_small_length(1); }) == "00");
  BOOST_TEST(written(0, [](bit_writer& w) { return w.normally_small_length(12); }) == "16");
  BOOST_TEST(written(0, [](bit_writer& w) { return w.normally_small_length(64); }) == "7e");
  BOOST_TEST(written(0, [](bit_writer& w) { return w.normally_small_length(65); }) == "80 41");
  BOOST_TEST((write_error([](bit_writer& w) { return w.normally_small_length(0); }) ==
              errc::invalid_model));
  for (std::uint64_t n : {0u, 5u, 63u, 64u, 300u, 70000u})
    BOOST_TEST(read_back([&](bit_writer& w) { w.normally_small_number(n); },
                         [](bit_reader& r) { return r.normally_small_number(); })
               == n);
  for (std::size_t n : {1u, 27u, 64u, 65u, 1000u})
    BOOST_TEST(
      read_back([&](bit_writer& w) { BOOST_TEST_REQUIRE(w.normally_small_length(n).ok()); },
                [](bit_reader& r) { return r.normally_small_length(); })
      == n);
}

BOOST_AUTO_TEST_CASE(length_determinants_x691_10_9_3) {
  auto len = [](std::size_t n) { return [=](bit_writer& w) { return w.length_determinant(n); }; };
  BOOST_TEST(written(0, len(0)) == "00");
  BOOST_TEST(written(1, len(127)) == "80 7f");  // aligned
  BOOST_TEST(written(0, len(128)) == "80 80");
  BOOST_TEST(written(0, len(16383)) == "bf ff");
  BOOST_TEST((write_error(len(16384)) == errc::limit_exceeded));
  for (const char* h : {"7f", "80 80", "bf ff"}) {
    const bytes b = hex(h);
    bit_reader r(b.data(), b.size());
    BOOST_TEST(r.length_determinant().ok());
  }
  const auto length = [](bit_reader& r) { return r.length_determinant(); };
  BOOST_TEST((read_error("c1 00", length) == errc::limit_exceeded));  // 11 000001: one 16K fragment
  BOOST_TEST((read_error("80", length) == errc::incomplete));
}

BOOST_AUTO_TEST_CASE(unconstrained_integers_x691_12_2_6) {
  auto ui = [](std::int64_t v) {
    return [=](bit_writer& w) { w.unconstrained_integer(v); return result<void>{}; };
  };
  BOOST_TEST(written(0, ui(0)) == "01 00");
  BOOST_TEST(written(0, ui(127)) == "01 7f");
  BOOST_TEST(written(0, ui(128)) == "02 00 80");
  BOOST_TEST(written(0, ui(-1)) == "01 ff");
  BOOST_TEST(written(0, ui(-128)) == "01 80");
  BOOST_TEST(written(0, ui(-129)) == "02 ff 7f");
  BOOST_TEST(written(0, ui(0x1234abcd)) == "04 12 34 ab cd");  // RandomVal of §5.5
  BOOST_TEST(written(0, ui(std::numeric_limits<std::int64_t>::max())) ==
             "08 7f ff ff ff ff ff ff ff");
  for (std::int64_t v : {std::int64_t{0}, std::int64_t{-129}, std::int64_t{0x1234abcd},
                         std::numeric_limits<std::int64_t>::min(),
                         std::numeric_limits<std::int64_t>::max()})
    BOOST_TEST(read_back([&](bit_writer& w) { w.unconstrained_integer(v); },
                         [](bit_reader& r) { return r.unconstrained_integer(); })
               == v);
  const auto integer = [](bit_reader& r) { return r.unconstrained_integer(); };
  BOOST_TEST((read_error("09 01 02 03 04 05 06 07 08 09", integer) == errc::limit_exceeded));
  BOOST_TEST((read_error("00", integer) == errc::malformed));
}

BOOST_AUTO_TEST_CASE(object_identifiers_x691_24) {
  auto w_oid = [](const char* s) {
    return [o = oid(s)](bit_writer& w) { return w.object_id(o); };
  };
  BOOST_TEST(written(0, w_oid("0.0.8.2250.0.4")) == "06 00 08 91 4a 00 04");
  BOOST_TEST(written(0, w_oid("2.16.840.1.101.3.4.1.2")) == "09 60 86 48 01 65 03 04 01 02");
  BOOST_TEST(written(0, w_oid("1.2.840.113549.2.5")) == "08 2a 86 48 86 f7 0d 02 05");
  BOOST_TEST(written(1, w_oid("0.0.8.235.0.2.1")) == "80 07 00 08 81 6b 00 02 01");
  BOOST_TEST(written(0, w_oid("2.999.4294967295")) == "07 88 37 8f ff ff ff 7f");
  for (object_identifier bad : {object_identifier{{3, 1}}, object_identifier{{0, 40}},
                                object_identifier{{1}}, object_identifier{}}) {
    BOOST_TEST((write_error([&](bit_writer& w) { return w.object_id(bad); }) == errc::invalid_model));
  }
  for (const char* h : {"06 00 08 91 4a 00 04", "09 60 86 48 01 65 03 04 01 02",
                        "07 88 37 8f ff ff ff 7f"}) {
    const bytes b = hex(h);
    bit_reader r(b.data(), b.size());
    auto o = r.object_id();
    BOOST_TEST_REQUIRE(o.ok());
    BOOST_TEST(written(0, [&](bit_writer& w) { return w.object_id(*o); }) == h);
  }
  struct bad_case {
    const char* hex;
    errc kind;
  };
  for (auto [h, kind] : {bad_case{"03 00 80 08", errc::malformed},   // arc with a leading 0x80
                         bad_case{"02 00 88", errc::malformed},      // last arc unterminated
                         bad_case{"00", errc::malformed},            // empty
                         bad_case{"06 00 90 80 80 80 00", errc::unsupported},  // arc ≥ 2^32
                         bad_case{"41", errc::limit_exceeded},       // longer than 64 octets
                         bad_case{"06 00 08 91", errc::incomplete}}) {
    const bytes b = hex(h);
    bit_reader r(b.data(), b.size());
    auto o = r.object_id();
    BOOST_TEST_REQUIRE(!o.ok(), h);
    BOOST_TEST((o.error().kind == kind), h);
  }
  BOOST_TEST(to_string(h225_protocol_identifier(7)) == "0.0.8.2250.0.7");
  BOOST_TEST(!parse_oid("1").has_value());
  BOOST_TEST(!parse_oid("1..2").has_value());
  BOOST_TEST(!parse_oid("1.2.99999999999").has_value());
}

BOOST_AUTO_TEST_CASE(octet_strings_x691_17) {
  const bytes ab = {0xAA, 0xBB};
  BOOST_TEST(written(1, [&](bit_writer& w) { return w.octet_string(ab, 2, 2); }) ==
             "d5 5d 80");  // fixed ≤ 2 octets: not aligned
  const bytes ip = {192, 0, 2, 10};
  BOOST_TEST(written(1, [&](bit_writer& w) { return w.octet_string(ip, 4, 4); }) ==
             "80 c0 00 02 0a");  // fixed > 2: aligned, no length
  const bytes emu = {'N', 'G', 'N', '-', 'E', 'M', 'U'};
  BOOST_TEST(written(1, [&](bit_writer& w) { return w.octet_string(emu, 1, 256); }) ==
             "80 06 4e 47 4e 2d 45 4d 55");  // SIZE(1..256): aligned 1-octet length
  BOOST_TEST(written(0, [&](bit_writer& w) { return w.octet_string(challenge16(), 8, 128); }) ==
             "10 " + dump(challenge16()));  // ChallengeString: 7-bit length 16-8, pad
  const bytes big(200, 0x01);
  BOOST_TEST(written(0, [&](bit_writer& w) { return w.octet_string(big, 0, no_ub); }) ==
             "80 c8 " + dump(big));
  BOOST_TEST((write_error([&](bit_writer& w) { return w.octet_string(ip, 8, 128); }) ==
              errc::invalid_model));
  BOOST_TEST((write_error([](bit_writer& w) { return w.octet_string(bytes{}, 1, 256); }) ==
              errc::invalid_model));
  const bytes enc = hex("80 06 4e 47 4e 2d 45 4d 55");
  bit_reader r(enc.data(), enc.size());
  (void)r.bit();
  auto s = r.octet_string(1, 256);
  BOOST_TEST_REQUIRE(s.ok());
  BOOST_TEST((*s == emu));
  const bytes cut = hex("06 4e 47");
  bit_reader rc(cut.data(), cut.size());
  BOOST_TEST((rc.octet_string(1, 256).error().kind == errc::incomplete));
}

BOOST_AUTO_TEST_CASE(bit_strings_x691_16) {
  BOOST_TEST(written(0, [](bit_writer& w) {
               return w.bit_string(make_bit_string(bytes(16, 0x13)), 0, no_ub);
             }) == "80 80 " + dump(bytes(16, 0x13)));  // 128-bit hash of §5.5
  BOOST_TEST(written(0, [](bit_writer& w) {
               return w.bit_string(bit_string{bytes{0xAB, 0xC0}, 10}, 0, no_ub);
             }) == "0a ab c0");
  BOOST_TEST(written(1, [](bit_writer& w) {
               return w.bit_string(make_bit_string(bytes{1, 2, 3, 4}), 32, 32);
             }) == "80 01 02 03 04");  // SIZE(32): aligned, no length
  BOOST_TEST(written(1, [](bit_writer& w) {
               return w.bit_string(bit_string{bytes{0xA0}, 4}, 4, 4);
             }) == "d0");  // SIZE(4): 4 bits, not aligned
  BOOST_TEST(written(0, [](bit_writer& w) {
               return w.bit_string(bit_string{bytes{0x80}, 1}, 1, 2048);
             }) == "00 00 80");  // KeyMaterial: 2-octet length (1-1), contents aligned
  BOOST_TEST((write_error([](bit_writer& w) {
                return w.bit_string(bit_string{bytes{0xFF}, 4}, 0, no_ub);
              }) == errc::invalid_model));  // bits set after the length
  BOOST_TEST((write_error([](bit_writer& w) {
                return w.bit_string(bit_string{bytes{0xFF}, 9}, 0, no_ub);
              }) == errc::invalid_model));  // data too short
  const bytes enc = hex("0a ab c0");
  bit_reader r(enc.data(), enc.size());
  auto b = r.bit_string(0, no_ub);
  BOOST_TEST_REQUIRE(b.ok());
  BOOST_TEST((*b == bit_string{bytes{0xAB, 0xC0}, 10}));
}

BOOST_AUTO_TEST_CASE(bmp_strings_x691_30) {
  BOOST_TEST(written(0, [](bit_writer& w) { return w.bmp_string(u"SS1", 1, 128); }) ==
             "04 00 53 00 53 00 31");  // 7-bit length 3-1, pad, 16-bit characters
  BOOST_TEST(written(1, [](bit_writer& w) { return w.bmp_string(u"1001", 1, 256); }) ==
             "80 03 00 31 00 30 00 30 00 31");  // SIZE(1..256): aligned octet length
  BOOST_TEST(written(0, [](bit_writer& w) { return w.bmp_string(u"\u043f", 0, no_ub); }) ==
             "01 04 3f");
  BOOST_TEST((write_error([](bit_writer& w) { return w.bmp_string(u"", 1, 128); }) ==
              errc::invalid_model));
  BOOST_TEST((write_error([](bit_writer& w) {
                return w.bmp_string(std::u16string(129, u'x'), 1, 128);
              }) == errc::invalid_model));
  const bytes enc = hex("04 00 53 00 53 00 31");
  bit_reader r(enc.data(), enc.size());
  auto s = r.bmp_string(1, 128);
  BOOST_TEST_REQUIRE(s.ok());
  BOOST_TEST((*s == u"SS1"));
}

BOOST_AUTO_TEST_CASE(ia5_and_dialled_digits_x691_30_5) {
  BOOST_TEST(written(0, [](bit_writer& w) { return w.ia5_string("ab", 1, 512); }) ==
             "00 01 61 62");  // SIZE(1..512): 2 aligned length octets
  BOOST_TEST((write_error([](bit_writer& w) { return w.ia5_string("\xc3\xa9", 1, 512); }) ==
              errc::invalid_model));
  // dialledDigits: 7-bit length, aligned 4-bit indexes in "#*,0123456789"
  BOOST_TEST(written(0, [](bit_writer& w) {
               return w.restricted_string("1#9*,", 1, 128, dialled_digits_alphabet);
             }) == "08 40 c1 20");
  BOOST_TEST(written(0, [](bit_writer& w) {
               return w.restricted_string("1001", 1, 128, dialled_digits_alphabet);
             }) == "06 43 34");
  BOOST_TEST((write_error([](bit_writer& w) {
                return w.restricted_string("12a", 1, 128, dialled_digits_alphabet);
              }) == errc::invalid_model));
  const bytes enc = hex("08 40 c1 20");
  bit_reader r(enc.data(), enc.size());
  auto s = r.restricted_string(1, 128, dialled_digits_alphabet);
  BOOST_TEST_REQUIRE(s.ok());
  BOOST_TEST(*s == "1#9*,");
  const bytes bad = hex("00 d0");  // index 13 is past ','..'9'
  bit_reader rb(bad.data(), bad.size());
  BOOST_TEST((rb.restricted_string(1, 128, dialled_digits_alphabet).error().kind == errc::malformed));
  const bytes high = hex("00 01 61 e2");
  bit_reader rh(high.data(), high.size());
  BOOST_TEST((rh.ia5_string(1, 512).error().kind == errc::malformed));
}

BOOST_AUTO_TEST_CASE(open_types_x691_11_2) {
  BOOST_TEST(written(1, [](bit_writer& w) {
               auto mark = w.begin_open_type();
               return w.end_open_type(mark);
             }) == "80 01 00");  // an empty encoding becomes one 00 octet
  BOOST_TEST(written(0, [](bit_writer& w) {
               auto mark = w.begin_open_type();
               w.bit(true);
               return w.end_open_type(mark);
             }) == "01 80");
  const bytes long_contents(300, 0x5A);
  BOOST_TEST(written(0, [&](bit_writer& w) {
               auto mark = w.begin_open_type();
               w.octets(long_contents.data(), long_contents.size());
               return w.end_open_type(mark);
             }) == "81 2c " + dump(long_contents));  // length widened to two octets
  // A reader over an open type reports running out as malformed, and never reads past it.
  const bytes enc = hex("01 80 ff");
  bit_reader r(enc.data(), enc.size());
  auto sub = r.open_type();
  BOOST_TEST_REQUIRE(sub.ok());
  BOOST_TEST(sub->bits_left() == 8u);
  BOOST_TEST(*sub->bit() == true);
  BOOST_TEST((sub->bits(8).error().kind == errc::malformed));
  BOOST_TEST(r.byte_offset() == 2u);
  BOOST_TEST(*r.bits(8) == 0xFFu);
  const bytes cut = hex("05 00");
  bit_reader rc(cut.data(), cut.size());
  BOOST_TEST((rc.open_type().error().kind == errc::incomplete));
}

BOOST_AUTO_TEST_CASE(choice_indexes_x691_23) {
  BOOST_TEST(written(0, [](bit_writer& w) { return w.choice(2, 25, true); }) == "08");  // 0 00010
  BOOST_TEST(written(0, [](bit_writer& w) { return w.choice(1, 2, false); }) == "80");
  BOOST_TEST((write_error([](bit_writer& w) { return w.choice(25, 25, true); }) ==
              errc::invalid_model));
  const bytes ext = hex("83");  // ext bit 1, normally small 3
  bit_reader r(ext.data(), ext.size());
  auto c = r.choice(8, true);
  BOOST_TEST_REQUIRE(c.ok());
  BOOST_TEST(c->extension);
  BOOST_TEST(c->index == 3u);
}

BOOST_AUTO_TEST_CASE(reader_never_reads_past_the_end) {
  const bytes b = hex("ab");
  bit_reader r(b.data(), b.size());
  BOOST_TEST(*r.bits(3) == 5u);
  BOOST_TEST((r.bits(6).error().kind == errc::incomplete));
  BOOST_TEST(r.bit_position() == 3u);  // a failed read consumes nothing
  BOOST_TEST(*r.bits(5) == 0x0Bu);
  BOOST_TEST(r.bits_left() == 0u);
  BOOST_TEST((r.bit().error().kind == errc::incomplete));
  r.align();
  BOOST_TEST(r.bits_left() == 0u);
  bit_reader empty(nullptr, 0);
  BOOST_TEST((empty.bit().error().kind == errc::incomplete));
  std::uint8_t out[4];
  BOOST_TEST((empty.octets(out, 4).error().kind == errc::incomplete));
}

BOOST_AUTO_TEST_SUITE_END()
