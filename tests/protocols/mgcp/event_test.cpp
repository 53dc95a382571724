// Event/signal syntax inside R, S and O values (RFC 3435 §2.1.7, §3.2.2.16).
#include "protocols/mgcp/event.hpp"

#include <boost/test/unit_test.hpp>

using namespace ngn;
using namespace ngn::mgcp;

BOOST_AUTO_TEST_SUITE(mgcp_event)

BOOST_AUTO_TEST_CASE(single_events) {
  auto e = parse_event("X-SEC/chal(8f3c1a9d)");
  BOOST_TEST_REQUIRE(e.ok());
  BOOST_TEST(e->package == "X-SEC");
  BOOST_TEST(e->name == "chal");
  BOOST_TEST(e->parameters == "8f3c1a9d");
  BOOST_TEST(e->has_parameters);
  BOOST_TEST(e->connection.empty());
  BOOST_TEST(format_event(*e) == "X-SEC/chal(8f3c1a9d)");
  BOOST_TEST((*e == make_event("X-SEC", "chal", "8f3c1a9d")));

  auto plain = parse_event("hd");
  BOOST_TEST_REQUIRE(plain.ok());
  BOOST_TEST(plain->package.empty());
  BOOST_TEST(!plain->has_parameters);
  BOOST_TEST(format_event(*plain) == "hd");

  auto conn = parse_event("R/qa@0A3F58");
  BOOST_TEST_REQUIRE(conn.ok());
  BOOST_TEST(conn->connection == "0A3F58");
  BOOST_TEST(format_event(*conn) == "R/qa@0A3F58");

  auto nested = parse_event("L/hd(E(S(dl),R(L/oc,L/hu)))");
  BOOST_TEST_REQUIRE(nested.ok());
  BOOST_TEST(nested->parameters == "E(S(dl),R(L/oc,L/hu))");

  auto empty = parse_event("L/rg()");
  BOOST_TEST_REQUIRE(empty.ok());
  BOOST_TEST(empty->has_parameters);
  BOOST_TEST(format_event(*empty) == "L/rg()");

  auto all = parse_event("*/all");
  BOOST_TEST_REQUIRE(all.ok());
  BOOST_TEST(all->package == "*");
}

BOOST_AUTO_TEST_CASE(bad_events) {
  for (auto bad : {"", "X-SEC/", "/chal", "X-SEC/chal(", "X-SEC/chal(a))", "X-SEC/chal(a)b",
                   "-P/x", "L/hd@", "L/hd@a b", "L/h d", "L/hd(\"x)", "L/hd(a\x01)"})
    BOOST_TEST(!parse_event(bad).ok(), bad);
}

BOOST_AUTO_TEST_CASE(event_lists) {
  auto l = parse_events("L/hu(N), L/hf(S,N),X-SEC/resp, A/ann(\"a,b)\")");
  BOOST_TEST_REQUIRE(l.ok());
  BOOST_TEST_REQUIRE(l->size() == 4u);
  BOOST_TEST((*l)[1].parameters == "S,N");
  BOOST_TEST((*l)[2].package == "X-SEC");
  BOOST_TEST((*l)[3].parameters == "\"a,b)\"");
  BOOST_TEST(format_events(*l) == "L/hu(N), L/hf(S,N), X-SEC/resp, A/ann(\"a,b)\")");
  BOOST_TEST(parse_events("").value().empty());
  BOOST_TEST(parse_events("  ").value().empty());
  auto bad = parse_events("L/hu, , L/hd");
  BOOST_TEST_REQUIRE(!bad.ok());
  BOOST_TEST(bad.error().offset == 6u);
  std::string many;
  for (std::size_t i = 0; i <= max_events; ++i) many += (i ? ",e" : "e");
  BOOST_TEST((parse_events(many).error().kind == errc::limit_exceeded));
}

BOOST_AUTO_TEST_CASE(lookup_by_package_and_name) {
  BOOST_TEST((event_parameters("L/hd(N), x-sec/CHAL(abc)", "X-SEC", "chal") ==
              std::optional<std::string>("abc")));
  BOOST_TEST(!event_parameters("L/hd(N)", "X-SEC", "chal").has_value());
  BOOST_TEST(!event_parameters("X-SEC/chal(", "X-SEC", "chal").has_value());
}

BOOST_AUTO_TEST_SUITE_END()
