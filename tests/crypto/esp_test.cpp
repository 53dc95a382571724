// ESP sealing and opening (crypto/esp.hpp): RFC 4868 §2.7.2 HMAC-SHA-256-128 authenticator
// vectors through esp_seal, the AES-128 ESP packets of draft-mcgrew-gcm-test-01 §4 (RFC 4106,
// 32-bit sequence numbers), golden packets and keys checked against an independent
// implementation (Python `cryptography` 48, see the comments), round trips, every byte tampered,
// every truncation, wrong keys, and several threads at once.
#include "crypto/aead.hpp"
#include "crypto/detail/esp_raw.hpp"
#include "crypto/esp.hpp"
#include "crypto/hash.hpp"
#include "crypto/hkdf.hpp"

#include "tests/crypto/test_hex.hpp"

#include <boost/test/unit_test.hpp>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

using namespace ngn;
using namespace ngn::crypto;
using namespace ngn::crypto::test;
using esp::transform;

namespace {

esp_keys keys_of(transform t, std::string_view material_hex) {
  auto k = esp_keys::from_material(t, unhex(material_hex));
  if (!k) throw std::invalid_argument("keying material of the wrong size");
  return *k;
}

const key128 sk = key("6a3f0c5e9b1d2f47a8c0e1d2b3a49586");
const ngn::session_id sid = *ngn::session_id::parse("0f1e2d3c4b5a69788796a5b4c3d2e1f0");

// protocols/esp: "hello" from UDP 5060 to 5060, padding 01, pad length 01, next header 17.
const char* const hello_block = "13c413c4000d000068656c6c6f010111";

bytes concat(std::initializer_list<std::string_view> hex_parts) {
  bytes out;
  for (auto h : hex_parts) {
    const bytes b = unhex(h);
    out.insert(out.end(), b.begin(), b.end());
  }
  return out;
}

std::string why(const result<bytes>& r) { return r.ok() ? "" : r.error().describe(); }

// A block of `n` octets that is not all zero.
bytes block_of_size(std::size_t n) {
  bytes b(n);
  for (std::size_t i = 0; i < n; ++i) b[i] = static_cast<std::uint8_t>(i * 7 + 3);
  return b;
}

// draft-mcgrew-gcm-test-01 §4: the test cases with a 128-bit key and 32-bit sequence numbers
// (AAD = SPI ‖ sequence number). The plaintexts are whole ESP blocks (tunnel mode: inner IPv4
// packet, padding, pad length, next header). Also checked with Python `cryptography`.
struct draft_case {
  const char* name;
  const char* key;   // 16 octets
  const char* salt;  // 4
  const char* spi;
  const char* seq;
  const char* iv;    // 8
  const char* plaintext;
  const char* ciphertext;
  const char* icv;
};

const draft_case draft_cases[] = {
  {"SPI 0000a5f8, seq 0000000a (DNS query)", "feffe9928665731c6d6a8f9467308308", "cafebabe",
   "0000a5f8", "0000000a", "facedbaddecaf888",
   "4500003e698f000080114dccc0a80102c0a801010a980035002a2343b2d00100000100000000000003736970"
   "0963796265726369747902646b00000100010001",
   "deb22cd9b07c72c16e3a65beeb8df304a5a5897d33ae530f1ba76d5d114d2a5c3de81827c10e9a4f51330d0e"
   "ec416642cfbb85a5b47e48a4ec3b9ba95d918bd1",
   "83b70d3aa8bc6ee4c309e9d85a41ad4a"},
  {"all-zero key, SPI 0, seq 1 (ICMP echo)", "00000000000000000000000000000000", "00000000",
   "00000000", "00000001", "0000000000000000",
   "4500003c99c500008001cb7a40679318010101010800075c020044006162636465666768696a6b6c6d6e6f70"
   "7172737475767761626364656667686901020201",
   "4688daf2f973a392732909c331d56d60f694abaa414b5e7ff5fdcdfff5e9a284456476492719ffb64de7d9dc"
   "a1e1d894bc3bd57873ed4d181d19d4d5c8c18af3",
   "f821d496eeb096e98ad2b69e4799c71d"},
  {"SPI 335467ae, seq ffffffff (padding only)", "7d773d00c144c525ac619d18c84a3f47", "d9664267",
   "335467ae", "ffffffff", "43457e9182443bc6", "01020201", "437f866b",
   "cb3f699fe9b0822bac961c4504bef270"},
};

bytes draft_packet(const draft_case& c) {
  return concat({c.spi, c.seq, c.iv, c.ciphertext, c.icv});
}

std::uint32_t u32(const char* hex8) { return static_cast<std::uint32_t>(std::stoul(hex8, nullptr, 16)); }

} // namespace

