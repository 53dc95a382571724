// Mechanism lists with priorities (RFC 3329 §2.2 names, RFC 3261 §20.10 qvalues).
#include "topology/mechanism.hpp"

#include <boost/test/unit_test.hpp>

using namespace ngn::topology;

BOOST_AUTO_TEST_SUITE(topology_mechanisms)

BOOST_AUTO_TEST_CASE(parses_the_default_list) {
  auto r = parse_mechanisms(default_mechanisms);
  BOOST_REQUIRE(r);
  const auto& l = *r.value;
  BOOST_REQUIRE(l.size() == 2u);
  BOOST_TEST(l[0].name == "aes-gcm");
  BOOST_TEST(l[0].q == 900);
  BOOST_TEST(l[1].name == "hmac-sha256");
  BOOST_TEST(l[1].q == 500);
  BOOST_TEST(to_string(l) == default_mechanisms);
}

BOOST_AUTO_TEST_CASE(qvalues) {
  auto q = [](std::string_view text) {
    auto r = parse_mechanisms("m;q=" + std::string(text));
    return r ? static_cast<int>(r.value->front().q) : -1;
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
    BOOST_TEST(parse_mechanisms("m;q=" + format_qvalue(v)).value->front().q == v);
  BOOST_TEST(format_qvalue(500) == "0.5");
  BOOST_TEST(format_qvalue(1000) == "1");
  BOOST_TEST(format_qvalue(125) == "0.125");
}

BOOST_AUTO_TEST_CASE(whitespace_and_order) {
  auto r = parse_mechanisms(" hmac-sha256 ; q = 0.5 , aes-gcm;q=0.9 ");
  BOOST_REQUIRE(r);
  BOOST_TEST(r.value->at(0).name == "hmac-sha256");
  BOOST_TEST(r.value->at(1).name == "aes-gcm");
  BOOST_TEST(to_string(*r.value) == "hmac-sha256;q=0.5,aes-gcm;q=0.9");
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
      {"aes-gcm", "has no priority"},
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
    BOOST_TEST(r.error.find(c.why) != std::string::npos, c.text << " -> " << r.error);
  }
  std::string many;
  for (int i = 0; i < 17; ++i)
    many += (i ? "," : "") + ("m" + std::to_string(i)) + ";q=0." + std::to_string(100 + i);
  BOOST_TEST(parse_mechanisms(many).error.find("more than 16") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
