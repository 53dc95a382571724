#include "protocols/dialogue/binding.hpp"
#include "protocols/dialogue/content.hpp"

#include "protocols/common/hex.hpp"

namespace ngn::dialogue {

std::string_view to_string(step s) noexcept {
  switch (s) {
    case step::reg_request: return "registration request";
    case step::challenge: return "registration failure response (challenge)";
    case step::reg_message: return "registration message";
    case step::success: return "registration success response";
    case step::rejection: return "rejection";
    case step::refusal: return "key refusal";
    case step::ack: return "acknowledgement";
    case step::keepalive: return "keepalive";
    case step::keepalive_answer: return "keepalive answer";
    case step::deregistration: return "de-registration";
    case step::deregistered: return "de-registration answer";
  }
  return "?";
}

std::optional<bytes> proof_from_hex(std::string_view text, std::size_t size) {
  if (text.empty()) return std::nullopt;
  bytes b(size);
  if (!from_hex(text, b.data(), b.size())) b.clear();
  return b;
}

std::string address::host() const {
  return std::to_string(ipv4 >> 24) + "." + std::to_string((ipv4 >> 16) & 0xff) + "."
         + std::to_string((ipv4 >> 8) & 0xff) + "." + std::to_string(ipv4 & 0xff);
}

std::string address::host_port() const { return host() + ":" + std::to_string(port); }

} // namespace ngn::dialogue
