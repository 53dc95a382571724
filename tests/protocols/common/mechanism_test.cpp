// The one rule for mechanism lists (RFC 3329 §2.2 names and priorities, RFC 3261 §20.10
// qvalues) and the negotiation of DESIGN.md §1 step 8.
#include "protocols/common/mechanism.hpp"

#include <boost/test/unit_test.hpp>

using namespace ngn;

BOOST_AUTO_TEST_SUITE(common_mechanisms)

BOOST_AUTO_TEST_CASE(parses_a_list_with_priorities) {
  auto r = parse_mechanisms("aes-gcm;q=0.9,hmac-sha256;q=0.5");
  BOOST_REQUIRE(r);
  const auto& l = *r;
  BOOST_REQUIRE(l.size() == 2u);
  BOOST_TEST(l[0].name == "aes-gcm");
  BOOST_TEST(l[0].q == 900);
  BOOST_TEST(l[1].name == "hmac-sha256");
  BOOST_TEST(l[1].q == 500);
  BOOST_TEST(format_mechanisms(l) == "aes-gcm;q=0.9,hmac-sha256;q=0.5");
}

BOOST_AUTO_TEST_CASE(q_is_optional_and_counts_as_zero) {
  // RFC 3329 §2.2: q is an optional parameter; a single mechanism needs no priority.
  auto r = parse_mechanisms("x-foo");
  BOOST_REQUIRE(r);
  BOOST_TEST(r->front().q == 0);
  BOOST_TEST(format_mechanisms(*r) == "x-foo;q=0");
  // Two without q have the same priority: not a list (q values are distinct).
  auto two = parse_mechanisms("a, b");
  BOOST_REQUIRE(!two);
  BOOST_TEST(two.error().detail.find("priorities must be distinct") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(qvalues) {
  auto q = [](std::string_view text) {
    auto r = parse_mechanisms("m;q=" + std::string(text));
    return r ? static_cast<int>(r->front().q) : -1;
  };
  BOOST_TEST(q("0") == 0);
  BOOST_TEST(q("0.") == 0);
  BOOST_TEST(q("0.5") == 500);
  BOOST_TEST(q("0.05") == 50);
  BOOST_TEST(q("0.125") == 125);
  BOOST_TEST(q("1") == 1000);
  BOOST_TEST(q("1.000") == 1000);
  BOOST_TEST(q("1.001") == -1);
  BOOST_TEST(q("0.1234") == -1);
  BOOST_TEST(q("2") == -1);
  BOOST_TEST(q("-0.5") == -1);
  BOOST_TEST(q(".5") == -1);
  BOOST_TEST(q("") == -1);
  BOOST_TEST(q("0.5x") == -1);
  for (std::uint16_t v : {0, 1, 10, 100, 125, 500, 900, 999, 1000})
    BOOST_TEST(parse_mechanisms("m;q=" + format_qvalue(v))->front().q == v);
  BOOST_TEST(format_qvalue(500) == "0.5");
  BOOST_TEST(format_qvalue(1000) == "1");
  BOOST_TEST(format_qvalue(125) == "0.125");
  BOOST_TEST(format_qvalue(50) == "0.05");
  BOOST_TEST(format_qvalue(0) == "0");
  BOOST_TEST(format_qvalue(1500) == "1");
  for (std::uint16_t v = 0; v <= 1000; ++v) BOOST_TEST_REQUIRE((parse_qvalue(format_qvalue(v)) == v));
  for (const char* bad : {"", "1.001", "1.5", "2", "0.1234", ".5", "0,5", "-0", "00.1", "0.a",
                          " 0.5", "1.0000"})
    BOOST_TEST(!parse_qvalue(bad).has_value(), bad);
}

BOOST_AUTO_TEST_CASE(whitespace_and_order) {
  auto r = parse_mechanisms(" hmac-sha256 ; q = 0.5 , aes-gcm;q=0.9 ");
  BOOST_REQUIRE(r);
  BOOST_TEST(r->at(0).name == "hmac-sha256");
  BOOST_TEST(r->at(1).name == "aes-gcm");
  BOOST_TEST(format_mechanisms(*r) == "hmac-sha256;q=0.5,aes-gcm;q=0.9");
}

BOOST_AUTO_TEST_CASE(rejects_bad_lists) {
  struct bad_case {
    const char* text;
    const char* why;
  };
  const bad_case cases[] = {
      {"", "empty mechanism list"},
      {"   ", "empty mechanism list"},
      {"aes-gcm;q=0.9,", "empty entry"},
      {",aes-gcm;q=0.9", "empty entry"},
      {"aes-gcm,hmac-sha256", "priorities must be distinct"},
      {"aes-gcm;q=0.9,hmac-sha256;q=0.9", "priorities must be distinct"},
      {"aes-gcm;q=0.9,aes-gcm;q=0.5", "listed twice"},
      {"aes-gcm;q=0.9,AES-GCM;q=0.5", "listed twice"},
      {"aes-gcm;q=1.5", "not a value 0..1"},
      {"aes-gcm;q=0.9;q=0.8", "two q parameters"},
      {"aes-gcm;alg=x;q=0.9", "unknown parameter 'alg'"},
      {"aes gcm;q=0.9", "not a mechanism name"},
      {";q=0.9", "not a mechanism name"},
  };
  for (const auto& c : cases) {
    auto r = parse_mechanisms(c.text);
    BOOST_TEST(!r, c.text);
    if (!r)
      BOOST_TEST(r.error().detail.find(c.why) != std::string::npos,
                 c.text << " -> " << r.error().detail);
  }
  std::string many;
  for (int i = 0; i < 17; ++i)
    many += (i ? "," : "") + ("m" + std::to_string(i)) + ";q=0." + std::to_string(100 + i);
  BOOST_TEST(parse_mechanisms(many).error().detail.find("more than 16") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(check_applies_the_same_rule_to_decoded_lists) {
  BOOST_TEST(check_mechanisms({{"aes-gcm", 900}, {"null", 100}}).ok());
  BOOST_TEST(!check_mechanisms({}).ok());
  BOOST_TEST(!check_mechanisms({{"aes-gcm", 900}, {"AES-GCM", 100}}).ok());
  BOOST_TEST(!check_mechanisms({{"aes-gcm", 900}, {"null", 900}}).ok());
  BOOST_TEST(!check_mechanisms({{"aes gcm", 900}}).ok());
  BOOST_TEST(!check_mechanisms({{"aes-gcm", 1001}}).ok());
}

// DESIGN.md §1 step 8: the terminal's highest priority among what both support.
BOOST_AUTO_TEST_CASE(choose_takes_the_terminals_highest_shared_priority) {
  const mechanism_list offered{{"aes-gcm", 900}, {"hmac-sha256", 500}, {"null", 100}};
  BOOST_TEST(choose(offered, {{"null", 1000}, {"HMAC-SHA256", 0}})->name == "hmac-sha256");
  BOOST_TEST(choose(offered, {{"aes-gcm", 0}, {"null", 1000}})->name == "aes-gcm");
  BOOST_TEST(!choose(offered, {{"tls", 500}}));
  BOOST_TEST(!choose({}, {{"tls", 500}}));
  const mechanism_list reversed{{"null", 100}, {"hmac-sha256", 500}, {"aes-gcm", 900}};
  BOOST_TEST(choose(reversed, offered)->name == "aes-gcm"); // order does not matter, q does
  BOOST_TEST(find(offered, "NULL") == &offered[2]);
  BOOST_TEST(contains(offered, "Aes-Gcm"));
}

BOOST_AUTO_TEST_SUITE_END()
