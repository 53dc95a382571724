#include "storage/hex_text.hpp"

namespace ngn::storage {

namespace {

int nibble(char c) noexcept {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

} // namespace

void hex_append(std::string& out, byte_view v, bool upper) {
  const char* digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
  out.reserve(out.size() + 2 * v.size());
  for (std::uint8_t b : v) {
    out.push_back(digits[b >> 4]);
    out.push_back(digits[b & 0x0f]);
  }
}

std::string hex_encode(byte_view v, bool upper) {
  std::string s;
  hex_append(s, v, upper);
  return s;
}

bool hex_decode(std::string_view text, std::uint8_t* out, std::size_t n) noexcept {
  if (text.size() != 2 * n) return false;
  for (std::size_t i = 0; i < n; ++i) {
    int hi = nibble(text[2 * i]);
    int lo = nibble(text[2 * i + 1]);
    if (hi < 0 || lo < 0) return false;
    out[i] = static_cast<std::uint8_t>(hi << 4 | lo);
  }
  return true;
}

} // namespace ngn::storage
