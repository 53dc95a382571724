// libFuzzer harness for the SIP codec: parse; when it succeeds the model must be valid, re-encode,
// and parse back to an equal model (abort otherwise: a real bug). Also exercises frame_length and
// the RFC 3329 list parser on the same bytes.
#include "protocols/sip/message.hpp"
#include "protocols/sip/sec_agree.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view in{reinterpret_cast<const char*>(data), size};
  auto frame = ngn::sip::frame_length(in);
  if (frame.ok() && *frame > size) std::abort();
  auto r = ngn::sip::parse(in);
  if (r.ok()) {
    if (!ngn::sip::validate(*r).ok()) {
      std::fprintf(stderr, "sip_fuzz: parsed model fails validate: %s\n",
                   ngn::sip::validate(*r).error().describe().c_str());
      std::abort();
    }
    std::string text = ngn::sip::encode(*r);
    auto again = ngn::sip::parse(text);
    if (!again.ok()) {
      std::fprintf(stderr, "sip_fuzz: re-parse failed: %s\n", again.error().describe().c_str());
      std::abort();
    }
    if (!(*again == *r)) {
      std::fprintf(stderr, "sip_fuzz: re-parse differs\n");
      std::abort();
    }
    if (ngn::sip::encode(*again) != text) std::abort(); // canonical form is a fixed point
  } else if (r.error().offset > size) {
    std::abort();
  }
  auto list = ngn::sip::parse_mechanism_list(in.substr(0, 512));
  if (list.ok()) {
    auto back = ngn::sip::parse_mechanism_list(ngn::sip::format_mechanism_list(*list));
    if (!back.ok() || !(*back == *list)) std::abort();
  }
  return 0;
}
