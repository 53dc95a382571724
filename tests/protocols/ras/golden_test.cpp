// The tshark-checked encodings of wire-bindings.md §5.4 and §5.5 decode to their documented values
// and re-encode to exactly the same octets.
#include "tests/protocols/ras/ras_samples.hpp"

#include <boost/test/unit_test.hpp>

using namespace ngn;
using namespace ngn::ras;
using namespace ngn::ras::test;

namespace {

/// The message of type M that the hex dump `text` decodes to (the test stops otherwise).
template <class M>
M decoded(std::string_view text) {
  auto m = decode(hex(text));
  BOOST_TEST_REQUIRE(m.ok(), (m.ok() ? "" : m.error().describe()));
  BOOST_TEST_REQUIRE(std::holds_alternative<M>(*m));
  return std::get<M>(*m);
}

} // namespace

BOOST_AUTO_TEST_SUITE(ras_golden)

BOOST_AUTO_TEST_CASE(golden_sizes_are_the_documented_ones) {
  BOOST_TEST(hex(golden_grq_minimal_hex).size() == 20u);
  BOOST_TEST(hex(golden_grq_hex).size() == 60u);
  BOOST_TEST(hex(golden_grj_hex).size() == 69u);
  BOOST_TEST(hex(golden_rrq_hex).size() == 173u);
  BOOST_TEST(hex(golden_rcf_hex).size() == 247u);
}

BOOST_AUTO_TEST_CASE(every_golden_decodes_to_its_model_and_reencodes_exactly) {
  for (const auto& g : goldens()) {
    BOOST_TEST_CONTEXT(g.name) {
      auto m = decode(g.encoding);
      BOOST_TEST_REQUIRE(m.ok(), (m.ok() ? "" : m.error().describe()));
      BOOST_TEST((*m == g.model));
      auto again = encode(*m);
      BOOST_TEST_REQUIRE(again.ok());
      BOOST_TEST(dump(*again) == dump(g.encoding));
      auto from_model = encode(g.model);
      BOOST_TEST_REQUIRE(from_model.ok());
      BOOST_TEST(dump(*from_model) == dump(g.encoding));
    }
  }
}

BOOST_AUTO_TEST_CASE(minimal_grq_fields_bit_by_bit) {
  // §5.4: requestSeqNum 1, protocolIdentifier 0.0.8.2250.0.4, rasAddress 192.0.2.10:1719,
  // endpointType terminal, mc False, undefinedNode False, no extensions.
  const auto grq = decoded<gatekeeper_request>(golden_grq_minimal_hex);
  BOOST_TEST(grq.request_seq_num == 1);
  BOOST_TEST(to_string(grq.protocol_identifier) == "0.0.8.2250.0.4");
  const auto& ip = std::get<ip_address>(grq.ras_address);
  BOOST_TEST((ip.ip == std::array<std::uint8_t, 4>{192, 0, 2, 10}));
  BOOST_TEST(ip.port == 1719);
  BOOST_TEST(grq.endpoint_type.terminal.has_value());
  BOOST_TEST(!grq.endpoint_type.vendor.has_value());
  BOOST_TEST(!grq.endpoint_type.mc);
  BOOST_TEST(!grq.endpoint_type.undefined_node);
  BOOST_TEST(!grq.endpoint_alias.has_value());
  BOOST_TEST(!grq.authentication_capability.has_value());
  BOOST_TEST(grq.extensions.empty());
}

BOOST_AUTO_TEST_CASE(grq_carries_the_mechanism_list) {
  const auto g = decoded<grq>(golden_grq_hex);
  BOOST_TEST_REQUIRE(g.endpoint_alias.has_value());
  BOOST_TEST((std::get<h323_id>(g.endpoint_alias->at(0)).value == u"1001"));
  BOOST_TEST_REQUIRE(g.authentication_capability.has_value());
  const auto& caps = *g.authentication_capability;
  BOOST_TEST_REQUIRE(caps.size() == 3u);
  BOOST_TEST((std::get<auth_mechanism>(caps[0]) == auth_mechanism::pwd_hash));
  BOOST_TEST((std::get<auth_mechanism>(caps[1]) == auth_mechanism::pwd_sym_enc));
  BOOST_TEST((std::get<auth_mechanism>(caps[2]) == auth_mechanism::dh_exch));
  BOOST_TEST_REQUIRE(g.algorithm_oids.has_value());
  BOOST_TEST(to_string(g.algorithm_oids->at(0)) == "0.0.8.235.0.2.6");
  BOOST_TEST(to_string(g.algorithm_oids->at(1)) == "2.16.840.1.101.3.4.1.2");
  BOOST_TEST(!g.supports_assigned_gk);
  BOOST_TEST(g.extensions.empty());
}

