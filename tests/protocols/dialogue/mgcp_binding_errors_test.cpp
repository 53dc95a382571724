// The MGCP binding on bad input (DESIGN.md §5): what decode() refuses, the error answers of
// malformed_answer() (RFC 3435 §2.4, RFC 3661), and no crash on any prefix or mutation of the
// flow's messages, whatever is then built from what decoded.
#include "protocols/dialogue/mgcp_binding.hpp"

#include "protocols/common/hex.hpp"
#include "tests/common/test_bindings.hpp"
#include "tests/protocols/dialogue/mgcp_b.hpp"

#include <boost/test/unit_test.hpp>

#include <random>

using namespace ngn;
using namespace ngn::dialogue;
using namespace ngn::dialogue::test;

namespace {

std::string answer_to(const std::string& wire) {
  auto in = mgcp_b().decode(wire);
  BOOST_REQUIRE_MESSAGE(!in, wire);
  return mgcp_b().malformed_answer(wire, in.error(), address{0x0a000001, 2727});
}

const std::string flow[] = {
  "RSIP 273 t1@ngn.example MGCP 1.0\r\nRM: restart\r\nX-SECM: aes-gcm;q=0.9,hmac-sha256;q=0.5\r\n",
  "RQNT 339105913 t1@ngn.example MGCP 1.0\r\nN: ss@10.0.0.1:2727\r\nX: 0A1B2C3D4E5F60718293A4B5C6D7E8F9\r\n"
  "R: X-SEC/resp, X-SEC/auts\r\n"
  "S: X-SEC/chal(000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f)\r\n"
  "X-RSLT: 401\r\nX-CHAL: 000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f\r\n"
  "X-SECM: aes-gcm;q=0.8,hmac-sha256;q=0.4\r\nX-SECC: aes-gcm;q=0.8\r\n",
  "NTFY 274 t1@ngn.example MGCP 1.0\r\nX: 0A1B2C3D4E5F60718293A4B5C6D7E8F9\r\nO: X-SEC/resp(0102030405060708)\r\n"
  "X-RESP: 0102030405060708\r\nX-SECM: aes-gcm;q=0.9\r\nX-SECV: aes-gcm;q=0.8\r\n",
  "NTFY 276 t1@ngn.example MGCP 1.0\r\nX: 0A1B2C3D4E5F60718293A4B5C6D7E8F9\r\n"
  "O: X-SEC/auts(a0a1a2a3a4a5a6a7a8a9aaabacad)\r\nX-AUTS: a0a1a2a3a4a5a6a7a8a9aaabacad\r\n",
  "RQNT 339105914 t1@ngn.example MGCP 1.0\r\nX: 0A1B2C3D4E5F60718293A4B5C6D7E8F9\r\nR: L/hd(N)\r\n"
  "S: X-SEC/key(303132333435363738393a3b3c3d3e3f4041424344454647)\r\nX-RSLT: 200\r\n"
  "X-SKEY: 303132333435363738393a3b3c3d3e3f4041424344454647\r\n"
  "X-EKEY: 707172737475767778797a7b7c7d7e7f8081828384858687\r\n"
  "X-MAC: 505152535455565758595a5b5c5d5e5f\r\nX-SECM: aes-gcm;q=0.8\r\n",
  "RQNT 274 t1@ngn.example MGCP 1.0\r\nX: 0A1B2C3D4E5F60718293A4B5C6D7E8F9\r\nX-RSLT: 403\r\n"
  "X-RSN: verification words differ\r\n",
  "538 339105914 Event/signal parameter error\r\nZ: t1@ngn.example\r\nX-RESP: 0102030405060708\r\n"
  "X-RSN: tampering\r\n",
  "200 273 OK\r\n",
};

/// Everything the elements may build from a decoded message must not crash either.
void exercise(const inbound& in) {
  const auto& b = mgcp_b();
  terminal_view t;
  t.identity = "t1@ngn.example";
  t.serial = 17;
  res_t res{};
  auts_t auts{};
  rand_t rand{};
  (void)b.reg_message(t, in, res);
  (void)b.resync_message(t, in, auts);
  (void)b.auth_failure(t, in);
  (void)b.refusal(t, in, in, res, "reason");
  challenge_fields cf;
  cf.session_id = in.c.session_id;
  (void)b.challenge(in, cf);
  (void)ngn::test::proves(b, in, res, rand);
  std::array<std::uint8_t, 24> w{};
  success_fields sf;
  sf.session_id = in.c.session_id;
  sf.wrapped_t = ngn::byte_view{w.data(), w.size()};
  (void)b.success(in, sf);
  (void)b.rejection(in, code::forbidden, "x\r\ny", {});
  const mechanism_list edge{{"aes-gcm", 800}};
  relay_edit e;
  e.edge = &edge;
  e.chosen = "aes-gcm";
  e.tid = in.c.tid;
  e.sec_agree_failed = true;
  e.result = code::sec_agree_required;
  e.strip_wrapped_edge = true;
  (void)b.relay(in, e);
  e.direction = relay_edit::toward::terminal;
  (void)b.relay(in, e);
}

} // namespace

