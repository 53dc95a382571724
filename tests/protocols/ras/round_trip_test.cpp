// Round trips both ways on constructed models: decode(encode(m)) == m with every optional field
// present, absent, and each one removed in turn; encode is stable; operator== sees every field.
#include "tests/protocols/ras/round_trip.hpp"

#include <boost/test/unit_test.hpp>

using namespace ngn;
using namespace ngn::ras;
using namespace ngn::ras::test;

BOOST_AUTO_TEST_SUITE(ras_round_trip)

BOOST_AUTO_TEST_CASE(constructed_models_round_trip) {
  for (const auto& [name, m] : constructed_models()) check_round_trip(m, name);
}

BOOST_AUTO_TEST_CASE(each_optional_field_absent) {
  // Every OPTIONAL component, every flag and the verbatim additions of each message.
  for (const auto& named : full_models())
    std::visit([&](const auto& full) { sweep_fields(full, named.first); }, named.second);
}

BOOST_AUTO_TEST_CASE(grq_nested_optionals_and_empty_lists) {
  sweep<gatekeeper_request>(full_grq(), {
    {"endpointType optionals", [](auto& m) { m.endpoint_type = endpoint_type{}; }},
    {"empty lists", [](auto& m) {
       m.endpoint_alias->clear();
       m.tokens->clear();
       m.authentication_capability->clear();
     }},
  });
}

BOOST_AUTO_TEST_CASE(rrq_vendor_optionals_absent) {
  sweep<registration_request>(full_rrq(), {
    {"productId/versionId", [](auto& m) {
       m.endpoint_vendor.product_id.reset();
       m.endpoint_vendor.version_id.reset();
       m.endpoint_vendor.enterprise_number.reset();
     }},
  });
}

BOOST_AUTO_TEST_CASE(clear_token_each_optional_field_absent) {
  const clear_token full = full_clear_token();
  const auto check = [&](const clear_token& t, std::size_t i) {
    gatekeeper_reject m = minimal_grj();
    BOOST_TEST(!(t == full));
    m.tokens = std::vector<clear_token>{t};
    check_round_trip(m, "ClearToken variant " + std::to_string(i));
  };
  for_each_field_cleared(full, check);
  clear_token t = full;
  t.h235_key = full_encrypted();
  check(t, 12);
  t.h235_key = unknown_alternative{0, bytes{0x10, 0x20}};
  check(t, 13);
}

BOOST_AUTO_TEST_CASE(every_reject_reason_round_trips) {
  const auto set_reason = [](auto& m, auto code) { m.reject_reason = code; };
  check_each_code(minimal_grj(), gatekeeper_reject_code::needed_feature_not_supported, "GRJ reason",
                  set_reason);
  check_each_code(minimal_rrj(), registration_reject_code::register_with_assigned_gk, "RRJ reason",
                  set_reason);
  check_each_code(minimal_rrj(), security_error::security_unknown_ca, "RRJ securityError",
                  [](auto& m, auto e) { m.reject_reason = security_errors{e}; });
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
