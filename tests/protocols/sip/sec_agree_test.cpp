// RFC 3329 mechanism lists and q-values (reference/wire-bindings.md §2.4).
#include "protocols/sip/sec_agree.hpp"

#include "tests/protocols/sip/golden.hpp"

#include <boost/test/unit_test.hpp>

using namespace ngn;
using namespace ngn::sip;

BOOST_AUTO_TEST_SUITE(sip_sec_agree)

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

BOOST_AUTO_TEST_CASE(find_is_case_insensitive) {
  auto offered = parse_mechanism_list("aes-gcm;q=0.9, hmac-sha256;q=0.5, null;q=0.1");
  BOOST_TEST_REQUIRE(offered.ok());
  BOOST_TEST(find_mechanism(*offered, "NULL") == &(*offered)[2]);
  BOOST_TEST(find_mechanism(*offered, "tls") == nullptr);
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
