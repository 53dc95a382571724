// Test-only: the error kind of a codec result that must have failed.
#pragma once

#include "protocols/common/result.hpp"

#include <boost/test/unit_test.hpp>

namespace ngn::testing {

/// Why `r` failed (the test stops if it succeeded).
template <class T>
errc failure_kind(const result<T>& r) {
  BOOST_TEST_REQUIRE(!r.ok());
  return r.error().kind;
}

} // namespace ngn::testing
