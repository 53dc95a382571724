// The embedded default topology, queries on a topology, and writing a topology back to TOML.
#include "topology/defaults.hpp"
#include "topology/identity.hpp"
#include "topology/mechanism.hpp"
#include "topology/parse.hpp"
#include "topology/query.hpp"
#include "topology/validate.hpp"
#include "topology/write.hpp"

#include <boost/test/unit_test.hpp>

#include <filesystem>

using namespace ngn::topology;

BOOST_AUTO_TEST_SUITE(topology_defaults)

BOOST_AUTO_TEST_CASE(default_is_one_node_with_split_terminals) {
  auto t = default_topology();
  BOOST_REQUIRE(t.nodes.size() == 1u);
  BOOST_TEST(t.nodes[0].name == "local");
  BOOST_REQUIRE(t.aucs.size() == 1u);
  BOOST_TEST(t.aucs[0].name == "auc1");
  BOOST_TEST(t.aucs[0].database == "ngnemu.db");
  BOOST_TEST(t.softswitches.at(0).name == "ss1");
  BOOST_TEST(t.proxies.at(0).name == "sp1");
  BOOST_TEST(t.proxies.at(0).softswitch == "ss1");
  BOOST_TEST(to_string(t.proxies[0].mechanisms) == "aes-gcm;q=0.9,hmac-sha256;q=0.5");
  BOOST_REQUIRE(t.terminals.size() == 2u);
  const auto& proxied = t.terminals[0];
  const auto& direct = t.terminals[1];
  BOOST_TEST(proxied.count == 500u);
  BOOST_TEST(proxied.via == "sp1");
  BOOST_TEST(direct.count == 500u);
  BOOST_TEST(direct.via == "ss1");
  BOOST_TEST((proxied.protocol == ngn::protocol::sip));
  BOOST_TEST((direct.protocol == ngn::protocol::sip));
  BOOST_TEST(to_string(direct.mechanisms) == "aes-gcm;q=0.9,hmac-sha256;q=0.5");
  BOOST_TEST(identity_for(proxied, 0) == "t000001@ngn.example");
  BOOST_TEST(identity_for(proxied, 499) == "t000500@ngn.example");
  BOOST_TEST(identity_for(direct, 0) == "t000501@ngn.example");
  BOOST_TEST(identity_for(direct, 499) == "t001000@ngn.example");
  BOOST_TEST(t.total_terminals() == 1000u);
}

BOOST_AUTO_TEST_CASE(default_split_per_mode) {
  auto odd = default_topology(3, via_mode::mixed);
  BOOST_REQUIRE(odd.terminals.size() == 2u);
  BOOST_TEST(odd.terminals[0].count == 2u);
  BOOST_TEST(odd.terminals[1].count == 1u);
  BOOST_TEST(odd.terminals[1].first == 3u);
  auto one = default_topology(1, via_mode::mixed);
  BOOST_REQUIRE(one.terminals.size() == 1u);
  BOOST_TEST(one.terminals[0].via == "sp1");
  BOOST_TEST(default_topology(0).terminals.empty());
  auto all_proxy = default_topology(7, via_mode::proxy);
  BOOST_REQUIRE(all_proxy.terminals.size() == 1u);
  BOOST_TEST(all_proxy.terminals[0].via == "sp1");
  BOOST_TEST(all_proxy.terminals[0].count == 7u);
  auto all_direct = default_topology(7, via_mode::direct);
  BOOST_REQUIRE(all_direct.terminals.size() == 1u);
  BOOST_TEST(all_direct.terminals[0].name == "direct");
  BOOST_TEST(all_direct.terminals[0].via == "ss1");
  BOOST_TEST((all_direct.terminals[0].via_kind == element_kind::softswitch));
  BOOST_TEST(all_direct.terminals[0].first == 1u);
}

BOOST_AUTO_TEST_CASE(queries) {
  auto t = default_topology();
  auto on_local = elements_on(t, "local");
  BOOST_TEST(on_local.aucs.size() == 1u);
  BOOST_TEST(on_local.softswitches.size() == 1u);
  BOOST_TEST(on_local.proxies.size() == 1u);
  BOOST_TEST(on_local.terminals.size() == 2u);
  BOOST_TEST(on_local.terminals[1] == &t.terminals[1]);
  BOOST_TEST(elements_on(t, "elsewhere").empty());
  BOOST_TEST(node_of(t, "sp1") == &t.nodes[0]);
  BOOST_TEST(node_of(t, "direct") == &t.nodes[0]);
  BOOST_TEST(node_of(t, "nothing") == nullptr);
  BOOST_TEST(softswitch_of(t, t.terminals[0]) == &t.softswitches[0]);
  BOOST_TEST(softswitch_of(t, t.terminals[1]) == &t.softswitches[0]);
  BOOST_TEST(proxy_of(t, t.terminals[0]) == &t.proxies[0]);
  BOOST_TEST(proxy_of(t, t.terminals[1]) == nullptr);
  BOOST_TEST((t.kind_of("auc1") == element_kind::auc));
  BOOST_TEST((t.kind_of("local") == element_kind::node));
  BOOST_TEST(!t.kind_of("x").has_value());
}

