#include "elements/sa.hpp"

namespace ngn::elements {

std::string_view to_string(esp_drop d) noexcept {
  switch (d) {
    case esp_drop::malformed: return "malformed";
    case esp_drop::unknown_spi: return "unknown SPI";
    case esp_drop::replayed: return "replayed";
    case esp_drop::bad_icv: return "bad ICV";
    case esp_drop::misdirected: return "misdirected";
  }
  return "?";
}

sa_pair make_sa_pair(sa_side side, const crypto::key128& sk, const ngn::session_id& session_id,
                     esp::transform t, std::uint32_t inbound_spi, std::uint32_t outbound_spi) {
  // The terminal sends terminal-to-edge and receives edge-to-terminal; the edge the reverse.
  sa_pair p;
  p.in.spi = inbound_spi;
  auto keys = crypto::derive_esp_key_pair(sk, session_id, t);
  const bool terminal = side == sa_side::terminal;
  p.in.keys = std::move(terminal ? keys.edge_to_terminal : keys.terminal_to_edge);
  p.out.spi = outbound_spi;
  p.out.keys = std::move(terminal ? keys.terminal_to_edge : keys.edge_to_terminal);
  return p;
}

std::string seal(sa_outbound& out, std::uint16_t src_port, std::uint16_t dst_port,
                 std::string_view message) {
  if (!out.keys) return {};
  auto block = esp::build_plaintext_block(src_port, dst_port, byte_view{message});
  if (!block) return {};
  auto seq = out.seq.next();
  if (!seq) return {};
  auto packet = crypto::esp_seal(*out.keys, out.spi, *seq, byte_view{*block});
  return std::string(packet.begin(), packet.end());
}

std::optional<std::uint32_t> spi_of(std::string_view packet) noexcept {
  auto h = esp::read_header(byte_view{packet});
  if (!h) return std::nullopt;
  return h->spi;
}

std::optional<sa_datagram> open(sa_inbound& in, std::string_view packet, esp_drop& why) {
  auto h = esp::read_header(byte_view{packet});
  if (!h) {
    why = esp_drop::malformed;
    return std::nullopt;
  }
  if (!in.keys || h->spi != in.spi) {
    why = esp_drop::unknown_spi;
    return std::nullopt;
  }
  // RFC 4303 §3.4.3: the window is checked before the ICV and moves only after it verified.
  if (in.window.check(h->seq) != esp::replay_window::verdict::fresh) {
    why = esp_drop::replayed;
    return std::nullopt;
  }
  auto block = crypto::esp_open(*in.keys, byte_view{packet});
  if (!block) {
    why = block.error().kind == errc::incomplete ? esp_drop::malformed : esp_drop::bad_icv;
    return std::nullopt;
  }
  in.window.record(h->seq);
  auto d = esp::parse_plaintext_block(byte_view{*block});
  if (!d) {
    why = esp_drop::malformed;
    return std::nullopt;
  }
  sa_datagram out;
  out.src_port = d->src_port;
  out.dst_port = d->dst_port;
  out.message.assign(reinterpret_cast<const char*>(d->message.data()), d->message.size());
  return out;
}

} // namespace ngn::elements
