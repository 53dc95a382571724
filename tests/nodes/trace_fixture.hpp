// Test-only: a terminal, a proxy, a soft switch and an AuC with the addresses nodes/plan gives
// them (well-known ports per protocol), and one registration per protocol made of real messages
// — the golden bytes of tests/protocols/{sip,mgcp,h248}, the RAS hex of reference/
// wire-bindings.md §5.5 and ngnemu's own AuC encoding — as the envelopes the router would see.
#pragma once

#include "protocols/auc/codec.hpp"
#include "elements/common.hpp"
#include "nodes/trace_tap.hpp"
#include "tests/protocols/h248/golden.hpp"
#include "tests/protocols/mgcp/golden.hpp"
#include "tests/protocols/sip/golden.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ngn::nodes::test {

inline constexpr elements::element_id fixture_terminal = elements::terminal_id(0, 0);
inline constexpr elements::element_id fixture_ss = 1, fixture_auc = 2, fixture_proxy = 3;
inline constexpr std::uint32_t fixture_t_ip = 0xC000020A;   // 192.0.2.10
inline constexpr std::uint32_t fixture_ss_ip = 0xC0000201;  // 192.0.2.1
inline constexpr std::uint32_t fixture_auc_ip = 0xC0000202; // 192.0.2.2
inline constexpr std::uint32_t fixture_sp_ip = 0xC0000203;  // 192.0.2.3

/// What plan::address_of answers (SIP 5060, MGCP 2427 terminal / 2727 others, H.248 2944,
/// RAS 1719); nullopt for an unknown element.
inline std::optional<endpoint> fixture_addresses(elements::element_id id, ngn::protocol p) {
  endpoint e;
  if (id == fixture_terminal) e.ipv4 = fixture_t_ip;
  else if (id == fixture_ss) e.ipv4 = fixture_ss_ip;
  else if (id == fixture_auc) e.ipv4 = fixture_auc_ip;
  else if (id == fixture_proxy) e.ipv4 = fixture_sp_ip;
  else return std::nullopt;
  switch (p) {
    case ngn::protocol::sip: e.port = 5060; break;
    case ngn::protocol::mgcp: e.port = id == fixture_terminal ? 2427 : 2727; break;
    case ngn::protocol::h248: e.port = 2944; break;
    case ngn::protocol::h323: e.port = 1719; break;
  }
  return e;
}

inline const std::string fixture_register = sip::test::crlf(sip::test::register_1);

/// Hex with blanks and line breaks to bytes.
inline std::string fixture_unhex(std::string_view h) {
  std::string out;
  int hi = -1;
  for (char c : h) {
    int v = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
    if (v < 0) continue;
    if (hi < 0) hi = v;
    else {
      out.push_back(static_cast<char>(hi << 4 | v));
      hi = -1;
    }
  }
  return out;
}

// reference/wire-bindings.md §5.5: GRQ, GRJ, RRQ, RCF (60, 69, 173, 247 octets).
inline const char* const fixture_ras_hex[4] = {
  "02 20 00 00 06 00 08 91 4a 00 04 00 c0 00 02 0a 06 b7 02 00 01 40 03 00 31 00 30 00 30 00 31 16 30 40 03"
  "03 21 00 13 02 07 00 08 81 6b 00 02 06 09 60 86 48 01 65 03 04 01 02 01 00",
  "0a 80 00 00 06 00 08 91 4a 00 04 04 00 53 00 53 00 31 80 01 00 0a 80 2d 01 4d 00 07 00 08 81 6b 00 02"
  "01 c0 65 53 f0 ff 10 8f 3c 1a 9d 2b 7e 4f 60 a1 c5 d9 e8 b7 a6 f5 e4 04 12 34 ab cd 04 00 53 00 53 00 31",
  "0e c0 00 01 06 00 08 91 4a 00 04 00 01 00 c0 00 02 0a 06 b8 01 00 c0 00 02 0a 06 b7 02 00 01 40 03 00 31"
  "00 30 00 30 00 31 04 00 53 00 53 00 31 60 26 00 12 34 06 4e 47 4e 2d 45 4d 55 02 31 2e 30 34 eb 00 02 00"
  "03 40 0e 0f 2d 01 4d 00 07 00 08 81 6b 00 02 01 c0 65 53 f1 00 10 8f 3c 1a 9d 2b 7e 4f 60 a1 c5 d9 e8 b7"
  "a6 f5 e4 04 12 34 ab cd 04 00 53 00 53 00 31 2c 01 04 03 00 31 00 30 00 30 00 31 c0 65 53 f1 00 08 2a 86"
  "48 86 f7 0d 02 05 00 80 80 13 f9 13 04 0d ca 2c 9a fa fa 2c 74 37 b6 8a 77 01 00 01 00 01 00 01 00",
  "12 c0 00 01 06 00 08 91 4a 00 04 01 00 c0 00 02 01 06 b8 01 40 03 00 31 00 30 00 30 00 31 04 00 53 00 53"
  "00 31 0c 00 45 00 50 00 2d 00 31 00 30 00 30 00 31 26 ea 00 00 03 40 0e 0f 68 01 c5 00 07 00 08 81 6b 00"
  "02 05 c0 65 53 f1 01 04 12 34 ab ce 06 00 31 00 30 00 30 00 31 06 c0 07 04 00 53 00 53 00 31 3f 20 09 60"
  "86 48 01 65 03 04 01 02 80 a0 10 00 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f 20 3a 91 c2 d4 e5 f6 07"
  "18 29 3a 4b 5c 6d 7e 8f 90 a1 b2 c3 d4 e5 f6 07 18 29 3a 4b 5c 6d 7e 8f 9a 4d 01 74 07 00 08 81 6b 00 02"
  "01 c5 00 07 00 08 81 6b 00 02 05 c0 65 53 f1 01 04 12 34 ab ce 06 00 31 00 30 00 30 00 31 06 80 0d 0a 00"
  "50 00 52 00 4f 00 58 00 59 00 31 07 00 08 81 6b 00 02 06 00 60 2b 7e 15 16 28 ae d2 a6 ab f7 15 88 01 00"
  "01 00",
};

