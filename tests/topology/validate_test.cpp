// validate() on topologies built in code: the same rules as for files, without positions.
#include "topology/defaults.hpp"
#include "topology/mechanism.hpp"
#include "topology/validate.hpp"

#include <boost/test/unit_test.hpp>

using namespace ngn::topology;

namespace {

/// True if some error has exactly this field and contains `text`.
bool has_error(const std::vector<topology_error>& errors, std::string_view field,
               std::string_view text) {
  for (const auto& e : errors)
    if (e.field == field && e.message.find(text) != std::string::npos)
      return true;
  return false;
}

} // namespace

BOOST_AUTO_TEST_SUITE(topology_validate)

BOOST_AUTO_TEST_CASE(default_topology_is_valid) {
  for (auto mode : {via_mode::mixed, via_mode::proxy, via_mode::direct})
    for (std::uint64_t n : {0ULL, 1ULL, 2ULL, 1000ULL, 10'000'000ULL}) {
      auto errors = validate(default_topology(n, mode));
      BOOST_TEST(errors.empty(), to_string(errors));
    }
}

BOOST_AUTO_TEST_CASE(reports_field_and_source_name) {
  auto t = default_topology();
  t.terminals[0].via = "sp9";
  auto errors = validate(t, "cli");
  BOOST_REQUIRE(errors.size() == 1u);
  BOOST_TEST(errors[0].to_string() == "cli: terminals[0].via: unknown element 'sp9' (did you mean 'sp1'?)");
  t.terminals[0].defined_at = {12, 1};
  BOOST_TEST(validate(t, "cli").at(0).to_string()
             == "cli:12:1: terminals[0].via: unknown element 'sp9' (did you mean 'sp1'?)");
}

BOOST_AUTO_TEST_CASE(rules_apply_to_built_topologies) {
  auto t = default_topology();
  t.emulation.domain = "bad domain";
  t.emulation.auc_timeout = duration{0};
  t.emulation.link_coalesce = duration{101};
  t.subscribers.secret.resize(4);
  t.nodes[0].endpoint = "tcp://*:7000";
  t.nodes[0].host = "-x";
  t.aucs[0].database.clear();
  t.aucs[0].shard_count = 0;
  t.softswitches[0].aucs = {"sp1"};
  t.softswitches[0].mechanisms.clear();
  t.softswitches[0].listen = listen_endpoint{"tcp", "127.0.0.1", 5060};
  t.proxies[0].softswitch.clear();
  t.proxies[0].mechanisms = {{"aes-gcm", 500}, {"hmac-sha256", 500}};
  t.terminals[0].count = 0;
  t.terminals[0].rate = -1;
  t.terminals[0].identity = "t@x";
  t.terminals[0].node.clear();
  t.terminals[1].count = max_terminals_per_group + 1;
  t.terminals[1].first = max_first_index + 1;
  t.terminals[1].mechanisms = {{"aes-gcm", 1500}};
  t.terminals[1].via = "auc1";
  auto errors = validate(t);
  BOOST_TEST(has_error(errors, "emulation.domain", "not a domain name"));
  BOOST_TEST(has_error(errors, "emulation.auc_timeout", "greater than 0"));
  BOOST_TEST(has_error(errors, "emulation.link_coalesce", "at most 100ms"));
  BOOST_TEST(has_error(errors, "subscribers.secret", "16..64 bytes"));
  BOOST_TEST(has_error(errors, "node[0].endpoint", "'*' is not an address"));
  BOOST_TEST(has_error(errors, "node[0].host", "must not start with '-'"));
  BOOST_TEST(has_error(errors, "auc[0].database", "required field missing"));
  BOOST_TEST(has_error(errors, "auc[0].shard", "not index/count"));
  BOOST_TEST(has_error(errors, "softswitch[0].auc[0]", "'sp1' is a proxy, not an auc"));
  BOOST_TEST(has_error(errors, "softswitch[0].mechanisms", "empty mechanism list"));
  BOOST_TEST(has_error(errors, "softswitch[0].listen", "only udp"));
  BOOST_TEST(has_error(errors, "proxy[0].softswitch", "required field missing"));
  BOOST_TEST(has_error(errors, "proxy[0].mechanisms", "priorities must be distinct"));
  BOOST_TEST(has_error(errors, "terminals[0].count", "count must be 1..10000000"));
  BOOST_TEST(has_error(errors, "terminals[0].rate", "must not be negative"));
  BOOST_TEST(has_error(errors, "terminals[0].identity", "no {n} placeholder"));
  BOOST_TEST(has_error(errors, "terminals[0].node", "placed on no node"));
  BOOST_TEST(has_error(errors, "terminals[1].count", "exceeds the limit"));
  BOOST_TEST(has_error(errors, "terminals[1].first", "at most"));
  BOOST_TEST(has_error(errors, "terminals[1].mechanisms", "is above 1"));
  BOOST_TEST(has_error(errors, "terminals[1].via", "'auc1' is an auc, not a proxy or softswitch"));
}

