// libFuzzer harness for the SS ↔ AuC codec (protocols/auc/codec.hpp): decode; what decodes must
// re-encode to the same bytes (the encoding is canonical) and decode again (abort otherwise).
#include "protocols/auc/codec.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view in{reinterpret_cast<const char*>(data), size};
  auto m = ngn::auc::decode(in);
  if (!m) {
    if (m.error().offset > size) std::abort();
    return 0;
  }
  const auto again = ngn::auc::encode(*m);
  if (again != in) std::abort();
  if (!ngn::auc::decode(again)) std::abort();
  return 0;
}