/// One traced message and the protocol tshark must show for it (frame.protocols' last layer).
struct fixture_message {
  elements::envelope envelope;
  std::string_view dissector;
  int request = -1; ///< a response: the index of the request it answers
};

/// The SS ↔ AuC messages of DESIGN.md §1 steps 2, 3 and 6, in ngnemu's binary encoding.
inline std::vector<std::string> fixture_auc_messages() {
  auc::auth_request rq;
  rq.session_id = ngn::session_id::of_number(7);
  rq.identity = "1001@ngn.example";
  rq.softswitch = "ss1";
  rq.t_request = 1700000000000000;
  auc::auth_vector av;
  av.session_id = ngn::session_id::of_number(7);
  av.db_id = 41;
  for (std::size_t i = 0; i < 16; ++i) av.rand[i] = static_cast<std::uint8_t>(0x8f ^ i);
  auc::auth_report rp;
  rp.session_id = ngn::session_id::of_number(7);
  rp.db_id = 41;
  rp.identity = rq.identity;
  rp.softswitch = "ss1";
  rp.success = true;
  rp.mechanism = "aes-gcm";
  return {auc::encode(rq), auc::encode(av), auc::encode(rp)};
}

/// A registration per protocol, with the AuC leg inside the SIP one, as the router sees it.
inline std::vector<fixture_message> fixture_flow() {
  using k = elements::envelope_kind;
  const auto t = fixture_terminal, ss = fixture_ss, auc = fixture_auc;
  const auto aucm = fixture_auc_messages();
  std::vector<fixture_message> v{
    {{ss, t, elements::kind_of(ngn::protocol::sip), sip::test::crlf(sip::test::register_1)}, "sip"},
    {{auc, ss, k::auc, aucm[0]}, "data"},
    {{ss, auc, k::auc, aucm[1]}, "data"},
    {{t, ss, elements::kind_of(ngn::protocol::sip), sip::test::crlf(sip::test::unauthorized_2)}, "sip", 0},
    {{ss, t, elements::kind_of(ngn::protocol::sip), sip::test::crlf(sip::test::register_3)}, "sip"},
    {{auc, ss, k::auc, aucm[2]}, "data"},
    {{t, ss, elements::kind_of(ngn::protocol::sip), sip::test::crlf(sip::test::ok_4)}, "sip", 4},
  };
  // The golden MGCP, H.248 and RAS lists alternate request, response.
  const auto answers = [&v](std::size_t i) { return i % 2 ? static_cast<int>(v.size()) - 1 : -1; };
  for (std::size_t i = 0; i < mgcp::golden::all.size(); ++i) {
    const auto& m = mgcp::golden::all[i];
    v.push_back({{m.from_gateway ? ss : t, m.from_gateway ? t : ss, elements::kind_of(ngn::protocol::mgcp), std::string(m.text)},
                 "mgcp", answers(i)});
  }
  for (std::size_t i = 0; i < 8; ++i) { // the ninth, error_reply, answers nothing here
    const auto& m = h248::golden::all()[i];
    const std::string_view mg_header = "MEGACO/1 [192.0.2.10]:2944";
    const bool from_mg = m.text->compare(0, mg_header.size(), mg_header) == 0;
    v.push_back({{from_mg ? ss : t, from_mg ? t : ss, elements::kind_of(ngn::protocol::h248), *m.text}, "megaco", answers(i)});
  }
  for (std::size_t i = 0; i < 4; ++i) {
    const bool from_t = i % 2 == 0; // GRQ, RRQ from the terminal; GRJ, RCF from the SS
    v.push_back({{from_t ? ss : t, from_t ? t : ss, elements::kind_of(ngn::protocol::h323), fixture_unhex(fixture_ras_hex[i])},
                 "h225", answers(i)});
  }
  return v;
}

} // namespace ngn::nodes::test
