// Decoding of the H.235.0 (09/2005) types carried by RAS. SIGNED{} alternatives are unsupported.
#include "protocols/ras/sequence.hpp"

namespace ngn::ras::detail {

result<void> read(bit_reader& r, h235_non_standard_parameter& v) {
  NGN_RAS_TRY(read(r, v.non_standard_identifier));
  NGN_RAS_GET(v.data, r.octet_string(0, no_ub));
  return {};
}

namespace {

// DHset ::= SEQUENCE {halfkey, modSize, generator BIT STRING (SIZE (0..2048)), ...}
result<void> read_dh_set(bit_reader& r, dh_set& v) {
  bool ext = false;
  NGN_RAS_GET(ext, r.bit());
  NGN_RAS_GET(v.halfkey, r.bit_string(0, 2048));
  NGN_RAS_GET(v.mod_size, r.bit_string(0, 2048));
  NGN_RAS_GET(v.generator, r.bit_string(0, 2048));
  if (ext) NGN_RAS_TRY(read_extensions(r, v.extensions));
  return {};
}

// TypedCertificate ::= SEQUENCE {type OBJECT IDENTIFIER, certificate OCTET STRING, ...}
result<void> read_certificate(bit_reader& r, typed_certificate& v) {
  bool ext = false;
  NGN_RAS_GET(ext, r.bit());
  NGN_RAS_TRY(read(r, v.type));
  NGN_RAS_GET(v.certificate, r.octet_string(0, no_ub));
  if (ext) NGN_RAS_TRY(read_extensions(r, v.extensions));
  return {};
}

template <std::size_t N>
result<void> read_iv(bit_reader& r, std::optional<std::array<std::uint8_t, N>>& v) {
  return r.fixed_octet_string(v.emplace().data(), N);
}

} // namespace

// Params ::= SEQUENCE {ranInt INTEGER OPTIONAL, iv8 IV8 OPTIONAL, ..., iv16, iv, clearSalt}
result<void> read(bit_reader& r, params& v) {
  bool ext = false;
  std::uint64_t opt = 0;
  NGN_RAS_GET(ext, r.bit());
  NGN_RAS_GET(opt, r.bits(2));
  if (opt & 2) NGN_RAS_GET(v.ran_int, r.unconstrained_integer());
  if (opt & 1) NGN_RAS_TRY(read_iv(r, v.iv8));
  if (!ext) return {};
  return read_extensions(r, v.extensions, [&](std::uint32_t i, bit_reader& s) -> result<bool> {
    switch (i) {
      case 0: NGN_RAS_TRY(read_iv(s, v.iv16)); return true;
      case 1: NGN_RAS_GET(v.iv, s.octet_string(0, no_ub)); return true;
      case 2: NGN_RAS_GET(v.clear_salt, s.octet_string(0, no_ub)); return true;
      default: return false;
    }
  });
}

// HASHED{} ::= SEQUENCE {algorithmOID, paramS Params, hash BIT STRING}
result<void> read(bit_reader& r, hashed& v) {
  NGN_RAS_TRY(read(r, v.algorithm_oid));
  NGN_RAS_TRY(read(r, v.param_s));
  NGN_RAS_GET(v.hash, r.bit_string(0, no_ub));
  return {};
}

// ENCRYPTED{} ::= SEQUENCE {algorithmOID, paramS Params, encryptedData OCTET STRING}
result<void> read(bit_reader& r, encrypted& v) {
  NGN_RAS_TRY(read(r, v.algorithm_oid));
  NGN_RAS_TRY(read(r, v.param_s));
  NGN_RAS_GET(v.encrypted_data, r.octet_string(0, no_ub));
  return {};
}

namespace {

// H235Key ::= CHOICE {secureChannel KeyMaterial, sharedSecret ENCRYPTED{...},
// certProtectedKey SIGNED{...}, ..., secureSharedSecret V3KeySyncMaterial}
result<void> read_h235_key(bit_reader& r, h235_key& v) {
  choice_index c;
  NGN_RAS_GET(c, r.choice(3, true));
  if (c.extension) {
    NGN_RAS_GET(v, read_unknown_alternative(r, c.index));
  } else if (c.index == 0) {
    NGN_RAS_GET(v, r.bit_string(1, 2048));
  } else if (c.index == 1) {
    return read_alternative<encrypted>(r, v);
  } else {
    return r.error(errc::unsupported, "H235Key.certProtectedKey (SIGNED) not supported");
  }
  return {};
}

} // namespace

// ClearToken ::= SEQUENCE {tokenOID, timeStamp, password, dhkey, challenge, random, certificate,
// generalID, nonStandard, ..., eckasdhkey, sendersID, h235Key, profileInfo}
result<void> read(bit_reader& r, clear_token& v) {
  bool ext = false;
  std::uint64_t opt = 0;
  NGN_RAS_GET(ext, r.bit());
  NGN_RAS_GET(opt, r.bits(8));
  NGN_RAS_TRY(read(r, v.token_oid));
  if (opt & 0x80) NGN_RAS_TRY(read_time(r, v.time_stamp.emplace()));
  if (opt & 0x40) NGN_RAS_GET(v.password, r.bmp_string(1, 128));
  if (opt & 0x20) NGN_RAS_TRY(read_dh_set(r, v.dhkey.emplace()));
  if (opt & 0x10) NGN_RAS_GET(v.challenge, r.octet_string(8, 128));
  if (opt & 0x08) NGN_RAS_GET(v.random, r.unconstrained_integer());
  if (opt & 0x04) NGN_RAS_TRY(read_certificate(r, v.certificate.emplace()));
  if (opt & 0x02) NGN_RAS_TRY(read_identifier(r, v.general_id));
  if (opt & 0x01) NGN_RAS_TRY(read_optional(r, v.non_standard));
  if (!ext) return {};
  return read_extensions(r, v.extensions, [&](std::uint32_t i, bit_reader& s) -> result<bool> {
    switch (i) {
      case 1: NGN_RAS_TRY(read_identifier(s, v.senders_id)); return true;
      case 2: NGN_RAS_TRY(read_h235_key(s, v.h235_key.emplace())); return true;
      default: return false;  // eckasdhkey, profileInfo: verbatim
    }
  });
}

// CryptoToken ::= CHOICE {cryptoEncryptedToken, cryptoSignedToken, cryptoHashedToken,
// cryptoPwdEncr, ...}
result<void> read(bit_reader& r, crypto_token& v) {
  choice_index c;
  NGN_RAS_GET(c, r.choice(4, true));
  if (c.extension) {
    NGN_RAS_GET(v, read_unknown_alternative(r, c.index));
    return {};
  }
  switch (c.index) {
    case 0:
      return read_components(r, v, &crypto_encrypted_token::token_oid,
                             &crypto_encrypted_token::token);
    case 2:
      return read_components(r, v, &crypto_hashed_token::token_oid,
                             &crypto_hashed_token::hashed_vals, &crypto_hashed_token::token);
    case 3: return read_alternative<encrypted>(r, v);  // cryptoPwdEncr
    default:
      return r.error(errc::unsupported, "CryptoToken.cryptoSignedToken (SIGNED) not supported");
  }
}

// CryptoH323Token ::= CHOICE {cryptoEPPwdHash, cryptoGKPwdHash, cryptoEPPwdEncr, cryptoGKPwdEncr,
// cryptoEPCert, cryptoGKCert, cryptoFastStart, nestedcryptoToken, ...}
result<void> read(bit_reader& r, crypto_h323_token& v) {
  choice_index c;
  NGN_RAS_GET(c, r.choice(8, true));
  if (c.extension) {
    NGN_RAS_GET(v, read_unknown_alternative(r, c.index));
    return {};
  }
  switch (c.index) {
    case 0:
      return read_components(r, v, &crypto_ep_pwd_hash::alias, &crypto_ep_pwd_hash::time_stamp,
                             &crypto_ep_pwd_hash::token);
    case 1:
      return read_components(r, v, &crypto_gk_pwd_hash::gatekeeper_id,
                             &crypto_gk_pwd_hash::time_stamp, &crypto_gk_pwd_hash::token);
    case 2: return read_components(r, v, &crypto_ep_pwd_encr::token);
    case 3: return read_components(r, v, &crypto_gk_pwd_encr::token);
    case 7: return read_alternative<crypto_token>(r, v);  // nestedcryptoToken
    default:
      return r.error(errc::unsupported, "SIGNED CryptoH323Token (cert/fastStart) not supported");
  }
}

// AuthenticationMechanism ::= CHOICE {dhExch, pwdSymEnc, pwdHash, certSign, ipsec, tls,
// nonStandard, ..., authenticationBES, keyExch}
result<void> read(bit_reader& r, authentication_mechanism& v) {
  choice_index c;
  NGN_RAS_GET(c, r.choice(7, true));
  if (c.extension) {
    if (c.index != 1) {
      NGN_RAS_GET(v, read_unknown_alternative(r, c.index));
      return {};
    }
    auto sub = r.open_type();
    if (!sub) return sub.error();
    return read_components(*sub, v, &key_exch::profile);
  }
  if (c.index < 6) {
    v = static_cast<auth_mechanism>(c.index);
    return {};
  }
  return read_alternative<h235_non_standard_parameter>(r, v);
}

// H.225.0 SecurityErrors ::= CHOICE {16 NULL alternatives, ...}
result<void> read(bit_reader& r, security_errors& v) {
  choice_index c;
  NGN_RAS_GET(c, r.choice(16, true));
  if (c.extension) {
    NGN_RAS_GET(v, read_unknown_alternative(r, c.index));
  } else {
    v = static_cast<security_error>(c.index);
  }
  return {};
}

} // namespace ngn::ras::detail
