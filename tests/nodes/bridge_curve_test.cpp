// nodes::bridge with CURVE (bridge.hpp "Security"): listed nodes talk; a key of no node is refused
// by the ZAP handler; a listed node cannot speak for another (forged header or source element);
// one CURVE bridge per context. Key material (bridge_keys.hpp): derivation, key files, the keys of
// a node of a topology. Each CURVE node has a ZeroMQ context of its own, as a process would.
#include "nodes/bridge_keys.hpp"
#include "nodes/bridge_wire.hpp"
#include "tests/nodes/bridge_harness.hpp"
#include "topology/defaults.hpp"

#include <boost/test/unit_test.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>

using namespace ngn;
using namespace ngn::nodes;
using namespace ngn::nodes::test;

namespace {

curve_key_pair fresh_keys() {
  auto k = generate_curve_keys();
  BOOST_REQUIRE_MESSAGE(k, k.error);
  return k.value;
}

bridge_options curve_options(const curve_key_pair& own) {
  bridge_options o = fast_options();
  o.curve.enabled = true;
  o.curve.public_key = own.public_key;
  o.curve.secret_key = own.secret_key;
  return o;
}

/// A raw CURVE client with `own` keys connected to `endpoint` (server key `server`): what a
/// compromised node could send, bypassing the bridge's own framing.
struct raw_client {
  zmq::context_t ctx{1};
  zmq::socket_t push{ctx, zmq::socket_type::push};
  raw_client(const curve_key_pair& own, const std::string& server, const std::string& endpoint) {
    push.set(zmq::sockopt::linger, 0);
    push.set(zmq::sockopt::curve_serverkey, server);
    push.set(zmq::sockopt::curve_publickey, own.public_key);
    push.set(zmq::sockopt::curve_secretkey, own.secret_key);
    push.connect(endpoint);
  }
  void send(const std::string& frame) {
    zmq::message_t m(frame.data(), frame.size());
    push.send(m, zmq::send_flags::none);
  }
};

std::string frame_from(const std::string& header_node, elements::element_id to,
                       elements::element_id from, const std::string& payload) {
  std::string f;
  wire::append_header(f, header_node);
  wire::append_record(f, to, from, 0, static_cast<std::uint8_t>(elements::envelope_kind::auc),
                      payload);
  return f;
}

std::string temp_dir() {
  char tmpl[] = "/tmp/ngn-curve-test-XXXXXX";
  const char* d = ::mkdtemp(tmpl);
  BOOST_REQUIRE(d != nullptr);
  return d;
}

} // namespace

BOOST_AUTO_TEST_SUITE(bridge_curve)

BOOST_AUTO_TEST_CASE(listed_nodes_exchange_envelopes) {
  BOOST_REQUIRE(curve_available());
  const auto ka = fresh_keys(), kb = fresh_keys();
  zmq::context_t ca{1}, cb{1};
  test_node a(ca, "a", {"b"}, curve_options(ka), "tcp://127.0.0.1:*", {kb.public_key});
  test_node b(cb, "b", {"a"}, curve_options(kb), "tcp://127.0.0.1:*", {ka.public_key});
  std::string err;
  BOOST_REQUIRE_MESSAGE(start_all({&a, &b}, &err), err);
  BOOST_REQUIRE(a.br->wait_ready({"b"}, 10s));
  BOOST_REQUIRE(b.br->wait_ready({"a"}, 10s));
  BOOST_TEST((a.br->send(2001, 1001, elements::envelope_kind::auc, "vector") == send_status::ok));
  BOOST_REQUIRE(wait_until([&] { return b.received.load() == 1; }));
  BOOST_TEST(b.snapshot().at(0).payload == "vector");
  BOOST_TEST(a.br->stats().zap_accepted >= 1u);
  BOOST_TEST(b.br->stats().zap_accepted >= 1u);
  BOOST_TEST(b.br->stats().zap_refused == 0u);
  BOOST_TEST(b.br->stats().forged_frames + b.br->stats().forged_records == 0u);
}

