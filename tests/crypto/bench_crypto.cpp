// Micro-benchmark of the crypto calls made per registration (not a ctest).
// Usage: bench_crypto [iterations]   prints ns/op, single thread.
#include "crypto/aead.hpp"
#include "crypto/aka.hpp"
#include "crypto/esp.hpp"
#include "crypto/hash.hpp"
#include "crypto/hkdf.hpp"
#include "crypto/key_distribution.hpp"
#include "crypto/milenage.hpp"
#include "crypto/random.hpp"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string_view>

using namespace ngn;
using namespace ngn::crypto;

namespace {

volatile std::uint8_t sink; // keeps results observable

template <typename F>
void run(const char* name, long iterations, F&& f) {
  for (long i = 0; i < iterations / 10 + 1; ++i) f(); // warm-up (fetches, thread contexts)
  const auto t0 = std::chrono::steady_clock::now();
  for (long i = 0; i < iterations; ++i) f();
  const auto t1 = std::chrono::steady_clock::now();
  const double ns = std::chrono::duration<double, std::nano>(t1 - t0).count() /
                    static_cast<double>(iterations);
  std::printf("%-44s %9.1f ns/op\n", name, ns);
}

} // namespace

int main(int argc, char** argv) {
  const long n = argc > 1 ? std::atol(argv[1]) : 200000;
  if (n <= 0) {
    std::fputs("usage: bench_crypto [iterations > 0]\n", stderr);
    return 2;
  }
  const key128 k = random_key128();
  const block<16> opc = random_block<16>();
  const block<16> rand = random_block<16>();
  const block<2> amf{0x80, 0x00};
  const key128 sk = random_key128();
  constexpr std::string_view identity = "sip:alice@test.net";
  const block<wrapped_key_size> wrapped =
    wrap_session_key(k, rand, kek_role::terminal, identity, sk);
  const std::string_view digest_input =
    "alice@test.net:test.net:0123456789abcdef0123456789abcdef:00000001:6b8b4567:auth:"
    "a2b9b332d4bfe1bb2b024e730639911a";
  const block<12> iv = random_block<12>();
  const bytes payload(400, 0x5a);

  run("milenage construct + f2345 + f1", n, [&] {
    const milenage m(k, opc);
    const milenage::f2345_out f = m.f2345(rand);
    const milenage::f1_out mac = m.f1(rand, f.ak, amf);
    sink = static_cast<std::uint8_t>(f.res[0] ^ mac.mac_a[0]);
  });
  {
    const milenage m(k, opc);
    run("make_auth_vector (constructed milenage)", n, [&] {
      sink = make_auth_vector(m, rand, 42, amf).autn[0];
    });
    const auth_vector av = make_auth_vector(m, rand, 42, amf);
    run("check_autn (constructed milenage)", n, [&] {
      sink = check_autn(m, rand, av.autn).res[0];
    });
  }
  run("derive_kek", n, [&] {
    sink = derive_kek(k, rand, kek_role::proxy, identity).data()[0];
  });
  run("wrap_session_key", n, [&] {
    sink = wrap_session_key(k, rand, kek_role::terminal, identity, sk)[0];
  });
  run("unwrap_session_key", n, [&] {
    sink = unwrap_session_key(k, rand, kek_role::terminal, identity, wrapped)->data()[0];
  });
  run("message_verification_word (6 fields)", n, [&] {
    sink = message_verification_word(
      sk, {identity, std::string_view("a84b4c76e66710"),
           std::string_view("aes-gcm;q=0.5,hmac-sha256;q=0.3,null;q=0.1"),
           std::string_view("aes-gcm;q=0.5,hmac-sha256;q=0.3"), std::string_view("aes-gcm"),
           wrapped})[0];
  });
  run("md5 (digest response, 115 bytes)", n, [&] { sink = md5(digest_input)[0]; });
  run("hkdf_sha256 (16-byte output)", n, [&] {
    std::uint8_t out[16];
    hkdf_sha256(k, rand, std::string_view("ngnemu kek proxysip:alice@test.net"), out, sizeof out);
    sink = out[0];
  });
  run("hmac_sha256 (115 bytes)", n, [&] { sink = hmac_sha256(sk, digest_input)[0]; });
  run("key_fingerprint (sha256)", n, [&] { sink = key_fingerprint(sk)[0]; });
  run("aes128_gcm_seal (400 bytes)", n, [&] {
    sink = aes128_gcm_seal(sk, iv, identity, payload)[0];
  });

  // ESP per protected message: a 400-byte message is a 412-byte block (UDP header 8, padding 2,
  // trailer 2; protocols/esp/packet.hpp).
  const bytes esp_block(412, 0x5a);
  run("derive_esp_keys (aes-gcm, 20 bytes)", n, [&] {
    sink = derive_esp_keys(sk, ngn::session_id::of_number(12345), esp::transform::aes_gcm_16,
                           esp_direction::terminal_to_edge)
             .material()[0];
  });
  for (esp::transform t : {esp::transform::aes_gcm_16, esp::transform::null_hmac_sha256_128}) {
    const esp_keys keys = derive_esp_keys(sk, ngn::session_id::of_number(12345), t, esp_direction::terminal_to_edge);
    const std::string name(esp::mechanism_name(t));
    std::uint32_t seq = 0;
    run(("esp_seal " + name + " (400-byte message)").c_str(), n, [&] {
      sink = esp_seal(keys, 0x1001, ++seq, esp_block)[20];
    });
    const bytes packet = esp_seal(keys, 0x1001, 1, esp_block);
    run(("esp_open " + name + " (400-byte message)").c_str(), n, [&] {
      sink = esp_open(keys, packet)->at(0);
    });
    bytes forged = packet;
    forged[30] ^= 1;
    run(("esp_open " + name + " (bad ICV)").c_str(), n, [&] {
      sink = static_cast<std::uint8_t>(esp_open(keys, forged).ok());
    });
  }
  return 0;
}