BOOST_AUTO_TEST_CASE(traffic_model_defaults) {
  terminal_group g;
  BOOST_TEST(g.rate == 0.0);
  BOOST_TEST((g.arrival == arrival_process::uniform));
  BOOST_TEST(g.lifetime.count() == 3600000);
  BOOST_TEST(!g.reregister.has_value());
  BOOST_TEST(reregister_interval(g).count() == 1800000);
  g.lifetime = std::chrono::seconds(1);
  BOOST_TEST(reregister_interval(g).count() == 500);
  g.reregister = duration{0};
  BOOST_TEST(reregister_interval(g).count() == 0);  // explicit 0: never refresh
  BOOST_TEST(g.keepalive.count() == 0);
  BOOST_TEST(g.hold.count() == 0);
  BOOST_TEST((g.hold_distribution == hold_distribution::fixed));
  BOOST_TEST(!g.rearrive.has_value());
}

BOOST_AUTO_TEST_CASE(traffic_enum_names) {
  BOOST_TEST(to_string(arrival_process::uniform) == "uniform");
  BOOST_TEST(to_string(arrival_process::poisson) == "poisson");
  BOOST_TEST((parse_arrival_process("poisson") == arrival_process::poisson));
  BOOST_TEST((parse_arrival_process("uniform") == arrival_process::uniform));
  BOOST_TEST(!parse_arrival_process("Poisson").has_value());
  BOOST_TEST(!parse_arrival_process("").has_value());
  BOOST_TEST(to_string(hold_distribution::fixed) == "fixed");
  BOOST_TEST(to_string(hold_distribution::exponential) == "exponential");
  BOOST_TEST((parse_hold_distribution("exponential") == hold_distribution::exponential));
  BOOST_TEST((parse_hold_distribution("fixed") == hold_distribution::fixed));
  BOOST_TEST(!parse_hold_distribution("exp").has_value());
}

BOOST_AUTO_TEST_CASE(traffic_rules) {
  using namespace std::chrono_literals;
  auto one_group = [] { return default_topology(3, via_mode::proxy); };
  auto only = [](const topology& t, std::string_view field, std::string_view message) {
    auto errors = validate(t);
    BOOST_TEST(errors.size() == 1u, to_string(errors));
    BOOST_TEST(has_error(errors, field, message), to_string(errors));
  };
  {  // lifetime: at least 1 s, whole seconds, 32 bits
    auto t = one_group();
    t.terminals[0].lifetime = 0s;
    only(t, "terminals[0].lifetime", "lifetime (0s) must be at least 1s");
    t.terminals[0].lifetime = -5s;
    only(t, "terminals[0].lifetime", "lifetime (-5s) must be at least 1s");
    t.terminals[0].lifetime = 1500ms;
    only(t, "terminals[0].lifetime", "lifetime (1s500ms) must be whole seconds");
    t.terminals[0].lifetime = max_lifetime + 1s;
    only(t, "terminals[0].lifetime", "must be at most 4294967295s (32 bits of seconds)");
    t.terminals[0].lifetime = max_lifetime;
    BOOST_TEST(validate(t).empty());
    t.terminals[0].lifetime = 1s;
    BOOST_TEST(validate(t).empty());  // the implicit reregister (500 ms) is never an error
  }
  {  // durations are not negative
    auto t = one_group();
    t.emulation.run_time = 1h;
    t.terminals[0].reregister = -1s;
    t.terminals[0].keepalive = -1s;
    t.terminals[0].hold = -1s;
    t.terminals[0].rearrive = -1s;
    auto errors = validate(t);
    BOOST_TEST(errors.size() == 4u, to_string(errors));
    for (auto field : {"reregister", "keepalive", "hold", "rearrive"})
      BOOST_TEST(has_error(errors, "terminals[0]." + std::string(field), "must not be negative"));
    t.emulation.run_time = 0s;  // a negative rearrive is not reported again as endless
    errors = validate(t);
    BOOST_TEST(errors.size() == 4u, to_string(errors));
  }
  {  // an explicit reregister is shorter than the lifetime
    auto t = one_group();
    t.emulation.run_time = 1h;
    t.terminals[0].lifetime = 60s;
    t.terminals[0].reregister = 60s;
    only(t, "terminals[0].reregister", "reregister (1m) must be shorter than lifetime (1m)");
    t.terminals[0].reregister = 90s;
    only(t, "terminals[0].reregister", "reregister (1m30s) must be shorter than lifetime (1m)");
    t.terminals[0].reregister = 59s;
    BOOST_TEST(validate(t).empty());
    t.terminals[0].reregister = 0s;  // never refresh
    BOOST_TEST(validate(t).empty());
  }
  {  // an exponential hold needs its mean
    auto t = one_group();
    t.terminals[0].hold_distribution = hold_distribution::exponential;
    only(t, "terminals[0].hold_distribution", "hold_distribution = \"exponential\" needs hold > 0");
    t.terminals[0].hold = 5min;
    BOOST_TEST(validate(t).empty());
  }
  {  // rearrive needs a way to leave, and a duration
    auto t = one_group();
    t.emulation.run_time = 1h;
    t.terminals[0].rearrive = 10s;
    only(t, "terminals[0].rearrive", "rearrive needs a way for the terminals to leave");
    t.terminals[0].reregister = 0s;  // the registration expires
    BOOST_TEST(validate(t).empty(), to_string(validate(t)));
    t.terminals[0].reregister.reset();
    t.terminals[0].hold = 2min;  // they de-register
    BOOST_TEST(validate(t).empty());
    t.terminals[0].rearrive = 0s;  // at once
    BOOST_TEST(validate(t).empty());
    t.emulation.run_time = 0s;
    only(t, "terminals[0].rearrive",
         "rearrive makes the run endless: set emulation.duration (or --duration)");
    t.terminals[0].hold = 0s;  // both problems: one error for the field
    only(t, "terminals[0].rearrive", "rearrive needs a way for the terminals to leave");
  }
  {  // without a duration, hold = 0 terminals are done once registered: nothing to keep alive
    auto t = one_group();
    const std::string tail = " has no effect: terminals with hold = 0 stay until the run ends, "
                             "which, without emulation.duration, is when every terminal has "
                             "registered; set hold or a duration";
    t.terminals[0].keepalive = 30s;
    only(t, "terminals[0].keepalive", "keepalive" + tail);
    t.terminals[0].keepalive = 0s;
    t.terminals[0].reregister = 20min;
    only(t, "terminals[0].reregister", "reregister" + tail);
    t.terminals[0].reregister = 0s;  // explicit "never refresh": nothing that would not happen
    BOOST_TEST(validate(t).empty());
    t.terminals[0].reregister.reset();  // the implicit half lifetime: never an error
    t.terminals[0].keepalive = 30s;
    t.terminals[0].hold = 10min;  // they stay, keep alive and refresh, then leave
    t.terminals[0].reregister = 5min;
    BOOST_TEST(validate(t).empty());
    t.terminals[0].hold = 0s;
    t.emulation.run_time = 1h;  // a soak: they stay until the run ends
    BOOST_TEST(validate(t).empty());
  }
}