BOOST_AUTO_TEST_SUITE(mgcp_binding_errors)

BOOST_AUTO_TEST_CASE(undecodable_commands_get_rfc3435_error_codes) {
  // RFC 3435 §2.3.12: RM is mandatory.
  const auto no_rm = answer_to("RSIP 12 t1@ngn.example MGCP 1.0\r\n");
  BOOST_TEST(no_rm.rfind("510 12 Protocol error\r\nX-RSN: malformed", 0) == 0u, no_rm);
  BOOST_TEST(no_rm.find("RM") != std::string::npos);
  BOOST_TEST(answer_to("RSIP 13 t1@ngn.example MGCP 2.0\r\nRM: restart\r\n")
               .rfind("528 13 Incompatible protocol version\r\nX-RSN: ", 0) == 0);
  // (AUEP is the edge's keepalive now, DESIGN.md §1.2; EPCF is not part of the dialogue.)
  BOOST_TEST(answer_to("EPCF 14 t1@ngn.example MGCP 1.0\r\n")
               .rfind("504 14 Unknown or unsupported command\r\nX-RSN: ", 0) == 0);
  BOOST_TEST(answer_to("RSIP 15 t1@ngn.example MGCP 1.0\r\nRM: restart\r\nX+SECQ: 1\r\n")
               .rfind("511 15 Unrecognized extension\r\n", 0) == 0);
  BOOST_TEST(answer_to("RSIP 16 t1@ngn.example MGCP 1.0\r\nRM: restart\r\nX-SECM: a;q=7\r\n")
               .rfind("539 16 Unsupported or invalid command parameter\r\n", 0) == 0);
  BOOST_TEST(answer_to("RQNT 17 t1@ngn.example MGCP 1.0\r\nX: 1\r\n")
               .rfind("539 17 ", 0) == 0);
  // Cut inside a line: the transaction id is still readable.
  BOOST_TEST(answer_to("RSIP 18 t1@ngn.example MGCP 1.0\r\nRM: rest").rfind("510 18 ", 0) == 0);
  // Nothing to answer: responses, garbage, an empty datagram.
  BOOST_TEST(answer_to("999 19\r\nX-RESP: zz\r\nX-RESP: zz\r\n").empty());
  BOOST_TEST(answer_to(std::string("\x00\xff garbage", 10)).empty());
  BOOST_TEST(answer_to("").empty());
}

