// The binary SS ↔ AuC encoding (protocols/auc/codec.hpp): golden bytes, round trips, every
// truncation, byte mutations.
#include "protocols/auc/codec.hpp"
#include "protocols/common/hex.hpp"

#include <boost/test/unit_test.hpp>

using namespace ngn;


BOOST_AUTO_TEST_SUITE(auc_codec)

// The layout of codec.hpp written out by hand: tag, then the fields big-endian.
BOOST_AUTO_TEST_CASE(golden_bytes) {
  auc::auth_request r;
  r.session_id = *ngn::session_id::parse("0123456789abcdef00112233445566ff");
  r.identity = "t1@ngn.example";
  r.proto = protocol::h248;
  r.softswitch = "ss1";
  r.proxy = "sp1";
  r.proxy_node = "core";
  r.t_request = 1234567;
  r.wire_session = "77";
  const std::string request_hex = "01"                            // tag auth_request
                                  "0123456789abcdef00112233445566ff" // session id: 16 bytes
                                  "000e" "7431406e676e2e6578616d706c65" // "t1@ngn.example"
                                  "02"                            // h248
                                  "0003" "737331"                 // softswitch "ss1"
                                  "0003" "737031"                 // proxy "sp1"
                                  "0000"                          // terminal node ""
                                  "0004" "636f7265"               // proxy node "core"
                                  "0000"                          // softswitch node ""
                                  "000000000012d687"              // t_request
                                  "0002" "3737";                  // wire session "77"
  const auto encoded = auc::encode(r);
  BOOST_TEST(to_hex(encoded) == request_hex);
  auto back = auc::decode(encoded);
  BOOST_REQUIRE(back);
  const auto& b = std::get<auc::auth_request>(*back);
  BOOST_TEST(b.session_id == r.session_id);
  BOOST_TEST(b.identity == "t1@ngn.example");
  BOOST_TEST((b.proto == protocol::h248));
  BOOST_TEST(b.proxy_node == "core");
  BOOST_TEST(b.t_request == 1234567);
  BOOST_TEST(b.wire_session == "77");
}

// The failure message with what follows one registration (issue 10 item 5): the wire session id,
// the code the terminal received, the element that detected the failure, the reason's code.
BOOST_AUTO_TEST_CASE(golden_bytes_of_a_failure_report) {
  auc::auth_report p;
  p.session_id = ngn::session_id::of_number(17);
  p.db_id = 5;
  p.identity = "t";
  p.proto = protocol::sip;
  p.softswitch = "ss1";
  p.success = false;
  p.reason = "x";
  p.t_request = 1;
  p.t_response = 2;
  p.wire_session = "00000011";
  p.response_code = 403;
  p.detected_by = "ss1";
  p.reason_code = 7;
  const std::string hex = "04"                                  // tag auth_report
                          "00000000000000000000000000000011"    // session 17 (16 bytes)
                          "0000000000000005"                    // db_id 5
                          "0001" "74"                           // identity "t"
                          "00"                                  // sip
                          "0003" "737331" "0000"                // softswitch "ss1", proxy ""
                          "0000" "0000" "0000"                  // the three nodes
                          "00"                                  // success false
                          "0000" "0001" "78"                    // mechanism "", reason "x"
                          "0000000000000001" "0000000000000002" "0000000000000000"
                          "0008" "3030303030303131"             // wire session "00000011"
                          "0193"                                // response code 403
                          "0003" "737331"                       // detected by "ss1"
                          "0007";                               // reason code 7
  const auto encoded = auc::encode(p);
  BOOST_TEST(to_hex(encoded) == hex);
  auto back = auc::decode(encoded);
  BOOST_REQUIRE(back);
  const auto& b = std::get<auc::auth_report>(*back);
  BOOST_TEST(b.wire_session == "00000011");
  BOOST_TEST(b.response_code == 403);
  BOOST_TEST(b.detected_by == "ss1");
  BOOST_TEST(b.reason_code == 7);
  // Cut inside the new fields (the response code's second byte, the reason code): incomplete.
  BOOST_TEST((auc::decode(encoded.substr(0, encoded.size() - 8)).error().kind == errc::incomplete));
  BOOST_TEST((auc::decode(encoded.substr(0, encoded.size() - 1)).error().kind == errc::incomplete));
}

