// storage/subscriber_store.hpp and storage/provisioning.hpp: provisioning, loading, upsert,
// SIPp-safe keys, OPc from OP, element keys.
#include "crypto/milenage.hpp"
#include "storage/provisioning.hpp"
#include "storage/subscriber_store.hpp"
#include "tests/storage/store_fixture.hpp"

#include <boost/test/unit_test.hpp>

#include <chrono>
#include <set>
#include <stdexcept>

using namespace ngn;
using namespace ngn::storage;

namespace {

// aka-and-vectors.md §3.2, written out independently of storage::sipp_safe.
bool has_sipp_hazard(byte_view v) {
  for (std::size_t i = 0; i < v.size(); ++i) {
    std::uint8_t b = v[i];
    if (b == 0x00 || b == 0x0a || b == 0x0d || b == 0x5b) return true;
    if (b == 0x5c && i + 1 < v.size() && v[i + 1] == 0x78) return true;
  }
  return false;
}

} // namespace

BOOST_AUTO_TEST_SUITE(storage_subscribers)

BOOST_AUTO_TEST_CASE(identity_patterns_format_and_validate) {
  BOOST_TEST(identity_pattern("t{n:06}@ngn.example").format(1) == "t000001@ngn.example");
  BOOST_TEST(identity_pattern("t{n:06}@ngn.example").format(1234567) == "t1234567@ngn.example");
  BOOST_TEST(identity_pattern("{n}").format(0) == "0");
  BOOST_TEST(identity_pattern("u{n}@x").format(18446744073709551615ull) ==
             "u18446744073709551615@x");
  BOOST_TEST(identity_pattern("a{n:020}").format(5) == "a00000000000000000005");
  for (const char* bad : {"no-placeholder", "t{n", "t{x}", "t{n:6}", "t{n:00}", "t{n:021}",
                          "t{n}{n}", "t {n}", "t{n};x", "t}{n}", "t{n:0a}"})
    BOOST_CHECK_THROW(identity_pattern{bad}, std::invalid_argument);
  BOOST_TEST(valid_identity("t000001@ngn.example"));
  BOOST_TEST(!valid_identity(""));
  BOOST_TEST(!valid_identity("a b"));
  BOOST_TEST(!valid_identity("a;b"));
  BOOST_TEST(!valid_identity("a,b"));
  BOOST_TEST(!valid_identity(std::string(256, 'a')));
}

BOOST_FIXTURE_TEST_CASE(provision_then_load_all, test::store_fixture) {
  provision_options o;
  o.count = 500;
  o.pattern = "sub{n:04}@test.net";
  o.first = 10;
  o.protocol = "sip";
  o.amf = {0xb9, 0xb9};
  o.flags = 4;
  BOOST_TEST(store.provision(o) == 500u);
  BOOST_TEST(store.count() == 500u);

  auto all = store.load_all();
  BOOST_REQUIRE(all.size() == 500u);
  BOOST_TEST(all.front().identity == "sub0010@test.net");
  BOOST_TEST(all.back().identity == "sub0509@test.net");
  std::set<std::string> keys;
  for (const subscriber& s : all) {
    BOOST_TEST(s.protocol == "sip");
    BOOST_TEST((s.amf == block<2>{0xb9, 0xb9}));
    BOOST_TEST(s.sqn == 0u);
    BOOST_TEST(s.flags == 4u);
    BOOST_REQUIRE(s.op.has_value());
    BOOST_TEST((s.opc.raw() == crypto::milenage_opc(s.k, s.op->raw()))); // TS 35.206 §4.1
    keys.insert(std::string(s.k.view().begin(), s.k.view().end()));
  }
  BOOST_TEST(keys.size() == 500u); // random, distinct K per subscriber

  auto one = store.load("sub0100@test.net");
  BOOST_REQUIRE(one.has_value());
  BOOST_TEST((one->k == all[90].k));
  BOOST_TEST(!store.load("nobody@test.net").has_value());
}

BOOST_FIXTURE_TEST_CASE(provision_skips_existing_identities, test::store_fixture) {
  provision_options o;
  o.count = 10;
  BOOST_TEST(store.provision(o) == 10u);
  auto before = store.load("t000005@ngn.example");
  o.count = 20;
  BOOST_TEST(store.provision(o) == 10u);
  BOOST_TEST(store.count() == 20u);
  auto after = store.load("t000005@ngn.example");
  BOOST_REQUIRE(before && after);
  BOOST_TEST((before->k == after->k)); // untouched
}

BOOST_FIXTURE_TEST_CASE(provision_with_a_common_op, test::store_fixture) {
  provision_options o;
  o.count = 20;
  o.op = block<16>{0xcd, 0xc2, 0x02, 0xd5, 0x12, 0x3e, 0x20, 0xf6,
                   0x2b, 0x6d, 0x67, 0x6a, 0xc7, 0x2c, 0xb3, 0x18};
  store.provision(o);
  for (const subscriber& s : store.load_all()) {
    BOOST_REQUIRE(s.op.has_value());
    BOOST_TEST((s.op->raw() == *o.op));
    BOOST_TEST((s.opc.raw() == crypto::milenage_opc(s.k, *o.op)));
  }
}

