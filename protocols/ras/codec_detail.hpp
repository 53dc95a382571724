// Internals shared by the RAS decode_*.cpp / encode_*.cpp files: one read()/write() overload per
// ASN.1 type, SEQUENCE OF and extension-addition helpers (X.691 §19, §20, §23). Not a public API.
#pragma once

#include "protocols/ras/message.hpp"
#include "protocols/ras/per.hpp"

#include <cstdint>
#include <utility>

/// Evaluates `expr` (a result<...>) and returns its error from the enclosing function.
#define NGN_RAS_TRY(expr)                                                                          \
  do {                                                                                             \
    if (auto ngn_ras_r_ = (expr); !ngn_ras_r_) return ngn_ras_r_.error();                          \
  } while (false)

/// Evaluates `expr` (a result<T>); on error returns it, else assigns the value to `lhs`.
#define NGN_RAS_GET(lhs, expr)                                                                     \
  do {                                                                                             \
    auto ngn_ras_r_ = (expr);                                                                      \
    if (!ngn_ras_r_) return ngn_ras_r_.error();                                                    \
    lhs = std::move(*ngn_ras_r_);                                                                  \
  } while (false)

namespace ngn::ras::detail {

// ---- decoding ----------------------------------------------------------------------------

result<void> read(bit_reader& r, transport_address& v);
result<void> read(bit_reader& r, alias_address& v);
result<void> read(bit_reader& r, h221_non_standard& v);
result<void> read(bit_reader& r, non_standard_parameter& v);
result<void> read(bit_reader& r, vendor_identifier& v);
result<void> read(bit_reader& r, endpoint_type& v);
result<void> read(bit_reader& r, qseries_options& v);
result<void> read(bit_reader& r, icv& v);
result<void> read(bit_reader& r, generic_identifier& v);
result<void> read(bit_reader& r, content& v);
result<void> read(bit_reader& r, enumerated_parameter& v);
result<void> read(bit_reader& r, generic_data& v);
result<void> read(bit_reader& r, object_identifier& v);
// H.235
result<void> read(bit_reader& r, h235_non_standard_parameter& v);
result<void> read(bit_reader& r, params& v);
result<void> read(bit_reader& r, hashed& v);
result<void> read(bit_reader& r, encrypted& v);
result<void> read(bit_reader& r, clear_token& v);
result<void> read(bit_reader& r, crypto_token& v);
result<void> read(bit_reader& r, crypto_h323_token& v);
result<void> read(bit_reader& r, authentication_mechanism& v);
result<void> read(bit_reader& r, security_errors& v);

// The reject and unregistration reasons (decode_reasons.cpp).
result<void> read(bit_reader& r, gatekeeper_reject_reason& v);
result<void> read(bit_reader& r, registration_reject_reason& v);
result<void> read(bit_reader& r, unreg_request_reason& v);
result<void> read(bit_reader& r, unreg_reject_reason& v);

/// GatekeeperIdentifier / EndpointIdentifier / Identifier: BMPString (SIZE (1..128)).
inline result<void> read_identifier(bit_reader& r, std::u16string& v) {
  NGN_RAS_GET(v, r.bmp_string(1, 128));
  return {};
}

/// TimeStamp / TimeToLive: INTEGER (1..4294967295).
inline result<void> read_time(bit_reader& r, std::uint32_t& v) {
  NGN_RAS_GET(v, r.constrained_whole_number(1, 0xFFFFFFFFu));
  return {};
}

/// SEQUENCE OF T without a size constraint (X.691 §20.6: unconstrained length determinant).
template <class T>
result<void> read_list(bit_reader& r, std::vector<T>& out) {
  std::size_t n = 0;
  NGN_RAS_GET(n, r.length_determinant());
  if (n > limits::max_list_items) return r.error(errc::limit_exceeded, "too many list items");
  out.clear();
  out.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    out.emplace_back();
    NGN_RAS_TRY(read(r, out.back()));
  }
  return {};
}

/// Reads an optional list: presence was signalled by the caller.
template <class T>
result<void> read_list(bit_reader& r, std::optional<std::vector<T>>& out) {
  out.emplace();
  return read_list(r, *out);
}

