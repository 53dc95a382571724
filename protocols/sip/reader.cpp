#include "protocols/sip/reader.hpp"

#include "protocols/sip/lexer.hpp"
#include "protocols/sip/message.hpp"

#include <cstdint>
#include <cstring>

namespace ngn::sip::detail {

field_reader::field_reader(std::string_view input) noexcept : in_(input) {
  // RFC 3261 §7.5: ignore CRLFs before the start line.
  while (pos_ < in_.size()) {
    if (in_[pos_] == '\n') {
      ++pos_;
    } else if (in_[pos_] == '\r' && pos_ + 1 < in_.size() && in_[pos_ + 1] == '\n') {
      pos_ += 2;
    } else {
      break;
    }
  }
  std::size_t end = 0;
  std::size_t next = 0;
  if (!line(pos_, end, next)) return;
  start_offset_ = pos_;
  start_line_ = in_.substr(pos_, end - pos_);
  pos_ = next;
  start_ok_ = true;
}

namespace {

// 16 bytes as one vector (GCC/Clang vector extension: SSE2 on x86-64, NEON on AArch64).
using bytes16 = unsigned char __attribute__((vector_size(16)));

/// Offset (0..15) of the first of the 16 bytes at `p` that is a control character other than
/// HTAB, LF and CR included (is_ctl()), or 16 when there is none.
inline unsigned first_stop_byte(const char* p) noexcept {
  bytes16 v;
  std::memcpy(&v, p, sizeof v);
  const auto flags = ((v < 0x20) & (v != '\t')) | (v == 0x7f); // 0 or all ones per byte
  std::uint64_t half[2];
  std::memcpy(half, &flags, sizeof half);
  for (unsigned h = 0; h < 2; ++h) {
    if (half[h] == 0) continue;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    return 8 * h + static_cast<unsigned>(__builtin_clzll(half[h])) / 8;
#else
    return 8 * h + static_cast<unsigned>(__builtin_ctzll(half[h])) / 8;
#endif
  }
  return 16;
}

} // namespace

bool field_reader::line(std::size_t from, std::size_t& end, std::size_t& next) noexcept {
  // One pass to the first byte that ends the line or may not be in it: LF, CR, or another
  // control character (HTAB is allowed), sixteen bytes at a time while none is there.
  const char* base = in_.data();
  const std::size_t n = in_.size();
  std::size_t i = from;
  for (;;) {
    if (i + 16 > n) {
      while (i < n && !is_ctl(base[i])) ++i;
      break;
    }
    const unsigned k = first_stop_byte(base + i);
    i += k;
    if (k < 16) break;
  }
  if (i < n && base[i] == '\n') {
    end = i;
    next = i + 1;
    return true;
  }
  if (i < n && base[i] == '\r' && i + 1 < n && base[i + 1] == '\n') {
    end = i;
    next = i + 2;
    return true;
  }
  if (i >= n || (base[i] == '\r' && i + 1 == n)) {
    // No line end yet (a trailing CR may still be followed by its LF).
    fail(err_, errc::incomplete, in_.size(), "message ends inside the header block");
    return false;
  }
  fail(err_, errc::malformed, i, "control character in the header block");
  return false;
}

field_reader::status field_reader::next(raw_field& out) noexcept {
  std::size_t end = 0;
  std::size_t next = 0;
  if (!line(pos_, end, next)) return failed;
  if (end == pos_) {
    pos_ = next;
    return end_of_headers;
  }
  if (is_wsp(in_[pos_])) {
    fail(err_, errc::malformed, pos_, "continuation line without a header field");
    return failed;
  }
  // message-header = field-name HCOLON field-value; HCOLON = *( SP / HTAB ) ":" SWS
  std::size_t i = pos_;
  while (i < end && is_token(in_[i])) ++i;
  if (i == pos_) {
    fail(err_, errc::malformed, pos_, "header name expected");
    return failed;
  }
  std::string_view name = in_.substr(pos_, i - pos_);
  while (i < end && is_wsp(in_[i])) ++i;
  if (i >= end || in_[i] != ':') {
    fail(err_, errc::malformed, i, "':' expected after header name");
    return failed;
  }
  ++i;
  // RFC 3261 §7.3.1: a line starting with SP/HTAB continues the field (folding).
  std::size_t value_end = end;
  bool folded = false;
  for (;;) {
    if (next >= in_.size()) {
      fail(err_, errc::incomplete, in_.size(), "message ends inside the header block");
      return failed;
    }
    if (!is_wsp(in_[next])) break;
    std::size_t e2 = 0;
    std::size_t n2 = 0;
    if (!line(next, e2, n2)) return failed;
    folded = true;
    value_end = e2;
    next = n2;
  }
  out.name = name;
  out.value = in_.substr(i, value_end - i);
  out.offset = pos_;
  out.value_offset = i;
  out.folded = folded;
  pos_ = next;
  return field;
}

void unfold(std::string_view raw, std::string& out) {
  out.clear();
  out.reserve(raw.size());
  for (std::size_t i = 0; i < raw.size();) {
    char c = raw[i];
    if (c == '\r' || c == '\n') {
      while (i < raw.size() && (raw[i] == '\r' || raw[i] == '\n' || is_wsp(raw[i]))) ++i;
      out += ' ';
    } else {
      out += c;
      ++i;
    }
  }
  auto t = trim_wsp(out);
  if (t.size() != out.size()) out = std::string(t);
}

result<field_reader> open_message(std::string_view in) {
  if (in.size() > max_message_size)
    return make_error(errc::limit_exceeded, max_message_size, "message larger than 64 KiB");
  field_reader r{in};
  if (!r.start_ok()) return r.error();
  return r;
}

std::string_view field_value(const raw_field& f, std::string& scratch) {
  if (!f.folded) return trim_wsp(f.value);
  unfold(f.value, scratch);
  return scratch;
}

std::size_t field_value_offset(const raw_field& f, std::string_view value) {
  if (f.folded) return f.value_offset;
  return f.value_offset + static_cast<std::size_t>(value.data() - f.value.data());
}

} // namespace ngn::sip::detail
