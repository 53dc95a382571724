// Event/signal syntax inside R, S and O values (RFC 3435 §2.1.7, §3.2.2.16).
#include "protocols/mgcp/event.hpp"
#include "protocols/mgcp/message.hpp"

#include <boost/test/unit_test.hpp>

#include <cctype>

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
  // The first match answers; a malformed event anywhere in the list (after the match too)
  // answers nothing, as does a list past max_events.
  BOOST_TEST((event_parameters("X-SEC/chal(1), X-SEC/chal(2)", "X-SEC", "chal") ==
              std::optional<std::string>("1")));
  BOOST_TEST(!event_parameters("X-SEC/chal(1), L/h d", "X-SEC", "chal").has_value());
  BOOST_TEST(!event_parameters("X-SEC/chal(1), , L/hd", "X-SEC", "chal").has_value());
  std::string many = "X-SEC/chal(1)";
  for (std::size_t i = 0; i < max_events; ++i) many += ",e";
  BOOST_TEST(!event_parameters(many, "X-SEC", "chal").has_value());
  BOOST_TEST((event_parameters("X-SEC/chal()", "X-SEC", "chal") == std::optional<std::string>("")));
}

BOOST_AUTO_TEST_CASE(errors_keep_their_offsets) {
  // Offsets are into the list: the item's start plus its leading WSP plus the event's own.
  auto paren = parse_events("L/hu,  L/hd(a)b");
  BOOST_TEST_REQUIRE(!paren.ok());
  BOOST_TEST(paren.error().offset == 14u);
  BOOST_TEST(paren.error().detail == "text after the event parameters");
  auto name = parse_events("L/hu, X-SEC/c d");
  BOOST_TEST_REQUIRE(!name.ok());
  BOOST_TEST(name.error().offset == 12u);
  BOOST_TEST(name.error().detail == "bad event name");
  BOOST_TEST(parse_event("L/hd@a b").error().offset == 5u);
}

BOOST_AUTO_TEST_CASE(codes_compare_ignoring_ascii_case_only) {
  BOOST_TEST(mgcp::iequals("X-SECM", "x-secm"));
  BOOST_TEST(mgcp::iequals("", ""));
  BOOST_TEST(!mgcp::iequals("X-SECM", "X-SEC"));
  // Characters that differ only in bit 0x20 but are no letters.
  BOOST_TEST(!mgcp::iequals("@", "`"));
  BOOST_TEST(!mgcp::iequals("[", "{"));
  BOOST_TEST(!mgcp::iequals("^", "~"));
  BOOST_TEST(!mgcp::iequals("\x01", "!"));
  BOOST_TEST(!mgcp::iequals("\xC4", "\xE4")); // not ASCII
  for (int c = 0; c < 256; ++c)
    for (int d = 0; d < 256; ++d) {
      const char x = static_cast<char>(c), y = static_cast<char>(d);
      const bool letters = std::isalpha(c) != 0 && c < 128 && (c | 0x20) == (d | 0x20);
      BOOST_TEST(mgcp::iequals(std::string_view(&x, 1), std::string_view(&y, 1))
                 == (c == d || letters));
    }
}

BOOST_AUTO_TEST_SUITE_END()
