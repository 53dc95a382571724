// Test-only: parsing and encoding that must succeed (the test stops with the codec's error
// otherwise), shared by the MGCP codec tests.
#pragma once

#include "protocols/mgcp/codec.hpp"

#include <boost/test/unit_test.hpp>

#include <string>
#include <string_view>

namespace ngn::mgcp::test {

inline message parse_ok(std::string_view text) {
  auto m = parse_one(text);
  BOOST_TEST_REQUIRE(m.ok(), (m.ok() ? "" : m.error().describe()));
  return *m;
}

inline std::string encode_ok(const message& m) {
  auto e = encode(m);
  BOOST_TEST_REQUIRE(e.ok(), (e.ok() ? "" : e.error().describe()));
  return *e;
}

} // namespace ngn::mgcp::test