BOOST_AUTO_TEST_SUITE(esp_crypto)

// -- keys ---------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(keys_from_material_have_the_transforms_sizes) {
  const esp_keys g = keys_of(transform::aes_gcm_16, "000102030405060708090a0b0c0d0e0fa0a1a2a3");
  BOOST_TEST((g.transform() == transform::aes_gcm_16));
  BOOST_TEST(hex(g.key()) == "000102030405060708090a0b0c0d0e0f");
  BOOST_TEST(hex(g.salt()) == "a0a1a2a3");
  BOOST_TEST(hex(g.material()) == "000102030405060708090a0b0c0d0e0fa0a1a2a3");
  const esp_keys h = keys_of(transform::null_hmac_sha256_128, std::string(64, 'c'));
  BOOST_TEST(h.key().size() == 32u);
  BOOST_TEST(h.salt().empty());
  BOOST_TEST(h.material().size() == 32u);
  BOOST_TEST(!esp_keys::from_material(transform::aes_gcm_16, unhex(std::string(64, 'c'))));
  BOOST_TEST(!esp_keys::from_material(transform::null_hmac_sha256_128, g.material()));
  BOOST_TEST(!esp_keys::from_material(transform::aes_gcm_16, byte_view{}));
}

BOOST_AUTO_TEST_CASE(keys_compare_by_transform_and_material) {
  const esp_keys a = keys_of(transform::aes_gcm_16, "000102030405060708090a0b0c0d0e0fa0a1a2a3");
  const esp_keys b = keys_of(transform::aes_gcm_16, "000102030405060708090a0b0c0d0e0fa0a1a2a3");
  const esp_keys c = keys_of(transform::aes_gcm_16, "000102030405060708090a0b0c0d0e0fa0a1a2a4");
  BOOST_TEST((a == b));
  BOOST_TEST((a != c));
  esp_keys d = c;
  d = a; // copy assignment overwrites the old material
  BOOST_TEST((d == a));
}

BOOST_AUTO_TEST_CASE(derived_keys_are_hkdf_of_sk_session_id_mechanism_and_direction) {
  // Golden values from Python hmac/hashlib HKDF (RFC 5869) with SHA256, salt = the 16-octet
  // session id 0f1e…e1f0, info = ....
  struct row {
    transform t;
    esp_direction d;
    const char* info;
    const char* golden;
  } rows[] = {
    {transform::aes_gcm_16, esp_direction::terminal_to_edge, "ngnemu esp aes-gcm terminal-to-edge",
     "9825d8d01ad6ec2ac993adb3317aa9fa169cf648"},
    {transform::aes_gcm_16, esp_direction::edge_to_terminal, "ngnemu esp aes-gcm edge-to-terminal",
     "2a4f196db465f2f9ee320e48a77838fab12ebfe2"},
    {transform::null_hmac_sha256_128, esp_direction::terminal_to_edge,
     "ngnemu esp hmac-sha256 terminal-to-edge",
     "e7aaf40f0507d8db8bfd5a85fdff633b1daf33e2b7dcffe9ae29da1dcd3f866f"},
    {transform::null_hmac_sha256_128, esp_direction::edge_to_terminal,
     "ngnemu esp hmac-sha256 edge-to-terminal",
     "9b800e3c2929b3bba77ecf5fecd14d9c32324044960ef831693a32e34dfa4c5c"},
  };
    for (const row& r : rows) {
    const esp_keys k = derive_esp_keys(sk, sid, r.t, r.d);
    BOOST_TEST((k.transform() == r.t));
    BOOST_TEST(hex(k.material()) == r.golden, r.info);
    // The same through the public RFC 5869 HKDF.
    bytes expected(esp::key_material_size(r.t));
    BOOST_TEST_REQUIRE(hkdf_sha256(sk, byte_view{sid.bytes.data(), sid.bytes.size()}, std::string_view(r.info),
                                   expected.data(), expected.size()));
    BOOST_TEST(hex(k.material()) == hex(expected), r.info);
  }
  BOOST_TEST(to_string(esp_direction::terminal_to_edge) == "terminal-to-edge");
  BOOST_TEST(to_string(esp_direction::edge_to_terminal) == "edge-to-terminal");
}

