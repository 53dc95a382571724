// The parser: values and defaults, positions, error collection and format, robustness.
#include "topology/parse.hpp"

#include "topology/identity.hpp"

#include <boost/test/unit_test.hpp>

#include <fstream>
#include <type_traits>
#include <sstream>

using namespace ngn::topology;
using namespace std::chrono_literals;

namespace {

const char* const full_document = R"([emulation]
name = "lab"
domain = "lab.example"
duration = "1m30s"
heartbeat = "250ms"
auc_timeout = "3s"
registration_timeout = "20s"
link_coalesce = "3ms"

[subscribers]
provision = false
secret = "000102030405060708090a0b0c0d0e0f10"
op = "CDC202D5123E20F62B6D676AC72CB318"
amf = "b9b9"

[[node]]
name = "n1"
endpoint = "tcp://10.200.0.1:7000"
host = "ngn@10.200.0.1"

[[auc]]
name = "auc1"
node = "n1"
database = "/tmp/auc1.db"

[[softswitch]]
name = "ss1"
node = "n1"
listen = "udp:10.200.0.1:5070"

[[proxy]]
name = "sp1"
node = "n1"
softswitch = "ss1"
mechanisms = "hmac-sha256;q=0.8"

[[terminals]]
name = "g1"
node = "n1"
count = 42
protocol = "h248"
identity = "{group}.{n:03}@{domain}"
first = 7
via = "sp1"
rate = 12.5
arrival = "poisson"
lifetime = "2m"
reregister = "30s"
keepalive = "20s"
hold = "10m"
hold_distribution = "exponential"
rearrive = "5s"
mechanisms = "aes-gcm;q=1,null;q=0"

[[terminals]]
name = "g2"
node = "n1"
count = 1
via = "ss1"
)";

/// The errors of `text` as lines, for messages in failed checks.
std::string errors_of(const parse_result& r) {
  return r.ok() ? std::string("(no errors)") : to_string(r.errors());
}

/// The errors of a failed parse, one formatted line each (the test stops if it parsed).
std::vector<std::string> error_lines(const parse_result& r) {
  BOOST_REQUIRE(!r.ok());
  std::vector<std::string> lines;
  for (const auto& e : r.errors())
    lines.push_back(e.to_string());
  return lines;
}

} // namespace

BOOST_AUTO_TEST_SUITE(topology_parse)

