// Extension additions and extension alternatives this model does not name are skipped on decode
// (open-type lengths) and kept verbatim, so re-encoding reproduces them exactly; the encoder
// refuses verbatim extensions that would not decode back to the same model.
#include "tests/protocols/failure.hpp"
#include "tests/protocols/ras/ras_samples.hpp"

#include <boost/test/unit_test.hpp>

using namespace ngn;
using namespace ngn::ras;
using namespace ngn::ras::test;

namespace {

/// Why the encoder refuses `m` (the test stops if it encodes).
errc encode_error(const ras_message& m) { return testing::failure_kind(encode(m)); }

void check_exact(const bytes& wire, const ras_message& expected) {
  auto m = decode(wire);
  BOOST_TEST_REQUIRE(m.ok(), (m.ok() ? "" : m.error().describe()));
  BOOST_TEST((*m == expected));
  auto e = encode(*m);
  BOOST_TEST_REQUIRE(e.ok());
  BOOST_TEST(dump(*e) == dump(wire));
}

} // namespace

BOOST_AUTO_TEST_SUITE(ras_extensions)

BOOST_AUTO_TEST_CASE(additions_from_a_newer_version_are_kept_verbatim) {
  // The §5.5 GRQ from a sender that knows 14 additions instead of 12, with the unknown 14th
  // present: "16 30 40" (12 additions, bitmap 000110000010) becomes "1a 30 48" (14 additions,
  // bitmap 00011000001001) and its open type "03 aa bb cc" follows the known ones.
  std::string h(golden_grq_hex);
  h.replace(h.find("16 30 40"), 8, "1a 30 48");
  const bytes wire = hex(h + " 03 aa bb cc");
  gatekeeper_request expected = golden_grq_model();
  expected.extensions = {unknown_extension{13, bytes{0xAA, 0xBB, 0xCC}}};
  check_exact(wire, expected);
}

BOOST_AUTO_TEST_CASE(unmodelled_additions_before_modelled_ones_are_skipped) {
  // RRQ with featureSet (19, not modelled) followed by genericData (20, modelled): the skipped
  // open type must leave the reader exactly at the next one.
  registration_request m = minimal_rrq();
  m.extensions = {unknown_extension{19, bytes(130, 0x77)}};  // 2-octet open-type length
  m.generic_data = std::vector<generic_data>{priorities_generic_data()};
  auto e = encode(m);
  BOOST_TEST_REQUIRE(e.ok());
  auto d = decode(*e);
  BOOST_TEST_REQUIRE(d.ok());
  const auto& rrq = std::get<registration_request>(*d);
  BOOST_TEST_REQUIRE(rrq.generic_data.has_value());
  BOOST_TEST((rrq.generic_data->at(0) == priorities_generic_data()));
  BOOST_TEST_REQUIRE(rrq.extensions.size() == 1u);
  BOOST_TEST(rrq.extensions[0].index == 19u);
  BOOST_TEST(rrq.extensions[0].encoding.size() == 130u);
}

BOOST_AUTO_TEST_CASE(unknown_alias_alternative_is_kept_verbatim) {
  // GRQ minimal + endpointAlias [partyNumber (extension alternative 3), open type "02 12 34"]:
  // byte 1 "00" gets the endpointAlias presence bit; the alias list follows the EndpointType.
  std::string h(golden_grq_minimal_hex);
  h.replace(0, 5, "00 20");
  const bytes wire = hex(h + " 01 83 02 12 34");
  gatekeeper_request expected = golden_grq_minimal_model();
  expected.endpoint_alias = std::vector<alias_address>{unknown_alternative{3, bytes{0x12, 0x34}}};
  check_exact(wire, expected);
}

BOOST_AUTO_TEST_CASE(null_extension_alternatives_tolerate_any_contents) {
  // securityDenial's open type normally holds one 00 octet; a longer one still decodes, and
  // re-encoding produces the canonical form.
  std::string h(golden_grj_hex);
  const auto at = h.find("80 01 00");
  h.replace(at, 8, "80 02 00 00");
  auto m = decode(hex(h));
  BOOST_TEST_REQUIRE(m.ok());
  BOOST_TEST((*m == ras_message{golden_grj_model()}));
  BOOST_TEST(dump(*encode(*m)) == dump(hex(golden_grj_hex)));
}