BOOST_AUTO_TEST_CASE(every_input_of_the_derivation_changes_the_keys) {
  const esp_keys base = derive_esp_keys(sk, ngn::session_id::of_number(1), transform::aes_gcm_16, esp_direction::terminal_to_edge);
  BOOST_TEST((base != derive_esp_keys(sk, ngn::session_id::of_number(2), transform::aes_gcm_16, esp_direction::terminal_to_edge)));
  BOOST_TEST((base != derive_esp_keys(sk, ngn::session_id::of_number(1), transform::aes_gcm_16, esp_direction::edge_to_terminal)));
  BOOST_TEST((base != derive_esp_keys(key("6a3f0c5e9b1d2f47a8c0e1d2b3a49587"), ngn::session_id::of_number(1),
                                      transform::aes_gcm_16, esp_direction::terminal_to_edge)));
  const esp_keys h =
    derive_esp_keys(sk, ngn::session_id::of_number(1), transform::null_hmac_sha256_128, esp_direction::terminal_to_edge);
  BOOST_TEST(hex(h.material()).substr(0, 40) != hex(base.material()));
}

BOOST_AUTO_TEST_CASE(the_key_pair_is_the_two_directions_derived_apart) {
  for (transform t : {transform::aes_gcm_16, transform::null_hmac_sha256_128}) {
    const auto sid = ngn::session_id::of_number(42);
    const esp_key_pair p = derive_esp_key_pair(sk, sid, t);
    BOOST_TEST((p.terminal_to_edge == derive_esp_keys(sk, sid, t, esp_direction::terminal_to_edge)));
    BOOST_TEST((p.edge_to_terminal == derive_esp_keys(sk, sid, t, esp_direction::edge_to_terminal)));
    BOOST_TEST((p.terminal_to_edge != p.edge_to_terminal));
  }
}

// -- RFC 4868 §2.7.2: HMAC-SHA-256-128 --------------------------------------------

// AUTH256-1..4 (§2.7.2.1): 32-octet keys. esp_seal's ICV covers SPI ‖ seq ‖ block; splitting
// each Data into those three parts makes the packet's ICV the RFC's HMAC-SHA-256-128.
struct auth256 {
  const char* name;
  std::string key_hex;
  std::string data_hex;
  const char* prf;    // PRF-HMAC-SHA-256, 32 octets
  const char* icv;    // HMAC-SHA-256-128
};

std::string repeat_hex(const char* octet, int n) {
  std::string s;
  for (int i = 0; i < n; ++i) s += octet;
  return s;
}

std::vector<auth256> auth256_cases() {
  return {
    {"AUTH256-1", repeat_hex("0b", 32),
     hex(byte_view{std::string_view("Hi There")}),
     "198a607eb44bfbc69903a0f1cf2bbdc5ba0aa3f3d9ae3c1c7a3b1696a0b68cf7",
     "198a607eb44bfbc69903a0f1cf2bbdc5"},
    {"AUTH256-2", hex(byte_view{std::string_view("JefeJefeJefeJefeJefeJefeJefeJefe")}),
     hex(byte_view{std::string_view("what do ya want for nothing?")}),
     "167f928588c5cc2eef8e3093caa0e87c9ff566a14794aa61648d81621a2a40c6",
     "167f928588c5cc2eef8e3093caa0e87c"},
    {"AUTH256-3", repeat_hex("aa", 32), repeat_hex("dd", 50),
     "cdcb1220d1ecccea91e53aba3092f962e549fe6ce9ed7fdc43191fbde45c30b0",
     "cdcb1220d1ecccea91e53aba3092f962"},
    {"AUTH256-4", "0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20",
     repeat_hex("cd", 50),
     "372efcf9b40b35c2115b1346903d2ef42fced46f0846e7257bb156d3d7b30d3f",
     "372efcf9b40b35c2115b1346903d2ef4"},
  };
}

