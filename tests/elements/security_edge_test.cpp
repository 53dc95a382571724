// elements/security_edge.hpp alone: mechanism negotiation (chosen, no sec-agree, refused), the
// success response passing the edge (its copy of SK unwrapped, the message verification word),
// and the registrations it keeps.
#include "unit_support.hpp"

#include "elements/security_edge.hpp"

#include <boost/test/unit_test.hpp>

using namespace ngn;
using namespace ngn::test;
using namespace ngn::test::unit;
using elements::negotiation;
using verdict = elements::negotiation::verdict;

namespace {

std::string_view name(verdict v) {
  switch (v) {
    case verdict::chosen: return "chosen";
    case verdict::unprotected: return "unprotected";
    case verdict::refused: return "refused";
  }
  return "?";
}

struct fixture {
  explicit fixture(crypto::kek_role role = crypto::kek_role::proxy) {
    elements::edge_config c;
    c.key = make_key(8);
    c.role = role;
    c.supported = {{"hmac-sha256", 700}, {"aes-gcm", 600}};
    edge.emplace(c);
    key = c.key;
  }

  /// What the success response carries past the edge for `sub`, SK wrapped under `k`.
  struct delivery {
    vector_for v;
    mechanism_list offered{{"aes-gcm", 900}, {"hmac-sha256", 500}};
    elements::key_delivery d;
  };
  delivery make(const subscriber& sub, const crypto::key128& k, crypto::kek_role role,
                std::uint64_t seed = 1) {
    delivery x;
    x.v = make_vector(sub, 32, seed, k, role);
    return x;
  }
  /// Points d at x's fields (after x has its final address).
  static void bind(delivery& x, const subscriber& sub, std::string_view mechanism) {
    x.d.identity = sub.identity;
    x.d.session_id = ngn::session_id::of_number(99);
    x.d.rand = &x.v.rand;
    x.d.wrapped_edge = x.v.wrapped_edge;
    x.d.wrapped_t = x.v.wrapped_t;
    x.d.offered = &x.offered;
    x.d.mechanism = mechanism;
  }

  /// deliver() with the ends it reports collected in `ended`.
  std::optional<block<crypto::mvw_size>> deliver(const elements::key_delivery& d, micros now) {
    return edge->deliver(d, now, ended);
  }

  std::optional<elements::security_edge> edge;
  std::vector<elements::registration_ended> ended;
  crypto::key128 key;
  subscriber alice = make_subscriber("alice@ngn.example", 51);
};

} // namespace

BOOST_AUTO_TEST_SUITE(security_edge_unit)

BOOST_AUTO_TEST_CASE(the_terminals_highest_priority_among_what_both_support_is_chosen) {
  fixture f;
  auto n = f.edge->negotiate({{"aes-gcm", 900}, {"hmac-sha256", 500}});
  BOOST_TEST(name(n.result) == "chosen");
  BOOST_TEST(n.mechanism == "aes-gcm"); // the edge prefers hmac-sha256: the terminal decides
  n = f.edge->negotiate({{"aes-gcm", 100}, {"hmac-sha256", 500}, {"null", 900}});
  BOOST_TEST(name(n.result) == "chosen");
  BOOST_TEST(n.mechanism == "hmac-sha256"); // null is not in the edge's policy
  BOOST_TEST((f.edge->supported() == mechanism_list{{"hmac-sha256", 700}, {"aes-gcm", 600}}));
}

BOOST_AUTO_TEST_CASE(no_offer_is_unprotected_not_refused) {
  fixture f;
  auto n = f.edge->negotiate({});
  BOOST_TEST(name(n.result) == "unprotected");
  BOOST_TEST(n.mechanism == "no-sec-agree");
  BOOST_TEST(n.mechanism == elements::no_sec_agree);
}

BOOST_AUTO_TEST_CASE(nothing_in_common_is_refused) {
  fixture f;
  auto n = f.edge->negotiate({{"null", 1000}, {"des-ede3-cbc", 500}});
  BOOST_TEST(name(n.result) == "refused");
  BOOST_TEST(n.mechanism.empty());
  // null is accepted only where the policy lists it.
  elements::edge_config c;
  c.supported = {{"null", 100}};
  elements::security_edge lax{c};
  n = lax.negotiate({{"null", 1000}});
  BOOST_TEST(name(n.result) == "chosen");
  BOOST_TEST(n.mechanism == "null");
}

