// libFuzzer harness for the H.225.0 RAS codec (aligned PER): decode; when it succeeds, the model
// must encode, decode back to an equal model, and re-encode to the same octets (abort otherwise:
// a real bug). A failed decode must report an offset inside the input.
#include "protocols/ras/codec.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto m = ngn::ras::decode(data, size);
  if (!m.ok()) {
    if (m.error().offset > size) std::abort();
    return 0;
  }
  auto e = ngn::ras::encode(*m);
  if (!e.ok()) {
    std::fprintf(stderr, "ras_fuzz: decoded model does not encode: %s\n",
                 e.error().describe().c_str());
    std::abort();
  }
  auto again = ngn::ras::decode(*e);
  if (!again.ok()) {
    std::fprintf(stderr, "ras_fuzz: re-decode failed: %s\n", again.error().describe().c_str());
    std::abort();
  }
  if (!(*again == *m)) {
    std::fprintf(stderr, "ras_fuzz: re-decoded model differs\n");
    std::abort();
  }
  auto e2 = ngn::ras::encode(*again);
  if (!e2.ok() || *e2 != *e) std::abort();  // the canonical encoding is a fixed point
  return 0;
}
