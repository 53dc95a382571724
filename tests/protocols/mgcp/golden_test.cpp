// Golden messages of reference/wire-bindings.md §3.1: each parses to the expected model, encodes
// back byte for byte, and is what the registration builders produce from the same values.
#include "protocols/mgcp/codec.hpp"
#include "protocols/mgcp/registration.hpp"
#include "tests/protocols/mgcp/checks.hpp"
#include "tests/protocols/mgcp/fields.hpp"
#include "tests/protocols/mgcp/golden.hpp"

#include <boost/test/unit_test.hpp>

using namespace ngn;
using namespace ngn::mgcp;
using namespace ngn::mgcp::test;

namespace {

const command& as_command(const message& m) {
  BOOST_TEST_REQUIRE(std::holds_alternative<command>(m));
  return std::get<command>(m);
}

const response& as_response(const message& m) {
  BOOST_TEST_REQUIRE(std::holds_alternative<response>(m));
  return std::get<response>(m);
}

} // namespace

BOOST_AUTO_TEST_SUITE(mgcp_golden)

BOOST_AUTO_TEST_CASE(sizes_match_the_reference) {
  for (const auto& g : golden::all) BOOST_TEST(g.text.size() == g.size, g.name);
}

BOOST_AUTO_TEST_CASE(every_golden_message_encodes_back_byte_for_byte) {
  for (const auto& g : golden::all) {
    BOOST_TEST_CONTEXT(g.name) {
      message m = parse_ok(g.text);
      BOOST_TEST(encode_ok(m) == g.text);
      // and through the datagram entry point
      auto ms = parse(g.text);
      BOOST_TEST_REQUIRE(ms.ok());
      BOOST_TEST_REQUIRE(ms->size() == 1u);
      BOOST_TEST(((*ms)[0] == m));
    }
  }
}

BOOST_AUTO_TEST_CASE(rsip_model) {
  message m = parse_ok(golden::rsip);
  const command& c = as_command(m);
  BOOST_TEST(c.verb == "RSIP");
  BOOST_TEST(c.transaction_id == 1000u);
  BOOST_TEST(c.endpoint == "aaln/1@term1.ngn.example");
  BOOST_TEST(c.version == "MGCP 1.0");
  BOOST_TEST_REQUIRE(c.params.size() == 2u);
  BOOST_TEST(c.params[0].code == "RM");
  BOOST_TEST(c.params[0].value == "restart");
  BOOST_TEST(c.params[1].code == "X-SECM");
  BOOST_TEST(c.params[1].value == "digest;q=0.3,tls;q=0.2,ipsec;q=0.1");
  BOOST_TEST(c.sdp.empty());
  BOOST_TEST_REQUIRE(c.find("x-secm") != nullptr);  // codes compare case-insensitively
  BOOST_TEST(c.find("x-secm") == &c.params[1]);
  BOOST_TEST(c.find("X-CHAL") == nullptr);
}

BOOST_AUTO_TEST_CASE(challenge_model) {
  message m = parse_ok(golden::rqnt_challenge);
  const command& c = as_command(m);
  BOOST_TEST(c.verb == "RQNT");
  BOOST_TEST(c.transaction_id == 2000u);
  BOOST_TEST_REQUIRE(c.params.size() == 7u);
  const char* codes[] = {"N", "X", "R", "S", "X-RSLT", "X-CHAL", "X-SECM"};
  for (std::size_t i = 0; i < 7; ++i) BOOST_TEST(c.params[i].code == codes[i]);
  BOOST_TEST(c.find("N")->value == "ss@192.0.2.1:2727");
  BOOST_TEST(c.find("X")->value == "0A1B2C3D");
  BOOST_TEST((result_code(c) == std::optional<std::uint16_t>(401)));
  auto chal = sec_event_parameters(c, "S", "chal");
  BOOST_TEST_REQUIRE(chal.has_value());
  BOOST_TEST(*chal == "8f3c1a9d2b7e4f60a1c5d9e8b7a6f5e4");
  BOOST_TEST(*chal == c.find("X-CHAL")->value);
}