BOOST_AUTO_TEST_CASE(to_toml_round_trips) {
  std::vector<topology> topologies = {default_topology(), default_topology(5, via_mode::direct)};
  for (const auto& entry : std::filesystem::directory_iterator(NGN_SOURCE_DIR "/topology/examples")) {
    auto r = parse_file(entry.path().string());
    BOOST_REQUIRE(r.ok());
    topologies.push_back(std::move(r).value());
  }
  for (const auto& t : topologies) {
    auto text = to_toml(t);
    auto again = parse_string(text, "written.toml");
    BOOST_REQUIRE_MESSAGE(again.ok(), text << (again.ok() ? "" : to_string(again.errors())));
    BOOST_TEST(to_toml(again.value()) == text);
    BOOST_TEST(again.value().total_terminals() == t.total_terminals());
    BOOST_TEST(again.value().subscribers.secret == t.subscribers.secret);
  }
}

BOOST_AUTO_TEST_CASE(to_toml_round_trips_the_traffic_model) {
  using namespace std::chrono_literals;
  auto t = default_topology(10, via_mode::mixed);
  t.emulation.run_time = 2h;
  auto& set = t.terminals[0];  // every traffic key set
  set.rate = 2.5;
  set.arrival = arrival_process::poisson;
  set.lifetime = 600s;
  set.reregister = 0s;
  set.keepalive = 25s;
  set.hold = 1min + 500ms;
  set.hold_distribution = hold_distribution::exponential;
  set.rearrive = 0s;
  auto& unset = t.terminals[1];  // the optional ones absent
  unset.lifetime = 7s;
  unset.reregister.reset();
  unset.rearrive.reset();
  BOOST_REQUIRE(validate(t).empty());

  auto text = to_toml(t);
  BOOST_TEST(text.find("rearrive") == text.rfind("rearrive"), text);  // only the first group
  auto again = parse_string(text, "written.toml");
  BOOST_REQUIRE_MESSAGE(again.ok(), text << (again.ok() ? "" : to_string(again.errors())));
  BOOST_TEST(to_toml(again.value()) == text);
  const auto& g = again.value().terminals.at(0);
  BOOST_TEST(g.rate == 2.5);
  BOOST_TEST((g.arrival == arrival_process::poisson));
  BOOST_TEST(g.lifetime.count() == 600000);
  BOOST_TEST((g.reregister == std::optional<duration>(0s)));
  BOOST_TEST(g.keepalive.count() == 25000);
  BOOST_TEST(g.hold.count() == 60500);
  BOOST_TEST((g.hold_distribution == hold_distribution::exponential));
  BOOST_TEST((g.rearrive == std::optional<duration>(0s)));
  const auto& h = again.value().terminals.at(1);
  BOOST_TEST((h.arrival == arrival_process::uniform));
  BOOST_TEST(h.lifetime.count() == 7000);
  BOOST_TEST(!h.reregister.has_value());
  BOOST_TEST(reregister_interval(h).count() == 3500);
  BOOST_TEST(h.keepalive.count() == 0);
  BOOST_TEST(h.hold.count() == 0);
  BOOST_TEST((h.hold_distribution == hold_distribution::fixed));
  BOOST_TEST(!h.rearrive.has_value());
}

BOOST_AUTO_TEST_CASE(to_toml_escapes_strings) {
  auto t = default_topology(2);
  t.aucs[0].database = "dir with \"quotes\"\\and\ttab.db";
  auto text = to_toml(t);
  BOOST_TEST(text.find(R"(database = "dir with \"quotes\"\\and\u0009tab.db")") != std::string::npos, text);
  auto again = parse_string(text);
  BOOST_REQUIRE(!again.ok());  // the tab is a control character: not a valid database path
  t.aucs[0].database = "dir with \"quotes\"\\and.db";
  auto ok = parse_string(to_toml(t));
  BOOST_REQUIRE(ok.ok());
  BOOST_TEST(ok.value().aucs[0].database == t.aucs[0].database);
}

BOOST_AUTO_TEST_SUITE_END()
