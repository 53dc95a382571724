// The bindings of every protocol (protocols/common/protocol.hpp), built once per process with
// what they need and handed to the elements; adding a protocol adds its binding here.
#pragma once

#include "protocols/dialogue/binding.hpp"

#include <array>
#include <memory>

namespace ngn::dialogue {

struct binding_deps {
  md5_function md5 = nullptr; ///< RFC 2617/3310 Digest (SIP)
};

class registry {
public:
  explicit registry(binding_deps deps);
  ~registry();
  registry(const registry&) = delete;
  registry& operator=(const registry&) = delete;

  const binding& operator[](protocol p) const noexcept;

private:
  std::array<std::unique_ptr<binding>, protocol_count> bindings_;
};

} // namespace ngn::dialogue
