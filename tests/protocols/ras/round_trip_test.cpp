// Round trips both ways on constructed models: decode(encode(m)) == m with every optional field
// present, absent, and each one removed in turn; encode is stable; operator== sees every field.
#include "tests/protocols/ras/ras_samples.hpp"

#include <boost/test/unit_test.hpp>

#include <functional>

using namespace ngn;
using namespace ngn::ras;
using namespace ngn::ras::test;

namespace {

/// encode → decode → compare, then encode again → same octets.
void check_round_trip(const ras_message& m, const std::string& name) {
  BOOST_TEST_CONTEXT(name) {
    auto e = encode(m);
    BOOST_TEST_REQUIRE(e.ok(), (e.ok() ? "" : e.error().describe()));
    auto d = decode(*e);
    BOOST_TEST_REQUIRE(d.ok(), (d.ok() ? "" : d.error().describe()));
    BOOST_TEST((*d == m));
    auto e2 = encode(*d);
    BOOST_TEST_REQUIRE(e2.ok());
    BOOST_TEST(dump(*e2) == dump(*e));
  }
}

template <class M>
using mutator = std::function<void(M&)>;

/// Removes each optional field of `full` in turn and round-trips the result.
template <class M>
void sweep(const M& full, const std::vector<std::pair<std::string, mutator<M>>>& removals) {
  for (const auto& [name, remove] : removals) {
    M m = full;
    remove(m);
    BOOST_TEST((!(m == full)), "removing " << name << " must change the model");
    check_round_trip(m, "without " + name);
  }
}

} // namespace

BOOST_AUTO_TEST_SUITE(ras_round_trip)

BOOST_AUTO_TEST_CASE(constructed_models_round_trip) {
  for (const auto& [name, m] : constructed_models()) check_round_trip(m, name);
}

BOOST_AUTO_TEST_CASE(grq_each_optional_field_absent) {
  sweep<gatekeeper_request>(full_grq(), {
    {"nonStandardData", [](auto& m) { m.non_standard_data.reset(); }},
    {"gatekeeperIdentifier", [](auto& m) { m.gatekeeper_identifier.reset(); }},
    {"callServices", [](auto& m) { m.call_services.reset(); }},
    {"endpointAlias", [](auto& m) { m.endpoint_alias.reset(); }},
    {"tokens", [](auto& m) { m.tokens.reset(); }},
    {"cryptoTokens", [](auto& m) { m.crypto_tokens.reset(); }},
    {"authenticationCapability", [](auto& m) { m.authentication_capability.reset(); }},
    {"algorithmOIDs", [](auto& m) { m.algorithm_oids.reset(); }},
    {"integrityCheckValue", [](auto& m) { m.integrity_check_value.reset(); }},
    {"supportsAltGK", [](auto& m) { m.supports_alt_gk = false; }},
    {"genericData", [](auto& m) { m.generic_data.reset(); }},
    {"supportsAssignedGK", [](auto& m) { m.supports_assigned_gk = false; }},
    {"unknown extensions", [](auto& m) { m.extensions.clear(); }},
    {"endpointType optionals", [](auto& m) { m.endpoint_type = endpoint_type{}; }},
    {"empty lists", [](auto& m) {
       m.endpoint_alias->clear();
       m.tokens->clear();
       m.authentication_capability->clear();
     }},
  });
}

BOOST_AUTO_TEST_CASE(gcf_each_optional_field_absent) {
  sweep<gatekeeper_confirm>(full_gcf(), {
    {"nonStandardData", [](auto& m) { m.non_standard_data.reset(); }},
    {"gatekeeperIdentifier", [](auto& m) { m.gatekeeper_identifier.reset(); }},
    {"authenticationMode", [](auto& m) { m.authentication_mode.reset(); }},
    {"tokens", [](auto& m) { m.tokens.reset(); }},
    {"cryptoTokens", [](auto& m) { m.crypto_tokens.reset(); }},
    {"algorithmOID", [](auto& m) { m.algorithm_oid.reset(); }},
    {"integrityCheckValue", [](auto& m) { m.integrity_check_value.reset(); }},
    {"genericData", [](auto& m) { m.generic_data.reset(); }},
    {"unknown extensions", [](auto& m) { m.extensions.clear(); }},
  });
}

BOOST_AUTO_TEST_CASE(grj_each_optional_field_absent) {
  sweep<gatekeeper_reject>(full_grj(), {
    {"nonStandardData", [](auto& m) { m.non_standard_data.reset(); }},
    {"gatekeeperIdentifier", [](auto& m) { m.gatekeeper_identifier.reset(); }},
    {"tokens", [](auto& m) { m.tokens.reset(); }},
    {"cryptoTokens", [](auto& m) { m.crypto_tokens.reset(); }},
    {"integrityCheckValue", [](auto& m) { m.integrity_check_value.reset(); }},
    {"genericData", [](auto& m) { m.generic_data.reset(); }},
    {"unknown extensions", [](auto& m) { m.extensions.clear(); }},
  });
}

