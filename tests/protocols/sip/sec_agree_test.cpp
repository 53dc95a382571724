// RFC 3329 mechanism lists and q-values (reference/wire-bindings.md §2.4).
#include "protocols/sip/sec_agree.hpp"

#include "tests/protocols/sip/golden.hpp"

#include <boost/test/unit_test.hpp>

using namespace ngn;
using namespace ngn::sip;

BOOST_AUTO_TEST_SUITE(sip_sec_agree)

BOOST_AUTO_TEST_CASE(qvalue_grammar) {
  const std::pair<const char*, int> good[] = {{"0", 0},     {"0.", 0},      {"0.5", 500}, {"0.05", 50},
                                              {"0.123", 123}, {"0.999", 999}, {"1", 1000},  {"1.", 1000},
                                              {"1.000", 1000}, {"0.010", 10}};
  for (const auto& [text, milli] : good) {
    auto q = parse_qvalue(text);
    BOOST_TEST_REQUIRE(q.has_value(), text);
    BOOST_TEST(*q == milli, text);
  }
  for (const char* bad : {"", "1.001", "1.5", "2", "0.1234", ".5", "0,5", "-0", "00.1", "0.a", " 0.5", "1.0000"})
    BOOST_TEST(!parse_qvalue(bad).has_value(), bad);
}

BOOST_AUTO_TEST_CASE(format_q_is_shortest) {
  BOOST_TEST(format_q(900) == "0.9");
  BOOST_TEST(format_q(50) == "0.05");
  BOOST_TEST(format_q(1000) == "1");
  BOOST_TEST(format_q(0) == "0");
  BOOST_TEST(format_q(123) == "0.123");
  BOOST_TEST(format_q(100) == "0.1");
  BOOST_TEST(format_q(1500) == "1");
  for (std::uint16_t m = 0; m <= 1000; ++m) BOOST_TEST_REQUIRE((parse_qvalue(format_q(m)) == m));
}

BOOST_AUTO_TEST_CASE(parse_and_format_lists) {
  auto l = parse_mechanism_list("aes-gcm;q=0.9, hmac-sha256;q=0.5");
  BOOST_TEST_REQUIRE(l.ok());
  BOOST_TEST_REQUIRE(l->size() == 2u);
  BOOST_TEST((*l)[0].name == "aes-gcm");
  BOOST_TEST(((*l)[0].q_milli() == std::optional<std::uint16_t>{900}));
  BOOST_TEST(((*l)[1].q_milli() == std::optional<std::uint16_t>{500}));
  BOOST_TEST(format_mechanism_list(*l) == "aes-gcm;q=0.9, hmac-sha256;q=0.5");
  auto odd = parse_mechanism_list("  null ,ipsec-3gpp;q=0.1;prot=esp;spi-c=1234;d-ver=\"0123\"  ");
  BOOST_TEST_REQUIRE(odd.ok());
  BOOST_TEST(format_mechanism_list(*odd) == "null, ipsec-3gpp;q=0.1;prot=esp;spi-c=1234;d-ver=\"0123\"");
  BOOST_TEST(!(*odd)[0].q_milli().has_value());
}

BOOST_AUTO_TEST_CASE(bad_lists) {
  for (const char* bad : {"", " ", "aes-gcm;q=1.5", "a,,b", "a;q", "a;q=\"0.5\"", "a;", ",a", "a b",
                          "a;q=0.5\r\nX: y", "a;p=\"unterminated"}) {
    auto r = parse_mechanism_list(bad);
    BOOST_TEST(!r.ok(), bad);
    if (!r.ok()) BOOST_TEST((r.error().kind == errc::malformed), bad);
  }
  auto r = parse_mechanism_list("aes-gcm;q=0.9, hmac;q=7");
  BOOST_TEST_REQUIRE(!r.ok());
  BOOST_TEST(r.error().offset > 14u); // points into the second mechanism
}

BOOST_AUTO_TEST_CASE(select_highest_supported_q) {
  auto offered = parse_mechanism_list("aes-gcm;q=0.9, hmac-sha256;q=0.5, null;q=0.1");
  BOOST_TEST_REQUIRE(offered.ok());
  const sec_mechanism* s = select_mechanism(*offered, {"null", "HMAC-SHA256"});
  BOOST_TEST_REQUIRE(s != nullptr);
  BOOST_TEST(s->name == "hmac-sha256");
  BOOST_TEST(select_mechanism(*offered, {"aes-gcm", "null"})->name == "aes-gcm");
  BOOST_TEST(select_mechanism(*offered, {"tls"}) == nullptr);
  BOOST_TEST(select_mechanism({}, {"tls"}) == nullptr);
  // Order of the list does not matter, q does.
  auto reversed = parse_mechanism_list("null;q=0.1, hmac-sha256;q=0.5, aes-gcm;q=0.9");
  BOOST_TEST(select_mechanism(*reversed, {"aes-gcm", "null", "hmac-sha256"})->name == "aes-gcm");
  BOOST_TEST(find_mechanism(*offered, "NULL") == &(*offered)[2]);
}

BOOST_AUTO_TEST_CASE(duplicate_q_detection) {
  BOOST_TEST(has_duplicate_q(*parse_mechanism_list("a;q=0.5, b;q=0.50")));
  BOOST_TEST(!has_duplicate_q(*parse_mechanism_list("a;q=0.5, b;q=0.4, c, d")));
}

BOOST_AUTO_TEST_CASE(make_mechanism_formats_q) {
  BOOST_TEST(format_mechanism_list({make_mechanism("aes-gcm", 900), make_mechanism("null", std::nullopt)})
             == "aes-gcm;q=0.9, null");
}

BOOST_AUTO_TEST_CASE(security_verify_mirrors_security_server) {
  // RFC 3329 §2.3.1: the client echoes the server's list; the server compares it with its own.
  auto challenge = parse(test::crlf(test::unauthorized_2));
  auto answer = parse(test::crlf(test::register_3));
  BOOST_TEST_REQUIRE(challenge.ok());
  BOOST_TEST_REQUIRE(answer.ok());
  BOOST_TEST((challenge->security_server == answer->security_verify));
  auto tampered = *answer;
  tampered.security_verify.pop_back();
  BOOST_TEST((challenge->security_server != tampered.security_verify));
}

BOOST_AUTO_TEST_SUITE_END()
