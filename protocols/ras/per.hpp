// ALIGNED PER (ITU-T X.691, aligned variant) bit reader and writer with the primitives the
// H.225.0 RAS subset needs (wire-bindings.md §5.3). Bit order: most significant bit first.
// Every read is bounds-checked and returns an error instead of reading past the end.
#pragma once

#include "protocols/common/result.hpp"
#include "protocols/ras/types.hpp"

#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

namespace ngn::ras {

/// Size and count limits of the codec (errc::limit_exceeded beyond them).
struct limits {
  static constexpr std::size_t max_message_size = 65535;  ///< one UDP datagram
  static constexpr std::size_t max_list_items = 64;       ///< any SEQUENCE OF
  static constexpr std::size_t max_extensions = 64;       ///< extension additions of one SEQUENCE
  static constexpr std::size_t max_extension_index = 1024;  ///< index of a CHOICE extension
  static constexpr std::size_t max_oid_octets = 64;       ///< BER contents of one OID
  static constexpr std::size_t max_length = 16383;        ///< X.691 §10.9.3.8: no fragmentation
};

/// Upper bound meaning "no upper bound" (unconstrained size).
inline constexpr std::size_t no_ub = std::numeric_limits<std::size_t>::max();

/// The sorted permitted alphabet of AliasAddress.dialledDigits, FROM ("0123456789#*,"): a
/// character is encoded as its index here (X.691 §30.5.4: '9' does not fit in 4 bits).
inline constexpr std::string_view dialled_digits_alphabet = "#*,0123456789";

/// A CHOICE index (X.691 §23): root alternative, or extension alternative (then an open type follows).
struct choice_index {
  bool extension = false;
  std::uint64_t index = 0;
};

/// Reads ALIGNED PER fields from a byte range. A reader obtained from open_type() covers exactly
/// the open type's octets; running out of them is errc::malformed instead of errc::incomplete.
class bit_reader {
public:
  bit_reader(const std::uint8_t* data, std::size_t size) noexcept
    : data_(data), pos_(0), end_(size * 8) {}

  std::size_t bit_position() const noexcept { return pos_; }
  /// Offset of the current octet in the whole input (for error reports).
  std::size_t byte_offset() const noexcept { return pos_ / 8; }
  std::size_t bits_left() const noexcept { return end_ - pos_; }
  bool aligned() const noexcept { return pos_ % 8 == 0; }

  /// An error of `kind` at the current octet.
  codec_error error(errc kind, const char* detail) const;

  /// A bit-field of n ≤ 64 bits, most significant bit first. Inline: the decoders call these
  /// per field (a registration's messages: hundreds of calls each).
  result<std::uint64_t> bits(unsigned n) {
    if (n > 64) return error(errc::malformed, "bit-field too long");
    if (n > end_ - pos_) return short_input();
    return take(n);
  }
  result<bool> bit() {
    if (pos_ == end_) return short_input();
    const bool b = (data_[pos_ / 8] >> (7 - pos_ % 8)) & 1u;
    ++pos_;
    return b;
  }
  /// Skips the padding to the next octet boundary (X.691 §11.1: padding bits are ignored).
  void align() noexcept;
  /// n octets (from the current bit position, aligned or not).
  result<void> octets(std::uint8_t* out, std::size_t n);

  /// X.691 §12 BOOLEAN.
  result<bool> boolean() { return bit(); }
  /// X.691 §10.5 constrained whole number lb..ub (bit-field ≤ 255, one aligned octet = 256,
  /// two aligned octets ≤ 64K, else a length bit-field + aligned minimal octets).
  result<std::uint64_t> constrained_whole_number(std::uint64_t lb, std::uint64_t ub);
  /// X.691 §10.6 normally small non-negative whole number.
  result<std::uint64_t> normally_small_number();
  /// X.691 §10.9.3.4 normally small length (≥ 1), e.g. the count of extension additions.
  result<std::size_t> normally_small_length();
  /// X.691 §10.9.3.5–8 unconstrained length determinant (aligned; fragmentation → limit_exceeded).
  result<std::size_t> length_determinant();
  /// Length of a SIZE(lb..ub) type: nothing if lb == ub, a constrained whole number if ub < 64K,
  /// else an unconstrained length determinant; checked against lb..ub.
  result<std::size_t> constrained_length(std::size_t lb, std::size_t ub);
  /// X.691 §23: a CHOICE index over `root_count` root alternatives.
  result<choice_index> choice(std::uint64_t root_count, bool extensible);
  /// X.691 §12.2.6 unconstrained INTEGER (length + minimal two's complement, ≤ 8 octets here).
  result<std::int64_t> unconstrained_integer();
  /// X.691 §24 OBJECT IDENTIFIER (length + X.690 §8.19 contents).
  result<object_identifier> object_id();
  /// X.691 §17 OCTET STRING (SIZE (lb..ub)); ub = no_ub for unconstrained.
  result<bytes> octet_string(std::size_t lb, std::size_t ub);
  /// OCTET STRING (SIZE (n)) into `out`.
  result<void> fixed_octet_string(std::uint8_t* out, std::size_t n);
  /// X.691 §16 BIT STRING (SIZE (lb..ub)); ub = no_ub for unconstrained.
  result<ras::bit_string> bit_string(std::size_t lb, std::size_t ub);
  /// X.691 §30 BMPString (SIZE (lb..ub)), 16 bits per character.
  result<std::u16string> bmp_string(std::size_t lb, std::size_t ub);
  /// X.691 §30 IA5String (SIZE (lb..ub)), 8 bits per character in the aligned variant.
  result<std::string> ia5_string(std::size_t lb, std::size_t ub);
  /// IA5String with a permitted alphabet of ≤ 16 characters (sorted, as dialled_digits_alphabet):
  /// 4 bits per character, the index in the alphabet.
  result<std::string> restricted_string(std::size_t lb, std::size_t ub, std::string_view alphabet);
  /// X.691 §11.2 open type: a length determinant and that many octets. Returns a reader over
  /// them and moves past them.
  result<bit_reader> open_type();
  /// The octets from the current position (rounded down to an octet) to the end, copied.
  bytes rest() const;

private:
  bit_reader(const std::uint8_t* data, std::size_t pos, std::size_t end, bool nested) noexcept
    : data_(data), pos_(pos), end_(end), nested_(nested) {}
  codec_error short_input() const;             // incomplete, or malformed inside an open type
  std::uint64_t take(unsigned n) noexcept;     // n ≤ 64 bits, already checked to be there
  result<std::size_t> string_length(std::size_t lb, std::size_t ub, unsigned bits_per_char);
  result<std::size_t> string_size(std::size_t lb, std::size_t ub, std::size_t align_above);

