// Decoding of the unregistration messages (H.225.0 12/2009 §7.6.2, ASN.1 of H323-MESSAGES):
// UnregistrationRequest (URQ), UnregistrationConfirm (UCF), UnregistrationReject (URJ).
#include "protocols/ras/codec_detail.hpp"

namespace ngn::ras::detail {

namespace {

// UnregRequestReason ::= CHOICE {reregistrationRequired, ttlExpired, securityDenial,
// undefinedReason, ..., maintenance, securityError SecurityErrors2, registerWithAssignedGK}
result<void> read_urq_reason(bit_reader& r, unreg_request_reason& v) {
  choice_index c;
  NGN_RAS_GET(c, r.choice(4, true));
  if (!c.extension) {
    v = static_cast<unreg_request_code>(c.index);
    return {};
  }
  if (c.index != 0 && c.index != 2) {  // securityError and later ones: verbatim
    NGN_RAS_GET(v, read_unknown_alternative(r, c.index));
    return {};
  }
  auto sub = r.open_type();  // NULL: the open type carries nothing
  if (!sub) return sub.error();
  v = c.index == 0 ? unreg_request_code::maintenance
                   : unreg_request_code::register_with_assigned_gk;
  return {};
}

// UnregRejectReason ::= CHOICE {notCurrentlyRegistered, callInProgress, undefinedReason, ...,
// permissionDenied, securityDenial, securityError SecurityErrors2}
result<void> read_urj_reason(bit_reader& r, unreg_reject_reason& v) {
  choice_index c;
  NGN_RAS_GET(c, r.choice(3, true));
  if (!c.extension) {
    v = static_cast<unreg_reject_code>(c.index);
    return {};
  }
  if (c.index > 1) {
    NGN_RAS_GET(v, read_unknown_alternative(r, c.index));
    return {};
  }
  auto sub = r.open_type();
  if (!sub) return sub.error();
  v = static_cast<unreg_reject_code>(3 + c.index);
  return {};
}

} // namespace

// UnregistrationRequest ::= SEQUENCE {requestSeqNum, callSignalAddress, endpointAlias OPTIONAL,
// nonStandardData OPTIONAL, endpointIdentifier OPTIONAL, ..., 11 additions}
result<void> read_urq(bit_reader& r, unregistration_request& m) {
  bool ext = false;
  std::uint64_t opt = 0;
  NGN_RAS_GET(ext, r.bit());
  NGN_RAS_GET(opt, r.bits(3));
  NGN_RAS_GET(m.request_seq_num, r.constrained_whole_number(1, 65535));
  NGN_RAS_TRY(read_list(r, m.call_signal_address));
  if (opt & 4) NGN_RAS_TRY(read_list(r, m.endpoint_alias));
  if (opt & 2) NGN_RAS_TRY(read_optional(r, m.non_standard_data));
  if (opt & 1) NGN_RAS_TRY(read_identifier(r, m.endpoint_identifier));
  if (!ext) return {};
  return read_extensions(r, m.extensions, [&](std::uint32_t i, bit_reader& s) -> result<bool> {
    switch (i) {
      case 1: NGN_RAS_TRY(read_identifier(s, m.gatekeeper_identifier)); return true;
      case 2: NGN_RAS_TRY(read_list(s, m.tokens)); return true;
      case 3: NGN_RAS_TRY(read_list(s, m.crypto_tokens)); return true;
      case 4: NGN_RAS_TRY(read_optional(s, m.integrity_check_value)); return true;
      case 5: NGN_RAS_TRY(read_urq_reason(s, m.reason.emplace())); return true;
      case 9: NGN_RAS_TRY(read_list(s, m.generic_data)); return true;
      default: return false;
    }
  });
}

// UnregistrationConfirm ::= SEQUENCE {requestSeqNum, nonStandardData OPTIONAL, ..., tokens,
// cryptoTokens, integrityCheckValue, genericData, assignedGatekeeper}
result<void> read_ucf(bit_reader& r, unregistration_confirm& m) {
  bool ext = false;
  std::uint64_t opt = 0;
  NGN_RAS_GET(ext, r.bit());
  NGN_RAS_GET(opt, r.bits(1));
  NGN_RAS_GET(m.request_seq_num, r.constrained_whole_number(1, 65535));
  if (opt & 1) NGN_RAS_TRY(read_optional(r, m.non_standard_data));
  if (!ext) return {};
  return read_extensions(r, m.extensions, [&](std::uint32_t i, bit_reader& s) -> result<bool> {
    switch (i) {
      case 0: NGN_RAS_TRY(read_list(s, m.tokens)); return true;
      case 1: NGN_RAS_TRY(read_list(s, m.crypto_tokens)); return true;
      case 2: NGN_RAS_TRY(read_optional(s, m.integrity_check_value)); return true;
      case 3: NGN_RAS_TRY(read_list(s, m.generic_data)); return true;
      default: return false;
    }
  });
}

// UnregistrationReject ::= SEQUENCE {requestSeqNum, rejectReason, nonStandardData OPTIONAL, ...,
// altGKInfo, tokens, cryptoTokens, integrityCheckValue, genericData}
result<void> read_urj(bit_reader& r, unregistration_reject& m) {
  bool ext = false;
  std::uint64_t opt = 0;
  NGN_RAS_GET(ext, r.bit());
  NGN_RAS_GET(opt, r.bits(1));
  NGN_RAS_GET(m.request_seq_num, r.constrained_whole_number(1, 65535));
  NGN_RAS_TRY(read_urj_reason(r, m.reject_reason));
  if (opt & 1) NGN_RAS_TRY(read_optional(r, m.non_standard_data));
  if (!ext) return {};
  return read_extensions(r, m.extensions, [&](std::uint32_t i, bit_reader& s) -> result<bool> {
    switch (i) {
      case 1: NGN_RAS_TRY(read_list(s, m.tokens)); return true;
      case 2: NGN_RAS_TRY(read_list(s, m.crypto_tokens)); return true;
      case 3: NGN_RAS_TRY(read_optional(s, m.integrity_check_value)); return true;
      case 4: NGN_RAS_TRY(read_list(s, m.generic_data)); return true;
      default: return false;
    }
  });
}

} // namespace ngn::ras::detail
