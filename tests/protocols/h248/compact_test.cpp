// Compact tokens (Annex B.2 short forms), case-insensitivity, free LWSP and comments all parse to
// the same model as the pretty golden messages.
#include "protocols/h248/tokens.hpp"
#include "tests/protocols/h248/golden.hpp"

#include <boost/test/unit_test.hpp>

using namespace ngn;
using namespace ngn::h248;

namespace {

void expect_same_model(std::string_view text, const message& model) {
  auto m = parse(text);
  BOOST_TEST_REQUIRE(m.ok(), (m.ok() ? "" : m.error().describe()));
  BOOST_TEST((*m == model));
  // And the canonical pretty form of it is the golden one.
  auto pretty = encode(*m);
  BOOST_TEST_REQUIRE(pretty.ok());
  BOOST_TEST((*encode(model) == *pretty));
}

} // namespace

BOOST_AUTO_TEST_SUITE(h248_compact)

BOOST_AUTO_TEST_CASE(service_change_compact) {
  expect_same_model("!/1 [192.0.2.10]:2944\nT=1001{C=-{SC=ROOT{SV{MT=RS,RE=\"901 Cold Boot\","
                    "AD=2944,PF=ResGW/1,X-SECM=\"digest;q=0.3 tls;q=0.2\"}}}}",
                    golden::service_change_model());
}

BOOST_AUTO_TEST_CASE(service_change_reply_compact) {
  expect_same_model("!/1 [192.0.2.1]:2944\nP=1001{C=-{SC=ROOT{SV{AD=2944,PF=ResGW/1,V=1}}}}",
                    golden::service_change_reply_model());
}

BOOST_AUTO_TEST_CASE(modify_challenge_compact) {
  expect_same_model("!/1 [192.0.2.1]:2944 T=2001{C=-{MF=A4444{E=2222{xsec/resp},SG{xsec/chal{"
                    "result=401,rand=8f3c1a9d2b7e4f60a1c5d9e8b7a6f5e4,mech=digest}}}}}",
                    golden::modify_challenge_model());
}

BOOST_AUTO_TEST_CASE(replies_compact) {
  expect_same_model("!/1 [192.0.2.10]:2944\nP=2001{C=-{MF=A4444}}",
                    golden::modify_challenge_reply_model());
  expect_same_model("!/1 [192.0.2.1]:2944\nP=1002{C=-{N=A4444}}", golden::notify_reply_model());
  expect_same_model("!/1 [192.0.2.10]:2944\nP=2002{C=-{MF=A4444}}",
                    golden::modify_key_reply_model());
  expect_same_model("!/1 [192.0.2.10]:2944\nP=2003{C=-{MF=A4444{ER=402{\"Unauthorized\"}}}}",
                    golden::error_reply_model());
}

BOOST_AUTO_TEST_CASE(notify_compact) {
  expect_same_model("!/1 [192.0.2.10]:2944\nT=1002{C=-{N=A4444{OE=2222{20101113T23290000:"
                    "xsec/resp{vw=13f913040dca2c9afafa2c7437b68a77}}}}}",
                    golden::notify_model());
}

BOOST_AUTO_TEST_CASE(modify_key_compact) {
  expect_same_model("!/1 [192.0.2.1]:2944\nT=2002{C=-{MF=A4444{SG{xsec/key{result=200,"
                    "ekey=3a91c2d4e5f60718293a4b5c6d7e8f90,mac=2b7e151628aed2a6abf7158809cf4f3c}"
                    "}}}}",
                    golden::modify_key_model());
}

BOOST_AUTO_TEST_CASE(tokens_are_case_insensitive) {
  expect_same_model("megaco/1 [192.0.2.10]:2944\ntransaction=1001{context=-{servicechange=root{"
                    "services{method=restart,reason=\"901 Cold Boot\",servicechangeaddress=2944,"
                    "profile=ResGW/1,x-secm=\"digest;q=0.3 tls;q=0.2\"}}}}",
                    [] {
                      // Identifiers keep their spelling: ROOT and X-SECM were written in
                      // lower case.
                      message m = golden::service_change_model();
                      auto& rq = std::get<transaction_request>(m.transactions[0]);
                      auto& sc = std::get<service_change_request>(rq.actions[0].commands[0]);
                      sc.termination_id = "root";
                      sc.service_change_parms.extensions[0].name = "x-secm";
                      return m;
                    }());
}

BOOST_AUTO_TEST_CASE(lwsp_comments_and_line_ends_are_free) {
  // Tabs, bare LF, bare CR, comments (";" to end of line, also containing braces and quotes) and
  // LWSP around every token; a leading LWSP before the header.
  const std::string text =
    "; leading comment {\"}\r\n  \tMEGACO/1\t[192.0.2.1]:2944 ; mid\n"
    "Transaction\t=\t2001 ; tid { \n{ Context = -\r{\n Modify =A4444{Events= 2222{ xsec/resp } ,\n"
    "Signals{xsec/chal{result =401 ,; c\n rand= 8f3c1a9d2b7e4f60a1c5d9e8b7a6f5e4\t,mech=digest}}"
    "}\n}\n}\n; trailing comment without newline";
  expect_same_model(text, golden::modify_challenge_model());
}

BOOST_AUTO_TEST_CASE(observed_event_timestamp_allows_lwsp_before_colon) {
  expect_same_model("!/1 [192.0.2.10]:2944\nT=1002{C=-{N=A4444{OE=2222{20101113t23290000 : "
                    "xsec/resp{vw=13f913040dca2c9afafa2c7437b68a77}}}}}",
                    golden::notify_model());
}

BOOST_AUTO_TEST_CASE(reserved_ids_and_numbers) {
  // "Context = 0" is the NULL context; leading zeros are accepted.
  expect_same_model("!/1 [192.0.2.10]:2944\nP=0002001{C=0{MF=A4444}}",
                    golden::modify_challenge_reply_model());
}

BOOST_AUTO_TEST_CASE(token_table_spellings) {
  BOOST_TEST(long_form(token::service_change) == "ServiceChange");
  BOOST_TEST(short_form(token::service_change) == "SC");
  BOOST_TEST(long_form(token::restart) == "Restart");
  BOOST_TEST(short_form(token::restart) == "RS");
  BOOST_TEST(long_form(token::response_ack) == "TransactionResponseAck");
  BOOST_TEST(short_form(token::reply) == "P");
  BOOST_TEST(short_form(token::mgc_id) == "MG");
  BOOST_TEST(short_form(token::service_change_address) == "AD");
  BOOST_TEST(short_form(token::observed_events) == "OE");
  BOOST_TEST(short_form(token::megacop) == "!");
  BOOST_TEST(long_form(token::version) == "Version");
  // Each spelling maps back to its own token, and long forms are unique.
  for (int i = 0; i < static_cast<int>(token::count_); ++i) {
    auto t = static_cast<token>(i);
    BOOST_TEST(is_token(long_form(t), t));
    BOOST_TEST(is_token(short_form(t), t));
    for (int j = 0; j < static_cast<int>(token::count_); ++j)
      if (j != i) BOOST_TEST(!is_token(long_form(t), static_cast<token>(j)));
  }
}

BOOST_AUTO_TEST_SUITE_END()
