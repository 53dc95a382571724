// Encoding of RasMessage (H.225.0 12/2009 §7): GRQ, GCF, GRJ, RRQ, RCF, RRJ (URQ, UCF, URJ in
// encode_unreg.cpp).
#include "protocols/ras/codec.hpp"
#include "protocols/ras/codec_detail.hpp"

namespace ngn::ras {

namespace detail {
namespace {

template <class M>
result<void> write_header(bit_writer& w, const M& m) {
  NGN_RAS_TRY(w.constrained_whole_number(m.request_seq_num, 1, 65535));
  return write(w, m.protocol_identifier);
}

template <class T>
result<void> write_optional(bit_writer& w, const std::optional<T>& v) {
  return v ? write(w, *v) : result<void>{};
}

/// Adds the mandatory extension additions (`mandatory` mask) whenever any addition is sent.
std::uint64_t with_mandatory(std::uint64_t present, std::uint64_t mandatory, bool any_true,
                             const unknown_extensions& unknown) {
  return has_extensions(present, unknown) || any_true ? present | mandatory : present;
}

// GRQ additions: tokens 1, cryptoTokens 2, authenticationCapability 3, algorithmOIDs 4,
// integrityCheckValue 6, supportsAltGK 7, genericData 9, supportsAssignedGK 10 (of 12)
result<void> write_grq(bit_writer& w, const gatekeeper_request& m) {
  constexpr std::uint64_t modelled = 0b110'1101'1110;
  const std::uint64_t present = with_mandatory(
    bit_if(m.tokens.has_value(), 1) | bit_if(m.crypto_tokens.has_value(), 2) |
      bit_if(m.authentication_capability.has_value(), 3) | bit_if(m.algorithm_oids.has_value(), 4) |
      bit_if(m.integrity_check_value.has_value(), 6) | bit_if(m.supports_alt_gk, 7) |
      bit_if(m.generic_data.has_value(), 9),
    bit_if(true, 10), m.supports_assigned_gk, m.extensions);
  const bool ext = has_extensions(present, m.extensions);
  w.bit(ext);
  w.bit(m.non_standard_data.has_value());
  w.bit(m.gatekeeper_identifier.has_value());
  w.bit(m.call_services.has_value());
  w.bit(m.endpoint_alias.has_value());
  NGN_RAS_TRY(write_header(w, m));
  NGN_RAS_TRY(write_optional(w, m.non_standard_data));
  NGN_RAS_TRY(write(w, m.ras_address));
  NGN_RAS_TRY(write(w, m.endpoint_type));
  if (m.gatekeeper_identifier) NGN_RAS_TRY(write_identifier(w, *m.gatekeeper_identifier));
  NGN_RAS_TRY(write_optional(w, m.call_services));
  NGN_RAS_TRY(write_list(w, m.endpoint_alias));
  if (!ext) return {};
  return write_extensions(w, 12, modelled, present, m.extensions,
                          [&](std::uint32_t i, bit_writer& o) -> result<void> {
    switch (i) {
      case 1: return write_list(o, m.tokens);
      case 2: return write_list(o, m.crypto_tokens);
      case 3: return write_list(o, m.authentication_capability);
      case 4: return write_list(o, m.algorithm_oids);
      case 6: return write_optional(o, m.integrity_check_value);
      case 9: return write_list(o, m.generic_data);
      case 10: o.boolean(m.supports_assigned_gk); return {};
      default: return {};  // supportsAltGK: NULL
    }
  });
}

// GCF additions: authenticationMode 1, tokens 2, cryptoTokens 3, algorithmOID 4,
// integrityCheckValue 6, genericData 8 (of 11)
result<void> write_gcf(bit_writer& w, const gatekeeper_confirm& m) {
  constexpr std::uint64_t modelled = 0b001'0101'1110;
  const std::uint64_t present =
    bit_if(m.authentication_mode.has_value(), 1) | bit_if(m.tokens.has_value(), 2) |
    bit_if(m.crypto_tokens.has_value(), 3) | bit_if(m.algorithm_oid.has_value(), 4) |
    bit_if(m.integrity_check_value.has_value(), 6) | bit_if(m.generic_data.has_value(), 8);
  const bool ext = has_extensions(present, m.extensions);
  w.bit(ext);
  w.bit(m.non_standard_data.has_value());
  w.bit(m.gatekeeper_identifier.has_value());
  NGN_RAS_TRY(write_header(w, m));
  NGN_RAS_TRY(write_optional(w, m.non_standard_data));
  if (m.gatekeeper_identifier) NGN_RAS_TRY(write_identifier(w, *m.gatekeeper_identifier));
  NGN_RAS_TRY(write(w, m.ras_address));
  if (!ext) return {};
  return write_extensions(w, 11, modelled, present, m.extensions,
                          [&](std::uint32_t i, bit_writer& o) -> result<void> {
    switch (i) {
      case 1: return write_optional(o, m.authentication_mode);
      case 2: return write_list(o, m.tokens);
      case 3: return write_list(o, m.crypto_tokens);
      case 4: return write_optional(o, m.algorithm_oid);
      case 6: return write_optional(o, m.integrity_check_value);
      default: return write_list(o, m.generic_data);
    }
  });
}

result<void> write_grj_reason(bit_writer& w, const gatekeeper_reject_reason& v) {
  return std::visit(
    overloaded{
      [&](gatekeeper_reject_code c) -> result<void> {
        const auto i = static_cast<std::uint64_t>(c);
        if (i < 4) return w.choice(i, 4, true);
        if (i > 6) return w.error(errc::invalid_model, "gatekeeper_reject_code out of range");
        return write_extension_alternative(w, i - 4, [](bit_writer&) { return result<void>{}; });
      },
      [&](const security_errors& e) {
        return write_extension_alternative(w, 3, [&](bit_writer& o) { return write(o, e); });
      },
      [&](const unknown_alternative& u) { return write_unknown_alternative(w, u, u.index <= 3); },
    },
    v);
}

// GRJ additions: tokens 1, cryptoTokens 2, integrityCheckValue 3, genericData 5 (of 6)
result<void> write_grj(bit_writer& w, const gatekeeper_reject& m) {
  const std::uint64_t present =
    bit_if(m.tokens.has_value(), 1) | bit_if(m.crypto_tokens.has_value(), 2) |
    bit_if(m.integrity_check_value.has_value(), 3) | bit_if(m.generic_data.has_value(), 5);
  const bool ext = has_extensions(present, m.extensions);
  w.bit(ext);
  w.bit(m.non_standard_data.has_value());
  w.bit(m.gatekeeper_identifier.has_value());
  NGN_RAS_TRY(write_header(w, m));
  NGN_RAS_TRY(write_optional(w, m.non_standard_data));
  if (m.gatekeeper_identifier) NGN_RAS_TRY(write_identifier(w, *m.gatekeeper_identifier));
  NGN_RAS_TRY(write_grj_reason(w, m.reject_reason));
  if (!ext) return {};
  return write_extensions(w, 6, 0b101110, present, m.extensions,
                          [&](std::uint32_t i, bit_writer& o) -> result<void> {
    switch (i) {
      case 1: return write_list(o, m.tokens);
      case 2: return write_list(o, m.crypto_tokens);
      case 3: return write_optional(o, m.integrity_check_value);
      default: return write_list(o, m.generic_data);
    }
  });
}

// RRQ additions (of 27): timeToLive 1, tokens 2, cryptoTokens 3, integrityCheckValue 4,
// keepAlive 5, endpointIdentifier 6, willSupplyUUIEs 7, maintainConnection 8,
// additiveRegistration 10, supportsAltGK 12, multipleCalls 14, genericData 20, restart 21,
// supportsACFSequences 22, supportsAssignedGK 23
result<void> write_rrq(bit_writer& w, const registration_request& m) {
  constexpr std::uint64_t mandatory = (1u << 5) | (1u << 7) | (1u << 8) | (1u << 23);
  constexpr std::uint64_t modelled = mandatory | 0b111'0000'0101'0101'0101'1110;
  const std::uint64_t present = with_mandatory(
    bit_if(m.time_to_live.has_value(), 1) | bit_if(m.tokens.has_value(), 2) |
      bit_if(m.crypto_tokens.has_value(), 3) | bit_if(m.integrity_check_value.has_value(), 4) |
      bit_if(m.endpoint_identifier.has_value(), 6) | bit_if(m.additive_registration, 10) |
      bit_if(m.supports_alt_gk, 12) | bit_if(m.multiple_calls.has_value(), 14) |
      bit_if(m.generic_data.has_value(), 20) | bit_if(m.restart, 21) |
      bit_if(m.supports_acf_sequences, 22),
    mandatory,
    m.keep_alive || m.will_supply_uuies || m.maintain_connection || m.supports_assigned_gk,
    m.extensions);
  const bool ext = has_extensions(present, m.extensions);
  w.bit(ext);
  w.bit(m.non_standard_data.has_value());
  w.bit(m.terminal_alias.has_value());
  w.bit(m.gatekeeper_identifier.has_value());
  NGN_RAS_TRY(write_header(w, m));
  NGN_RAS_TRY(write_optional(w, m.non_standard_data));
  w.boolean(m.discovery_complete);
  NGN_RAS_TRY(write_list(w, m.call_signal_address));
  NGN_RAS_TRY(write_list(w, m.ras_address));
  NGN_RAS_TRY(write(w, m.terminal_type));
  NGN_RAS_TRY(write_list(w, m.terminal_alias));
  if (m.gatekeeper_identifier) NGN_RAS_TRY(write_identifier(w, *m.gatekeeper_identifier));
  NGN_RAS_TRY(write(w, m.endpoint_vendor));
  if (!ext) return {};
  return write_extensions(w, 27, modelled, present, m.extensions,
                          [&](std::uint32_t i, bit_writer& o) -> result<void> {
    switch (i) {
      case 1: return write_time(o, *m.time_to_live);
      case 2: return write_list(o, m.tokens);
      case 3: return write_list(o, m.crypto_tokens);
      case 4: return write_optional(o, m.integrity_check_value);
      case 5: o.boolean(m.keep_alive); return {};
      case 6: return write_identifier(o, *m.endpoint_identifier);
      case 7: o.boolean(m.will_supply_uuies); return {};
      case 8: o.boolean(m.maintain_connection); return {};
      case 14: o.boolean(*m.multiple_calls); return {};
      case 20: return write_list(o, m.generic_data);
      case 23: o.boolean(m.supports_assigned_gk); return {};
      default: return {};  // NULL additions
    }
  });
}

// RCF additions (of 20): timeToLive 1, tokens 2, cryptoTokens 3, integrityCheckValue 4,
// willRespondToIRR 5, maintainConnection 7, supportsAdditiveRegistration 9,
// featureServerAlias 13, genericData 16
result<void> write_rcf(bit_writer& w, const registration_confirm& m) {
  constexpr std::uint64_t mandatory = (1u << 5) | (1u << 7);
  constexpr std::uint64_t modelled = mandatory | 0b1'0010'0010'0001'1110;
  const std::uint64_t present = with_mandatory(
    bit_if(m.time_to_live.has_value(), 1) | bit_if(m.tokens.has_value(), 2) |
      bit_if(m.crypto_tokens.has_value(), 3) | bit_if(m.integrity_check_value.has_value(), 4) |
      bit_if(m.supports_additive_registration, 9) |
      bit_if(m.feature_server_alias.has_value(), 13) | bit_if(m.generic_data.has_value(), 16),
    mandatory, m.will_respond_to_irr || m.maintain_connection, m.extensions);
  const bool ext = has_extensions(present, m.extensions);
  w.bit(ext);
  w.bit(m.non_standard_data.has_value());
  w.bit(m.terminal_alias.has_value());
  w.bit(m.gatekeeper_identifier.has_value());
  NGN_RAS_TRY(write_header(w, m));
  NGN_RAS_TRY(write_optional(w, m.non_standard_data));
  NGN_RAS_TRY(write_list(w, m.call_signal_address));
  NGN_RAS_TRY(write_list(w, m.terminal_alias));
  if (m.gatekeeper_identifier) NGN_RAS_TRY(write_identifier(w, *m.gatekeeper_identifier));
  NGN_RAS_TRY(write_identifier(w, m.endpoint_identifier));
  if (!ext) return {};
  return write_extensions(w, 20, modelled, present, m.extensions,
                          [&](std::uint32_t i, bit_writer& o) -> result<void> {
    switch (i) {
      case 1: return write_time(o, *m.time_to_live);
      case 2: return write_list(o, m.tokens);
      case 3: return write_list(o, m.crypto_tokens);
      case 4: return write_optional(o, m.integrity_check_value);
      case 5: o.boolean(m.will_respond_to_irr); return {};
      case 7: o.boolean(m.maintain_connection); return {};
      case 13: return write_optional(o, m.feature_server_alias);
      case 16: return write_list(o, m.generic_data);
      default: return {};  // supportsAdditiveRegistration: NULL
    }
  });
}

// RegistrationRejectReason: code → root index (0..7) or extension index (8 + i)
constexpr std::uint8_t rrj_code_position[16] = {0, 1, 2, 3, 5, 6, 7,              // root
                                               8, 9, 10, 11, 12, 13, 15, 16, 18};  // extension

result<void> write_rrj_reason(bit_writer& w, const registration_reject_reason& v) {
  return std::visit(
    overloaded{
      [&](registration_reject_code c) -> result<void> {
        const auto i = static_cast<std::size_t>(c);
        if (i >= std::size(rrj_code_position))
          return w.error(errc::invalid_model, "registration_reject_code out of range");
        const unsigned pos = rrj_code_position[i];
        if (pos < 8) return w.choice(pos, 8, true);
        return write_extension_alternative(w, pos - 8, [](bit_writer&) { return result<void>{}; });
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

// RRJ additions: tokens 1, cryptoTokens 2, integrityCheckValue 3, genericData 5 (of 7)
result<void> write_rrj(bit_writer& w, const registration_reject& m) {
  const std::uint64_t present =
    bit_if(m.tokens.has_value(), 1) | bit_if(m.crypto_tokens.has_value(), 2) |
    bit_if(m.integrity_check_value.has_value(), 3) | bit_if(m.generic_data.has_value(), 5);
  const bool ext = has_extensions(present, m.extensions);
  w.bit(ext);
  w.bit(m.non_standard_data.has_value());
  w.bit(m.gatekeeper_identifier.has_value());
  NGN_RAS_TRY(write_header(w, m));
  NGN_RAS_TRY(write_optional(w, m.non_standard_data));
  NGN_RAS_TRY(write_rrj_reason(w, m.reject_reason));
  if (m.gatekeeper_identifier) NGN_RAS_TRY(write_identifier(w, *m.gatekeeper_identifier));
  if (!ext) return {};
  return write_extensions(w, 7, 0b101110, present, m.extensions,
                          [&](std::uint32_t i, bit_writer& o) -> result<void> {
    switch (i) {
      case 1: return write_list(o, m.tokens);
      case 2: return write_list(o, m.crypto_tokens);
      case 3: return write_optional(o, m.integrity_check_value);
      default: return write_list(o, m.generic_data);
    }
  });
}

} // namespace
} // namespace detail

result<std::vector<std::uint8_t>> encode(const ras_message& msg) {
  bit_writer w;
  w.reserve(256);
  if (auto r = w.choice(msg.index(), 25, true); !r) return r.error();  // RasMessage root index
  auto r = std::visit(
    detail::overloaded{
      [&](const gatekeeper_request& m) { return detail::write_grq(w, m); },
      [&](const gatekeeper_confirm& m) { return detail::write_gcf(w, m); },
      [&](const gatekeeper_reject& m) { return detail::write_grj(w, m); },
      [&](const registration_request& m) { return detail::write_rrq(w, m); },
      [&](const registration_confirm& m) { return detail::write_rcf(w, m); },
      [&](const registration_reject& m) { return detail::write_rrj(w, m); },
      [&](const unregistration_request& m) { return detail::write_urq(w, m); },
      [&](const unregistration_confirm& m) { return detail::write_ucf(w, m); },
      [&](const unregistration_reject& m) { return detail::write_urj(w, m); },
    },
    msg);
  if (!r) return r.error();
  if (w.buffer().size() > limits::max_message_size)
    return w.error(errc::limit_exceeded, "RAS message larger than one UDP datagram");
  return std::move(w).finish();
}

} // namespace ngn::ras
