// random_bytes / random_block / random_key128 (RAND_bytes, DESIGN.md §2).
#include "crypto/random.hpp"

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <set>
#include <thread>
#include <vector>

using namespace ngn;
using namespace ngn::crypto;

BOOST_AUTO_TEST_SUITE(random_source)

BOOST_AUTO_TEST_CASE(blocks_differ) {
  // 64 draws of 128 bits: a collision (or an all-zero block) means a broken generator.
  std::set<block<16>> seen;
  for (int i = 0; i < 64; ++i) {
    const block<16> b = random_block<16>();
    BOOST_TEST(std::any_of(b.begin(), b.end(), [](std::uint8_t x) { return x != 0; }));
    seen.insert(b);
  }
  BOOST_TEST(seen.size() == 64u);
}

BOOST_AUTO_TEST_CASE(keys_differ) {
  const key128 a = random_key128();
  const key128 b = random_key128();
  BOOST_TEST((a != b));
}

BOOST_AUTO_TEST_CASE(fills_whole_buffer) {
  // Every byte position of a 4 KiB buffer takes a nonzero value in at least one of 8 draws
  // (a position stuck at zero has probability 2^-64 per position for a working CSPRNG).
  bytes acc(4096, 0);
  for (int round = 0; round < 8; ++round) {
    bytes b(4096, 0);
    random_bytes(b.data(), b.size());
    for (std::size_t i = 0; i < b.size(); ++i) acc[i] |= b[i];
  }
  BOOST_TEST(std::none_of(acc.begin(), acc.end(), [](std::uint8_t x) { return x == 0; }));
  random_bytes(nullptr, 0); // zero length is a no-op
}

// Small requests come from a per-thread pool (crypto/random.cpp): no byte may be handed out
// twice, across refills and requests of every size, nor to two threads.
BOOST_AUTO_TEST_CASE(the_pool_never_hands_out_the_same_bytes_twice) {
  std::set<block<8>> seen;
  std::size_t draws = 0;
  // Sizes 1..300 cycle through the pool's refills at every offset; each draw is followed by an
  // 8-byte one, whose value must never repeat (a repeat has probability ~2^-40 here).
  for (int round = 0; round < 40; ++round)
    for (std::size_t n = 1; n <= 300; n += 7) {
      bytes b(n);
      random_bytes(b.data(), n);
      seen.insert(random_block<8>());
      ++draws;
    }
  BOOST_TEST(seen.size() == draws);
  std::vector<block<8>> other(2000);
  std::thread t([&] {
    for (auto& b : other) b = random_block<8>();
  });
  t.join();
  for (const auto& b : other) BOOST_TEST(seen.insert(b).second);
}

BOOST_AUTO_TEST_SUITE_END()
