// A big-endian byte writer and a bounds-checked reader for the project's own compact binary
// encodings (the SS ↔ AuC protocol, node reports). The reader never reads past its input: after
// the first short read it only returns zeros and failed() is true.
#pragma once

#include <array>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace ngn {

class byte_writer {
public:
  std::string out;

  void u8(std::uint8_t v) { out.push_back(static_cast<char>(v)); }
  void u16(std::uint16_t v) {
    u8(static_cast<std::uint8_t>(v >> 8));
    u8(static_cast<std::uint8_t>(v));
  }
  void u32(std::uint32_t v) {
    for (int i = 3; i >= 0; --i) u8(static_cast<std::uint8_t>(v >> (8 * i)));
  }
  void u64(std::uint64_t v) {
    for (int i = 7; i >= 0; --i) u8(static_cast<std::uint8_t>(v >> (8 * i)));
  }
  void i64(std::int64_t v) { u64(static_cast<std::uint64_t>(v)); }
  /// A string of at most 65535 bytes (longer ones are cut), 16-bit length first.
  void str(std::string_view s) {
    if (s.size() > 0xffff) s = s.substr(0, 0xffff);
    u16(static_cast<std::uint16_t>(s.size()));
    out.append(s.data(), s.size());
  }
  template <std::size_t N>
  void arr(const std::array<std::uint8_t, N>& a) {
    out.append(reinterpret_cast<const char*>(a.data()), N);
  }
};

class byte_reader {
public:
  explicit byte_reader(std::string_view in) : in_(in) {}
  bool failed() const { return failed_; }
  std::size_t offset() const { return pos_; }
  bool at_end() const { return pos_ == in_.size(); }
  std::size_t remaining() const { return in_.size() - pos_; }

  std::uint8_t u8() {
    if (!need(1)) return 0;
    return static_cast<std::uint8_t>(in_[pos_++]);
  }
  std::uint16_t u16() {
    std::uint16_t hi = u8();
    return static_cast<std::uint16_t>((hi << 8) | u8());
  }
  std::uint32_t u32() {
    std::uint32_t v = 0;
    for (int i = 0; i < 4; ++i) v = (v << 8) | u8();
    return v;
  }
  std::uint64_t u64() {
    std::uint64_t v = 0;
    for (int i = 0; i < 8; ++i) v = (v << 8) | u8();
    return v;
  }
  std::int64_t i64() { return static_cast<std::int64_t>(u64()); }
  /// A string written by byte_writer::str, at most `max` bytes (else failed()).
  std::string str(std::size_t max = 0xffff) {
    const std::size_t n = u16();
    if (n > max || !need(n)) {
      failed_ = true;
      return {};
    }
    std::string s{in_.substr(pos_, n)};
    pos_ += n;
    return s;
  }
  template <std::size_t N>
  void arr(std::array<std::uint8_t, N>& a) {
    if (!need(N)) return;
    std::memcpy(a.data(), in_.data() + pos_, N);
    pos_ += N;
  }

private:
  bool need(std::size_t n) {
    if (failed_ || in_.size() - pos_ < n) {
      failed_ = true;
      return false;
    }
    return true;
  }
  std::string_view in_;
  std::size_t pos_ = 0;
  bool failed_ = false;
};

} // namespace ngn