BOOST_AUTO_TEST_CASE(grj_carries_security_denial_and_the_challenge) {
  const auto grj = decoded<gatekeeper_reject>(golden_grj_hex);
  BOOST_TEST(grj.request_seq_num == 1);  // echoes the GRQ
  BOOST_TEST((grj.gatekeeper_identifier == std::u16string(u"SS1")));
  BOOST_TEST((std::get<gatekeeper_reject_code>(grj.reject_reason) ==
              gatekeeper_reject_code::security_denial));
  BOOST_TEST_REQUIRE(grj.tokens.has_value());
  const auto& t = grj.tokens->at(0);
  BOOST_TEST(to_string(t.token_oid) == "0.0.8.235.0.2.1");
  BOOST_TEST((t.time_stamp == 1700000000u));
  BOOST_TEST((t.challenge == challenge16()));
  BOOST_TEST((t.random == 0x1234abcd));
  BOOST_TEST((t.general_id == std::u16string(u"SS1")));
  BOOST_TEST(!t.h235_key.has_value());
}

BOOST_AUTO_TEST_CASE(rrq_carries_the_verification_word_and_mandatory_additions) {
  const auto rrq = decoded<registration_request>(golden_rrq_hex);
  BOOST_TEST(rrq.request_seq_num == 2);
  BOOST_TEST(!rrq.discovery_complete);
  BOOST_TEST(std::get<ip_address>(rrq.call_signal_address.at(0)).port == 1720);
  BOOST_TEST(std::get<ip_address>(rrq.ras_address.at(0)).port == 1719);
  BOOST_TEST(rrq.endpoint_vendor.vendor.t35_country_code == 38);
  BOOST_TEST(rrq.endpoint_vendor.vendor.manufacturer_code == 0x1234);
  BOOST_TEST((rrq.endpoint_vendor.product_id == bytes{'N', 'G', 'N', '-', 'E', 'M', 'U'}));
  BOOST_TEST((rrq.time_to_live == 3600u));
  const auto& pwd = std::get<crypto_ep_pwd_hash>(rrq.crypto_tokens->at(0));
  BOOST_TEST((std::get<h323_id>(pwd.alias).value == u"1001"));
  BOOST_TEST(to_string(pwd.token.algorithm_oid) == "1.2.840.113549.2.5");
  BOOST_TEST(pwd.token.hash.bit_length == 128u);
  BOOST_TEST(dump(pwd.token.hash.data) == "13 f9 13 04 0d ca 2c 9a fa fa 2c 74 37 b6 8a 77");
  BOOST_TEST(!rrq.keep_alive);
  BOOST_TEST(!rrq.will_supply_uuies);
  BOOST_TEST(!rrq.maintain_connection);
  BOOST_TEST(!rrq.supports_assigned_gk);
  BOOST_TEST(rrq.extensions.empty());
}

BOOST_AUTO_TEST_CASE(rcf_carries_the_encrypted_session_key_and_the_proxy_mac) {
  const auto rcf = decoded<registration_confirm>(golden_rcf_hex);
  BOOST_TEST(rcf.request_seq_num == 2);  // echoes the RRQ
  BOOST_TEST((rcf.endpoint_identifier == u"EP-1001"));
  const auto& t = rcf.tokens->at(0);
  BOOST_TEST((t.senders_id == std::u16string(u"SS1")));
  const auto& key = std::get<encrypted>(*t.h235_key);
  BOOST_TEST(to_string(key.algorithm_oid) == "2.16.840.1.101.3.4.1.2");
  BOOST_TEST(key.param_s.iv16.has_value());
  BOOST_TEST(key.encrypted_data.size() == 32u);
  const auto& mac = std::get<crypto_hashed_token>(std::get<crypto_token>(rcf.crypto_tokens->at(0)));
  BOOST_TEST((mac.hashed_vals.senders_id == std::u16string(u"PROXY1")));
  BOOST_TEST(to_string(mac.token.algorithm_oid) == "0.0.8.235.0.2.6");
  BOOST_TEST(mac.token.hash.bit_length == 96u);
  BOOST_TEST(!rcf.will_respond_to_irr);
  BOOST_TEST(!rcf.maintain_connection);
}

BOOST_AUTO_TEST_CASE(message_names_and_sequence_numbers) {
  auto gs = goldens();
  BOOST_TEST(message_name(gs[0].model) == "GRQ");
  BOOST_TEST(message_name(gs[2].model) == "GRJ");
  BOOST_TEST(message_name(gs[3].model) == "RRQ");
  BOOST_TEST(message_name(gs[4].model) == "RCF");
  BOOST_TEST(message_name(ras_message{registration_reject{}}) == "RRJ");
  BOOST_TEST(request_seq_num(gs[1].model) == request_seq_num(gs[2].model));
  BOOST_TEST(request_seq_num(gs[3].model) == request_seq_num(gs[4].model));
}

BOOST_AUTO_TEST_SUITE_END()