BOOST_AUTO_TEST_CASE(delivery_unwraps_sk_computes_the_mac_and_registers_the_terminal) {
  fixture f;
  auto x = f.make(f.alice, f.key, crypto::kek_role::proxy);
  fixture::bind(x, f.alice, "aes-gcm");
  auto mac = f.deliver(x.d, t0);
  BOOST_REQUIRE(mac);
  // Over T's offered list and the edge's own list, the chosen mechanism and E_Kc(SK).
  BOOST_TEST((*mac == elements::compute_mvw(x.v.sk, f.alice.identity, ngn::session_id::of_number(99), x.offered,
                                            f.edge->supported(), "aes-gcm", x.v.wrapped_t, 0, 0)));
  BOOST_TEST(!(*mac == elements::compute_mvw(x.v.sk, f.alice.identity, ngn::session_id::of_number(98), x.offered,
                                             f.edge->supported(), "aes-gcm", x.v.wrapped_t, 0, 0)));
  BOOST_TEST(f.edge->registered() == 1u);
  const auto* sk = f.edge->session_key(f.alice.identity);
  BOOST_REQUIRE(sk != nullptr);
  BOOST_TEST((*sk == x.v.sk));
  BOOST_TEST(f.edge->mechanism(f.alice.identity) == "aes-gcm");
}

BOOST_AUTO_TEST_CASE(a_copy_that_does_not_unwrap_registers_nothing) {
  struct wrong {
    const char* what;
    crypto::key128 key;
    crypto::kek_role role;
    std::string identity;
  };
  fixture f;
  const wrong cases[] = {
    {"another key", make_key(9), crypto::kek_role::proxy, f.alice.identity},
    {"another role", f.key, crypto::kek_role::softswitch, f.alice.identity},
    {"another identity", f.key, crypto::kek_role::proxy, "mallory@ngn.example"},
  };
  for (const auto& w : cases) {
    BOOST_TEST_CONTEXT(w.what) {
      auto sub = f.alice;
      sub.identity = w.identity;
      auto x = f.make(sub, w.key, w.role);
      fixture::bind(x, f.alice, "aes-gcm");
      BOOST_TEST(!f.deliver(x.d, t0));
      BOOST_TEST(f.edge->registered() == 0u);
      BOOST_TEST(f.edge->session_key(f.alice.identity) == nullptr);
    }
  }
  // A tampered copy (the wrap's integrity check) and a missing one.
  auto x = f.make(f.alice, f.key, crypto::kek_role::proxy);
  x.v.wrapped_edge[3] ^= 0x20;
  fixture::bind(x, f.alice, "aes-gcm");
  BOOST_TEST(!f.deliver(x.d, t0));
  x.d.wrapped_edge = byte_view{};
  BOOST_TEST(!f.deliver(x.d, t0));
  BOOST_TEST(f.edge->registered() == 0u);
}

BOOST_AUTO_TEST_CASE(a_delivery_without_rand_or_offer_is_refused) {
  fixture f;
  auto x = f.make(f.alice, f.key, crypto::kek_role::proxy);
  fixture::bind(x, f.alice, "aes-gcm");
  x.d.rand = nullptr;
  BOOST_TEST(!f.deliver(x.d, t0));
  fixture::bind(x, f.alice, "aes-gcm");
  x.d.offered = nullptr;
  BOOST_TEST(!f.deliver(x.d, t0));
  BOOST_TEST(f.edge->registered() == 0u);
  fixture::bind(x, f.alice, "aes-gcm");
  BOOST_TEST(f.deliver(x.d, t0).has_value()); // the same, complete, is accepted
}

BOOST_AUTO_TEST_CASE(the_soft_switch_as_edge_uses_its_own_role) {
  fixture f{crypto::kek_role::softswitch};
  auto x = f.make(f.alice, f.key, crypto::kek_role::softswitch);
  fixture::bind(x, f.alice, "aes-gcm");
  BOOST_TEST(f.deliver(x.d, t0).has_value());
  auto y = f.make(f.alice, f.key, crypto::kek_role::proxy);
  fixture::bind(y, f.alice, "aes-gcm");
  BOOST_TEST(!f.deliver(y.d, t0).has_value());
}

BOOST_AUTO_TEST_CASE(no_mechanism_is_recorded_as_no_sec_agree) {
  fixture f;
  auto x = f.make(f.alice, f.key, crypto::kek_role::proxy);
  x.offered.clear();
  fixture::bind(x, f.alice, "");
  auto mac = f.deliver(x.d, t0);
  BOOST_REQUIRE(mac);
  BOOST_TEST((*mac == elements::compute_mvw(x.v.sk, f.alice.identity, ngn::session_id::of_number(99), {},
                                            f.edge->supported(), "", x.v.wrapped_t, 0, 0)));
  BOOST_TEST(f.edge->mechanism(f.alice.identity) == "no-sec-agree");
}

