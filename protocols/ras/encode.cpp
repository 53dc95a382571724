// Encoding of RasMessage (H.225.0 12/2009 §7): GRQ, GCF, GRJ, RRQ, RCF, RRJ, URQ, UCF, URJ, each
// SEQUENCE as layout.hpp describes it (the reasons in encode_reasons.cpp).
#include "protocols/ras/codec.hpp"
#include "protocols/ras/layout.hpp"

namespace ngn::ras {

result<std::vector<std::uint8_t>> encode(const ras_message& msg) {
  bit_writer w;
  w.reserve(256);
  if (auto r = w.choice(msg.index(), 25, true); !r) return r.error();  // RasMessage root index
  auto r = std::visit([&](const auto& m) { return detail::write_sequence(w, m); }, msg);
  if (!r) return r.error();
  if (w.buffer().size() > limits::max_message_size)
    return w.error(errc::limit_exceeded, "RAS message larger than one UDP datagram");
  return std::move(w).finish();
}

} // namespace ngn::ras
