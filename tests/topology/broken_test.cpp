// One broken topology per error kind (tests/topology/broken/*.toml): each gives exactly the
// expected errors, with file, line, column and field.
#include "topology/parse.hpp"

#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <set>

using namespace ngn::topology;

namespace {

const std::string broken_dir = NGN_SOURCE_DIR "/tests/topology/broken";

struct expected_error {
  std::size_t line;
  std::size_t column;
  const char* field;
  const char* message;  ///< the whole message, or its start followed by "..."
};

struct broken_case {
  const char* file;
  std::vector<expected_error> errors;  ///< all of them, in the order reported
};

// Line and column of the value (or of the table header for a missing key); 0 = whole file.
const std::vector<broken_case> cases = {
    {"bad-arrival.toml",
     {{26, 11, "terminals[0].arrival",
       "unknown arrival 'poison' (expected uniform or poisson) (did you mean 'poisson'?)"}}},
    {"bad-duration.toml",
     {{3, 12, "emulation.duration",
       "a duration needs a unit: write it as a string such as \"2s\" or \"500ms\""}}},
    {"bad-endpoint-transport.toml",
     {{4, 12, "node[0].endpoint",
       "unsupported transport 'udp' (expected tcp://host:port or ipc://path)"}}},
    {"bad-endpoint.toml",
     {{4, 12, "node[0].endpoint",
       "missing ':port'"}}},
    {"bad-host.toml",
     {{5, 8, "node[0].host",
       "host must not start with '-'"}}},
    {"bad-protocol.toml",
     {{24, 12, "terminals[0].protocol",
       "unknown protocol 'h225' (expected sip, mgcp, h248, h323)"}}},
    {"count-too-large.toml",
     {{23, 9, "terminals[0].count",
       "count 10000001 exceeds the limit of 10000000 per group"}}},
    {"count-zero.toml",
     {{23, 9, "terminals[0].count",
       "count must be 1..10000000"}}},
    {"dangling-auc.toml",
     {{14, 16, "softswitch[0].auc[1]",
       "unknown element 'auc9' (did you mean 'auc1'?)"}}},
    {"dangling-node.toml",
     {{8, 8, "auc[0].node",
       "unknown node 'n9' (did you mean 'n1'?)"}}},
    {"dangling-softswitch.toml",
     {{18, 14, "proxy[0].softswitch",
       "unknown element 'ss2' (did you mean 'ss1'?)"}}},
    {"dangling-terminal-node.toml",
     {{22, 8, "terminals[0].node",
       "unknown node 'n-terminals'"}}},
    {"dangling-via.toml",
     {{25, 7, "terminals[0].via",
       "unknown element 'sp9' (did you mean 'sp1'?)"}}},
    {"database-clash.toml",
     {{15, 12, "auc[1].database",
       "database clash: 'auc1.db' is also the database of 'auc1' at line 7 on the same host"}}},
    {"duplicate-name.toml",
     {{16, 8, "proxy[0].name",
       "duplicate name 'ss1' (already used by a softswitch at line 12); names are unique across nodes and all elements"}}},
    {"endpoint-clash.toml",
     {{8, 12, "node[1].endpoint",
       "endpoint clash: tcp://127.0.0.1:7000 is also the endpoint of node 'n1' at line 3"}}},
    {"exponential-hold-zero.toml",
     {{26, 21, "terminals[0].hold_distribution",
       "hold_distribution = \"exponential\" needs hold > 0 (the mean of the distribution)"}}},
    {"identity-no-placeholder.toml",
     {{24, 12, "terminals[0].identity",
       "identity pattern 't@ngn.example' has no {n} placeholder (e.g. \"t{n:06}@ngn.example\")"}}},
    {"identity-overlap.toml",
     {{31, 12, "terminals[1].identity",
       "identities overlap with group 'g1' at line 21: both produce 't0010@ngn.example'"}}},
    {"keepalive-no-effect.toml",
     {{26, 13, "terminals[0].keepalive",
       "keepalive has no effect: terminals with hold = 0 stay until the run ends, which, without emulation.duration, is when every terminal has registered; set hold or a duration"}}},
    {"lifetime-fraction.toml",
     {{26, 12, "terminals[0].lifetime",
       "lifetime (1s500ms) must be whole seconds"}}},
    {"lifetime-zero.toml",
     {{26, 12, "terminals[0].lifetime",
       "lifetime (0s) must be at least 1s"}}},
    {"listen-not-udp.toml",
     {{19, 10, "proxy[0].listen",
       "unsupported listener transport 'tcp' (only udp:host:port)"}}},
    {"listen-on-terminals.toml",
     {{26, 10, "terminals[0].listen",
       "only proxies and soft switches have a listener ([[proxy]] or [[softswitch]])"}}},
    {"listener-clash.toml",
     {{20, 10, "proxy[0].listen",
       "listener clash: udp:127.0.0.1:5060 and udp:0.0.0.0:5060 of 'ss1' at line 12 use the same port on the same host"}}},
    {"mechanisms-bad-q.toml",
     {{26, 14, "terminals[0].mechanisms",
       "q='1.5' of mechanism 'aes-gcm' is not a value 0..1 with at most 3 decimals"}}},
    {"mechanisms-duplicate-q.toml",
     {{19, 14, "proxy[0].mechanisms",
       "mechanisms 'aes-gcm' and 'hmac-sha256' have the same q=0.5 (RFC 3329 §2.2: priorities must be distinct)"}}},
    {"mechanisms-empty.toml",
     {{14, 14, "softswitch[0].mechanisms",
       "empty mechanism list"}}},
    {"missing-field.toml",
     {{6, 1, "auc[0].database",
       "required field missing"}}},
    {"negative-rate.toml",
     {{26, 8, "terminals[0].rate",
       "rate must not be negative (0 = unpaced)"}}},
    {"no-auc.toml",
     {{0, 0, "auc",
       "no authentication center defined; add an [[auc]] table"}}},
    {"no-node-placement.toml",
     {{15, 1, "proxy[0].node",
       "the element is placed on no node (add node = \"<node name>\")"}}},
    {"no-softswitch.toml",
     {{0, 0, "softswitch",
       "no soft switch defined; add a [[softswitch]] table"}}},
    {"not-array-of-tables.toml",
     {{2, 1, "node",
       "expected [[node]] (an array of tables), found a table"}}},
    {"proxy-without-softswitch.toml",
     {{15, 1, "proxy[0].softswitch",
       "required field missing"}}},
    {"rearrive-endless.toml",
     {{27, 12, "terminals[0].rearrive",
       "rearrive makes the run endless: set emulation.duration (or --duration)"}}},
    {"rearrive-no-way-out.toml",
     {{29, 12, "terminals[0].rearrive",
       "rearrive needs a way for the terminals to leave: set hold > 0 (they de-register), or reregister = \"0s\" (the registration expires)"}}},
    {"reregister-no-effect.toml",
     {{26, 14, "terminals[0].reregister",
       "reregister has no effect: terminals with hold = 0 stay until the run ends, which, without emulation.duration, is when every terminal has registered; set hold or a duration"}}},
    {"reregister-not-shorter.toml",
     {{27, 14, "terminals[0].reregister",
       "reregister (30s) must be shorter than lifetime (30s)"}}},
    {"several-errors.toml",
     {{4, 12, "node[0].endpoint",
       "port 99999 out of range 1..65535"},
      {18, 14, "proxy[0].softswitch",
       "unknown element 'ss2' (did you mean 'ss1'?)"},
      {23, 9, "terminals[0].count",
       "count must be 1..10000000"}}},
    {"shard-count-mismatch.toml",
     {{16, 9, "auc[1].shard",
       "shard 1/3 splits the identities in 3 but 'auc1' splits them in 2; all AuCs must use the same count"}}},
    {"shard-gap.toml",
     {{10, 9, "auc[0].shard",
       "the shards do not cover every identity: no AuC serves shard 2/3"}}},
    {"shard-overlap.toml",
     {{16, 9, "auc[1].shard",
       "shards overlap: 'auc2' and 'auc1' both serve shard 0/2"}}},
    {"shard-unsharded.toml",
     {{11, 1, "auc[1].shard",
       "shards overlap: 'auc2' and 'auc1' both serve shard 0/1; with several AuCs give each one a shard: \"0/2\", \"1/2\""}}},
    {"softswitch-missing-shard.toml",
     {{21, 7, "softswitch[0].auc",
       "the soft switch reaches no AuC for shard 1/2 (add 'auc2')"}}},
    {"syntax-error.toml",
     {{4, 13, "",
       "TOML syntax error: ..."}}},
    {"unknown-key.toml",
     {{4, 1, "node[0].endpont",
       "unknown key 'endpont' (did you mean 'endpoint'?)"}}},
    {"unknown-table.toml",
     {{15, 3, "proxies",
       "unknown table 'proxies' (did you mean 'proxy'?)"},
      {25, 7, "terminals[0].via",
       "unknown element 'sp1' (did you mean 'ss1'?)"}}},
    {"via-wrong-kind.toml",
     {{25, 7, "terminals[0].via",
       "'auc1' is an auc, not a proxy or softswitch"}}},
    {"wrong-type.toml",
     {{23, 9, "terminals[0].count",
       "expected an integer, found a string"}}},
};

/// Exact match, or a prefix match for an expected message ending in "..." (the TOML parser's
/// own wording).
bool message_matches(const std::string& got, std::string_view want) {
  constexpr std::string_view dots = "...";
  if (want.size() >= dots.size() && want.substr(want.size() - dots.size()) == dots)
    return got.compare(0, want.size() - dots.size(), want.substr(0, want.size() - dots.size())) == 0;
  return got == want;
}

} // namespace

