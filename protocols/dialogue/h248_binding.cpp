// Placeholder: the H248 binding is not implemented yet.
#include "protocols/dialogue/h248_binding.hpp"

namespace ngn::dialogue {

protocol h248_binding::proto() const noexcept { return protocol::h248; }
result<inbound> h248_binding::decode(std::string_view) const {
  return make_error(errc::unsupported, 0, "the H248 binding is not implemented yet");
}
std::string h248_binding::malformed_answer(std::string_view, const codec_error&, address) const {
  return {};
}
std::string h248_binding::reg_request(const terminal_view&) const { return {}; }
std::string h248_binding::reg_message(const terminal_view&, const inbound&, const res_t&) const {
  return {};
}
std::string h248_binding::resync_message(const terminal_view&, const inbound&,
                                         const auts_t&) const {
  return {};
}
std::string h248_binding::auth_failure(const terminal_view&, const inbound&) const { return {}; }
std::string h248_binding::refusal(const terminal_view&, const inbound&, const inbound&,
                                  const res_t&, std::string_view) const {
  return {};
}
std::string h248_binding::challenge(const inbound&, const challenge_fields&) const { return {}; }
bool h248_binding::verify(const inbound&, const res_t&, const rand_t&) const { return false; }
std::string h248_binding::success(const inbound&, const success_fields&) const { return {}; }
std::string h248_binding::rejection(const inbound&, code, std::string_view, address) const {
  return {};
}
std::string h248_binding::relay(const inbound&, const relay_edit&) const { return {}; }

} // namespace ngn::dialogue
