// Identity patterns, identity_for, and the sharding rule (FNV-1a-64 mod shard count).
#include "topology/identity.hpp"

#include <boost/test/unit_test.hpp>

using namespace ngn::topology;

namespace {

terminal_group group_with(std::string pattern, std::uint64_t first) {
  terminal_group g;
  g.name = "g";
  g.identity = std::move(pattern);
  g.first = first;
  g.count = 1000;
  return g;
}

auc shard(std::string name, std::uint32_t index, std::uint32_t count) {
  auc a;
  a.name = std::move(name);
  a.node = "n";
  a.database = a.name + ".db";
  a.shard_index = index;
  a.shard_count = count;
  return a;
}

} // namespace

BOOST_AUTO_TEST_SUITE(topology_identity)

BOOST_AUTO_TEST_CASE(pattern_parts) {
  auto p = parse_identity_pattern("t{n:06}@ngn.example");
  BOOST_REQUIRE(p);
  BOOST_TEST(p.value->prefix == "t");
  BOOST_TEST(p.value->width == 6u);
  BOOST_TEST(p.value->suffix == "@ngn.example");
  auto plain = parse_identity_pattern("{n}");
  BOOST_REQUIRE(plain);
  BOOST_TEST(plain.value->prefix.empty());
  BOOST_TEST(plain.value->width == 0u);
  BOOST_TEST(parse_identity_pattern("aaln/{n}@gw.ngn.example").value.has_value());
  BOOST_TEST(parse_identity_pattern("a_b+c-d.{n:020}").value.has_value());
}

BOOST_AUTO_TEST_CASE(bad_patterns) {
  struct bad_case {
    std::string pattern;
    const char* why;
  };
  const bad_case cases[] = {
      {"t@ngn.example", "no {n} placeholder"},
      {"", "no {n} placeholder"},
      {"t{n}{n}@x", "more than one placeholder"},
      {"t{n}@x}", "more than one placeholder"},
      {"t{x}@x", "unknown placeholder {x}"},
      {"t{group}{n}", "unknown placeholder {group}"},
      {"t{n:6}@x", "unknown placeholder"},
      {"t{n:00}@x", "width must be 1..20"},
      {"t{n:021}@x", "width must be 1..20"},
      {"t{n:0a}@x", "bad placeholder"},
      {"t{n", "unclosed '{'"},
      {"t {n}", "contains ' '"},
      {"t{n}@x;y", "contains ';'"},
      {"t{n}\"", "contains '\"'"},
      {std::string(120, 'a') + "{n}", "too long"},
  };
  for (const auto& c : cases) {
    auto r = parse_identity_pattern(c.pattern);
    BOOST_TEST(!r, c.pattern);
    BOOST_TEST(r.error.find(c.why) != std::string::npos, c.pattern << " -> " << r.error);
  }
}

BOOST_AUTO_TEST_CASE(expansion) {
  BOOST_TEST(identity_for(group_with("t{n:06}@ngn.example", 1), 41) == "t000042@ngn.example");
  BOOST_TEST(identity_for(group_with("t{n:06}@ngn.example", 1), 0) == "t000001@ngn.example");
  BOOST_TEST(identity_for(group_with("t{n:06}@ngn.example", 999999), 1) == "t1000000@ngn.example");
  BOOST_TEST(identity_for(group_with("{n}", 0), 0) == "0");
  BOOST_TEST(identity_for(group_with("ep{n:02}", 12345), 0) == "ep12345");
  BOOST_TEST(identity_for(group_with("x{n:020}", 18446744073709551615ULL), 0)
             == "x18446744073709551615");
  BOOST_TEST(identity_for(group_with("no placeholder", 1), 0).empty());
  BOOST_TEST(expand_names("{group}-{n:06}@{domain}", "g1", "ngn.example") == "g1-{n:06}@ngn.example");
  BOOST_TEST(expand_names("{domain}{domain}{grou}", "g", "d") == "dd{grou}");
}

BOOST_AUTO_TEST_CASE(fnv1a_reference_values) {
  // FNV-1a 64-bit reference values (Fowler/Noll/Vo test suite).
  BOOST_TEST(fnv1a_64("") == 0xcbf29ce484222325ULL);
  BOOST_TEST(fnv1a_64("a") == 0xaf63dc4c8601ec8cULL);
  BOOST_TEST(fnv1a_64("foobar") == 0x85944171f73967e8ULL);
}

BOOST_AUTO_TEST_CASE(single_auc_serves_everything) {
  topology t;
  BOOST_TEST(auc_for_identity(t, "t1@x") == nullptr);
  t.aucs.push_back(shard("auc1", 0, 1));
  for (auto id : {"", "t000001@ngn.example", "anything"})
    BOOST_TEST(auc_for_identity(t, id) == &t.aucs[0]);
}

BOOST_AUTO_TEST_CASE(sharding_rule_is_hash_mod_count) {
  topology t;
  // Listed out of order: the shard index decides, not the position.
  t.aucs.push_back(shard("auc-c", 2, 3));
  t.aucs.push_back(shard("auc-a", 0, 3));
  t.aucs.push_back(shard("auc-b", 1, 3));
  auto g = group_with("t{n:06}@ngn.example", 1);
  std::size_t per_shard[3] = {0, 0, 0};
  for (std::uint64_t i = 0; i < 30000; ++i) {
    auto id = identity_for(g, i);
    const auc* a = auc_for_identity(t, id);
    BOOST_REQUIRE(a != nullptr);
    BOOST_REQUIRE(a->shard_index == fnv1a_64(id) % 3);
    BOOST_REQUIRE(a == auc_for_identity(t, id));  // deterministic
    ++per_shard[a->shard_index];
  }
  for (auto n : per_shard) {
    BOOST_TEST(n > 9000u);  // roughly even: 10000 expected each
    BOOST_TEST(n < 11000u);
  }
  // A known identity, pinned so that every host computes the same AuC.
  BOOST_TEST(fnv1a_64("t000001@ngn.example") == 0x97f76cb20cd24aafULL);
  BOOST_TEST(auc_for_identity(t, "t000001@ngn.example")->name == "auc-a");  // hash mod 3 = 0
  t.aucs.pop_back();  // shard 1/3 missing: no AuC for its identities
  std::size_t missing = 0;
  for (std::uint64_t i = 0; i < 300; ++i)
    missing += auc_for_identity(t, identity_for(g, i)) == nullptr;
  BOOST_TEST(missing > 0u);
}

BOOST_AUTO_TEST_SUITE_END()
