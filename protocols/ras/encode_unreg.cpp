// Encoding of the unregistration messages (H.225.0 12/2009 §7.6.2): URQ, UCF, URJ.
#include "protocols/ras/codec_detail.hpp"

namespace ngn::ras::detail {

namespace {

template <class T>
result<void> write_opt(bit_writer& w, const std::optional<T>& v) {
  return v ? write(w, *v) : result<void>{};
}

/// A NULL extension alternative: its open type holds one 00 octet (X.691 §11.2, §23.8).
result<void> null_extension(bit_writer& w, std::uint64_t index) {
  return write_extension_alternative(w, index, [](bit_writer&) { return result<void>{}; });
}

result<void> write_urq_reason(bit_writer& w, const unreg_request_reason& v) {
  if (auto* u = std::get_if<unknown_alternative>(&v))
    return write_unknown_alternative(w, *u, u->index == 0 || u->index == 2);
  const auto c = static_cast<std::uint64_t>(std::get<unreg_request_code>(v));
  if (c < 4) return w.choice(c, 4, true);
  if (c == 4) return null_extension(w, 0);  // maintenance
  if (c == 5) return null_extension(w, 2);  // registerWithAssignedGK
  return w.error(errc::invalid_model, "unreg_request_code out of range");
}

result<void> write_urj_reason(bit_writer& w, const unreg_reject_reason& v) {
  if (auto* u = std::get_if<unknown_alternative>(&v))
    return write_unknown_alternative(w, *u, u->index <= 1);
  const auto c = static_cast<std::uint64_t>(std::get<unreg_reject_code>(v));
  if (c < 3) return w.choice(c, 3, true);
  if (c <= 4) return null_extension(w, c - 3);  // permissionDenied, securityDenial
  return w.error(errc::invalid_model, "unreg_reject_code out of range");
}

} // namespace

// URQ additions (of 11): gatekeeperIdentifier 1, tokens 2, cryptoTokens 3,
// integrityCheckValue 4, reason 5, genericData 9
result<void> write_urq(bit_writer& w, const unregistration_request& m) {
  constexpr std::uint64_t modelled = 0b010'0011'1110;
  const std::uint64_t present =
    bit_if(m.gatekeeper_identifier.has_value(), 1) | bit_if(m.tokens.has_value(), 2) |
    bit_if(m.crypto_tokens.has_value(), 3) | bit_if(m.integrity_check_value.has_value(), 4) |
    bit_if(m.reason.has_value(), 5) | bit_if(m.generic_data.has_value(), 9);
  const bool ext = has_extensions(present, m.extensions);
  w.bit(ext);
  w.bit(m.endpoint_alias.has_value());
  w.bit(m.non_standard_data.has_value());
  w.bit(m.endpoint_identifier.has_value());
  NGN_RAS_TRY(w.constrained_whole_number(m.request_seq_num, 1, 65535));
  NGN_RAS_TRY(write_list(w, m.call_signal_address));
  NGN_RAS_TRY(write_list(w, m.endpoint_alias));
  NGN_RAS_TRY(write_opt(w, m.non_standard_data));
  if (m.endpoint_identifier) NGN_RAS_TRY(write_identifier(w, *m.endpoint_identifier));
  if (!ext) return {};
  return write_extensions(w, 11, modelled, present, m.extensions,
                          [&](std::uint32_t i, bit_writer& o) -> result<void> {
    switch (i) {
      case 1: return write_identifier(o, *m.gatekeeper_identifier);
      case 2: return write_list(o, m.tokens);
      case 3: return write_list(o, m.crypto_tokens);
      case 4: return write_opt(o, m.integrity_check_value);
      case 5: return write_urq_reason(o, *m.reason);
      default: return write_list(o, m.generic_data);
    }
  });
}

// UCF additions (of 5): tokens 0, cryptoTokens 1, integrityCheckValue 2, genericData 3
result<void> write_ucf(bit_writer& w, const unregistration_confirm& m) {
  const std::uint64_t present =
    bit_if(m.tokens.has_value(), 0) | bit_if(m.crypto_tokens.has_value(), 1) |
    bit_if(m.integrity_check_value.has_value(), 2) | bit_if(m.generic_data.has_value(), 3);
  const bool ext = has_extensions(present, m.extensions);
  w.bit(ext);
  w.bit(m.non_standard_data.has_value());
  NGN_RAS_TRY(w.constrained_whole_number(m.request_seq_num, 1, 65535));
  NGN_RAS_TRY(write_opt(w, m.non_standard_data));
  if (!ext) return {};
  return write_extensions(w, 5, 0b01111, present, m.extensions,
                          [&](std::uint32_t i, bit_writer& o) -> result<void> {
    switch (i) {
      case 0: return write_list(o, m.tokens);
      case 1: return write_list(o, m.crypto_tokens);
      case 2: return write_opt(o, m.integrity_check_value);
      default: return write_list(o, m.generic_data);
    }
  });
}

// URJ additions (of 5): tokens 1, cryptoTokens 2, integrityCheckValue 3, genericData 4
result<void> write_urj(bit_writer& w, const unregistration_reject& m) {
  const std::uint64_t present =
    bit_if(m.tokens.has_value(), 1) | bit_if(m.crypto_tokens.has_value(), 2) |
    bit_if(m.integrity_check_value.has_value(), 3) | bit_if(m.generic_data.has_value(), 4);
  const bool ext = has_extensions(present, m.extensions);
  w.bit(ext);
  w.bit(m.non_standard_data.has_value());
  NGN_RAS_TRY(w.constrained_whole_number(m.request_seq_num, 1, 65535));
  NGN_RAS_TRY(write_urj_reason(w, m.reject_reason));
  NGN_RAS_TRY(write_opt(w, m.non_standard_data));
  if (!ext) return {};
  return write_extensions(w, 5, 0b11110, present, m.extensions,
                          [&](std::uint32_t i, bit_writer& o) -> result<void> {
    switch (i) {
      case 1: return write_list(o, m.tokens);
      case 2: return write_list(o, m.crypto_tokens);
      case 3: return write_opt(o, m.integrity_check_value);
      default: return write_list(o, m.generic_data);
    }
  });
}

} // namespace ngn::ras::detail
