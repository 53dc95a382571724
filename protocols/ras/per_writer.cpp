// ALIGNED PER writer (ITU-T X.691 aligned variant); clause numbers are those of X.691 (02/2021).
#include "protocols/ras/per.hpp"
#include "protocols/ras/per_detail.hpp"

namespace ngn::ras {

using namespace per_detail;

// ---- bit_writer --------------------------------------------------------------------------

codec_error bit_writer::error(errc kind, const char* detail) const {
  return make_error(kind, buf_.size(), detail);
}

void bit_writer::octets(const std::uint8_t* data, std::size_t n) {
  if (free_ == 0) {
    buf_.insert(buf_.end(), data, data + n);
    return;
  }
  for (std::size_t i = 0; i < n; ++i) bits(data[i], 8);
}

result<void> bit_writer::constrained_whole_number(std::uint64_t value, std::uint64_t lb,
                                                  std::uint64_t ub) {
  if (value < lb || value > ub) return error(errc::invalid_model, "integer out of range");
  const std::uint64_t span = ub - lb;
  const std::uint64_t v = value - lb;
  if (span == 0) return {};
  if (span < 255) {
    bits(v, bit_width(span));
  } else if (span == 255) {
    align();
    bits(v, 8);
  } else if (span < k64) {
    align();
    bits(v, 16);
  } else {
    unsigned len = octets_for(v);
    bits(len - 1, bit_width(octets_for(span) - 1));
    align();
    bits(v, 8 * len);
  }
  return {};
}

void bit_writer::normally_small_number(std::uint64_t value) {
  if (value <= 63) {
    bits(value, 7);  // leading 0 + 6 bits
    return;
  }
  bit(true);
  unsigned len = octets_for(value);
  (void)length_determinant(len);  // ≤ 8: cannot fail
  bits(value, 8 * len);
}

result<void> bit_writer::normally_small_length(std::size_t n) {
  if (n == 0) return error(errc::invalid_model, "normally small length of 0");
  if (n <= 64) {
    bits(n - 1, 7);
    return {};
  }
  bit(true);
  return length_determinant(n);
}

result<void> bit_writer::length_determinant(std::size_t n) {
  align();
  if (n < 128) {
    bits(n, 8);
  } else if (n <= limits::max_length) {
    bits(0x8000 | n, 16);
  } else {
    return error(errc::limit_exceeded, "length needs fragmentation (16K or more)");
  }
  return {};
}

result<void> bit_writer::constrained_length(std::size_t n, std::size_t lb, std::size_t ub) {
  if (n < lb || n > ub) return error(errc::invalid_model, "size out of range");
  if (lb == ub && ub < k64) return {};
  if (ub < k64) return constrained_whole_number(n, lb, ub);
  return length_determinant(n);
}

result<void> bit_writer::choice(std::uint64_t index, std::uint64_t root_count, bool extensible) {
  if (index >= root_count) return error(errc::invalid_model, "CHOICE index out of range");
  if (extensible) bit(false);
  return constrained_whole_number(index, 0, root_count - 1);
}

void bit_writer::unconstrained_integer(std::int64_t value) {
  unsigned len = 1;
  while (len < 8) {
    const std::int64_t lim = std::int64_t{1} << (8 * len - 1);
    if (value >= -lim && value < lim) break;
    ++len;
  }
  (void)length_determinant(len);
  bits(static_cast<std::uint64_t>(value), 8 * len);
}

result<void> bit_writer::object_id(const object_identifier& oid) {
  const auto& a = oid.arcs;
  if (a.size() < 2 || a[0] > 2 || (a[0] < 2 && a[1] > 39))
    return error(errc::invalid_model, "OBJECT IDENTIFIER needs arcs {0..2, ...} (X.690 §8.19)");
  std::uint8_t buf[limits::max_oid_octets];
  std::size_t len = 0;
  for (std::size_t i = 1; i < a.size(); ++i) {
    const std::uint64_t sub = i == 1 ? std::uint64_t{a[0]} * 40 + a[1] : a[i];
    unsigned groups = (bit_width(sub) + 6) / 7;
    if (groups == 0) groups = 1;
    if (len + groups > limits::max_oid_octets)
      return error(errc::limit_exceeded, "OBJECT IDENTIFIER too long");
    for (unsigned g = groups; g-- > 0;)
      buf[len++] = static_cast<std::uint8_t>(((sub >> (7 * g)) & 0x7F) | (g != 0 ? 0x80 : 0));
  }
  if (auto r = length_determinant(len); !r) return r;
  octets(buf, len);
  return {};
}

result<void> bit_writer::octet_string(const std::uint8_t* data, std::size_t n, std::size_t lb,
                                      std::size_t ub) {
  if (auto r = constrained_length(n, lb, ub); !r) return r;
  if (!(lb == ub && ub < k64 && n <= 2)) align();
  octets(data, n);
  return {};
}

void bit_writer::fixed_octet_string(const std::uint8_t* data, std::size_t n) {
  if (n > 2) align();
  octets(data, n);
}

result<void> bit_writer::bit_string(const ras::bit_string& b, std::size_t lb, std::size_t ub) {
  const std::size_t n = b.bit_length;
  if (b.data.size() != (n + 7) / 8)
    return error(errc::invalid_model, "BIT STRING data size does not match its bit length");
  if (n % 8 != 0 && (b.data.back() & ((1u << (8 - n % 8)) - 1)) != 0)
    return error(errc::invalid_model, "BIT STRING has bits set after its length");
  if (auto r = constrained_length(n, lb, ub); !r) return r;
  if (!(lb == ub && ub < k64 && n <= 16)) align();
  octets(b.data.data(), n / 8);
  if (n % 8 != 0) bits(static_cast<std::uint64_t>(b.data.back() >> (8 - n % 8)), n % 8);
  return {};
}

result<void> bit_writer::string_length(std::size_t n, std::size_t lb, std::size_t ub, unsigned b) {
  if (auto r = constrained_length(n, lb, ub); !r) return r;
  if (lb == ub && ub < k64) {
    if (ub * b > 16) align();
  } else if (ub >= k64 || ub * b > 16) {
    align();
  }
  return {};
}

result<void> bit_writer::bmp_string(const std::u16string& s, std::size_t lb, std::size_t ub) {
  if (auto r = string_length(s.size(), lb, ub, 16); !r) return r;
  for (char16_t c : s) bits(c, 16);
  return {};
}

result<void> bit_writer::ia5_string(const std::string& s, std::size_t lb, std::size_t ub) {
  for (char c : s)
    if (static_cast<unsigned char>(c) > 127)
      return error(errc::invalid_model, "IA5String character above 127");
  if (auto r = string_length(s.size(), lb, ub, 8); !r) return r;
  for (char c : s) bits(static_cast<unsigned char>(c), 8);
  return {};
}

result<void> bit_writer::restricted_string(const std::string& s, std::size_t lb, std::size_t ub,
                                           std::string_view alphabet) {
  const unsigned b = bits_per_char(alphabet.size());
  const bool by_index = static_cast<unsigned char>(alphabet.back()) >= (1u << b);
  for (char c : s)
    if (alphabet.find(c) == std::string_view::npos)
      return error(errc::invalid_model, "character outside the permitted alphabet");
  if (auto r = string_length(s.size(), lb, ub, b); !r) return r;
  for (char c : s)
    bits(by_index ? alphabet.find(c) : static_cast<unsigned char>(c), b);
  return {};
}

std::size_t bit_writer::begin_open_type() {
  align();
  buf_.push_back(0);  // length placeholder; widened by end_open_type if needed
  return buf_.size() - 1;
}

result<void> bit_writer::end_open_type(std::size_t mark) {
  align();
  std::size_t len = buf_.size() - mark - 1;
  if (len == 0) {  // §11.1: an empty encoding is one 00 octet
    buf_.push_back(0);
    len = 1;
  }
  if (len < 128) {
    buf_[mark] = static_cast<std::uint8_t>(len);
  } else if (len <= limits::max_length) {
    buf_[mark] = static_cast<std::uint8_t>(0x80 | (len >> 8));
    buf_.insert(buf_.begin() + static_cast<std::ptrdiff_t>(mark) + 1,
                static_cast<std::uint8_t>(len & 0xFF));
  } else {
    return error(errc::limit_exceeded, "open type needs fragmentation (16K or more)");
  }
  return {};
}

result<void> bit_writer::open_type(const bytes& encoding) {
  if (auto r = length_determinant(encoding.size()); !r) return r;
  octets(encoding.data(), encoding.size());
  return {};
}

std::vector<std::uint8_t> bit_writer::finish() && {
  if (buf_.empty()) buf_.push_back(0);
  free_ = 0;
  return std::move(buf_);
}

} // namespace ngn::ras
