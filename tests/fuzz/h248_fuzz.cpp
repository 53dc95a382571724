// libFuzzer harness for the H.248 text codec (protocols/h248): parse arbitrary bytes; whatever
// parses must encode, and the encoding must parse back to the same model. The one allowed encode
// failure is errc::limit_exceeded when the pretty form of a (compact) input exceeds 64 KiB.
// What the registration dialogue's H.248 binding does with the same bytes is binding_fuzz.cpp's.
#include "protocols/h248/message.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto m = ngn::h248::parse(text);
  if (!m) {
    if (m.error().offset > size) std::abort();
    return 0;
  }
  auto encoded = ngn::h248::encode(*m);
  if (!encoded) {
    if (encoded.error().kind != ngn::errc::limit_exceeded) std::abort();
    return 0;
  }
  auto again = ngn::h248::parse(*encoded);
  if (!again || !(*again == *m)) std::abort();
  // The pretty form is a fixed point of encode.
  auto twice = ngn::h248::encode(*again);
  if (!twice || *twice != *encoded) std::abort();
  return 0;
}
