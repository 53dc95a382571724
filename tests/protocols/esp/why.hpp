// Test-only: the description of a failed result for test messages ("" when it succeeded: Boost
// builds a check's message even when the check passes).
#pragma once

#include "protocols/common/result.hpp"

#include <string>

namespace ngn::esp_test {

template <class T>
std::string why(const result<T>& r) {
  return r.ok() ? std::string() : r.error().describe();
}

} // namespace ngn::esp_test
