// Decoding of RasMessage (H.225.0 12/2009 §7): GRQ, GCF, GRJ, RRQ, RCF, RRJ (URQ, UCF, URJ in
// decode_unreg.cpp).
#include "protocols/ras/codec.hpp"
#include "protocols/ras/codec_detail.hpp"

namespace ngn::ras {

namespace detail {
namespace {

/// requestSeqNum and protocolIdentifier, the first two components of every message here.
template <class M>
result<void> read_header(bit_reader& r, M& m) {
  NGN_RAS_GET(m.request_seq_num, r.constrained_whole_number(1, 65535));
  NGN_RAS_TRY(read(r, m.protocol_identifier));
  return {};
}

result<void> read_grq(bit_reader& r, gatekeeper_request& m) {
  bool ext = false;
  std::uint64_t opt = 0;
  NGN_RAS_GET(ext, r.bit());
  NGN_RAS_GET(opt, r.bits(4));
  NGN_RAS_TRY(read_header(r, m));
  if (opt & 8) NGN_RAS_TRY(read_optional(r, m.non_standard_data));
  NGN_RAS_TRY(read(r, m.ras_address));
  NGN_RAS_TRY(read(r, m.endpoint_type));
  if (opt & 4) NGN_RAS_TRY(read_identifier(r, m.gatekeeper_identifier));
  if (opt & 2) NGN_RAS_TRY(read_optional(r, m.call_services));
  if (opt & 1) NGN_RAS_TRY(read_list(r, m.endpoint_alias));
  if (!ext) return {};
  return read_extensions(r, m.extensions, [&](std::uint32_t i, bit_reader& s) -> result<bool> {
    switch (i) {
      case 1: NGN_RAS_TRY(read_list(s, m.tokens)); return true;
      case 2: NGN_RAS_TRY(read_list(s, m.crypto_tokens)); return true;
      case 3: NGN_RAS_TRY(read_list(s, m.authentication_capability)); return true;
      case 4: NGN_RAS_TRY(read_list(s, m.algorithm_oids)); return true;
      case 6: NGN_RAS_TRY(read_optional(s, m.integrity_check_value)); return true;
      case 7: m.supports_alt_gk = true; return true;
      case 9: NGN_RAS_TRY(read_list(s, m.generic_data)); return true;
      case 10: NGN_RAS_GET(m.supports_assigned_gk, s.boolean()); return true;
      default: return false;
    }
  });
}

result<void> read_gcf(bit_reader& r, gatekeeper_confirm& m) {
  bool ext = false;
  std::uint64_t opt = 0;
  NGN_RAS_GET(ext, r.bit());
  NGN_RAS_GET(opt, r.bits(2));
  NGN_RAS_TRY(read_header(r, m));
  if (opt & 2) NGN_RAS_TRY(read_optional(r, m.non_standard_data));
  if (opt & 1) NGN_RAS_TRY(read_identifier(r, m.gatekeeper_identifier));
  NGN_RAS_TRY(read(r, m.ras_address));
  if (!ext) return {};
  return read_extensions(r, m.extensions, [&](std::uint32_t i, bit_reader& s) -> result<bool> {
    switch (i) {
      case 1: NGN_RAS_TRY(read_optional(s, m.authentication_mode)); return true;
      case 2: NGN_RAS_TRY(read_list(s, m.tokens)); return true;
      case 3: NGN_RAS_TRY(read_list(s, m.crypto_tokens)); return true;
      case 4: NGN_RAS_TRY(read_optional(s, m.algorithm_oid)); return true;
      case 6: NGN_RAS_TRY(read_optional(s, m.integrity_check_value)); return true;
      case 8: NGN_RAS_TRY(read_list(s, m.generic_data)); return true;
      default: return false;
    }
  });
}

// GatekeeperRejectReason ::= CHOICE {resourceUnavailable, terminalExcluded, invalidRevision,
// undefinedReason, ..., securityDenial, genericDataReason, neededFeatureNotSupported, securityError}
result<void> read_grj_reason(bit_reader& r, gatekeeper_reject_reason& v) {
  choice_index c;
  NGN_RAS_GET(c, r.choice(4, true));
  if (!c.extension) {
    v = static_cast<gatekeeper_reject_code>(c.index);
    return {};
  }
  if (c.index > 3) {
    NGN_RAS_GET(v, read_unknown_alternative(r, c.index));
    return {};
  }
  auto sub = r.open_type();
  if (!sub) return sub.error();
  if (c.index < 3) {  // NULL: the open type's contents (one 00 octet) carry nothing
    v = static_cast<gatekeeper_reject_code>(4 + c.index);
    return {};
  }
  security_errors e;
  NGN_RAS_TRY(read(*sub, e));
  v = std::move(e);
  return {};
}

result<void> read_grj(bit_reader& r, gatekeeper_reject& m) {
  bool ext = false;
  std::uint64_t opt = 0;
  NGN_RAS_GET(ext, r.bit());
  NGN_RAS_GET(opt, r.bits(2));
  NGN_RAS_TRY(read_header(r, m));
  if (opt & 2) NGN_RAS_TRY(read_optional(r, m.non_standard_data));
  if (opt & 1) NGN_RAS_TRY(read_identifier(r, m.gatekeeper_identifier));
  NGN_RAS_TRY(read_grj_reason(r, m.reject_reason));
  if (!ext) return {};
  return read_extensions(r, m.extensions, [&](std::uint32_t i, bit_reader& s) -> result<bool> {
    switch (i) {
      case 1: NGN_RAS_TRY(read_list(s, m.tokens)); return true;
      case 2: NGN_RAS_TRY(read_list(s, m.crypto_tokens)); return true;
      case 3: NGN_RAS_TRY(read_optional(s, m.integrity_check_value)); return true;
      case 5: NGN_RAS_TRY(read_list(s, m.generic_data)); return true;
      default: return false;
    }
  });
}

result<void> read_rrq(bit_reader& r, registration_request& m) {
  bool ext = false;
  std::uint64_t opt = 0;
  NGN_RAS_GET(ext, r.bit());
  NGN_RAS_GET(opt, r.bits(3));
  NGN_RAS_TRY(read_header(r, m));
  if (opt & 4) NGN_RAS_TRY(read_optional(r, m.non_standard_data));
  NGN_RAS_GET(m.discovery_complete, r.boolean());
  NGN_RAS_TRY(read_list(r, m.call_signal_address));
  NGN_RAS_TRY(read_list(r, m.ras_address));
  NGN_RAS_TRY(read(r, m.terminal_type));
  if (opt & 2) NGN_RAS_TRY(read_list(r, m.terminal_alias));
  if (opt & 1) NGN_RAS_TRY(read_identifier(r, m.gatekeeper_identifier));
  NGN_RAS_TRY(read(r, m.endpoint_vendor));
  if (!ext) return {};
  return read_extensions(r, m.extensions, [&](std::uint32_t i, bit_reader& s) -> result<bool> {
    switch (i) {
      case 1: NGN_RAS_TRY(read_time(s, m.time_to_live.emplace())); return true;
      case 2: NGN_RAS_TRY(read_list(s, m.tokens)); return true;
      case 3: NGN_RAS_TRY(read_list(s, m.crypto_tokens)); return true;
      case 4: NGN_RAS_TRY(read_optional(s, m.integrity_check_value)); return true;
      case 5: NGN_RAS_GET(m.keep_alive, s.boolean()); return true;
      case 6: NGN_RAS_TRY(read_identifier(s, m.endpoint_identifier)); return true;
      case 7: NGN_RAS_GET(m.will_supply_uuies, s.boolean()); return true;
      case 8: NGN_RAS_GET(m.maintain_connection, s.boolean()); return true;
      case 10: m.additive_registration = true; return true;
      case 12: m.supports_alt_gk = true; return true;
      case 14: NGN_RAS_GET(m.multiple_calls, s.boolean()); return true;
      case 20: NGN_RAS_TRY(read_list(s, m.generic_data)); return true;
      case 21: m.restart = true; return true;
      case 22: m.supports_acf_sequences = true; return true;
      case 23: NGN_RAS_GET(m.supports_assigned_gk, s.boolean()); return true;
      default: return false;
    }
  });
}

result<void> read_rcf(bit_reader& r, registration_confirm& m) {
  bool ext = false;
  std::uint64_t opt = 0;
  NGN_RAS_GET(ext, r.bit());
  NGN_RAS_GET(opt, r.bits(3));
  NGN_RAS_TRY(read_header(r, m));
  if (opt & 4) NGN_RAS_TRY(read_optional(r, m.non_standard_data));
  NGN_RAS_TRY(read_list(r, m.call_signal_address));
  if (opt & 2) NGN_RAS_TRY(read_list(r, m.terminal_alias));
  if (opt & 1) NGN_RAS_TRY(read_identifier(r, m.gatekeeper_identifier));
  NGN_RAS_TRY(read_identifier(r, m.endpoint_identifier));
  if (!ext) return {};
  return read_extensions(r, m.extensions, [&](std::uint32_t i, bit_reader& s) -> result<bool> {
    switch (i) {
      case 1: NGN_RAS_TRY(read_time(s, m.time_to_live.emplace())); return true;
      case 2: NGN_RAS_TRY(read_list(s, m.tokens)); return true;
      case 3: NGN_RAS_TRY(read_list(s, m.crypto_tokens)); return true;
      case 4: NGN_RAS_TRY(read_optional(s, m.integrity_check_value)); return true;
      case 5: NGN_RAS_GET(m.will_respond_to_irr, s.boolean()); return true;
      case 7: NGN_RAS_GET(m.maintain_connection, s.boolean()); return true;
      case 9: m.supports_additive_registration = true; return true;
      case 13: NGN_RAS_TRY(read_optional(s, m.feature_server_alias)); return true;
      case 16: NGN_RAS_TRY(read_list(s, m.generic_data)); return true;
      default: return false;
    }
  });
}

// RegistrationRejectReason root: discoveryRequired, invalidRevision, invalidCallSignalAddress,
// invalidRASAddress, duplicateAlias, invalidTerminalType, undefinedReason, transportNotSupported;
// extension: transportQOSNotSupported, resourceUnavailable, invalidAlias, securityDenial,
// fullRegistrationRequired, additiveRegistrationNotSupported, invalidTerminalAliases,
// genericDataReason, neededFeatureNotSupported, securityError, registerWithAssignedGK.
constexpr int rrj_root_codes[8] = {0, 1, 2, 3, -1, 4, 5, 6};
constexpr int rrj_extension_codes[11] = {7, 8, 9, 10, 11, 12, -1, 13, 14, -2, 15};

result<void> read_rrj_reason(bit_reader& r, registration_reject_reason& v) {
  choice_index c;
  NGN_RAS_GET(c, r.choice(8, true));
  if (!c.extension) {
    const int code = rrj_root_codes[c.index];
    if (code >= 0) {
      v = static_cast<registration_reject_code>(code);
      return {};
    }
    duplicate_alias d;
    NGN_RAS_TRY(read_list(r, d.aliases));
    v = std::move(d);
    return {};
  }
  if (c.index >= std::size(rrj_extension_codes) || rrj_extension_codes[c.index] == -1) {
    NGN_RAS_GET(v, read_unknown_alternative(r, c.index));
    return {};
  }
  auto sub = r.open_type();
  if (!sub) return sub.error();
  const int code = rrj_extension_codes[c.index];
  if (code >= 0) {
    v = static_cast<registration_reject_code>(code);
    return {};
  }
  security_errors e;
  NGN_RAS_TRY(read(*sub, e));
  v = std::move(e);
  return {};
}

result<void> read_rrj(bit_reader& r, registration_reject& m) {
  bool ext = false;
  std::uint64_t opt = 0;
  NGN_RAS_GET(ext, r.bit());
  NGN_RAS_GET(opt, r.bits(2));
  NGN_RAS_TRY(read_header(r, m));
  if (opt & 2) NGN_RAS_TRY(read_optional(r, m.non_standard_data));
  NGN_RAS_TRY(read_rrj_reason(r, m.reject_reason));
  if (opt & 1) NGN_RAS_TRY(read_identifier(r, m.gatekeeper_identifier));
  if (!ext) return {};
  return read_extensions(r, m.extensions, [&](std::uint32_t i, bit_reader& s) -> result<bool> {
    switch (i) {
      case 1: NGN_RAS_TRY(read_list(s, m.tokens)); return true;
      case 2: NGN_RAS_TRY(read_list(s, m.crypto_tokens)); return true;
      case 3: NGN_RAS_TRY(read_optional(s, m.integrity_check_value)); return true;
      case 5: NGN_RAS_TRY(read_list(s, m.generic_data)); return true;
      default: return false;
    }
  });
}

template <class M, class F>
result<ras_message> read_message(bit_reader& r, F read_fn) {
  M m;
  if (auto res = read_fn(r, m); !res) return res.error();
  return ras_message{std::move(m)};
}

} // namespace
} // namespace detail

// RasMessage ::= CHOICE {25 root alternatives, ..., requestInProgress, ...}
result<ras_message> decode(const std::uint8_t* data, std::size_t size) {
  if (size > limits::max_message_size)
    return make_error(errc::limit_exceeded, 0, "RAS message larger than one UDP datagram");
  bit_reader r(data, size);
  auto c = r.choice(25, true);
  if (!c) return std::move(c).error();
  if (c->extension)
    return r.error(errc::unsupported, "RasMessage extension alternative not supported");
  switch (c->index) {
    case 0: return detail::read_message<gatekeeper_request>(r, detail::read_grq);
    case 1: return detail::read_message<gatekeeper_confirm>(r, detail::read_gcf);
    case 2: return detail::read_message<gatekeeper_reject>(r, detail::read_grj);
    case 3: return detail::read_message<registration_request>(r, detail::read_rrq);
    case 4: return detail::read_message<registration_confirm>(r, detail::read_rcf);
    case 5: return detail::read_message<registration_reject>(r, detail::read_rrj);
    case 6: return detail::read_message<unregistration_request>(r, detail::read_urq);
    case 7: return detail::read_message<unregistration_confirm>(r, detail::read_ucf);
    case 8: return detail::read_message<unregistration_reject>(r, detail::read_urj);
    default: return make_error(errc::unsupported, 0, "RasMessage alternative not supported");
  }
}

} // namespace ngn::ras
