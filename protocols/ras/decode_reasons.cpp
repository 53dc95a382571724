// Decoding of the reject and unregistration reasons of the RAS messages (H.225.0 12/2009 §7):
// GatekeeperRejectReason, RegistrationRejectReason, UnregRequestReason, UnregRejectReason, as
// reasons.hpp numbers their alternatives.
#include "protocols/ras/codec_detail.hpp"
#include "protocols/ras/reasons.hpp"

namespace ngn::ras::detail {

namespace {

/// A reason CHOICE of NULLs (codes of enum Code) and at most one alternative with contents in the
/// root and one in the extension, decoded by `read_special(reader, v, choice)` from the message
/// (root) or from the alternative's open type (extension).
template <class Code, class V, std::size_t R, std::size_t E, class F>
result<void> read_reason(bit_reader& r, V& v, const int (&root)[R], const int (&extension)[E],
                         F read_special) {
  choice_index c;
  NGN_RAS_GET(c, r.choice(R, true));
  if (!c.extension) {
    const int code = root[c.index];
    if (code == reason::special) return read_special(r, v, c);
    v = static_cast<Code>(code);
    return {};
  }
  const int code = reason::extension_code(c.index, extension);
  if (code == reason::verbatim) {
    NGN_RAS_GET(v, read_unknown_alternative(r, c.index));
    return {};
  }
  auto sub = r.open_type();  // a NULL's open type carries nothing (one 00 octet)
  if (!sub) return sub.error();
  if (code == reason::special) return read_special(*sub, v, c);
  v = static_cast<Code>(code);
  return {};
}

/// The securityError alternative (SecurityErrors).
template <class V>
result<void> read_security_error(bit_reader& r, V& v) {
  security_errors e;
  NGN_RAS_TRY(read(r, e));
  v = std::move(e);
  return {};
}

/// For the reasons whose alternatives with contents are all kept verbatim.
constexpr auto no_special = [](bit_reader&, auto&, const choice_index&) -> result<void> {
  return {};
};

} // namespace

result<void> read(bit_reader& r, gatekeeper_reject_reason& v) {
  return read_reason<gatekeeper_reject_code>(
    r, v, reason::grj_root, reason::grj_extension,
    [](bit_reader& s, auto& out, const choice_index&) { return read_security_error(s, out); });
}

result<void> read(bit_reader& r, registration_reject_reason& v) {
  return read_reason<registration_reject_code>(
    r, v, reason::rrj_root, reason::rrj_extension,
    [](bit_reader& s, auto& out, const choice_index& c) -> result<void> {
      if (c.extension) return read_security_error(s, out);
      duplicate_alias d;
      NGN_RAS_TRY(read_list(s, d.aliases));
      out = std::move(d);
      return {};
    });
}

result<void> read(bit_reader& r, unreg_request_reason& v) {
  return read_reason<unreg_request_code>(r, v, reason::urq_root, reason::urq_extension,
                                         no_special);
}

result<void> read(bit_reader& r, unreg_reject_reason& v) {
  return read_reason<unreg_reject_code>(r, v, reason::urj_root, reason::urj_extension,
                                        no_special);
}

} // namespace ngn::ras::detail
