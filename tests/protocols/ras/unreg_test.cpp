// The unregistration messages (H.225.0 12/2009 §7.6.2): URQ carries the terminal's key refusal
// (DESIGN.md §1.1, RAS binding); UCF and URJ complete the family. Hand-encoded goldens explained
// bit by bit, round trips with each optional field removed, every reason alternative.
#include "tests/protocols/ras/round_trip.hpp"

#include <boost/test/unit_test.hpp>

using namespace ngn;
using namespace ngn::ras;
using namespace ngn::ras::test;

BOOST_AUTO_TEST_SUITE(ras_unregistration)

BOOST_AUTO_TEST_CASE(urq_golden_bit_by_bit) {
  const bytes b = hex(golden_urq_hex);
  BOOST_TEST(b.size() == 51u);
  // 1b = 0 (RasMessage root) 00110 (index 6: URQ) 1 (URQ ext) 1 (endpointAlias present);
  // 40 = 0 (no nonStandardData) 1 (endpointIdentifier present) + padding.
  BOOST_TEST(dump(bytes(b.begin(), b.begin() + 4)) == "1b 40 00 02");  // requestSeqNum 3
  // callSignalAddress: 1 item, ipAddress 192.0.2.10:1720.
  BOOST_TEST(dump(bytes(b.begin() + 4, b.begin() + 12)) == "01 00 c0 00 02 0a 06 b8");
  // extension block: 0001010 (11 additions) + bitmap 01000100000 (gatekeeperIdentifier, reason)
  BOOST_TEST(dump(bytes(b.begin() + 38, b.begin() + 41)) == "14 88 00");
  // reason securityDenial: root index 2 of 4 → 0 10 + padding, in a one-octet open type.
  BOOST_TEST(dump(bytes(b.end() - 2, b.end())) == "01 40");
  auto m = decode(b);
  BOOST_TEST_REQUIRE(m.ok());
  BOOST_TEST(message_name(*m) == "URQ");
  BOOST_TEST(request_seq_num(*m) == 3u);
}

BOOST_AUTO_TEST_CASE(ucf_and_urj_goldens) {
  // UCF: 0 00111 (index 7) 0 (no additions) 0 (no nonStandardData), requestSeqNum 3.
  auto ucf = encode(golden_ucf_model());
  BOOST_TEST_REQUIRE(ucf.ok());
  BOOST_TEST(dump(*ucf) == "1c 00 02");
  // URJ: 0 01000 (index 8) 0 0, requestSeqNum 3, reason securityDenial = extension index 1:
  // 1 0000001, open type 01 00.
  auto urj = encode(golden_urj_model());
  BOOST_TEST_REQUIRE(urj.ok());
  BOOST_TEST(dump(*urj) == "20 00 02 81 01 00");
  auto d = decode(*urj);
  BOOST_TEST_REQUIRE(d.ok());
  BOOST_TEST(message_name(*d) == "URJ");
}

BOOST_AUTO_TEST_CASE(urq_without_call_signal_address) {
  // Its OPTIONAL fields, one by one: round_trip_test.cpp (each_optional_field_absent).
  sweep<unregistration_request>(full_urq(), {
    {"no callSignalAddress", [](auto& m) { m.call_signal_address.clear(); }},
  });
}

BOOST_AUTO_TEST_CASE(every_unregistration_reason_round_trips) {
  check_each_code(minimal_urq(), unreg_request_code::register_with_assigned_gk, "URQ reason",
                  [](auto& m, auto code) { m.reason = code; });
  check_each_code(minimal_urj(), unreg_reject_code::security_denial, "URJ reason",
                  [](auto& m, auto code) { m.reject_reason = code; });
  unregistration_request urq = minimal_urq();
  urq.reason = unknown_alternative{7, bytes{0x00}};  // a later extension alternative
  check_round_trip(urq, "URQ reason extension 7");
  // A verbatim alternative at a modelled index is refused by the encoder (ambiguous).
  urq.reason = unknown_alternative{0, bytes{0x00}};
  auto e = encode(urq);
  BOOST_TEST_REQUIRE(!e.ok());
  BOOST_TEST((e.error().kind == errc::invalid_model));
  unregistration_reject urj = minimal_urj();
  urj.reject_reason = unknown_alternative{1, bytes{0x00}};
  BOOST_TEST(!encode(urj).ok());
}

BOOST_AUTO_TEST_CASE(urq_request_seq_num_zero_is_refused) {
  unregistration_request m = golden_urq_model();
  m.request_seq_num = 0;
  auto e = encode(m);
  BOOST_TEST_REQUIRE(!e.ok());
  BOOST_TEST((e.error().kind == errc::invalid_model));
}

BOOST_AUTO_TEST_SUITE_END()
