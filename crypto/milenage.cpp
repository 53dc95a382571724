// Milenage (3GPP TS 35.206 §4.1) over one AES-128-ECB context keyed with K.
#include "crypto/milenage.hpp"

#include "crypto/detail/evp.hpp"

namespace ngn::crypto {
namespace {

// TS 35.206 §4.1 constants: r1..r5 as byte rotations (64, 0, 32, 64, 96 bits) and the last
// byte of c1..c5 (c1 = 0, c2 = ...01, c3 = ...02, c4 = ...04, c5 = ...08).
constexpr std::size_t r1 = 8, r2 = 0, r3 = 4, r4 = 8, r5 = 12;
constexpr std::uint8_t c1 = 0x00, c2 = 0x01, c3 = 0x02, c4 = 0x04, c5 = 0x08;

using blk = block<16>;

// E_K on `n` consecutive 16-byte blocks (ECB, no padding: every update is exact).
void ecb(evp_cipher_ctx_st* ctx, const std::uint8_t* in, std::uint8_t* out, int n) noexcept {
  if (ctx == nullptr) detail::fatal("milenage used after move");
  int len = 0;
  if (EVP_EncryptUpdate(ctx, out, &len, in, 16 * n) != 1 || len != 16 * n)
    detail::fatal("AES-128-ECB");
}

evp_cipher_ctx_st* new_ecb_ctx(const std::uint8_t* k) noexcept {
  EVP_CIPHER_CTX* ctx = EVP_CIPHER_CTX_new();
  if (ctx == nullptr) detail::fatal("EVP_CIPHER_CTX_new");
  if (EVP_EncryptInit_ex2(ctx, detail::aes128_ecb(), k, nullptr, nullptr) != 1 ||
      EVP_CIPHER_CTX_set_padding(ctx, 0) != 1)
    detail::fatal("AES-128-ECB init");
  return ctx;
}

// rot(x, r) ⊕ c with r a whole number of bytes (rotation towards the most significant end).
void rot_xor_c(const blk& x, std::size_t r, std::uint8_t c, std::uint8_t* out) noexcept {
  for (std::size_t i = 0; i < 16; ++i) out[i] = x[(i + r) % 16];
  out[15] ^= c;
}

} // namespace

block<16> milenage_opc(const key128& k, const block<16>& op) {
  // TS 35.206 §4.1: OPc = OP ⊕ E[OP]_K.
  const detail::cipher_ctx_ptr ctx{new_ecb_ctx(k.data())};
  blk opc;
  ecb(ctx.get(), op.data(), opc.data(), 1);
  for (std::size_t i = 0; i < 16; ++i) opc[i] ^= op[i];
  return opc;
}

milenage::milenage(const key128& k, const block<16>& opc)
  : ctx_(new_ecb_ctx(k.data())), opc_(opc) {}

void milenage::ctx_free::operator()(evp_cipher_ctx_st* ctx) const noexcept {
  EVP_CIPHER_CTX_free(ctx);
}

milenage::~milenage() = default;

milenage::milenage(milenage&& other) noexcept = default;

milenage& milenage::operator=(milenage&& other) noexcept = default;

block<16> milenage::encrypt(const block<16>& in) const {
  blk out;
  ecb(ctx_.get(), in.data(), out.data(), 1);
  return out;
}

block<16> milenage::temp(const block<16>& rand) const {
  // TS 35.206 §4.1: TEMP = E[RAND ⊕ OPc]_K.
  blk x;
  for (std::size_t i = 0; i < 16; ++i) x[i] = rand[i] ^ opc_.raw()[i];
  blk t = encrypt(x);
  secure_zero(x.data(), x.size());
  return t;
}

milenage::f1_out milenage::f1(const block<16>& rand, const block<6>& sqn,
                              const block<2>& amf) const {
  // TS 35.206 §4.1: IN1 = SQN ‖ AMF ‖ SQN ‖ AMF;
  // OUT1 = E[TEMP ⊕ rot(IN1 ⊕ OPc, r1) ⊕ c1]_K ⊕ OPc; f1 = OUT1[0..63], f1* = OUT1[64..127].
  const blk& opc = opc_.raw();
  blk in1;
  for (std::size_t i = 0; i < 6; ++i) in1[i] = in1[i + 8] = sqn[i];
  in1[6] = in1[14] = amf[0];
  in1[7] = in1[15] = amf[1];
  for (std::size_t i = 0; i < 16; ++i) in1[i] ^= opc[i];
  blk x;
  rot_xor_c(in1, r1, c1, x.data());
  const blk t = temp(rand);
  for (std::size_t i = 0; i < 16; ++i) x[i] ^= t[i];
  blk out1 = encrypt(x);
  f1_out r;
  for (std::size_t i = 0; i < 8; ++i) {
    r.mac_a[i] = out1[i] ^ opc[i];
    r.mac_s[i] = out1[i + 8] ^ opc[i + 8];
  }
  secure_zero(x.data(), x.size());
  secure_zero(out1.data(), out1.size());
  return r;
}

milenage::f2345_out milenage::f2345(const block<16>& rand) const {
  // TS 35.206 §4.1: OUTi = E[rot(TEMP ⊕ OPc, ri) ⊕ ci]_K ⊕ OPc for i = 2, 3, 4, encrypted as
  // three consecutive ECB blocks in one call.
  const blk& opc = opc_.raw();
  blk y = temp(rand);
  for (std::size_t i = 0; i < 16; ++i) y[i] ^= opc[i];
  std::uint8_t in[48];
  std::uint8_t out[48];
  rot_xor_c(y, r2, c2, in);
  rot_xor_c(y, r3, c3, in + 16);
  rot_xor_c(y, r4, c4, in + 32);
  ecb(ctx_.get(), in, out, 3);
  for (std::size_t b = 0; b < 3; ++b)
    for (std::size_t i = 0; i < 16; ++i) out[16 * b + i] ^= opc[i];

  f2345_out r;
  // f5 = AK = OUT2[0..47], f2 = RES = OUT2[64..127], f3 = CK = OUT3, f4 = IK = OUT4.
  for (std::size_t i = 0; i < 6; ++i) r.ak[i] = out[i];
  for (std::size_t i = 0; i < 8; ++i) r.res[i] = out[8 + i];
  for (std::size_t i = 0; i < 16; ++i) {
    r.ck.data()[i] = out[16 + i];
    r.ik.data()[i] = out[32 + i];
  }
  secure_zero(y.data(), y.size());
  secure_zero(in, sizeof in);
  secure_zero(out, sizeof out);
  return r;
}

block<6> milenage::f5star(const block<16>& rand) const {
  // TS 35.206 §4.1: OUT5 = E[rot(TEMP ⊕ OPc, r5) ⊕ c5]_K ⊕ OPc; f5* = OUT5[0..47].
  const blk& opc = opc_.raw();
  blk y = temp(rand);
  for (std::size_t i = 0; i < 16; ++i) y[i] ^= opc[i];
  blk x;
  rot_xor_c(y, r5, c5, x.data());
  const blk out5 = encrypt(x);
  block<6> ak;
  for (std::size_t i = 0; i < 6; ++i) ak[i] = out5[i] ^ opc[i];
  secure_zero(y.data(), y.size());
  secure_zero(x.data(), x.size());
  return ak;
}

} // namespace ngn::crypto