/// Reads the optional value `out` from `r`.
template <class T>
result<void> read_optional(bit_reader& r, std::optional<T>& out) {
  out.emplace();
  return read(r, *out);
}

/// The extension additions of a SEQUENCE whose extension bit was 1 (X.691 §19.7–19.9): a
/// normally small length, the presence bitmap, then one open type per present addition.
/// `known(index, reader)` decodes a modelled addition from its open type and returns
/// result<bool>: false means "not modelled", and the open type is kept verbatim in `unknown`.
template <class F>
result<void> read_extensions(bit_reader& r, unknown_extensions& unknown, F&& known) {
  std::size_t n = 0;
  NGN_RAS_GET(n, r.normally_small_length());
  if (n > limits::max_extensions) return r.error(errc::limit_exceeded, "too many extensions");
  std::uint64_t present = 0;
  for (std::size_t i = 0; i < n; ++i) {
    bool b = false;
    NGN_RAS_GET(b, r.bit());
    if (b) present |= std::uint64_t{1} << i;
  }
  unknown.clear();
  for (std::uint32_t i = 0; i < n; ++i) {
    if ((present >> i & 1) == 0) continue;
    auto sub = r.open_type();
    if (!sub) return sub.error();
    bit_reader contents = *sub;
    bool handled = false;
    NGN_RAS_GET(handled, known(i, contents));
    if (!handled) unknown.push_back(unknown_extension{i, sub->rest()});
  }
  return {};
}

/// A SEQUENCE with an extension marker and no modelled additions.
inline result<void> read_extensions(bit_reader& r, unknown_extensions& unknown) {
  return read_extensions(r, unknown, [](std::uint32_t, bit_reader&) -> result<bool> {
    return false;
  });
}

/// An extension alternative this model does not name: its open type, kept verbatim.
inline result<unknown_alternative> read_unknown_alternative(bit_reader& r, std::uint64_t index) {
  auto sub = r.open_type();
  if (!sub) return sub.error();
  return unknown_alternative{static_cast<std::uint32_t>(index), sub->rest()};
}

/// An optional BMPString (SIZE (1..128)) whose presence the caller has read.
inline result<void> read_identifier(bit_reader& r, std::optional<std::u16string>& v) {
  v.emplace();
  return read_identifier(r, *v);
}

// ---- encoding ----------------------------------------------------------------------------

/// Overload set for std::visit.
template <class... F>
struct overloaded : F... {
  using F::operator()...;
};
template <class... F>
overloaded(F...) -> overloaded<F...>;

result<void> write(bit_writer& w, const transport_address& v);
result<void> write(bit_writer& w, const alias_address& v);
result<void> write(bit_writer& w, const h221_non_standard& v);
result<void> write(bit_writer& w, const non_standard_parameter& v);
result<void> write(bit_writer& w, const vendor_identifier& v);
result<void> write(bit_writer& w, const endpoint_type& v);
result<void> write(bit_writer& w, const qseries_options& v);
result<void> write(bit_writer& w, const icv& v);
result<void> write(bit_writer& w, const generic_identifier& v);
result<void> write(bit_writer& w, const content& v);
result<void> write(bit_writer& w, const enumerated_parameter& v);
result<void> write(bit_writer& w, const generic_data& v);
result<void> write(bit_writer& w, const object_identifier& v);
// H.235
result<void> write(bit_writer& w, const h235_non_standard_parameter& v);
result<void> write(bit_writer& w, const params& v);
result<void> write(bit_writer& w, const hashed& v);
result<void> write(bit_writer& w, const encrypted& v);
result<void> write(bit_writer& w, const clear_token& v);
result<void> write(bit_writer& w, const crypto_token& v);
result<void> write(bit_writer& w, const crypto_h323_token& v);
result<void> write(bit_writer& w, const authentication_mechanism& v);
result<void> write(bit_writer& w, const security_errors& v);

// The reject and unregistration reasons (encode_reasons.cpp).
result<void> write(bit_writer& w, const gatekeeper_reject_reason& v);
result<void> write(bit_writer& w, const registration_reject_reason& v);
result<void> write(bit_writer& w, const unreg_request_reason& v);
result<void> write(bit_writer& w, const unreg_reject_reason& v);

inline result<void> write_identifier(bit_writer& w, const std::u16string& v) {
  return w.bmp_string(v, 1, 128);
}

