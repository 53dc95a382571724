#include "elements/mvw.hpp"

#include <string>

namespace ngn::elements {

block<crypto::mvw_size> compute_mvw(const crypto::key128& sk, std::string_view identity,
                                    std::uint32_t session_id,
                                    const ngn::mechanism_list& offered,
                                    const ngn::mechanism_list& edge, std::string_view chosen,
                                    byte_view wrapped_t) {
  const std::uint8_t sid[4] = {static_cast<std::uint8_t>(session_id >> 24),
                               static_cast<std::uint8_t>(session_id >> 16),
                               static_cast<std::uint8_t>(session_id >> 8),
                               static_cast<std::uint8_t>(session_id)};
  const std::string offered_text = ngn::format_mechanisms(offered);
  const std::string edge_text = ngn::format_mechanisms(edge);
  return crypto::message_verification_word(
    sk, {byte_view{identity}, byte_view{sid, 4}, byte_view{offered_text}, byte_view{edge_text},
         byte_view{chosen}, wrapped_t});
}

} // namespace ngn::elements
