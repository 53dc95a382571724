// The SEQUENCE codec of the RAS messages (X.691 §19), in both directions from one description of
// each message (layout.hpp): the extension bit and one presence bit per OPTIONAL root component
// (§19.1–19.3), the root components in order, then the extension additions (§19.7–19.9, with the
// helpers of codec_detail.hpp). Not a public API.
//
// How the model holds a component says what it is on the wire:
//   root component       std::optional<T>: OPTIONAL (a presence bit); else mandatory
//   extension addition   std::optional<T>: present when engaged; bool: a BOOLEAN that is not
//                        OPTIONAL, sent whenever any addition is (message.hpp); null_at(): a NULL
//                        addition held as a flag, present when true, with empty contents
//   value                std::uint16_t RequestSeqNum, std::uint32_t TimeToLive, std::u16string
//                        GatekeeperIdentifier / EndpointIdentifier, bool BOOLEAN, std::vector<T>
//                        SEQUENCE OF T, any other type its read()/write() overload
#pragma once

#include "protocols/ras/codec_detail.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <tuple>
#include <type_traits>
#include <utility>

namespace ngn::ras::detail {

// ---- the description ---------------------------------------------------------------------

/// Extension addition `index` of a SEQUENCE, held in the member `member` points to; `Null`: a
/// NULL addition held as a flag.
template <class P, bool Null = false>
struct addition {
  std::uint32_t index;
  P member;
};

template <class P>
constexpr addition<P> at(std::uint32_t index, P member) {
  return {index, member};
}

template <class P>
constexpr addition<P, true> null_at(std::uint32_t index, P member) {
  return {index, member};
}

/// The description of message M (layout.hpp): `root`, a tuple of member pointers in ASN.1 order;
/// `extension`, a tuple of addition<>; and from its base sequence<M, N>, `additions` = N, the
/// length of its extension addition list.
template <class M>
struct layout;

template <class Message, std::size_t N>
struct sequence {
  using M = Message;
  static constexpr std::size_t additions = N;
};

template <class T>
struct is_optional : std::false_type {};
template <class T>
struct is_optional<std::optional<T>> : std::true_type {};

/// The type of the member that `P` (T M::*) points to.
template <class P>
struct member_type;
template <class T, class M>
struct member_type<T M::*> {
  using type = T;
};
template <class P>
using member_t = typename member_type<P>::type;

/// How many root components of M are OPTIONAL.
template <class M>
constexpr unsigned optional_count() {
  return std::apply(
    [](auto... member) {
      return (0u + ... + unsigned{is_optional<member_t<decltype(member)>>::value});
    },
    layout<M>::root);
}

// ---- values ------------------------------------------------------------------------------

inline result<void> read_value(bit_reader& r, std::uint16_t& v) {
  NGN_RAS_GET(v, r.constrained_whole_number(1, 65535));
  return {};
}
inline result<void> read_value(bit_reader& r, std::uint32_t& v) { return read_time(r, v); }
inline result<void> read_value(bit_reader& r, std::u16string& v) { return read_identifier(r, v); }
inline result<void> read_value(bit_reader& r, bool& v) {
  NGN_RAS_GET(v, r.boolean());
  return {};
}
template <class T>
result<void> read_value(bit_reader& r, std::vector<T>& v) {
  return read_list(r, v);
}
template <class T>
result<void> read_value(bit_reader& r, T& v) {
  return read(r, v);
}

inline result<void> write_value(bit_writer& w, std::uint16_t v) {
  return w.constrained_whole_number(v, 1, 65535);
}
inline result<void> write_value(bit_writer& w, std::uint32_t v) { return write_time(w, v); }
inline result<void> write_value(bit_writer& w, const std::u16string& v) {
  return write_identifier(w, v);
}
inline result<void> write_value(bit_writer& w, bool v) {
  w.boolean(v);
  return {};
}
template <class T>
result<void> write_value(bit_writer& w, const std::vector<T>& v) {
  return write_list(w, v);
}
template <class T>
result<void> write_value(bit_writer& w, const T& v) {
  return write(w, v);
}

// ---- CHOICE alternatives -----------------------------------------------------------------

/// CHOICE alternative T into `v`, by T's own read().
template <class T, class V>
result<void> read_alternative(bit_reader& r, V& v) {
  T t;
  NGN_RAS_TRY(read(r, t));
  v = std::move(t);
  return {};
}

/// CHOICE alternative T into `v`: a SEQUENCE without extension marker or OPTIONAL components,
/// `members` in order.
template <class T, class V, class... P>
result<void> read_components(bit_reader& r, V& v, P T::*... members) {
  T t;
  result<void> res;
  ((res = read_value(r, t.*members)) && ...);
  if (!res) return res;
  v = std::move(t);
  return {};
}

/// Root alternative `index` of `root_count` (extensible CHOICE), then `t` by its own write().
template <class T>
result<void> write_alternative(bit_writer& w, std::uint64_t index, std::uint64_t root_count,
                               const T& t) {
  NGN_RAS_TRY(w.choice(index, root_count, true));
  return write(w, t);
}

/// Root alternative `index` of `root_count` (extensible CHOICE), then the components `members` of
/// `t` (a SEQUENCE without extension marker or OPTIONAL components) in order.
template <class T, class... P>
result<void> write_components(bit_writer& w, std::uint64_t index, std::uint64_t root_count,
                              const T& t, P T::*... members) {
  NGN_RAS_TRY(w.choice(index, root_count, true));
  result<void> res;
  ((res = write_value(w, t.*members)) && ...);
  return res;
}

// ---- decoding ----------------------------------------------------------------------------

/// A root component; an OPTIONAL one only if its presence bit (the next one, `present` read MSB
/// first) is set.
template <class T>
result<void> read_root(bit_reader& r, std::optional<T>& c, std::uint64_t present, unsigned& next) {
  if ((present >> --next & 1) == 0) return {};
  c.emplace();
  return read_value(r, *c);
}
template <class T>
result<void> read_root(bit_reader& r, T& c, std::uint64_t, unsigned&) {
  return read_value(r, c);
}

/// One modelled extension addition from its open type `s`.
template <class M, class P>
result<bool> read_addition(bit_reader& s, M& m, addition<P, false> a) {
  auto& c = m.*a.member;
  if constexpr (is_optional<std::decay_t<decltype(c)>>::value) {
    c.emplace();
    NGN_RAS_TRY(read_value(s, *c));
  } else {
    NGN_RAS_TRY(read_value(s, c));
  }
  return true;
}
template <class M, class P>
result<bool> read_addition(bit_reader&, M& m, addition<P, true> a) {
  m.*a.member = true;
  return true;
}

/// Decodes message M (X.691 §19) as layout<M> describes it.
template <class M>
result<void> read_sequence(bit_reader& r, M& m) {
  constexpr unsigned optionals = optional_count<M>();
  bool ext = false;
  std::uint64_t present = 0;
  NGN_RAS_GET(ext, r.bit());
  NGN_RAS_GET(present, r.bits(optionals));
  unsigned next = optionals;
  result<void> res;
  std::apply([&](auto... member) { ((res = read_root(r, m.*member, present, next)) && ...); },
             layout<M>::root);
  if (!res || !ext) return res;
  return read_extensions(r, m.extensions, [&](std::uint32_t i, bit_reader& s) -> result<bool> {
    result<bool> known = false;
    std::apply(
      [&](auto... a) { ((a.index == i && (known = read_addition(s, m, a), true)) || ...); },
      layout<M>::extension);
    return known;
  });
}

// ---- encoding ----------------------------------------------------------------------------

/// Which extension additions a message has, which it sends, and which are BOOLEANs that are
/// sent whenever any addition is (X.691 §19.7).
struct addition_masks {
  std::uint64_t modelled = 0;
  std::uint64_t present = 0;
  std::uint64_t mandatory = 0;
  bool any_mandatory_true = false;

