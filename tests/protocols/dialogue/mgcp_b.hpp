// Test-only: the MGCP binding under test, shared by the MGCP binding tests.
#pragma once

#include "protocols/dialogue/mgcp_binding.hpp"

namespace ngn::dialogue::test {

inline const mgcp_binding& mgcp_b() {
  static const mgcp_binding b;
  return b;
}

} // namespace ngn::dialogue::test