inline result<void> write_time(bit_writer& w, std::uint32_t v) {
  return w.constrained_whole_number(v, 1, 0xFFFFFFFFu);
}

template <class T>
result<void> write_list(bit_writer& w, const std::vector<T>& v) {
  if (v.size() > limits::max_list_items) return w.error(errc::limit_exceeded, "too many list items");
  NGN_RAS_TRY(w.length_determinant(v.size()));
  for (const auto& item : v) NGN_RAS_TRY(write(w, item));
  return {};
}

/// An optional list: nothing if absent (its presence bit is written by the caller).
template <class T>
result<void> write_list(bit_writer& w, const std::optional<std::vector<T>>& v) {
  return v ? write_list(w, *v) : result<void>{};
}

/// An extension alternative kept verbatim (X.691 §23.8): bit 1, normally small index, open type.
/// `modelled(index)` says whether the CHOICE models that extension alternative itself.
result<void> write_unknown_alternative(bit_writer& w, const unknown_alternative& v, bool modelled);

/// An extension alternative whose contents `fn(writer)` writes into its open type (X.691 §23.8).
template <class F>
result<void> write_extension_alternative(bit_writer& w, std::uint64_t index, F&& fn) {
  w.bit(true);
  w.normally_small_number(index);
  const std::size_t mark = w.begin_open_type();
  NGN_RAS_TRY(fn(w));
  return w.end_open_type(mark);
}

/// Whether a SEQUENCE has extension additions to send: modelled ones (`present` mask) or
/// verbatim ones; this is its extension bit.
inline bool has_extensions(std::uint64_t present, const unknown_extensions& unknown) {
  return present != 0 || !unknown.empty();
}

/// Writes the extension additions of a SEQUENCE (X.691 §19.7–19.9). `count` is the number of
/// additions the type has (the bitmap is at least that long), `modelled` the mask of additions
/// the model names, `present` those to send; `known(index, writer)` writes one addition's
/// contents. Verbatim additions must be sorted, unique and not modelled.
template <class F>
result<void> write_extensions(bit_writer& w, std::size_t count, std::uint64_t modelled,
                              std::uint64_t present, const unknown_extensions& unknown,
                              F&& known) {
  std::size_t n = count;
  for (std::size_t i = 0; i < unknown.size(); ++i) {
    const auto idx = unknown[i].index;
    if (idx >= limits::max_extensions)
      return w.error(errc::invalid_model, "unknown extension index too large");
    if (i > 0 && idx <= unknown[i - 1].index)
      return w.error(errc::invalid_model, "unknown extensions not sorted by index");
    if (idx < count && (modelled >> idx & 1) != 0)
      return w.error(errc::invalid_model, "unknown extension at a modelled index");
    if (idx + 1u > n) n = idx + 1u;
  }
  NGN_RAS_TRY(w.normally_small_length(n));
  std::size_t u = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const bool kept = u < unknown.size() && unknown[u].index == i;
    w.bit(kept || (present >> i & 1) != 0);
    if (kept) ++u;
  }
  u = 0;
  for (std::uint32_t i = 0; i < n; ++i) {
    if (u < unknown.size() && unknown[u].index == i) {
      NGN_RAS_TRY(w.open_type(unknown[u].encoding));
      ++u;
    } else if ((present >> i & 1) != 0) {
      const std::size_t mark = w.begin_open_type();
      NGN_RAS_TRY(known(i, w));
      NGN_RAS_TRY(w.end_open_type(mark));
    }
  }
  return {};
}

/// A SEQUENCE with an extension marker and no modelled additions: its extension bit.
inline void write_extension_bit(bit_writer& w, const unknown_extensions& unknown) {
  w.bit(!unknown.empty());
}

/// Its additions, if any (after the root components).
inline result<void> write_extensions(bit_writer& w, const unknown_extensions& unknown) {
  if (unknown.empty()) return {};
  return write_extensions(w, 0, 0, 0, unknown,
                          [](std::uint32_t, bit_writer&) -> result<void> { return {}; });
}

/// Bit i set if `cond`.
inline std::uint64_t bit_if(bool cond, unsigned i) {
  return cond ? std::uint64_t{1} << i : 0;
}

} // namespace ngn::ras::detail