BOOST_AUTO_TEST_CASE(golden_bytes_decode) {
  const auto bytes_of = [](std::string_view hex) {
    auto b = from_hex(hex);
    BOOST_REQUIRE(b);
    return std::string(b->begin(), b->end());
  };
  auto ack = auc::decode(bytes_of("0500000000000f4243" "01"));
  BOOST_REQUIRE(ack);
  BOOST_TEST(std::get<auc::report_ack>(*ack).db_id == 1'000'003);
  BOOST_TEST((std::get<auc::report_ack>(*ack).what == auc::acked::registration_end));
  BOOST_TEST((auc::tag_of(*ack) == auc::tag::report_ack));
  auto vector = auc::decode(bytes_of("02" "00000000000000000000000000000009" "fffffffffffffffb" "03" + std::string(32 * 2, '0')
                                     + std::string(8 * 2, '0') + std::string(48 * 2, '0') + "0001" "78"));
  BOOST_REQUIRE(vector);
  const auto& v = std::get<auc::auth_vector>(*vector);
  BOOST_TEST(v.session_id == ngn::session_id::of_number(9));
  BOOST_TEST(v.db_id == -5);
  BOOST_TEST((v.result == auc::status::resync_failed));
  BOOST_TEST(v.detail == "x");
}

BOOST_AUTO_TEST_CASE(golden_bytes_of_a_registration_end) {
  auc::registration_end e;
  e.session_id = ngn::session_id::of_number(5);
  e.successor_session = ngn::session_id::of_number(6);
  e.db_id = 70;
  e.successor = 71;
  e.identity = "t";
  e.softswitch = "ss1";
  e.cause = auc::end_cause::superseded;
  e.lifetime = 60;
  e.protected_sent = 3;
  e.protected_received = 4;
  e.protected_dropped = 1;
  e.t_end = 1000;
  const std::string hex = "06"                                  // tag registration_end
                          "00000000000000000000000000000005"    // session
                          "00000000000000000000000000000006"    // successor session
                          "0000000000000046" "0000000000000047" // db_id 70, successor 71
                          "0001" "74"                           // identity "t"
                          "0003" "737331"                       // softswitch "ss1"
                          "02"                                  // superseded
                          "0000003c"                            // lifetime 60 s
                          "0000000000000003" "0000000000000004" "0000000000000001"
                          "00000000000003e8";                   // t_end
  const auto encoded = auc::encode(e);
  BOOST_TEST(to_hex(encoded) == hex);
  auto back = auc::decode(encoded);
  BOOST_REQUIRE(back);
  const auto& b = std::get<auc::registration_end>(*back);
  BOOST_TEST((b.cause == auc::end_cause::superseded));
  BOOST_TEST(b.successor == 71);
  BOOST_TEST(b.protected_dropped == 1);
  auto bad_cause = encoded;
  bad_cause[1 + 16 + 16 + 8 + 8 + 3 + 5] = 3; // the cause byte: out of range
  BOOST_TEST((auc::decode(bad_cause).error().kind == errc::malformed));
}

BOOST_AUTO_TEST_CASE(errors_have_a_kind) {
  const auto err = [](std::string bytes) { return auc::decode(bytes).error().kind; };
  BOOST_TEST((err("") == errc::incomplete));
  BOOST_TEST((err("\x07") == errc::unsupported));  // no such tag
  BOOST_TEST((err(std::string("\x00", 1)) == errc::unsupported));
  BOOST_TEST((err(std::string("\x05\x00\x00", 3)) == errc::incomplete));
  BOOST_TEST((err(std::string("\x05\x00\x00\x00\x00\x00\x00\x00\x01\x00\x00", 11)) == errc::malformed));
  BOOST_TEST((err(std::string("\x05\x00\x00\x00\x00\x00\x00\x00\x01\x02", 10)) == errc::malformed));
  auc::auth_request r;
  r.proto = protocol::h323;
  auto bytes = auc::encode(r);
  bytes[1 + 16 + 2] = static_cast<char>(protocol_count); // the protocol byte: out of range
  BOOST_TEST((err(bytes) == errc::malformed));
  // A string above max_string is cut when encoding, so what decodes is bounded.
  r.identity.assign(auc::max_string + 10, 'x');
  auto cut = auc::decode(auc::encode(r));
  BOOST_REQUIRE(cut);
  BOOST_TEST(std::get<auc::auth_request>(*cut).identity.size() == auc::max_string);
}

BOOST_AUTO_TEST_CASE(every_message_round_trips) {
  auc::auth_request r;
  r.session_id = ngn::session_id::of_number(77);
  r.identity = "t1@ngn.example";
  r.proto = ngn::protocol::h248;
  r.softswitch = "ss1";
  r.proxy = "sp1";
  r.proxy_node = "core";
  r.t_request = 1234567;
  r.wire_session = "0000004d";
  auc::auth_vector v;
  v.session_id = ngn::session_id::of_number(9);
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
  p.wire_session = "0000002A";
  p.response_code = 494;
  p.detected_by = "sp1";
  p.reason_code = 3;
  auc::report_ack a;
  a.db_id = 1'000'003;
  a.what = auc::acked::registration_end;
  auc::registration_end e;
  e.identity = "t9@ngn.example";
  e.cause = auc::end_cause::expired;
  e.t_end = 99;
  for (const auc::message& m : {auc::message{r}, auc::message{v}, auc::message{s},
                                auc::message{p}, auc::message{a}, auc::message{e}}) {
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
