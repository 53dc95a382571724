// result<T>: the value of a decode, or why it failed and where (DESIGN.md §5: codecs never throw).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>

namespace ngn {

/// Why a codec rejected its input (DESIGN.md §5).
enum class errc : std::uint8_t {
  incomplete,      ///< the input ends before the message does (more bytes could fix it)
  malformed,       ///< the input violates the grammar
  unsupported,     ///< well-formed, but a method/version/element we do not implement
  limit_exceeded,  ///< a size or count limit of ours was exceeded
  invalid_model,   ///< encode: the model violates a constraint of the protocol
};

std::string_view to_string(errc e) noexcept;

/// A codec error: kind, byte offset into the input and a short human-readable detail.
struct codec_error {
  errc kind = errc::malformed;
  std::size_t offset = 0;
  std::string detail;

  /// "malformed at byte 17: Via without branch"
  std::string describe() const;
};

inline codec_error make_error(errc kind, std::size_t offset, std::string detail) {
  return codec_error{kind, offset, std::move(detail)};
}

/// Either a T or a codec_error. Deliberately small: ok(), value(), error(), operator bool.
template <class T>
class [[nodiscard]] result {
public:
  static_assert(!std::is_same_v<T, codec_error>);

  // Two overloads, not one by value: `return local;` into a result<T> then moves the local
  // (C++17 moves a returned local only into a constructor taking T&&; by value it was copied —
  // a whole sip::message per parse, issue 13).
  result(const T& value) : v_(std::in_place_index<0>, value) {}          // NOLINT
  result(T&& value) : v_(std::in_place_index<0>, std::move(value)) {}    // NOLINT
  result(codec_error err) : v_(std::in_place_index<1>, std::move(err)) {} // NOLINT

  bool ok() const noexcept { return v_.index() == 0; }
  explicit operator bool() const noexcept { return ok(); }

  T& value() & { return std::get<0>(v_); }
  const T& value() const& { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  const codec_error& error() const& { return std::get<1>(v_); }
  codec_error&& error() && { return std::get<1>(std::move(v_)); }

private:
  std::variant<T, codec_error> v_;
};

/// result<void>: success or a codec_error.
template <>
class [[nodiscard]] result<void> {
public:
  result() = default;
  result(codec_error err) : err_(std::move(err)), ok_(false) {} // NOLINT
  bool ok() const noexcept { return ok_; }
  explicit operator bool() const noexcept { return ok_; }
  const codec_error& error() const& { return err_; }

private:
  codec_error err_;
  bool ok_ = true;
};

} // namespace ngn