BOOST_AUTO_TEST_CASE(extension_lines_are_authoritative_over_event_parameters) {
  // The X-SEC event parameters repeat the X- lines for generic MGCP stacks; the binding reads
  // the X- line and leaves tampering to the cryptographic checks.
  auto key = mgcp_b().decode("RQNT 2 t1@ngn.example MGCP 1.0\r\nX: 1\r\nS: X-SEC/key(00)\r\n"
                             "X-SKEY: 01\r\n");
  BOOST_REQUIRE(key);
  BOOST_TEST((key->c.wrapped_t == std::vector<std::uint8_t>{0x01}));
  // ... but a verification word must be carried consistently to count as proof.
  const res_t res{1, 2, 3, 4, 5, 6, 7, 8};
  const rand_t rand{};
  auto split = mgcp_b().decode("NTFY 1 t1@ngn.example MGCP 1.0\r\nX: 1\r\n"
                               "O: X-SEC/resp(0102030405060709)\r\nX-RESP: 0102030405060708\r\n");
  BOOST_REQUIRE(split);
  BOOST_TEST((split->c.proof && split->c.proof->empty())); // carried, but not a usable word
  BOOST_TEST(!ngn::test::proves(mgcp_b(), *split, res, rand));
  auto whole = mgcp_b().decode("NTFY 1 t1@ngn.example MGCP 1.0\r\nX: 1\r\n"
                               "O: X-SEC/resp(0102030405060708)\r\nX-RESP: 0102030405060708\r\n");
  BOOST_REQUIRE(whole);
  BOOST_TEST(ngn::test::proves(mgcp_b(), *whole, res, rand));
  // Only the event is enough.
  auto only_event = mgcp_b().decode("NTFY 7 t1@ngn.example MGCP 1.0\r\nX: 1\r\n"
                                    "O: X-SEC/resp(0102030405060708)\r\n");
  BOOST_REQUIRE(only_event);
  BOOST_TEST((only_event->c.proof && ngn::to_hex(*only_event->c.proof) == "0102030405060708"));
  // What the dialogue cannot use is refused.
  BOOST_TEST(!mgcp_b().decode("RQNT 3 t1@ngn.example MGCP 1.0\r\nX: 1\r\nS: X-SEC/chal(00)\r\n"));
  BOOST_TEST(!mgcp_b().decode("NTFY 4 t1@ngn.example MGCP 1.0\r\nX: 1\r\nO: X-SEC/auts(00)\r\n"));
  BOOST_TEST(!mgcp_b().decode("NTFY 5 t1@ngn.example MGCP 1.0\r\nX: 1\r\nO: L/hd\r\n"));
  BOOST_TEST(!mgcp_b().decode("RQNT 6 t1@ngn.example MGCP 1.0\r\nX: 1\r\nX-RSLT: 200\r\n"));
  // A key RQNT with unreadable values still decodes (empty values), so that the terminal's
  // checks refuse it and the refusal is recorded.
  auto unreadable = mgcp_b().decode("RQNT 8 t1@ngn.example MGCP 1.0\r\nX: 1\r\nX-SKEY: zz\r\n"
                                    "X-MAC: 0\r\nX-SECM: ;;\r\n");
  BOOST_REQUIRE(unreadable);
  BOOST_TEST((unreadable->c.kind == step::success));
  BOOST_TEST(unreadable->c.wrapped_t.empty());
  BOOST_TEST(unreadable->c.mac.empty());
  BOOST_TEST(unreadable->c.chosen.empty());
  BOOST_TEST(!mgcp_b().decode("NTFY 9 t1@ngn.example MGCP 1.0\r\nX: 1\r\nO: X-SEC/resp(01)\r\n"
                              "X-AUTS: a0a1a2a3a4a5a6a7a8a9aaabacad\r\n"));
}

BOOST_AUTO_TEST_CASE(every_prefix_of_every_message_is_handled) {
  for (const auto& m : flow) {
    BOOST_REQUIRE_MESSAGE(mgcp_b().decode(m), m);
    exercise(*mgcp_b().decode(m));
    for (std::size_t n = 0; n < m.size(); ++n) {
      const std::string cut = m.substr(0, n);
      auto in = mgcp_b().decode(cut);
      if (in) exercise(*in);
      else (void)mgcp_b().malformed_answer(cut, in.error(), {});
    }
  }
}

BOOST_AUTO_TEST_CASE(byte_mutations_never_crash) {
  std::mt19937 gen(20240611);
  std::size_t decoded = 0, answered = 0;
  for (int round = 0; round < 4000; ++round) {
    std::string m = flow[static_cast<std::size_t>(round) % std::size(flow)];
    const int edits = 1 + static_cast<int>(gen() % 4);
    for (int k = 0; k < edits; ++k) {
      const std::size_t at = gen() % m.size();
      switch (gen() % 3) {
        case 0: m[at] = static_cast<char>(gen() & 0xff); break;
        case 1: m.erase(at, 1 + gen() % 8); break;
        default: m.insert(at, 1, "0aX-:;(),\r\n@/ "[gen() % 14]); break;
      }
      if (m.empty()) m = "R";
    }
    auto in = mgcp_b().decode(m);
    if (in) {
      ++decoded;
      exercise(*in);
    } else if (!mgcp_b().malformed_answer(m, in.error(), {}).empty()) {
      ++answered;
    }
  }
  BOOST_TEST(decoded > 0u);
  BOOST_TEST(answered > 0u);
}

BOOST_AUTO_TEST_SUITE_END()