BOOST_AUTO_TEST_CASE(a_key_of_no_node_is_refused) {
  const auto ka = fresh_keys(), kb = fresh_keys(), intruder = fresh_keys();
  zmq::context_t ca{1}, cx{1};
  // a expects node b with key kb; the intruder calls itself b but holds another key.
  test_node a(ca, "a", {"b"}, curve_options(ka), "tcp://127.0.0.1:*", {kb.public_key});
  test_node x(cx, "b", {"a"}, curve_options(intruder), "tcp://127.0.0.1:*", {ka.public_key});
  std::string err;
  BOOST_REQUIRE_MESSAGE(start_all({&a, &x}, &err), err);
  BOOST_TEST((x.br->send(1001, 2001, elements::envelope_kind::auc, "forged") == send_status::ok));
  BOOST_REQUIRE(wait_until([&] { return a.br->stats().zap_refused >= 1; }));
  std::this_thread::sleep_for(200ms);
  BOOST_TEST(a.received.load() == 0u);
  BOOST_TEST(a.br->stats().frames_in + a.br->stats().control_in == 0u);
  BOOST_TEST((a.br->state("b") == peer_state::pending));

  // A raw client with the intruder's key gets nowhere either.
  raw_client raw(intruder, ka.public_key, a.br->endpoint());
  raw.send(frame_from("b", 1001, 2001, "forged"));
  const auto refused = a.br->stats().zap_refused;
  BOOST_REQUIRE(wait_until([&] { return a.br->stats().zap_refused > refused; }));
  BOOST_TEST(a.received.load() == 0u);
}

BOOST_AUTO_TEST_CASE(a_listed_node_cannot_speak_for_another) {
  const auto ka = fresh_keys(), kb = fresh_keys(), kc = fresh_keys();
  zmq::context_t ca{1};
  test_node a(ca, "a", {"b", "c"}, curve_options(ka), "tcp://127.0.0.1:*",
              {kb.public_key, kc.public_key});
  std::string err;
  BOOST_REQUIRE_MESSAGE(a.br->bind(&err), err);
  a.br->set_peer_endpoint("b", "tcp://127.0.0.1:1"); // never up: nobody listens there
  a.br->set_peer_endpoint("c", "tcp://127.0.0.1:1");
  BOOST_REQUIRE_MESSAGE(a.br->start(&err), err);

  // c (listed, its own key) sends: a frame claiming to come from b; then a frame as itself with
  // one envelope from b's element 2001 and one from its own element 3001.
  raw_client c(kc, ka.public_key, a.br->endpoint());
  c.send(frame_from("b", 1001, 2001, "as b"));
  std::string mixed = frame_from("c", 1001, 2001, "from b's element");
  wire::append_record(mixed, 1002, 3001, 0, static_cast<std::uint8_t>(elements::envelope_kind::auc),
                      "from c");
  c.send(mixed);
  BOOST_REQUIRE(wait_until([&] { return a.received.load() == 1; }));
  const auto got = a.snapshot();
  BOOST_TEST(got.at(0).from == 3001u);
  BOOST_TEST(got.at(0).payload == "from c");
  const auto s = a.br->stats();
  BOOST_TEST(s.forged_frames == 1u);
  BOOST_TEST(s.forged_records == 1u);
  BOOST_TEST(s.zap_accepted >= 1u);
  BOOST_TEST((a.br->state("b") == peer_state::pending)); // the forged frame proved nothing
  BOOST_TEST(a.saw("c", true));
}