BOOST_AUTO_TEST_CASE(rrq_each_optional_field_absent) {
  sweep<registration_request>(full_rrq(), {
    {"nonStandardData", [](auto& m) { m.non_standard_data.reset(); }},
    {"terminalAlias", [](auto& m) { m.terminal_alias.reset(); }},
    {"gatekeeperIdentifier", [](auto& m) { m.gatekeeper_identifier.reset(); }},
    {"productId/versionId", [](auto& m) {
       m.endpoint_vendor.product_id.reset();
       m.endpoint_vendor.version_id.reset();
       m.endpoint_vendor.enterprise_number.reset();
     }},
    {"timeToLive", [](auto& m) { m.time_to_live.reset(); }},
    {"tokens", [](auto& m) { m.tokens.reset(); }},
    {"cryptoTokens", [](auto& m) { m.crypto_tokens.reset(); }},
    {"integrityCheckValue", [](auto& m) { m.integrity_check_value.reset(); }},
    {"keepAlive", [](auto& m) { m.keep_alive = false; }},
    {"endpointIdentifier", [](auto& m) { m.endpoint_identifier.reset(); }},
    {"willSupplyUUIEs", [](auto& m) { m.will_supply_uuies = false; }},
    {"maintainConnection", [](auto& m) { m.maintain_connection = false; }},
    {"additiveRegistration", [](auto& m) { m.additive_registration = false; }},
    {"supportsAltGK", [](auto& m) { m.supports_alt_gk = false; }},
    {"multipleCalls", [](auto& m) { m.multiple_calls.reset(); }},
    {"genericData", [](auto& m) { m.generic_data.reset(); }},
    {"restart", [](auto& m) { m.restart = false; }},
    {"supportsACFSequences", [](auto& m) { m.supports_acf_sequences = false; }},
    {"supportsAssignedGK", [](auto& m) { m.supports_assigned_gk = false; }},
    {"unknown extensions", [](auto& m) { m.extensions.clear(); }},
  });
}

BOOST_AUTO_TEST_CASE(rcf_each_optional_field_absent) {
  sweep<registration_confirm>(full_rcf(), {
    {"nonStandardData", [](auto& m) { m.non_standard_data.reset(); }},
    {"terminalAlias", [](auto& m) { m.terminal_alias.reset(); }},
    {"gatekeeperIdentifier", [](auto& m) { m.gatekeeper_identifier.reset(); }},
    {"timeToLive", [](auto& m) { m.time_to_live.reset(); }},
    {"tokens", [](auto& m) { m.tokens.reset(); }},
    {"cryptoTokens", [](auto& m) { m.crypto_tokens.reset(); }},
    {"integrityCheckValue", [](auto& m) { m.integrity_check_value.reset(); }},
    {"willRespondToIRR", [](auto& m) { m.will_respond_to_irr = false; }},
    {"maintainConnection", [](auto& m) { m.maintain_connection = false; }},
    {"supportsAdditiveRegistration", [](auto& m) { m.supports_additive_registration = false; }},
    {"featureServerAlias", [](auto& m) { m.feature_server_alias.reset(); }},
    {"genericData", [](auto& m) { m.generic_data.reset(); }},
    {"unknown extensions", [](auto& m) { m.extensions.clear(); }},
  });
}

BOOST_AUTO_TEST_CASE(rrj_each_optional_field_absent) {
  sweep<registration_reject>(full_rrj(), {
    {"nonStandardData", [](auto& m) { m.non_standard_data.reset(); }},
    {"gatekeeperIdentifier", [](auto& m) { m.gatekeeper_identifier.reset(); }},
    {"tokens", [](auto& m) { m.tokens.reset(); }},
    {"cryptoTokens", [](auto& m) { m.crypto_tokens.reset(); }},
    {"integrityCheckValue", [](auto& m) { m.integrity_check_value.reset(); }},
    {"genericData", [](auto& m) { m.generic_data.reset(); }},
    {"unknown extensions", [](auto& m) { m.extensions.clear(); }},
  });
}

BOOST_AUTO_TEST_CASE(clear_token_each_optional_field_absent) {
  const clear_token full = full_clear_token();
  std::vector<std::function<void(clear_token&)>> removals = {
    [](auto& t) { t.time_stamp.reset(); },  [](auto& t) { t.password.reset(); },
    [](auto& t) { t.dhkey.reset(); },       [](auto& t) { t.challenge.reset(); },
    [](auto& t) { t.random.reset(); },      [](auto& t) { t.certificate.reset(); },
    [](auto& t) { t.general_id.reset(); },  [](auto& t) { t.non_standard.reset(); },
    [](auto& t) { t.senders_id.reset(); },  [](auto& t) { t.h235_key.reset(); },
    [](auto& t) { t.extensions.clear(); },
    [](auto& t) { t.h235_key = full_encrypted(); },
    [](auto& t) { t.h235_key = unknown_alternative{0, bytes{0x10, 0x20}}; },
  };
  for (std::size_t i = 0; i < removals.size(); ++i) {
    gatekeeper_reject m = minimal_grj();
    clear_token t = full;
    removals[i](t);
    BOOST_TEST(!(t == full));
    m.tokens = std::vector<clear_token>{t};
    check_round_trip(m, "ClearToken variant " + std::to_string(i));
  }
}

