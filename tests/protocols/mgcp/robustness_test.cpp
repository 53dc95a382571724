// Hostile and damaged input (DESIGN.md §5, §6): every truncated prefix, a byte-mutation sweep,
// LF-only line ends and the size limits. Nothing may crash; whatever parses must encode and
// parse back to the same model.
#include "protocols/mgcp/codec.hpp"
#include "tests/protocols/mgcp/golden.hpp"
#include "tests/protocols/xorshift.hpp"

#include <boost/test/unit_test.hpp>

#include <cctype>

#include <cstdint>
#include <string>
#include <vector>

using namespace ngn;
using namespace ngn::mgcp;

namespace {

/// The fuzz harness's property: a successful parse re-encodes and parses back equal.
void check_consistent(std::string_view input) {
  auto ms = parse(input);
  if (!ms) {
    BOOST_TEST(ms.error().offset <= input.size());
    return;
  }
  auto e = encode(*ms);
  BOOST_TEST_REQUIRE(e.ok(), "parsed but does not encode: "
                                 << (e.ok() ? std::string() : e.error().describe()) << "\n"
                                 << input);
  auto again = parse(*e);
  BOOST_TEST_REQUIRE(again.ok(), (again.ok() ? std::string() : again.error().describe()));
  BOOST_TEST((*again == *ms));
}

std::string lf_only(std::string_view crlf) {
  std::string out;
  for (char c : crlf)
    if (c != '\r') out += c;
  return out;
}

std::string datagram_of_three() {
  return std::string(golden::rsip) + ".\r\n" + std::string(golden::rsip_ok) + ".\r\n" +
         std::string(golden::rqnt_success_ok);
}

} // namespace

BOOST_AUTO_TEST_SUITE(mgcp_robustness)

