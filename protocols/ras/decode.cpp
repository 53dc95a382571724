// Decoding of RasMessage (H.225.0 12/2009 §7): GRQ, GCF, GRJ, RRQ, RCF, RRJ, URQ, UCF, URJ, each
// SEQUENCE as layout.hpp describes it (the reasons in decode_reasons.cpp).
#include "protocols/ras/codec.hpp"
#include "protocols/ras/layout.hpp"

#include <array>
#include <utility>
#include <variant>

namespace ngn::ras {

namespace detail {
namespace {

template <class M>
result<ras_message> read_message(bit_reader& r) {
  M m;
  if (auto res = read_sequence(r, m); !res) return res.error();
  return ras_message{std::move(m)};
}

/// The decoder of each alternative, by RasMessage root index.
template <std::size_t... I>
constexpr auto message_readers(std::index_sequence<I...>) {
  return std::array<result<ras_message> (*)(bit_reader&), sizeof...(I)>{
    &read_message<std::variant_alternative_t<I, ras_message>>...};
}

constexpr auto readers =
  message_readers(std::make_index_sequence<std::variant_size_v<ras_message>>{});

} // namespace
} // namespace detail

// RasMessage ::= CHOICE {25 root alternatives, ..., requestInProgress, ...}
result<ras_message> decode(const std::uint8_t* data, std::size_t size) {
  if (size > limits::max_message_size)
    return make_error(errc::limit_exceeded, 0, "RAS message larger than one UDP datagram");
  bit_reader r(data, size);
  auto c = r.choice(25, true);
  if (!c) return std::move(c).error();
  if (c->extension)
    return r.error(errc::unsupported, "RasMessage extension alternative not supported");
  if (c->index >= detail::readers.size())
    return make_error(errc::unsupported, 0, "RasMessage alternative not supported");
  return detail::readers[c->index](r);
}

} // namespace ngn::ras