BOOST_AUTO_TEST_CASE(every_reject_reason_round_trips) {
  for (int c = 0; c <= static_cast<int>(gatekeeper_reject_code::needed_feature_not_supported); ++c) {
    gatekeeper_reject m = minimal_grj();
    m.reject_reason = static_cast<gatekeeper_reject_code>(c);
    check_round_trip(m, "GRJ reason " + std::string(to_string(static_cast<gatekeeper_reject_code>(c))));
  }
  for (int c = 0; c <= static_cast<int>(registration_reject_code::register_with_assigned_gk); ++c) {
    registration_reject m = minimal_rrj();
    m.reject_reason = static_cast<registration_reject_code>(c);
    check_round_trip(m, "RRJ reason " +
                          std::string(to_string(static_cast<registration_reject_code>(c))));
  }
  for (int e = 0; e <= static_cast<int>(security_error::security_unknown_ca); ++e) {
    registration_reject m = minimal_rrj();
    m.reject_reason = security_errors{static_cast<security_error>(e)};
    check_round_trip(m, "RRJ securityError " + std::string(to_string(static_cast<security_error>(e))));
  }
  gatekeeper_reject grj = minimal_grj();
  grj.reject_reason = security_errors{unknown_alternative{4, bytes{0x00}}};
  check_round_trip(grj, "GRJ securityError extension");
  grj.reject_reason = unknown_alternative{9, bytes{0x01}};
  check_round_trip(grj, "GRJ reason extension");
  registration_reject rrj = minimal_rrj();
  rrj.reject_reason = unknown_alternative{6, bytes{0x00}};  // invalidTerminalAliases, verbatim
  check_round_trip(rrj, "RRJ invalidTerminalAliases");
  rrj.reject_reason = duplicate_alias{};
  check_round_trip(rrj, "RRJ empty duplicateAlias");
}

BOOST_AUTO_TEST_CASE(security_denial_reject_encodes_as_extension_alternative) {
  // GatekeeperRejectReason securityDenial: ext bit 1, normally small index 0, open type "01 00".
  auto e = encode(golden_grj_model());
  BOOST_TEST_REQUIRE(e.ok());
  BOOST_TEST(dump(bytes(e->begin() + 18, e->begin() + 21)) == "80 01 00");
  registration_reject rrj = minimal_rrj();
  rrj.reject_reason = registration_reject_code::security_denial;  // extension index 3
  auto r = encode(rrj);
  BOOST_TEST_REQUIRE(r.ok());
  // 0001010 (idx 5) 0 (ext) | 0 0 (optionals) pad | seq | OID | 1 0000011 | 01 00
  BOOST_TEST(dump(*r) == "14 00 00 00 06 00 08 91 4a 00 04 83 01 00");
}

BOOST_AUTO_TEST_CASE(mandatory_extension_additions_follow_any_addition) {
  // No addition at all: no extension bit (v1 style, like §5.4).
  registration_request plain = minimal_rrq();
  auto e = encode(plain);
  BOOST_TEST_REQUIRE(e.ok());
  BOOST_TEST(((*e)[0] & 0x02) == 0);
  // keepAlive TRUE alone: the extension block carries all four mandatory additions.
  registration_request keep = minimal_rrq();
  keep.keep_alive = true;
  auto k = encode(keep);
  BOOST_TEST_REQUIRE(k.ok());
  BOOST_TEST(((*k)[0] & 0x02) != 0);
  BOOST_TEST(dump(bytes(k->end() - 8, k->end())) == "01 80 01 00 01 00 01 00");
  auto back = decode(*k);
  BOOST_TEST_REQUIRE(back.ok());
  BOOST_TEST((*back == ras_message{keep}));
  // An RCF with timeToLive gets willRespondToIRR and maintainConnection too.
  registration_confirm rcf = minimal_rcf();
  rcf.time_to_live = 60;
  auto c = encode(rcf);
  BOOST_TEST_REQUIRE(c.ok());
  BOOST_TEST(dump(bytes(c->end() - 4, c->end())) == "01 00 01 00");
}

BOOST_AUTO_TEST_CASE(operator_equal_sees_nested_differences) {
  registration_confirm a = golden_rcf_model();
  registration_confirm b = a;
  BOOST_TEST((a == b));
  std::get<crypto_hashed_token>(std::get<crypto_token>(b.crypto_tokens->at(0))).token.hash.data[0] ^= 1;
  BOOST_TEST((a != b));
  b = a;
  std::get<encrypted>(*b.tokens->at(0).h235_key).param_s.iv16->at(15) = 0;
  BOOST_TEST((a != b));
  b = a;
  b.extensions.push_back(unknown_extension{19, bytes{0}});
  BOOST_TEST((a != b));
  BOOST_TEST((ras_message{a} != ras_message{golden_rrq_model()}));
}

BOOST_AUTO_TEST_SUITE_END()
