// ALIGNED PER reader (ITU-T X.691 aligned variant); clause numbers are those of X.691 (02/2021).
#include "protocols/ras/per.hpp"
#include "protocols/ras/per_detail.hpp"

#include <cstring>

namespace ngn::ras {

using namespace per_detail;

// ---- bit_reader --------------------------------------------------------------------------

codec_error bit_reader::error(errc kind, const char* detail) const {
  return make_error(kind, pos_ / 8, detail);
}

codec_error bit_reader::short_input() const {
  if (nested_) return error(errc::malformed, "open type ends before its contents");
  return error(errc::incomplete, "message ends early");
}

std::uint64_t bit_reader::take(unsigned n) noexcept {
  std::uint64_t v = 0;
  const std::uint8_t* p = data_ + pos_ / 8;
  const unsigned off = static_cast<unsigned>(pos_ % 8);
  pos_ += n;
  if (off != 0) {  // the rest of a partly read octet
    const unsigned avail = 8 - off;
    const unsigned t = n < avail ? n : avail;
    v = (*p >> (avail - t)) & ((1u << t) - 1);
    n -= t;
    ++p;
  }
  for (; n >= 8; n -= 8) v = (v << 8) | *p++;
  if (n != 0) v = (v << n) | (*p >> (8 - n));
  return v;
}

void bit_reader::align() noexcept {
  pos_ = (pos_ + 7) & ~static_cast<std::size_t>(7);  // end_ is a multiple of 8: stays in range
}

result<void> bit_reader::octets(std::uint8_t* out, std::size_t n) {
  if (n > bits_left() / 8) return short_input();
  if (aligned()) {
    if (n != 0) std::memcpy(out, data_ + pos_ / 8, n);
    pos_ += n * 8;
    return {};
  }
  for (std::size_t i = 0; i < n; ++i) {
    auto b = bits(8);
    if (!b) return std::move(b).error();
    out[i] = static_cast<std::uint8_t>(*b);
  }
  return {};
}

// §10.5.7
result<std::uint64_t> bit_reader::constrained_whole_number(std::uint64_t lb, std::uint64_t ub) {
  if (ub < lb) return error(errc::malformed, "empty constraint");
  const std::uint64_t span = ub - lb;  // range - 1
  if (span == 0) return lb;
  result<std::uint64_t> v = std::uint64_t{0};
  if (span < 255) {  // §10.5.7.1 bit-field
    v = bits(bit_width(span));
  } else if (span == 255) {  // §10.5.7.2 one octet, aligned
    align();
    v = bits(8);
  } else if (span < k64) {  // §10.5.7.3 two octets, aligned
    align();
    v = bits(16);
  } else {  // §10.5.7.4 indefinite-length case: octet count as a bit-field, then aligned octets
    unsigned max_octets = octets_for(span);
    auto len = bits(bit_width(max_octets - 1));
    if (!len) return std::move(len).error();
    if (*len + 1 > max_octets) return error(errc::malformed, "integer length out of range");
    align();
    v = bits(static_cast<unsigned>(8 * (*len + 1)));
  }
  if (!v) return std::move(v).error();
  if (*v > span) return error(errc::malformed, "integer out of range");
  return lb + *v;
}

// §10.6
result<std::uint64_t> bit_reader::normally_small_number() {
  auto large = bit();
  if (!large) return std::move(large).error();
  if (!*large) return bits(6);
  // §10.6.2: semi-constrained whole number (§10.7), lb 0
  auto len = length_determinant();
  if (!len) return std::move(len).error();
  if (*len == 0) return error(errc::malformed, "empty integer");
  if (*len > 8) return error(errc::limit_exceeded, "integer longer than 8 octets");
  return bits(static_cast<unsigned>(8 * *len));
}

// §10.9.3.4
result<std::size_t> bit_reader::normally_small_length() {
  auto large = bit();
  if (!large) return std::move(large).error();
  if (*large) return length_determinant();
  auto v = bits(6);
  if (!v) return std::move(v).error();
  return static_cast<std::size_t>(*v + 1);
}

// §10.9.3.5–8 (aligned variant: the determinant is octet-aligned)
result<std::size_t> bit_reader::length_determinant() {
  align();
  auto b0 = bits(8);
  if (!b0) return std::move(b0).error();
  if ((*b0 & 0x80) == 0) return static_cast<std::size_t>(*b0);
  if ((*b0 & 0xC0) == 0x80) {
    auto b1 = bits(8);
    if (!b1) return std::move(b1).error();
    return static_cast<std::size_t>(((*b0 & 0x3F) << 8) | *b1);
  }
  return error(errc::limit_exceeded, "fragmented length (16K blocks) not supported");
}

// §10.9.4.1 / §10.9.3.3
result<std::size_t> bit_reader::constrained_length(std::size_t lb, std::size_t ub) {
  if (lb == ub && ub < k64) return lb;
  if (ub < k64) {
    auto v = constrained_whole_number(lb, ub);
    if (!v) return std::move(v).error();
    return static_cast<std::size_t>(*v);
  }
  auto n = length_determinant();
  if (!n) return n;
  if (*n < lb || *n > ub) return error(errc::malformed, "size out of range");
  return n;
}

// §23
result<choice_index> bit_reader::choice(std::uint64_t root_count, bool extensible) {
  choice_index c;
  if (extensible) {
    auto ext = bit();
    if (!ext) return std::move(ext).error();
    c.extension = *ext;
  }
  if (c.extension) {
    auto idx = normally_small_number();
    if (!idx) return std::move(idx).error();
    if (*idx > limits::max_extension_index)
      return error(errc::limit_exceeded, "extension alternative index too large");
    c.index = *idx;
    return c;
  }
  auto idx = constrained_whole_number(0, root_count - 1);
  if (!idx) return std::move(idx).error();
  c.index = *idx;
  return c;
}

// §12.2.6, §10.8
result<std::int64_t> bit_reader::unconstrained_integer() {
  auto len = length_determinant();
  if (!len) return std::move(len).error();
  if (*len == 0) return error(errc::malformed, "empty integer");
  if (*len > 8) return error(errc::limit_exceeded, "integer longer than 8 octets");
  unsigned nbits = static_cast<unsigned>(8 * *len);
  auto u = bits(nbits);
  if (!u) return std::move(u).error();
  std::uint64_t v = *u;
  if (nbits < 64 && ((v >> (nbits - 1)) & 1) != 0) v |= ~std::uint64_t{0} << nbits;
  return static_cast<std::int64_t>(v);
}

// §24; X.690 §8.19 contents
result<object_identifier> bit_reader::object_id() {
  auto len = length_determinant();
  if (!len) return std::move(len).error();
  if (*len == 0) return error(errc::malformed, "empty OBJECT IDENTIFIER");
  if (*len > limits::max_oid_octets) return error(errc::limit_exceeded, "OBJECT IDENTIFIER too long");
  std::uint8_t buf[limits::max_oid_octets];
  const std::size_t start = byte_offset();
  if (auto r = octets(buf, *len); !r) return r.error();
  object_identifier oid;
  oid.arcs.reserve(*len + 1);
  std::uint64_t sub = 0;
  bool in_sub = false;
  for (std::size_t i = 0; i < *len; ++i) {
    const std::uint8_t b = buf[i];
    if (!in_sub && b == 0x80)
      return make_error(errc::malformed, start + i, "OBJECT IDENTIFIER arc not minimal");
    if (sub > (std::uint64_t{1} << 40))
      return make_error(errc::unsupported, start + i, "OBJECT IDENTIFIER arc too large");
    sub = (sub << 7) | (b & 0x7F);
    in_sub = (b & 0x80) != 0;
    if (in_sub) continue;
    if (oid.arcs.empty()) {  // X.690 §8.19.4: the first subidentifier holds two arcs
      const std::uint64_t first = sub < 40 ? 0 : sub < 80 ? 1 : 2;
      sub -= first * 40;
      oid.arcs.push_back(static_cast<std::uint32_t>(first));
    }
    if (sub > 0xFFFFFFFFu)
      return make_error(errc::unsupported, start + i, "OBJECT IDENTIFIER arc above 2^32");
    oid.arcs.push_back(static_cast<std::uint32_t>(sub));
    sub = 0;
  }
  if (in_sub) return make_error(errc::malformed, start + *len - 1, "OBJECT IDENTIFIER truncated");
  return oid;
}

// §16.9–16.11, §17.6–17.8: a fixed size has no length and is aligned when larger than
// `align_above` units; otherwise a length, then octet-aligned contents.
result<std::size_t> bit_reader::string_size(std::size_t lb, std::size_t ub,
                                            std::size_t align_above) {
  if (lb == ub && ub < k64) {
    if (lb > align_above) align();
    return lb;
  }
  auto len = constrained_length(lb, ub);
  if (!len) return len;
  align();
  return len;
}

// §17
result<bytes> bit_reader::octet_string(std::size_t lb, std::size_t ub) {
  auto size = string_size(lb, ub, 2);  // fixed size aligned above 2 octets (§17.6/17.7)
  if (!size) return std::move(size).error();
  const std::size_t n = *size;
  if (n > bits_left() / 8) return short_input();
  bytes out(n);
  if (auto r = octets(out.data(), n); !r) return r.error();
  return out;
}

result<void> bit_reader::fixed_octet_string(std::uint8_t* out, std::size_t n) {
  if (n > 2) align();
  return octets(out, n);
}

// §16
result<ras::bit_string> bit_reader::bit_string(std::size_t lb, std::size_t ub) {
  auto size = string_size(lb, ub, 16);  // fixed size aligned above 16 bits (§16.9/16.10)
  if (!size) return std::move(size).error();
  const std::size_t n = *size;
  if (n > bits_left()) return short_input();
  ras::bit_string out;
  out.bit_length = n;
  out.data.resize((n + 7) / 8);
  if (auto r = octets(out.data.data(), n / 8); !r) return r.error();
  if (n % 8 != 0) {
    auto last = bits(static_cast<unsigned>(n % 8));
    if (!last) return std::move(last).error();
    out.data.back() = static_cast<std::uint8_t>(*last << (8 - n % 8));
  }
  return out;
}

// §30.5.7/30.5.8: length (if not fixed) and the alignment of the characters
result<std::size_t> bit_reader::string_length(std::size_t lb, std::size_t ub, unsigned b) {
  std::size_t n = lb;
  if (lb == ub && ub < k64) {
    if (ub * b > 16) align();
  } else {
    auto len = constrained_length(lb, ub);
    if (!len) return len;
    n = *len;
    if (ub >= k64 || ub * b > 16) align();
  }
  if (n > bits_left() / b) return short_input();  // the characters' reads need no more checks
  return n;
}

result<std::u16string> bit_reader::bmp_string(std::size_t lb, std::size_t ub) {
  auto n = string_length(lb, ub, 16);
  if (!n) return std::move(n).error();
  std::u16string s(*n, u'\0');
  for (auto& c : s) c = static_cast<char16_t>(take(16));  // string_length checked the size
  return s;
}

result<std::string> bit_reader::ia5_string(std::size_t lb, std::size_t ub) {
  auto n = string_length(lb, ub, 8);
  if (!n) return std::move(n).error();
  std::string s(*n, '\0');
  for (auto& c : s) {
    const auto v = take(8);  // string_length checked the size
    if (v > 127) return error(errc::malformed, "IA5String character above 127");
    c = static_cast<char>(v);
  }
  return s;
}

// §30.5.4: characters are their values if the largest fits in b bits, else indexes
result<std::string> bit_reader::restricted_string(std::size_t lb, std::size_t ub,
                                                  std::string_view alphabet) {
  const unsigned b = bits_per_char(alphabet.size());
  const bool by_index = static_cast<unsigned char>(alphabet.back()) >= (1u << b);
  auto n = string_length(lb, ub, b);
  if (!n) return std::move(n).error();
  std::string s(*n, '\0');
  for (auto& c : s) {
    const auto v = take(b);  // string_length checked the size
    if (by_index) {
      if (v >= alphabet.size()) return error(errc::malformed, "character outside the alphabet");
      c = alphabet[v];
    } else {
      c = static_cast<char>(v);
      if (alphabet.find(c) == std::string_view::npos)
        return error(errc::malformed, "character outside the alphabet");
    }
  }
  return s;
}

// §11.2
result<bit_reader> bit_reader::open_type() {
  auto n = length_determinant();
  if (!n) return std::move(n).error();
  if (*n > bits_left() / 8) return short_input();
  bit_reader sub(data_, pos_, pos_ + *n * 8, true);
  pos_ += *n * 8;
  return sub;
}

bytes bit_reader::rest() const {
  return bytes(data_ + pos_ / 8, data_ + end_ / 8);
}

} // namespace ngn::ras
