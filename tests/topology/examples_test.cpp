// Every topology under topology/examples/ (and the README's annotated example) parses, and each
// example describes what its name promises.
#include "topology/defaults.hpp"
#include "topology/identity.hpp"
#include "topology/parse.hpp"
#include "topology/query.hpp"
#include "topology/write.hpp"

#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

using namespace ngn::topology;

namespace {

const std::string examples_dir = NGN_SOURCE_DIR "/topology/examples";

topology load(const std::string& name) {
  auto r = parse_file(examples_dir + "/" + name);
  BOOST_REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : to_string(r.errors())));
  return std::move(r).value();
}

} // namespace

BOOST_AUTO_TEST_SUITE(topology_examples)

BOOST_AUTO_TEST_CASE(every_example_parses) {
  std::size_t n = 0;
  for (const auto& entry : std::filesystem::directory_iterator(examples_dir)) {
    if (entry.path().extension() != ".toml")
      continue;
    ++n;
    auto r = parse_file(entry.path().string());
    BOOST_TEST(r.ok(), entry.path().filename().string() << ":\n"
                           << (r.ok() ? "" : to_string(r.errors())));
  }
  BOOST_TEST(n >= 3u);
}

BOOST_AUTO_TEST_CASE(readme_examples_parse) {
  // Every ```toml block of the README is a whole topology: the annotated example, the soak.
  std::ifstream in(NGN_SOURCE_DIR "/topology/README.md");
  BOOST_REQUIRE(in);
  std::stringstream all;
  all << in.rdbuf();
  auto text = all.str();
  std::size_t blocks = 0;
  for (auto begin = text.find("```toml\n"); begin != std::string::npos;
       begin = text.find("```toml\n", begin)) {
    begin += 8;
    auto end = text.find("```", begin);
    BOOST_REQUIRE(end != std::string::npos);
    ++blocks;
    auto r = parse_string(std::string_view(text).substr(begin, end - begin),
                          "README.md block " + std::to_string(blocks));
    BOOST_TEST(r.ok(), (r.ok() ? "" : to_string(r.errors())));
    begin = end + 3;
  }
  BOOST_TEST(blocks >= 2u);
}

BOOST_AUTO_TEST_CASE(single_host_is_the_default) {
  auto t = load("single-host.toml");
  BOOST_TEST(t.emulation.name == "single-host");
  t.emulation.name = default_topology().emulation.name;
  BOOST_TEST(to_toml(t) == to_toml(default_topology(1000, via_mode::mixed)));
}

BOOST_AUTO_TEST_CASE(three_hosts_one_node_per_host) {
  auto t = load("three-hosts.toml");
  BOOST_REQUIRE(t.nodes.size() == 3u);
  const char* const names[] = {"n-terminals", "n-core", "n-auc"};
  for (int i = 0; i < 3; ++i) {
    auto address = "10.200.0." + std::to_string(i + 1);
    BOOST_TEST(t.nodes[i].name == names[i]);
    BOOST_TEST(t.nodes[i].host == address);
    BOOST_TEST(t.nodes[i].endpoint == "tcp://" + address + ":7000");
  }
  auto terminals = elements_on(t, "n-terminals");
  BOOST_TEST(terminals.terminals.size() == 2u);
  BOOST_TEST(terminals.aucs.empty());
  auto core = elements_on(t, "n-core");
  BOOST_TEST(core.softswitches.size() == 1u);
  BOOST_TEST(core.proxies.size() == 1u);
  BOOST_TEST(core.terminals.empty());
  auto auc = elements_on(t, "n-auc");
  BOOST_TEST(auc.aucs.size() == 1u);
  BOOST_TEST(auc.softswitches.empty());
  // The listener is commented out: with it the emulation lasts until its duration or a signal.
  BOOST_TEST(!t.find_proxy("sp1")->listen);
  BOOST_TEST(identity_for(t.terminals[1], 0) == "t005001@ngn.example");
}

BOOST_AUTO_TEST_CASE(many_proxies_two_shards) {
  auto t = load("many-proxies-two-shards.toml");
  BOOST_TEST(t.proxies.size() == 4u);
  BOOST_TEST(t.softswitches.size() == 2u);
  BOOST_REQUIRE(t.aucs.size() == 2u);
  BOOST_TEST(t.aucs[0].shard_count == 2u);
  BOOST_TEST(t.softswitches[1].aucs == (std::vector<std::string>{"auc-a", "auc-b"}));
  std::set<ngn::protocol> protocols;
  std::set<std::string> identities;
  std::size_t per_auc[2] = {0, 0};
  for (const auto& g : t.terminals) {
    protocols.insert(g.protocol);
    BOOST_TEST(softswitch_of(t, g) != nullptr);
    for (std::uint64_t i = 0; i < g.count; ++i) {
      auto id = identity_for(g, i);
      BOOST_REQUIRE(identities.insert(id).second);  // no identity twice
      const auto* a = auc_for_identity(t, id);
      BOOST_REQUIRE(a != nullptr);
      ++per_auc[a->shard_index];
    }
  }
  BOOST_TEST(protocols.size() == 4u);
  BOOST_TEST(identities.size() == t.total_terminals());
  BOOST_TEST(per_auc[0] > 0u);
  BOOST_TEST(per_auc[1] > 0u);
  BOOST_TEST(t.find_terminals("mgcp")->identity == "aaln/{n}@gw.ngn.example");
  BOOST_TEST(t.find_terminals("h248")->identity == "h248-{n:05}@ngn.example");
  BOOST_TEST(t.emulation.run_time.count() == 300000);
}

BOOST_AUTO_TEST_SUITE_END()