BOOST_AUTO_TEST_CASE(empty_topology_lacks_node_auc_and_softswitch) {
  auto errors = validate(topology{});
  BOOST_REQUIRE(errors.size() == 3u);
  BOOST_TEST(has_error(errors, "node", "no node defined"));
  BOOST_TEST(has_error(errors, "auc", "no authentication center"));
  BOOST_TEST(has_error(errors, "softswitch", "no soft switch"));
  for (const auto& e : errors)
    BOOST_TEST(e.line == 0u);
}

BOOST_AUTO_TEST_CASE(identity_overlap_respects_padding) {
  auto t = default_topology(10, via_mode::mixed);  // proxied t000001..5, direct t000006..10
  BOOST_TEST(validate(t).empty());
  t.terminals[1].first = 5;  // t000005 twice
  auto errors = validate(t);
  BOOST_REQUIRE(errors.size() == 1u);
  BOOST_TEST(errors[0].field == "terminals[1].identity");
  BOOST_TEST(errors[0].message.find("both produce 't000005@ngn.example'") != std::string::npos);
  // Same numbers, different padding: t000005 vs t5 never collide below 10^5 ...
  t.terminals[1].identity = "t{n}@ngn.example";
  BOOST_TEST(validate(t).empty());
  // ... but t{n} and t{n:02} both print 10 as "t10" (t05 and t5 differ).
  t.terminals[0].identity = "t{n:02}@ngn.example";
  t.terminals[0].first = 1;
  t.terminals[0].count = 20;  // t01..t20
  BOOST_TEST(validate(t).empty());  // direct is t5..t9
  t.terminals[1].count = 10;  // t5..t14
  errors = validate(t);
  BOOST_REQUIRE(errors.size() == 1u);
  BOOST_TEST(errors[0].message.find("both produce 't10@ngn.example'") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(resolve_sets_via_kind) {
  auto t = default_topology(10, via_mode::mixed);
  BOOST_TEST((t.terminals[0].via_kind == element_kind::proxy));
  BOOST_TEST((t.terminals[1].via_kind == element_kind::softswitch));
  t.terminals[0].via = "ss1";
  resolve(t);
  BOOST_TEST((t.terminals[0].via_kind == element_kind::softswitch));
}

BOOST_AUTO_TEST_SUITE_END()
