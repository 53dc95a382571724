// libFuzzer harness for ESP (protocols/esp, crypto/esp): the header read, the plaintext block's
// checks, esp_open under fixed keys of both transforms, the replay window and the key-log line
// must never crash; what they accept must hold together (abort otherwise):
//  - a block that parses rebuilds to the same bytes when its padding is minimal;
//  - a packet that opens seals again to the same bytes (hmac-sha256 always, aes-gcm when its IV
//    is 00 00 00 00 ‖ seq, as esp_seal writes it);
//  - a sequence number recorded as fresh is then a replay.
// The corpus (tests/fuzz/corpus/esp/) holds packets sealed under these keys: SK 00 01 .. 0f,
// session id 1, terminal-to-edge.
#include "crypto/esp.hpp"
#include "protocols/esp/keylog.hpp"
#include "protocols/esp/packet.hpp"
#include "protocols/esp/replay_window.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

namespace {

using namespace ngn;

const crypto::esp_keys& keys(esp::transform t) {
  static const crypto::key128 sk{block<16>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}};
  static const crypto::esp_keys gcm = crypto::derive_esp_keys(
    sk, ngn::session_id::of_number(1), esp::transform::aes_gcm_16, crypto::esp_direction::terminal_to_edge);
  static const crypto::esp_keys hmac = crypto::derive_esp_keys(
    sk, ngn::session_id::of_number(1), esp::transform::null_hmac_sha256_128, crypto::esp_direction::terminal_to_edge);
  return t == esp::transform::aes_gcm_16 ? gcm : hmac;
}

void check_block(byte_view block) {
  auto d = esp::parse_plaintext_block(block);
  if (!d) {
    if (d.error().offset > block.size()) std::abort();
    return;
  }
  if (d->message.data() < block.data() || d->message.end() > block.end()) std::abort();
  if (block.size() != esp::plaintext_block_size(d->message.size())) return; // longer padding
  auto again = esp::build_plaintext_block(d->src_port, d->dst_port, d->message);
  if (!again || again->size() != block.size()) std::abort();
  for (std::size_t i = 0; i < block.size(); ++i)
    if ((*again)[i] != block[i]) std::abort();
}

void check_open(esp::transform t, byte_view packet) {
  auto opened = crypto::esp_open(keys(t), packet);
  if (!opened) {
    if (opened.error().offset > packet.size()) std::abort();
    return;
  }
  check_block(*opened);
  const std::uint32_t spi = (std::uint32_t{packet[0]} << 24) | (std::uint32_t{packet[1]} << 16)
                            | (std::uint32_t{packet[2]} << 8) | packet[3];
  const std::uint32_t seq = (std::uint32_t{packet[4]} << 24) | (std::uint32_t{packet[5]} << 16)
                            | (std::uint32_t{packet[6]} << 8) | packet[7];
  if (t == esp::transform::aes_gcm_16) {
    const std::uint8_t* iv = packet.data() + 8;
    if (iv[0] || iv[1] || iv[2] || iv[3] || iv[4] != packet[4] || iv[5] != packet[5]
        || iv[6] != packet[6] || iv[7] != packet[7])
      return; // another sender's IV choice: authentic, but not esp_seal's
  }
  const bytes again = crypto::esp_seal(keys(t), spi, seq, *opened);
  if (again.size() != packet.size()) std::abort();
  for (std::size_t i = 0; i < packet.size(); ++i)
    if (again[i] != packet[i]) std::abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const byte_view in{data, size};

  auto h = esp::read_header(in);
  if (h) {
    esp::replay_window w;
    w.record(h->seq / 2);
    if (w.check(h->seq) == esp::replay_window::verdict::fresh) {
      w.record(h->seq);
      if (w.check(h->seq) != esp::replay_window::verdict::replayed) std::abort();
    }
  } else if (h.error().offset > size) {
    std::abort();
  }

  check_block(in);
  check_open(esp::transform::aes_gcm_16, in);
  check_open(esp::transform::null_hmac_sha256_128, in);

  // The key log accepts only dotted quads or "*" as addresses.
  const std::string_view text{reinterpret_cast<const char*>(data), size < 20 ? size : 20};
  auto line = esp::esp_sa_line({text, "*", 0x1001, esp::transform::aes_gcm_16,
                                keys(esp::transform::aes_gcm_16).material()});
  if (line) {
    for (char c : text)
      if (!(c == '.' || c == '*' || (c >= '0' && c <= '9'))) std::abort();
  }
  return 0;
}