BOOST_AUTO_TEST_SUITE(topology_broken)

BOOST_AUTO_TEST_CASE(every_broken_file_gives_its_errors) {
  for (const auto& c : cases) {
    auto path = broken_dir + "/" + c.file;
    auto r = parse_file(path);
    BOOST_TEST_CONTEXT(c.file) {
      BOOST_REQUIRE(!r.ok());
      const auto& got = r.errors();
      BOOST_TEST(got.size() == c.errors.size(), to_string(got));
      for (std::size_t i = 0; i < std::min(got.size(), c.errors.size()); ++i) {
        const auto& want = c.errors[i];
        BOOST_TEST(got[i].file == path);
        BOOST_TEST(got[i].line == want.line);
        BOOST_TEST(got[i].column == want.column);
        BOOST_TEST(got[i].field == want.field);
        BOOST_TEST(message_matches(got[i].message, want.message), got[i].message);
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(every_broken_file_is_in_the_table) {
  std::set<std::string> listed;
  for (const auto& c : cases)
    listed.insert(c.file);
  std::size_t files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(broken_dir)) {
    if (entry.path().extension() != ".toml")
      continue;
    ++files;
    BOOST_TEST(listed.count(entry.path().filename().string()) == 1u, entry.path().filename());
  }
  BOOST_TEST(files == cases.size());
}

BOOST_AUTO_TEST_SUITE_END()
