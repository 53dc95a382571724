// The unregistration messages (H.225.0 12/2009 §7.6.2): URQ carries the terminal's key refusal
// (DESIGN.md §1.1, RAS binding); UCF and URJ complete the family. Hand-encoded goldens explained
// bit by bit, round trips with each optional field removed, every reason alternative.
#include "tests/protocols/ras/ras_samples.hpp"

#include <boost/test/unit_test.hpp>

#include <functional>

using namespace ngn;
using namespace ngn::ras;
using namespace ngn::ras::test;

namespace {

void check_round_trip(const ras_message& m, const std::string& name) {
  BOOST_TEST_CONTEXT(name) {
    auto e = encode(m);
    BOOST_TEST_REQUIRE(e.ok(), (e.ok() ? "" : e.error().describe()));
    auto d = decode(*e);
    BOOST_TEST_REQUIRE(d.ok(), (d.ok() ? "" : d.error().describe()));
    BOOST_TEST((*d == m));
  }
}

template <class M>
void sweep(const M& full, const std::vector<std::pair<std::string, std::function<void(M&)>>>& rm) {
  for (const auto& [name, remove] : rm) {
    M m = full;
    remove(m);
    BOOST_TEST((!(m == full)), "removing " << name << " must change the model");
    check_round_trip(m, "without " + name);
  }
}

} // namespace

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

BOOST_AUTO_TEST_CASE(urq_each_optional_field_absent) {
  sweep<unregistration_request>(full_urq(), {
    {"endpointAlias", [](auto& m) { m.endpoint_alias.reset(); }},
    {"nonStandardData", [](auto& m) { m.non_standard_data.reset(); }},
    {"endpointIdentifier", [](auto& m) { m.endpoint_identifier.reset(); }},
    {"gatekeeperIdentifier", [](auto& m) { m.gatekeeper_identifier.reset(); }},
    {"tokens", [](auto& m) { m.tokens.reset(); }},
    {"cryptoTokens", [](auto& m) { m.crypto_tokens.reset(); }},
    {"integrityCheckValue", [](auto& m) { m.integrity_check_value.reset(); }},
    {"reason", [](auto& m) { m.reason.reset(); }},
    {"genericData", [](auto& m) { m.generic_data.reset(); }},
    {"unknown extensions", [](auto& m) { m.extensions.clear(); }},
    {"callSignalAddress", [](auto& m) { m.call_signal_address.clear(); }},
  });
}

BOOST_AUTO_TEST_CASE(ucf_and_urj_each_optional_field_absent) {
  sweep<unregistration_confirm>(full_ucf(), {
    {"nonStandardData", [](auto& m) { m.non_standard_data.reset(); }},
    {"tokens", [](auto& m) { m.tokens.reset(); }},
    {"cryptoTokens", [](auto& m) { m.crypto_tokens.reset(); }},
    {"integrityCheckValue", [](auto& m) { m.integrity_check_value.reset(); }},
    {"genericData", [](auto& m) { m.generic_data.reset(); }},
    {"unknown extensions", [](auto& m) { m.extensions.clear(); }},
  });
  sweep<unregistration_reject>(full_urj(), {
    {"nonStandardData", [](auto& m) { m.non_standard_data.reset(); }},
    {"tokens", [](auto& m) { m.tokens.reset(); }},
    {"cryptoTokens", [](auto& m) { m.crypto_tokens.reset(); }},
    {"integrityCheckValue", [](auto& m) { m.integrity_check_value.reset(); }},
    {"genericData", [](auto& m) { m.generic_data.reset(); }},
    {"unknown extensions", [](auto& m) { m.extensions.clear(); }},
  });
}

BOOST_AUTO_TEST_CASE(every_unregistration_reason_round_trips) {
  for (int c = 0; c <= static_cast<int>(unreg_request_code::register_with_assigned_gk); ++c) {
    unregistration_request m = minimal_urq();
    m.reason = static_cast<unreg_request_code>(c);
    check_round_trip(m, "URQ reason " + std::string(to_string(static_cast<unreg_request_code>(c))));
  }
  for (int c = 0; c <= static_cast<int>(unreg_reject_code::security_denial); ++c) {
    unregistration_reject m = minimal_urj();
    m.reject_reason = static_cast<unreg_reject_code>(c);
    check_round_trip(m, "URJ reason " + std::string(to_string(static_cast<unreg_reject_code>(c))));
  }
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
