// Hostile input: every truncated prefix fails cleanly, byte mutations and random bytes never crash
// or read out of bounds (inputs are copied into exact-size heap buffers so ASan sees any overread),
// unsupported alternatives and limits are reported with the right error kind.
#include "tests/protocols/failure.hpp"
#include "tests/protocols/ras/ras_samples.hpp"

#include <boost/test/unit_test.hpp>

#include <cstring>
#include <memory>
#include <random>

using namespace ngn;
using namespace ngn::ras;
using namespace ngn::ras::test;

namespace {

/// Decodes a copy of [data, data + n) held in a heap block of exactly n octets. If the decode
/// succeeds, encoding must succeed and decode back to the same model (the fuzz invariant).
bool decode_checked(const std::uint8_t* data, std::size_t n, std::size_t& accepted) {
  std::unique_ptr<std::uint8_t[]> copy(new std::uint8_t[n == 0 ? 1 : n]);
  if (n != 0) std::memcpy(copy.get(), data, n);
  auto m = decode(copy.get(), n);
  if (!m) return true;
  ++accepted;
  auto e = encode(*m);
  if (!e) {
    BOOST_ERROR("decoded model does not encode: " << e.error().describe());
    return false;
  }
  auto again = decode(*e);
  if (!again || !(*again == *m)) {
    BOOST_ERROR("re-encoded model does not decode to itself");
    return false;
  }
  return true;
}

std::vector<std::pair<std::string, bytes>> all_encodings() {
  std::vector<std::pair<std::string, bytes>> out;
  for (const auto& g : goldens()) out.emplace_back(g.name, g.encoding);
  for (const auto& [name, m] : constructed_models()) out.emplace_back(name, *encode(m));
  return out;
}

errc decode_error(const bytes& b) { return testing::failure_kind(decode(b)); }

} // namespace

BOOST_AUTO_TEST_SUITE(ras_robustness)

BOOST_AUTO_TEST_CASE(every_truncated_prefix_is_incomplete) {
  std::size_t prefixes = 0;
  for (const auto& [name, enc] : all_encodings()) {
    for (std::size_t n = 0; n < enc.size(); ++n, ++prefixes) {
      std::unique_ptr<std::uint8_t[]> copy(new std::uint8_t[n == 0 ? 1 : n]);
      std::memcpy(copy.get(), enc.data(), n);
      auto m = decode(copy.get(), n);
      if (m.ok()) BOOST_FAIL(name << ": prefix of " << n << " octets decoded");
      if (m.error().kind != errc::incomplete || m.error().offset > n)
        BOOST_ERROR(name << ": prefix of " << n << " octets: " << m.error().describe());
    }
  }
  BOOST_TEST(prefixes > 5000u);
}

namespace {

/// Decodes `enc` with byte i replaced by each of `values(i, orig)`; counts the mutants.
template <class Values>
void mutate_each_byte(const bytes& enc, Values values, std::size_t& tried, std::size_t& accepted) {
  bytes b = enc;
  for (std::size_t i = 0; i < b.size(); ++i) {
    const std::uint8_t orig = b[i];
    for (std::uint8_t v : values(i, orig)) {
      b[i] = v;
      BOOST_TEST_REQUIRE(decode_checked(b.data(), b.size(), accepted));
      ++tried;
    }
    b[i] = orig;
  }
}

} // namespace

BOOST_AUTO_TEST_CASE(byte_mutation_sweep_never_crashes) {
  // Goldens and minimal models: every byte × every bit flip and a few values.
  auto exhaustive = [](std::size_t, std::uint8_t o) {
    std::vector<std::uint8_t> v;
    for (unsigned bit = 0; bit < 8; ++bit) v.push_back(static_cast<std::uint8_t>(o ^ (1u << bit)));
    for (std::uint8_t x : {std::uint8_t{0x00}, std::uint8_t{0xFF}, std::uint8_t{0x7F},
                           std::uint8_t{0x80}, static_cast<std::uint8_t>(o + 1),
                           static_cast<std::uint8_t>(o - 1)})
      v.push_back(x);
    return v;
  };
  // The large "full" models (up to ~3 KB): every byte, one bit flip (rotating over the bits).
  auto strided = [](std::size_t i, std::uint8_t o) {
    return std::vector<std::uint8_t>{static_cast<std::uint8_t>(o ^ (1u << (i % 8)))};
  };
  std::size_t tried = 0;
  std::size_t accepted = 0;
  for (const auto& g : goldens()) mutate_each_byte(g.encoding, exhaustive, tried, accepted);
  for (const auto& [name, m] : constructed_models()) {
    const bytes enc = *encode(m);
    if (name.rfind("minimal", 0) == 0)
      mutate_each_byte(enc, exhaustive, tried, accepted);
    else
      mutate_each_byte(enc, strided, tried, accepted);
  }
  BOOST_TEST_MESSAGE("mutants tried: " << tried << ", accepted: " << accepted);
  BOOST_TEST(accepted > 0u);  // many flips only change values
  BOOST_TEST(accepted < tried);
}

BOOST_AUTO_TEST_CASE(random_inputs_never_crash) {
  std::mt19937 rng(20240601);
  std::size_t accepted = 0;
  const auto encs = all_encodings();
  for (int round = 0; round < 20000; ++round) {
    bytes b;
    if (round % 2 == 0) {  // pure noise
      b.resize(rng() % 64);
      for (auto& x : b) x = static_cast<std::uint8_t>(rng());
    } else {  // a valid prefix followed by noise
      const bytes& base = encs[rng() % encs.size()].second;
      b.assign(base.begin(), base.begin() + static_cast<std::ptrdiff_t>(rng() % base.size()));
      for (std::size_t k = rng() % 16; k > 0; --k) b.push_back(static_cast<std::uint8_t>(rng()));
    }
    BOOST_TEST_REQUIRE(decode_checked(b.data(), b.size(), accepted));
  }
  BOOST_TEST_MESSAGE("random inputs accepted: " << accepted);
}

