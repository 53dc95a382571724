// The H.235.0 (09/2005) security types carried by RAS: ClearToken, HASHED/ENCRYPTED, H235Key,
// CryptoToken, CryptoH323Token and AuthenticationMechanism (wire-bindings.md §5.2 says which field
// carries what). SIGNED{} is never modelled: every alternative built on it decodes as
// errc::unsupported (Wireshark cannot dissect ToBeSigned either).
#pragma once

#include "protocols/ras/types.hpp"

namespace ngn::ras {

/// H.235 NonStandardParameter ::= SEQUENCE {nonStandardIdentifier OBJECT IDENTIFIER, data OCTET STRING}
/// (not the H.225.0 type of the same name).
struct h235_non_standard_parameter {
  object_identifier non_standard_identifier;
  bytes data;
  auto tie() const { return std::tie(non_standard_identifier, data); }
};

/// DHset ::= SEQUENCE {halfkey, modSize, generator BIT STRING (SIZE (0..2048)), ...}
struct dh_set {
  bit_string halfkey;
  bit_string mod_size;
  bit_string generator;
  unknown_extensions extensions;
  auto tie() const { return std::tie(halfkey, mod_size, generator, extensions); }
};

/// TypedCertificate ::= SEQUENCE {type OBJECT IDENTIFIER, certificate OCTET STRING, ...}
struct typed_certificate {
  object_identifier type;
  bytes certificate;
  unknown_extensions extensions;
  auto tie() const { return std::tie(type, certificate, extensions); }
};

/// Params ::= SEQUENCE {ranInt INTEGER OPTIONAL, iv8 IV8 OPTIONAL, ..., iv16 IV16 OPTIONAL,
/// iv OCTET STRING OPTIONAL, clearSalt OCTET STRING OPTIONAL}
struct params {
  std::optional<std::int64_t> ran_int;
  std::optional<std::array<std::uint8_t, 8>> iv8;
  std::optional<std::array<std::uint8_t, 16>> iv16;  // extension 0
  std::optional<bytes> iv;                           // extension 1
  std::optional<bytes> clear_salt;                   // extension 2
  unknown_extensions extensions;
  auto tie() const { return std::tie(ran_int, iv8, iv16, iv, clear_salt, extensions); }
};

/// HASHED{} ::= SEQUENCE {algorithmOID OBJECT IDENTIFIER, paramS Params, hash BIT STRING}
struct hashed {
  object_identifier algorithm_oid;
  params param_s;
  bit_string hash;
  auto tie() const { return std::tie(algorithm_oid, param_s, hash); }
};

/// ENCRYPTED{} ::= SEQUENCE {algorithmOID OBJECT IDENTIFIER, paramS Params, encryptedData OCTET STRING}
struct encrypted {
  object_identifier algorithm_oid;
  params param_s;
  bytes encrypted_data;
  auto tie() const { return std::tie(algorithm_oid, param_s, encrypted_data); }
};

/// H235Key CHOICE: secureChannel KeyMaterial (BIT STRING (SIZE (1..2048))), sharedSecret
/// ENCRYPTED{EncodedKeySyncMaterial}; certProtectedKey (SIGNED) is unsupported;
/// secureSharedSecret and later alternatives are kept verbatim.
using h235_key = std::variant<bit_string, encrypted, unknown_alternative>;

/// ClearToken ::= SEQUENCE {tokenOID, timeStamp, password, dhkey, challenge, random, certificate,
/// generalID, nonStandard, ..., eckasdhkey, sendersID, h235Key, profileInfo}
/// (eckasdhkey and profileInfo are kept verbatim in `extensions`).
struct clear_token {
  object_identifier token_oid;
  std::optional<std::uint32_t> time_stamp;     // TimeStamp INTEGER (1..4294967295)
  std::optional<std::u16string> password;      // BMPString (SIZE (1..128))
  std::optional<dh_set> dhkey;
  std::optional<bytes> challenge;              // OCTET STRING (SIZE (8..128))
  std::optional<std::int64_t> random;          // RandomVal INTEGER
  std::optional<typed_certificate> certificate;
  std::optional<std::u16string> general_id;    // Identifier BMPString (SIZE (1..128))
  std::optional<h235_non_standard_parameter> non_standard;
  std::optional<std::u16string> senders_id;    // extension 1
  std::optional<ras::h235_key> h235_key;       // extension 2
  unknown_extensions extensions;
  auto tie() const {
    return std::tie(token_oid, time_stamp, password, dhkey, challenge, random, certificate,
                    general_id, non_standard, senders_id, h235_key, extensions);
  }
};

/// CryptoToken.cryptoEncryptedToken SEQUENCE {tokenOID, token ENCRYPTED{EncodedGeneralToken}}
struct crypto_encrypted_token {
  object_identifier token_oid;
  encrypted token;
  auto tie() const { return std::tie(token_oid, token); }
};

/// CryptoToken.cryptoHashedToken SEQUENCE {tokenOID, hashedVals ClearToken, token HASHED{...}}
/// (the H.235.1 baseline-profile MAC layout).
struct crypto_hashed_token {
  object_identifier token_oid;
  clear_token hashed_vals;
  hashed token;
  auto tie() const { return std::tie(token_oid, hashed_vals, token); }
};

/// CryptoToken CHOICE: cryptoEncryptedToken, cryptoHashedToken, cryptoPwdEncr ENCRYPTED{...};
/// cryptoSignedToken (SIGNED) is unsupported; later alternatives are kept verbatim.
using crypto_token =
  std::variant<crypto_encrypted_token, crypto_hashed_token, encrypted, unknown_alternative>;

/// CryptoH323Token.cryptoEPPwdHash SEQUENCE {alias AliasAddress, timeStamp, token HASHED{...}}
struct crypto_ep_pwd_hash {
  alias_address alias;
  std::uint32_t time_stamp = 1;
  hashed token;
  auto tie() const { return std::tie(alias, time_stamp, token); }
};

/// CryptoH323Token.cryptoGKPwdHash SEQUENCE {gatekeeperId GatekeeperIdentifier, timeStamp, token HASHED}
struct crypto_gk_pwd_hash {
  std::u16string gatekeeper_id;
  std::uint32_t time_stamp = 1;
  hashed token;
  auto tie() const { return std::tie(gatekeeper_id, time_stamp, token); }
};

/// CryptoH323Token.cryptoEPPwdEncr ENCRYPTED{EncodedPwdCertToken}
struct crypto_ep_pwd_encr {
  encrypted token;
  auto tie() const { return std::tie(token); }
};

/// CryptoH323Token.cryptoGKPwdEncr ENCRYPTED{EncodedPwdCertToken}
struct crypto_gk_pwd_encr {
  encrypted token;
  auto tie() const { return std::tie(token); }
};

/// CryptoH323Token CHOICE: cryptoEPPwdHash, cryptoGKPwdHash, cryptoEPPwdEncr, cryptoGKPwdEncr,
/// nestedcryptoToken (the crypto_token alternative); cryptoEPCert, cryptoGKCert and
/// cryptoFastStart (SIGNED) are unsupported; later alternatives are kept verbatim.
using crypto_h323_token =
  std::variant<crypto_ep_pwd_hash, crypto_gk_pwd_hash, crypto_ep_pwd_encr, crypto_gk_pwd_encr,
               crypto_token, unknown_alternative>;

/// The NULL alternatives of AuthenticationMechanism, in root order.
enum class auth_mechanism : std::uint8_t { dh_exch, pwd_sym_enc, pwd_hash, cert_sign, ipsec, tls };

std::string_view to_string(auth_mechanism m) noexcept;

/// AuthenticationMechanism.keyExch (extension): OBJECT IDENTIFIER of a key exchange profile.
struct key_exch {
  object_identifier profile;
  auto tie() const { return std::tie(profile); }
};

/// AuthenticationMechanism CHOICE: the NULL alternatives, nonStandard, keyExch;
/// authenticationBES and later alternatives are kept verbatim.
using authentication_mechanism =
  std::variant<auth_mechanism, h235_non_standard_parameter, key_exch, unknown_alternative>;

} // namespace ngn::ras