BOOST_AUTO_TEST_CASE(notify_model) {
  message m = parse_ok(golden::ntfy);
  const command& c = as_command(m);
  BOOST_TEST(c.verb == "NTFY");
  BOOST_TEST(c.transaction_id == 1001u);
  BOOST_TEST(c.find("X")->value == "0A1B2C3D");
  auto resp = sec_event_parameters(c, "O", "resp");
  BOOST_TEST_REQUIRE(resp.has_value());
  BOOST_TEST(*resp == "13f913040dca2c9afafa2c7437b68a77");
  BOOST_TEST(c.find("X-RESP")->value == *resp);
}

BOOST_AUTO_TEST_CASE(success_model_and_response_with_params) {
  message cm = parse_ok(golden::rqnt_success);
  const command& c = as_command(cm);
  BOOST_TEST(c.find("R")->value == "L/hd(N)");
  BOOST_TEST(*sec_event_parameters(c, "S", "key") == "3a91c2d4e5f60718293a4b5c6d7e8f90");
  BOOST_TEST(c.find("X-MAC")->value == "2b7e151628aed2a6abf7158809cf4f3c");
  BOOST_TEST((result_code(c) == std::optional<std::uint16_t>(200)));

  message rm = parse_ok(golden::rqnt_success_ok);
  const response& r = as_response(rm);
  BOOST_TEST(r.code == 200);
  BOOST_TEST(r.transaction_id == 2001u);
  BOOST_TEST(r.package.empty());
  BOOST_TEST(r.commentary == "OK");
  BOOST_TEST_REQUIRE(r.params.size() == 1u);
  BOOST_TEST(r.params[0].code == "X-SECM");
  BOOST_TEST(r.params[0].value == "digest");
}

BOOST_AUTO_TEST_CASE(plain_responses) {
  for (auto text : {golden::rsip_ok, golden::rqnt_challenge_ok, golden::ntfy_ok}) {
    message m = parse_ok(text);
    const response& r = as_response(m);
    BOOST_TEST(r.code == 200);
    BOOST_TEST(r.commentary == "OK");
    BOOST_TEST(r.params.empty());
  }
  message ok = parse_ok(golden::rsip_ok);
  BOOST_TEST(as_response(ok).transaction_id == 1000u);
}

BOOST_AUTO_TEST_CASE(builders_reproduce_the_golden_messages) {
  const std::string ep = "aaln/1@term1.ngn.example"; // the gateway's endpoint
  const std::string ca = "ss@192.0.2.1:2727";        // the call agent
  rsip_fields r;
  r.transaction_id = 1000;
  r.endpoint = ep;
  r.mechanisms = "digest;q=0.3,tls;q=0.2,ipsec;q=0.1";
  BOOST_TEST(encode_ok(make_rsip(r)) == golden::rsip);
  BOOST_TEST(encode_ok(make_response(1000)) == golden::rsip_ok);

  auto ch = headed<challenge_fields>({2000, ep, ca, "0A1B2C3D"});
  ch.challenge = "8f3c1a9d2b7e4f60a1c5d9e8b7a6f5e4";
  ch.mechanisms = "digest";
  BOOST_TEST(encode_ok(make_challenge(ch)) == golden::rqnt_challenge);
  BOOST_TEST(encode_ok(make_response(2000)) == golden::rqnt_challenge_ok);

  auto n = headed<notify_fields>({1001, ep, ca, "0A1B2C3D"});
  n.response = "13f913040dca2c9afafa2c7437b68a77";
  BOOST_TEST(encode_ok(make_notify(n)) == golden::ntfy);
  BOOST_TEST(encode_ok(make_response(1001)) == golden::ntfy_ok);

  auto s = headed<success_fields>({2001, ep, "", "0A1B2C3E"});
  s.wrapped_key = "3a91c2d4e5f60718293a4b5c6d7e8f90";
  s.mac = "2b7e151628aed2a6abf7158809cf4f3c";
  BOOST_TEST(encode_ok(make_success(s)) == golden::rqnt_success);
  BOOST_TEST(encode_ok(make_response(2001, 200, "OK", {{"X-SECM", "digest"}})) ==
             golden::rqnt_success_ok);
}

BOOST_AUTO_TEST_SUITE_END()
