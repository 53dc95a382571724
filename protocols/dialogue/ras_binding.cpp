// Placeholder: the RAS binding is not implemented yet.
#include "protocols/dialogue/ras_binding.hpp"

namespace ngn::dialogue {

protocol ras_binding::proto() const noexcept { return protocol::h323; }
result<inbound> ras_binding::decode(std::string_view) const {
  return make_error(errc::unsupported, 0, "the RAS binding is not implemented yet");
}
std::string ras_binding::malformed_answer(std::string_view, const codec_error&, address) const {
  return {};
}
std::string ras_binding::reg_request(const terminal_view&) const { return {}; }
std::string ras_binding::reg_message(const terminal_view&, const inbound&, const res_t&) const {
  return {};
}
std::string ras_binding::resync_message(const terminal_view&, const inbound&,
                                         const auts_t&) const {
  return {};
}
std::string ras_binding::auth_failure(const terminal_view&, const inbound&) const { return {}; }
std::string ras_binding::refusal(const terminal_view&, const inbound&, const inbound&,
                                  const res_t&, std::string_view) const {
  return {};
}
std::string ras_binding::challenge(const inbound&, const challenge_fields&) const { return {}; }
bool ras_binding::verify(const inbound&, const res_t&, const rand_t&) const { return false; }
std::string ras_binding::success(const inbound&, const success_fields&) const { return {}; }
std::string ras_binding::rejection(const inbound&, code, std::string_view, address) const {
  return {};
}
std::string ras_binding::relay(const inbound&, const relay_edit&) const { return {}; }

} // namespace ngn::dialogue
