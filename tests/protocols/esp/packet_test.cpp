// The ESP packet layout (RFC 4303 §2) and the plaintext block: golden bytes, every truncated
// prefix, byte mutations, the padding rules of §2.4, the UDP header (RFC 768), the header and
// the sender's sequence numbers.
#include "protocols/common/hex.hpp"
#include "protocols/esp/packet.hpp"

#include "tests/protocols/esp/why.hpp"

#include <boost/test/unit_test.hpp>

#include <string>
#include <string_view>

using namespace ngn;
using ngn::esp_test::why;
using namespace ngn::esp;

namespace {

bytes hx(std::string_view h) { return *from_hex(h); }

std::string text(byte_view b) { return std::string(b.begin(), b.end()); }

bytes block_of(std::uint16_t src, std::uint16_t dst, std::string_view message) {
  auto b = build_plaintext_block(src, dst, byte_view{message});
  BOOST_TEST_REQUIRE(b.ok());
  return *b;
}

// "hello" from 5060 to 5060: UDP header (length 13, checksum 0), message, padding 01, pad
// length 01, next header 17 = 16 octets.
const std::string_view hello_block = "13c413c4000d0000" "68656c6c6f" "01" "01" "11";

} // namespace

BOOST_AUTO_TEST_SUITE(esp_transforms)