  const std::uint8_t* data_;
  std::size_t pos_;
  std::size_t end_;
  bool nested_ = false;
};

/// Writes ALIGNED PER fields. The value-checking writers return errc::invalid_model for values
/// outside their constraint and errc::limit_exceeded for lengths that would need fragmentation.
class bit_writer {
public:
  bit_writer() = default;
  void reserve(std::size_t octets) { buf_.reserve(octets); }

  std::size_t bit_length() const noexcept { return buf_.size() * 8 - free_; }
  const std::vector<std::uint8_t>& buffer() const noexcept { return buf_; }
  /// An error of `kind` at the current output octet.
  codec_error error(errc kind, const char* detail) const;

  /// The n ≤ 64 low bits of `value`, most significant first. Inline: the encoders call it per
  /// field (a bit at a time for presence bitmaps and booleans).
  void bits(std::uint64_t value, unsigned n) {
    if (free_ != 0 && n != 0) {  // fill the partly written octet
      const unsigned t = n < free_ ? n : free_;
      const unsigned chunk = static_cast<unsigned>(value >> (n - t)) & ((1u << t) - 1);
      buf_.back() = static_cast<std::uint8_t>(buf_.back() | (chunk << (free_ - t)));
      free_ -= t;
      n -= t;
    }
    for (; n >= 8; n -= 8) buf_.push_back(static_cast<std::uint8_t>(value >> (n - 8)));
    if (n != 0) {
      buf_.push_back(static_cast<std::uint8_t>(value << (8 - n)));
      free_ = 8 - n;
    }
  }
  void bit(bool b) { bits(b ? 1 : 0, 1); }
  /// Zero padding to the next octet boundary.
  void align() noexcept { free_ = 0; }
  void octets(const std::uint8_t* data, std::size_t n);

  void boolean(bool b) { bit(b); }
  result<void> constrained_whole_number(std::uint64_t value, std::uint64_t lb, std::uint64_t ub);
  void normally_small_number(std::uint64_t value);
  result<void> normally_small_length(std::size_t n);
  result<void> length_determinant(std::size_t n);
  result<void> constrained_length(std::size_t n, std::size_t lb, std::size_t ub);
  /// Root alternative `index` of `root_count` (extension bit 0 first if extensible).
  result<void> choice(std::uint64_t index, std::uint64_t root_count, bool extensible);
  void unconstrained_integer(std::int64_t value);
  result<void> object_id(const object_identifier& oid);
  result<void> octet_string(const std::uint8_t* data, std::size_t n, std::size_t lb, std::size_t ub);
  result<void> octet_string(const bytes& b, std::size_t lb, std::size_t ub) {
    return octet_string(b.data(), b.size(), lb, ub);
  }
  void fixed_octet_string(const std::uint8_t* data, std::size_t n);
  result<void> bit_string(const ras::bit_string& b, std::size_t lb, std::size_t ub);
  result<void> bmp_string(const std::u16string& s, std::size_t lb, std::size_t ub);
  result<void> ia5_string(const std::string& s, std::size_t lb, std::size_t ub);
  result<void> restricted_string(const std::string& s, std::size_t lb, std::size_t ub,
                                 std::string_view alphabet);

  /// Starts an open type (aligned length placeholder); returns the mark for end_open_type.
  std::size_t begin_open_type();
  /// Pads the open type's contents to an octet (an empty encoding becomes one 00 octet) and
  /// fills in its length.
  result<void> end_open_type(std::size_t mark);
  /// An open type whose contents are `encoding`, verbatim.
  result<void> open_type(const bytes& encoding);

  /// The complete encoding (X.691 §11.1: at least one octet).
  std::vector<std::uint8_t> finish() &&;

private:
  result<void> string_length(std::size_t n, std::size_t lb, std::size_t ub, unsigned bits_per_char);

  std::vector<std::uint8_t> buf_;
  unsigned free_ = 0;  // unused low bits of buf_.back()
};

} // namespace ngn::ras