BOOST_FIXTURE_TEST_CASE(provision_rejects_bad_options, test::store_fixture) {
  provision_options o;
  o.count = 1;
  o.protocol = "smtp";
  BOOST_CHECK_THROW(store.provision(o), std::invalid_argument);
  o.protocol = "any";
  o.pattern = "bad";
  BOOST_CHECK_THROW(store.provision(o), std::invalid_argument);
  o.pattern = "t{n}";
  o.sipp_safe = true;
  o.op = block<16>{}; // zeros: SIPp would truncate it
  BOOST_CHECK_THROW(store.provision(o), std::invalid_argument);
  o.op.reset();
  o.amf = {0x00, 0x80};
  BOOST_CHECK_THROW(store.provision(o), std::invalid_argument);
  BOOST_TEST(store.count() == 0u);
}

BOOST_FIXTURE_TEST_CASE(sipp_safe_keys_never_contain_forbidden_bytes, test::store_fixture) {
  provision_options o;
  o.count = 2000;
  o.sipp_safe = true;
  BOOST_TEST(store.provision(o) == 2000u);
  std::size_t n = 0;
  for (const subscriber& s : store.load_all()) {
    BOOST_REQUIRE(s.op.has_value());
    BOOST_TEST(!has_sipp_hazard(s.k.view()));
    BOOST_TEST(!has_sipp_hazard(s.op->raw()));
    BOOST_TEST((s.flags & sipp_compat) != 0u);
    BOOST_TEST((s.opc.raw() == crypto::milenage_opc(s.k, s.op->raw())));
    ++n;
  }
  BOOST_TEST(n == 2000u);
}

BOOST_AUTO_TEST_CASE(sipp_safe_predicate) {
  BOOST_TEST(sipp_safe(bytes{0x01, 0x5c, 0x77, 0x78}));
  BOOST_TEST(!sipp_safe(bytes{0x01, 0x5c, 0x78}));
  for (std::uint8_t b : {0x00, 0x0a, 0x0d, 0x5b}) BOOST_TEST(!sipp_safe(bytes{0x41, b}));
  BOOST_TEST(sipp_safe_amf({0x80, 0x00}));
  BOOST_TEST(sipp_safe_amf({0xb9, 0xb9}));
  BOOST_TEST(!sipp_safe_amf({0x00, 0x80}));
  BOOST_TEST(!sipp_safe_amf({0x80, 0x0a}));
  BOOST_TEST(!sipp_safe_amf({0x5c, 0x78}));
}

BOOST_FIXTURE_TEST_CASE(provisioning_100k_is_one_fast_transaction, test::store_fixture) {
  provision_options o;
  o.count = 100000;
  auto t0 = std::chrono::steady_clock::now();
  BOOST_TEST(store.provision(o) == 100000u);
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
              std::chrono::steady_clock::now() - t0).count();
  BOOST_TEST_MESSAGE("provisioned 100000 subscribers in " << ms << " ms");
  BOOST_TEST(store.count() == 100000u);
  BOOST_TEST(store.load("t100000@ngn.example").has_value());
}

BOOST_FIXTURE_TEST_CASE(upsert_replaces_but_never_lowers_sqn, test::store_fixture) {
  subscriber s;
  s.identity = "alice@x";
  s.k = crypto::key128(block<16>{1, 2, 3});
  s.opc = crypto::key128(block<16>{9});
  s.sqn = 100;
  store.upsert(s);
  auto got = store.load("alice@x");
  BOOST_REQUIRE(got);
  BOOST_TEST(got->sqn == 100u);
  BOOST_TEST(!got->op.has_value());
  BOOST_TEST((got->amf == block<2>{0x80, 0x00}));

  s.sqn = 50;
  s.protocol = "mgcp";
  s.k = crypto::key128(block<16>{7});
  store.upsert(s);
  got = store.load("alice@x");
  BOOST_TEST(got->sqn == 100u); // DESIGN.md §2: SQN never goes back
  BOOST_TEST(got->protocol == "mgcp");
  BOOST_TEST((got->k == s.k));

  s.sqn = (std::uint64_t{1} << 48);
  BOOST_CHECK_THROW(store.upsert(s), std::invalid_argument);
  s.sqn = 1;
  s.identity = "bad identity";
  BOOST_CHECK_THROW(store.upsert(s), std::invalid_argument);
}

BOOST_AUTO_TEST_CASE(element_keys_persist_across_reopen) {
  test::temp_dir dir;
  const std::string path = dir.file("ngn.db");
  crypto::key128 ksp, kss;
  {
    subscriber_store store(path);
    ksp = store.ensure_element("sp1", "proxy").key;
    kss = store.ensure_element("ss1", "softswitch").key;
    BOOST_TEST((ksp != kss));
    BOOST_TEST((store.ensure_element("sp1", "proxy").key == ksp)); // not regenerated
  }
  subscriber_store store(path);
  BOOST_TEST((store.ensure_element("sp1", "proxy").key == ksp));
  auto all = store.load_elements();
  BOOST_REQUIRE(all.size() == 2u);
  BOOST_TEST(all[0].name == "sp1");
  BOOST_TEST(all[0].kind == "proxy");
  BOOST_TEST((all[0].key == ksp));
  BOOST_TEST(all[1].name == "ss1");
  BOOST_TEST((all[1].key == kss));
  BOOST_CHECK_THROW(store.ensure_element("sp1", "softswitch"), std::invalid_argument);
  BOOST_CHECK_THROW(store.ensure_element("x", "gateway"), std::invalid_argument);
}

BOOST_AUTO_TEST_SUITE_END()
