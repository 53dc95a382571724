// Milenage (3GPP TS 35.206): the AKA functions f1, f1*, f2, f3, f4, f5, f5* and OPc from OP.
// Test data: TS 35.208 test sets 1-6 (tests/crypto/milenage_test.cpp).
#pragma once

#include "protocols/common/bytes.hpp"
#include "crypto/secret.hpp"

#include <memory>

struct evp_cipher_ctx_st; // OpenSSL's EVP_CIPHER_CTX, kept out of this header

namespace ngn::crypto {

/// TS 35.206 §4.1: OPc = OP ⊕ E_K(OP).
block<16> milenage_opc(const key128& k, const block<16>& op);

/// Milenage bound to one subscriber key K and its OPc. Holds an AES-128 key schedule for K, so
/// several functions on the same K cost one key setup. Not thread-safe; cheap to construct.
class milenage {
public:
  milenage(const key128& k, const block<16>& opc);
  ~milenage();
  milenage(const milenage&) = delete;
  milenage& operator=(const milenage&) = delete;
  milenage(milenage&& other) noexcept;
  milenage& operator=(milenage&& other) noexcept;

  struct f1_out {
    block<8> mac_a; ///< f1: network authentication code
    block<8> mac_s; ///< f1*: resynchronisation authentication code
  };
  /// TS 35.206 §4.1, OUT1 with IN1 = SQN ‖ AMF ‖ SQN ‖ AMF.
  f1_out f1(const block<16>& rand, const block<6>& sqn, const block<2>& amf) const;

  struct f2345_out {
    block<8> res; ///< f2
    key128 ck;    ///< f3
    key128 ik;    ///< f4
    block<6> ak;  ///< f5
  };
  /// TS 35.206 §4.1, OUT2..OUT4.
  f2345_out f2345(const block<16>& rand) const;

  /// f5* (TS 35.206 §4.1, OUT5): the anonymity key for resynchronisation.
  block<6> f5star(const block<16>& rand) const;

private:
  block<16> encrypt(const block<16>& in) const;
  block<16> temp(const block<16>& rand) const;

  /// EVP_CIPHER_CTX_free, which also wipes the key schedule.
  struct ctx_free {
    void operator()(evp_cipher_ctx_st* ctx) const noexcept;
  };

  std::unique_ptr<evp_cipher_ctx_st, ctx_free> ctx_;
  key128 opc_;
};

} // namespace ngn::crypto
