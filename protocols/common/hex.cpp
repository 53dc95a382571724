#include "protocols/common/hex.hpp"

namespace ngn {

namespace {

constexpr char hex_lower[] = "0123456789abcdef";
constexpr char hex_upper[] = "0123456789ABCDEF";
constexpr char b64_alphabet[] =
  "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

// Value of each octet as a hex digit / base64 character (RFC 4648 §4), -1 for any other octet:
// one table lookup per character on the codecs' decode paths.
struct digit_tables {
  signed char hex[256];
  signed char b64[256];
  constexpr digit_tables() : hex(), b64() {
    for (int c = 0; c < 256; ++c) hex[c] = b64[c] = -1;
    for (int c = 0; c < 10; ++c) hex['0' + c] = static_cast<signed char>(c);
    for (int c = 0; c < 6; ++c) {
      hex['a' + c] = static_cast<signed char>(10 + c);
      hex['A' + c] = static_cast<signed char>(10 + c);
    }
    for (int i = 0; i < 64; ++i) b64[static_cast<unsigned char>(b64_alphabet[i])] = static_cast<signed char>(i);
  }
};
constexpr digit_tables tables{};

int hex_value(char c) noexcept { return tables.hex[static_cast<unsigned char>(c)]; }

int b64_value(char c) noexcept { return tables.b64[static_cast<unsigned char>(c)]; }

} // namespace

std::string to_hex(const std::uint8_t* data, std::size_t n, hex_case c) {
  std::string out;
  append_hex(out, byte_view{data, n}, c);
  return out;
}

void append_hex(std::string& out, byte_view b, hex_case c) {
  const char* digits = c == hex_case::upper ? hex_upper : hex_lower;
  const std::size_t at = out.size();
  out.resize(at + 2 * b.size());
  for (std::size_t i = 0; i < b.size(); ++i) {
    out[at + 2 * i] = digits[b[i] >> 4];
    out[at + 2 * i + 1] = digits[b[i] & 0x0f];
  }
}

std::string to_hex_number(std::uint64_t v, std::size_t digits, hex_case c) {
  const char* table = c == hex_case::upper ? hex_upper : hex_lower;
  std::string out(digits, '0');
  for (std::size_t i = digits; i > 0 && v != 0; --i, v >>= 4) out[i - 1] = table[v & 15];
  return out;
}

std::optional<std::uint64_t> parse_hex_number(std::string_view text) noexcept {
  if (text.empty() || text.size() > 16) return std::nullopt;
  std::uint64_t v = 0;
  for (char ch : text) {
    const int d = hex_value(ch);
    if (d < 0) return std::nullopt;
    v = v << 4 | static_cast<std::uint64_t>(d);
  }
  return v;
}

bool from_hex(std::string_view text, std::uint8_t* out, std::size_t n) {
  if (text.size() != 2 * n) return false;
  for (std::size_t i = 0; i < n; ++i) {
    int hi = hex_value(text[2 * i]);
    int lo = hex_value(text[2 * i + 1]);
    if (hi < 0 || lo < 0) return false;
    out[i] = static_cast<std::uint8_t>((hi << 4) | lo);
  }
  return true;
}

std::optional<bytes> from_hex(std::string_view text) {
  if (text.size() % 2 != 0) return std::nullopt;
  bytes out(text.size() / 2);
  if (!from_hex(text, out.data(), out.size())) return std::nullopt;
  return out;
}

std::string to_base64(const std::uint8_t* data, std::size_t n) {
  std::string out;
  out.reserve((n + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 3 <= n; i += 3) {
    std::uint32_t v = (std::uint32_t{data[i]} << 16) | (std::uint32_t{data[i + 1]} << 8) | data[i + 2];
    out += b64_alphabet[(v >> 18) & 63];
    out += b64_alphabet[(v >> 12) & 63];
    out += b64_alphabet[(v >> 6) & 63];
    out += b64_alphabet[v & 63];
  }
  if (n - i == 1) {
    std::uint32_t v = std::uint32_t{data[i]} << 16;
    out += b64_alphabet[(v >> 18) & 63];
    out += b64_alphabet[(v >> 12) & 63];
    out += "==";
  } else if (n - i == 2) {
    std::uint32_t v = (std::uint32_t{data[i]} << 16) | (std::uint32_t{data[i + 1]} << 8);
    out += b64_alphabet[(v >> 18) & 63];
    out += b64_alphabet[(v >> 12) & 63];
    out += b64_alphabet[(v >> 6) & 63];
    out += '=';
  }
  return out;
}

std::optional<bytes> from_base64(std::string_view text) {
  if (text.size() % 4 != 0) return std::nullopt;
  bytes out(text.size() / 4 * 3);
  std::size_t n = 0;
  for (std::size_t i = 0; i < text.size(); i += 4) {
    int v[4];
    int pad = 0;
    for (int j = 0; j < 4; ++j) {
      char c = text[i + j];
      if (c == '=') {
        // Padding only in the last quantum, only in its last two positions.
        if (i + 4 != text.size() || j < 2) return std::nullopt;
        v[j] = 0;
        ++pad;
      } else {
        if (pad > 0) return std::nullopt;
        v[j] = b64_value(c);
        if (v[j] < 0) return std::nullopt;
      }
    }
    std::uint32_t q = (std::uint32_t(v[0]) << 18) | (std::uint32_t(v[1]) << 12)
                      | (std::uint32_t(v[2]) << 6) | std::uint32_t(v[3]);
    out[n++] = static_cast<std::uint8_t>(q >> 16);
    if (pad < 2) out[n++] = static_cast<std::uint8_t>(q >> 8);
    if (pad < 1) out[n++] = static_cast<std::uint8_t>(q);
  }
  out.resize(n);
  return out;
}

} // namespace ngn
