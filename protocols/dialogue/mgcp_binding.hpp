// The MGCP binding of the registration dialogue (DESIGN.md §1.1). Placeholder until implemented:
// every operation fails or produces nothing.
#pragma once

#include "protocols/dialogue/binding.hpp"

namespace ngn::dialogue {

class mgcp_binding final : public binding {
public:
  protocol proto() const noexcept override;
  result<inbound> decode(std::string_view wire) const override;
  std::string malformed_answer(std::string_view wire, const codec_error& err,
                               address local) const override;
  std::string reg_request(const terminal_view& t) const override;
  std::string reg_message(const terminal_view& t, const inbound& challenge,
                          const res_t& res) const override;
  std::string resync_message(const terminal_view& t, const inbound& challenge,
                             const auts_t& auts) const override;
  std::string auth_failure(const terminal_view& t, const inbound& challenge) const override;
  std::string refusal(const terminal_view& t, const inbound& challenge, const inbound& success,
                      const res_t& res, std::string_view reason) const override;
  std::string challenge(const inbound& request, const challenge_fields& f) const override;
  bool verify(const inbound& msg, const res_t& xres, const rand_t& rand) const override;
  std::string success(const inbound& reg_message, const success_fields& f) const override;
  std::string rejection(const inbound& msg, code c, std::string_view reason,
                        address local) const override;
  std::string relay(const inbound& msg, const relay_edit& edit) const override;
};

} // namespace ngn::dialogue