  template <class M, class P>
  void add(const M& m, addition<P, false> a) {
    const auto& c = m.*a.member;
    modelled |= bit_if(true, a.index);
    if constexpr (is_optional<std::decay_t<decltype(c)>>::value) {
      present |= bit_if(c.has_value(), a.index);
    } else {
      mandatory |= bit_if(true, a.index);
      any_mandatory_true = any_mandatory_true || c;
    }
  }
  template <class M, class P>
  void add(const M& m, addition<P, true> a) {
    modelled |= bit_if(true, a.index);
    present |= bit_if(m.*a.member, a.index);
  }
};

template <class M>
addition_masks masks_of(const M& m) {
  addition_masks k;
  std::apply([&](auto... a) { (k.add(m, a), ...); }, layout<M>::extension);
  if (has_extensions(k.present, m.extensions) || k.any_mandatory_true) k.present |= k.mandatory;
  return k;
}

template <class T>
void write_presence(bit_writer& w, const std::optional<T>& c) {
  w.bit(c.has_value());
}
template <class T>
void write_presence(bit_writer&, const T&) {}

template <class T>
result<void> write_root(bit_writer& w, const std::optional<T>& c) {
  return c ? write_value(w, *c) : result<void>{};
}
template <class T>
result<void> write_root(bit_writer& w, const T& c) {
  return write_value(w, c);
}

template <class M, class P>
result<void> write_addition(bit_writer& w, const M& m, addition<P, false> a) {
  const auto& c = m.*a.member;
  if constexpr (is_optional<std::decay_t<decltype(c)>>::value)
    return write_value(w, *c);
  else
    return write_value(w, c);
}
template <class M, class P>
result<void> write_addition(bit_writer&, const M&, addition<P, true>) {
  return {};  // NULL: empty contents
}

/// Encodes message M (X.691 §19) as layout<M> describes it.
template <class M>
result<void> write_sequence(bit_writer& w, const M& m) {
  const addition_masks k = masks_of(m);
  const bool ext = has_extensions(k.present, m.extensions);
  w.bit(ext);
  std::apply([&](auto... member) { (write_presence(w, m.*member), ...); }, layout<M>::root);
  result<void> res;
  std::apply([&](auto... member) { ((res = write_root(w, m.*member)) && ...); }, layout<M>::root);
  if (!res || !ext) return res;
  return write_extensions(w, layout<M>::additions, k.modelled, k.present, m.extensions,
                          [&](std::uint32_t i, bit_writer& o) -> result<void> {
    result<void> out;
    std::apply([&](auto... a) { ((a.index == i && (out = write_addition(o, m, a), true)) || ...); },
               layout<M>::extension);
    return out;
  });
}

} // namespace ngn::ras::detail