BOOST_AUTO_TEST_CASE(rfc4868_auth256_vectors_are_the_hmac_icv) {
  for (const auth256& c : auth256_cases()) {
    const bytes k = unhex(c.key_hex);
    const bytes data = unhex(c.data_hex);
    BOOST_TEST_REQUIRE(k.size() == 32u);
    BOOST_TEST_REQUIRE(data.size() >= 8u);
    // The full PRF output, and its first 128 bits as the ICV.
    BOOST_TEST(hex(hmac_sha256(k, data)) == c.prf, c.name);
    const esp_keys keys = *esp_keys::from_material(transform::null_hmac_sha256_128, k);
    const std::uint32_t spi = (std::uint32_t{data[0]} << 24) | (data[1] << 16) | (data[2] << 8) | data[3];
    const std::uint32_t seq = (std::uint32_t{data[4]} << 24) | (data[5] << 16) | (data[6] << 8) | data[7];
    const bytes packet = esp_seal(keys, spi, seq, byte_view{data.data() + 8, data.size() - 8});
    BOOST_TEST(hex(packet) == hex(data) + c.icv, c.name);
    // Opening needs at least a minimal block (4 octets): all but AUTH256-1 ("Hi There").
    auto opened = esp_open(keys, packet);
    if (data.size() - 8 >= 4) {
      BOOST_TEST_REQUIRE(opened.ok(), c.name << ": " << why(opened));
      BOOST_TEST(hex(*opened) == hex(byte_view{data.data() + 8, data.size() - 8}));
    } else {
      BOOST_TEST_REQUIRE(!opened.ok());
      BOOST_TEST((opened.error().kind == errc::incomplete));
    }
  }
}

// -- draft-mcgrew-gcm-test-01: AES-GCM in ESP ----------------------------------------

BOOST_AUTO_TEST_CASE(draft_mcgrew_gcm_test_packets_seal_byte_for_byte) {
  for (const draft_case& c : draft_cases) {
    const esp_keys keys = keys_of(transform::aes_gcm_16, std::string(c.key) + c.salt);
    const bytes packet = detail::esp_seal_gcm(keys, u32(c.spi), u32(c.seq), blk<8>(c.iv),
                                              unhex(c.plaintext));
    BOOST_TEST(hex(packet) == hex(draft_packet(c)), c.name);
  }
}

BOOST_AUTO_TEST_CASE(draft_mcgrew_gcm_test_packets_open_to_their_plaintext) {
  for (const draft_case& c : draft_cases) {
    const esp_keys keys = keys_of(transform::aes_gcm_16, std::string(c.key) + c.salt);
    auto opened = esp_open(keys, draft_packet(c));
    BOOST_TEST_REQUIRE(opened.ok(), c.name << ": " << why(opened));
    BOOST_TEST(hex(*opened) == c.plaintext, c.name);
  }
}

BOOST_AUTO_TEST_CASE(draft_mcgrew_gcm_test_packets_detect_every_flipped_bit_position) {
  for (const draft_case& c : draft_cases) {
    const esp_keys keys = keys_of(transform::aes_gcm_16, std::string(c.key) + c.salt);
    const bytes packet = draft_packet(c);
    for (std::size_t i = 0; i < packet.size(); ++i)
      for (std::uint8_t flip : {0x01, 0x80}) {
        bytes t = packet;
        t[i] ^= flip;
        auto opened = esp_open(keys, t);
        BOOST_TEST_REQUIRE(!opened.ok(), c.name << " byte " << i);
        BOOST_TEST((opened.error().kind == errc::malformed));
        BOOST_TEST(opened.error().offset == packet.size() - 16);
      }
  }
}

