#include "storage/provisioning.hpp"

#include "protocols/common/decimal.hpp"
#include "protocols/common/protocol.hpp"

#include "crypto/random.hpp"
#include "crypto/secret.hpp"

#include <stdexcept>

namespace ngn::storage {

namespace {

bool forbidden_identity_char(char c) noexcept {
  if (c <= 0x20 || c >= 0x7f) return true; // controls, space, DEL, non-ASCII
  switch (c) {
    case ',': case ';': case '"': case '[': case ']': case '<': case '>': case '\\': return true;
    default: return false;
  }
}

bool check_literal(std::string_view s) noexcept {
  for (char c : s)
    if (c == '{' || c == '}' || forbidden_identity_char(c)) return false;
  return true;
}

// aka-and-vectors.md §3.1: bytes SIPp 3.6's SendingMessage parse alters.
bool sipp_bad_byte(std::uint8_t b) noexcept {
  return b == 0x00 || b == 0x0a || b == 0x0d || b == 0x5b;
}

} // namespace

identity_pattern::identity_pattern(std::string_view pattern) {
  auto open = pattern.find('{');
  if (open == std::string_view::npos)
    throw std::invalid_argument("identity pattern '" + std::string(pattern) +
                                "' has no {n} placeholder");
  auto close = pattern.find('}', open);
  if (close == std::string_view::npos)
    throw std::invalid_argument("identity pattern '" + std::string(pattern) + "': unclosed '{'");
  std::string_view spec = pattern.substr(open + 1, close - open - 1);
  if (spec == "n") {
    width_ = 0;
  } else if (spec.size() >= 4 && spec.substr(0, 3) == "n:0" && spec.size() <= 5) {
    unsigned w = 0;
    for (char c : spec.substr(3)) {
      if (c < '0' || c > '9') w = 100;
      else w = w * 10 + static_cast<unsigned>(c - '0');
    }
    if (w < 1 || w > 20)
      throw std::invalid_argument("identity pattern '" + std::string(pattern) +
                                  "': width must be 1..20 as in {n:06}");
    width_ = w;
  } else {
    throw std::invalid_argument("identity pattern '" + std::string(pattern) + "': '{" +
                                std::string(spec) + "}' is not {n} or {n:0W}");
  }
  std::string_view pre = pattern.substr(0, open);
  std::string_view post = pattern.substr(close + 1);
  if (!check_literal(pre) || !check_literal(post))
    throw std::invalid_argument("identity pattern '" + std::string(pattern) +
                                "': only one placeholder, and no space , ; \" [ ] < > \\ "
                                "or control characters");
  prefix_ = pre;
  suffix_ = post;
}

std::string identity_pattern::format(std::uint64_t n) const {
  std::string out;
  out.reserve(prefix_.size() + suffix_.size() + 20);
  out += prefix_;
  append_decimal(out, n, width_);
  out += suffix_;
  return out;
}

bool valid_identity(std::string_view id) noexcept {
  if (id.empty() || id.size() > 255) return false;
  for (char c : id)
    if (forbidden_identity_char(c)) return false;
  return true;
}

bool valid_protocol(std::string_view p) noexcept {
  return p == "any" || parse_protocol(p).has_value();
}

bool sipp_safe(byte_view v) noexcept {
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (sipp_bad_byte(v[i])) return false;
    if (v[i] == 0x5c && i + 1 < v.size() && v[i + 1] == 0x78) return false;
  }
  return true;
}

bool sipp_safe_amf(const block<2>& amf) noexcept {
  if (amf[1] == 0x00) return !sipp_bad_byte(amf[0]);
  return sipp_safe(amf);
}

random_pool::~random_pool() { crypto::secure_zero(buf_, chunk); }

std::uint8_t random_pool::next() {
  if (pos_ == chunk) {
    crypto::random_bytes(buf_, chunk);
    pos_ = 0;
  }
  std::uint8_t b = buf_[pos_];
  buf_[pos_++] = 0;
  return b;
}

void random_pool::fill(std::uint8_t* out, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) out[i] = next();
}

void random_pool::fill_sipp_safe(std::uint8_t* out, std::size_t n) {
  // Rejection sampling per byte keeps the remaining bytes uniform over the allowed set.
  for (std::size_t i = 0; i < n; ++i) {
    std::uint8_t b;
    do {
      b = next();
    } while (sipp_bad_byte(b) || (i > 0 && out[i - 1] == 0x5c && b == 0x78));
    out[i] = b;
  }
}

} // namespace ngn::storage
