#include "elements/mvw.hpp"

#include <array>
#include <string>

namespace ngn::elements {

block<crypto::mvw_size> compute_mvw(const crypto::key128& sk, std::string_view identity,
                                    const ngn::session_id& session_id,
                                    const ngn::mechanism_list& offered,
                                    const ngn::mechanism_list& edge, std::string_view chosen,
                                    byte_view wrapped_t, std::uint32_t terminal_spi,
                                    std::uint32_t edge_spi) {
  const auto be32 = [](std::uint32_t v) {
    return std::array<std::uint8_t, 4>{static_cast<std::uint8_t>(v >> 24),
                                       static_cast<std::uint8_t>(v >> 16),
                                       static_cast<std::uint8_t>(v >> 8),
                                       static_cast<std::uint8_t>(v)};
  };
  const auto tspi = be32(terminal_spi), espi = be32(edge_spi);
  const std::string offered_text = ngn::format_mechanisms(offered);
  const std::string edge_text = ngn::format_mechanisms(edge);
  return crypto::message_verification_word(
    sk, {byte_view{identity}, byte_view{session_id.bytes.data(), session_id.bytes.size()}, byte_view{offered_text},
         byte_view{edge_text}, byte_view{chosen}, wrapped_t, byte_view{tspi.data(), 4},
         byte_view{espi.data(), 4}});
}

} // namespace ngn::elements
