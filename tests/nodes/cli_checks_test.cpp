// Issue 12 item 7: the command line's numbers and times (nodes/cli_checks.hpp) and the escaping
// of echoed input (protocols/common/escape.hpp).
#include "nodes/cli_checks.hpp"
#include "protocols/common/escape.hpp"

#include <boost/test/unit_test.hpp>

#include <limits>

using namespace ngn;
using namespace ngn::nodes;

BOOST_AUTO_TEST_SUITE(cli_checks)

BOOST_AUTO_TEST_CASE(integers_are_strict_and_ranged) {
  std::string e;
  BOOST_TEST(*parse_integer("42", 0, 100, e) == 42);
  BOOST_TEST(*parse_integer("-3", -5, 5, e) == -3);
  for (const char* bad : {"-1", "", " 1", "1 ", "1e3", "0x10", "+1", "abc"}) {
    BOOST_TEST(!parse_integer(bad, 0, 100, e), bad);
    BOOST_TEST(e.find("whole number") != std::string::npos);
  }
  BOOST_TEST(!parse_integer("101", 0, 100, e));
  BOOST_TEST(e.find("out of range") != std::string::npos);
  BOOST_TEST(!parse_integer("99999999999999999999999", 0, 100, e)); // no overflow
  BOOST_TEST(e.find("out of range") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(numbers_are_finite_and_ranged) {
  std::string e;
  BOOST_TEST(*parse_number("2.5", 0, 10, e) == 2.5);
  BOOST_TEST(*parse_number("0", 0, 10, e) == 0);
  for (const char* bad : {"nan", "inf", "-inf", "1e400", "", "1x", " 1"})
    BOOST_TEST(!parse_number(bad, 0, 10, e), bad);
  BOOST_TEST(!parse_number("-5", 0, 10, e));
  BOOST_TEST(e.find("out of range") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(times_parse_or_say_why) {
  std::string e;
  BOOST_TEST(*parse_time_arg("0", e) == 0);
  BOOST_TEST(*parse_time_arg("1700000000", e) == 1'700'000'000'000'000LL);
  BOOST_TEST(*parse_time_arg("1970-01-01", e) == 0);
  BOOST_TEST(*parse_time_arg("2026-11-28T01:00:00Z", e) == 1'795'827'600'000'000LL);
  BOOST_TEST(*parse_time_arg("2026-11-28T01:00", e) == 1'795'827'600'000'000LL);
  BOOST_TEST(*parse_time_arg("2026-11-28T01:00:00.25", e) == 1'795'827'600'250'000LL);
  BOOST_TEST(*parse_time_arg("2024-02-29T23:59:59", e) == 1'709'251'199'000'000LL);
  BOOST_TEST(*parse_time_arg("9999-12-31T23:59:59", e) == 253'402'300'799'000'000LL);
  const std::pair<const char*, const char*> bad[] = {
    {"2026-02-30", "calendar"}, {"2025-02-29", "calendar"}, {"2026-13-01", "calendar"},
    {"2026-00-10", "calendar"}, {"2026-01-01T25:00", "time of day"},
    {"2026-01-01T23:60", "time of day"}, {"2026-01-01T00:00:61", "time of day"},
    {"99999999999999999999", "out of range"}, {"253402300800", "out of range"},
    {"yesterday", "not a time"}, {"2026-1-1", "not a time"}, {"2026-01-01T", "not a time"},
    {"2026-01-01T00:00:00.", "not a time"}, {"2026-01-01T00:00:00.1234567", "not a time"},
    {"2026-01-01Zjunk", "not a time"}, {"-5", "not a time"}, {"1969-12-31", "1970"}};
  for (const auto& [text, why] : bad) {
    e.clear();
    BOOST_TEST(!parse_time_arg(text, e), text);
    BOOST_TEST(e.find(why) != std::string::npos, text << ": " << e);
  }
}

BOOST_AUTO_TEST_CASE(escape_hides_controls_and_bidi) {
  BOOST_TEST(escape_text("plain t000001@ngn.example") == "plain t000001@ngn.example");
  BOOST_TEST(escape_text("a\x1b[31mb") == "a\\x1B[31mb");
  BOOST_TEST(escape_text(std::string("nul\0x", 5)) == "nul\\x00x");
  BOOST_TEST(escape_text("del\x7f") == "del\\x7F");
  BOOST_TEST(escape_text("tab\tnl\n") == "tab\\x09nl\\x0A");
  BOOST_TEST(escape_text("back\\slash") == "back\\\\slash");
  BOOST_TEST(escape_text("x\xe2\x80\xaey") == "x\\u{202E}y");         // RLO
  BOOST_TEST(escape_text("\xe2\x81\xa6i\xe2\x81\xa9") == "\\u{2066}i\\u{2069}"); // LRI … PDI
  BOOST_TEST(escape_text("\xe2\x80\x8f") == "\\u{200F}");             // RLM
  BOOST_TEST(escape_text("\xc2\x9b") == "\\u{009B}");                 // C1 CSI
  BOOST_TEST(escape_text("caf\xc3\xa9 \xe6\x97\xa5") == "caf\xc3\xa9 \xe6\x97\xa5"); // kept
  BOOST_TEST(escape_text("bad\xff\xc3") == "bad\\xFF\\xC3");          // not UTF-8
  BOOST_TEST(escape_text("\xe0\x80\xaf") == "\\xE0\\x80\\xAF");       // overlong
}

BOOST_AUTO_TEST_SUITE_END()