// -- esp_seal: the packet layout --------------------------------------------------

BOOST_AUTO_TEST_CASE(aes_gcm_golden_packets) {
  // Python `cryptography` AESGCM(key).encrypt(salt ‖ IV, block, SPI ‖ seq) with the derived
  // terminal-to-edge keys; IV = 00 00 00 00 ‖ seq.
  const esp_keys k = derive_esp_keys(sk, sid, transform::aes_gcm_16,
                                     esp_direction::terminal_to_edge);
  BOOST_TEST(hex(esp_seal(k, 0x1001, 1, unhex(hello_block)))
             == "0000100100000001" "0000000000000001"
                "67a11f0e89197dbb5ad0853af6520e0c" "fd7f3382a9dfb8ffdf9b8fd3147fdd5e");
  BOOST_TEST(hex(esp_seal(k, 0xfedcba98, 0xfffffffe, unhex(hello_block)))
             == "fedcba98fffffffe" "00000000fffffffe"
                "0143027880c060d1c99ca57207b703d0" "c54f4a7bda242806bb70b4b4c4d3ebda");
}

BOOST_AUTO_TEST_CASE(aes_gcm_is_rfc4106_over_the_nist_tested_primitive) {
  // The same packet from aes128_gcm_seal (McGrew-Viega / NIST vectors in aead_test.cpp):
  // nonce = salt ‖ IV, AAD = SPI ‖ seq.
  const esp_keys k = keys_of(transform::aes_gcm_16, "feffe9928665731c6d6a8f9467308308cafebabe");
  for (std::uint32_t seq : {1u, 2u, 0x01020304u, 0xffffffffu}) {
    const bytes plain = block_of_size(400);
    const bytes packet = esp_seal(k, 0x4242, seq, plain);
    key128 aes;
    key128::from(k.key(), aes);
    block<12> nonce{};
    for (int i = 0; i < 4; ++i) nonce[i] = k.salt()[i];
    for (int i = 0; i < 4; ++i) nonce[8 + i] = static_cast<std::uint8_t>(seq >> (24 - 8 * i));
    const bytes aad = concat({"00004242"});
    bytes aad_full = aad;
    for (int i = 0; i < 4; ++i) aad_full.push_back(static_cast<std::uint8_t>(seq >> (24 - 8 * i)));
    const bytes sealed = aes128_gcm_seal(aes, nonce, aad_full, plain);
    BOOST_TEST_REQUIRE(packet.size() == 16 + sealed.size());
    BOOST_TEST(hex(byte_view{packet.data(), 8}) == hex(aad_full));
    BOOST_TEST(hex(byte_view{packet.data() + 8, 8}) == hex(byte_view{nonce.data() + 4, 8}));
    BOOST_TEST(hex(byte_view{packet.data() + 16, sealed.size()}) == hex(sealed));
  }
}

BOOST_AUTO_TEST_CASE(hmac_sha256_golden_packet) {
  // Python: SPI ‖ seq ‖ block ‖ HMAC-SHA256(edge-to-terminal key, SPI ‖ seq ‖ block)[:16].
  const esp_keys k = derive_esp_keys(sk, sid, transform::null_hmac_sha256_128,
                                     esp_direction::edge_to_terminal);
  BOOST_TEST(hex(esp_seal(k, 0x2002, 7, unhex(hello_block)))
             == std::string("0000200200000007") + hello_block + "dbde54fda23ab26d43a833809fdae1ed");
}

