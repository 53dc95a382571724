// Encoding of the reject and unregistration reasons of the RAS messages (H.225.0 12/2009 §7):
// GatekeeperRejectReason, RegistrationRejectReason, UnregRequestReason, UnregRejectReason, as
// reasons.hpp numbers their alternatives.
#include "protocols/ras/codec_detail.hpp"
#include "protocols/ras/reasons.hpp"

namespace ngn::ras::detail {

namespace {

/// The NULL alternative of enum value `c`: its root index, or its extension index with an open
/// type holding one 00 octet (X.691 §11.2, §23.8); `out_of_range` if the tables do not have it.
template <class Code, std::size_t R, std::size_t E>
result<void> write_code(bit_writer& w, Code c, const int (&root)[R], const int (&extension)[E],
                        const char* out_of_range) {
  const int code = static_cast<int>(c);
  for (std::size_t i = 0; i < R; ++i)
    if (root[i] == code) return w.choice(i, R, true);
  for (std::size_t i = 0; i < E; ++i)
    if (extension[i] == code)
      return write_extension_alternative(w, i, [](bit_writer&) { return result<void>{}; });
  return w.error(errc::invalid_model, out_of_range);
}

/// A verbatim alternative: refused where the tables model that extension index (ambiguous).
template <std::size_t E>
result<void> write_verbatim(bit_writer& w, const unknown_alternative& u,
                            const int (&extension)[E]) {
  return write_unknown_alternative(w, u,
                                   reason::extension_code(u.index, extension) != reason::verbatim);
}

/// The securityError alternative (SecurityErrors) at extension index `index`.
result<void> write_security_error(bit_writer& w, std::uint64_t index, const security_errors& e) {
  return write_extension_alternative(w, index, [&](bit_writer& o) { return write(o, e); });
}

/// A reason: its NULL alternatives (codes of enum Code) by the tables, verbatim ones, and the
/// alternatives with contents by `special` (one callable per variant alternative).
template <class Code, class Reason, std::size_t R, std::size_t E, class... Special>
result<void> write_reason(bit_writer& w, const Reason& v, const int (&root)[R],
                          const int (&extension)[E], const char* out_of_range,
                          Special... special) {
  return std::visit(
    overloaded{
      [&](Code c) { return write_code(w, c, root, extension, out_of_range); },
      [&](const unknown_alternative& u) { return write_verbatim(w, u, extension); },
      special...,
    },
    v);
}

} // namespace

result<void> write(bit_writer& w, const gatekeeper_reject_reason& v) {
  return write_reason<gatekeeper_reject_code>(
    w, v, reason::grj_root, reason::grj_extension, "gatekeeper_reject_code out of range",
    [&](const security_errors& e) { return write_security_error(w, 3, e); });
}

result<void> write(bit_writer& w, const registration_reject_reason& v) {
  return write_reason<registration_reject_code>(
    w, v, reason::rrj_root, reason::rrj_extension, "registration_reject_code out of range",
    [&](const duplicate_alias& d) -> result<void> {
      NGN_RAS_TRY(w.choice(4, 8, true));
      return write_list(w, d.aliases);
    },
    [&](const security_errors& e) { return write_security_error(w, 9, e); });
}

result<void> write(bit_writer& w, const unreg_request_reason& v) {
  return write_reason<unreg_request_code>(w, v, reason::urq_root, reason::urq_extension,
                                          "unreg_request_code out of range");
}

result<void> write(bit_writer& w, const unreg_reject_reason& v) {
  return write_reason<unreg_reject_code>(w, v, reason::urj_root, reason::urj_extension,
                                         "unreg_reject_code out of range");
}

} // namespace ngn::ras::detail