BOOST_AUTO_TEST_CASE(reads_every_field) {
  auto r = parse_string(full_document, "full.toml");
  BOOST_REQUIRE_MESSAGE(r.ok(), errors_of(r));
  const auto& t = r.value();
  BOOST_TEST(t.emulation.name == "lab");
  BOOST_TEST(t.emulation.domain == "lab.example");
  BOOST_TEST(t.emulation.run_time.count() == 90000);
  BOOST_TEST(t.emulation.heartbeat.count() == 250);
  BOOST_TEST(t.emulation.auc_timeout.count() == 3000);
  BOOST_TEST(t.emulation.registration_timeout.count() == 20000);
  BOOST_TEST(t.emulation.link_coalesce.count() == 3);
  BOOST_TEST(!t.subscribers.provision);
  BOOST_TEST(t.subscribers.secret.size() == 17u);
  BOOST_TEST(t.subscribers.op.data()[0] == 0xcd);
  BOOST_TEST(t.subscribers.op.data()[15] == 0x18);
  // Issue 12 item 6: OP sits in a type that wipes itself (crypto/secret.hpp).
  BOOST_TEST((std::is_same_v<decltype(t.subscribers.op), ngn::crypto::key128>));
  BOOST_TEST(t.subscribers.amf == 0xb9b9);

  BOOST_REQUIRE(t.nodes.size() == 1u);
  BOOST_TEST(t.nodes[0].endpoint == "tcp://10.200.0.1:7000");
  BOOST_TEST(t.nodes[0].host == "ngn@10.200.0.1");
  BOOST_TEST(t.nodes[0].defined_at.line == 16u);
  BOOST_REQUIRE(t.aucs.size() == 1u);
  BOOST_TEST(t.aucs[0].database == "/tmp/auc1.db");
  BOOST_TEST(t.aucs[0].shard_index == 0u);
  BOOST_TEST(t.aucs[0].shard_count == 1u);
  BOOST_REQUIRE(t.softswitches.size() == 1u);
  const auto& ss = t.softswitches[0];
  BOOST_TEST(ss.aucs == std::vector<std::string>{"auc1"});  // default: every AuC
  BOOST_TEST(ss.mechanisms.size() == 2u);                    // default list
  BOOST_REQUIRE(ss.listen.has_value());
  BOOST_TEST(ss.listen->host == "10.200.0.1");
  BOOST_TEST(ss.listen->port == 5070);
  BOOST_TEST(t.proxies.at(0).mechanisms.size() == 1u);
  BOOST_TEST(!t.proxies.at(0).listen.has_value());

  BOOST_REQUIRE(t.terminals.size() == 2u);
  const auto& g = t.terminals[0];
  BOOST_TEST(g.count == 42u);
  BOOST_TEST((g.protocol == ngn::protocol::h248));
  BOOST_TEST(g.identity == "g1.{n:03}@lab.example");
  BOOST_TEST(identity_for(g, 0) == "g1.007@lab.example");
  BOOST_TEST(g.first == 7u);
  BOOST_TEST(g.via == "sp1");
  BOOST_TEST((g.via_kind == element_kind::proxy));
  BOOST_TEST(g.rate == 12.5);
  BOOST_TEST((g.arrival == arrival_process::poisson));
  BOOST_TEST(g.lifetime.count() == 120000);
  BOOST_REQUIRE(g.reregister.has_value());
  BOOST_TEST(g.reregister->count() == 30000);
  BOOST_TEST(reregister_interval(g).count() == 30000);
  BOOST_TEST(g.keepalive.count() == 20000);
  BOOST_TEST(g.hold.count() == 600000);
  BOOST_TEST((g.hold_distribution == hold_distribution::exponential));
  BOOST_REQUIRE(g.rearrive.has_value());
  BOOST_TEST(g.rearrive->count() == 5000);
  BOOST_TEST(g.mechanisms.at(1).name == "null");
  BOOST_TEST(g.mechanisms.at(1).q == 0);
  BOOST_TEST(g.defined_at.line == 37u);

  const auto& d = t.terminals[1];  // every optional field left out
  BOOST_TEST((d.protocol == ngn::protocol::sip));
  BOOST_TEST(d.identity == "g2-{n:06}@lab.example");
  BOOST_TEST(d.first == 1u);
  BOOST_TEST(d.rate == 0.0);
  BOOST_TEST((d.arrival == arrival_process::uniform));
  BOOST_TEST(d.lifetime.count() == 3600000);
  BOOST_TEST(!d.reregister.has_value());
  BOOST_TEST(reregister_interval(d).count() == 1800000);  // half the lifetime
  BOOST_TEST(d.keepalive.count() == 0);
  BOOST_TEST(d.hold.count() == 0);
  BOOST_TEST((d.hold_distribution == hold_distribution::fixed));
  BOOST_TEST(!d.rearrive.has_value());
  BOOST_TEST((d.via_kind == element_kind::softswitch));
  BOOST_TEST(t.total_terminals() == 43u);
}

BOOST_AUTO_TEST_CASE(emulation_and_subscriber_defaults) {
  auto r = parse_string(R"([[node]]
name = "n"
endpoint = "ipc:///tmp/n.ipc"
[[auc]]
name = "a"
node = "n"
database = "a.db"
[[softswitch]]
name = "s"
node = "n"
)");
  BOOST_REQUIRE_MESSAGE(r.ok(), errors_of(r));
  const auto& t = r.value();
  BOOST_TEST(t.emulation.name == "ngnemu");
  BOOST_TEST(t.emulation.domain == "ngn.example");
  BOOST_TEST(t.emulation.run_time.count() == 0);
  BOOST_TEST(t.emulation.heartbeat.count() == 1000);
  BOOST_TEST(t.emulation.auc_timeout.count() == 2000);
  BOOST_TEST(t.emulation.registration_timeout.count() == 10000);
  BOOST_TEST(t.emulation.link_coalesce.count() == 2);
  BOOST_TEST(t.subscribers.provision);
  BOOST_TEST(t.subscribers.secret == default_subscriber_secret());
  BOOST_TEST((t.subscribers.op == default_subscriber_op()));
  BOOST_TEST(t.subscribers.amf == 0x8000);
  BOOST_TEST(t.proxies.empty());
  BOOST_TEST(t.terminals.empty());  // an emulation for external clients only is valid
}

BOOST_AUTO_TEST_CASE(toml_syntax_error_has_line_and_column) {
  auto r = parse_string("[[node]]\nname = \"n1\"\nendpoint = tcp://x\n", "bad.toml");
  BOOST_REQUIRE(!r.ok());
  BOOST_REQUIRE(r.errors().size() == 1u);
  const auto& e = r.errors()[0];
  BOOST_TEST(e.file == "bad.toml");
  BOOST_TEST(e.line == 3u);
  BOOST_TEST(e.column > 0u);
  BOOST_TEST(e.message.find("TOML syntax error") == 0u);
  BOOST_TEST(e.to_string().find("bad.toml:3:") == 0u);
}