BOOST_AUTO_TEST_CASE(unsecured_bridge_takes_any_claim) {
  // security = "none": as before, the frame header is the only word on who sends (why CURVE is
  // the default).
  zmq::context_t ctx{1};
  test_node a(ctx, "a", {"b"}, fast_options());
  std::string err;
  BOOST_REQUIRE_MESSAGE(a.br->bind(&err), err);
  a.br->set_peer_endpoint("b", "tcp://127.0.0.1:1");
  BOOST_REQUIRE_MESSAGE(a.br->start(&err), err);
  zmq::socket_t push{ctx, zmq::socket_type::push};
  push.set(zmq::sockopt::linger, 0);
  push.connect(a.br->endpoint());
  const auto f = frame_from("b", 1001, 2001, "anyone");
  push.send(zmq::message_t(f.data(), f.size()), zmq::send_flags::none);
  BOOST_REQUIRE(wait_until([&] { return a.received.load() == 1; }));
  BOOST_TEST(a.br->stats().forged_frames == 0u);
  BOOST_TEST(a.br->stats().zap_accepted == 0u);
}

BOOST_AUTO_TEST_CASE(curve_connection_to_an_unsecured_bridge_fails) {
  const auto ka = fresh_keys(), kb = fresh_keys();
  zmq::context_t ca{1}, cb{1};
  test_node a(ca, "a", {"b"}, curve_options(ka), "tcp://127.0.0.1:*", {kb.public_key});
  test_node b(cb, "b", {"a"}, fast_options());
  std::string err;
  BOOST_REQUIRE_MESSAGE(start_all({&a, &b}, &err), err);
  BOOST_TEST(!a.br->wait_ready({"b"}, 600ms));
  BOOST_TEST(!b.br->wait_ready({"a"}, 10ms));
  BOOST_TEST(a.received.load() + b.received.load() == 0u);
}

BOOST_AUTO_TEST_CASE(bad_curve_options_are_errors) {
  const auto ka = fresh_keys(), kb = fresh_keys();
  zmq::context_t ctx{1};
  {
    test_node a(ctx, "a", {"b"}, curve_options(ka), "tcp://127.0.0.1:*", {"not a key"});
    std::string err;
    BOOST_TEST(!a.br->bind(&err));
    BOOST_TEST(err.find("peer 'b' has no valid CURVE public key") != std::string::npos, err);
  }
  {
    test_node a(ctx, "a", {"b"}, curve_options(ka), "tcp://127.0.0.1:*", {ka.public_key});
    std::string err;
    BOOST_TEST(!a.br->bind(&err));
    BOOST_TEST(err.find("own public key") != std::string::npos, err);
  }
  test_node a(ctx, "a", {"b"}, curve_options(ka), "tcp://127.0.0.1:*", {kb.public_key});
  test_node b(ctx, "b", {"a"}, curve_options(kb), "tcp://127.0.0.1:*", {ka.public_key});
  std::string err;
  BOOST_REQUIRE_MESSAGE(a.br->bind(&err), err);
  BOOST_TEST(!b.br->bind(&err));
  BOOST_TEST(err.find("one CURVE bridge per ZeroMQ context") != std::string::npos, err);
}

BOOST_AUTO_TEST_CASE(derived_keys) {
  const std::vector<std::uint8_t> secret(16, 0x42), other(16, 0x43);
  auto a1 = derive_curve_keys(secret, "a"), a2 = derive_curve_keys(secret, "a");
  auto b = derive_curve_keys(secret, "b"), a_other = derive_curve_keys(other, "a");
  BOOST_REQUIRE(a1 && a2 && b && a_other);
  BOOST_TEST(a1.value.public_key == a2.value.public_key);
  BOOST_TEST(a1.value.secret_key == a2.value.secret_key);
  BOOST_TEST(a1.value.public_key != b.value.public_key);
  BOOST_TEST(a1.value.public_key != a_other.value.public_key);
  BOOST_TEST(a1.value.public_key.size() == 40u);
  auto pub = curve_public_of(a1.value.secret_key);
  BOOST_REQUIRE(pub);
  BOOST_TEST(pub.value == a1.value.public_key);
  BOOST_TEST(topology::check_z85_key(a1.value.public_key).empty());
}