BOOST_AUTO_TEST_CASE(other_ras_messages_are_unsupported) {
  BOOST_TEST((decode_error(hex("24 00")) == errc::unsupported));  // index 9: ARQ
  BOOST_TEST((decode_error(hex("60 00")) == errc::unsupported));  // index 24
  BOOST_TEST((decode_error(hex("80 01 00")) == errc::unsupported));  // requestInProgress (ext 0)
  BOOST_TEST((decode_error(hex("64 00")) == errc::malformed));  // index 25 of 0..24
  BOOST_TEST((decode_error(bytes{}) == errc::incomplete));
}

BOOST_AUTO_TEST_CASE(signed_tokens_are_unsupported) {
  // RRQ: the cryptoTokens item "04" (cryptoEPPwdHash + alias h323-ID) → "44" (cryptoEPCert)
  bytes rrq = hex(golden_rrq_hex);
  const std::size_t at = 122;
  BOOST_TEST_REQUIRE(dump(bytes(rrq.begin() + at - 2, rrq.begin() + at + 2)) == "2c 01 04 03");
  rrq[at] = 0x44;
  BOOST_TEST((decode_error(rrq) == errc::unsupported));
  rrq[at] = 0x54;  // cryptoFastStart
  BOOST_TEST((decode_error(rrq) == errc::unsupported));
  // RCF: nestedcryptoToken "74" (cryptoHashedToken) → "72" (cryptoSignedToken)
  bytes rcf = hex(golden_rcf_hex);
  const std::size_t mac = 167;
  BOOST_TEST_REQUIRE(dump(bytes(rcf.begin() + mac - 2, rcf.begin() + mac + 2)) == "4d 01 74 07");
  rcf[mac] = 0x72;
  BOOST_TEST((decode_error(rcf) == errc::unsupported));
  // RCF: h235Key "20" (sharedSecret) → "40" (certProtectedKey)
  rcf = hex(golden_rcf_hex);
  const std::size_t key = 102;
  BOOST_TEST_REQUIRE(dump(bytes(rcf.begin() + key - 1, rcf.begin() + key + 2)) == "3f 20 09");
  rcf[key] = 0x40;
  BOOST_TEST((decode_error(rcf) == errc::unsupported));
}

BOOST_AUTO_TEST_CASE(unmodelled_root_alternatives_are_unsupported) {
  bytes grq = hex(golden_grq_minimal_hex);
  BOOST_TEST_REQUIRE(grq[11] == 0x00);  // TransportAddress: ext 0, index 000 (ipAddress)
  grq[11] = 0x10;                       // index 1: ipSourceRoute
  BOOST_TEST((decode_error(grq) == errc::unsupported));
  grq[11] = 0x70;  // index 7 of 0..6
  BOOST_TEST((decode_error(grq) == errc::malformed));
}

BOOST_AUTO_TEST_CASE(limits_are_enforced) {
  bytes grq = hex(golden_grq_hex);
  BOOST_TEST_REQUIRE(dump(bytes(grq.begin() + 20, grq.begin() + 22)) == "01 40");
  grq[20] = 0x41;  // endpointAlias count 65 > limits::max_list_items
  BOOST_TEST((decode_error(grq) == errc::limit_exceeded));
  grq[20] = 0xC1;  // fragmented length
  BOOST_TEST((decode_error(grq) == errc::limit_exceeded));
  bytes huge(limits::max_message_size + 1, 0);
  BOOST_TEST((decode_error(huge) == errc::limit_exceeded));
  // Encoder side: a list longer than the decoder accepts is refused too.
  gatekeeper_request m = minimal_grq();
  m.endpoint_alias = std::vector<alias_address>(limits::max_list_items + 1, h323_id{u"x"});
  auto e = encode(m);
  BOOST_TEST_REQUIRE(!e.ok());
  BOOST_TEST((e.error().kind == errc::limit_exceeded));
  m.endpoint_alias->resize(limits::max_list_items);
  BOOST_TEST(encode(m).ok());
}

BOOST_AUTO_TEST_CASE(bad_values_are_malformed_with_an_offset) {
  bytes grq = hex(golden_grq_minimal_hex);
  grq[7] = 0x80;  // OID arc 2250 "91 4a" → "80 4a": non-minimal
  auto m = decode(grq);
  BOOST_TEST_REQUIRE(!m.ok());
  BOOST_TEST((m.error().kind == errc::malformed));
  BOOST_TEST(m.error().offset == 7u);
  // GRJ challenge length: 7 bits of 16-8; 127 is more than 128-8
  bytes grj = hex(golden_grj_hex);
  BOOST_TEST_REQUIRE(grj[40] == 0x10);
  grj[40] = 0xFE;
  BOOST_TEST((decode_error(grj) == errc::malformed));
}

BOOST_AUTO_TEST_CASE(trailing_octets_are_ignored) {
  bytes grq = hex(golden_grq_minimal_hex);
  grq.push_back(0xAB);
  auto m = decode(grq);
  BOOST_TEST_REQUIRE(m.ok());
  BOOST_TEST((*m == ras_message{golden_grq_minimal_model()}));
}

BOOST_AUTO_TEST_SUITE_END()
