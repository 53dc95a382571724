// libFuzzer harness for the MGCP codec (RFC 3435). Properties checked on every input:
//  - parse() of the datagram never crashes; if it succeeds, encode() must succeed and parse back
//    to the same messages, and the canonical encoding must be a fixed point;
//  - split_datagram() + parse_one() agree with parse(); peek() never crashes;
//  - the R/S/O values of parsed commands: parse_events() -> format_events() -> parse_events()
//    gives the same events.
// Any violation calls abort(), which libFuzzer and the corpus replay report as a failure.
#include "protocols/mgcp/codec.hpp"
#include "protocols/mgcp/event.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

namespace {

void check(bool ok) {
  if (!ok) std::abort();
}

void check_events(const ngn::mgcp::command& c) {
  for (auto code : {"R", "S", "O"}) {
    const ngn::mgcp::parameter* p = c.find(code);
    if (!p) continue;
    auto events = ngn::mgcp::parse_events(p->value);
    if (!events) continue;
    auto again = ngn::mgcp::parse_events(ngn::mgcp::format_events(*events));
    check(again.ok() && *again == *events);
  }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  auto messages = ngn::mgcp::parse(input);
  auto parts = ngn::mgcp::split_datagram(input);
  if (parts) {
    bool all_ok = true;
    for (const auto& part : *parts) {
      (void)ngn::mgcp::peek(part.text);
      all_ok = all_ok && ngn::mgcp::parse_one(part.text).ok();
    }
    check(all_ok == messages.ok());
  } else {
    check(!messages.ok());
  }
  if (!messages) return 0;
  auto encoded = ngn::mgcp::encode(*messages);
  check(encoded.ok());
  auto again = ngn::mgcp::parse(*encoded);
  check(again.ok() && *again == *messages);
  auto encoded_again = ngn::mgcp::encode(*again);
  check(encoded_again.ok() && *encoded_again == *encoded);
  for (const auto& m : *messages)
    if (const auto* c = std::get_if<ngn::mgcp::command>(&m)) check_events(*c);
  return 0;
}