BOOST_AUTO_TEST_CASE(a_new_registration_replaces_the_old_and_forget_wipes_it) {
  fixture f;
  auto x = f.make(f.alice, f.key, crypto::kek_role::proxy, 1);
  fixture::bind(x, f.alice, "aes-gcm");
  BOOST_REQUIRE(f.deliver(x.d, t0));
  auto y = f.make(f.alice, f.key, crypto::kek_role::proxy, 2);
  fixture::bind(y, f.alice, "hmac-sha256");
  BOOST_REQUIRE(f.deliver(y.d, t0 + seconds));
  BOOST_TEST(f.edge->registered() == 1u);
  BOOST_TEST((*f.edge->session_key(f.alice.identity) == y.v.sk));
  BOOST_TEST(f.edge->mechanism(f.alice.identity) == "hmac-sha256");
  f.edge->forget(f.alice.identity, ngn::session_id::of_number(99));
  BOOST_TEST(f.edge->registered() == 0u);
  BOOST_TEST(f.edge->session_key(f.alice.identity) == nullptr);
  BOOST_TEST(f.edge->mechanism(f.alice.identity).empty());
  f.edge->forget("nobody@ngn.example", ngn::session_id::of_number(99)); // nothing to forget: no effect
  BOOST_TEST(f.edge->registered() == 0u);
}

BOOST_AUTO_TEST_CASE(each_terminal_keeps_its_own_mechanism) {
  fixture f;
  const char* names[] = {"aes-gcm", "hmac-sha256", "aes-gcm", "null"};
  std::vector<subscriber> subs;
  for (int i = 0; i < 4; ++i)
    subs.push_back(make_subscriber("t" + std::to_string(i) + "@ngn.example", 60 + i));
  for (int i = 0; i < 4; ++i) {
    auto x = f.make(subs[i], f.key, crypto::kek_role::proxy);
    fixture::bind(x, subs[i], names[i]);
    BOOST_REQUIRE(f.deliver(x.d, t0));
  }
  BOOST_TEST(f.edge->registered() == 4u);
  for (int i = 0; i < 4; ++i) BOOST_TEST(f.edge->mechanism(subs[i].identity) == names[i]);
}

BOOST_AUTO_TEST_CASE(registrations_go_on_past_255_distinct_mechanism_names) {
  // Mechanism names are interned in one byte per registration: 255 distinct names are kept
  // exactly; past that a registration still succeeds (its name is not kept exactly).
  fixture f;
  for (int i = 0; i < 257; ++i) {
    const std::string m = "m" + std::to_string(i);
    auto sub = f.alice;
    sub.identity = "t" + std::to_string(i) + "@ngn.example";
    auto y = f.make(sub, f.key, crypto::kek_role::proxy);
    fixture::bind(y, sub, m);
    BOOST_REQUIRE(f.deliver(y.d, t0));
  }
  BOOST_TEST(f.edge->mechanism("t254@ngn.example") == "m254");
  BOOST_TEST(f.edge->session_key("t256@ngn.example") != nullptr);
  BOOST_TEST(f.edge->registered() == 257u);
}

BOOST_AUTO_TEST_SUITE_END()

namespace {

/// A random source that repeats a script of 32-bit values (big-endian, as next_u32 reads them).
struct scripted_random final : elements::random_source {
  std::vector<std::uint32_t> script;
  std::size_t next = 0;
  void fill(std::uint8_t* out, std::size_t n) override {
    for (std::size_t i = 0; i < n; i += 4) {
      const std::uint32_t v = script[next++ % script.size()];
      const std::uint8_t b[4] = {std::uint8_t(v >> 24), std::uint8_t(v >> 16), std::uint8_t(v >> 8),
                                 std::uint8_t(v)};
      for (std::size_t j = 0; j < 4 && i + j < n; ++j) out[i + j] = b[j];
    }
  }
};

} // namespace

BOOST_AUTO_TEST_SUITE(security_edge_spis)

// Two registrations in progress must not announce the same SPI: the second to install its SAs
// would take the first one's packets (found in a run of 100,000 terminals: 1 de-registration in
// about 20 runs dropped with a bad ICV). A reservation ends with its hold.
BOOST_AUTO_TEST_CASE(an_spi_announced_in_an_open_challenge_is_not_announced_again) {
  fixture f;
  scripted_random rng;
  rng.script = {0x1234, 0x1234, 0x1234, 0x5678};
  const micros hold = 10 * seconds;
  const auto first = f.edge->allocate_spi(rng, 0, hold);
  const auto second = f.edge->allocate_spi(rng, 1, hold);
  BOOST_TEST(first == 0x1234u);
  BOOST_TEST(second == 0x5678u); // 0x1234 drawn twice more, refused while the first is open
  // After the hold the first reservation lapses (its registration never installed) on a tick.
  std::vector<elements::registration_ended> ended;
  std::vector<elements::audit_due> audits;
  f.edge->on_tick(hold + 1, ended, audits);
  rng.script = {0x1234};
  rng.next = 0;
  BOOST_TEST(f.edge->allocate_spi(rng, hold + 2, hold) == 0x1234u);
}

BOOST_AUTO_TEST_SUITE_END()
