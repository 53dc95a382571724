#include "protocols/common/session_id.hpp"

#include "protocols/common/hex.hpp"

#include <ostream>

namespace ngn {

bool session_id::none() const noexcept {
  for (auto b : bytes)
    if (b != 0) return false;
  return true;
}

std::string session_id::hex(bool upper) const {
  if (none()) return {};
  return to_hex(bytes, upper ? hex_case::upper : hex_case::lower);
}

std::optional<session_id> session_id::parse(std::string_view text) noexcept {
  session_id s;
  if (text.size() != 2 * size || !from_hex(text, s.bytes.data(), size)) return std::nullopt;
  return s;
}

std::optional<session_id> session_id::from_bytes(const std::uint8_t* data, std::size_t n) noexcept {
  if (n != size || data == nullptr) return std::nullopt;
  session_id s;
  for (std::size_t i = 0; i < size; ++i) s.bytes[i] = data[i];
  return s;
}

std::uint32_t session_id::high32() const noexcept {
  return (std::uint32_t{bytes[0]} << 24) | (std::uint32_t{bytes[1]} << 16)
         | (std::uint32_t{bytes[2]} << 8) | bytes[3];
}

session_id session_id::of_number(std::uint32_t v) noexcept {
  session_id s;
  for (int i = 0; i < 4; ++i) s.bytes[15 - i] = static_cast<std::uint8_t>(v >> (8 * i));
  return s;
}

std::ostream& operator<<(std::ostream& os, const session_id& s) {
  return os << (s.none() ? std::string("none") : s.hex());
}

} // namespace ngn