// MGCP over UDP has no length field: a message cut right after one of its lines is a complete,
// shorter message (unless a mandatory parameter went missing: malformed). A cut anywhere else
// leaves an unterminated line: incomplete. A cut inside the first line is always an error.
BOOST_AUTO_TEST_CASE(every_truncated_prefix) {
  std::vector<std::string> inputs;
  for (const auto& g : golden::all) inputs.emplace_back(g.text);
  for (const auto& g : golden::all) inputs.push_back(lf_only(g.text));
  for (const auto& text : inputs) {
    std::size_t first_line_end = text.find('\n') + 1;
    for (std::size_t n = 0; n < text.size(); ++n) {
      std::string_view prefix(text.data(), n);
      auto m = parse_one(prefix);
      BOOST_TEST_CONTEXT(text << "cut at " << n) {
        if (n < first_line_end) {
          BOOST_TEST_REQUIRE(!m.ok());
          BOOST_TEST((m.error().kind == errc::incomplete));
          continue;
        }
        if (prefix.back() != '\n') {
          BOOST_TEST_REQUIRE(!m.ok());
          BOOST_TEST((m.error().kind == errc::incomplete));
          continue;
        }
        if (!m.ok()) {
          BOOST_TEST((m.error().kind == errc::malformed));
          BOOST_TEST(m.error().detail.find(" without ") != std::string::npos);
          continue;
        }
        auto e = encode(*m);
        BOOST_TEST_REQUIRE(e.ok());
        // the shorter message is the golden one minus its last lines
        std::string canonical = text.find('\r') == std::string::npos ? lf_only(*e) : *e;
        BOOST_TEST(canonical == prefix);
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(every_truncated_prefix_of_a_piggybacked_datagram) {
  std::string dgram = datagram_of_three();
  std::size_t ok = 0;
  for (std::size_t n = 0; n < dgram.size(); ++n) {
    std::string_view prefix(dgram.data(), n);
    auto ms = parse(prefix);
    if (ms) {
      ++ok;
      BOOST_TEST(ms->size() <= 3u);
    } else {
      BOOST_TEST(ms.error().offset <= n);
    }
    check_consistent(prefix);
  }
  BOOST_TEST(ok > 0u); // e.g. the RSIP alone, or RSIP + response
}

BOOST_AUTO_TEST_CASE(byte_mutation_sweep) {
  const std::uint8_t values[] = {0x00, 0x09, 0x0A, 0x0D, ' ', ':', '.', '/', '@', '(', ')',
                                 'X',  'x',  '-',  '+',  '0', '9', 'A', 0x7F, 0x80, 0xFF};
  std::vector<std::string> inputs;
  for (const auto& g : golden::all) inputs.emplace_back(g.text);
  inputs.push_back(datagram_of_three());
  std::size_t parsed = 0, total = 0;
  for (const auto& text : inputs) {
    for (std::size_t i = 0; i < text.size(); ++i) {
      for (std::uint8_t v : values) {
        std::string m = text;
        m[i] = char(v);
        check_consistent(m);
        ++total;
        if (parse(m).ok()) ++parsed;
      }
      std::string erased = text;
      erased.erase(i, 1);
      check_consistent(erased);
      std::string doubled = text;
      doubled.insert(i, 1, text[i]);
      check_consistent(doubled);
    }
  }
  // the sweep exercises both outcomes
  BOOST_TEST(parsed > 0u);
  BOOST_TEST(parsed < total);
}

BOOST_AUTO_TEST_CASE(random_multi_byte_mutations) {
  // Deterministic xorshift: several bytes changed, inserted or removed per round.
  testing::xorshift32 next{0x9e3779b9u};
  std::string base = datagram_of_three();
  for (int round = 0; round < 20000; ++round) {
    std::string m = base;
    int edits = 1 + int(next() % 6);
    for (int k = 0; k < edits && !m.empty(); ++k) {
      std::size_t at = next() % m.size();
      switch (next() % 3) {
        case 0: m[at] = char(next() & 0xFF); break;
        case 1: m.insert(at, 1, "\r\n.: /X-@("[next() % 10]); break;
        default: m.erase(at, 1 + next() % 8); break;
      }
    }
    check_consistent(m);
  }
}

BOOST_AUTO_TEST_CASE(lf_only_input_is_accepted_and_encoded_with_crlf) {
  for (const auto& g : golden::all) {
    std::string lf = lf_only(g.text);
    auto m = parse_one(lf);
    BOOST_TEST_REQUIRE(m.ok(), g.name);
    BOOST_TEST(*encode(*m) == g.text, g.name);
  }
  // mixed line ends in one message
  auto mixed = parse_one("RSIP 1 a@b MGCP 1.0\nRM: restart\r\nX-SECM: null\n");
  BOOST_TEST_REQUIRE(mixed.ok());
  BOOST_TEST(std::get<command>(*mixed).params.size() == 2u);
}

BOOST_AUTO_TEST_CASE(control_characters_are_malformed) {
  using namespace std::string_literals;
  for (std::string bad : {"RSIP 1 a@b MGCP 1.0\r\nRM: re\0start\r\n"s,
                          "RSIP 1 a@b MGCP 1.0\r\nRM: re\rstart\r\n"s,
                          "RSIP\x01 1 a@b MGCP 1.0\r\nRM: x\r\n"s,
                          "RSIP 1 a@b MGCP 1.0\r\nRM: caf\xc3\xa9\r\n"s})
    BOOST_TEST((parse_one(bad).error().kind == errc::malformed));
  // the offset points at the bad byte
  BOOST_TEST(parse_one("RSIP 1 a@b MGCP 1.0\r\nRM: re\x7fstart\r\n").error().offset == 27u);
  // at every position of a long line (the check reads 8 octets at a time), for the octets just
  // outside SP / VCHAR and a few others; HTAB is text anywhere
  const std::string head = "RSIP 1 a@b MGCP 1.0\r\nRM: restart\r\nX-SECM: ";
  const std::string value(37, 'v');
  for (std::size_t at = 0; at < value.size(); ++at) {
    for (char bad : {'\x00', '\x01', '\x08', '\x0b', '\x1f', '\x7f', '\x80', '\xc3', '\xff'}) {
      std::string text = head + value + "\r\n";
      text[head.size() + at] = bad;
      auto r = parse_one(text);
      BOOST_TEST_REQUIRE(!r.ok());
      BOOST_TEST((r.error().kind == errc::malformed));
      BOOST_TEST(r.error().offset == head.size() + at,
                 int(static_cast<unsigned char>(bad)) << " at " << at);
    }
    std::string tab = head + value + "\r\n";
    tab[head.size() + at] = '\t';
    BOOST_TEST(parse_one(tab).ok(), "HTAB at " << at);
    std::string ends = head + value + "\r\n";
    ends[head.size() + at] = at % 2 ? ' ' : '~'; // the edges of SP / VCHAR
    BOOST_TEST(parse_one(ends).ok(), "edge octet at " << at);
  }
}

BOOST_AUTO_TEST_CASE(repeated_codes_are_found_whatever_their_digest) {
  // A repeated code is malformed (case-insensitively), named in the error, in any message shape;
  // distinct codes are not, however many.
  const std::vector<std::string> codes = {"N", "X", "R", "S", "O", "RM", "X-SECM", "X-SECV",
                                          "X-SECC", "X-SPIC", "X-SPIS", "X-RESP", "X-RAND",
                                          "X-LT", "X-CHAL", "X-RSLT", "X-SKEY", "X-EKEY",
                                          "X-MAC", "X-RSN", "Z", "I", "C", "M", "L", "D"};
  response all;
  all.transaction_id = 1;
  for (const auto& c : codes) all.add(c, "v");
  BOOST_TEST(validate(all).ok());
  for (std::size_t i = 0; i < codes.size(); ++i) {
    for (std::size_t j = 0; j < codes.size(); ++j) {
      response r;
      r.transaction_id = 1;
      for (std::size_t k = 0; k <= i; ++k) r.add(codes[k], "v");
      std::string again = codes[j];
      for (char& ch : again) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      r.add(again, "w");
      const bool repeated = j <= i;
      auto v = validate(r);
      BOOST_TEST(v.ok() == !repeated, codes[j] << " after " << i + 1 << " codes");
      if (repeated) BOOST_TEST(v.error().detail == "parameter " + again + " repeated");
    }
  }
}

BOOST_AUTO_TEST_CASE(limits) {
  // parameters per message
  std::string text = "AUEP 1 a@b MGCP 1.0\r\n";
  for (std::size_t i = 0; i < max_parameters; ++i) text += "X-P" + std::to_string(i) + ": v\r\n";
  BOOST_TEST(parse_one(text).ok());
  std::string over = text + "X-LAST: v\r\n";
  BOOST_TEST((parse_one(over).error().kind == errc::limit_exceeded));
  command c;
  c.verb = "AUEP";
  c.transaction_id = 1;
  c.endpoint = "a@b";
  for (std::size_t i = 0; i <= max_parameters; ++i) c.add("X-P" + std::to_string(i), "v");
  BOOST_TEST((encode(c).error().kind == errc::limit_exceeded));
  // datagram size
  std::string big = "200 1 OK\r\n\r\n" + std::string(max_datagram_size, 'a');
  BOOST_TEST((parse(big).error().kind == errc::limit_exceeded));
  BOOST_TEST((parse_one(big).error().kind == errc::limit_exceeded));
  response r;
  r.transaction_id = 1;
  r.sdp = std::string(max_datagram_size, 'a');
  BOOST_TEST((encode(r).error().kind == errc::limit_exceeded));
  // endpoint local name
  std::string ep = std::string(max_local_name + 1, 'a') + "@gw";
  BOOST_TEST((parse_one("AUEP 1 " + ep + " MGCP 1.0\r\n").error().kind == errc::limit_exceeded));
  c.params.clear();
  c.endpoint = ep;
  BOOST_TEST((encode(c).error().kind == errc::limit_exceeded));
  c.endpoint = std::string(max_local_name, 'a') + "@gw";
  BOOST_TEST(encode(c).ok());
}

BOOST_AUTO_TEST_SUITE_END()
