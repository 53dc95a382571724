// Encoding of the H.235.0 (09/2005) types carried by RAS.
#include "protocols/ras/sequence.hpp"

namespace ngn::ras::detail {

result<void> write(bit_writer& w, const h235_non_standard_parameter& v) {
  NGN_RAS_TRY(write(w, v.non_standard_identifier));
  return w.octet_string(v.data, 0, no_ub);
}

namespace {

result<void> write_dh_set(bit_writer& w, const dh_set& v) {
  write_extension_bit(w, v.extensions);
  NGN_RAS_TRY(w.bit_string(v.halfkey, 0, 2048));
  NGN_RAS_TRY(w.bit_string(v.mod_size, 0, 2048));
  NGN_RAS_TRY(w.bit_string(v.generator, 0, 2048));
  return write_extensions(w, v.extensions);
}

result<void> write_certificate(bit_writer& w, const typed_certificate& v) {
  write_extension_bit(w, v.extensions);
  NGN_RAS_TRY(write(w, v.type));
  NGN_RAS_TRY(w.octet_string(v.certificate, 0, no_ub));
  return write_extensions(w, v.extensions);
}

} // namespace

result<void> write(bit_writer& w, const params& v) {
  const std::uint64_t present =
    bit_if(v.iv16.has_value(), 0) | bit_if(v.iv.has_value(), 1) | bit_if(v.clear_salt.has_value(), 2);
  const bool ext = has_extensions(present, v.extensions);
  w.bit(ext);
  w.bit(v.ran_int.has_value());
  w.bit(v.iv8.has_value());
  if (v.ran_int) w.unconstrained_integer(*v.ran_int);
  if (v.iv8) w.fixed_octet_string(v.iv8->data(), v.iv8->size());
  if (!ext) return {};
  return write_extensions(w, 3, 0b111, present, v.extensions,
                          [&](std::uint32_t i, bit_writer& o) -> result<void> {
                            switch (i) {
                              case 0: o.fixed_octet_string(v.iv16->data(), v.iv16->size()); return {};
                              case 1: return o.octet_string(*v.iv, 0, no_ub);
                              default: return o.octet_string(*v.clear_salt, 0, no_ub);
                            }
                          });
}

result<void> write(bit_writer& w, const hashed& v) {
  NGN_RAS_TRY(write(w, v.algorithm_oid));
  NGN_RAS_TRY(write(w, v.param_s));
  return w.bit_string(v.hash, 0, no_ub);
}

result<void> write(bit_writer& w, const encrypted& v) {
  NGN_RAS_TRY(write(w, v.algorithm_oid));
  NGN_RAS_TRY(write(w, v.param_s));
  return w.octet_string(v.encrypted_data, 0, no_ub);
}

namespace {

result<void> write_h235_key(bit_writer& w, const h235_key& v) {
  return std::visit(
    overloaded{
      [&](const ras::bit_string& b) -> result<void> {  // secureChannel KeyMaterial
        NGN_RAS_TRY(w.choice(0, 3, true));
        return w.bit_string(b, 1, 2048);
      },
      [&](const encrypted& e) { return write_alternative(w, 1, 3, e); },  // sharedSecret
      [&](const unknown_alternative& u) { return write_unknown_alternative(w, u, false); },
    },
    v);
}

} // namespace

result<void> write(bit_writer& w, const clear_token& v) {
  // extension additions: eckasdhkey(0, verbatim), sendersID(1), h235Key(2), profileInfo(3, verbatim)
  const std::uint64_t present = bit_if(v.senders_id.has_value(), 1) | bit_if(v.h235_key.has_value(), 2);
  const bool ext = has_extensions(present, v.extensions);
  w.bit(ext);
  for (bool b : {v.time_stamp.has_value(), v.password.has_value(), v.dhkey.has_value(),
                 v.challenge.has_value(), v.random.has_value(), v.certificate.has_value(),
                 v.general_id.has_value(), v.non_standard.has_value()})
    w.bit(b);
  NGN_RAS_TRY(write(w, v.token_oid));
  if (v.time_stamp) NGN_RAS_TRY(write_time(w, *v.time_stamp));
  if (v.password) NGN_RAS_TRY(w.bmp_string(*v.password, 1, 128));
  if (v.dhkey) NGN_RAS_TRY(write_dh_set(w, *v.dhkey));
  if (v.challenge) NGN_RAS_TRY(w.octet_string(*v.challenge, 8, 128));
  if (v.random) w.unconstrained_integer(*v.random);
  if (v.certificate) NGN_RAS_TRY(write_certificate(w, *v.certificate));
  if (v.general_id) NGN_RAS_TRY(write_identifier(w, *v.general_id));
  if (v.non_standard) NGN_RAS_TRY(write(w, *v.non_standard));
  if (!ext) return {};
  return write_extensions(w, 4, 0b0110, present, v.extensions,
                          [&](std::uint32_t i, bit_writer& o) -> result<void> {
                            if (i == 1) return write_identifier(o, *v.senders_id);
                            return write_h235_key(o, *v.h235_key);
                          });
}

result<void> write(bit_writer& w, const crypto_token& v) {
  return std::visit(
    overloaded{
      [&](const crypto_encrypted_token& t) {
        return write_components(w, 0, 4, t, &crypto_encrypted_token::token_oid,
                                &crypto_encrypted_token::token);
      },
      [&](const crypto_hashed_token& t) {
        return write_components(w, 2, 4, t, &crypto_hashed_token::token_oid,
                                &crypto_hashed_token::hashed_vals, &crypto_hashed_token::token);
      },
      [&](const encrypted& e) { return write_alternative(w, 3, 4, e); },  // cryptoPwdEncr
      [&](const unknown_alternative& u) { return write_unknown_alternative(w, u, false); },
    },
    v);
}

result<void> write(bit_writer& w, const crypto_h323_token& v) {
  return std::visit(
    overloaded{
      [&](const crypto_ep_pwd_hash& t) {
        return write_components(w, 0, 8, t, &crypto_ep_pwd_hash::alias,
                                &crypto_ep_pwd_hash::time_stamp, &crypto_ep_pwd_hash::token);
      },
      [&](const crypto_gk_pwd_hash& t) {
        return write_components(w, 1, 8, t, &crypto_gk_pwd_hash::gatekeeper_id,
                                &crypto_gk_pwd_hash::time_stamp, &crypto_gk_pwd_hash::token);
      },
      [&](const crypto_ep_pwd_encr& t) {
        return write_components(w, 2, 8, t, &crypto_ep_pwd_encr::token);
      },
      [&](const crypto_gk_pwd_encr& t) {
        return write_components(w, 3, 8, t, &crypto_gk_pwd_encr::token);
      },
      [&](const crypto_token& t) { return write_alternative(w, 7, 8, t); },  // nestedcryptoToken
      [&](const unknown_alternative& u) { return write_unknown_alternative(w, u, false); },
    },
    v);
}

result<void> write(bit_writer& w, const authentication_mechanism& v) {
  return std::visit(
    overloaded{
      [&](auth_mechanism m) -> result<void> {
        if (static_cast<std::uint64_t>(m) > 5)
          return w.error(errc::invalid_model, "auth_mechanism value out of range");
        return w.choice(static_cast<std::uint64_t>(m), 7, true);
      },
      [&](const h235_non_standard_parameter& p) { return write_alternative(w, 6, 7, p); },
      [&](const key_exch& k) {
        return write_extension_alternative(w, 1, [&](bit_writer& o) { return write(o, k.profile); });
      },
      [&](const unknown_alternative& u) { return write_unknown_alternative(w, u, u.index == 1); },
    },
    v);
}

result<void> write(bit_writer& w, const security_errors& v) {
  if (auto* u = std::get_if<unknown_alternative>(&v)) return write_unknown_alternative(w, *u, false);
  return w.choice(static_cast<std::uint64_t>(std::get<security_error>(v)), 16, true);
}

} // namespace ngn::ras::detail