BOOST_AUTO_TEST_CASE(collects_all_errors_in_line_order) {
  auto r = parse_string(R"([[node]]
name = "n1"
endpoint = "tcp://10.0.0.1"
[[auc]]
name = "auc1"
node = "n2"
database = "a.db"
[[softswitch]]
name = "ss1"
node = "n1"
mechanisms = "aes-gcm;q=2"
[[terminals]]
name = "g1"
node = "n1"
count = 0
via = "sp9"
)", "many.toml");
  const auto lines = error_lines(r);
  const std::vector<std::string> expected = {
      "many.toml:3:12: node[0].endpoint: missing ':port'",
      "many.toml:6:8: auc[0].node: unknown node 'n2' (did you mean 'n1'?)",
      "many.toml:11:14: softswitch[0].mechanisms: q='2' of mechanism 'aes-gcm' is not a value 0..1 with at most 3 decimals",
      "many.toml:15:9: terminals[0].count: count must be 1..10000000",
      "many.toml:16:7: terminals[0].via: unknown element 'sp9'",
  };
  BOOST_TEST(lines == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(hints_for_misplaced_and_miscased_keys) {
  auto r = parse_string(R"(domain = "ngn.example"
[[node]]
name = "n1"
Endpoint = "tcp://127.0.0.1:7000"
[[auc]]
name = "auc1"
node = "n1"
database = "a.db"
[[softswitch]]
name = "ss1"
node = "n1"
[[terminals]]
name = "g1"
node = "n1"
count = 1
protocol = "SIP"
via = "ss1"
[[softswitches]]
)", "hints.toml");
  const auto lines = error_lines(r);
  const std::vector<std::string> expected = {
      "hints.toml:1:1: domain: unknown key 'domain' (it belongs in [emulation])",
      "hints.toml:4:1: node[0].Endpoint: unknown key 'Endpoint' (did you mean 'endpoint'?)",
      "hints.toml:16:12: terminals[0].protocol: unknown protocol 'SIP' (expected sip, mgcp, h248, h323) (did you mean 'sip'?)",
      "hints.toml:18:3: softswitches: unknown table 'softswitches' (did you mean 'softswitch'?)",
  };
  BOOST_TEST(lines == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(traffic_keys_wrong_values) {
  auto r = parse_string(R"([emulation]
duration = "1h"
[[node]]
name = "n1"
endpoint = "tcp://127.0.0.1:7000"
[[auc]]
name = "auc1"
node = "n1"
database = "a.db"
[[softswitch]]
name = "ss1"
node = "n1"
[[terminals]]
name = "g1"
node = "n1"
count = 1
via = "ss1"
arrival = "Poisson"
lifetime = 3600
reregister = "-5s"
keepalive = true
hold = "1 m"
hold_distribution = "exponentail"
rearrive = ""
)", "traffic.toml");
  const auto lines = error_lines(r);
  const std::vector<std::string> expected = {
      "traffic.toml:18:11: terminals[0].arrival: unknown arrival 'Poisson' (expected uniform or poisson) (did you mean 'poisson'?)",
      "traffic.toml:19:12: terminals[0].lifetime: a duration needs a unit: write it as a string such as \"2s\" or \"500ms\"",
      "traffic.toml:20:14: terminals[0].reregister: '-5s' is not a duration such as \"1m30s\" or \"250ms\"",
      "traffic.toml:21:13: terminals[0].keepalive: expected a duration string such as \"2s\", found a boolean",
      "traffic.toml:22:8: terminals[0].hold: '1 m' needs a unit after each number: h, m, s or ms",
      "traffic.toml:23:21: terminals[0].hold_distribution: unknown hold_distribution 'exponentail' (expected fixed or exponential) (did you mean 'exponential'?)",
      "traffic.toml:24:12: terminals[0].rearrive: empty duration",
  };
  BOOST_TEST(lines == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(adjustment_applies_before_validation) {
  // The file alone is invalid (rearrive without a duration); the adjustment (what `ngnemu run
  // --duration` does) makes it valid, and errors it causes keep the file's positions.
  const char* const doc = R"([[node]]
name = "n1"
endpoint = "tcp://127.0.0.1:7000"
[[auc]]
name = "auc1"
node = "n1"
database = "a.db"
[[softswitch]]
name = "ss1"
node = "n1"
[[terminals]]
name = "g1"
node = "n1"
count = 1
via = "ss1"
hold = "1m"
rearrive = "30s"
)";
  auto plain = parse_string(doc, "adj.toml");
  const std::vector<std::string> endless = {
      "adj.toml:17:12: terminals[0].rearrive: rearrive makes the run endless: set emulation.duration (or --duration)"};
  BOOST_TEST(error_lines(plain) == endless, boost::test_tools::per_element());
  auto adjusted = parse_string(doc, "adj.toml", [](topology& t) {
    t.emulation.run_time = std::chrono::minutes(10);
  });
  BOOST_REQUIRE_MESSAGE(adjusted.ok(), errors_of(adjusted));
  BOOST_TEST(adjusted.value().emulation.run_time.count() == 600000);
  auto broken = parse_string(doc, "adj.toml", [](topology& t) {
    t.emulation.run_time = std::chrono::minutes(10);
    t.terminals[0].hold = duration{0};
  });
  const std::vector<std::string> no_way_out = {
      "adj.toml:17:12: terminals[0].rearrive: rearrive needs a way for the terminals to leave: set hold > 0 (they de-register), or reregister = \"0s\" (the registration expires)"};
  BOOST_TEST(error_lines(broken) == no_way_out, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(error_text_format) {
  topology_error e{"three.toml", 12, 3, "terminals[1].via", "unknown element 'sp9'"};
  BOOST_TEST(e.to_string() == "three.toml:12:3: terminals[1].via: unknown element 'sp9'");
  e.column = 0;
  BOOST_TEST(e.to_string() == "three.toml:12: terminals[1].via: unknown element 'sp9'");
  e.line = 0;
  e.field.clear();
  BOOST_TEST(e.to_string() == "three.toml: unknown element 'sp9'");
  BOOST_TEST(to_string(std::vector<topology_error>{e, e}) == e.to_string() + "\n" + e.to_string() + "\n");
}

BOOST_AUTO_TEST_CASE(parse_file_names_the_path) {
  auto missing = parse_file("/nonexistent/dir/topology.toml");
  BOOST_REQUIRE(!missing.ok());
  BOOST_TEST(missing.errors().at(0).to_string().find("/nonexistent/dir/topology.toml: cannot open") == 0u);

  auto dir = parse_file(NGN_SOURCE_DIR "/topology/examples");
  BOOST_REQUIRE(!dir.ok());

  const std::string path = NGN_BINARY_DIR "/topology_parse_file_test.toml";
  {
    std::ofstream out(path);
    out << "[[node]]\nname = \"n\"\nendpoint = \"tcp://127.0.0.1:1\"\nbogus = 1\n";
  }
  auto r = parse_file(path);
  BOOST_REQUIRE(!r.ok());
  bool found = false;
  for (const auto& e : r.errors())
    found = found || e.to_string() == path + ":4:1: node[0].bogus: unknown key 'bogus'";
  BOOST_TEST(found, to_string(r.errors()));
}

BOOST_AUTO_TEST_CASE(rejects_oversized_input) {
  std::string big(max_file_size + 1, '#');
  auto r = parse_string(big, "big.toml");
  BOOST_REQUIRE(!r.ok());
  BOOST_TEST(r.errors().at(0).message.find("larger than") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(never_throws_on_prefixes_and_mutations) {
  // Every prefix and a sweep of byte mutations of a valid document: a result, never an
  // exception, and a failed parse always has at least one error with the file name.
  const std::string doc = full_document;
  std::size_t failures = 0;
  for (std::size_t n = 0; n <= doc.size(); ++n) {
    auto r = parse_string(std::string_view(doc).substr(0, n), "p.toml");
    if (!r.ok()) {
      ++failures;
      BOOST_REQUIRE(!r.errors().empty());
      BOOST_REQUIRE(r.errors()[0].file == "p.toml");
    }
  }
  BOOST_TEST(failures > 0u);
  const char replacements[] = {'\0', '"', '[', ']', '=', '\n', '{', '\xff', '#', '9'};
  for (std::size_t i = 0; i < doc.size(); i += 3) {
    auto mutated = doc;
    mutated[i] = replacements[i % sizeof(replacements)];
    auto r = parse_string(mutated, "m.toml");
    BOOST_REQUIRE(r.ok() || !r.errors().empty());
  }
}

BOOST_AUTO_TEST_CASE(caps_the_number_of_errors) {
  std::ostringstream doc;
  for (int i = 0; i < 300; ++i)
    doc << "[[node]]\nname = \"n" << i << "\"\nendpoint = \"bad\"\n";
  auto r = parse_string(doc.str(), "cap.toml");
  BOOST_REQUIRE(!r.ok());
  BOOST_TEST(r.errors().size() == 101u);
  BOOST_TEST(r.errors().back().message.find("too many errors") == 0u);
}

BOOST_AUTO_TEST_SUITE_END()
