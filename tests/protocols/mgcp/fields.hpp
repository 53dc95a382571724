// Test-only: the field structs of the registration builders (protocols/mgcp/registration.hpp),
// started from their request head.
#pragma once

#include "protocols/mgcp/registration.hpp"

#include <utility>

namespace ngn::mgcp::test {

/// `F` (the fields of a RQNT or NTFY) with the request head `head` (transaction id, endpoint, N,
/// X) and every other field at its default.
template <class F>
F headed(request_head head) {
  F f;
  static_cast<request_head&>(f) = std::move(head);
  return f;
}

} // namespace ngn::mgcp::test
