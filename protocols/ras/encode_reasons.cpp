// Encoding of the reject and unregistration reasons of the RAS messages (H.225.0 12/2009 §7):
// GatekeeperRejectReason, RegistrationRejectReason, UnregRequestReason, UnregRejectReason.
#include "protocols/ras/codec_detail.hpp"

#include <iterator>

namespace ngn::ras::detail {

namespace {

/// A NULL extension alternative: its open type holds one 00 octet (X.691 §11.2, §23.8).
result<void> null_extension(bit_writer& w, std::uint64_t index) {
  return write_extension_alternative(w, index, [](bit_writer&) { return result<void>{}; });
}

// RegistrationRejectReason: code → root index (0..7) or extension index (8 + i)
constexpr std::uint8_t rrj_code_position[16] = {0, 1, 2, 3, 5, 6, 7,              // root
                                               8, 9, 10, 11, 12, 13, 15, 16, 18};  // extension

} // namespace

// GatekeeperRejectReason: root NULLs 0..3, extension NULLs 0..2, securityError 3
result<void> write(bit_writer& w, const gatekeeper_reject_reason& v) {
  return std::visit(
    overloaded{
      [&](gatekeeper_reject_code c) -> result<void> {
        const auto i = static_cast<std::uint64_t>(c);
        if (i < 4) return w.choice(i, 4, true);
        if (i > 6) return w.error(errc::invalid_model, "gatekeeper_reject_code out of range");
        return null_extension(w, i - 4);
      },
      [&](const security_errors& e) {
        return write_extension_alternative(w, 3, [&](bit_writer& o) { return write(o, e); });
      },
      [&](const unknown_alternative& u) { return write_unknown_alternative(w, u, u.index <= 3); },
    },
    v);
}

result<void> write(bit_writer& w, const registration_reject_reason& v) {
  return std::visit(
    overloaded{
      [&](registration_reject_code c) -> result<void> {
        const auto i = static_cast<std::size_t>(c);
        if (i >= std::size(rrj_code_position))
          return w.error(errc::invalid_model, "registration_reject_code out of range");
        const unsigned pos = rrj_code_position[i];
        if (pos < 8) return w.choice(pos, 8, true);
        return null_extension(w, pos - 8);
      },
      [&](const duplicate_alias& d) -> result<void> {
        NGN_RAS_TRY(w.choice(4, 8, true));
        return write_list(w, d.aliases);
      },
      [&](const security_errors& e) {
        return write_extension_alternative(w, 9, [&](bit_writer& o) { return write(o, e); });
      },
      [&](const unknown_alternative& u) {
        return write_unknown_alternative(w, u, u.index <= 10 && u.index != 6);
      },
    },
    v);
}

// UnregRequestReason: root NULLs 0..3, extension NULLs maintenance 0, registerWithAssignedGK 2
result<void> write(bit_writer& w, const unreg_request_reason& v) {
  if (auto* u = std::get_if<unknown_alternative>(&v))
    return write_unknown_alternative(w, *u, u->index == 0 || u->index == 2);
  const auto c = static_cast<std::uint64_t>(std::get<unreg_request_code>(v));
  if (c < 4) return w.choice(c, 4, true);
  if (c == 4) return null_extension(w, 0);  // maintenance
  if (c == 5) return null_extension(w, 2);  // registerWithAssignedGK
  return w.error(errc::invalid_model, "unreg_request_code out of range");
}

// UnregRejectReason: root NULLs 0..2, extension NULLs 0..1
result<void> write(bit_writer& w, const unreg_reject_reason& v) {
  if (auto* u = std::get_if<unknown_alternative>(&v))
    return write_unknown_alternative(w, *u, u->index <= 1);
  const auto c = static_cast<std::uint64_t>(std::get<unreg_reject_code>(v));
  if (c < 3) return w.choice(c, 3, true);
  if (c <= 4) return null_extension(w, c - 3);  // permissionDenied, securityDenial
  return w.error(errc::invalid_model, "unreg_reject_code out of range");
}

} // namespace ngn::ras::detail