BOOST_AUTO_TEST_CASE(key_files) {
  const auto dir = temp_dir();
  const auto k = fresh_keys();
  BOOST_REQUIRE_EQUAL(write_key_files(dir, "n1", k), "");
  struct stat st {};
  BOOST_REQUIRE(::stat((dir + "/n1.key").c_str(), &st) == 0);
  BOOST_TEST((st.st_mode & 0777) == 0600u);
  auto back = read_secret_key_file(dir + "/n1.key");
  BOOST_REQUIRE_MESSAGE(back, back.error);
  BOOST_TEST(back.value.public_key == k.public_key);
  std::ifstream pub(dir + "/n1.pub");
  std::string line;
  std::getline(pub, line);
  BOOST_TEST(line == k.public_key);
  // Never overwritten.
  auto again = write_key_files(dir, "n1", fresh_keys());
  BOOST_TEST(again.find("never overwritten") != std::string::npos, again);

  BOOST_REQUIRE(::chmod((dir + "/n1.key").c_str(), 0644) == 0);
  auto loose = read_secret_key_file(dir + "/n1.key");
  BOOST_TEST(!loose);
  BOOST_TEST(loose.error.find("mode 0644") != std::string::npos, loose.error);

  {
    std::ofstream f(dir + "/short.key");
    f << "abc\n";
  }
  BOOST_REQUIRE(::chmod((dir + "/short.key").c_str(), 0600) == 0);
  auto small = read_secret_key_file(dir + "/short.key");
  BOOST_TEST(small.error.find("4 bytes") != std::string::npos, small.error);
  auto missing = read_secret_key_file(dir + "/none.key");
  BOOST_TEST(!missing);
  for (const char* f : {"/n1.key", "/n1.pub", "/short.key"})
    std::remove((dir + f).c_str());
  ::rmdir(dir.c_str());
}

BOOST_AUTO_TEST_CASE(link_keys_of_a_topology) {
  auto t = topology::default_topology(10);
  t.nodes.push_back(topology::node{"n2", "tcp://127.0.0.1:5999", "", "", "", {}});
  const auto self = t.nodes.front().name;
  auto derived = resolve_link_keys(t, self, "");
  BOOST_REQUIRE_MESSAGE(derived, derived.error);
  BOOST_TEST(derived.value.curve);
  BOOST_TEST(derived.value.derived);
  BOOST_REQUIRE(derived.value.peer_keys.size() == 1u);
  BOOST_TEST(derived.value.peer_keys[0]
             == derive_curve_keys(t.subscribers.secret, "n2").value.public_key);
  auto with_file = resolve_link_keys(t, self, "/nonexistent.key");
  BOOST_TEST(with_file.error.find("--key-file") != std::string::npos, with_file.error);

  // Listed keys: the key file must hold this node's secret.
  const auto dir = temp_dir();
  const auto k1 = fresh_keys(), k2 = fresh_keys();
  BOOST_REQUIRE_EQUAL(write_key_files(dir, "k1", k1), "");
  t.nodes[0].public_key = k1.public_key;
  t.nodes[1].public_key = k2.public_key;
  auto no_file = resolve_link_keys(t, self, "");
  BOOST_TEST(no_file.error.find("give its secret key file") != std::string::npos, no_file.error);
  auto listed = resolve_link_keys(t, self, dir + "/k1.key");
  BOOST_REQUIRE_MESSAGE(listed, listed.error);
  BOOST_TEST(!listed.value.derived);
  BOOST_TEST(listed.value.peer_keys.at(0) == k2.public_key);
  auto wrong = resolve_link_keys(t, "n2", dir + "/k1.key");
  BOOST_TEST(wrong.error.find("not node 'n2''s public_key") != std::string::npos, wrong.error);

  t.emulation.security = topology::link_security::none;
  auto none = resolve_link_keys(t, self, "");
  BOOST_REQUIRE(none);
  BOOST_TEST(!none.value.curve);
  for (const char* f : {"/k1.key", "/k1.pub"})
    std::remove((dir + f).c_str());
  ::rmdir(dir.c_str());
}

BOOST_AUTO_TEST_SUITE_END()