BOOST_AUTO_TEST_CASE(names_and_sizes_of_the_two_transforms) {
  BOOST_TEST(mechanism_name(transform::aes_gcm_16) == "aes-gcm");
  BOOST_TEST(mechanism_name(transform::null_hmac_sha256_128) == "hmac-sha256");
  BOOST_TEST((transform_for("aes-gcm") == transform::aes_gcm_16));
  BOOST_TEST((transform_for("hmac-sha256") == transform::null_hmac_sha256_128));
  BOOST_TEST(!transform_for("null").has_value());
  BOOST_TEST(!transform_for("AES-GCM").has_value());
  BOOST_TEST(!transform_for("").has_value());
  BOOST_TEST(iv_size(transform::aes_gcm_16) == 8u);
  BOOST_TEST(iv_size(transform::null_hmac_sha256_128) == 0u);
  BOOST_TEST(key_material_size(transform::aes_gcm_16) == 20u);
  BOOST_TEST(key_material_size(transform::null_hmac_sha256_128) == 32u);
  BOOST_TEST(overhead(transform::aes_gcm_16) == 32u);           // 8 + 8 + 16
  BOOST_TEST(overhead(transform::null_hmac_sha256_128) == 24u); // 8 + 16
  BOOST_TEST(min_packet_size(transform::aes_gcm_16) == 36u);
  BOOST_TEST(min_packet_size(transform::null_hmac_sha256_128) == 28u);
  BOOST_TEST(packet_size(transform::aes_gcm_16, 16) == 48u);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(esp_header)

BOOST_AUTO_TEST_CASE(reads_spi_and_sequence_number_big_endian) {
  const bytes p = hx("0000100100000002" "ffff");
  auto h = read_header(p);
  BOOST_TEST_REQUIRE(h.ok());
  BOOST_TEST(h->spi == 0x1001u);
  BOOST_TEST(h->seq == 2u);
  auto max = read_header(hx("ffffffffffffffff"));
  BOOST_TEST_REQUIRE(max.ok());
  BOOST_TEST(max->spi == 0xffffffffu);
  BOOST_TEST(max->seq == 0xffffffffu);
}

BOOST_AUTO_TEST_CASE(writes_what_it_reads) {
  std::uint8_t out[8];
  write_header(out, {0xdeadbeef, 0x01020304});
  BOOST_TEST(to_hex(byte_view{out, 8}) == "deadbeef01020304");
  auto h = read_header(byte_view{out, 8});
  BOOST_TEST_REQUIRE(h.ok());
  BOOST_TEST(h->spi == 0xdeadbeefu);
  BOOST_TEST(h->seq == 0x01020304u);
}

BOOST_AUTO_TEST_CASE(every_truncated_header_is_incomplete_at_its_end) {
  const bytes p = hx("0000100100000002");
  for (std::size_t n = 0; n < p.size(); ++n) {
    auto h = read_header(byte_view{p.data(), n});
    BOOST_TEST_REQUIRE(!h.ok());
    BOOST_TEST((h.error().kind == errc::incomplete));
    BOOST_TEST(h.error().offset == n);
  }
}

BOOST_AUTO_TEST_CASE(reserved_spis_are_malformed) {
  // RFC 4303 §2.1: 0 is never sent, 1..255 are reserved.
  for (std::uint32_t spi : {0u, 1u, 255u}) {
    std::uint8_t p[8];
    write_header(p, {spi, 1});
    auto h = read_header(byte_view{p, 8});
    BOOST_TEST_REQUIRE(!h.ok());
    BOOST_TEST((h.error().kind == errc::malformed));
    BOOST_TEST(h.error().offset == 0u);
  }
  std::uint8_t p[8];
  write_header(p, {256, 1});
  BOOST_TEST(read_header(byte_view{p, 8}).ok());
}

BOOST_AUTO_TEST_CASE(sequence_number_zero_is_left_to_the_replay_window) {
  auto h = read_header(hx("0000100100000000"));
  BOOST_TEST_REQUIRE(h.ok());
  BOOST_TEST(h->seq == 0u);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(esp_plaintext_block)

BOOST_AUTO_TEST_CASE(golden_block) {
  BOOST_TEST(to_hex(block_of(5060, 5060, "hello")) == hello_block);
  // A 2-octet message needs no padding: 8 + 2 + 2 = 12.
  BOOST_TEST(to_hex(block_of(2727, 2427, "ok")) == "0aa7097b000a00006f6b0011");
  // An empty message: padding 01 02.
  BOOST_TEST(to_hex(block_of(1719, 1719, "")) == "06b706b700080000" "0102" "02" "11");
  // Three octets: padding 01 02 03.
  BOOST_TEST(to_hex(block_of(2944, 2944, "abc")) == "0b800b80000b0000616263" "010203" "03" "11");
}

BOOST_AUTO_TEST_CASE(golden_block_parses_to_its_ports_and_message) {
  const bytes b = hx(hello_block);
  auto d = parse_plaintext_block(b);
  BOOST_TEST_REQUIRE(d.ok(), why(d));
  BOOST_TEST(d->src_port == 5060);
  BOOST_TEST(d->dst_port == 5060);
  BOOST_TEST(text(d->message) == "hello");
  BOOST_TEST(d->message.data() == b.data() + 8); // a view into the block
}

BOOST_AUTO_TEST_CASE(padding_is_minimal_and_counts_1_2_3) {
  for (std::size_t n = 0; n <= 70; ++n) {
    const std::string m(n, 'x');
    const bytes b = block_of(5060, 5061, m);
    BOOST_TEST(b.size() % 4 == 0u);
    BOOST_TEST(b.size() == plaintext_block_size(n));
    const std::size_t pad = b.size() - 8 - n - 2;
    BOOST_TEST(pad < 4u);
    BOOST_TEST(b[b.size() - 2] == pad);
    BOOST_TEST(b.back() == 17);
    for (std::size_t i = 0; i < pad; ++i) BOOST_TEST(b[8 + n + i] == i + 1);
    // UDP header: ports, length 8 + n, checksum 0.
    BOOST_TEST(((b[4] << 8) | b[5]) == int(8 + n));
    BOOST_TEST(b[6] == 0);
    BOOST_TEST(b[7] == 0);
    auto d = parse_plaintext_block(b);
    BOOST_TEST_REQUIRE(d.ok(), n << ": " << why(d));
    BOOST_TEST(d->src_port == 5060);
    BOOST_TEST(d->dst_port == 5061);
    BOOST_TEST(text(d->message) == m);
  }
}

BOOST_AUTO_TEST_CASE(the_largest_udp_message_fits_and_one_more_octet_does_not) {
  const bytes big(max_message_size, 0x42);
  auto b = build_plaintext_block(1, 2, big);
  BOOST_TEST_REQUIRE(b.ok());
  BOOST_TEST(((b->at(4) << 8) | b->at(5)) == 0xffff);
  auto d = parse_plaintext_block(*b);
  BOOST_TEST_REQUIRE(d.ok());
  BOOST_TEST(d->message.size() == max_message_size);
  const bytes too_big(max_message_size + 1, 0x42);
  auto e = build_plaintext_block(1, 2, too_big);
  BOOST_TEST_REQUIRE(!e.ok());
  BOOST_TEST((e.error().kind == errc::limit_exceeded));
}

BOOST_AUTO_TEST_CASE(every_truncated_prefix_is_rejected) {
  for (std::string_view m : {"", "x", "ok", "abc", "hello", "OPTIONS sip:ngn.example SIP/2.0"}) {
    const bytes b = block_of(5060, 5060, m);
    for (std::size_t n = 0; n < b.size(); ++n) {
      auto d = parse_plaintext_block(byte_view{b.data(), n});
      BOOST_TEST(!d.ok(), "prefix " << n << " of the block of '" << m << "' parsed");
      if (!d.ok()) BOOST_TEST(d.error().offset <= n);
    }
  }
}

BOOST_AUTO_TEST_CASE(short_blocks_are_incomplete_or_unaligned) {
  for (std::size_t n : {0u, 1u}) {
    const bytes b(n, 0);
    auto d = parse_plaintext_block(b);
    BOOST_TEST_REQUIRE(!d.ok());
    BOOST_TEST((d.error().kind == errc::incomplete));
  }
  for (std::size_t n : {2u, 3u, 5u, 13u, 18u}) {
    bytes b(n, 0);
    b.back() = 17;
    auto d = parse_plaintext_block(b);
    BOOST_TEST_REQUIRE(!d.ok());
    BOOST_TEST((d.error().kind == errc::malformed));
    BOOST_TEST(d.error().offset == n);
  }
}

BOOST_AUTO_TEST_CASE(every_byte_mutation_is_rejected_unless_it_only_changes_ports_or_message) {
  const std::string m = "abc"; // with padding 01 02 03: every trailer rule is exercised
  const bytes b = block_of(2944, 2944, m);
  for (std::size_t i = 0; i < b.size(); ++i) {
    for (int v = 0; v < 256; ++v) {
      if (v == b[i]) continue;
      bytes t = b;
      t[i] = static_cast<std::uint8_t>(v);
      auto d = parse_plaintext_block(t);
      const bool free_octet = i < 4 || (i >= 8 && i < 8 + m.size());
      if (free_octet) {
        BOOST_TEST_REQUIRE(d.ok(), "byte " << i << " = " << v);
        const std::uint16_t src = static_cast<std::uint16_t>((t[0] << 8) | t[1]);
        const std::uint16_t dst = static_cast<std::uint16_t>((t[2] << 8) | t[3]);
        BOOST_TEST(d->src_port == src);
        BOOST_TEST(d->dst_port == dst);
        BOOST_TEST(d->message.size() == m.size());
      } else {
        BOOST_TEST(!d.ok(), "byte " << i << " = " << v << " accepted");
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(a_wrong_padding_octet_is_malformed_at_that_octet) {
  // UDP header 0..7 | 61 62 63 (8..10) | 01 02 03 (11..13) | 03 | 11
  bytes b = block_of(2944, 2944, "abc");
  b[13] = 0x04; // the third padding octet
  auto d = parse_plaintext_block(b);
  BOOST_TEST_REQUIRE(!d.ok());
  BOOST_TEST((d.error().kind == errc::malformed));
  BOOST_TEST(d.error().offset == 13u);
  b = block_of(2944, 2944, "abc");
  b[11] = 0x00; // the first
  d = parse_plaintext_block(b);
  BOOST_TEST_REQUIRE(!d.ok());
  BOOST_TEST((d.error().kind == errc::malformed));
  BOOST_TEST(d.error().offset == 11u);
  // Padding 03 02 01 (counting down) is not RFC 4303's.
  b = block_of(2944, 2944, "abc");
  b[11] = 3;
  b[13] = 1;
  d = parse_plaintext_block(b);
  BOOST_TEST_REQUIRE(!d.ok());
  BOOST_TEST(d.error().offset == 11u);
}

BOOST_AUTO_TEST_CASE(longer_padding_is_accepted_when_it_counts_and_aligns) {
  // RFC 4303 §2.4 allows up to 255 octets of padding (e.g. to hide the length): "abc" with
  // 7 octets 01..07: 8 + 3 + 7 + 2 = 20.
  bytes b = hx("0b800b80000b0000616263" "01020304050607" "07" "11");
  auto d = parse_plaintext_block(b);
  BOOST_TEST_REQUIRE(d.ok(), why(d));
  BOOST_TEST(text(d->message) == "abc");
  // The maximum, 255 octets of padding: 8 + 3 + 255 + 2 = 268, aligned.
  bytes big = hx("0b800b80000b0000616263");
  for (int i = 1; i <= 255; ++i) big.push_back(static_cast<std::uint8_t>(i));
  big.push_back(255);
  big.push_back(17);
  BOOST_TEST_REQUIRE(big.size() == 268u);
  d = parse_plaintext_block(big);
  BOOST_TEST_REQUIRE(d.ok(), why(d));
  BOOST_TEST(text(d->message) == "abc");
}

BOOST_AUTO_TEST_CASE(a_pad_length_beyond_the_block_is_malformed) {
  // "ok": 8 + 2 = 10 octets in front of the pad length; 11 is beyond the block.
  bytes b = block_of(2727, 2427, "ok"); // 12 octets, pad length 0
  b[10] = 11;
  auto d = parse_plaintext_block(b);
  BOOST_TEST_REQUIRE(!d.ok());
  BOOST_TEST((d.error().kind == errc::malformed));
  BOOST_TEST(d.error().offset == 10u);
  // Exactly the room in front: padding 1..10 would have to fill the UDP header — the octets are
  // not 1, 2, 3, ...
  b[10] = 10;
  d = parse_plaintext_block(b);
  BOOST_TEST_REQUIRE(!d.ok());
  BOOST_TEST((d.error().kind == errc::malformed));
  // A block of padding only: no room for a UDP header.
  d = parse_plaintext_block(hx("0102" "02" "11"));
  BOOST_TEST_REQUIRE(!d.ok());
  BOOST_TEST((d.error().kind == errc::malformed));
  BOOST_TEST(d.error().offset == 0u);
}

BOOST_AUTO_TEST_CASE(a_next_header_other_than_udp_is_unsupported) {
  for (std::uint8_t nh : {0, 4, 6, 41, 59, 255}) {
    bytes b = hx(hello_block);
    b.back() = nh;
    auto d = parse_plaintext_block(b);
    BOOST_TEST_REQUIRE(!d.ok());
    BOOST_TEST((d.error().kind == errc::unsupported));
    BOOST_TEST(d.error().offset == b.size() - 1);
  }
}

BOOST_AUTO_TEST_CASE(the_udp_length_must_be_the_payloads) {
  for (std::uint16_t len : {0, 8, 12, 14, 0xffff}) {
    bytes b = hx(hello_block); // length 13
    b[4] = static_cast<std::uint8_t>(len >> 8);
    b[5] = static_cast<std::uint8_t>(len);
    auto d = parse_plaintext_block(b);
    BOOST_TEST_REQUIRE(!d.ok());
    BOOST_TEST((d.error().kind == errc::malformed));
    BOOST_TEST(d.error().offset == 4u);
  }
}

BOOST_AUTO_TEST_CASE(a_udp_checksum_is_unsupported) {
  bytes b = hx(hello_block);
  b[7] = 1;
  auto d = parse_plaintext_block(b);
  BOOST_TEST_REQUIRE(!d.ok());
  BOOST_TEST((d.error().kind == errc::unsupported));
  BOOST_TEST(d.error().offset == 6u);
}

BOOST_AUTO_TEST_CASE(errors_describe_kind_and_offset) {
  bytes b = hx(hello_block);
  b.back() = 4;
  auto d = parse_plaintext_block(b);
  BOOST_TEST_REQUIRE(!d.ok());
  BOOST_TEST(d.error().describe() == "unsupported at byte 15: next header 4, not UDP (17)");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(esp_sequence_counter)

BOOST_AUTO_TEST_CASE(counts_from_one) {
  sequence_counter c;
  BOOST_TEST(c.last() == 0u);
  BOOST_TEST(!c.exhausted());
  for (std::uint32_t i = 1; i <= 100; ++i) {
    auto s = c.next();
    BOOST_TEST_REQUIRE(s.has_value());
    BOOST_TEST(*s == i);
  }
  BOOST_TEST(c.last() == 100u);
}

BOOST_AUTO_TEST_CASE(never_cycles) {
  sequence_counter c{0xfffffffdu};
  BOOST_TEST(*c.next() == 0xfffffffeu);
  BOOST_TEST(*c.next() == 0xffffffffu);
  BOOST_TEST(c.exhausted());
  BOOST_TEST(!c.next().has_value());
  BOOST_TEST(!c.next().has_value());
  BOOST_TEST(c.last() == 0xffffffffu);
}

BOOST_AUTO_TEST_SUITE_END()
