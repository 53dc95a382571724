// The binary SS ↔ AuC encoding: round trips and hostile input.
#include "actors/auc_protocol.hpp"

#include <boost/test/unit_test.hpp>

using namespace ngn;
using namespace ngn::actors;

BOOST_AUTO_TEST_SUITE(auc_protocol)

BOOST_AUTO_TEST_CASE(every_message_round_trips) {
  auc::auth_request r;
  r.session_id = 77;
  r.identity = "t1@ngn.example";
  r.proto = ngn::protocol::h248;
  r.softswitch = "ss1";
  r.proxy = "sp1";
  r.proxy_node = "core";
  r.t_request = 1234567;
  auc::auth_vector v;
  v.session_id = 9;
  v.db_id = -5;
  v.result = auc::status::resync_failed;
  v.rand[3] = 7;
  v.wrapped_edge[23] = 0xff;
  v.detail = "x";
  auc::resync_request s;
  s.identity = "a";
  s.auts[13] = 1;
  auc::auth_report p;
  p.success = true;
  p.mechanism = "aes-gcm";
  p.reason = "";
  p.t_success = 42;
  auc::report_ack a;
  a.db_id = 1'000'003;
  for (const auc::message& m : {auc::message{r}, auc::message{v}, auc::message{s},
                                auc::message{p}, auc::message{a}}) {
    auto bytes = auc::encode(m);
    auto back = auc::decode(bytes);
    BOOST_REQUIRE(back);
    BOOST_TEST(back->index() == m.index());
    BOOST_TEST(auc::encode(*back) == bytes);
    // Every truncation is an error, never a crash.
    for (std::size_t n = 0; n < bytes.size(); ++n) BOOST_TEST(!auc::decode(bytes.substr(0, n)));
    // Trailing bytes are rejected.
    BOOST_TEST(!auc::decode(bytes + "x"));
  }
}

BOOST_AUTO_TEST_CASE(byte_mutations_never_crash) {
  auc::auth_report p;
  p.identity = "t1@ngn.example";
  p.reason = "because";
  auto bytes = auc::encode(auc::message{p});
  std::size_t decoded = 0;
  for (std::size_t i = 0; i < bytes.size(); ++i)
    for (int v : {0x00, 0x01, 0x7f, 0x80, 0xff}) {
      auto m = bytes;
      m[i] = static_cast<char>(v);
      decoded += auc::decode(m).ok();
    }
  BOOST_TEST(decoded > 0u);
}

BOOST_AUTO_TEST_SUITE_END()
