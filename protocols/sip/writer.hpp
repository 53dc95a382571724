// Internal to protocols/sip: the text writers shared by encode() and format_mechanism_list().
#pragma once

#include "protocols/sip/message.hpp"

#include <cstddef>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace ngn::sip::detail {

/// Appends to a std::string through its buffer: a message is written in a hundred or more short
/// pieces, and std::string::append checks and grows out of line for each (a third of encode()'s
/// time, issue 13). Here each piece costs an inline capacity check and a memcpy; the string is
/// opened to its whole capacity while writing and cut to what was written by the destructor.
class text_writer {
public:
  explicit text_writer(std::string& out) : out_(out), len_(out.size()) {
    out_.resize(out_.capacity());
  }
  ~text_writer() { out_.resize(len_); }
  text_writer(const text_writer&) = delete;
  text_writer& operator=(const text_writer&) = delete;

  void put(std::string_view v) {
    if (out_.size() - len_ < v.size()) grow(v.size());
    if (!v.empty()) std::memcpy(out_.data() + len_, v.data(), v.size());
    len_ += v.size();
  }
  void put(char c) {
    if (out_.size() == len_) grow(1);
    out_[len_++] = c;
  }

private:
  void grow(std::size_t more); // at least `more` bytes free after len_

  std::string& out_;
  std::size_t len_;
};

/// quoted-string (RFC 3261 §25.1): DQUOTE and backslash become quoted-pairs.
void write_quoted(text_writer& out, std::string_view value);

/// *(SEMI generic-param), each as name, name=token or name="quoted".
void write_params(text_writer& out, const std::vector<param>& params);

/// sec-mechanism *(COMMA sec-mechanism), comma+space separated (RFC 3329 §2.2).
void write_mechanisms(text_writer& out, const std::vector<sec_mechanism>& list);

/// write_mechanisms() appending to `out`.
void append_mechanisms(std::string& out, const std::vector<sec_mechanism>& list);

} // namespace ngn::sip::detail