BOOST_AUTO_TEST_CASE(hmac_sha256_leaves_the_block_in_clear) {
  const esp_keys k = derive_esp_keys(sk, ngn::session_id::of_number(9), transform::null_hmac_sha256_128,
                                     esp_direction::terminal_to_edge);
  const bytes plain = block_of_size(64);
  const bytes packet = esp_seal(k, 0x9999, 3, plain);
  BOOST_TEST_REQUIRE(packet.size() == 8 + 64 + 16u);
  BOOST_TEST(hex(byte_view{packet.data() + 8, 64}) == hex(plain));
  const block<32> mac = hmac_sha256(k.key(), byte_view{packet.data(), 72});
  BOOST_TEST(hex(byte_view{packet.data() + 72, 16}) == hex(byte_view{mac.data(), 16}));
}

// -- round trips, tampering, truncation, wrong keys ------------------------------------

BOOST_AUTO_TEST_CASE(round_trips_for_both_transforms_and_many_sizes) {
  for (transform t : {transform::aes_gcm_16, transform::null_hmac_sha256_128}) {
    const esp_keys k = derive_esp_keys(sk, ngn::session_id::of_number(77), t, esp_direction::terminal_to_edge);
    for (std::size_t n : {4u, 8u, 12u, 16u, 20u, 100u, 400u, 1400u, 9000u, 65536u}) {
      const bytes plain = block_of_size(n);
      const bytes packet = esp_seal(k, 0x12345678, static_cast<std::uint32_t>(n), plain);
      BOOST_TEST(packet.size() == 8 + esp::iv_size(t) + n + 16);
      auto opened = esp_open(k, packet);
      BOOST_TEST_REQUIRE(opened.ok(), why(opened));
      BOOST_TEST((*opened == plain));
      if (t == transform::aes_gcm_16 && n >= 16)
        BOOST_TEST(hex(byte_view{packet.data() + 16, 16}) != hex(byte_view{plain.data(), 16}));
    }
  }
}