BOOST_AUTO_TEST_CASE(verbatim_extensions_must_not_clash_with_the_model) {
  gatekeeper_request grq = minimal_grq();
  grq.extensions = {unknown_extension{1, bytes{0}}};  // index of tokens
  BOOST_TEST((encode_error(grq) == errc::invalid_model));
  grq.extensions = {unknown_extension{5, bytes{0}}, unknown_extension{0, bytes{0}}};  // unsorted
  BOOST_TEST((encode_error(grq) == errc::invalid_model));
  grq.extensions = {unknown_extension{5, bytes{0}}, unknown_extension{5, bytes{0}}};  // duplicate
  BOOST_TEST((encode_error(grq) == errc::invalid_model));
  grq.extensions = {unknown_extension{64, bytes{0}}};  // beyond limits::max_extensions
  BOOST_TEST((encode_error(grq) == errc::invalid_model));
  grq = minimal_grq();
  grq.endpoint_alias = std::vector<alias_address>{unknown_alternative{0, bytes{0}}};  // url-ID
  BOOST_TEST((encode_error(grq) == errc::invalid_model));
  grq.endpoint_alias = std::vector<alias_address>{unknown_alternative{3, bytes{0}}};
  BOOST_TEST(encode(grq).ok());
  gatekeeper_reject grj = minimal_grj();
  grj.reject_reason = unknown_alternative{0, bytes{0}};  // securityDenial is modelled
  BOOST_TEST((encode_error(grj) == errc::invalid_model));
  registration_reject rrj = minimal_rrj();
  rrj.reject_reason = unknown_alternative{9, bytes{0}};  // securityError is modelled
  BOOST_TEST((encode_error(rrj) == errc::invalid_model));
  gatekeeper_confirm gcf = minimal_gcf();
  gcf.authentication_mode = authentication_mechanism{unknown_alternative{1, bytes{6}}};  // keyExch
  BOOST_TEST((encode_error(gcf) == errc::invalid_model));
  gcf.authentication_mode = authentication_mechanism{unknown_alternative{0, bytes{0}}};  // BES
  BOOST_TEST(encode(gcf).ok());
}

BOOST_AUTO_TEST_CASE(invalid_models_are_refused) {
  gatekeeper_request grq = minimal_grq();
  grq.request_seq_num = 0;  // RequestSeqNum (1..65535)
  BOOST_TEST((encode_error(grq) == errc::invalid_model));
  grq = minimal_grq();
  grq.protocol_identifier = object_identifier{{0}};
  BOOST_TEST((encode_error(grq) == errc::invalid_model));
  grq = minimal_grq();
  grq.gatekeeper_identifier = std::u16string(129, u'g');
  BOOST_TEST((encode_error(grq) == errc::invalid_model));
  grq.gatekeeper_identifier = u"";
  BOOST_TEST((encode_error(grq) == errc::invalid_model));
  grq = minimal_grq();
  grq.endpoint_alias = std::vector<alias_address>{h323_id{std::u16string(257, u'a')}};
  BOOST_TEST((encode_error(grq) == errc::invalid_model));
  grq.endpoint_alias = std::vector<alias_address>{dialled_digits{"12a"}};
  BOOST_TEST((encode_error(grq) == errc::invalid_model));
  grq.endpoint_alias = std::vector<alias_address>{url_id{""}};
  BOOST_TEST((encode_error(grq) == errc::invalid_model));
  grq = minimal_grq();
  grq.authentication_capability =
    std::vector<authentication_mechanism>{static_cast<auth_mechanism>(9)};
  BOOST_TEST((encode_error(grq) == errc::invalid_model));
  grq = minimal_grq();
  generic_data g = priorities_generic_data();
  g.parameters->clear();  // SIZE (1..512)
  grq.generic_data = std::vector<generic_data>{g};
  BOOST_TEST((encode_error(grq) == errc::invalid_model));

  gatekeeper_reject grj = golden_grj_model();
  grj.tokens->at(0).challenge = bytes(7, 1);  // ChallengeString (SIZE (8..128))
  BOOST_TEST((encode_error(grj) == errc::invalid_model));
  grj = golden_grj_model();
  grj.tokens->at(0).time_stamp = 0;  // TimeStamp (1..4294967295)
  BOOST_TEST((encode_error(grj) == errc::invalid_model));
  grj = golden_grj_model();
  grj.tokens->at(0).h235_key = bit_string{};  // KeyMaterial (SIZE (1..2048))
  BOOST_TEST((encode_error(grj) == errc::invalid_model));
  grj = minimal_grj();
  grj.reject_reason = static_cast<gatekeeper_reject_code>(7);
  BOOST_TEST((encode_error(grj) == errc::invalid_model));

  registration_request rrq = golden_rrq_model();
  rrq.time_to_live = 0;
  BOOST_TEST((encode_error(rrq) == errc::invalid_model));
  rrq = golden_rrq_model();
  rrq.endpoint_vendor.product_id = bytes{};  // SIZE (1..256)
  BOOST_TEST((encode_error(rrq) == errc::invalid_model));
  rrq = golden_rrq_model();
  std::get<crypto_ep_pwd_hash>(rrq.crypto_tokens->at(0)).token.hash.bit_length = 127;
  BOOST_TEST((encode_error(rrq) == errc::invalid_model));

  registration_confirm rcf = minimal_rcf();
  rcf.endpoint_identifier.clear();  // EndpointIdentifier (SIZE (1..128))
  BOOST_TEST((encode_error(rcf) == errc::invalid_model));

  registration_reject rrj = minimal_rrj();
  rrj.reject_reason = static_cast<registration_reject_code>(16);
  BOOST_TEST((encode_error(rrj) == errc::invalid_model));
  rrj.reject_reason = security_errors{static_cast<security_error>(16)};
  BOOST_TEST((encode_error(rrj) == errc::invalid_model));
}

BOOST_AUTO_TEST_SUITE_END()
