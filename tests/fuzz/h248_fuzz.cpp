// libFuzzer harness for the H.248 text codec (protocols/h248): parse arbitrary bytes; whatever
// parses must encode, and the encoding must parse back to the same model. The one allowed encode
// failure is errc::limit_exceeded when the pretty form of a (compact) input exceeds 64 KiB.
// The same bytes also go through the registration dialogue's H.248 binding
// (protocols/dialogue/h248_binding.hpp): decode, answers and relays must never crash, and what the
// binding encodes must decode again.
#include "protocols/dialogue/h248_binding.hpp"
#include "protocols/h248/message.hpp"

#include "tests/common/test_bindings.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

namespace {

void through_the_binding(std::string_view text) {
  using namespace ngn::dialogue;
  const binding& b = ngn::test::binding_for(ngn::protocol::h248);
  const address local{0x0a000001, 2944};
  auto in = b.decode(text);
  if (!in) {
    auto answer = b.malformed_answer(text, in.error(), local);
    if (!answer.empty() && !b.decode(answer)) std::abort();
    return;
  }
  auto must_decode = [&b](const std::string& out) {
    if (!out.empty() && !b.decode(out)) std::abort();
  };
  must_decode(in->ack);
  must_decode(b.rejection(*in, code::forbidden, "fuzz", local));
  relay_edit up;
  up.tid = "77";
  up.sec_agree_failed = true;
  must_decode(b.relay(*in, up));
  const ngn::mechanism_list list{{"aes-gcm", 900}};
  const std::uint8_t mac[16] = {};
  relay_edit down;
  down.direction = relay_edit::toward::terminal;
  down.tid = "35";
  down.edge = &list;
  down.chosen = "aes-gcm";
  down.strip_wrapped_edge = true;
  down.mac = ngn::byte_view{mac, sizeof mac};
  down.result = code::sec_agree_required;
  down.edge_spi = 4096;
  must_decode(b.relay(*in, down));
  // The registration's life (DESIGN.md §1.2): the edge's and the registrar's answers.
  keepalive_fields kf;
  kf.local = local;
  kf.session_id = 1234;
  kf.lifetime = 60;
  must_decode(b.answer_keepalive(*in, kf));
  answer_fields af;
  af.local = local;
  must_decode(b.answer_deregistration(*in, af));
  if (in->c.kind == step::reg_request || in->c.kind == step::reg_message) {
    challenge_fields f;
    f.session_id = 1234;
    f.edge = &list;
    f.local = local;
    must_decode(b.challenge(*in, f));
  }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  through_the_binding(text);
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
