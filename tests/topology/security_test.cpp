// Node link security in topology files (topology/README.md "Secured node links"): `security`,
// `public_key`, `secret_key_file`; their rules, errors and round trip through to_toml.
#include "topology/parse.hpp"
#include "topology/syntax.hpp"
#include "topology/write.hpp"

#include <boost/test/unit_test.hpp>

#include <string>

using namespace ngn::topology;

namespace {

// Two valid Z85 keys (zmq_curve_keypair output) and the elements every topology needs.
const std::string key1 = "Yne@$w-vo<fVvi]a<NY6T1ed:M$fCG*[IaLV{hID";
const std::string key2 = "rq:rM>}U?@Lns47E1%kR.o@n%FcmmsL/@{H8]yf7";

std::string doc(const std::string& emulation, const std::string& n1, const std::string& n2) {
  return "[emulation]\n" + emulation + "\n[[node]]\nname = \"n1\"\nendpoint = \"tcp://127.0.0.1:7001\"\n"
         + n1 + "\n[[node]]\nname = \"n2\"\nendpoint = \"tcp://127.0.0.1:7002\"\n" + n2
         + "\n[[auc]]\nname = \"a\"\nnode = \"n1\"\ndatabase = \"a.db\"\n"
           "[[softswitch]]\nname = \"s\"\nnode = \"n2\"\n";
}

std::string errors_of(const parse_result& r) { return r.ok() ? "" : to_string(r.errors()); }

bool has(const parse_result& r, std::string_view field, std::string_view text) {
  if (r.ok())
    return false;
  for (const auto& e : r.errors())
    if (e.field == field && e.message.find(text) != std::string::npos)
      return true;
  return false;
}

} // namespace

BOOST_AUTO_TEST_SUITE(topology_security)

BOOST_AUTO_TEST_CASE(z85_keys) {
  BOOST_TEST(check_z85_key(key1).empty());
  BOOST_TEST(check_z85_key(key2).empty());
  BOOST_TEST(check_z85_key(key1.substr(1)).find("40 characters") != std::string::npos);
  BOOST_TEST(check_z85_key(std::string(39, 'a') + "\"").find("character 40") != std::string::npos);
  BOOST_TEST(check_z85_key(std::string(40, '#')).find("over 32 bits") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(default_is_curve_with_derived_keys) {
  auto r = parse_string(doc("", "", ""));
  BOOST_REQUIRE_MESSAGE(r.ok(), errors_of(r));
  BOOST_TEST((r.value().emulation.security == link_security::curve));
  BOOST_TEST(r.value().nodes[0].public_key.empty());
}

BOOST_AUTO_TEST_CASE(listed_keys_round_trip) {
  auto r = parse_string(doc("security = \"curve\"",
                            "public_key = \"" + key1 + "\"\nsecret_key_file = \"keys/n1.key\"",
                            "public_key = \"" + key2 + "\""));
  BOOST_REQUIRE_MESSAGE(r.ok(), errors_of(r));
  const auto& t = r.value();
  BOOST_TEST(t.nodes[0].public_key == key1);
  BOOST_TEST(t.nodes[0].secret_key_file == "keys/n1.key");
  BOOST_TEST(t.nodes[1].public_key == key2);
  auto again = parse_string(to_toml(t));
  BOOST_REQUIRE_MESSAGE(again.ok(), errors_of(again));
  BOOST_TEST(again.value().nodes[0].public_key == key1);
  BOOST_TEST(again.value().nodes[0].secret_key_file == "keys/n1.key");
  BOOST_TEST((again.value().emulation.security == link_security::curve));

  auto none = parse_string(doc("security = \"none\"", "", ""));
  BOOST_REQUIRE_MESSAGE(none.ok(), errors_of(none));
  BOOST_TEST((parse_string(to_toml(none.value())).value().emulation.security
              == link_security::none));
}

BOOST_AUTO_TEST_CASE(errors) {
  BOOST_TEST(has(parse_string(doc("security = \"tls\"", "", "")), "emulation.security",
                 "unknown security 'tls' (expected curve or none)"));
  // Some nodes keyed, others not: never silently unsecured or half derived.
  BOOST_TEST(has(parse_string(doc("", "public_key = \"" + key1 + "\"", "")), "node[1].public_key",
                 "node 'n2' has no public_key but node 'n1' has one"));
  BOOST_TEST(has(parse_string(doc("", "public_key = \"" + key1 + "x\"", "public_key = \"" + key2 + "\"")),
                 "node[0].public_key", "40 characters"));
  BOOST_TEST(has(parse_string(doc("", "public_key = \"" + key1 + "\"", "public_key = \"" + key1 + "\"")),
                 "node[1].public_key", "the same public key as node 'n1'"));
  BOOST_TEST(has(parse_string(doc("security = \"none\"", "public_key = \"" + key1 + "\"",
                                  "public_key = \"" + key2 + "\"")),
                 "node[0].public_key", "a key cannot apply"));
  BOOST_TEST(has(parse_string(doc("", "secret_key_file = \"n1.key\"", "")), "node[0].secret_key_file",
                 "needs the node's public_key"));
  BOOST_TEST(has(parse_string("security = \"none\"\n" + doc("", "", "")), "security",
                 "it belongs in [emulation]"));
}

BOOST_AUTO_TEST_SUITE_END()
