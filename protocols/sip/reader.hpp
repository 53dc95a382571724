// Internal to protocols/sip: splits a message into the start line and header fields (RFC 3261 §7,
// §7.3.1): CRLF (or a bare LF) ends a line, a line starting with SP/HTAB continues the previous
// field, an empty line ends the header block. Used by parse() and frame_length().
#pragma once

#include "protocols/common/result.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace ngn::sip::detail {

/// One header field as found in the input.
struct raw_field {
  std::string_view name;  ///< token before HCOLON
  std::string_view value; ///< raw value after HCOLON (may span folded lines), not trimmed
  std::size_t offset = 0; ///< of the field's first byte
  std::size_t value_offset = 0;
  bool folded = false;    ///< value contains line breaks (unfold() it)
};

class field_reader {
public:
  enum status { field, end_of_headers, failed };

  /// Skips leading CRLFs (RFC 3261 §7.5) and reads the start line.
  explicit field_reader(std::string_view input) noexcept;

  /// False when the start line could not be read (error() says why).
  bool start_ok() const noexcept { return start_ok_; }
  std::string_view start_line() const noexcept { return start_line_; }
  std::size_t start_offset() const noexcept { return start_offset_; }

  /// The next field, the end of the header block (position() is then the body's first byte),
  /// or an error.
  status next(raw_field& out) noexcept;

  std::size_t position() const noexcept { return pos_; }
  const codec_error& error() const noexcept { return err_; }

private:
  // End of the line starting at `from`: sets `end` (before the terminator) and `next` (after it).
  bool line(std::size_t from, std::size_t& end, std::size_t& next) noexcept;

  std::string_view in_;
  std::size_t pos_ = 0;
  std::string_view start_line_;
  std::size_t start_offset_ = 0;
  bool start_ok_ = false;
  codec_error err_;
};

/// A reader of message `in`: errc::limit_exceeded if it is larger than max_message_size, or why
/// its start line could not be read.
result<field_reader> open_message(std::string_view in);

/// The value with every line break (and the SP/HTAB run after it) replaced by one SP, trimmed.
void unfold(std::string_view raw, std::string& out);

/// The field's value, trimmed; unfolded into `scratch` when it spans lines.
std::string_view field_value(const raw_field& f, std::string& scratch);

/// The input offset of `value` as field_value() returned it (a folded value's: the raw value's).
std::size_t field_value_offset(const raw_field& f, std::string_view value);

/// Reads the header fields of `r` up to the end of the header block, calling `on_field(field)`
/// (which returns an error to stop with, or nullopt) for each; at most `max_fields` fields.
template <class F>
std::optional<codec_error> for_each_field(field_reader& r, std::size_t max_fields, F on_field) {
  raw_field f;
  for (std::size_t fields = 0;;) {
    const auto st = r.next(f);
    if (st == field_reader::failed) return r.error();
    if (st == field_reader::end_of_headers) return std::nullopt;
    if (++fields > max_fields)
      return make_error(errc::limit_exceeded, f.offset, "too many header fields");
    if (std::optional<codec_error> e = on_field(f)) return e;
  }
}

} // namespace ngn::sip::detail