BOOST_AUTO_TEST_CASE(tampering_with_any_byte_is_detected) {
  for (transform t : {transform::aes_gcm_16, transform::null_hmac_sha256_128}) {
    const esp_keys k = derive_esp_keys(sk, ngn::session_id::of_number(5), t, esp_direction::edge_to_terminal);
    const bytes packet = esp_seal(k, 0x00002002, 42, unhex(hello_block));
    for (std::size_t i = 0; i < packet.size(); ++i) {
      for (int v = 0; v < 256; ++v) {
        if (v == packet[i]) continue;
        bytes m = packet;
        m[i] = static_cast<std::uint8_t>(v);
        auto opened = esp_open(k, m);
        BOOST_TEST_REQUIRE(!opened.ok(), esp::mechanism_name(t) << " byte " << i << " = " << v);
        BOOST_TEST_REQUIRE((opened.error().kind == errc::malformed));
        BOOST_TEST_REQUIRE(opened.error().offset == packet.size() - 16);
        BOOST_TEST(opened.error().detail == "ICV mismatch");
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(every_truncation_and_extension_is_rejected) {
  for (transform t : {transform::aes_gcm_16, transform::null_hmac_sha256_128}) {
    const esp_keys k = derive_esp_keys(sk, ngn::session_id::of_number(5), t, esp_direction::terminal_to_edge);
    const bytes packet = esp_seal(k, 0x1001, 1, unhex(hello_block));
    for (std::size_t n = 0; n < packet.size(); ++n) {
      auto opened = esp_open(k, byte_view{packet.data(), n});
      BOOST_TEST_REQUIRE(!opened.ok(), esp::mechanism_name(t) << " prefix " << n);
      if (n < 8 + esp::iv_size(t) + 4 + 16) { // shorter than a minimal block's packet
        BOOST_TEST((opened.error().kind == errc::incomplete));
        BOOST_TEST(opened.error().offset == n);
      } else {
        BOOST_TEST((opened.error().kind == errc::malformed));
      }
    }
    bytes longer = packet;
    longer.push_back(0);
    BOOST_TEST(!esp_open(k, longer).ok());
  }
}

BOOST_AUTO_TEST_CASE(a_wrong_key_is_rejected) {
  for (transform t : {transform::aes_gcm_16, transform::null_hmac_sha256_128}) {
    const esp_keys k = derive_esp_keys(sk, ngn::session_id::of_number(5), t, esp_direction::terminal_to_edge);
    const bytes packet = esp_seal(k, 0x1001, 1, unhex(hello_block));
    // The other direction, another session, another SK, one bit of the material.
    BOOST_TEST(!esp_open(derive_esp_keys(sk, ngn::session_id::of_number(5), t, esp_direction::edge_to_terminal), packet).ok());
    BOOST_TEST(!esp_open(derive_esp_keys(sk, ngn::session_id::of_number(6), t, esp_direction::terminal_to_edge), packet).ok());
    BOOST_TEST(!esp_open(derive_esp_keys(key("00000000000000000000000000000001"), ngn::session_id::of_number(5), t,
                                         esp_direction::terminal_to_edge),
                         packet)
                  .ok());
    for (std::size_t i = 0; i < k.material().size(); ++i) {
      bytes m(k.material().begin(), k.material().end());
      m[i] ^= 0x01;
      BOOST_TEST(!esp_open(*esp_keys::from_material(t, m), packet).ok(), "material byte " << i);
    }
  }
  // The other transform's keys from the same SK.
  const esp_keys g = derive_esp_keys(sk, ngn::session_id::of_number(5), transform::aes_gcm_16, esp_direction::terminal_to_edge);
  const esp_keys h =
    derive_esp_keys(sk, ngn::session_id::of_number(5), transform::null_hmac_sha256_128, esp_direction::terminal_to_edge);
  BOOST_TEST(!esp_open(h, esp_seal(g, 0x1001, 1, unhex(hello_block))).ok());
  BOOST_TEST(!esp_open(g, esp_seal(h, 0x1001, 1, unhex(hello_block))).ok());
}

BOOST_AUTO_TEST_CASE(the_aes_gcm_iv_is_the_sequence_number_so_packets_differ) {
  const esp_keys k = derive_esp_keys(sk, ngn::session_id::of_number(5), transform::aes_gcm_16, esp_direction::terminal_to_edge);
  const bytes a = esp_seal(k, 0x1001, 1, unhex(hello_block));
  const bytes b = esp_seal(k, 0x1001, 2, unhex(hello_block));
  BOOST_TEST(hex(byte_view{a.data() + 8, 8}) == "0000000000000001");
  BOOST_TEST(hex(byte_view{b.data() + 8, 8}) == "0000000000000002");
  BOOST_TEST(hex(byte_view{a.data() + 16, 16}) != hex(byte_view{b.data() + 16, 16}));
}

BOOST_AUTO_TEST_CASE(several_threads_seal_and_open_at_once) {
  // Each thread uses its own EVP contexts; results equal the single-threaded ones.
  const esp_keys g = derive_esp_keys(sk, ngn::session_id::of_number(5), transform::aes_gcm_16, esp_direction::terminal_to_edge);
  const esp_keys h =
    derive_esp_keys(sk, ngn::session_id::of_number(5), transform::null_hmac_sha256_128, esp_direction::terminal_to_edge);
  const bytes plain = block_of_size(400);
  std::vector<bytes> expected;
  for (std::uint32_t seq = 1; seq <= 64; ++seq) {
    expected.push_back(esp_seal(g, 0x1001, seq, plain));
    expected.push_back(esp_seal(h, 0x1003, seq, plain));
  }
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&] {
      for (int round = 0; round < 50; ++round)
        for (std::uint32_t seq = 1; seq <= 64; ++seq) {
          const bytes pg = esp_seal(g, 0x1001, seq, plain);
          const bytes ph = esp_seal(h, 0x1003, seq, plain);
          if (pg != expected[2 * (seq - 1)] || ph != expected[2 * (seq - 1) + 1]) ++failures;
          auto og = esp_open(g, pg);
          auto oh = esp_open(h, ph);
          if (!og.ok() || !oh.ok() || *og != plain || *oh != plain) ++failures;
          bytes bad = pg;
          bad[20] ^= 1;
          if (esp_open(g, bad).ok()) ++failures;
        }
    });
  for (auto& th : threads) th.join();
  BOOST_TEST(failures.load() == 0);
}

BOOST_AUTO_TEST_SUITE_END()
